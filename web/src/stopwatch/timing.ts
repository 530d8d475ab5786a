// The group stopwatch's timing, as pure functions over a plain state (kept in localStorage by the screen, so a
// reload or a sleeping tablet loses nothing): each rep stores the moment its clock started, each tap the moment it
// happened, and every split is a difference of two stored moments — never a count of ticks.
//
// Moments are `performance.timeOrigin + performance.now()`: milliseconds on the wall-clock scale (so they mean the
// same after a reload), advancing monotonically within a page (a clock adjustment mid-rep does not bend a split).
//
// A late starter (an athlete who sets off after the rep's clock) gets their own start: "Late start" is tapped as
// they cross the line, and their split runs from that tap instead of the rep's start.

export interface TimedAthlete {
  id: string;
  name: string;
}

export type TapKind = "finish" | "dnf" | "late-start";

export interface Tap {
  rep: number; // 0-based
  athleteId: string;
  kind: TapKind;
  at: number;
}

export interface TimingState {
  repCount: number;
  /** The rep being run (0-based). */
  current: number;
  /** When each rep's clock started (null: not yet). */
  repStarts: (number | null)[];
  taps: Tap[];
}

export type AthleteRepStatus =
  | { kind: "waiting" } // the rep's clock has not started
  | { kind: "running"; lateStartMs: number | null }
  | { kind: "finished"; splitMs: number; lateStartMs: number | null }
  | { kind: "dnf" };

/** Now, on the scale stored in the state. */
export function clockNow(): number {
  return performance.timeOrigin + performance.now();
}

export function newTiming(repCount: number): TimingState {
  return { repCount, current: 0, repStarts: Array.from({ length: repCount }, () => null), taps: [] };
}

export function startRep(state: TimingState, at: number): TimingState {
  if (state.repStarts[state.current] !== null) return state;
  const repStarts = state.repStarts.map((start, i) => (i === state.current ? at : start));
  return { ...state, repStarts };
}

/** The status of one athlete in one rep, from the rep's start and that athlete's taps. */
export function statusOf(state: TimingState, rep: number, athleteId: string): AthleteRepStatus {
  const start = state.repStarts[rep] ?? null;
  if (start === null) return { kind: "waiting" };
  const mine = state.taps.filter((t) => t.rep === rep && t.athleteId === athleteId);
  if (mine.some((t) => t.kind === "dnf")) return { kind: "dnf" };
  const late = mine.find((t) => t.kind === "late-start");
  const lateStartMs = late === undefined ? null : Math.round(late.at - start);
  const finish = mine.find((t) => t.kind === "finish");
  if (finish === undefined) return { kind: "running", lateStartMs };
  // Whole milliseconds, at least one: the moments carry fractions of a ms, the API takes an integer split.
  return { kind: "finished", splitMs: Math.max(Math.round(finish.at - (late?.at ?? start)), 1), lateStartMs };
}

/** Records a tap on the current rep; a tap that means nothing now (a finished athlete again, a rep not started,
 * a late start after finishing) leaves the state as it is. */
export function tap(state: TimingState, athleteId: string, kind: TapKind, at: number): TimingState {
  const status = statusOf(state, state.current, athleteId);
  if (status.kind !== "running") return state;
  if (kind === "late-start" && status.lateStartMs !== null) return state;
  return { ...state, taps: [...state.taps, { rep: state.current, athleteId, kind, at }] };
}

/** The last tap taken back (a finish, a DNF or a late start); the rep clocks stay. */
export function undo(state: TimingState): TimingState {
  if (state.taps.length === 0) return state;
  return { ...state, taps: state.taps.slice(0, -1) };
}

export function lastTap(state: TimingState): Tap | null {
  return state.taps.at(-1) ?? null;
}

/** On to the next rep (its clock waits for Start); an athlete not tapped in the rep left is DNF in the review. */
export function nextRep(state: TimingState): TimingState {
  if (state.current >= state.repCount - 1) return state;
  return { ...state, current: state.current + 1 };
}

