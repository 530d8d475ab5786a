import { type FormEvent, useState } from "react";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import { useTitle } from "../lib/title";
import { type EventGroup, ifMatch, keys, useAdminMutation, useEventGroups, useRowChanges } from "./api";
import { holds, readOnlyReason } from "./permissions";
import { useAdmin } from "./scope";
import { AdminTable, ChangeFeedback, ErrorMessage, Field, LoadingRows, ReadOnlyNote } from "./ui";

interface GroupChange {
  group: EventGroup;
  name?: string;
  archived?: boolean;
}

/** Event groups: create, rename, archive or restore (program admins, head and assistant coaches). */
export function EventGroups() {
  useTitle("Event groups");
  const { program, role } = useAdmin();
  const groups = useEventGroups(program.id);
  const mayChange = holds(program.capabilities, "manage_roster");
  const change = useRowChanges(
    ({ group, ...body }: GroupChange) =>
      unwrap(
        api.PATCH("/api/v1/event-groups/{event_group_id}", {
          params: { path: { event_group_id: group.id } },
          body,
          headers: ifMatch(group.version),
        }),
      ),
    [keys.groups(program.id)],
  );

  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">Event groups</h2>
      {!mayChange && <ReadOnlyNote>{readOnlyReason("manage_roster", role)}</ReadOnlyNote>}
      {mayChange && <NewGroup programId={program.id} onCreated={change.setDone} />}
      <ChangeFeedback error={change.error} done={change.done} />
      {groups.isPending && <LoadingRows label="event groups" />}
      <ErrorMessage error={groups.error} />
      {groups.data?.length === 0 && <p>No event groups yet. Create one per training group (Sprints, Distance…).</p>}
      {groups.data && groups.data.length > 0 && (
        <AdminTable
          caption={`Event groups of ${program.name}`}
          columns={["Group", "State", ...(mayChange ? ["Actions"] : [])]}
        >
          {groups.data.map((group) => (
            <GroupRow
              key={`${group.id}-${group.version}`}
              group={group}
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

function GroupRow(props: {
  group: EventGroup;
  mayChange: boolean;
  busy: boolean;
  onChange: (change: GroupChange, sentence: string) => void;
}) {
  const { group, mayChange, busy, onChange } = props;
  const [name, setName] = useState(group.name);
  const archived = group.archived_at !== null;
  const renamed = name.trim() !== group.name && name.trim() !== "";
  return (
    <tr>
      <th scope="row">
        {mayChange ? (
          <span className="inline-fields">
            <input aria-label={`Name of ${group.name}`} value={name} onChange={(e) => setName(e.target.value)} />
            {renamed && (
              <button
                type="button"
                disabled={busy}
                onClick={() => onChange({ group, name: name.trim() }, `${group.name} is now ${name.trim()}.`)}
              >
                Rename {group.name}
              </button>
            )}
          </span>
        ) : (
          group.name
        )}
      </th>
      <td>{archived ? "Archived: takes no new athletes or workouts" : "In use"}</td>
      {mayChange && (
        <td>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              onChange(
                { group, archived: !archived },
                archived ? `${group.name} is in use again.` : `${group.name} is archived.`,
              )
            }
          >
            {archived ? `Restore ${group.name}` : `Archive ${group.name}`}
          </button>
        </td>
      )}
    </tr>
  );
}

function NewGroup({ programId, onCreated }: { programId: string; onCreated: (sentence: string) => void }) {
  const [name, setName] = useState("");
  const create = useAdminMutation(
    () =>
      unwrap(
        api.POST("/api/v1/programs/{program_id}/event-groups", {
          params: { path: { program_id: programId } },
          body: { name: name.trim() },
        }),
      ),
    [keys.groups(programId)],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, {
      onSuccess: (group) => {
        onCreated(`Event group ${group.name} created.`);
        setName("");
      },
    });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-group-title">
      <h3 id="new-group-title">New event group</h3>
      <ErrorMessage error={create.error} />
      <div className="form-row">
        <Field label="Group name">
          {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
      </div>
      <button type="submit" className="primary" disabled={create.isPending}>
        Create event group
      </button>
    </form>
  );
}
