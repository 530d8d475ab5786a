// Calendar days as the API writes them ("YYYY-MM-DD"): arithmetic in UTC so no local time zone or daylight-saving
// change moves a day. Weeks run Monday to Sunday (ISO 8601), as the API's week copy counts them.

const DAY_MS = 86_400_000;

function toUtc(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return fromUtc(new Date(toUtc(day).getTime() + days * DAY_MS));
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: string): number {
  return (toUtc(day).getUTCDay() + 6) % 7;
}

export function weekStart(day: string): string {
  return addDays(day, -weekday(day));
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function addMonths(day: string, months: number): string {
  const date = toUtc(monthStart(day));
  date.setUTCMonth(date.getUTCMonth() + months);
  return fromUtc(date);
}

/** The days a view shows: one week, or the whole weeks covering a month. */
export function visibleDays(anchor: string, view: "week" | "month"): string[] {
  const first = view === "week" ? weekStart(anchor) : weekStart(monthStart(anchor));
  const last = view === "week" ? addDays(first, 6) : addDays(weekStart(addDays(addMonths(anchor, 1), -1)), 6);
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

// Written out here rather than by Intl, whose punctuation differs between engines ("Tuesday, 8 December 2026").
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function parts(day: string): { weekday: string; date: number; month: string; year: string } {
  return {
    weekday: WEEKDAYS[weekday(day)] ?? "",
    date: Number(day.slice(8, 10)),
    month: MONTHS[Number(day.slice(5, 7)) - 1] ?? "",
    year: day.slice(0, 4),
  };
}

/** "Tuesday 8 December 2026". */
export function longDay(day: string): string {
  const p = parts(day);
  return `${p.weekday} ${p.date} ${p.month} ${p.year}`;
}

/** "Tue 8 Dec". */
export function shortDay(day: string): string {
  const p = parts(day);
  return `${p.weekday.slice(0, 3)} ${p.date} ${p.month.slice(0, 3)}`;
}

/** "December 2026". */
export function monthName(day: string): string {
  const p = parts(day);
  return `${p.month} ${p.year}`;
}
