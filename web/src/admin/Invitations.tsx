import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import type { components } from "../api/schema";
import { useTitle } from "../lib/title";
import { inProgram, keys, useAdminMutation, useAthletes, useRowChanges } from "./api";
import { holds, readOnlyReason, ROLE_LABELS, STAFF_ROLES } from "./permissions";
import { useAdmin } from "./scope";
import { AdminTable, ChangeFeedback, ErrorMessage, Field, LoadingRows, ReadOnlyNote } from "./ui";

type Invitation = components["schemas"]["InvitationRead"];
type InvitedRole = Invitation["role"];

const invitationsKey = (programId: string) => [...keys.program(programId), "invitations"] as const;

function roleLabel(role: InvitedRole): string {
  return role === "athlete" ? "Athlete" : ROLE_LABELS[role];
}

/** Invite staff (administrators) or an athlete to claim their profile (roster staff); pending ones: resend, revoke. */
export function Invitations() {
  useTitle("Invitations");
  const { program, role } = useAdmin();
  const mayInviteStaff = holds(program.capabilities, "administer");
  const mayInvite = holds(program.capabilities, "manage_roster");
  const pending = useQuery({
    queryKey: invitationsKey(program.id),
    enabled: mayInvite,
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/programs/{program_id}/invitations", inProgram(program.id)))).items,
  });
  const act = useRowChanges(
    ({ invitation, action }: { invitation: Invitation; action: "revoke" | "resend" }) =>
      unwrap(
        action === "revoke"
          ? api.POST("/api/v1/invitations/{invitation_id}:revoke", {
              params: { path: { invitation_id: invitation.id } },
            })
          : api.POST("/api/v1/invitations/{invitation_id}:resend", {
              params: { path: { invitation_id: invitation.id } },
            }),
      ),
    [invitationsKey(program.id)],
  );
  const apply = (invitation: Invitation, action: "revoke" | "resend") =>
    act.apply(
      { invitation, action },
      action === "revoke"
        ? `The invitation to ${invitation.email} is revoked.`
        : `A new link went to ${invitation.email}.`,
    );

  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      {!mayInvite && <ReadOnlyNote>{readOnlyReason("manage_roster", role)}</ReadOnlyNote>}
      {mayInvite && !mayInviteStaff && (
        <ReadOnlyNote>
          {readOnlyReason("administer", role)} You may invite athletes to claim their profiles.
        </ReadOnlyNote>
      )}
      {mayInvite && (
        <NewInvitation
          programId={program.id}
          staff={mayInviteStaff}
          onSent={(email) => act.setDone(`Invitation sent to ${email}.`)}
        />
      )}
      <ChangeFeedback error={act.error} done={act.done} />
      {pending.isLoading && <LoadingRows label="invitations" />}
      <ErrorMessage error={pending.error} />
      {pending.data?.length === 0 && <p>No pending invitations.</p>}
      {pending.data && pending.data.length > 0 && (
        <AdminTable caption="Pending invitations" showCaption columns={["Email", "Role", "Link", "Actions"]}>
          {pending.data.map((invitation) => (
            <tr key={invitation.id}>
              <th scope="row">{invitation.email}</th>
              <td>{roleLabel(invitation.role)}</td>
              <td>
                {invitation.status === "expired"
                  ? "Expired: resend it"
                  : `Valid until ${invitation.expires_at ? new Date(invitation.expires_at).toLocaleDateString() : "—"}`}
                {invitation.sent_count > 1 ? ` (sent ${invitation.sent_count} times)` : ""}
              </td>
              <td className="inline-fields">
                <button type="button" disabled={act.busy} onClick={() => apply(invitation, "resend")}>
                  Resend to {invitation.email}
                </button>
                <button
                  type="button"
                  className="danger"
                  disabled={act.busy}
                  onClick={() => apply(invitation, "revoke")}
                >
                  Revoke invitation of {invitation.email}
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </section>
  );
}

function NewInvitation(props: { programId: string; staff: boolean; onSent: (email: string) => void }) {
  const { programId, staff, onSent } = props;
  const athletes = (useAthletes(programId).data ?? []).filter((a) => a.user_id === null);
  const roles: InvitedRole[] = staff ? [...STAFF_ROLES, "athlete"] : ["athlete"];
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<InvitedRole>(staff ? "assistant_coach" : "athlete");
  const [athleteId, setAthleteId] = useState("");
  const chosenAthlete = athleteId || athletes[0]?.id || "";
  const invite = useAdminMutation(
    () =>
      unwrap(
        api.POST("/api/v1/programs/{program_id}/invitations", {
          params: { path: { program_id: programId } },
          body:
            role === "athlete"
              ? { email: email.trim(), role, athlete_id: chosenAthlete }
              : { email: email.trim(), role },
        }),
      ),
    [invitationsKey(programId)],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(undefined, {
      onSuccess: (sent) => {
        onSent(sent.email);
        setEmail("");
      },
    });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-invitation-title">
      <h3 id="new-invitation-title">Invite someone</h3>
      <ErrorMessage error={invite.error} />
      <div className="form-row">
        <Field label="Email" hint="Only the account with this email can accept; the link works once, for 7 days.">
          {(p) => <input {...p} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Role">
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as InvitedRole)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {role === "athlete" && athletes.length === 0 && (
          <p className="hint">Every athlete of the program has an account already: there is no profile to claim.</p>
        )}
        {role === "athlete" && athletes.length > 0 && (
          <Field label="Athlete profile to claim">
            {(p) => (
              <select {...p} value={chosenAthlete} onChange={(e) => setAthleteId(e.target.value)}>
                {athletes.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                    {a.email ? ` (${a.email})` : ""}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <button
        type="submit"
        className="primary"
        disabled={invite.isPending || (role === "athlete" && chosenAthlete === "")}
      >
        Send invitation
      </button>
    </form>
  );
}
