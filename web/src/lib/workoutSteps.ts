// A workout's steps as the athlete reads them on a phone: one line per step, repeat blocks nested, distances and
// paces in the athlete's unit, and loads as the session was published — in their own kilograms.

import type { components } from "../api/schema";
import { type DistanceUnit, METRES_PER_KM, METRES_PER_MILE, formatDistance, formatDuration, formatPace } from "./units";

type StepRead = components["schemas"]["StepRead"];

export interface StepLine {
  key: string;
  text: string;
  /** A repeat block: how many times, its steps, and the rest after it. */
  repeat?: number;
  steps?: StepLine[];
}

const METRES_PER_UNIT: Record<DistanceUnit, number> = { km: METRES_PER_KM, mi: METRES_PER_MILE };
// Track distances (up to 1,000 m) read in metres in either unit: coaches call reps "400s", not "0.25 mi".
const TRACK_DISTANCE_MAX_M = 1000;

/** A pace given per km (the API's unit for step targets) in the athlete's unit: "4:50 /mi". */
export function paceInUnit(secondsPerKm: number, unit: DistanceUnit): string {
  return `${formatDuration((secondsPerKm * METRES_PER_UNIT[unit]) / METRES_PER_KM)} /${unit}`;
}

function stepDistance(metres: number, unit: DistanceUnit): string {
  return metres <= TRACK_DISTANCE_MAX_M ? `${metres} m` : formatDistance(metres, unit);
}

function isBlock(step: StepRead): boolean {
  return Array.isArray(step.steps) && step.steps.length > 0;
}

/**
 * The load texts the published description carries, in order ("100 kg (80 % of 1RM 125 kg)", "80 % 1RM (load to
 * be set: no tested max)"): publishing wrote each %-of-1RM step out in the athlete's own kilograms
 * (src/trainingops/planning/steps.py, `_load`), depth first, each block's steps once.
 */
export function publishedLoads(description: string | null): string[] {
  if (!description) return [];
  return [...description.matchAll(/@ (\d+(?:\.\d+)? (?:kg|% 1RM)(?: \([^)]*\))?)/g)].map((m) => m[1] ?? "");
}

function loadSteps(steps: readonly StepRead[]): StepRead[] {
  return steps.flatMap((s) => (isBlock(s) ? loadSteps(s.steps ?? []) : s.load_kg != null || s.load_pct_1rm != null ? [s] : []));
}

function leafText(step: StepRead, unit: DistanceUnit, load: string | undefined): string {
  const parts: string[] = [];
  if (step.sets && step.reps) parts.push(`${step.sets} × ${step.reps}`);
  else if (step.sets) parts.push(`${step.sets} sets`);
  else if (step.reps) parts.push(`${step.reps} reps`);
  if (step.target_distance_m != null) parts.push(stepDistance(step.target_distance_m, unit));
  if (step.target_duration_sec != null) parts.push(formatDuration(step.target_duration_sec));
  if (load) parts.push(`@ ${load}`);
  else if (step.load_kg != null) parts.push(`@ ${step.load_kg} kg`);
  else if (step.load_pct_1rm != null) parts.push(`@ ${step.load_pct_1rm} % of 1RM`);
  if (step.pace_min_sec_per_km != null) {
    const slow = step.pace_max_sec_per_km ?? step.pace_min_sec_per_km;
    const fast = paceInUnit(step.pace_min_sec_per_km, unit);
    parts.push(slow === step.pace_min_sec_per_km ? `pace ${fast}` : `pace ${fast.split(" ")[0]}–${paceInUnit(slow, unit)}`);
  } else if (step.target_distance_m != null && step.target_duration_sec != null) {
    parts.push(`pace ${formatPace(step.target_distance_m, step.target_duration_sec, unit)}`);
  }
  if (step.intensity_rpe != null) parts.push(`RPE ${step.intensity_rpe}`);
  if (step.hr_zone != null) parts.push(`HR zone ${step.hr_zone}`);
  if (step.rest_sec) parts.push(`rest ${formatDuration(step.rest_sec)}`);
  const name = step.event_name ?? "Step";
  const text = parts.length > 0 ? `${name}: ${parts.join(", ")}` : name;
  return step.notes ? `${text} (${step.notes})` : text;
}

/** The steps as lines; ``description`` is the session's published description, for the athlete's kilograms. */
export function stepLines(steps: readonly StepRead[], unit: DistanceUnit, description: string | null): StepLine[] {
  const published = publishedLoads(description);
  const withLoad = loadSteps(steps);
  // Only when the description and the steps still agree (the workout may have changed since publishing).
  const loads = new Map(published.length === withLoad.length ? withLoad.map((s, i) => [s.id, published[i]]) : []);
  const lines = (list: readonly StepRead[]): StepLine[] =>
    list.map((step) =>
      isBlock(step)
        ? {
            key: step.id,
            text: `${step.repeat ?? 1} ×${step.rest_sec ? `, rest ${formatDuration(step.rest_sec)} after` : ""}`,
            repeat: step.repeat ?? 1,
            steps: lines(step.steps ?? []),
          }
        : { key: step.id, text: leafText(step, unit, loads.get(step.id)) },
    );
  return lines(steps);
}
