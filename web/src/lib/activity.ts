// A session's device data for the session page: the activity/1 summary the import stored in metrics_json (laps
// and kilometre splits, docs/files.md) and the streams route's samples, shaped for tables and charts.

import type { components } from "../api/schema";
import type { ChartData } from "./trends";
import { type DistanceUnit, METRES_PER_KM, METRES_PER_MILE, formatDuration } from "./units";

type Streams = components["schemas"]["ActivityStreamsRead"];

export interface Lap {
  start: string;
  timer_s: number;
  distance_m: number | null;
  avg_hr: number | null;
  max_hr: number | null;
}

export interface Split {
  km: number;
  distance_m: number;
  timer_s: number;
  avg_hr: number | null;
}

export interface ActivitySummary {
  laps: Lap[];
  splits: Split[];
  hrAvg: number | null;
  hrMax: number | null;
  elevationGain: number | null;
  device: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The activity/1 summary of a session filled from a device file; null for sessions logged by hand. */
export function activitySummary(metrics: Record<string, unknown> | null | undefined): ActivitySummary | null {
  if (!isRecord(metrics) || metrics.schema !== "activity/1") return null;
  const laps = (Array.isArray(metrics.laps) ? metrics.laps : []).filter(isRecord).map((l) => ({
    start: String(l.start ?? ""),
    timer_s: num(l.timer_s) ?? 0,
    distance_m: num(l.distance_m),
    avg_hr: num(l.avg_hr),
    max_hr: num(l.max_hr),
  }));
  const splits = (Array.isArray(metrics.splits_km) ? metrics.splits_km : []).filter(isRecord).map((s) => ({
    km: num(s.km) ?? 0,
    distance_m: num(s.distance_m) ?? 0,
    timer_s: num(s.timer_s) ?? 0,
    avg_hr: num(s.avg_hr),
  }));
  const hr = isRecord(metrics.hr) ? metrics.hr : null;
  const elevation = isRecord(metrics.elevation) ? metrics.elevation : null;
  const source = isRecord(metrics.source) ? metrics.source : null;
  const device = source && isRecord(source.device) ? source.device : null;
  const deviceName = device ? [device.manufacturer, device.product].filter((v) => typeof v === "string").join(" ") : "";
  return {
    laps,
    splits,
    hrAvg: num(hr?.avg),
    hrMax: num(hr?.max),
    elevationGain: num(elevation?.gain_m),
    device: deviceName || null,
  };
}

// Below walking pace the "pace" of a stop would dwarf the run on the chart: 0.5 m/s (33 min/km) and slower is
// drawn as a gap.
const SLOWEST_SPEED_M_S = 0.5;

/** Heart rate and pace over the session's elapsed time, from the streams route. */
export function streamCharts(streams: Streams, unit: DistanceUnit): { heartRate: ChartData; pace: ChartData } {
  const x = { label: "Elapsed", values: streams.elapsed_s.map((v) => v ?? 0), format: formatDuration };
  const perUnit = unit === "km" ? METRES_PER_KM : METRES_PER_MILE;
  return {
    heartRate: { days: [], x, series: [{ label: "Heart rate (bpm)", values: streams.heart_rate_bpm, digits: 0 }] },
    pace: {
      days: [],
      x,
      series: [
        {
          label: `Pace (per ${unit})`,
          values: streams.speed_m_s.map((v) => (v == null || v < SLOWEST_SPEED_M_S ? null : perUnit / v)),
          digits: 0,
        },
      ],
    },
  };
}

export function hasValues(data: ChartData): boolean {
  return data.series.some((s) => s.values.some((v) => v != null));
}

export function streamSummary(streams: Streams, unit: DistanceUnit): string {
  const hr = streams.heart_rate_bpm.filter((v): v is number => v != null);
  const duration = formatDuration(streams.elapsed_s[streams.elapsed_s.length - 1] ?? 0);
  const hrText = hr.length > 0 ? ` Heart rate from ${Math.min(...hr)} to ${Math.max(...hr)} bpm.` : " No heart rate recorded.";
  const speeds = streams.speed_m_s.filter((v): v is number => v != null && v >= SLOWEST_SPEED_M_S);
  const perUnit = unit === "km" ? METRES_PER_KM : METRES_PER_MILE;
  const paceText =
    speeds.length > 0
      ? ` Pace from ${formatDuration(perUnit / Math.max(...speeds))} to ${formatDuration(perUnit / Math.min(...speeds))} per ${unit}.`
      : "";
  return `${duration} recorded, ${streams.samples} samples.${hrText}${paceText}`;
}
