import { Link } from "react-router";

import type { components } from "../../api/schema";
import { ComplianceBand } from "../../components/ComplianceBand";
import { formatDay } from "../../lib/days";
import { CATEGORY_WORDS, STATUS_WORDS, actualText, plannedText, sessionName } from "../../lib/sessions";
import type { DistanceUnit } from "../../lib/units";

type SessionRead = components["schemas"]["SessionRead"];

/** Sessions as rows: planned next to actual, with the compliance band of what was done. */
export function SessionTable({ sessions, unit, caption }: { sessions: SessionRead[]; unit: DistanceUnit; caption: string }) {
  if (sessions.length === 0) {
    return <p>No sessions in this month. Sessions appear here once a coach publishes a practice or the athlete logs one.</p>;
  }
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Session</th>
            <th scope="col">Category</th>
            <th scope="col">Status</th>
            <th scope="col">Planned</th>
            <th scope="col">Actual</th>
            <th scope="col">Compliance</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>{formatDay(s.session_date)}</td>
              <td>
                <Link to={`/sessions/${s.id}`}>{sessionName(s)}</Link>
              </td>
              <td>{CATEGORY_WORDS[s.workout_category]}</td>
              <td>{STATUS_WORDS[s.status]}</td>
              <td>{plannedText(s, unit)}</td>
              <td>{actualText(s, unit)}</td>
              <td>
                {s.status === "planned" ? (
                  <span className="hint">to come</span>
                ) : (
                  <ComplianceBand band={s.compliance?.overall} percent={s.compliance?.duration.percent ?? s.compliance?.distance.percent} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
