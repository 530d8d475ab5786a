import { Suspense, lazy } from "react";

import { useMe } from "../auth/session";
import { QueryState } from "../components/QueryState";
import { useDistanceUnit } from "../lib/preferences";
import { useTitle } from "../lib/title";
import { type DistanceUnit, formatDistance } from "../lib/units";
import { ReadinessPanel } from "./athlete/ReadinessPanel";
import { useTraining } from "./athlete/queries";
import type { components } from "../api/schema";

// The charts (uPlot) load after the words: the readiness and the week read first on a slow phone connection.
const Trends = lazy(async () => ({ default: (await import("./athlete/Trends")).Trends }));

type Week = components["schemas"]["TrainingWeek"];

/** A week's plan against what was done, in one sentence. */
export function weekInWords(week: Week, unit: DistanceUnit): string {
  const done = `${week.completed} of ${week.sessions} session${week.sessions === 1 ? "" : "s"} done`;
  const missed = week.missed > 0 ? `, ${week.missed} missed` : "";
  const ahead = week.planned > 0 ? `, ${week.planned} still to come` : "";
  const distance =
    week.planned_distance_m > 0 || week.actual_distance_m > 0
      ? ` ${formatDistance(week.actual_distance_m, unit)} done of ${formatDistance(week.planned_distance_m, unit)} planned.`
      : "";
  return `${done}${missed}${ahead}.${distance}`;
}

/** The athlete's own trends and readiness, in plain words, with the same numbers as the staff's athlete profile. */
export function MyTraining() {
  useTitle("My training");
  const unit = useDistanceUnit();
  const athleteId = useMe().data?.athlete?.id ?? "";
  const current = useTraining(athleteId, undefined, athleteId !== "");
  return (
    <section aria-labelledby="my-training-title" className="today">
      <h1 id="my-training-title">My training</h1>
      {athleteId === "" ? (
        <p>There is no athlete profile on your account.</p>
      ) : (
        <QueryState query={current} skeleton={<div className="skeleton calendar-skeleton" />}>
          {(t) => {
            const thisWeek = t.weeks[t.weeks.length - 1];
            const lastWeek = t.weeks[t.weeks.length - 2];
            return (
              <>
                <section aria-labelledby="weeks-title" className="panel">
                  <h2 id="weeks-title">Your weeks</h2>
                  {thisWeek && <p>This week: {weekInWords(thisWeek, unit)}</p>}
                  {lastWeek && <p>Last week: {weekInWords(lastWeek, unit)}</p>}
                </section>
                <ReadinessPanel athleteId={athleteId} own />
                <Suspense fallback={<div className="skeleton chart-skeleton" />}>
                  <Trends athleteId={athleteId} today={t.today} unit={unit} />
                </Suspense>
              </>
            );
          }}
        </QueryState>
      )}
    </section>
  );
}
