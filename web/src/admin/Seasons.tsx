import { type FormEvent, useState } from "react";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import { useTitle } from "../lib/title";
import { ifMatch, keys, type Season, useAdminMutation, useRowChanges, useSeasons } from "./api";
import { holds, readOnlyReason } from "./permissions";
import { useAdmin } from "./scope";
import { AdminTable, ChangeFeedback, ErrorMessage, Field, LoadingRows, ReadOnlyNote } from "./ui";

interface SeasonChange {
  season: Season;
  start_date?: string;
  end_date?: string;
  closed?: boolean;
}

/** Seasons: create, change dates, close or reopen (program admins and head coaches). */
export function Seasons() {
  useTitle("Seasons");
  const { program, role } = useAdmin();
  const seasons = useSeasons(program.id);
  const mayChange = holds(program.capabilities, "administer");
  const change = useRowChanges(
    ({ season, ...body }: SeasonChange) =>
      unwrap(
        api.PATCH("/api/v1/team-seasons/{team_season_id}", {
          params: { path: { team_season_id: season.id } },
          body,
          headers: ifMatch(season.version),
        }),
      ),
    [keys.seasons(program.id)],
  );

  return (
    <section aria-labelledby="seasons-title">
      <h2 id="seasons-title">Seasons</h2>
      {!mayChange && <ReadOnlyNote>{readOnlyReason("administer", role)}</ReadOnlyNote>}
      {mayChange && <NewSeason programId={program.id} onCreated={change.setDone} />}
      <ChangeFeedback error={change.error} done={change.done} />
      {seasons.isPending && <LoadingRows label="seasons" />}
      <ErrorMessage error={seasons.error} />
      {seasons.data?.length === 0 && <p>No seasons yet. Create the first one to build its roster.</p>}
      {seasons.data && seasons.data.length > 0 && (
        <AdminTable
          caption={`Seasons of ${program.name}`}
          columns={["Season", "Sport", "Dates", "State", ...(mayChange ? ["Actions"] : [])]}
        >
          {seasons.data.map((season) => (
            <SeasonRow
              key={`${season.id}-${season.version}`}
              season={season}
              mayChange={mayChange}
              busy={change.busy}
              onChange={change.apply}
            />
          ))}
        </AdminTable>
      )}
    </section>
  );
}

function SeasonRow(props: {
  season: Season;
  mayChange: boolean;
  busy: boolean;
  onChange: (change: SeasonChange, sentence: string) => void;
}) {
  const { season, mayChange, busy, onChange } = props;
  const [start, setStart] = useState(season.start_date);
  const [end, setEnd] = useState(season.end_date);
  const closed = season.closed_at !== null;
  const datesChanged = start !== season.start_date || end !== season.end_date;
  return (
    <tr>
      <th scope="row">{season.name}</th>
      <td>{season.sport}</td>
      <td>
        {mayChange ? (
          <span className="inline-fields">
            <input
              type="date"
              aria-label={`Start of ${season.name}`}
              value={start}
              onChange={(e) => setStart(e.target.value)}
            />
            <span aria-hidden="true">–</span>
            <input
              type="date"
              aria-label={`End of ${season.name}`}
              value={end}
              onChange={(e) => setEnd(e.target.value)}
            />
            {datesChanged && (
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  onChange({ season, start_date: start, end_date: end }, `${season.name} now runs ${start} to ${end}.`)
                }
              >
                Save dates of {season.name}
              </button>
            )}
          </span>
        ) : (
          `${season.start_date} – ${season.end_date}`
        )}
      </td>
      <td>{closed ? "Closed" : "Open"}</td>
      {mayChange && (
        <td>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              onChange(
                { season, closed: !closed },
                closed
                  ? `${season.name} is open again.`
                  : `${season.name} is closed: no new roster entries or practices.`,
              )
            }
          >
            {closed ? `Reopen ${season.name}` : `Close ${season.name}`}
          </button>
        </td>
      )}
    </tr>
  );
}

function NewSeason({ programId, onCreated }: { programId: string; onCreated: (sentence: string) => void }) {
  const [name, setName] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const create = useAdminMutation(
    () =>
      unwrap(
        api.POST("/api/v1/programs/{program_id}/team-seasons", {
          params: { path: { program_id: programId } },
          body: { name: name.trim(), start_date: start, end_date: end },
        }),
      ),
    [keys.seasons(programId)],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, {
      onSuccess: (season) => {
        onCreated(`Season ${season.name} created.`);
        setName("");
        setStart("");
        setEnd("");
      },
    });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-season-title">
      <h3 id="new-season-title">New season</h3>
      <ErrorMessage error={create.error} />
      <div className="form-row">
        <Field label="Season name">
          {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Starts on">
          {(p) => <input {...p} type="date" required value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field label="Ends on">
          {(p) => <input {...p} type="date" required value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
      </div>
      <button type="submit" className="primary" disabled={create.isPending}>
        Create season
      </button>
    </form>
  );
}
