// How a session reads on every screen: what was planned, what was done, its status and category, in words.

import type { components } from "../api/schema";
import { type DistanceUnit, formatDistance, formatDuration } from "./units";

type SessionRead = components["schemas"]["SessionRead"];
export type SessionStatus = SessionRead["status"];
export type Category = SessionRead["workout_category"];

export const STATUS_WORDS: Record<SessionStatus, string> = {
  planned: "Planned",
  completed: "Completed",
  missed: "Missed",
};

export const CATEGORY_WORDS: Record<Category, string> = {
  run: "Run",
  gym: "Gym",
  cross_training: "Cross-training",
  other: "Other",
};

function parts(metres: number | null, seconds: number | null, rpe: number | null, unit: DistanceUnit): string {
  const out: string[] = [];
  if (metres != null) out.push(formatDistance(metres, unit));
  if (seconds != null) out.push(formatDuration(seconds));
  if (rpe != null) out.push(`RPE ${rpe}`);
  return out.length > 0 ? out.join(" · ") : "—";
}

export function plannedText(s: SessionRead, unit: DistanceUnit): string {
  return parts(s.planned_distance_m, s.planned_duration_sec, s.planned_rpe, unit);
}

export function actualText(s: SessionRead, unit: DistanceUnit): string {
  if (s.status !== "completed") return "—";
  return parts(s.actual_distance_m, s.actual_duration_sec, s.actual_rpe, unit);
}

/** The session's name as a person would say it: its title, else its category. */
export function sessionName(s: Pick<SessionRead, "title" | "workout_category">): string {
  return s.title ?? CATEGORY_WORDS[s.workout_category];
}
