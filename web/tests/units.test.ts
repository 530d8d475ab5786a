import { describe, expect, it } from "vitest";

import { formatDistance, formatDuration, formatPace, localDay, parseDuration, secondsPer } from "../src/lib/units";

describe("distances", () => {
  it("reads metres in the user's unit", () => {
    expect(formatDistance(12_345, "km")).toBe("12.3 km");
    expect(formatDistance(5000, "km")).toBe("5.00 km");
    expect(formatDistance(1609.344, "mi")).toBe("1.00 mi");
    expect(formatDistance(160_934.4, "mi")).toBe("100 mi");
    expect(formatDistance(null, "km")).toBe("—");
    expect(formatDistance(-1, "km")).toBe("—");
  });
});

describe("durations", () => {
  it("writes h:mm:ss, or m:ss under an hour", () => {
    expect(formatDuration(245)).toBe("4:05");
    expect(formatDuration(3729)).toBe("1:02:09");
    expect(formatDuration(59.6)).toBe("1:00");
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(undefined)).toBe("—");
  });

  it("reads what a person types back into seconds", () => {
    expect(parseDuration("1:02:09")).toBe(3729);
    expect(parseDuration("45:00")).toBe(2700);
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("1:60")).toBeNull();
    expect(parseDuration("1:2x")).toBeNull();
    expect(parseDuration("")).toBeNull();
  });

  it("round-trips every duration it writes", () => {
    for (const seconds of [0, 1, 59, 60, 61, 599, 3599, 3600, 3601, 86_399, 172_800]) {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    }
  });
});

describe("paces", () => {
  it("gives the same effort per km, per mile and per lap", () => {
    // 10 km in 40:00 is 4:00 /km, 6:26 /mi (4:00 x 1.609344 = 6:26.2) and 96 s a lap.
    expect(formatPace(10_000, 2400, "km")).toBe("4:00 /km");
    expect(formatPace(10_000, 2400, "mi")).toBe("6:26 /mi");
    expect(formatPace(10_000, 2400, "lap")).toBe("96 s /400 m");
    expect(secondsPer(1000, 0, 2400)).toBeNull();
    expect(formatPace(null, 2400, "km")).toBe("—");
  });
});

describe("days", () => {
  it("puts an instant on the program's calendar day", () => {
    const lateEvening = new Date("2026-11-18T05:30:00Z"); // 23:30 on the 17th in Chicago
    expect(localDay(lateEvening, "America/Chicago")).toBe("2026-11-17");
    expect(localDay(lateEvening, "UTC")).toBe("2026-11-18");
  });
});
