import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import type { components } from "../api/schema";
import { useTitle } from "../lib/title";
import { keys, useAdminMutation } from "./api";
import { CsvImport } from "./CsvImport";
import { holds, readOnlyReason } from "./permissions";
import { useAdmin } from "./scope";
import { SeasonSelect, useSeasonChoice } from "./SeasonSelect";
import { ErrorMessage, ReadOnlyNote } from "./ui";

type RosterReport = components["schemas"]["RosterImportReport"];
type SessionReport = components["schemas"]["ImportReport"];

/** A dry run creates nothing and says so (created 0): what it would create is every row that is not already there. */
function sessionsCreated(report: SessionReport): number {
  return report.dry_run ? report.rows - report.duplicates : report.created;
}

const INVITATION_ROUTES: Record<RosterReport["invitation_mail"], string> = {
  sent: "their links are mailed",
  server_log: "their links are in the server log (demo without mail)",
  not_configured: "no mail went out: this server has no mail settings; resend them from Invitations once it does",
};

/** The athletes a roster import invites to claim their profiles (rows with an email), and where their links went. */
function invitationSentence(report: RosterReport): string {
  const who = report.invitations_created === 1 ? "1 athlete" : `${report.invitations_created} athletes`;
  return report.dry_run
    ? `${who} would be invited to claim their profile.`
    : `${who} invited to claim their profile: ${INVITATION_ROUTES[report.invitation_mail]}.`;
}

/** CSV imports of a season's roster and of sessions, each checked first; a sessions import can be undone. */
export function Imports() {
  useTitle("Imports");
  return (
    <section aria-labelledby="imports-title">
      <h2 id="imports-title">CSV imports</h2>
      <p className="hint">
        Every row is checked before anything is written, and a file is imported whole or not at all. Check a file first:
        the check lists every row with a problem.
      </p>
      <RosterImport />
      <SessionsImport />
    </section>
  );
}

function RosterImport() {
  const { program, role } = useAdmin();
  const { seasonId } = useSeasonChoice();
  const client = useQueryClient();
  const mayImport = holds(program.capabilities, "manage_roster");
  return (
    <section className="panel" aria-labelledby="roster-import-title">
      <h3 id="roster-import-title">Roster</h3>
      {!mayImport && <ReadOnlyNote>{readOnlyReason("manage_roster", role)}</ReadOnlyNote>}
      <SeasonSelect label="Season to import into" />
      <CsvImport<RosterReport>
        what="Roster"
        columns={
          <>
            Columns: <code>name</code> (required), <code>email</code>, <code>event_group</code>, <code>status</code>{" "}
            (active, injured, redshirt or inactive), <code>sex</code>, <code>date_of_birth</code>. Athletes already on
            the season in that group are left as they are.
          </>
        }
        disabledReason={
          !mayImport
            ? "Importing a roster needs a role that manages the roster."
            : seasonId === null
              ? "Create a season first."
              : null
        }
        url={(dryRun) =>
          seasonId === null ? null : `/api/v1/team-seasons/${seasonId}/roster:import?dry_run=${dryRun}`
        }
        nothingToImport={(report) => report.entries_created === 0}
        onImported={() => {
          void client.invalidateQueries({ queryKey: keys.roster(seasonId ?? "none") });
          void client.invalidateQueries({ queryKey: keys.athletes(program.id) });
        }}
        describe={(report) => (
          <p>
            {report.rows} rows: {report.entries_created} {report.dry_run ? "would join" : "joined"} the roster,{" "}
            {report.entries_existing} already on it; {report.athletes_created} new athletes
            {report.dry_run ? " would be created" : " created"}, {report.athletes_matched} matched to the program&apos;s
            athletes.
            {report.invitations_created > 0 && ` ${invitationSentence(report)}`}
          </p>
        )}
      />
    </section>
  );
}

function SessionsImport() {
  const { program, role } = useAdmin();
  const [params, setParams] = useSearchParams();
  const batchId = params.get("batch");
  const mayImport = holds(program.capabilities, "assign_run") || holds(program.capabilities, "assign_gym");
  return (
    <section className="panel" aria-labelledby="sessions-import-title">
      <h3 id="sessions-import-title">Sessions</h3>
      {!mayImport && <ReadOnlyNote>{readOnlyReason("assign_run", role)}</ReadOnlyNote>}
      <CsvImport<SessionReport>
        what="Sessions"
        columns={
          <>
            Columns as in an export: <code>athlete_id</code> and <code>workout_category</code> required, plus{" "}
            <code>scheduled_date</code> or <code>completed_at</code>; optional <code>external_id</code> and the plan and
            actual fields. Sessions that already exist are reported, not created twice.
          </>
        }
        disabledReason={mayImport ? null : "Importing sessions needs a role that assigns sessions."}
        url={(dryRun) => `/api/v1/sessions:import?dry_run=${dryRun}`}
        idempotent
        nothingToImport={(report) => sessionsCreated(report) === 0}
        onImported={(report) => {
          if (report.batch_id)
            setParams((current) => (current.set("batch", report.batch_id ?? ""), current), { replace: true });
        }}
        describe={(report) => (
          <p>
            {report.rows} rows: {sessionsCreated(report)} {report.dry_run ? "would be created" : "created"},{" "}
            {report.duplicates} already there.
          </p>
        )}
      />
      {batchId && <ImportBatch batchId={batchId} mayUndo={mayImport} />}
    </section>
  );
}

/** The last sessions import (its id in the address): what it did, and its undo. */
function ImportBatch({ batchId, mayUndo }: { batchId: string; mayUndo: boolean }) {
  const batch = useQuery({
    queryKey: keys.sessionImport(batchId),
    queryFn: () => unwrap(api.GET("/api/v1/session-imports/{batch_id}", { params: { path: { batch_id: batchId } } })),
  });
  const undo = useAdminMutation(
    () => unwrap(api.POST("/api/v1/session-imports/{batch_id}:undo", { params: { path: { batch_id: batchId } } })),
    [keys.sessionImport(batchId), ["season"]],
  );
  const data = batch.data;
  return (
    <section aria-labelledby="batch-title" className="batch">
      <h4 id="batch-title">Sessions import of {data ? new Date(data.created_at).toLocaleString() : "…"}</h4>
      <ErrorMessage error={batch.error ?? undo.error} />
      {data && (
        <>
          <p>
            {data.rows} rows, {data.created} sessions created, {data.duplicates} already there.
            {data.undone_at &&
              ` Undone ${new Date(data.undone_at).toLocaleString()}: ${data.deleted ?? 0} deleted, ${data.kept ?? 0} kept because they were logged or changed since.`}
          </p>
          {undo.data && (
            <p role="status">
              Undone: {undo.data.deleted_ids.length} sessions deleted
              {undo.data.kept.length > 0 ? `, ${undo.data.kept.length} kept (logged or changed since the import)` : ""}.
            </p>
          )}
          {mayUndo && data.undone_at === null && data.created > 0 && (
            <button type="button" className="danger" disabled={undo.isPending} onClick={() => undo.mutate()}>
              Undo this import
            </button>
          )}
        </>
      )}
    </section>
  );
}
