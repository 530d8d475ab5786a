// Calendar days as the API writes them (YYYY-MM-DD, already in the program's time zone). Arithmetic runs on UTC
// midnights, so no local clock or daylight-saving change can shift a day.

const MS_PER_DAY = 86_400_000;

export function dayToUtc(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

export function utcToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return utcToDay(dayToUtc(day) + n * MS_PER_DAY);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dayToUtc(to) - dayToUtc(from)) / MS_PER_DAY);
}

/** 0 = Monday … 6 = Sunday (ISO weeks, as the API's weeks). */
export function weekdayIndex(day: string): number {
  return (new Date(dayToUtc(day)).getUTCDay() + 6) % 7;
}

export function mondayOf(day: string): string {
  return addDays(day, -weekdayIndex(day));
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = (y ?? 1970) * 12 + ((m ?? 1) - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Unix seconds of a day's UTC midnight: the x of every time-series chart (charts draw in UTC, see Chart.tsx). */
export function dayToSeconds(day: string): number {
  return dayToUtc(day) / 1000;
}

/** The weeks (Monday first) a month's calendar shows, each seven days, with the days outside the month marked. */
export function monthGrid(month: string): { day: string; inMonth: boolean }[][] {
  const first = `${month}-01`;
  const start = mondayOf(first);
  const lastOfMonth = addDays(`${addMonths(month, 1)}-01`, -1);
  const end = addDays(mondayOf(lastOfMonth), 6);
  const weeks: { day: string; inMonth: boolean }[][] = [];
  for (let day = start; day <= end; day = addDays(day, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(day, i)).map((d) => ({ day: d, inMonth: monthOf(d) === month })));
  }
  return weeks;
}

const LONG_DATE = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const MONTH_TITLE = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const SHORT_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/** "Mon 30 Nov 2026" */
export function formatDay(day: string): string {
  return LONG_DATE.format(new Date(dayToUtc(day)));
}

/** "30 Nov" */
export function formatShortDay(day: string): string {
  return SHORT_DATE.format(new Date(dayToUtc(day)));
}

/** "November 2026" */
export function formatMonth(month: string): string {
  return MONTH_TITLE.format(new Date(dayToUtc(`${month}-01`)));
}

/** An instant as the program's local date and time: "30 Nov 2026, 07:45". */
export function formatInstant(iso: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}
