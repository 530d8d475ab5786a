import { useId } from "react";
import { Link, useNavigate } from "react-router";

import { painOf } from "../../lib/actuals";
import { CATEGORY_WORDS, sessionName } from "../../lib/sessions";
import { type DistanceUnit, formatDistance, formatDuration, formatPace } from "../../lib/units";
import type { QueuedWrite } from "../../offline/outbox";
import type { SessionRead } from "./queries";
import { WorkoutSteps } from "./WorkoutSteps";

export type CardState = "done" | "missed" | "to-do";

export const STATE_WORDS: Record<CardState, string> = { done: "Done", missed: "Missed", "to-do": "To do" };

export function cardState(session: SessionRead): CardState {
  return session.status === "completed" ? "done" : session.status === "missed" ? "missed" : "to-do";
}

/** Distance, time, pace (``withPace``: a run's actual pace; a plan's total includes warm-ups and rests) and RPE. */
function measures(metres: number | null, seconds: number | null, rpe: number | null, unit: DistanceUnit, withPace = false): string {
  const out: string[] = [];
  if (metres != null) out.push(formatDistance(metres, unit));
  if (seconds != null) out.push(formatDuration(seconds));
  if (withPace && metres && seconds) out.push(formatPace(metres, seconds, unit));
  if (rpe != null) out.push(`RPE ${rpe}`);
  return out.join(" · ");
}

function SyncNote({ writes }: { writes: readonly QueuedWrite[] }) {
  if (writes.length === 0) return null;
  const stuck = writes.find((w) => w.state === "failed" || w.state === "conflict" || w.state === "signed-out");
  return (
    <p className={stuck ? "today-sync today-sync-stuck" : "today-sync"}>
      {stuck ? `Not synced yet: ${stuck.error ?? "see the sync status"}` : "Waiting to sync"}
    </p>
  );
}

/** One session of the week: plan, steps, what was done, its state, and what the athlete can do with it. */
export function SessionCard({
  session,
  unit,
  writes,
  expanded,
  level,
}: {
  session: SessionRead;
  unit: DistanceUnit;
  writes: readonly QueuedWrite[];
  expanded: boolean;
  /** The heading level of the session's name in its screen's outline. */
  level: 3 | 4;
}) {
  const Heading = level === 3 ? "h3" : "h4";
  const titleId = useId();
  const navigate = useNavigate();
  const state = cardState(session);
  const queued = session.id.startsWith("queued-");
  const planned = measures(session.planned_distance_m, session.planned_duration_sec, session.planned_rpe, unit);
  const done = measures(session.actual_distance_m, session.actual_duration_sec, session.actual_rpe, unit, session.workout_category === "run");
  const pain = painOf(session.metrics_json);
  return (
    <article className={`today-card today-${state}`} aria-labelledby={titleId}>
      <header className="today-card-head">
        <Heading id={titleId}>{sessionName(session)}</Heading>
        <span className={`today-state today-state-${state}`}>{STATE_WORDS[state]}</span>
      </header>
      <p className="hint">
        {CATEGORY_WORDS[session.workout_category]}
        {session.source === "self_assigned" ? " · your own" : ""}
      </p>
      {planned && <p>Planned: {planned}</p>}
      <WorkoutSteps session={session} unit={unit} open={expanded && state !== "done"} />
      {state === "done" && (
        <p>
          Done: {done || "logged"}
          {pain ? ` · pain ${pain.score}/10${pain.note ? ` (${pain.note})` : ""}` : ""}
        </p>
      )}
      {state === "done" && session.actual_description && <p className="today-notes">“{session.actual_description}”</p>}
      <SyncNote writes={writes} />
      {!queued && (
        <div className="today-actions">
          {state === "done" ? (
            <button type="button" onClick={() => navigate(`/today/log/${session.id}`)} aria-describedby={titleId}>
              Edit my log
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => navigate(`/today/log/${session.id}`)} aria-describedby={titleId}>
              Log session
            </button>
          )}
          {session.workout_category === "gym" && (
            <Link to={`/today/gym/${session.id}`} aria-describedby={titleId}>
              Log sets
            </Link>
          )}
          <Link to={`/today/upload?session=${session.id}`} aria-describedby={titleId}>
            Upload device file
          </Link>
          {state === "done" && <Link to={`/sessions/${session.id}`} aria-describedby={titleId}>Details</Link>}
        </div>
      )}
    </article>
  );
}
