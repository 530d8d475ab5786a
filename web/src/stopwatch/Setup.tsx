import { useState } from "react";
import { useSearchParams } from "react-router";

import { ProblemAlert } from "../planner/ProblemAlert";
import {
  type EventGroup,
  type Practice,
  type PracticeWorkout,
  type RosterEntry,
  type Season,
  type WorkoutSummary,
  useEventGroups,
  usePractice,
  usePractices,
  useRoster,
  useWorkout,
  useWorkouts,
} from "../planner/api";
import { longDay } from "../planner/dates";
import { type Session, sessionsOf, useRunSessions } from "./api";
import { repPlan, repsLabel } from "./reps";
import type { StopwatchRun } from "./store";
import { newTiming } from "./timing";

/** Today's practices, published first, then by start time. */
function todaysPractices(practices: Practice[], today: string): Practice[] {
  const rank = (p: Practice) => (p.status === "published" ? 0 : 1);
  return practices
    .filter((p) => p.practice_date === today && p.status !== "cancelled")
    .sort((a, b) => rank(a) - rank(b) || (a.start_time ?? "").localeCompare(b.start_time ?? ""));
}

export function entryName(entry: PracticeWorkout, workouts: Map<string, WorkoutSummary>, groups: EventGroup[]): string {
  const group = groups.find((g) => g.id === entry.event_group_id)?.name ?? "Everyone";
  return `${workouts.get(entry.workout_id)?.name ?? "Workout"}, ${group}`;
}

/** Step one: the practice, the group's workout with its reps, and who is being timed. */
export function Setup({
  programId,
  season,
  today,
  onStart,
}: {
  programId: string;
  season: Season;
  today: string;
  onStart: (run: StopwatchRun) => void;
}) {
  const [params] = useSearchParams();
  const practices = usePractices(season.id);
  const library = useWorkouts(programId);
  const groups = useEventGroups(programId);
  const error = practices.error ?? library.error ?? groups.error;
  if (error) return <ProblemAlert error={error} />;
  if (!practices.data || !library.data || !groups.data) return <div className="skeleton" aria-busy="true" aria-label="Loading" />;
  const asked = practices.data.find((p) => p.id === params.get("practice"));
  const choices = todaysPractices(practices.data, today);
  if (asked !== undefined && !choices.includes(asked)) choices.unshift(asked);
  if (choices.length === 0) {
    return <p>There is no practice today ({longDay(today)}). Plan one in the planner, publish it, then time it here.</p>;
  }
  const workouts = new Map(library.data.map((w) => [w.id, w]));
  return (
    <PracticeChoice
      choices={choices}
      initial={asked ?? choices[0]}
      workouts={workouts}
      groups={groups.data}
      season={season}
      onStart={onStart}
    />
  );
}

function PracticeChoice({
  choices,
  initial,
  workouts,
  groups,
  season,
  onStart,
}: {
  choices: Practice[];
  initial: Practice | undefined;
  workouts: Map<string, WorkoutSummary>;
  groups: EventGroup[];
  season: Season;
  onStart: (run: StopwatchRun) => void;
}) {
  const [practiceId, setPracticeId] = useState(initial?.id ?? "");
  const practice = choices.find((p) => p.id === practiceId);
  const { workouts: entries } = usePractice(practiceId);
  const runs = (entries.data ?? []).filter((e) => workouts.get(e.workout_id)?.workout_category === "run");
  const [entryId, setEntryId] = useState<string | null>(null);
  const entry = runs.find((e) => e.id === entryId) ?? runs[0];
  return (
    <div className="stopwatch-setup">
      <div className="field">
        <label htmlFor="stopwatch-practice">Practice</label>
        <select
          id="stopwatch-practice"
          value={practiceId}
          onChange={(e) => {
            setPracticeId(e.target.value);
            setEntryId(null);
          }}
        >
          {choices.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}, {longDay(p.practice_date)}
              {p.start_time ? ` ${p.start_time.slice(0, 5)}` : ""}
              {p.status === "published" ? "" : " (draft)"}
            </option>
          ))}
        </select>
      </div>
      <ProblemAlert error={entries.error} />
      {entries.data && runs.length === 0 && <p>This practice has no run workout to time.</p>}
      {runs.length > 0 && (
        <div className="field">
          <label htmlFor="stopwatch-workout">Workout</label>
          <select id="stopwatch-workout" value={entry?.id ?? ""} onChange={(e) => setEntryId(e.target.value)}>
            {runs.map((e) => (
              <option key={e.id} value={e.id}>
                {entryName(e, workouts, groups)}
              </option>
            ))}
          </select>
        </div>
      )}
      {practice && entry && (
        <WorkoutReps
          key={entry.id}
          practice={practice}
          entry={entry}
          title={entryName(entry, workouts, groups)}
          groupName={groups.find((g) => g.id === entry.event_group_id)?.name ?? "Everyone"}
          season={season}
          onStart={onStart}
        />
      )}
    </div>
  );
}

