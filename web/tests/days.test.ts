import { describe, expect, it } from "vitest";

import { addDays, addMonths, daysBetween, mondayOf, monthGrid, weekdayIndex } from "../src/lib/days";

describe("calendar days", () => {
  it("adds days across months, years and daylight-saving changes", () => {
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
  });

  it("starts weeks on Monday, as the API's ISO weeks do", () => {
    expect(weekdayIndex("2026-11-30")).toBe(0); // a Monday
    expect(weekdayIndex("2026-12-06")).toBe(6);
    expect(mondayOf("2026-12-06")).toBe("2026-11-30");
  });

  it("moves by months across years", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
  });

  it("lays a month out as whole weeks with the outside days marked", () => {
    const grid = monthGrid("2026-11");
    expect(grid[0]![0]).toEqual({ day: "2026-10-26", inMonth: false });
    expect(grid.every((week) => week.length === 7)).toBe(true);
    expect(grid.flat().filter((d) => d.inMonth)).toHaveLength(30);
    expect(grid[grid.length - 1]![6]!.day).toBe("2026-12-06");
  });
});
