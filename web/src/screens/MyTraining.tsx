import { Suspense, lazy } from "react";

import { useMe } from "../auth/session";
import { QueryState } from "../components/QueryState";
import { formatDay } from "../lib/days";
import { useDistanceUnit } from "../lib/preferences";
import { useTitle } from "../lib/title";
import { type DistanceUnit, formatDistance } from "../lib/units";
import { ReadinessPanel } from "./athlete/ReadinessPanel";
import { useReadiness, useTraining } from "./athlete/queries";
import type { components } from "../api/schema";

// The charts (uPlot) load after the words: the readiness and the week read first on a slow phone connection.
const Trends = lazy(async () => ({ default: (await import("./athlete/Trends")).Trends }));

type Week = components["schemas"]["TrainingWeek"];
type Wellness = components["schemas"]["ReadinessWellness"];

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

/**
 * Readiness's wellness component in words (docs/load-model.md, "Wellness"): the daily check-in of McLean et al.
 * 2010 (Int J Sports Physiol Perform 5:367–383) counts for ``weight`` of the 100 points when it is recent,
 * and is withheld — the score resting on training data alone — when it is not.
 */
function WellnessPart({ wellness }: { wellness: Wellness }) {
  return (
    <section aria-labelledby="wellness-part" className="panel">
      <h2 id="wellness-part">Wellness in your readiness</h2>
      {wellness.included && wellness.total != null && wellness.checkin_date ? (
        <p>
          Included: your check-in of {formatDay(wellness.checkin_date)} scored <strong>{wellness.total} of 25</strong>{" "}
          (sleep, fatigue, soreness, stress and mood), and it carries <strong>{wellness.weight} of the 100 points</strong>.
        </p>
      ) : (
        <p>
          Withheld: {wellness.explanation ?? `no check-in in the last ${wellness.recent_days} days.`} A check-in counts
          on its day and the next.
        </p>
      )}
      <p className="hint">
        The check-in is the short wellness questionnaire of McLean et al. 2010 (each item 1–5, a total of 5–25).
      </p>
    </section>
  );
}

function Readiness({ athleteId }: { athleteId: string }) {
  const readiness = useReadiness(athleteId);
  return (
    <>
      <ReadinessPanel athleteId={athleteId} />
      {readiness.data && <WellnessPart wellness={readiness.data.wellness} />}
    </>
  );
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
                <Readiness athleteId={athleteId} />
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
