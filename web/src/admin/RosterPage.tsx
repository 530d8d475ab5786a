import { useState } from "react";
import { Link } from "react-router";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import { useTitle } from "../lib/title";
import {
  type EventGroup,
  ifMatch,
  keys,
  type RosterEntry,
  type RosterStatus,
  useAdminMutation,
  useAthletes,
  useEventGroups,
  useRoster,
  useRowChanges,
} from "./api";
import { holds, readOnlyReason } from "./permissions";
import { useAdmin } from "./scope";
import { SeasonSelect, useSeasonChoice } from "./SeasonSelect";
import { AdminTable, ChangeFeedback, ErrorMessage, Field, LoadingRows, ReadOnlyNote } from "./ui";

export const STATUSES: { value: RosterStatus; label: string }[] = [
  { value: "active", label: "Active" },
  { value: "injured", label: "Injured" },
  { value: "redshirt", label: "Redshirt" },
  { value: "inactive", label: "Inactive" },
];

interface EntryChange {
  entry: RosterEntry;
  status?: RosterStatus;
  event_group_id?: string;
}

/** A season's roster: each athlete's event group and status, changed in place (If-Match; a conflict reloads). */
export function RosterPage() {
  useTitle("Roster");
  const { program, role } = useAdmin();
  const { seasons, seasonId } = useSeasonChoice();
  const roster = useRoster(seasonId);
  const groups = useEventGroups(program.id);
  const mayMove = holds(program.capabilities, "manage_roster");
  const mayStatus = holds(program.capabilities, "set_roster_status");
  const change = useRowChanges(
    ({ entry, ...body }: EntryChange) =>
      unwrap(
        api.PATCH("/api/v1/roster-entries/{roster_entry_id}", {
          params: { path: { roster_entry_id: entry.roster_entry_id } },
          body,
          headers: ifMatch(entry.version),
        }),
      ),
    [keys.roster(seasonId ?? "none"), keys.athletes(program.id)],
  );

  return (
    <section aria-labelledby="roster-title">
      <h2 id="roster-title">Roster</h2>
      {!mayStatus && <ReadOnlyNote>{readOnlyReason("set_roster_status", role)}</ReadOnlyNote>}
      {mayStatus && !mayMove && (
        <ReadOnlyNote>{readOnlyReason("manage_roster", role)} You may change a status.</ReadOnlyNote>
      )}
      {seasons?.length === 0 && <p>No seasons yet: create a season first, then add athletes or import a roster.</p>}
      <div className="toolbar">
        <SeasonSelect />
        {mayMove && (
          <Link to={`/programs/${program.id}/admin/imports${seasonId ? `?season=${seasonId}` : ""}`}>
            Import a roster from CSV
          </Link>
        )}
      </div>
      {mayMove && seasonId !== null && roster.data && (
        <AddToRoster seasonId={seasonId} onRoster={roster.data} groups={groups.data ?? []} onAdded={change.setDone} />
      )}
      <ChangeFeedback error={change.error} done={change.done} />
      {roster.isLoading && <LoadingRows label="the roster" />}
      <ErrorMessage error={roster.error ?? groups.error} />
      {roster.data?.length === 0 && (
        <p>Nobody is on this season&apos;s roster yet. Add athletes or import a roster CSV.</p>
      )}
      {roster.data && roster.data.length > 0 && (
        <AdminTable
          caption="Roster"
          columns={["Athlete", "Event group", "Status", "Joined", ...(mayMove || mayStatus ? ["Changes"] : [])]}
        >
          {roster.data.map((entry) => (
            <RosterRow
              key={`${entry.roster_entry_id}-${entry.version}`}
              entry={entry}
              groups={groups.data ?? []}
              mayMove={mayMove}
              mayStatus={mayStatus}
              busy={change.busy}
              onChange={change.apply}
            />
          ))}
        </AdminTable>
      )}
    </section>
  );
}

/** What saving a row says: "Moved Maya Okafor to Sprints. Maya Okafor is now injured." */
export function entryChangeSentence(name: string, groupName: string | null, statusLabel: string | null): string {
  return [groupName && `Moved ${name} to ${groupName}.`, statusLabel && `${name} is now ${statusLabel.toLowerCase()}.`]
    .filter(Boolean)
    .join(" ");
}

