import { describe, expect, it } from "vitest";

import { NO_GROUP, type TeamOpsAthlete, groupRows, sparklineWords, weekWords } from "../src/screens/teamops/teamOps";

function athlete(name: string, groups: string[], needs: boolean): TeamOpsAthlete {
  return {
    athlete_id: name,
    name,
    event_groups: groups.map((g) => ({ id: g, name: g })),
    needs_attention: needs,
    week: { sessions: 5, completed: 3, missed: 1, planned_distance_m: 40_000, actual_distance_m: 25_500 },
  } as TeamOpsAthlete;
}

describe("Team Ops rows", () => {
  const athletes = [athlete("Ann", ["Distance", "Sprints"], true), athlete("Bo", ["Distance"], false), athlete("Cy", [], true)];

  it("puts each athlete once, under their first event group, and counts who needs attention", () => {
    const groups = groupRows(athletes, false);
    expect(groups.map((g) => [g.name, g.athletes.map((a) => a.name), g.needsAttention])).toEqual([
      ["Distance", ["Ann", "Bo"], 1],
      [NO_GROUP, ["Cy"], 1],
    ]);
  });

  it("filters to who needs attention but keeps every group's heading and count", () => {
    const groups = groupRows(athletes, true);
    expect(groups.map((g) => [g.name, g.athletes.map((a) => a.name)])).toEqual([
      ["Distance", ["Ann"]],
      [NO_GROUP, ["Cy"]],
    ]);
  });

  it("says the week and the sparkline in words", () => {
    expect(weekWords(athletes[0]!, "km")).toBe("3 of 5 sessions done · 25.5 km of 40.0 km");
    expect(sparklineWords([null, 100, 0, 250.4])).toBe("Load over the last 28 days: 350 AU on 2 days, highest day 250 AU");
    expect(sparklineWords([null, null])).toBe("No load history in the last 28 days");
  });
});
