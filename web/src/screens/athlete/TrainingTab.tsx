import { useState } from "react";

import { QueryState } from "../../components/QueryState";
import { addDays, formatMonth, monthGrid, monthOf } from "../../lib/days";
import { useDistanceUnit } from "../../lib/preferences";
import { ReadinessPanel } from "./ReadinessPanel";
import { SessionTable } from "./SessionTable";
import { MonthNavigation, TrainingCalendar } from "./TrainingCalendar";
import { Trends } from "./Trends";
import { useTraining } from "./queries";

type View = "calendar" | "list";

function MonthSessions({ athleteId, today }: { athleteId: string; today: string }) {
  const unit = useDistanceUnit();
  const [month, setMonth] = useState(monthOf(today));
  const [view, setView] = useState<View>("calendar");
  const grid = monthGrid(month);
  const range = { from: grid[0]![0]!.day, to: addDays(grid[grid.length - 1]![0]!.day, 6) };
  const training = useTraining(athleteId, range);
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <fieldset className="view-switch">
        <legend>Show sessions as</legend>
        {(["calendar", "list"] as const).map((v) => (
          <label key={v}>
            <input type="radio" name="session-view" value={v} checked={view === v} onChange={() => setView(v)} />
            {v === "calendar" ? "Calendar" : "List"}
          </label>
        ))}
      </fieldset>
      <MonthNavigation month={month} onChange={setMonth} label={formatMonth(month)} />
      <QueryState query={training} skeleton={<div className="skeleton calendar-skeleton" />}>
        {(t) =>
          view === "calendar" ? (
            <TrainingCalendar month={month} today={t.today} sessions={t.sessions} onMonthChange={setMonth} />
          ) : (
            <SessionTable
              sessions={t.sessions.filter((s) => monthOf(s.session_date) === month)}
              unit={unit}
              caption={`Sessions in ${formatMonth(month)}`}
            />
          )
        }
      </QueryState>
    </section>
  );
}

/** The athlete profile's Training tab: readiness, sessions by month (calendar or list) and trends. */
export function TrainingTab({ athleteId }: { athleteId: string }) {
  const unit = useDistanceUnit();
  // The default range answers "today" in the program's time zone, which every other range is counted from.
  const current = useTraining(athleteId);
  return (
    <QueryState query={current} skeleton={<div className="skeleton calendar-skeleton" />}>
      {(t) => (
        <>
          <ReadinessPanel athleteId={athleteId} />
          <MonthSessions athleteId={athleteId} today={t.today} />
          <Trends athleteId={athleteId} today={t.today} unit={unit} />
        </>
      )}
    </QueryState>
  );
}
