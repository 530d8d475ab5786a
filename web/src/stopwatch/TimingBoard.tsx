import { useEffect, useState } from "react";

import { useShortcuts } from "../planner/shortcuts";
import type { RunUpdate, StopwatchRun } from "./store";
import {
  type AthleteRepStatus,
  clockNow,
  formatSplit,
  lastTap,
  nextRep,
  reviewTable,
  startRep,
  statusOf,
  tap,
  type TimedAthlete,
  undo,
} from "./timing";

/** The rep's running clock: redrawn ten times a second from the stored start (a slept screen shows the right time
 * the moment it wakes, as nothing is counted). */
function RepClock({ start }: { start: number | null }) {
  const [now, setNow] = useState(clockNow);
  useEffect(() => {
    if (start === null) return;
    const timer = window.setInterval(() => setNow(clockNow()), 100);
    return () => window.clearInterval(timer);
  }, [start]);
  return (
    <p className="stopwatch-clock" role="timer" aria-label="Rep clock">
      {formatSplit(start === null ? 0 : now - start)}
    </p>
  );
}

function statusText(status: AthleteRepStatus): string {
  switch (status.kind) {
    case "waiting":
      return "waiting";
    case "dnf":
      return "DNF";
    case "finished":
      return formatSplit(status.splitMs);
    case "running":
      return status.lateStartMs === null ? "running" : `late start +${formatSplit(status.lateStartMs)}`;
  }
}

function AthleteTile({
  athlete,
  index,
  status,
  onTap,
}: {
  athlete: TimedAthlete;
  index: number;
  status: AthleteRepStatus;
  onTap: (kind: "finish" | "dnf" | "late-start") => void;
}) {
  const running = status.kind === "running";
  return (
    <li className={`stopwatch-athlete stopwatch-state-${status.kind}`}>
      <button
        type="button"
        className="stopwatch-finish"
        onClick={() => onTap("finish")}
        disabled={!running}
        aria-keyshortcuts={index < 9 ? String(index + 1) : undefined}
      >
        <span className="stopwatch-name">{athlete.name}</span>
        <span className="stopwatch-status">{statusText(status)}</span>
      </button>
      <span className="stopwatch-actions">
        <button
          type="button"
          onClick={() => onTap("late-start")}
          disabled={!running || status.lateStartMs !== null}
          aria-label={`Late start, ${athlete.name}`}
        >
          Late start
        </button>
        <button type="button" onClick={() => onTap("dnf")} disabled={!running} aria-label={`DNF, ${athlete.name}`}>
          DNF
        </button>
      </span>
    </li>
  );
}

/** Step two: one clock per rep, a button per athlete to tap as they finish, Undo, Next rep, then the review. */
export function TimingBoard({ run, update }: { run: StopwatchRun; update: RunUpdate }) {
  const { timing, athletes } = run;
  const rep = timing.current;
  const start = timing.repStarts[rep] ?? null;
  const last = lastTap(timing);
  const isLast = rep === timing.repCount - 1;
  const time = (change: (t: typeof timing) => typeof timing) => update((r) => ({ ...r, timing: change(r.timing) }));
  const actions = {
    start: () => time((t) => startRep(t, clockNow())),
    next: () => time(nextRep),
    undo: () => time(undo),
    review: () => update((r) => ({ ...r, phase: "review", table: reviewTable(r.timing, r.athletes) })),
  };
  const shortcuts: Record<string, () => void> = { s: actions.start, n: actions.next, u: actions.undo };
  athletes.slice(0, 9).forEach((a, i) => {
    shortcuts[String(i + 1)] = () => time((t) => tap(t, a.id, "finish", clockNow()));
  });
  useShortcuts(shortcuts);
  const finished = athletes.filter((a) => statusOf(timing, rep, a.id).kind !== "running").length;
  const lastName = last === null ? null : athletes.find((a) => a.id === last.athleteId)?.name;
  return (
    <section aria-labelledby="stopwatch-rep" className="stopwatch-board">
      <div className="stopwatch-top">
        <h2 id="stopwatch-rep">
          Rep {rep + 1} of {timing.repCount}
        </h2>
        <RepClock start={start} />
        <p className="stopwatch-count" aria-live="polite">
          {start === null ? "Clock not started" : `${finished} of ${athletes.length} in`}
        </p>
      </div>
      <div className="stopwatch-controls">
        {start === null ? (
          <button type="button" className="primary stopwatch-big" onClick={actions.start} aria-keyshortcuts="s">
            Start rep {rep + 1}
          </button>
        ) : isLast ? (
          <button type="button" className="primary stopwatch-big" onClick={actions.review}>
            Review splits
          </button>
        ) : (
          <button type="button" className="primary stopwatch-big" onClick={actions.next} aria-keyshortcuts="n">
            Next rep
          </button>
        )}
        <button type="button" className="stopwatch-big" onClick={actions.undo} disabled={last === null} aria-keyshortcuts="u">
          Undo{last !== null && lastName ? ` (${last.kind === "late-start" ? "late start" : last.kind === "dnf" ? "DNF" : "finish"}, ${lastName}, rep ${last.rep + 1})` : ""}
        </button>
      </div>
      <ul className="stopwatch-athletes" aria-label={`Athletes, rep ${rep + 1}`}>
        {athletes.map((athlete, index) => (
          <AthleteTile
            key={athlete.id}
            athlete={athlete}
            index={index}
            status={statusOf(timing, rep, athlete.id)}
            onTap={(kind) => time((t) => tap(t, athlete.id, kind, clockNow()))}
          />
        ))}
      </ul>
      <p className="hint">
        Tap an athlete as they cross the line. Keys: S starts the rep, 1–9 the athletes in order, U undoes, N next rep.
        An athlete not tapped in a rep is DNF in the review, where every split can be corrected.
        {!isLast && (
          <>
            {" "}
            <button type="button" className="link-button" onClick={actions.review}>
              Review now
            </button>
          </>
        )}
      </p>
    </section>
  );
}
