// What an athlete types when logging a session, turned into the API's actual fields (and back for editing):
// duration as h:mm:ss, distance in their unit, RPE on the CR-10 scale, notes and a pain flag with its location.

import type { components } from "../api/schema";
import { type DistanceUnit, METRES_PER_KM, METRES_PER_MILE } from "./units";

type SessionRead = components["schemas"]["SessionRead"];

// The API's bounds (src/trainingops/sessions/schemas.py, mirroring the database's constraints).
export const MAX_DURATION_SEC = 172_800;
export const MAX_DISTANCE_M = 1_000_000;

/**
 * Session RPE on the CR-10 scale with its verbal anchors, as Foster et al. 2001 ("A new approach to monitoring
 * exercise training", J Strength Cond Res 15:109–115, table 1) ask it ~30 minutes after the session: "How was
 * your workout?". The scale's 0 ("Rest") is not offered: a logged session is not rest, and the API takes 1–10.
 * 6, 8 and 9 carry no anchor on Foster's scale.
 */
export const RPE_ANCHORS: readonly { value: number; anchor: string | null }[] = [
  { value: 1, anchor: "Very, very easy" },
  { value: 2, anchor: "Easy" },
  { value: 3, anchor: "Moderate" },
  { value: 4, anchor: "Somewhat hard" },
  { value: 5, anchor: "Hard" },
  { value: 6, anchor: null },
  { value: 7, anchor: "Very hard" },
  { value: 8, anchor: null },
  { value: 9, anchor: null },
  { value: 10, anchor: "Maximal" },
];

export const DURATION_MESSAGE = "Enter the duration as h:mm:ss, for example 0:45:30 (or m:ss such as 45:30).";

const METRES_PER_UNIT: Record<DistanceUnit, number> = { km: METRES_PER_KM, mi: METRES_PER_MILE };

/** "h:mm:ss" or "m:ss" as seconds; null when it is not one (a bare number is refused: minutes or seconds?). */
export function parseClock(text: string): number | null {
  const parts = text.trim().split(":");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^\d{1,3}$/.test(p))) return null;
  const numbers = parts.map(Number);
  if (numbers.slice(1).some((n) => n >= 60)) return null;
  return numbers.reduce((total, n) => total * 60 + n, 0);
}

/** Seconds as h:mm:ss, always with hours (what the Duration field shows). */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** A distance typed in km or miles ("8.5", "8,5") as whole metres; null when it is not a number ≥ 0. */
export function parseDistance(text: string, unit: DistanceUnit): number | null {
  const cleaned = text.trim().replace(",", ".");
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * METRES_PER_UNIT[unit]);
}

/** Metres as the Distance field shows them in the athlete's unit: up to two decimals, no trailing zeros. */
export function distanceInUnit(metres: number, unit: DistanceUnit): string {
  return String(Number((metres / METRES_PER_UNIT[unit]).toFixed(2)));
}

export interface ActualsForm {
  duration: string;
  distance: string;
  rpe: string;
  notes: string;
  pain: boolean;
  painScore: string;
  painWhere: string;
}

export const EMPTY_ACTUALS: ActualsForm = {
  duration: "",
  distance: "",
  rpe: "",
  notes: "",
  pain: false,
  painScore: "",
  painWhere: "",
};

export interface Pain {
  score: number;
  note: string | null;
}

export interface Actuals {
  actual_duration_sec: number | null;
  actual_distance_m: number | null;
  actual_rpe: number | null;
  actual_description: string | null;
  pain: Pain | null;
}

export type ActualsErrors = Partial<Record<"duration" | "distance" | "rpe" | "painScore", string>>;

