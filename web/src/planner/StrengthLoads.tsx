import {
  type EventGroup,
  type PracticeWorkout,
  type RosterEntry,
  type StrengthMax,
  useStrengthMaxes,
  useWorkout,
} from "./api";
import { groupName } from "./PracticeWorkouts";
import { type DraftStep, expand, fromRead, kilograms } from "./steps";

/** Each athlete's latest tested 1RM per exercise on ``day`` (tested on or before it), as the server picks it. */
export function latestMaxes(maxes: StrengthMax[], day: string): Map<string, number> {
  const best = new Map<string, StrengthMax>();
  for (const m of maxes) {
    if (m.tested_on > day) continue;
    const found = best.get(m.training_event_id);
    if (found === undefined || found.tested_on < m.tested_on) best.set(m.training_event_id, m);
  }
  return new Map([...best].map(([event, m]) => [event, m.one_rm_kg]));
}

/** "82.5 kg" from an athlete's max, or the words that say the load is still to be set. */
export function loadText(step: DraftStep, maxes: Map<string, number>): string {
  if (step.loadKg !== null) return `${step.loadKg} kg`;
  if (step.loadPct1rm === null) return "—";
  const oneRm = maxes.get(step.trainingEventId);
  return oneRm === undefined ? "load to be set" : `${kilograms(step.loadPct1rm, oneRm)} kg`;
}

/** The S&C workout of a practice per athlete of its group: sets × reps at each athlete's kilograms. */
export function StrengthLoads({
  entry,
  day,
  roster,
  groups,
}: {
  entry: PracticeWorkout;
  day: string;
  roster: RosterEntry[];
  groups: EventGroup[];
}) {
  const workout = useWorkout(entry.workout_id);
  const athletes = roster.filter(
    (r) => r.status !== "inactive" && (entry.event_group_id === null || r.event_group_id === entry.event_group_id),
  );
  const maxes = useStrengthMaxes(athletes.map((a) => a.athlete_id));
  if (workout.data === undefined) return null;
  // Each exercise once, in order (a block's steps repeat in ``expand``; the same object each time).
  const lifts = [...new Set(expand(fromRead(workout.data.steps)))];
  const eventName = new Map(
    workout.data.steps.flatMap((s) => [s, ...(s.steps ?? [])]).map((s) => [s.training_event_id, s.event_name]),
  );
  const title = `${workout.data.name} — ${groupName(groups, entry.event_group_id)}: each athlete's kilograms`;
  return (
    <section className="panel" aria-label={title}>
      <h3>{title}</h3>
      {athletes.length === 0 ? (
        <p>No athlete is in this group on the roster.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Athlete</th>
                {lifts.map((s) => (
                  <th scope="col" key={s.key}>
                    {eventName.get(s.trainingEventId) ?? "Exercise"} {s.sets ?? 1} × {s.reps ?? "—"}
                    {s.loadPct1rm !== null ? ` @ ${s.loadPct1rm} % 1RM` : ""}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {athletes.map((a, i) => {
                const own = maxes[i]?.data ? latestMaxes(maxes[i].data, day) : null;
                return (
                  <tr key={`${a.athlete_id}-${a.roster_entry_id}`}>
                    <th scope="row">{a.name}</th>
                    {lifts.map((s) => (
                      <td key={s.key}>{own === null ? "…" : loadText(s, own)}</td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
