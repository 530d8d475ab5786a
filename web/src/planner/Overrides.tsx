import { useState } from "react";
import { useNavigate } from "react-router";

import {
  type Assignment,
  type AssignmentCreate,
  type EventGroup,
  type Practice,
  type PracticeWorkout,
  type RosterEntry,
  type WorkoutSummary,
  useAddAssignment,
  useRemoveAssignment,
} from "./api";
import { usePlannerPaths } from "./paths";
import { groupName } from "./PracticeWorkouts";
import { ProblemAlert } from "./ProblemAlert";

type Kind = AssignmentCreate["kind"];
const KINDS: Record<Kind, string> = {
  replace: "Replace a workout with another",
  scale: "Scale a workout",
  exclude: "Leave out of the practice",
  add: "Add a workout",
};

/** Who does something else this time: per-athlete overrides, each with its note. */
export function Overrides({
  practice,
  assignments,
  entries,
  workouts,
  groups,
  roster,
}: {
  practice: Practice;
  assignments: Assignment[];
  entries: PracticeWorkout[];
  workouts: Map<string, WorkoutSummary>;
  groups: EventGroup[];
  roster: RosterEntry[];
}) {
  const remove = useRemoveAssignment(practice);
  const athleteName = (id: string) => roster.find((r) => r.athlete_id === id)?.name ?? "An athlete";
  const entryName = (id: string | null) => {
    if (id === null) return "the whole practice";
    const entry = entries.find((e) => e.id === id);
    return entry
      ? `${workouts.get(entry.workout_id)?.name ?? "workout"} (${groupName(groups, entry.event_group_id)})`
      : "a removed workout";
  };
  const describe = (a: Assignment): string => {
    const workout = a.workout_id ? (workouts.get(a.workout_id)?.name ?? "another workout") : "";
    if (a.kind === "replace") return `${entryName(a.practice_session_workout_id)} replaced by ${workout}`;
    if (a.kind === "add") return `adds ${workout}`;
    if (a.kind === "exclude") return `left out of ${entryName(a.practice_session_workout_id)}`;
    const parts = [
      a.distance_pct !== null ? `distance ${a.distance_pct} %` : null,
      a.duration_pct !== null ? `duration ${a.duration_pct} %` : null,
      a.rpe_shift !== null ? `RPE ${a.rpe_shift > 0 ? "+" : ""}${a.rpe_shift}` : null,
    ].filter(Boolean);
    return `${entryName(a.practice_session_workout_id)} scaled: ${parts.join(", ")}`;
  };
  return (
    <section aria-labelledby="overrides-title">
      <h2 id="overrides-title">Athlete overrides</h2>
      {assignments.length === 0 ? (
        <p>Everyone does their group&apos;s workouts. Add an override for an athlete who trains differently this time.</p>
      ) : (
        <ul className="override-list">
          {assignments.map((a) => (
            <li key={a.id}>
              <strong>{athleteName(a.athlete_id)}</strong>: {describe(a)}
              {a.note ? ` — ${a.note}` : ""}{" "}
              <button type="button" className="link-button" onClick={() => remove.mutate(a)}>
                Remove override for {athleteName(a.athlete_id)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ProblemAlert error={remove.error} action="The override was not removed" />
      <AddOverride practice={practice} entries={entries} workouts={workouts} groups={groups} roster={roster} />
    </section>
  );
}

function numberOrNull(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

function AddOverride({
  practice,
  entries,
  workouts,
  groups,
  roster,
}: {
  practice: Practice;
  entries: PracticeWorkout[];
  workouts: Map<string, WorkoutSummary>;
  groups: EventGroup[];
  roster: RosterEntry[];
}) {
  const [athlete, setAthlete] = useState("");
  const [kind, setKind] = useState<Kind>("replace");
  const [entry, setEntry] = useState("");
  const [workout, setWorkout] = useState("");
  const [distancePct, setDistancePct] = useState("");
  const [note, setNote] = useState("");
  const add = useAddAssignment(practice);
  const navigate = useNavigate();
  const paths = usePlannerPaths();
  const athletes = [...new Map(roster.map((r) => [r.athlete_id, r])).values()].sort((a, b) => a.name.localeCompare(b.name));
  const needsEntry = kind === "replace" || kind === "scale" || kind === "exclude";
  const needsWorkout = kind === "replace" || kind === "add";
  const body = (): AssignmentCreate => ({
    athlete_id: athlete,
    kind,
    practice_session_workout_id: needsEntry && entry ? entry : null,
    workout_id: needsWorkout ? workout : null,
    distance_pct: kind === "scale" ? numberOrNull(distancePct) : null,
    duration_pct: kind === "scale" ? numberOrNull(distancePct) : null,
    note: note || null,
  });
  return (
    <form
      className="panel"
      aria-labelledby="add-override-title"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(body(), { onSuccess: () => setNote("") });
      }}
    >
      <h3 id="add-override-title">Add an override</h3>
      <div className="toolbar">
        <div className="field inline-field">
          <label htmlFor="override-athlete">Athlete</label>
          <select id="override-athlete" value={athlete} onChange={(e) => setAthlete(e.target.value)} required>
            <option value="">Choose an athlete</option>
            {athletes.map((r) => (
              <option key={r.athlete_id} value={r.athlete_id}>
                {r.name}
                {r.event_group ? ` (${r.event_group})` : ""}
                {r.status !== "active" ? ` — ${r.status}` : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline-field">
          <label htmlFor="override-kind">Change</label>
          <select id="override-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {Object.entries(KINDS).map(([k, words]) => (
              <option key={k} value={k}>
                {words}
              </option>
            ))}
          </select>
        </div>
        {needsEntry && (
          <div className="field inline-field">
            <label htmlFor="override-entry">Practice workout</label>
            <select id="override-entry" value={entry} onChange={(e) => setEntry(e.target.value)} required={kind === "replace"}>
              <option value="">{kind === "replace" ? "Choose one" : "All of them"}</option>
              {entries.map((e) => (
                <option key={e.id} value={e.id}>
                  {workouts.get(e.workout_id)?.name ?? "Workout"} ({groupName(groups, e.event_group_id)})
                </option>
              ))}
            </select>
          </div>
        )}
        {needsWorkout && (
          <div className="field inline-field">
            <label htmlFor="override-workout">{kind === "replace" ? "Instead" : "Workout"}</label>
            <select id="override-workout" value={workout} onChange={(e) => setWorkout(e.target.value)} required>
              <option value="">Choose a workout</option>
              {[...workouts.values()].map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {kind === "scale" && (
          <div className="field inline-field">
            <label htmlFor="override-pct">Distance and duration (%)</label>
            <input id="override-pct" type="number" min={0} max={300} value={distancePct} onChange={(e) => setDistancePct(e.target.value)} />
          </div>
        )}
        <div className="field inline-field">
          <label htmlFor="override-note">Note</label>
          <input id="override-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        </div>
        <button type="submit" disabled={athlete === "" || add.isPending}>
          Add override
        </button>
        <button type="button" onClick={() => void navigate(paths.newWorkout({ practice: practice.id, category: "cross_training" }))}>
          Build a workout for the library
        </button>
      </div>
      <ProblemAlert error={add.error} action="The override was not added" />
    </form>
  );
}
