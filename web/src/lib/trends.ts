// Shaping API answers into chart series, and the sentences that say what a chart shows (its text alternative).
// Pure functions: the charts, their data tables and the tests all read the same shapes.

import type { components } from "../api/schema";
import { addDays, formatShortDay } from "./days";
import { type DistanceUnit, METRES_PER_KM, METRES_PER_MILE } from "./units";

type TrainingWeek = components["schemas"]["TrainingWeek"];
type DayLoad = components["schemas"]["DayLoad"];
type SessionRead = components["schemas"]["SessionRead"];

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** Digits after the point in the data table. */
  digits: number;
}

/** One chart's data: a calendar day per point (ascending) and the series drawn over them. */
export interface ChartData {
  days: string[];
  series: ChartSeries[];
  /** Instead of days: numbers on x (e.g. seconds into a session), with their name and format. */
  x?: { label: string; values: number[]; format: (value: number) => string };
}

// The commonly cited "normal" band of the acute:chronic ratio (Gabbett 2016, BJSM 50:273), drawn only as a
// description of the athlete's load against their recent norm, as the load flags use it (docs/load-model.md).
export const ACWR_BAND = { low: 0.8, high: 1.3 } as const;

function inUnit(metres: number | null | undefined, unit: DistanceUnit): number | null {
  if (metres == null) return null;
  return metres / (unit === "km" ? METRES_PER_KM : METRES_PER_MILE);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function weeklyVolume(weeks: TrainingWeek[], unit: DistanceUnit): ChartData {
  return {
    days: weeks.map((w) => w.week_start),
    series: [
      { label: `Planned (${unit})`, values: weeks.map((w) => inUnit(w.planned_distance_m, unit)), digits: 1 },
      { label: `Completed (${unit})`, values: weeks.map((w) => inUnit(w.actual_distance_m, unit)), digits: 1 },
    ],
  };
}

export function dailyLoad(days: DayLoad[]): ChartData {
  return {
    days: days.map((d) => d.date),
    series: [
      { label: "Load (AU)", values: days.map((d) => d.load), digits: 0 },
      { label: "Acute (AU)", values: days.map((d) => d.acute_ewma), digits: 0 },
      { label: "Chronic (AU)", values: days.map((d) => d.chronic_ewma), digits: 0 },
      { label: "Acute:chronic", values: days.map((d) => d.acwr_ewma), digits: 2 },
    ],
  };
}

export function fitnessFatigueForm(days: DayLoad[]): ChartData {
  return {
    days: days.map((d) => d.date),
    series: [
      { label: "Fitness (CTL)", values: days.map((d) => d.ctl), digits: 1 },
      { label: "Fatigue (ATL)", values: days.map((d) => d.atl), digits: 1 },
      { label: "Form (TSB)", values: days.map((d) => d.tsb), digits: 1 },
    ],
  };
}

export function readinessHistory(days: DayLoad[]): ChartData {
  return {
    days: days.map((d) => d.date),
    series: [{ label: "Readiness (0–100)", values: days.map((d) => d.readiness_score), digits: 0 }],
  };
}

/** Per day with a completed session that had both RPEs: the mean planned and mean actual RPE. */
export function rpePlannedActual(sessions: SessionRead[]): ChartData {
  const byDay = new Map<string, { planned: number; actual: number; n: number }>();
  for (const s of sessions) {
    if (s.status !== "completed" || s.planned_rpe == null || s.actual_rpe == null) continue;
    const found = byDay.get(s.session_date) ?? { planned: 0, actual: 0, n: 0 };
    found.planned += s.planned_rpe;
    found.actual += s.actual_rpe;
    found.n += 1;
    byDay.set(s.session_date, found);
  }
  const days = [...byDay.keys()].sort();
  return {
    days,
    series: [
      { label: "Planned RPE", values: days.map((d) => round(byDay.get(d)!.planned / byDay.get(d)!.n, 1)), digits: 1 },
      { label: "Actual RPE", values: days.map((d) => round(byDay.get(d)!.actual / byDay.get(d)!.n, 1)), digits: 1 },
    ],
  };
}

function lastDefined(values: (number | null)[], days: string[]): { value: number; day: string } | null {
  for (let i = values.length - 1; i >= 0; i -= 1) {
    const v = values[i];
    if (v != null) return { value: v, day: days[i]! };
  }
  return null;
}

function sum(values: (number | null)[]): number {
  return values.reduce<number>((total, v) => total + (v ?? 0), 0);
}

// ---------------------------------------------------------------------------------------------- summaries

export function weeklyVolumeSummary(data: ChartData, unit: DistanceUnit): string {
  const [planned, completed] = data.series;
  if (!planned || !completed || data.days.length === 0) return "No weeks in this range.";
  const done = sum(completed.values);
  const plan = sum(planned.values);
  let best = -1;
  completed.values.forEach((v, i) => {
    if (v != null && (best < 0 || v > (completed.values[best] ?? 0))) best = i;
  });
  const busiest =
    best >= 0 && (completed.values[best] ?? 0) > 0
      ? ` The most was the week of ${formatShortDay(data.days[best]!)}: ${(completed.values[best] ?? 0).toFixed(1)} ${unit}.`
      : "";
  return `Over ${data.days.length} weeks, ${done.toFixed(1)} ${unit} completed of ${plan.toFixed(1)} ${unit} planned.${busiest}`;
}

export function ratioWords(ratio: number): string {
  const where = ratio > ACWR_BAND.high ? "above" : ratio < ACWR_BAND.low ? "below" : "within";
  return `load is ${ratio.toFixed(2)}× the recent norm (${where} the usual ${ACWR_BAND.low}–${ACWR_BAND.high} band)`;
}

export function dailyLoadSummary(data: ChartData): string {
  const [load, , , ratio] = data.series;
  if (!load || !ratio || data.days.length === 0) return "No days in this range.";
  const total = sum(load.values);
  const trainingDays = load.values.filter((v) => v != null && v > 0).length;
  const last = lastDefined(ratio.values, data.days);
  const ratioText = last ? ` On ${formatShortDay(last.day)} ${ratioWords(last.value)}.` : " No acute:chronic ratio yet.";
  return `${trainingDays} days with load, ${Math.round(total)} AU in total over ${data.days.length} days.${ratioText} This describes load; it is not an injury probability.`;
}

export function fitnessSummary(data: ChartData): string {
  const [ctl, atl, tsb] = data.series;
  if (!ctl || !atl || !tsb) return "No days in this range.";
  const c = lastDefined(ctl.values, data.days);
  const a = lastDefined(atl.values, data.days);
  const f = lastDefined(tsb.values, data.days);
  if (!c || !a || !f) return "Not enough history for fitness, fatigue and form yet.";
  const first = ctl.values.find((v) => v != null) ?? c.value;
  const change = c.value - first;
  return `On ${formatShortDay(c.day)} fitness is ${c.value.toFixed(1)} (${change >= 0 ? "+" : ""}${change.toFixed(1)} over the range), fatigue ${a.value.toFixed(1)}, form ${f.value >= 0 ? "+" : ""}${f.value.toFixed(1)} (${f.value >= 0 ? "fitness above fatigue" : "fatigue above fitness"}).`;
}

export function readinessSummary(data: ChartData): string {
  const [score] = data.series;
  const defined = score?.values.filter((v): v is number => v != null) ?? [];
  if (!score || defined.length === 0) return "No readiness scores in this range yet (28 days of history and 8 logged sessions are needed).";
  const last = lastDefined(score.values, data.days)!;
  const low = Math.min(...defined);
  const high = Math.max(...defined);
  return `Readiness ${Math.round(last.value)} on ${formatShortDay(last.day)}; between ${Math.round(low)} and ${Math.round(high)} over the range.`;
}

export function rpeSummary(data: ChartData): string {
  const [planned, actual] = data.series;
  if (!planned || !actual || data.days.length === 0) return "No completed sessions with both a planned and an actual RPE in this range.";
  const drift = (sum(actual.values) - sum(planned.values)) / data.days.length;
  const words = Math.abs(drift) < 0.5 ? "close to plan" : drift > 0 ? "harder than planned" : "easier than planned";
  // Rounded before the sign is chosen: a drift of -0.02 reads "+0.0", not "-0.0".
  const shown = Math.round(drift * 10) / 10;
  return `${data.days.length} days with both RPEs; on average actual RPE was ${shown >= 0 ? "+" : ""}${shown.toFixed(1)} against plan (${words}).`;
}

// ---------------------------------------------------------------------------------------------- sparkline

/** An SVG path through the values (nulls read as 0) scaled into width × height, y growing downwards. */
export function sparklinePath(values: (number | null)[], width: number, height: number): string {
  if (values.length === 0) return "";
  const numbers = values.map((v) => v ?? 0);
  const max = Math.max(...numbers, 1);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return numbers
    .map((v, i) => `${i === 0 ? "M" : "L"}${round(i * step, 1)},${round(height - (v / max) * height, 1)}`)
    .join(" ");
}

/** The days of a range, from and to inclusive. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
