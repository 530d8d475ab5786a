// Units and formats the screens share. Distances are metres and durations seconds everywhere in the API; these
// turn them into what a coach reads: km or miles by the user's preference, paces per km, per mile and per 400 m
// (the track lap), durations as h:mm:ss, and calendar days in the program's time zone.

export type DistanceUnit = "km" | "mi";

export const METRES_PER_KM = 1000;
export const METRES_PER_MILE = 1609.344; // the international mile (1959 agreement): exactly 1,609.344 m
export const METRES_PER_LAP = 400; // one lap of a standard outdoor track (World Athletics rule 14)

const METRES_PER_UNIT: Record<DistanceUnit, number> = { km: METRES_PER_KM, mi: METRES_PER_MILE };

/** "12.3 km" / "7.64 mi"; null and negative values read as an em dash. */
export function formatDistance(metres: number | null | undefined, unit: DistanceUnit): string {
  if (metres == null || !Number.isFinite(metres) || metres < 0) return "—";
  const value = metres / METRES_PER_UNIT[unit];
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** h:mm:ss, or m:ss under an hour ("4:05", "1:02:09"); seconds are rounded to the nearest whole one. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return "—";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Seconds it takes to cover ``per`` metres at the pace of ``seconds`` over ``metres``; null when undefined. */
export function secondsPer(per: number, metres: number | null | undefined, seconds: number | null | undefined): number | null {
  if (metres == null || seconds == null || !(metres > 0) || !(seconds > 0)) return null;
  return (seconds * per) / metres;
}

/** "4:05 /km", "6:34 /mi" or "98 s /400 m" (a lap reads in seconds, as coaches call splits). */
export function formatPace(
  metres: number | null | undefined,
  seconds: number | null | undefined,
  per: DistanceUnit | "lap",
): string {
  const perMetres = per === "lap" ? METRES_PER_LAP : METRES_PER_UNIT[per];
  const value = secondsPer(perMetres, metres, seconds);
  if (value == null) return "—";
  if (per === "lap") return `${Math.round(value)} s /400 m`;
  return `${formatDuration(value)} /${per}`;
}

/** "h:mm:ss", "mm:ss" or "ss" typed by a person, as seconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const parts = text.trim().split(":");
  if (parts.length === 0 || parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) return null;
  const numbers = parts.map(Number);
  if (numbers.slice(1).some((n) => n >= 60)) return null;
  return numbers.reduce((total, n) => total * 60 + n, 0);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in an IANA time zone: "today" is the program's today. */
export function localDay(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(instant)
    .reduce<Record<string, string>>((found, part) => ({ ...found, [part.type]: part.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}
