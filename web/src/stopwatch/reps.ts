// Reading "6 × 800 m" out of a workout's steps: the main set is the repeat block (or a step with sets) that runs the
// most distance; its first step with a distance is the rep. The coach can correct both numbers on the screen.

import type { components } from "../api/schema";

type StepRead = components["schemas"]["StepRead"];

export interface RepPlan {
  reps: number;
  distanceM: number | null;
}

function firstDistance(steps: StepRead[]): number | null {
  for (const step of steps) {
    if (step.steps !== undefined && step.steps.length > 0) {
      const inner = firstDistance(step.steps);
      if (inner !== null) return inner;
    } else if (step.target_distance_m !== null) {
      return step.target_distance_m;
    }
  }
  return null;
}

function candidates(steps: StepRead[]): RepPlan[] {
  const found: RepPlan[] = [];
  for (const step of steps) {
    if (step.steps !== undefined && step.steps.length > 0) {
      const distanceM = firstDistance(step.steps);
      found.push({ reps: step.repeat ?? 1, distanceM });
      found.push(...candidates(step.steps));
    } else if ((step.sets ?? 1) > 1 && step.target_distance_m !== null) {
      found.push({ reps: step.sets ?? 1, distanceM: step.target_distance_m });
    }
  }
  return found;
}

/** The reps and rep distance of a workout (one rep of its longest step when it has no repeats). */
export function repPlan(steps: StepRead[]): RepPlan {
  const repeated = candidates(steps).filter((c) => c.reps > 1);
  if (repeated.length > 0) {
    const volume = (c: RepPlan) => c.reps * (c.distanceM ?? 0);
    return repeated.reduce((best, c) => (volume(c) > volume(best) ? c : best));
  }
  const distances = steps.map((s) => s.target_distance_m ?? 0);
  const longest = Math.max(0, ...distances);
  return { reps: 1, distanceM: longest > 0 ? longest : null };
}

/** "6 × 800 m", "4 × 400 m", "6 reps" (no distance). */
export function repsLabel(plan: RepPlan): string {
  if (plan.distanceM === null) return `${plan.reps} ${plan.reps === 1 ? "rep" : "reps"}`;
  const distance = plan.distanceM >= 1000 && plan.distanceM % 100 === 0 ? `${plan.distanceM / 1000} km` : `${plan.distanceM} m`;
  return `${plan.reps} × ${distance}`;
}
