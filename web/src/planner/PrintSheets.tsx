import { type Assignment, type EventGroup, type Practice, type PracticeWorkout, type RosterEntry, useWorkout } from "./api";
import { longDay } from "./dates";
import { groupName } from "./PracticeWorkouts";
import { describe, fromRead } from "./steps";

/** The practice on paper: one page per event group (printed only; coaches hand the sheets out at the track). */
export function PrintSheets({
  practice,
  entries,
  assignments,
  groups,
  roster,
}: {
  practice: Practice;
  entries: PracticeWorkout[];
  assignments: Assignment[];
  groups: EventGroup[];
  roster: RosterEntry[];
}) {
  const byGroup = new Map<string | null, PracticeWorkout[]>();
  for (const e of entries) byGroup.set(e.event_group_id, [...(byGroup.get(e.event_group_id) ?? []), e]);
  return (
    <div className="print-only">
      {[...byGroup].map(([group, items]) => {
        const members = roster.filter((r) => group === null || r.event_group_id === group);
        const notes = assignments.filter((a) => members.some((m) => m.athlete_id === a.athlete_id));
        return (
          <section key={group ?? "everyone"} className="print-sheet">
            <h2>
              {groupName(groups, group)} — {practice.title}, {longDay(practice.practice_date)}
              {practice.start_time ? `, ${practice.start_time.slice(0, 5)}` : ""}
              {practice.location ? `, ${practice.location}` : ""}
            </h2>
            {items.map((entry) => (
              <PrintedWorkout key={entry.id} workoutId={entry.workout_id} />
            ))}
            {notes.length > 0 && (
              <>
                <h3>Athletes training differently</h3>
                <ul>
                  {notes.map((a) => (
                    <li key={a.id}>
                      {members.find((m) => m.athlete_id === a.athlete_id)?.name}: {a.kind}
                      {a.note ? ` — ${a.note}` : ""}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        );
      })}
    </div>
  );
}

function PrintedWorkout({ workoutId }: { workoutId: string }) {
  const workout = useWorkout(workoutId);
  if (!workout.data) return null;
  const names = new Map<string, string>();
  const collect = (steps: typeof workout.data.steps) =>
    steps.forEach((s) => {
      if (s.training_event_id && s.event_name) names.set(s.training_event_id, s.event_name);
      collect(s.steps ?? []);
    });
  collect(workout.data.steps);
  return (
    <>
      <h3>{workout.data.name}</h3>
      {workout.data.description && <p>{workout.data.description}</p>}
      <ol>
        {describe(fromRead(workout.data.steps), (id) => names.get(id) ?? "Step").map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </>
  );
}
