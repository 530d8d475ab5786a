import type { components } from "../src/api/schema";
import type { Session } from "../src/stopwatch/api";
import { refusals } from "../src/stopwatch/refusals";
import { repPlan, repsLabel } from "../src/stopwatch/reps";
import {
  athletesBody,
  cellProblem,
  editCell,
  formatSplit,
  newTiming,
  nextRep,
  parseSplit,
  reviewTable,
  startRep,
  statusOf,
  tap,
  totalMs,
  undo,
  withRepCount,
} from "../src/stopwatch/timing";

type StepRead = components["schemas"]["StepRead"];

const ana = { id: "a", name: "Ana" };
const ben = { id: "b", name: "Ben" };
const T0 = 1_700_000_000_000;

describe("splits from taps", () => {
  it("are the time from the rep's start to each athlete's tap", () => {
    let s = startRep(newTiming(2), T0);
    s = tap(s, "a", "finish", T0 + 141_300);
    s = tap(s, "b", "finish", T0 + 143_950);
    expect(statusOf(s, 0, "a")).toEqual({ kind: "finished", splitMs: 141_300, lateStartMs: null });
    expect(statusOf(s, 0, "b")).toEqual({ kind: "finished", splitMs: 143_950, lateStartMs: null });
  });

  it("are whole milliseconds (performance.now() has fractions; the API takes integers), at least one", () => {
    let s = startRep(newTiming(1), T0 + 0.25);
    s = tap(tap(s, "a", "finish", T0 + 141_300.7), "b", "finish", T0 + 0.3);
    expect(statusOf(s, 0, "a")).toMatchObject({ splitMs: 141_300 });
    expect(statusOf(s, 0, "b")).toMatchObject({ splitMs: 1 });
  });

  it("ignore a tap before the clock starts and a second finish of the same athlete", () => {
    let s = newTiming(2);
    expect(tap(s, "a", "finish", T0)).toBe(s);
    s = tap(startRep(s, T0), "a", "finish", T0 + 60_000);
    expect(tap(s, "a", "finish", T0 + 70_000)).toBe(s);
    expect(startRep(s, T0 + 5)).toBe(s); // a started clock is not restarted
  });

  it("start each rep on its own clock after Next rep", () => {
    let s = tap(startRep(newTiming(2), T0), "a", "finish", T0 + 60_000);
    s = nextRep(s);
    expect(statusOf(s, 1, "a")).toEqual({ kind: "waiting" });
    s = tap(startRep(s, T0 + 200_000), "a", "finish", T0 + 262_500);
    expect(statusOf(s, 1, "a")).toMatchObject({ splitMs: 62_500 });
    expect(nextRep(s)).toBe(s); // no rep after the last
  });
});

describe("undo, DNF and late starters", () => {
  it("undo takes back the last tap only", () => {
    let s = startRep(newTiming(1), T0);
    s = tap(tap(s, "a", "finish", T0 + 1000), "b", "finish", T0 + 2000);
    s = undo(s);
    expect(statusOf(s, 0, "b")).toEqual({ kind: "running", lateStartMs: null });
    expect(statusOf(s, 0, "a").kind).toBe("finished");
    expect(undo(undo(undo(s))).taps).toEqual([]);
  });

  it("DNF ends the athlete's rep without a time, and can be undone", () => {
    let s = tap(startRep(newTiming(1), T0), "a", "dnf", T0 + 5000);
    expect(statusOf(s, 0, "a")).toEqual({ kind: "dnf" });
    expect(tap(s, "a", "finish", T0 + 9000)).toBe(s);
    s = undo(s);
    expect(statusOf(s, 0, "a").kind).toBe("running");
  });

  it("a late starter's split runs from their own start", () => {
    let s = startRep(newTiming(1), T0);
    s = tap(s, "b", "late-start", T0 + 4_200);
    expect(tap(s, "b", "late-start", T0 + 9_000)).toBe(s); // one late start per rep
    s = tap(s, "b", "finish", T0 + 150_000);
    expect(statusOf(s, 0, "b")).toEqual({ kind: "finished", splitMs: 145_800, lateStartMs: 4_200 });
  });

  it("the rep count can be corrected without losing the reps run", () => {
    let s = tap(startRep(newTiming(6), T0), "a", "finish", T0 + 1000);
    s = withRepCount(s, 4);
    expect(s.repStarts).toEqual([T0, null, null, null]);
    expect(withRepCount(s, 0).repCount).toBe(1);
  });
});

