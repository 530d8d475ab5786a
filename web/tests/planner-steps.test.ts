import { addDays, longDay, monthName, visibleDays, weekStart } from "../src/planner/dates";
import { latestMaxes, loadText } from "../src/planner/StrengthLoads";
import {
  appendAt,
  describe as describeSteps,
  type DraftNode,
  emptyBlock,
  emptyStep,
  estimatedLoad,
  expand,
  kilograms,
  moveAt,
  toRequest,
  totals,
  updateAt,
} from "../src/planner/steps";

const step = (changes: Partial<ReturnType<typeof emptyStep>>) => ({ ...emptyStep("run"), ...changes });

// The server's own example (tests/planning/test_routes.py): 2 km warm-up, 4 × (400 m in 75 s, 200 m in 90 s).
const intervals: DraftNode[] = [
  step({ distanceM: 2000, durationSec: 600, rpe: 3 }),
  {
    ...emptyBlock(),
    repeat: 4,
    steps: [step({ distanceM: 400, durationSec: 75, rpe: 8 }), step({ distanceM: 200, durationSec: 90, rpe: 3 })],
  },
];

describe("live totals", () => {
  it("multiply repeats out and match the server's totals", () => {
    expect(totals(intervals)).toEqual({ distanceM: 2000 + 4 * 600, durationSec: 600 + 4 * (75 + 90), rpe: 4 });
  });

  it("time a distance at the middle of its pace range, and count rests, sets and a block's rest", () => {
    const paced = [step({ distanceM: 1000, paceMinSecPerKm: 200, paceMaxSecPerKm: 210, restSec: 60 })];
    expect(totals(paced).durationSec).toBe(205 + 60);
    const lift = [step({ sets: 5, reps: 5, durationSec: 40, restSec: 180, rpe: 8 })];
    expect(totals(lift)).toEqual({ distanceM: null, durationSec: 5 * 220, rpe: 8 });
    expect(totals([{ ...emptyBlock([step({ durationSec: 10 })]), repeat: 3, restSec: 100 }]).durationSec).toBe(130);
  });

  it("take the highest RPE when no step has a time, and say nothing for an empty workout", () => {
    expect(totals([step({ rpe: 6 }), step({ rpe: 9 })]).rpe).toBe(9);
    expect(totals([])).toEqual({ distanceM: null, durationSec: null, rpe: null });
  });

  it("estimate load as session RPE × minutes", () => {
    expect(estimatedLoad(7, 3600)).toBe(420);
    expect(estimatedLoad(null, 3600)).toBeNull();
  });
});

describe("repeat blocks", () => {
  it("expand into the steps in the order the athlete does them", () => {
    const done = expand(intervals).map((s) => s.distanceM);
    expect(done).toEqual([2000, 400, 200, 400, 200, 400, 200, 400, 200]);
  });

  it("nest, and a block in a block multiplies", () => {
    const nested: DraftNode[] = [{ ...emptyBlock([{ ...emptyBlock([step({ distanceM: 100 })]), repeat: 3 }]), repeat: 2 }];
    expect(expand(nested)).toHaveLength(6);
    expect(totals(nested).distanceM).toBe(600);
  });

  it("are edited by path: add into a block, change, move and remove a step", () => {
    let nodes = appendAt(intervals, [1], step({ distanceM: 50 }));
    expect(expand(nodes)).toHaveLength(1 + 4 * 3);
    nodes = updateAt(nodes, [1, 2], (n) => ({ ...n, distanceM: 60 }) as DraftNode);
    nodes = moveAt(nodes, [1, 2], -1);
    const block = nodes[1];
    expect(block?.kind === "block" && block.steps.map((s) => s.kind === "step" && s.distanceM)).toEqual([400, 60, 200]);
    expect(moveAt(nodes, [0], -1)).toBe(nodes); // the first step cannot move up
    expect(updateAt(nodes, [0], () => null)).toHaveLength(1);
  });

  it("become the API's step document, empty fields left out", () => {
    expect(toRequest(intervals)[1]).toEqual({
      repeat: 4,
      steps: [
        { training_event_id: "run", target_distance_m: 400, target_duration_sec: 75, intensity_rpe: 8 },
        { training_event_id: "run", target_distance_m: 200, target_duration_sec: 90, intensity_rpe: 3 },
      ],
    });
  });
});

describe("the S&C builder's kilograms", () => {
  it("round a % of 1RM to the plate increment", () => {
    expect(kilograms(75, 110)).toBe(82.5);
    expect(kilograms(80, 97.5)).toBe(77.5);
  });

  it("use the latest max tested by the practice day, else say the load is to be set", () => {
    const max = (kg: number, on: string) =>
      ({ training_event_id: "squat", one_rm_kg: kg, tested_on: on }) as Parameters<typeof latestMaxes>[0][number];
    const maxes = latestMaxes([max(100, "2026-09-01"), max(120, "2026-11-01"), max(140, "2027-01-01")], "2026-12-08");
    const squat = step({ trainingEventId: "squat", sets: 5, reps: 5, loadPct1rm: 75 });
    expect(loadText(squat, maxes)).toBe("90 kg");
    expect(loadText(squat, new Map())).toBe("load to be set");
    expect(loadText({ ...squat, loadPct1rm: null, loadKg: 60 }, new Map())).toBe("60 kg");
  });
});

describe("calendar days", () => {
  it("run Monday to Sunday, and a month view covers whole weeks", () => {
    expect(weekStart("2026-12-10")).toBe("2026-12-07");
    expect(visibleDays("2026-12-10", "week")).toEqual(["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"]);
    const month = visibleDays("2026-12-10", "month");
    expect(month[0]).toBe("2026-11-30");
    expect(month.at(-1)).toBe("2027-01-03");
    expect(month.length % 7).toBe(0);
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30"); // across a daylight-saving change
    expect(longDay("2026-12-08")).toBe("Tuesday 8 December 2026");
    expect(monthName("2027-01-31")).toBe("January 2027");
  });
});

describe("the printed plan", () => {
  it("reads like the athlete's session: blocks in brackets, targets in words", () => {
    const names = (id: string) => (id === "run" ? "Run" : "?");
    expect(describeSteps(intervals, names)).toEqual([
      "Run: 2 km, 10:00, RPE 3",
      "4 × (Run: 400 m, 1:15, RPE 8; Run: 200 m, 1:30, RPE 3)",
    ]);
    const paced = [step({ distanceM: 6000, paceMinSecPerKm: 225, paceMaxSecPerKm: 235, notes: "even" })];
    expect(describeSteps(paced, names)).toEqual(["Run: 6 km, pace 3:45–3:55/km (even)"]);
  });
});
