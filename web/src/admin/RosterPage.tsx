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
  useEventGroups,
  useRoster,
  useRowChanges,
} from "./api";
import { holds, readOnlyReason } from "./permissions";
import { useAdmin } from "./scope";
import { SeasonSelect, useSeasonChoice } from "./SeasonSelect";
import { AdminTable, ChangeFeedback, ErrorMessage, LoadingRows, ReadOnlyNote } from "./ui";

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
      {mayStatus && !mayMove && <ReadOnlyNote>{readOnlyReason("manage_roster", role)} You may change a status.</ReadOnlyNote>}
      {seasons?.length === 0 && <p>No seasons yet: create a season first, then add athletes or import a roster.</p>}
      <div className="toolbar">
        <SeasonSelect />
        {mayMove && <Link to={`/programs/${program.id}/admin/imports${seasonId ? `?season=${seasonId}` : ""}`}>Import a roster from CSV</Link>}
      </div>
      <ChangeFeedback error={change.error} done={change.done} />
      {roster.isLoading && <LoadingRows label="the roster" />}
      <ErrorMessage error={roster.error ?? groups.error} />
      {roster.data?.length === 0 && <p>Nobody is on this season&apos;s roster yet. Add athletes or import a roster CSV.</p>}
      {roster.data && roster.data.length > 0 && (
        <AdminTable caption="Roster" columns={["Athlete", "Event group", "Status", "Joined"]}>
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

function RosterRow(props: {
  entry: RosterEntry;
  groups: EventGroup[];
  mayMove: boolean;
  mayStatus: boolean;
  busy: boolean;
  onChange: (change: EntryChange, sentence: string) => void;
}) {
  const { entry, groups, mayMove, mayStatus, busy, onChange } = props;
  const choosable = groups.filter((g) => g.archived_at === null || g.id === entry.event_group_id);
  return (
    <tr>
      <th scope="row">
        <Link to={`/athletes/${entry.athlete_id}`}>{entry.name}</Link>
      </th>
      <td>
        <select
          aria-label={`Event group of ${entry.name}`}
          value={entry.event_group_id ?? ""}
          disabled={!mayMove || busy}
          onChange={(e) => {
            const group = groups.find((g) => g.id === e.target.value);
            if (group) onChange({ entry, event_group_id: group.id }, `Moved ${entry.name} to ${group.name}.`);
          }}
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
          value={entry.status}
          disabled={!mayStatus || busy}
          onChange={(e) => {
            const status = STATUSES.find((s) => s.value === e.target.value);
            if (status) onChange({ entry, status: status.value }, `${entry.name} is now ${status.label.toLowerCase()}.`);
          }}
        >
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </td>
      <td>{entry.joined_on ?? "—"}</td>
    </tr>
  );
}
