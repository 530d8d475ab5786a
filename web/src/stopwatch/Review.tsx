import { useState } from "react";

import { dropWrite, queueWrite, useOutbox } from "../offline/outbox";
import { useEventGroups, usePractice, useWorkouts } from "../planner/api";
import { stopwatchKeys, useRunSessions } from "./api";
import { refusals } from "./refusals";
import { entryName } from "./Setup";
import type { RunUpdate, StopwatchRun } from "./store";
import { athletesBody, cellProblem, editCell, formatSplit, type ReviewCell, reviewTable, totalMs } from "./timing";

function SplitCell({
  cell,
  label,
  id,
  onChange,
}: {
  cell: ReviewCell;
  label: string;
  id: string;
  onChange: (cell: ReviewCell) => void;
}) {
  const problem = cellProblem(cell);
  return (
    <td className="stopwatch-cell">
      <label htmlFor={id} className="visually-hidden">
        {`Split, ${label}`}
      </label>
      <input
        id={id}
        className="stopwatch-split-input"
        value={cell.text}
        inputMode="decimal"
        placeholder="m:ss.t"
        size={7}
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? undefined : `${id}-problem`}
        onChange={(e) => onChange(editCell(cell, e.target.value))}
      />
      <span className="stopwatch-dnf">
        <input
          type="checkbox"
          id={`${id}-dnf`}
          checked={cell.dnf}
          onChange={(e) => onChange({ ...cell, dnf: e.target.checked })}
          aria-label={`DNF, ${label}`}
        />
        <label htmlFor={`${id}-dnf`}>DNF</label>
      </span>
      {problem !== null && (
        <span id={`${id}-problem`} className="error">
          {problem}
        </span>
      )}
    </td>
  );
}

/** Where the last save stands: on this device waiting for the network, filed, or refused (with who and why). */
function SaveState({ run, update }: { run: StopwatchRun; update: RunUpdate }) {
  const outbox = useOutbox();
  const write = outbox.writes.find((w) => w.key === run.savedKey);
  const failed = write?.state === "failed" || write?.state === "conflict";
  if (run.savedKey === null) return null;
  if (write === undefined) {
    return (
      <p role="status" className="status-line">
        Filed: each timed athlete&apos;s session is completed with these splits.
      </p>
    );
  }
  if (!failed) {
    return (
      <p role="status" className="status-line">
        Saved on this device: it files as soon as the server answers ({outbox.pending} pending).
      </p>
    );
  }
  return <Refused run={run} update={update} message={write.error} />;
}

function Refused({
  run,
  update,
  message,
}: {
  run: StopwatchRun;
  update: RunUpdate;
  message: string | undefined;
}) {
  // Read again now: who logged, moved or was added since the stopwatch started.
  const sessions = useRunSessions(run.seasonId, run.day, { fresh: true });
  const found = sessions.data === undefined ? [] : refusals(run.athletes, sessions.data, run.practiceId, run.entryId);
  return (
    <div role="alert" className="error stopwatch-refused">
      <p>Not filed — nothing was written. {message}</p>
      {found.length > 0 && (
        <ul>
          {found.map((r) => (
            <li key={r.athlete.id}>
              {r.words}{" "}
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  update((was) => {
                    const index = was.athletes.findIndex((a) => a.id === r.athlete.id);
                    return {
                      ...was,
                      athletes: was.athletes.filter((_, i) => i !== index),
                      table: (was.table ?? []).filter((_, i) => i !== index),
                    };
                  })
                }
              >
                Leave {r.athlete.name} out
              </button>
            </li>
          ))}
        </ul>
      )}
      {found.some((r) => r.code !== "sessions_already_completed") && <WorkoutPick run={run} update={update} />}
      <button
        type="button"
        onClick={() => {
          if (run.savedKey !== null) void dropWrite(run.savedKey);
          update((was) => ({ ...was, savedKey: null }));
        }}
      >
        Discard this save
      </button>
    </div>
  );
}

