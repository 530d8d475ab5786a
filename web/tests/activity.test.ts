import { describe, expect, it } from "vitest";

import type { components } from "../src/api/schema";
import { activitySummary, streamCharts, streamSummary } from "../src/lib/activity";

type Streams = components["schemas"]["ActivityStreamsRead"];

describe("device data", () => {
  it("reads the activity/1 summary and ignores anything else", () => {
    expect(activitySummary(null)).toBeNull();
    expect(activitySummary({ schema: "something/2" })).toBeNull();
    const summary = activitySummary({
      schema: "activity/1",
      source: { device: { manufacturer: "garmin", product: "fenix5" } },
      laps: [{ start: "2026-11-29T06:00:00Z", timer_s: 300, distance_m: 1000, avg_hr: 150, max_hr: 160 }, "junk"],
      splits_km: [{ km: 1, distance_m: 1000, timer_s: 290, avg_hr: 149.6 }],
      hr: { avg: 151, max: 170 },
      elevation: { gain_m: 12.5 },
    });
    expect(summary?.laps).toHaveLength(1);
    expect(summary?.splits[0]?.timer_s).toBe(290);
    expect([summary?.hrAvg, summary?.hrMax, summary?.elevationGain, summary?.device]).toEqual([151, 170, 12.5, "garmin fenix5"]);
  });

  it("turns speed into pace per unit and stops into gaps", () => {
    const streams = {
      samples: 3,
      elapsed_s: [0, 5, 10],
      heart_rate_bpm: [140, 150, null],
      speed_m_s: [4, 0.2, null],
    } as Streams;
    const charts = streamCharts(streams, "km");
    expect(charts.pace.series[0]!.values).toEqual([250, null, null]);
    expect(charts.pace.x?.format(3725)).toBe("1:02:05");
    expect(streamSummary(streams, "km")).toBe("0:10 recorded, 3 samples. Heart rate from 140 to 150 bpm. Pace from 4:10 to 4:10 per km.");
  });
});
