import { describe, expect, it } from "vitest";

import { EMPTY, answersFrom, checkinBody } from "../src/screens/wellness/items";

describe("wellness check-in", () => {
  it("is ready to save only with every item and the hours", () => {
    const answers = { ...EMPTY, sleep_quality: 4, fatigue: 3, muscle_soreness: 2, stress: 4, mood: 5 };
    expect(checkinBody(answers)).toBeNull();
    expect(checkinBody({ ...answers, sleep_hours: "25" })).toBeNull();
    expect(checkinBody({ ...answers, sleep_hours: "7.25", note: "  " })).toEqual({
      sleep_quality: 4,
      fatigue: 3,
      muscle_soreness: 2,
      stress: 4,
      mood: 5,
      sleep_hours: 7.3,
      note: null,
    });
  });

  it("starts from today's check-in when there is one", () => {
    const day = {
      checkin_date: "2026-11-30",
      wellness_total: 18,
      checked_in_at: "2026-11-30T07:00:00Z",
      sleep_quality: 4,
      fatigue: 3,
      muscle_soreness: 3,
      stress: 4,
      mood: 4,
      sleep_hours: 7.5,
      note: null,
      version: 1,
    };
    expect(answersFrom(day)).toEqual({ sleep_quality: 4, fatigue: 3, muscle_soreness: 3, stress: 4, mood: 4, sleep_hours: "7.5", note: "" });
  });
});
