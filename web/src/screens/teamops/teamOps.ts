// Shaping the Team Ops answer for the screen: rows grouped by event group, the "needs attention" filter, words
// for the week and the sparkline. Pure, so Vitest covers it.

import type { components } from "../../api/schema";
import { type DistanceUnit, formatDistance } from "../../lib/units";

export type TeamOps = components["schemas"]["TeamOps"];
export type TeamOpsAthlete = components["schemas"]["TeamOpsAthlete"];

export interface GroupRows {
  id: string;
  name: string;
  athletes: TeamOpsAthlete[];
  needsAttention: number;
}

export const NO_GROUP = "No event group";

/** Whether the athlete did the wellness check-in on the day the row is as of (null: no readiness to say). */
export function checkedIn(athlete: TeamOpsAthlete): boolean | null {
  return athlete.readiness ? athlete.readiness.wellness.checked_in_today : null;
}

/** One table per event group, each athlete once (under their first group, as the API orders them). */
export function groupRows(athletes: TeamOpsAthlete[], onlyNeedingAttention: boolean, onlyNotCheckedIn = false): GroupRows[] {
  const groups = new Map<string, GroupRows>();
  for (const athlete of athletes) {
    const first = athlete.event_groups[0];
    const key = first?.id ?? "";
    const group = groups.get(key) ?? { id: key, name: first?.name ?? NO_GROUP, athletes: [], needsAttention: 0 };
    if (athlete.needs_attention) group.needsAttention += 1;
    const shown = (!onlyNeedingAttention || athlete.needs_attention) && (!onlyNotCheckedIn || checkedIn(athlete) === false);
    if (shown) group.athletes.push(athlete);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function weekWords(athlete: TeamOpsAthlete, unit: DistanceUnit): string {
  const w = athlete.week;
  const done = `${w.completed} of ${w.sessions} sessions done`;
  const distance =
    w.planned_distance_m > 0 || w.actual_distance_m > 0
      ? ` · ${formatDistance(w.actual_distance_m, unit)} of ${formatDistance(w.planned_distance_m, unit)}`
      : "";
  return `${done}${distance}`;
}

export function sparklineWords(values: (number | null)[]): string {
  const defined = values.filter((v): v is number => v != null);
  if (defined.length === 0) return "No load history in the last 28 days";
  const total = defined.reduce((a, b) => a + b, 0);
  const days = defined.filter((v) => v > 0).length;
  return `Load over the last 28 days: ${Math.round(total)} AU on ${days} days, highest day ${Math.round(Math.max(...defined))} AU`;
}
