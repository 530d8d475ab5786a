import { Link, useLocation } from "react-router";

import { useMe } from "../../auth/session";
import { QueryState } from "../../components/QueryState";
import { addDays, formatDay, mondayOf } from "../../lib/days";
import { queuedNewSessions, withQueuedActuals, writesBySession } from "../../lib/pendingWrites";
import { useDistanceUnit } from "../../lib/preferences";
import { useTitle } from "../../lib/title";
import type { DistanceUnit } from "../../lib/units";
import { type QueuedWrite, useOutbox } from "../../offline/outbox";
import { type AthleteWindow, type SessionRead, useAthleteWindow, useRefreshWhenSynced } from "./queries";
import { SessionCard } from "./SessionCard";

function DaySessions({
  sessions,
  unit,
  queued,
  expanded,
  level,
  empty,
}: {
  sessions: SessionRead[];
  unit: DistanceUnit;
  queued: Map<string, QueuedWrite[]>;
  expanded: boolean;
  level: 3 | 4;
  empty: string;
}) {
  if (sessions.length === 0) return <p className="hint">{empty}</p>;
  return (
    <div className="today-cards">
      {sessions.map((s) => (
        <SessionCard key={s.id} session={s} unit={unit} writes={queued.get(s.id) ?? []} expanded={expanded} level={level} />
      ))}
    </div>
  );
}

function Week({ window: w, athleteId }: { window: AthleteWindow; athleteId: string }) {
  const unit = useDistanceUnit();
  const { writes } = useOutbox();
  const queued = writesBySession(writes);
  const fresh = queuedNewSessions(writes, athleteId);
  for (const s of fresh) queued.set(s.id, writes.filter((q) => `queued-${q.key}` === s.id));
  const sessions = [...w.sessions.map((s) => withQueuedActuals(s, queued.get(s.id) ?? [])), ...fresh];
  const onDay = (day: string) => sessions.filter((s) => s.session_date === day);
  const monday = mondayOf(w.today);
  const otherDays = Array.from({ length: 7 }, (_, i) => addDays(monday, i)).filter((d) => d !== w.today);
  return (
    <>
      <section aria-labelledby="today-planned">
        <h2 id="today-planned">{formatDay(w.today)}</h2>
        <DaySessions
          sessions={onDay(w.today)}
          unit={unit}
          queued={queued}
          expanded
          level={3}
          empty="Nothing planned today. Rest, or log other training you did."
        />
      </section>
      <section aria-labelledby="today-week">
        <h2 id="today-week">This week</h2>
        <div className="today-week-days">
          {otherDays.map((day) => (
            <div key={day} className="today-day">
              <h3>{formatDay(day)}</h3>
              <DaySessions sessions={onDay(day)} unit={unit} queued={queued} expanded={false} level={4} empty="Nothing planned." />
            </div>
          ))}
        </div>
      </section>
    </>
  );
}

/** The athlete's home: today's sessions and the rest of this week (Monday to Sunday), each with what to do. */
export function Today() {
  useTitle("Today");
  const athleteId = useMe().data?.athlete?.id ?? "";
  const training = useAthleteWindow(athleteId);
  useRefreshWhenSynced(athleteId);
  const saved = (useLocation().state as { saved?: string } | null)?.saved;
  return (
    <section aria-labelledby="today-title" className="today">
      <h1 id="today-title">Today</h1>
      <p className="today-saved" aria-live="polite">
        {saved ?? ""}
      </p>
      {athleteId === "" ? (
        <p>There is no athlete profile on your account: ask your coach for an athlete invitation.</p>
      ) : (
        <>
          <div className="today-actions">
            <Link to="/today/other">Log other training</Link>
            <Link to="/today/upload">Upload a device file</Link>
          </div>
          <QueryState query={training} skeleton={<div className="skeleton calendar-skeleton" />}>
            {(w) => <Week window={w} athleteId={athleteId} />}
          </QueryState>
        </>
      )}
    </section>
  );
}
