import { describe, expect, it } from "vitest";

import type { Season } from "../src/admin/api";
import { describeRowError, errorCount, errorSummary, rowErrors } from "../src/admin/csvErrors";
import { holds, readOnlyReason } from "../src/admin/permissions";
import { entryChangeSentence } from "../src/admin/RosterPage";
import { defaultSeasonId } from "../src/admin/seasonChoice";
import { ApiError } from "../src/api/query";

const invalid = (errors: object[], extra: object = {}) =>
  new ApiError(422, { code: "import_invalid", detail: "The file has rows with problems.", errors, ...extra } as never);

describe("CSV row errors", () => {
  it("lists every bad row by row then column, the header's problems first", () => {
    const error = invalid([
      { row: 4, column: "status", detail: "not a status" },
      { row: 3, column: "event_group", detail: "no such event group" },
      { row: 3, column: "email", detail: "not an email" },
      { pointer: "#/header", detail: "unknown column" },
    ]);
    expect(rowErrors(error)).toEqual([
      { row: null, column: "header", detail: "unknown column" },
      { row: 3, column: "email", detail: "not an email" },
      { row: 3, column: "event_group", detail: "no such event group" },
      { row: 4, column: "status", detail: "not a status" },
    ]);
  });

  it("says how many problems in how many rows, and when the list was cut short", () => {
    const errors = rowErrors(
      invalid([
        { row: 2, column: "name", detail: "required" },
        { row: 2, column: "email", detail: "x" },
      ]),
    );
    expect(errorSummary(errors, 2)).toBe(
      "2 problems in 1 row: nothing was imported. Fix them and check the file again.",
    );
    expect(errorSummary(errors, 1500)).toBe(
      "1500 problems in 1 row (the first 2 are listed): nothing was imported. Fix them and check the file again.",
    );
    expect(errorCount(invalid([{ row: 2 }], { error_count: 1500 }))).toBe(1500);
    expect(errorCount(invalid([{ row: 2 }, { row: 3 }]))).toBe(2);
  });

  it("reads one error as a sentence, and nothing from an error that is not the API's", () => {
    expect(describeRowError({ row: 5, column: "athlete_id", detail: "not on this season's roster" })).toBe(
      "Row 5, athlete_id: not on this season's roster",
    );
    expect(describeRowError({ row: null, column: null, detail: "empty file" })).toBe("File: empty file");
    expect(rowErrors(new TypeError("offline"))).toEqual([]);
    expect(errorCount(new Error("x"))).toBe(0);
  });
});

describe("permissions", () => {
  it("names the role and who may when a page is read-only", () => {
    expect(readOnlyReason("administer", "assistant_coach")).toBe(
      "Your role (assistant coach) may read this page but not change the program's settings, staff, seasons and load settings: program admins and head coaches do.",
    );
    expect(readOnlyReason("manage_roster", null)).toMatch(/^Your role may read this page/);
    expect(holds(["manage_roster"], "manage_roster")).toBe(true);
    expect(holds(["manage_roster"], "administer")).toBe(false);
    expect(holds(undefined, "administer")).toBe(false);
  });
});

describe("the season a page opens on", () => {
  const season = (id: string, start: string, end: string, closed = false): Season => ({
    id,
    program_id: "p",
    name: id,
    sport: "Track",
    start_date: start,
    end_date: end,
    closed_at: closed ? "2026-01-01T00:00:00Z" : null,
    version: 1,
  });
  const seasons = [
    season("past", "2025-09-01", "2026-05-31"),
    season("now", "2026-08-01", "2027-05-31"),
    season("next", "2027-08-01", "2028-05-31"),
  ];

  it("is the open season holding today", () => {
    expect(defaultSeasonId(seasons, "2026-11-30")).toBe("now");
    expect(defaultSeasonId(seasons, "2026-08-01")).toBe("now");
  });

  it("else the next to start, else the latest that ended, and none without seasons", () => {
    expect(defaultSeasonId(seasons, "2027-06-15")).toBe("next");
    expect(defaultSeasonId([seasons[0] as Season], "2026-11-30")).toBe("past");
    expect(defaultSeasonId([season("closed", "2026-08-01", "2027-05-31", true)], "2026-11-30")).toBe("closed");
    expect(defaultSeasonId([], "2026-11-30")).toBeNull();
  });
});

describe("saving a roster row", () => {
  it("says what moved and what changed status, in one line", () => {
    expect(entryChangeSentence("Maya Okafor", "Sprints", null)).toBe("Moved Maya Okafor to Sprints.");
    expect(entryChangeSentence("Maya Okafor", null, "Injured")).toBe("Maya Okafor is now injured.");
    expect(entryChangeSentence("Maya Okafor", "Sprints", "Redshirt")).toBe(
      "Moved Maya Okafor to Sprints. Maya Okafor is now redshirt.",
    );
  });
});