/** A change of the rep count before or during timing: reps already run are kept. */
export function withRepCount(state: TimingState, repCount: number): TimingState {
  const count = Math.max(repCount, state.current + 1, 1);
  const repStarts = Array.from({ length: count }, (_, i) => state.repStarts[i] ?? null);
  return { ...state, repCount: count, repStarts, taps: state.taps.filter((t) => t.rep < count) };
}

/** One cell of the review: the split as typed (m:ss.t), its milliseconds (null when empty or not valid), DNF. */
export interface ReviewCell {
  text: string;
  ms: number | null;
  dnf: boolean;
}

/** The review table, athletes × reps: timed reps with their split, everything else DNF (to correct if wrong). */
export function reviewTable(state: TimingState, athletes: TimedAthlete[]): ReviewCell[][] {
  return athletes.map((athlete) =>
    Array.from({ length: state.repCount }, (_, rep) => {
      const status = statusOf(state, rep, athlete.id);
      return status.kind === "finished"
        ? { text: formatSplit(status.splitMs), ms: status.splitMs, dnf: false }
        : { text: "", ms: null, dnf: true };
    }),
  );
}

/** A cell after the coach typed in it. */
export function editCell(cell: ReviewCell, text: string): ReviewCell {
  const ms = parseSplit(text);
  return { text, ms, dnf: text.trim() === "" ? cell.dnf : false };
}

export function cellProblem(cell: ReviewCell): string | null {
  if (cell.dnf) return null;
  if (cell.text.trim() === "") return "Enter a time or mark DNF";
  return cell.ms === null ? "Write the time as m:ss.t, e.g. 2:21.4" : null;
}

export const MAX_SPLIT_MS = 86_400_000; // the server's limit: a rep is under a day

/** m:ss.t, tenths truncated as a stopwatch shows them (2:21.48 → "2:21.4"). */
export function formatSplit(ms: number): string {
  const tenths = Math.floor(Math.max(ms, 0) / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = Math.floor((tenths % 600) / 10);
  return `${minutes}:${String(seconds).padStart(2, "0")}.${tenths % 10}`;
}

const SPLIT = /^(?:(\d{1,4}):([0-5]\d)|(\d{1,5}))(?:[.,](\d{1,3}))?$/;

/** "2:21.4", "2:21", "58.3" or "58" → milliseconds; null for anything else (or 0, or a day and more). */
export function parseSplit(text: string): number | null {
  const match = SPLIT.exec(text.trim());
  if (match === null) return null;
  const [, minutes, secondsAfterMinutes, secondsAlone, fraction] = match;
  const seconds = Number(minutes ?? 0) * 60 + Number(secondsAfterMinutes ?? secondsAlone);
  const ms = seconds * 1000 + (fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000));
  return ms >= 1 && ms < MAX_SPLIT_MS ? ms : null;
}

export interface RepIn {
  split_ms?: number;
  dnf?: boolean;
}

/** The API's body for the review as it stands, or null while a cell is not valid. Athletes with no time in any rep
 * were not timed (absent, or left out) and are not sent. */
export function athletesBody(
  table: ReviewCell[][],
  athletes: TimedAthlete[],
): { athlete_id: string; reps: RepIn[] }[] | null {
  if (table.some((row) => row.some((cell) => cellProblem(cell) !== null))) return null;
  return athletes
    .map((athlete, i) => ({
      athlete_id: athlete.id,
      reps: (table[i] ?? []).map((cell): RepIn => (cell.dnf ? { dnf: true } : { split_ms: cell.ms ?? 0 })),
    }))
    .filter((entry) => entry.reps.some((rep) => rep.dnf !== true));
}

/** The sum of an athlete's splits: what the server stores as the session's actual duration (rounded to s). */
export function totalMs(row: ReviewCell[]): number {
  return row.reduce((sum, cell) => sum + (cell.dnf ? 0 : (cell.ms ?? 0)), 0);
}