describe("review", () => {
  it("shows the timed splits, everything else DNF, and builds the API body", () => {
    let s = startRep(newTiming(2), T0);
    s = tap(s, "a", "finish", T0 + 142_300);
    s = nextRep(s);
    s = tap(startRep(s, T0 + 300_000), "a", "finish", T0 + 441_800);
    const table = reviewTable(s, [ana, ben]);
    expect(table[0]).toEqual([
      { text: "2:22.3", ms: 142_300, dnf: false },
      { text: "2:21.8", ms: 141_800, dnf: false },
    ]);
    expect(table[1]?.every((c) => c.dnf)).toBe(true);
    expect(totalMs(table[0] ?? [])).toBe(284_100);
    // Ben was not timed at all: he is not sent.
    expect(athletesBody(table, [ana, ben])).toEqual([
      { athlete_id: "a", reps: [{ split_ms: 142_300 }, { split_ms: 141_800 }] },
    ]);
  });

  it("validates an edited split and refuses to build a body while one is wrong", () => {
    const cell = { text: "2:22.3", ms: 142_300, dnf: false };
    expect(editCell(cell, "2:19.9")).toEqual({ text: "2:19.9", ms: 139_900, dnf: false });
    const wrong = editCell(cell, "2:75");
    expect(cellProblem(wrong)).toBe("Write the time as m:ss.t, e.g. 2:21.4");
    expect(athletesBody([[wrong]], [ana])).toBeNull();
    expect(cellProblem(editCell(cell, ""))).toBe("Enter a time or mark DNF");
    expect(athletesBody([[{ text: "", ms: null, dnf: true }, cell]], [ana])).toEqual([
      { athlete_id: "a", reps: [{ dnf: true }, { split_ms: 142_300 }] },
    ]);
  });
});

describe("m:ss.t", () => {
  it("formats with tenths truncated, as a stopwatch shows", () => {
    expect(formatSplit(0)).toBe("0:00.0");
    expect(formatSplit(141_380)).toBe("2:21.3");
    expect(formatSplit(59_999)).toBe("0:59.9");
    expect(formatSplit(3_725_400)).toBe("62:05.4");
  });

  it("parses m:ss.t, m:ss, seconds, and a comma for the decimal point", () => {
    expect(parseSplit("2:21.4")).toBe(141_400);
    expect(parseSplit(" 2:21 ")).toBe(141_000);
    expect(parseSplit("58.36")).toBe(58_360);
    expect(parseSplit("1:05,2")).toBe(65_200);
    expect(parseSplit("75")).toBe(75_000);
    for (const bad of ["", "2:60.0", "2:5", "abc", "1:02:03", "0", "-3", "1440:00"]) {
      expect(parseSplit(bad)).toBeNull();
    }
  });
});

const s = (changes: Partial<StepRead>): StepRead => ({
  id: "x",
  position: 0,
  training_event_id: null,
  event_name: null,
  target_distance_m: null,
  target_duration_sec: null,
  sets: null,
  reps: null,
  load_kg: null,
  load_pct_1rm: null,
  intensity_rpe: null,
  pace_min_sec_per_km: null,
  pace_max_sec_per_km: null,
  hr_zone: null,
  rest_sec: null,
  notes: null,
  ...changes,
});

describe("reps from a workout's steps", () => {
  it("take the repeat block's count and its first distance", () => {
    const steps = [
      s({ target_distance_m: 2000 }),
      s({ repeat: 6, steps: [s({ target_distance_m: 800 }), s({ target_duration_sec: 120 })] }),
      s({ target_distance_m: 2000 }),
    ];
    expect(repPlan(steps)).toEqual({ reps: 6, distanceM: 800 });
    expect(repsLabel(repPlan(steps))).toBe("6 × 800 m");
  });

  it("fall back to sets of a distance, then to one rep of the longest step", () => {
    expect(repPlan([s({ sets: 4, target_distance_m: 400 })])).toEqual({ reps: 4, distanceM: 400 });
    expect(repPlan([s({ target_distance_m: 6000 })])).toEqual({ reps: 1, distanceM: 6000 });
    expect(repsLabel({ reps: 6, distanceM: 1000 })).toBe("6 × 1 km");
    expect(repsLabel({ reps: 1, distanceM: null })).toBe("1 rep");
  });
});

describe("refusals in words", () => {
  const session = (athlete: string, changes: Partial<Session> = {}) =>
    ({
      athlete_id: athlete,
      practice_session_id: "p",
      practice_session_workout_id: "w",
      completed_at: null,
      ...changes,
    }) as Session;

  it("name each athlete the server would refuse, with the same rules", () => {
    const cara = { id: "c", name: "Cara" };
    const found = refusals(
      [ana, ben, cara],
      [session("a", { completed_at: "2026-11-30T16:00:00Z" }), session("c"), session("c")],
      "p",
      "w",
    );
    expect(found.map((r) => [r.athlete.name, r.code])).toEqual([
      ["Ana", "sessions_already_completed"],
      ["Ben", "athletes_not_on_practice"],
      ["Cara", "practice_workout_ambiguous"],
    ]);
    expect(found[0]?.words).toBe("Ana already logged this session: their log stays, and nothing was filed.");
  });

  it("find nothing to refuse when every athlete has one open session of the workout", () => {
    expect(refusals([ana, ben], [session("a"), session("b"), session("b", { practice_session_workout_id: "x" })], "p", "w")).toEqual([]);
  });
});
