import { describe, expect, it } from "vitest";

import type { components } from "../src/api/schema";
import {
  dailyLoad,
  dailyLoadSummary,
  ratioWords,
  rpePlannedActual,
  rpeSummary,
  sparklinePath,
  weeklyVolume,
  weeklyVolumeSummary,
} from "../src/lib/trends";

type DayLoad = components["schemas"]["DayLoad"];
type SessionRead = components["schemas"]["SessionRead"];
type TrainingWeek = components["schemas"]["TrainingWeek"];

function day(date: string, load: number | null, acwr: number | null): DayLoad {
  return { date, load, acwr_ewma: acwr, acute_ewma: load, chronic_ewma: load, ctl: 1, atl: 1, tsb: 0, readiness_score: null } as DayLoad;
}

function week(start: string, planned: number, actual: number): TrainingWeek {
  return { week_start: start, planned_distance_m: planned, actual_distance_m: actual } as TrainingWeek;
}

function session(date: string, planned: number | null, actual: number | null, status: SessionRead["status"] = "completed"): SessionRead {
  return { session_date: date, planned_rpe: planned, actual_rpe: actual, status } as SessionRead;
}

describe("chart data", () => {
  it("turns weekly metres into the user's unit and says what the weeks add up to", () => {
    const data = weeklyVolume([week("2026-11-16", 40_000, 30_000), week("2026-11-23", 50_000, 52_000)], "km");
    expect(data.days).toEqual(["2026-11-16", "2026-11-23"]);
    expect(data.series[1]!.values).toEqual([30, 52]);
    expect(weeklyVolumeSummary(data, "km")).toBe(
      "Over 2 weeks, 82.0 km completed of 90.0 km planned. The most was the week of 23 Nov: 52.0 km.",
    );
    expect(weeklyVolume([week("2026-11-16", 1609.344, 0)], "mi").series[0]!.values).toEqual([1]);
  });

  it("keeps the load's four series aligned and describes the ratio without judging it", () => {
    const data = dailyLoad([day("2026-11-28", 300, 1.1), day("2026-11-29", 0, 1.42), day("2026-11-30", null, null)]);
    expect(data.series.map((s) => s.values.length)).toEqual([3, 3, 3, 3]);
    expect(dailyLoadSummary(data)).toContain("On 29 Nov load is 1.42× the recent norm (above the usual 0.8–1.3 band)");
    expect(dailyLoadSummary(data)).toContain("not an injury probability");
    expect(ratioWords(0.7)).toContain("below");
    expect(ratioWords(1.0)).toContain("within");
  });

  it("averages RPE per day over completed sessions that have both", () => {
    const data = rpePlannedActual([
      session("2026-11-30", 5, 7),
      session("2026-11-30", 3, 3),
      session("2026-11-29", 4, null),
      session("2026-11-28", 6, 6, "missed"),
      session("2026-11-27", 6, 8),
    ]);
    expect(data.days).toEqual(["2026-11-27", "2026-11-30"]);
    expect(data.series[0]!.values).toEqual([6, 4]);
    expect(data.series[1]!.values).toEqual([8, 5]);
  });

  it("says a drift that rounds to zero without a minus sign", () => {
    const data = rpePlannedActual([
      session("2026-11-27", 4, 4),
      session("2026-11-28", 4, 4),
      session("2026-11-29", 4, 4),
      session("2026-11-30", 5, 4.9),
    ]);
    expect(rpeSummary(data)).toBe("4 days with both RPEs; on average actual RPE was +0.0 against plan (close to plan).");
  });

  it("draws a sparkline inside its box, nulls on the floor", () => {
    expect(sparklinePath([0, 10, null, 5], 30, 10)).toBe("M0,10 L10,0 L20,10 L30,5");
    expect(sparklinePath([], 30, 10)).toBe("");
    expect(sparklinePath([null, null], 30, 10)).toBe("M0,10 L30,10");
  });
});
