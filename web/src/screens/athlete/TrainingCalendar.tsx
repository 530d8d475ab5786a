import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { Link } from "react-router";

import type { components } from "../../api/schema";
import { addDays, addMonths, formatDay, monthGrid, monthOf } from "../../lib/days";
import { STATUS_WORDS, sessionName } from "../../lib/sessions";

type SessionRead = components["schemas"]["SessionRead"];

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

// Arrow keys move a day or a week, Home/End to the week's ends, Page Up/Down a month (the APG date grid keys).
const MOVES: Record<string, (day: string) => string> = {
  ArrowLeft: (d) => addDays(d, -1),
  ArrowRight: (d) => addDays(d, 1),
  ArrowUp: (d) => addDays(d, -7),
  ArrowDown: (d) => addDays(d, 7),
  PageUp: (d) => addDays(d, -28),
  PageDown: (d) => addDays(d, 28),
};

/**
 * A month as a table of weeks. One day cell at a time is in the tab order (roving focus): arrow keys move it and
 * cross into the next or previous month; each session in a cell is a link to its page.
 */
export function TrainingCalendar({
  month,
  today,
  sessions,
  onMonthChange,
}: {
  month: string;
  today: string;
  sessions: SessionRead[];
  onMonthChange: (month: string) => void;
}) {
  const [focused, setFocused] = useState<string>(monthOf(today) === month ? today : `${month}-01`);
  const [moved, setMoved] = useState(false);
  const grid = useRef<HTMLTableElement>(null);
  const byDay = new Map<string, SessionRead[]>();
  for (const s of sessions) byDay.set(s.session_date, [...(byDay.get(s.session_date) ?? []), s]);

  useEffect(() => {
    if (monthOf(focused) !== month) setFocused(monthOf(today) === month ? today : `${month}-01`);
    // Only a change of month moves the roving cell; the focused day is the user's otherwise.
  }, [month]);

  useEffect(() => {
    if (moved) grid.current?.querySelector<HTMLElement>(`[data-day="${focused}"]`)?.focus();
  }, [focused, moved]);

  const onKeyDown = (event: KeyboardEvent<HTMLTableCellElement>, day: string) => {
    if (event.target !== event.currentTarget) return; // keys typed on a session link are the link's
    let next: string | null = MOVES[event.key]?.(day) ?? null;
    if (event.key === "Home") next = addDays(day, -((new Date(`${day}T00:00Z`).getUTCDay() + 6) % 7));
    if (event.key === "End") next = addDays(day, 6 - ((new Date(`${day}T00:00Z`).getUTCDay() + 6) % 7));
    if (next === null) return;
    event.preventDefault();
    setMoved(true);
    setFocused(next);
    if (monthOf(next) !== month) onMonthChange(monthOf(next));
  };

  return (
    <div className="table-scroll">
      <table className="calendar" ref={grid} aria-describedby="calendar-keys">
        <caption className="visually-hidden">Sessions by day</caption>
        <thead>
          <tr>
            {WEEKDAYS.map((d) => (
              <th scope="col" key={d}>
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthGrid(month).map((week) => (
            <tr key={week[0]!.day}>
              {week.map(({ day, inMonth }) => {
                const daySessions = byDay.get(day) ?? [];
                return (
                  <td
                    key={day}
                    data-day={day}
                    tabIndex={day === focused ? 0 : -1}
                    className={`calendar-day${inMonth ? "" : " outside"}${day === today ? " today" : ""}`}
                    onKeyDown={(e) => onKeyDown(e, day)}
                    onFocus={(e) => {
                      if (e.target === e.currentTarget) setFocused(day);
                    }}
                  >
                    <span className="calendar-date" aria-hidden="true">
                      {Number(day.slice(8))}
                    </span>
                    <span className="visually-hidden">
                      {formatDay(day)}
                      {day === today ? ", today" : ""}: {daySessions.length === 0 ? "no sessions" : `${daySessions.length} sessions`}
                    </span>
                    <ul className="calendar-sessions">
                      {daySessions.map((s) => (
                        <li key={s.id} className={`status-${s.status}`}>
                          <Link to={`/sessions/${s.id}`}>
                            {sessionName(s)}
                            <span className="session-status"> · {STATUS_WORDS[s.status]}</span>
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p id="calendar-keys" className="hint">
        In the calendar, arrow keys move between days, Page Up and Page Down by four weeks, Home and End to the
        week&apos;s ends.
      </p>
    </div>
  );
}

export function MonthNavigation({ month, onChange, label }: { month: string; onChange: (m: string) => void; label: string }) {
  return (
    <div className="toolbar" role="group" aria-label="Month">
      <button type="button" onClick={() => onChange(addMonths(month, -1))}>
        <span aria-hidden="true">← </span>Previous month
      </button>
      <h3 className="month-title" aria-live="polite">
        {label}
      </h3>
      <button type="button" onClick={() => onChange(addMonths(month, 1))}>
        Next month<span aria-hidden="true"> →</span>
      </button>
    </div>
  );
}
