import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";

import { useMe } from "../../auth/session";
import { QueryState } from "../../components/QueryState";
import { type ActualsErrors, type ActualsForm, EMPTY_ACTUALS, actualChanges, formOf, readActuals } from "../../lib/actuals";
import { formatDay } from "../../lib/days";
import { withQueuedActuals, writesBySession } from "../../lib/pendingWrites";
import { useDistanceUnit } from "../../lib/preferences";
import { sessionName } from "../../lib/sessions";
import { useTitle } from "../../lib/title";
import { type DistanceUnit, formatDistance, formatDuration } from "../../lib/units";
import { type QueuedWrite, queueWrite, useOutbox } from "../../offline/outbox";
import { ActualsFields, withoutErrorOf } from "./ActualsFields";
import { type AthleteWindow, type SessionRead, athleteWindowKey, useAthleteWindow } from "./queries";

/** The plan, read-only: the coach's fields are not the athlete's to change (planned_fields_locked). */
function PlannedSummary({ session, unit }: { session: SessionRead; unit: DistanceUnit }) {
  return (
    <dl className="definition-grid today-planned">
      <dt>Day</dt>
      <dd>{formatDay(session.session_date)}</dd>
      <dt>Planned distance</dt>
      <dd>{formatDistance(session.planned_distance_m, unit)}</dd>
      <dt>Planned duration</dt>
      <dd>{formatDuration(session.planned_duration_sec)}</dd>
      <dt>Planned RPE</dt>
      <dd>{session.planned_rpe ?? "—"}</dd>
    </dl>
  );
}

function LogForm({ session, athleteId }: { session: SessionRead; athleteId: string }) {
  const unit = useDistanceUnit();
  const navigate = useNavigate();
  const client = useQueryClient();
  const firstLog = session.status !== "completed";
  const [form, setForm] = useState<ActualsForm>(firstLog ? EMPTY_ACTUALS : formOf(session, unit));
  const [errors, setErrors] = useState<ActualsErrors>({});
  const [saving, setSaving] = useState(false);
  const name = sessionName(session);

  async function save(event: FormEvent) {
    event.preventDefault();
    const read = readActuals(form, unit);
    if ("errors" in read) {
      setErrors(read.errors);
      return;
    }
    setErrors({});
    const { body, base } = actualChanges(session, read.actuals, { firstLog });
    if (!firstLog && Object.keys(body).length === 0) {
      navigate("/today", { state: { saved: `Nothing changed in ${name}.` } });
      return;
    }
    setSaving(true);
    const path = firstLog ? `/api/v1/sessions/${session.id}/complete` : `/api/v1/sessions/${session.id}`;
    const key = athleteWindowKey(athleteId);
    await queueWrite({
      method: firstLog ? "POST" : "PATCH",
      path,
      body,
      ifMatch: `"v${session.version}"`,
      label: `${firstLog ? "Log" : "Edit"} · ${name}, ${formatDay(session.session_date)}`,
      conflict: { resourcePath: `/api/v1/sessions/${session.id}`, base },
      invalidates: [key],
    });
    // Shown at once, and kept while the write lands and the window is read again (no flash of "To do").
    client.setQueryData<AthleteWindow>(key, (old) =>
      old && { ...old, sessions: old.sessions.map((s) => (s.id === session.id ? withQueuedActuals(s, [queuedAs(path, firstLog, body)]) : s)) },
    );
    navigate("/today", { state: { saved: `Saved: ${name}. It syncs as soon as the network allows.` } });
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate className="today-form">
      <PlannedSummary session={session} unit={unit} />
      <ActualsFields
        form={form}
        onChange={(next, changed) => {
          setForm(next);
          setErrors(withoutErrorOf(changed));
        }}
        errors={errors}
        unit={unit}
      />
      <div className="today-actions">
        <button type="submit" className="primary" disabled={saving}>
          Save
        </button>
        <Link to="/today">Cancel</Link>
      </div>
    </form>
  );
}

/** A write shaped as the outbox holds it, for the optimistic copy in the cache. */
function queuedAs(path: string, firstLog: boolean, body: unknown): QueuedWrite {
  return { method: firstLog ? "POST" : "PATCH", path, body, label: "", key: "", seq: 0, queuedAt: new Date().toISOString(), state: "pending" };
}

function findSession(w: AthleteWindow, sessionId: string): SessionRead | undefined {
  return w.sessions.find((s) => s.id === sessionId);
}

/** Log what was done in a session (or edit what was logged): Duration, Distance, RPE, Notes, pain; then Save. */
export function LogSession() {
  const { sessionId = "" } = useParams();
  const athleteId = useMe().data?.athlete?.id ?? "";
  const training = useAthleteWindow(athleteId);
  const { writes } = useOutbox();
  const found = training.data ? findSession(training.data, sessionId) : undefined;
  const session = found ? withQueuedActuals(found, writesBySession(writes).get(found.id) ?? []) : undefined;
  const title = session?.status === "completed" ? "Edit my log" : "Log session";
  useTitle(title);
  return (
    <section aria-labelledby="log-title" className="today">
      <QueryState query={training} skeleton={<h1 id="log-title">{title}</h1>}>
        {() =>
          session ? (
            <>
              <h1 id="log-title">{title}</h1>
              <p className="today-subtitle">{sessionName(session)}</p>
              <LogForm key={`${session.id}-${session.status}`} session={session} athleteId={athleteId} />
            </>
          ) : (
            <>
              <h1 id="log-title">{title}</h1>
              <p>This session is not among your last four weeks and next two. <Link to="/today">Back to Today</Link></p>
            </>
          )
        }
      </QueryState>
    </section>
  );
}
