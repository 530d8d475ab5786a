import { type FormEvent, useState } from "react";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import type { components } from "../api/schema";
import { useTitle } from "../lib/title";
import { type Athlete, ifMatch, keys, type RosterStatus, useAdminMutation, useAthletes, useEventGroups } from "./api";
import { holds, readOnlyReason } from "./permissions";
import { STATUSES } from "./RosterPage";
import { useAdmin } from "./scope";
import { SeasonSelect, useSeasonChoice } from "./SeasonSelect";
import { AdminTable, ErrorMessage, Field, LoadingRows, ReadOnlyNote, StatusLine } from "./ui";

type Sex = NonNullable<components["schemas"]["AthleteUpdate"]["sex"]>;
type Profile = components["schemas"]["AthleteUpdate"];

/** The profile fields staff edit: name, email (kept for the invitation), sex and date of birth (the load models). */
function ProfileFields({ value, onChange }: { value: Profile; onChange: (next: Profile) => void }) {
  return (
    <div className="form-row">
      <Field label="Name">
        {(p) => (
          <input
            {...p}
            required
            value={value.name ?? ""}
            onChange={(e) => onChange({ ...value, name: e.target.value })}
          />
        )}
      </Field>
      <Field label="Email">
        {(p) => (
          <input
            {...p}
            type="email"
            value={value.email ?? ""}
            onChange={(e) => onChange({ ...value, email: e.target.value || null })}
          />
        )}
      </Field>
      <Field label="Sex">
        {(p) => (
          <select
            {...p}
            value={value.sex ?? ""}
            onChange={(e) => onChange({ ...value, sex: (e.target.value || null) as Sex | null })}
          >
            <option value="">Not given</option>
            <option value="female">Female</option>
            <option value="male">Male</option>
          </select>
        )}
      </Field>
      <Field label="Date of birth">
        {(p) => (
          <input
            {...p}
            type="date"
            value={value.date_of_birth ?? ""}
            onChange={(e) => onChange({ ...value, date_of_birth: e.target.value || null })}
          />
        )}
      </Field>
    </div>
  );
}

/** The program's athletes: create one (on a season's roster at once, if wanted) and edit their profiles. */
export function Athletes() {
  useTitle("Athletes");
  const { program, role } = useAdmin();
  const athletes = useAthletes(program.id);
  const mayChange = holds(program.capabilities, "manage_roster");
  const [editing, setEditing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-labelledby="athletes-title">
      <h2 id="athletes-title">Athletes</h2>
      {!mayChange && <ReadOnlyNote>{readOnlyReason("manage_roster", role)}</ReadOnlyNote>}
      {mayChange && <NewAthlete programId={program.id} onCreated={setDone} />}
      {done && <StatusLine>{done}</StatusLine>}
      {athletes.isPending && <LoadingRows label="athletes" />}
      <ErrorMessage error={athletes.error} />
      {athletes.data?.length === 0 && <p>No athletes yet. Create one here or import a roster CSV.</p>}
      {athletes.data && athletes.data.length > 0 && (
        <AdminTable
          caption={`Athletes of ${program.name}`}
          columns={["Name", "Email", "Sex", "Date of birth", "Account", ...(mayChange ? ["Actions"] : [])]}
        >
          {athletes.data.map((athlete) =>
            editing === athlete.id ? (
              <tr key={athlete.id}>
                <td colSpan={mayChange ? 6 : 5}>
                  <EditAthlete
                    athlete={athlete}
                    programId={program.id}
                    onClose={(sentence) => {
                      setEditing(null);
                      if (sentence) setDone(sentence);
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr key={athlete.id}>
                <th scope="row">{athlete.name}</th>
                <td>{athlete.email ?? "—"}</td>
                <td>{athlete.sex ?? "—"}</td>
                <td>{athlete.date_of_birth ?? "—"}</td>
                <td>{athlete.user_id ? "Signed up" : "No account yet"}</td>
                {mayChange && (
                  <td>
                    <button type="button" onClick={() => setEditing(athlete.id)}>
                      Edit {athlete.name}
                    </button>
                  </td>
                )}
              </tr>
            ),
          )}
        </AdminTable>
      )}
    </section>
  );
}

function EditAthlete(props: { athlete: Athlete; programId: string; onClose: (sentence: string | null) => void }) {
  const { athlete, programId, onClose } = props;
  const [profile, setProfile] = useState<Profile>({
    name: athlete.name,
    email: athlete.email,
    sex: athlete.sex as Sex | null,
    date_of_birth: athlete.date_of_birth,
  });
  const save = useAdminMutation(
    () =>
      unwrap(
        api.PATCH("/api/v1/athletes/{athlete_id}", {
          params: { path: { athlete_id: athlete.id } },
          body: { ...profile, name: (profile.name ?? "").trim() },
          headers: ifMatch(athlete.version),
        }),
      ),
    [keys.athletes(programId), ["season"]],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, { onSuccess: (saved) => onClose(`${saved.name}'s profile saved.`) });
  };
  return (
    <form onSubmit={submit} aria-label={`Edit ${athlete.name}`}>
      <ErrorMessage error={save.error} />
      <ProfileFields value={profile} onChange={setProfile} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save profile
        </button>
        <button type="button" onClick={() => onClose(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function NewAthlete({ programId, onCreated }: { programId: string; onCreated: (sentence: string) => void }) {
  const { seasonId } = useSeasonChoice();
  const groups = useEventGroups(programId).data?.filter((g) => g.archived_at === null) ?? [];
  const empty: Profile = { name: "", email: null, sex: null, date_of_birth: null };
  const [profile, setProfile] = useState<Profile>(empty);
  const [onRoster, setOnRoster] = useState(true);
  const [groupId, setGroupId] = useState("");
  const [status, setStatus] = useState<RosterStatus>("active");
  const create = useAdminMutation(
    () =>
      unwrap(
        api.POST("/api/v1/programs/{program_id}/athletes", {
          params: { path: { program_id: programId } },
          body: {
            name: (profile.name ?? "").trim(),
            email: profile.email ?? null,
            sex: profile.sex ?? null,
            date_of_birth: profile.date_of_birth ?? null,
            status,
            ...(onRoster && seasonId ? { team_season_id: seasonId, event_group_id: groupId || null } : {}),
          },
        }),
      ),
    [keys.athletes(programId), ["season"]],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, {
      onSuccess: (athlete) => {
        onCreated(`${athlete.name} added.`);
        setProfile(empty);
      },
    });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-athlete-title">
      <h3 id="new-athlete-title">New athlete</h3>
      <ErrorMessage error={create.error} />
      <ProfileFields value={profile} onChange={setProfile} />
      <div className="form-row">
        <div className="field checkbox-field">
          <label>
            <input type="checkbox" checked={onRoster} onChange={(e) => setOnRoster(e.target.checked)} /> Put on a
            season&apos;s roster
          </label>
        </div>
        {onRoster && (
          <>
            <SeasonSelect />
            <Field label="Event group">
              {(p) => (
                <select {...p} value={groupId} onChange={(e) => setGroupId(e.target.value)}>
                  <option value="">No group</option>
                  {groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Status">
              {(p) => (
                <select {...p} value={status} onChange={(e) => setStatus(e.target.value as RosterStatus)}>
                  {STATUSES.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
      </div>
      <button type="submit" className="primary" disabled={create.isPending}>
        Create athlete
      </button>
    </form>
  );
}
