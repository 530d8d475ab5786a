import { useState } from "react";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import { useTitle } from "../lib/title";
import { ifMatch, keys, type Member, type StaffRoleName, useMembers, useRowChanges } from "./api";
import { holds, readOnlyReason, ROLE_LABELS, STAFF_ROLES } from "./permissions";
import { useAdmin } from "./scope";
import { AdminTable, ChangeFeedback, ErrorMessage, LoadingRows, ReadOnlyNote } from "./ui";

interface MemberChange {
  member: Member;
  role?: StaffRoleName;
  active?: boolean;
}

/** The program's staff: change a role, deactivate or restore (program admins and head coaches; never yourself). */
export function Members() {
  useTitle("Members");
  const { program, role, memberId } = useAdmin();
  const members = useMembers(program.id);
  const mayChange = holds(program.capabilities, "administer");
  const change = useRowChanges(
    ({ member, ...body }: MemberChange) =>
      unwrap(
        api.PATCH("/api/v1/program-members/{member_id}", {
          params: { path: { member_id: member.id } },
          body,
          headers: ifMatch(member.version),
        }),
      ),
    [keys.members(program.id)],
  );

  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members and roles</h2>
      {mayChange ? (
        <p className="hint">
          Nobody changes their own role or deactivates themself; a program keeps at least one active program admin or
          head coach.
        </p>
      ) : (
        <ReadOnlyNote>{readOnlyReason("administer", role)}</ReadOnlyNote>
      )}
      <ChangeFeedback error={change.error} done={change.done} />
      {members.isPending && <LoadingRows label="members" />}
      <ErrorMessage error={members.error} />
      {members.data && (
        <AdminTable
          caption={`Staff of ${program.name}`}
          columns={["Name", "Email", "Role", "Status", ...(mayChange ? ["Actions"] : [])]}
        >
          {members.data.map((member) => (
            <MemberRow
              key={`${member.id}-${member.version}`}
              member={member}
              mayChange={mayChange}
              isYou={member.id === memberId}
              busy={change.busy}
              onChange={change.apply}
            />
          ))}
        </AdminTable>
      )}
    </section>
  );
}

/** A member's role (saved with a button, not on every option arrowed past) and their deactivation, confirmed. */
function MemberRow(props: {
  member: Member;
  mayChange: boolean;
  isYou: boolean;
  busy: boolean;
  onChange: (change: MemberChange, sentence: string) => void;
}) {
  const { member, mayChange, isYou, busy, onChange } = props;
  const name = member.name ?? member.email ?? "This member";
  const [role, setRole] = useState<StaffRoleName>(member.role);
  const [confirming, setConfirming] = useState(false);
  const editable = mayChange && !isYou && member.active;
  return (
    <tr>
      <th scope="row">
        {name}
        {isYou && <span className="hint"> (you)</span>}
      </th>
      <td>{member.email ?? "—"}</td>
      <td>
        {editable ? (
          <span className="inline-fields">
            <select
              aria-label={`Role of ${name}`}
              value={role}
              disabled={busy}
              onChange={(e) => setRole(e.target.value as StaffRoleName)}
            >
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
            {role !== member.role && (
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => onChange({ member, role }, `${name} is now ${ROLE_LABELS[role].toLowerCase()}.`)}
              >
                Save role of {name}
              </button>
            )}
          </span>
        ) : (
          ROLE_LABELS[member.role]
        )}
      </td>
      <td>{member.active ? "Active" : "Deactivated"}</td>
      {mayChange && (
        <td>
          {isYou ? (
            <span className="hint">You cannot change your own membership.</span>
          ) : !member.active ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => onChange({ member, active: true }, `${name} is active again.`)}
            >
              Restore {name}
            </button>
          ) : confirming ? (
            <span className="inline-fields" role="group" aria-label={`Deactivate ${name}?`}>
              <span>Their sign-in ends at once; their history stays.</span>
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => onChange({ member, active: false }, `${name} is deactivated: their sign-in ended.`)}
              >
                Confirm: deactivate {name}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
              Deactivate {name}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