function WorkoutReps({
  practice,
  entry,
  title,
  groupName,
  season,
  onStart,
}: {
  practice: Practice;
  entry: PracticeWorkout;
  title: string;
  groupName: string;
  season: Season;
  onStart: (run: StopwatchRun) => void;
}) {
  const workout = useWorkout(entry.workout_id);
  const sessions = useRunSessions(season.id, practice.practice_date);
  const roster = useRoster(season.id);
  const error = workout.error ?? sessions.error ?? roster.error;
  if (error) return <ProblemAlert error={error} />;
  if (!workout.data || !sessions.data || !roster.data) return <div className="skeleton" aria-busy="true" aria-label="Loading" />;
  return (
    <RepsAndAthletes
      practice={practice}
      entry={entry}
      title={title}
      groupName={groupName}
      workoutName={workout.data.name}
      plan={repPlan(workout.data.steps)}
      sessions={sessionsOf(sessions.data, practice.id, entry.id)}
      roster={roster.data}
      onStart={onStart}
    />
  );
}

function RepsAndAthletes({
  practice,
  entry,
  title,
  groupName,
  workoutName,
  plan,
  sessions,
  roster,
  onStart,
}: {
  practice: Practice;
  entry: PracticeWorkout;
  title: string;
  groupName: string;
  workoutName: string;
  plan: { reps: number; distanceM: number | null };
  sessions: Session[];
  roster: RosterEntry[];
  onStart: (run: StopwatchRun) => void;
}) {
  const [reps, setReps] = useState(String(plan.reps));
  const [distance, setDistance] = useState(plan.distanceM === null ? "" : String(plan.distanceM));
  const names = new Map(roster.map((r) => [r.athlete_id, r.name]));
  const athletes = sessions
    .map((s) => ({ id: s.athlete_id, name: names.get(s.athlete_id) ?? "Athlete", logged: s.completed_at !== null }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const [left, setLeft] = useState<Set<string>>(() => new Set(athletes.filter((a) => a.logged).map((a) => a.id)));
  const repCount = Number(reps);
  const repDistance = distance.trim() === "" ? null : Number(distance);
  const repsValid = Number.isInteger(repCount) && repCount >= 1 && repCount <= 100;
  const distanceValid = repDistance === null || (Number.isInteger(repDistance) && repDistance >= 1 && repDistance <= 100_000);
  const timed = athletes.filter((a) => !left.has(a.id));
  const toggle = (id: string) =>
    setLeft((was) => {
      const next = new Set(was);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!repsValid || !distanceValid || timed.length === 0) return;
        onStart({
          schema: 1,
          practiceId: practice.id,
          practiceTitle: practice.title,
          seasonId: practice.team_season_id,
          day: practice.practice_date,
          entryId: entry.id,
          workoutName: repsLabel({ reps: repCount, distanceM: repDistance }) || workoutName,
          groupName,
          repDistanceM: repDistance,
          athletes: timed.map(({ id, name }) => ({ id, name })),
          timing: newTiming(repCount),
          phase: "timing",
          table: null,
          savedKey: null,
        });
      }}
    >
      <p className="hint">
        {title}: the workout says {repsLabel(plan)}. Correct the reps here if the session changed.
      </p>
      <div className="form-row">
        <div className="field">
          <label htmlFor="stopwatch-reps">Reps</label>
          <input
            id="stopwatch-reps"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            value={reps}
            onChange={(e) => setReps(e.target.value)}
            aria-invalid={!repsValid}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="stopwatch-distance">Rep distance (m)</label>
          <input
            id="stopwatch-distance"
            type="number"
            inputMode="numeric"
            min={1}
            max={100000}
            value={distance}
            onChange={(e) => setDistance(e.target.value)}
            aria-invalid={!distanceValid}
          />
        </div>
      </div>
      <fieldset className="plain-fieldset">
        <legend>
          Athletes ({timed.length} of {athletes.length} timed)
        </legend>
        {athletes.length === 0 && <p>Nobody in this group has a session of this practice: publish the practice first.</p>}
        <ul className="stopwatch-roster">
          {athletes.map((a) => (
            <li key={a.id} className="checkbox-field">
              <input
                type="checkbox"
                id={`stopwatch-athlete-${a.id}`}
                checked={!left.has(a.id)}
                onChange={() => toggle(a.id)}
              />
              <label htmlFor={`stopwatch-athlete-${a.id}`}>
                {a.name}
                {a.logged ? " (already logged this session)" : ""}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <button type="submit" className="primary stopwatch-big" disabled={!repsValid || !distanceValid || timed.length === 0}>
        Start timing
      </button>
    </form>
  );
}