/** The practice's run workouts, to name the one that was timed when the server could not tell. */
function WorkoutPick({ run, update }: { run: StopwatchRun; update: RunUpdate }) {
  const { workouts: entries } = usePractice(run.practiceId);
  const programId = entries.data?.[0]?.program_id ?? "";
  const library = useWorkouts(programId);
  const groups = useEventGroups(programId);
  if (!entries.data || !library.data || !groups.data) return null;
  const workouts = new Map(library.data.map((w) => [w.id, w]));
  const runs = entries.data.filter((e) => workouts.get(e.workout_id)?.workout_category === "run");
  return (
    <div className="field">
      <label htmlFor="stopwatch-entry-pick">Workout timed</label>
      <select
        id="stopwatch-entry-pick"
        value={run.entryId}
        onChange={(e) => update((was) => ({ ...was, entryId: e.target.value }))}
      >
        {runs.map((e) => (
          <option key={e.id} value={e.id}>
            {entryName(e, workouts, groups.data)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Step three: every split, editable, before one save files them all. */
export function Review({ run, update, onClear }: { run: StopwatchRun; update: RunUpdate; onClear: () => void }) {
  const table = run.table ?? reviewTable(run.timing, run.athletes);
  const [saving, setSaving] = useState(false);
  const outbox = useOutbox();
  const body = athletesBody(table, run.athletes);
  const setCell = (athlete: number, rep: number, cell: ReviewCell) =>
    update((was) => ({
      ...was,
      table: (was.table ?? table).map((row, a) => (a === athlete ? row.map((c, r) => (r === rep ? cell : c)) : row)),
    }));
  const save = async () => {
    if (body === null || body.length === 0) return;
    setSaving(true);
    try {
      // A refused save that the coach corrected is replaced by the new one, not left failing in the outbox.
      const previous = outbox.writes.find((w) => w.key === run.savedKey);
      if (previous !== undefined && previous.state === "failed") await dropWrite(previous.key);
      const write = await queueWrite({
        method: "POST",
        path: `/api/v1/practice-sessions/${run.practiceId}/splits`,
        body: { practice_session_workout_id: run.entryId, rep_distance_m: run.repDistanceM, athletes: body },
        label: `Stopwatch · ${run.workoutName}, ${run.groupName}`,
        invalidates: [stopwatchKeys.sessions(run.seasonId, run.day)],
      });
      update((was) => ({ ...was, savedKey: write.key }));
    } finally {
      setSaving(false);
    }
  };
  const reps = Array.from({ length: run.timing.repCount }, (_, i) => i);
  return (
    <section aria-labelledby="stopwatch-review" className="stopwatch-review">
      <h2 id="stopwatch-review">Review splits</h2>
      <p className="hint">
        Correct a split as m:ss.t (e.g. 2:21.4) or tick DNF. The total is the sum of the splits: it becomes each
        athlete&apos;s actual duration.
      </p>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Splits per athlete and rep</caption>
          <thead>
            <tr>
              <th scope="col">Athlete</th>
              {reps.map((r) => (
                <th scope="col" key={r}>
                  Rep {r + 1}
                </th>
              ))}
              <th scope="col" className="number">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {run.athletes.map((athlete, a) => (
              <tr key={athlete.id}>
                <th scope="row">{athlete.name}</th>
                {reps.map((r) => (
                  <SplitCell
                    key={r}
                    id={`split-${a}-${r}`}
                    label={`rep ${r + 1}, ${athlete.name}`}
                    cell={table[a]?.[r] ?? { text: "", ms: null, dnf: true }}
                    onChange={(cell) => setCell(a, r, cell)}
                  />
                ))}
                <td className="number">{formatSplit(totalMs(table[a] ?? []))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {body === null && (
        <p role="alert" className="error">
          Some splits are not valid yet: fix the marked cells to save.
        </p>
      )}
      {body !== null && body.length === 0 && <p>No athlete has a time: nothing to save.</p>}
      <div className="stopwatch-controls">
        <button
          type="button"
          className="primary stopwatch-big"
          onClick={() => void save()}
          disabled={saving || body === null || body.length === 0}
        >
          Save
        </button>
        <button type="button" className="stopwatch-big" onClick={() => update((was) => ({ ...was, phase: "timing", table: null }))}>
          Back to timing
        </button>
        <button type="button" className="stopwatch-big" onClick={onClear}>
          Clear stopwatch
        </button>
      </div>
      <SaveState run={run} update={update} />
    </section>
  );
}
