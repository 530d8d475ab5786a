import type { DistanceUnit } from "../../lib/units";
import { type StepLine, stepLines } from "../../lib/workoutSteps";
import { type SessionRead, useWorkout } from "./queries";

function Lines({ lines }: { lines: StepLine[] }) {
  return (
    <ol className="today-steps">
      {lines.map((line) => (
        <li key={line.key}>
          {line.text}
          {line.steps && <Lines lines={line.steps} />}
        </li>
      ))}
    </ol>
  );
}

/** The published description line by line (a session without a workout, or its workout not at hand offline). */
function Description({ text, open }: { text: string | null; open: boolean }) {
  if (!text) return null;
  return (
    <details className="today-details today-description" open={open}>
      <summary>Plan</summary>
      {text.split("\n").filter((line) => line.trim() !== "").map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </details>
  );
}

/** What the session asks for: the workout's steps (repeats, targets, paces in ``unit``, the athlete's kilograms). */
export function WorkoutSteps({ session, unit, open }: { session: SessionRead; unit: DistanceUnit; open: boolean }) {
  const workout = useWorkout(session.workout_id);
  if (session.workout_id === null || !workout.data || workout.data.steps.length === 0) {
    return <Description text={session.planned_description} open={open} />;
  }
  return (
    <details className="today-details" open={open}>
      <summary>Steps</summary>
      <Lines lines={stepLines(workout.data.steps, unit, session.planned_description)} />
    </details>
  );
}
