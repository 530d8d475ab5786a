import { useState } from "react";
import { Link, useNavigate } from "react-router";

import { formatDistance, formatDuration } from "../lib/units";
import {
  type EventGroup,
  type Practice,
  type PracticeWorkout,
  type WorkoutSummary,
  useAddPracticeWorkout,
  useRemovePracticeWorkout,
} from "./api";
import { usePlannerPaths } from "./paths";
import { ProblemAlert } from "./ProblemAlert";
import { estimatedLoad } from "./steps";

export const EVERYONE = "";

export function groupName(groups: EventGroup[], id: string | null): string {
  return id === null ? "Everyone" : (groups.find((g) => g.id === id)?.name ?? "An archived group");
}

/** The practice's workouts, one row per event group and workout, with their planned totals. */
export function PracticeWorkouts({
  practice,
  entries,
  workouts,
  groups,
}: {
  practice: Practice;
  entries: PracticeWorkout[];
  workouts: Map<string, WorkoutSummary>;
  groups: EventGroup[];
}) {
  const paths = usePlannerPaths();
  const remove = useRemovePracticeWorkout(practice);
  return (
    <section aria-labelledby="practice-workouts">
      <h2 id="practice-workouts">Workouts by event group</h2>
      {entries.length === 0 ? (
        <p>No workout yet: add one for an event group (or everyone) below.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Event group</th>
                <th scope="col">Workout</th>
                <th scope="col" className="number">Distance</th>
                <th scope="col" className="number">Duration</th>
                <th scope="col" className="number">Session RPE</th>
                <th scope="col" className="number">Est. load</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const w = workouts.get(entry.workout_id);
                const group = groupName(groups, entry.event_group_id);
                return (
                  <tr key={entry.id}>
                    <td>{group}</td>
                    <td>
                      <Link to={paths.workout(entry.workout_id, { practice: practice.id })}>{w?.name ?? "Workout"}</Link>
                      {w?.workout_category === "gym" && <span className="tag">S&amp;C</span>}
                    </td>
                    <td className="number">{formatDistance(w?.planned_distance_m, "km")}</td>
                    <td className="number">{formatDuration(w?.planned_duration_sec)}</td>
                    <td className="number">
                      {w?.planned_rpe ?? "—"}
                      {w?.planned_rpe_estimated ? " (from steps)" : ""}
                    </td>
                    <td className="number">{estimatedLoad(w?.planned_rpe ?? null, w?.planned_duration_sec ?? null) ?? "—"}</td>
                    <td>
                      <button type="button" className="link-button" onClick={() => remove.mutate(entry)}>
                        Remove {w?.name ?? "workout"} for {group}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ProblemAlert error={remove.error} action="The workout was not removed" />
      <AddPracticeWorkout practice={practice} workouts={[...workouts.values()]} groups={groups} />
    </section>
  );
}

function AddPracticeWorkout({
  practice,
  workouts,
  groups,
}: {
  practice: Practice;
  workouts: WorkoutSummary[];
  groups: EventGroup[];
}) {
  const [group, setGroup] = useState(EVERYONE);
  const [workout, setWorkout] = useState("");
  const add = useAddPracticeWorkout(practice);
  const navigate = useNavigate();
  const paths = usePlannerPaths();
  const build = (category: "run" | "gym") =>
    void navigate(paths.newWorkout({ practice: practice.id, group: group || "everyone", category }));
  return (
    <form
      className="panel"
      aria-labelledby="add-workout-title"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ workout_id: workout, event_group_id: group || null }, { onSuccess: () => setWorkout("") });
      }}
    >
      <h3 id="add-workout-title">Add a workout</h3>
      <div className="toolbar">
        <div className="field inline-field">
          <label htmlFor="add-workout-group">Event group</label>
          <select id="add-workout-group" value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value={EVERYONE}>Everyone</option>
            {groups
              .filter((g) => g.archived_at === null)
              .map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
          </select>
        </div>
        <div className="field inline-field">
          <label htmlFor="add-workout-workout">From the library</label>
          <select id="add-workout-workout" value={workout} onChange={(e) => setWorkout(e.target.value)}>
            <option value="">Choose a workout</option>
            {workouts.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={workout === "" || add.isPending}>
          Add workout
        </button>
        <span className="hint">or</span>
        <button type="button" onClick={() => build("run")}>
          Build a new workout
        </button>
        <button type="button" onClick={() => build("gym")}>
          Build a new S&amp;C workout
        </button>
      </div>
      <ProblemAlert error={add.error} action="The workout was not added" />
    </form>
  );
}