/** The form's values checked and converted, or a message per field that is wrong (then nothing is sent). */
export function readActuals(form: ActualsForm, unit: DistanceUnit): { actuals: Actuals } | { errors: ActualsErrors } {
  const errors: ActualsErrors = {};
  let duration: number | null = null;
  if (form.duration.trim() !== "") {
    duration = parseClock(form.duration);
    if (duration === null || duration === 0) errors.duration = DURATION_MESSAGE;
    else if (duration > MAX_DURATION_SEC) errors.duration = "A session lasts at most 48 hours (48:00:00).";
  }
  let distance: number | null = null;
  if (form.distance.trim() !== "") {
    distance = parseDistance(form.distance, unit);
    if (distance === null) errors.distance = `Enter the distance in ${unit} as a number, for example 8.5.`;
    else if (distance > MAX_DISTANCE_M) errors.distance = `A session covers at most ${distanceInUnit(MAX_DISTANCE_M, unit)} ${unit}.`;
  }
  const rpe = form.rpe === "" ? null : Number(form.rpe);
  if (rpe !== null && !RPE_ANCHORS.some((a) => a.value === rpe)) errors.rpe = "Choose an RPE from 1 to 10.";
  let pain: Pain | null = null;
  if (form.pain) {
    const score = Number(form.painScore);
    if (form.painScore === "" || !Number.isInteger(score) || score < 1 || score > 10) {
      errors.painScore = "Rate the pain from 1 to 10.";
    } else {
      pain = { score, note: form.painWhere.trim() || null };
    }
  }
  if (form.duration.trim() === "" && form.distance.trim() === "" && rpe === null && form.notes.trim() === "" && !form.pain) {
    errors.duration = "Enter at least the duration, the distance or the RPE of what you did.";
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    actuals: {
      actual_duration_sec: duration,
      actual_distance_m: distance,
      actual_rpe: rpe,
      actual_description: form.notes.trim() || null,
      pain,
    },
  };
}

/** The pain an athlete logged in metrics_json.pain: a 0–10 score or {score, note} (docs/api.md, the loop). */
export function painOf(metrics: Record<string, unknown> | null | undefined): Pain | null {
  const pain = metrics?.pain;
  if (typeof pain === "number") return pain >= 1 ? { score: pain, note: null } : null;
  if (typeof pain === "object" && pain !== null && !Array.isArray(pain)) {
    const { score, note } = pain as Record<string, unknown>;
    if (typeof score === "number" && score >= 1) return { score, note: typeof note === "string" ? note : null };
  }
  return null;
}

/** The form as a logged session fills it, for editing its actuals. */
export function formOf(session: SessionRead, unit: DistanceUnit): ActualsForm {
  const pain = painOf(session.metrics_json);
  return {
    duration: session.actual_duration_sec == null ? "" : formatClock(session.actual_duration_sec),
    distance: session.actual_distance_m == null ? "" : distanceInUnit(session.actual_distance_m, unit),
    rpe: session.actual_rpe == null ? "" : String(session.actual_rpe),
    notes: session.actual_description ?? "",
    pain: pain !== null,
    painScore: pain ? String(pain.score) : "",
    painWhere: pain?.note ?? "",
  };
}

/** metrics_json with the pain set or removed, everything else (a device file's summary) kept. */
export function withPain(metrics: Record<string, unknown> | null | undefined, pain: Pain | null): Record<string, unknown> | null {
  const rest = Object.fromEntries(Object.entries(metrics ?? {}).filter(([key]) => key !== "pain"));
  if (pain) return { ...rest, pain };
  return Object.keys(rest).length > 0 ? rest : null;
}

type ActualField = "actual_duration_sec" | "actual_distance_m" | "actual_rpe" | "actual_description" | "metrics_json";

/**
 * The fields a log changes on ``session`` (a first log sends every field filled; an edit only those that differ),
 * and their values as the athlete saw them — the outbox's conflict base.
 */
export function actualChanges(
  session: SessionRead,
  actuals: Actuals,
  { firstLog }: { firstLog: boolean },
): { body: Partial<Record<ActualField, unknown>>; base: Record<string, unknown> } {
  const next: Record<ActualField, unknown> = {
    actual_duration_sec: actuals.actual_duration_sec,
    actual_distance_m: actuals.actual_distance_m,
    actual_rpe: actuals.actual_rpe,
    actual_description: actuals.actual_description,
    metrics_json: withPain(session.metrics_json, actuals.pain),
  };
  const body: Partial<Record<ActualField, unknown>> = {};
  const base: Record<string, unknown> = {};
  for (const field of Object.keys(next) as ActualField[]) {
    const before = session[field] ?? null;
    const after = next[field];
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    if (firstLog ? after !== null || changed : changed) {
      body[field] = after;
      base[field] = before;
    }
  }
  return { body, base };
}
