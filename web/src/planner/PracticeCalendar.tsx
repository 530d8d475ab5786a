import { type KeyboardEvent, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";

import { localDay } from "../lib/units";
import { type Practice, type Season, usePractices, useProgram, useSeasons } from "./api";
import { CopyWeekDialog } from "./CopyDialogs";
import { addDays, addMonths, longDay, monthName, visibleDays, weekStart } from "./dates";
import { NewPracticeDialog } from "./NewPracticeDialog";
import { usePlannerPaths } from "./paths";
import { ProblemAlert } from "./ProblemAlert";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** The season that holds ``today``, else the newest. */
function seasonOf(seasons: Season[], today: string): Season | undefined {
  return seasons.find((s) => s.start_date <= today && today <= s.end_date) ?? seasons[0];
}

/** The practice calendar: a season's practices by week or month, today marked in the program's time zone. */
export function PracticeCalendar() {
  const paths = usePlannerPaths();
  const program = useProgram(paths.programId);
  const seasons = useSeasons(paths.programId);
  const [params, setParams] = useSearchParams();
  const timeZone = program.data?.time_zone;
  const today = timeZone ? localDay(new Date(), timeZone) : null;
  const season =
    seasons.data?.find((s) => s.id === params.get("season")) ??
    (seasons.data && today ? seasonOf(seasons.data, today) : undefined);
  const view = params.get("view") === "month" ? "month" : "week";
  const anchor = params.get("day") ?? today;
  const practices = usePractices(season?.id);
  const [newOn, setNewOn] = useState<string | null>(null);
  const [copyWeek, setCopyWeek] = useState(false);

  const show = (changes: Record<string, string>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(changes)) next.set(k, v);
      return next;
    });

  return (
    <section aria-labelledby="planner-title">
      <h1 id="planner-title">Practice planner</h1>
      <ProblemAlert error={program.error ?? seasons.error ?? practices.error} />
      {seasons.data?.length === 0 && (
        <p>This program has no season yet: an administrator creates one under Administration.</p>
      )}
      {season && anchor && today && (
        <>
          <div className="toolbar">
            <div className="field inline-field">
              <label htmlFor="planner-season">Season</label>
              <select id="planner-season" value={season.id} onChange={(e) => show({ season: e.target.value })}>
                {seasons.data?.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <div role="group" aria-label="View" className="segmented">
              {(["week", "month"] as const).map((v) => (
                <button key={v} type="button" aria-pressed={view === v} onClick={() => show({ view: v })}>
                  {v === "week" ? "Week" : "Month"}
                </button>
              ))}
            </div>
            <button type="button" onClick={() => show({ day: view === "week" ? addDays(anchor, -7) : addMonths(anchor, -1) })}>
              Previous {view}
            </button>
            <button type="button" onClick={() => show({ day: today })}>
              Today
            </button>
            <button type="button" onClick={() => show({ day: view === "week" ? addDays(anchor, 7) : addMonths(anchor, 1) })}>
              Next {view}
            </button>
            <button type="button" onClick={() => setNewOn(anchor)}>
              New practice
            </button>
            {view === "week" && (
              <button type="button" onClick={() => setCopyWeek(true)}>
                Copy this week…
              </button>
            )}
          </div>
          <h2 id="calendar-title">
            {view === "week" ? `Week of ${longDay(weekStart(anchor))}` : monthName(anchor)}
          </h2>
          <p className="hint" id="calendar-help">
            Arrow keys move between days; Enter on a day plans a new practice there.
          </p>
          <CalendarTable
            days={visibleDays(anchor, view)}
            anchor={anchor}
            today={today}
            month={view === "month" ? anchor.slice(0, 7) : null}
            practices={practices.data ?? []}
            loading={practices.isPending}
            onMove={(day) => show({ day })}
            onPlan={setNewOn}
          />
          <NewPracticeDialog seasonId={season.id} day={newOn} onClose={() => setNewOn(null)} />
          <CopyWeekDialog seasonId={season.id} weekOf={anchor} isOpen={copyWeek} onClose={() => setCopyWeek(false)} />
        </>
      )}
    </section>
  );
}

const STATUS_WORDS: Record<Practice["status"], string> = { draft: "Draft", published: "Published", cancelled: "Cancelled" };

function CalendarTable({
  days,
  anchor,
  today,
  month,
  practices,
  loading,
  onMove,
  onPlan,
}: {
  days: string[];
  anchor: string;
  today: string;
  month: string | null;
  practices: Practice[];
  loading: boolean;
  onMove: (day: string) => void;
  onPlan: (day: string) => void;
}) {
  const paths = usePlannerPaths();
  const table = useRef<HTMLTableElement>(null);
  const byDay = new Map<string, Practice[]>();
  for (const p of practices) byDay.set(p.practice_date, [...(byDay.get(p.practice_date) ?? []), p]);
  const focusDay = days.includes(anchor) ? anchor : days[0];

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, day: string) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = addDays(day, step);
    onMove(next);
    // The next day is rendered (or the view moves to it): focus follows after React has drawn it.
    requestAnimationFrame(() => table.current?.querySelector<HTMLButtonElement>(`[data-day="${next}"]`)?.focus());
  };

  const weeks: string[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  return (
    <table ref={table} className="practice-calendar" aria-labelledby="calendar-title" aria-describedby="calendar-help">
      <thead>
        <tr>
          {WEEKDAYS.map((d) => (
            <th key={d} scope="col">
              {d}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day) => {
              const items = byDay.get(day) ?? [];
              const isToday = day === today;
              const outside = month !== null && !day.startsWith(month);
              return (
                <td key={day} className={`${isToday ? "today" : ""} ${outside ? "outside" : ""}`.trim()}>
                  <button
                    type="button"
                    className="day-button"
                    data-day={day}
                    tabIndex={day === focusDay ? 0 : -1}
                    aria-current={isToday ? "date" : undefined}
                    onKeyDown={(e) => onKeyDown(e, day)}
                    onClick={() => onPlan(day)}
                  >
                    <span className="visually-hidden">
                      {`${longDay(day)}${isToday ? ", today" : ""}: plan a practice (${items.length} planned)`}
                    </span>
                    <span aria-hidden="true">{Number(day.slice(8))}</span>
                    {isToday && <span className="today-tag" aria-hidden="true">Today</span>}
                  </button>
                  {loading ? (
                    <span className="skeleton" aria-hidden="true" />
                  ) : (
                    <ul className="day-practices">
                      {items.map((p) => (
                        <li key={p.id} className={`practice-chip status-${p.status}`}>
                          <Link to={paths.practice(p.id)}>
                            {p.start_time ? `${p.start_time.slice(0, 5)} ` : ""}
                            {p.title}
                          </Link>{" "}
                          <span className="status">{STATUS_WORDS[p.status]}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