/**
 * One athlete's group and status, saved with a button: a select that saved on change would send a request for every
 * option a keyboard user arrows past.
 */
function RosterRow(props: {
  entry: RosterEntry;
  groups: EventGroup[];
  mayMove: boolean;
  mayStatus: boolean;
  busy: boolean;
  onChange: (change: EntryChange, sentence: string) => void;
}) {
  const { entry, groups, mayMove, mayStatus, busy, onChange } = props;
  const [groupId, setGroupId] = useState(entry.event_group_id ?? "");
  const [status, setStatus] = useState<RosterStatus>(entry.status);
  const choosable = groups.filter((g) => g.archived_at === null || g.id === entry.event_group_id);
  const movedTo = groupId !== (entry.event_group_id ?? "") ? groups.find((g) => g.id === groupId) : undefined;
  const newStatus = status !== entry.status ? STATUSES.find((s) => s.value === status) : undefined;
  const save = () =>
    onChange(
      { entry, ...(movedTo ? { event_group_id: movedTo.id } : {}), ...(newStatus ? { status: newStatus.value } : {}) },
      entryChangeSentence(entry.name, movedTo?.name ?? null, newStatus?.label ?? null),
    );
  return (
    <tr>
      <th scope="row">
        <Link to={`/athletes/${entry.athlete_id}`}>{entry.name}</Link>
      </th>
      <td>
        <select
          aria-label={`Event group of ${entry.name}`}
          value={groupId}
          disabled={!mayMove || busy}
          onChange={(e) => setGroupId(e.target.value)}
        >
          {entry.event_group_id === null && <option value="">No group</option>}
          {choosable.map((g) => (
            <option key={g.id} value={g.id} disabled={g.archived_at !== null}>
              {g.name}
              {g.archived_at !== null ? " (archived)" : ""}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select
          aria-label={`Status of ${entry.name}`}
          value={status}
          disabled={!mayStatus || busy}
          onChange={(e) => setStatus(e.target.value as RosterStatus)}
        >
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </td>
      <td>{entry.joined_on ?? "—"}</td>
      {(mayMove || mayStatus) && (
        <td>
          {(movedTo || newStatus) && (
            <button type="button" className="primary" disabled={busy} onClick={save}>
              Save {entry.name}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

/** An athlete of the program who is not on this season yet (last season's, or created without a season). */
function AddToRoster(props: {
  seasonId: string;
  onRoster: RosterEntry[];
  groups: EventGroup[];
  onAdded: (sentence: string) => void;
}) {
  const { seasonId, onRoster, groups, onAdded } = props;
  const { program } = useAdmin();
  const here = new Set(onRoster.map((e) => e.athlete_id));
  const candidates = (useAthletes(program.id).data ?? []).filter((a) => !here.has(a.id));
  const active = groups.filter((g) => g.archived_at === null);
  const [athleteId, setAthleteId] = useState("");
  const [groupId, setGroupId] = useState("");
  const chosen = candidates.some((a) => a.id === athleteId) ? athleteId : (candidates[0]?.id ?? "");
  const add = useAdminMutation(
    () =>
      unwrap(
        api.POST("/api/v1/team-seasons/{team_season_id}/roster", {
          params: { path: { team_season_id: seasonId } },
          body: { athlete_id: chosen, event_group_id: groupId || null, status: "active" },
        }),
      ),
    [keys.roster(seasonId)],
  );
  if (candidates.length === 0) return null;
  return (
    <form
      className="panel"
      aria-labelledby="add-to-roster-title"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate(undefined, { onSuccess: (entry) => onAdded(`${entry.name} joined this season's roster.`) });
      }}
    >
      <h3 id="add-to-roster-title">Add an athlete of the program</h3>
      <ErrorMessage error={add.error} />
      <div className="form-row">
        <Field label="Athlete">
          {(p) => (
            <select {...p} value={chosen} onChange={(e) => setAthleteId(e.target.value)}>
              {candidates.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Event group">
          {(p) => (
            <select {...p} value={groupId} onChange={(e) => setGroupId(e.target.value)}>
              <option value="">No group</option>
              {active.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field">
          <button type="submit" disabled={add.isPending}>
            Add to roster
          </button>
        </div>
      </div>
    </form>
  );
}
