import { useId, useMemo, useState } from "react";

import { Chart } from "../../components/charts/Chart";
import { QueryState } from "../../components/QueryState";
import { addDays } from "../../lib/days";
import {
  ACWR_BAND,
  dailyLoad,
  dailyLoadSummary,
  fitnessFatigueForm,
  fitnessSummary,
  readinessHistory,
  readinessSummary,
  rpePlannedActual,
  rpeSummary,
  weeklyVolume,
  weeklyVolumeSummary,
} from "../../lib/trends";
import type { DistanceUnit } from "../../lib/units";
import { useLoad, useTraining } from "./queries";

// The ranges a coach looks back over; two years is the longest the load route answers (731 days).
export const TREND_RANGES = [
  { days: 56, label: "8 weeks" },
  { days: 182, label: "6 months" },
  { days: 365, label: "1 year" },
  { days: 730, label: "2 years" },
] as const;

function WeeklyAndRpe({ athleteId, range, unit }: { athleteId: string; range: { from: string; to: string }; unit: DistanceUnit }) {
  const training = useTraining(athleteId, range);
  return (
    <QueryState query={training} skeleton={<div className="skeleton chart-skeleton" />}>
      {(t) => {
        const volume = weeklyVolume(t.weeks, unit);
        const rpe = rpePlannedActual(t.sessions);
        return (
          <>
            <Chart
              name="weekly-volume"
              title="Weekly volume"
              summary={weeklyVolumeSummary(volume, unit)}
              data={volume}
              looks={[{ style: "bars" }, { style: "line" }]}
            />
            <Chart
              name="rpe"
              title="RPE planned and actual"
              summary={rpeSummary(rpe)}
              data={rpe}
              looks={[{ style: "dashed" }, { style: "line" }]}
            />
          </>
        );
      }}
    </QueryState>
  );
}

function LoadCharts({ athleteId, range }: { athleteId: string; range: { from: string; to: string } }) {
  const load = useLoad(athleteId, range);
  const shaped = useMemo(() => {
    if (!load.data) return null;
    const days = load.data.days;
    return { load: dailyLoad(days), pmc: fitnessFatigueForm(days), readiness: readinessHistory(days) };
  }, [load.data]);
  return (
    <QueryState query={load} skeleton={<div className="skeleton chart-skeleton" />}>
      {() =>
        shaped && (
          <>
            <Chart
              name="daily-load"
              title="Daily load with acute:chronic ratio"
              summary={`${dailyLoadSummary(shaped.load)} The shaded band on the ratio axis is ${ACWR_BAND.low}–${ACWR_BAND.high}.`}
              data={shaped.load}
              looks={[{ style: "bars" }, { style: "line" }, { style: "dashed" }, { style: "line", scale: "ratio" }]}
              band={{ scale: "ratio", ...ACWR_BAND }}
            />
            <Chart
              name="fitness"
              title="Fitness, fatigue and form"
              summary={fitnessSummary(shaped.pmc)}
              data={shaped.pmc}
              looks={[{ style: "line" }, { style: "dashed" }, { style: "line" }]}
              zeroLine
            />
            <Chart
              name="readiness"
              title="Readiness history"
              summary={readinessSummary(shaped.readiness)}
              data={shaped.readiness}
              looks={[{ style: "line" }]}
            />
          </>
        )
      }
    </QueryState>
  );
}

/** Trends over a chosen range ending today: weekly volume, load with its ratio, fitness/fatigue/form, readiness, RPE. */
export function Trends({ athleteId, today, unit }: { athleteId: string; today: string; unit: DistanceUnit }) {
  const [days, setDays] = useState<number>(TREND_RANGES[0].days);
  const selectId = useId();
  const range = { from: addDays(today, -(days - 1)), to: today };
  return (
    <section aria-labelledby="trends-title">
      <h2 id="trends-title">Trends</h2>
      <div className="toolbar">
        <label htmlFor={selectId}>Range</label>
        <select id={selectId} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {TREND_RANGES.map((r) => (
            <option key={r.days} value={r.days}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <div className="chart-grid">
        <WeeklyAndRpe athleteId={athleteId} range={range} unit={unit} />
        <LoadCharts athleteId={athleteId} range={range} />
      </div>
    </section>
  );
}
