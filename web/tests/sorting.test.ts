import { describe, expect, it } from "vitest";

import { sortAthletes } from "../src/screens/teamops/sorting";
import type { TeamOpsAthlete } from "../src/screens/teamops/teamOps";

function athlete(name: string, score: number | null, ratio: number | null, percent: number | null, checkedIn = false): TeamOpsAthlete {
  return {
    name,
    readiness: score == null ? null : { score, sufficient: true, factors: [], wellness: { checked_in_today: checkedIn } },
    acwr_ewma: ratio,
    compliance_percent: percent,
  } as TeamOpsAthlete;
}

describe("Team Ops sorting", () => {
  const rows = [athlete("Cy", 80, 1.4, 90), athlete("Ann", null, 0.9, 40), athlete("Bo", 55, null, null)];

  it("puts who to look at first on top and the unknown last", () => {
    expect(sortAthletes(rows, "name").map((a) => a.name)).toEqual(["Ann", "Bo", "Cy"]);
    expect(sortAthletes(rows, "readiness").map((a) => a.name)).toEqual(["Bo", "Cy", "Ann"]);
    expect(sortAthletes(rows, "ratio").map((a) => a.name)).toEqual(["Cy", "Ann", "Bo"]);
    expect(sortAthletes(rows, "compliance").map((a) => a.name)).toEqual(["Ann", "Cy", "Bo"]);
  });

  it("puts who has not checked in first, then who has, then the unknown", () => {
    const checked = [athlete("Cy", 80, 1, 90, true), athlete("Ann", null, 1, 40), athlete("Bo", 55, 1, 50), athlete("Di", 60, 1, 1)];
    expect(sortAthletes(checked, "checkin").map((a) => a.name)).toEqual(["Bo", "Di", "Cy", "Ann"]);
  });
});
