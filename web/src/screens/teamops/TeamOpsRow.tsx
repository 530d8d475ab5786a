import { Link } from "react-router";

import { ComplianceBand } from "../../components/ComplianceBand";
import { formatShortDay } from "../../lib/days";
import { sessionName } from "../../lib/sessions";
import { ratioWords } from "../../lib/trends";
import type { DistanceUnit } from "../../lib/units";
import { Sparkline } from "./Sparkline";
import { type TeamOpsAthlete, checkedIn, sparklineWords, weekWords } from "./teamOps";

/** The wellness check-in of the row's day: today, or the last day of a past week (``asOf``). */
function CheckIn({ athlete, asOf }: { athlete: TeamOpsAthlete; asOf: string | null }) {
  const done = checkedIn(athlete);
  if (done === null) return <span className="hint">—</span>;
  const total = athlete.readiness?.wellness.total;
  const day = asOf ? ` on ${formatShortDay(asOf)}` : "";
  return done ? (
    <span>
      checked in{day}
      {total != null && <span className="hint"> · {total} of 25</span>}
    </span>
  ) : (
    <span className="gym-checkin-missing">not checked in{day}</span>
  );
}

function Readiness({ athlete }: { athlete: TeamOpsAthlete }) {
  const r = athlete.readiness;
  if (!r || r.score == null) return <span className="hint">no score yet</span>;
  return (
    <details>
      <summary>
        {Math.round(r.score)}
        <span className="visually-hidden"> of 100, factors</span>
      </summary>
      <ul className="flag-list">
        {r.factors.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
    </details>
  );
}

/** One athlete's week on Team Ops; the name is the link to their profile. */
export function TeamOpsRow({ athlete, unit, asOf }: { athlete: TeamOpsAthlete; unit: DistanceUnit; asOf: string | null }) {
  const otherGroups = athlete.event_groups.slice(1).map((g) => g.name);
  return (
    <tr className={athlete.needs_attention ? "attention" : undefined}>
      <th scope="row">
        <Link to={`/athletes/${athlete.athlete_id}/training`}>{athlete.name}</Link>
        {athlete.roster_status !== "active" && <span className="hint"> ({athlete.roster_status})</span>}
        {otherGroups.length > 0 && <span className="hint"> · also {otherGroups.join(", ")}</span>}
        {athlete.needs_attention && <span className="attention-mark"> · needs attention</span>}
      </th>
      <td>{weekWords(athlete, unit)}</td>
      <td>
        <ComplianceBand band={athlete.compliance_band} percent={athlete.compliance_percent} empty="nothing due yet" />
      </td>
      <td className="number">{athlete.week.missed}</td>
      <td>
        {athlete.last_completed ? (
          <Link to={`/sessions/${athlete.last_completed.id}`}>
            {formatShortDay(athlete.last_completed.session_date)}: {sessionName(athlete.last_completed)}
          </Link>
        ) : (
          <span className="hint">none</span>
        )}
      </td>
      <td>
        <Readiness athlete={athlete} />
      </td>
      <td>
        {athlete.acwr_ewma == null ? (
          <span className="hint">—</span>
        ) : (
          <span title={ratioWords(athlete.acwr_ewma)}>
            {athlete.acwr_ewma.toFixed(2)}
            <span className="visually-hidden">: {ratioWords(athlete.acwr_ewma)}</span>
          </span>
        )}
      </td>
      <td>
        {athlete.flags.length === 0 ? (
          <span className="hint">none</span>
        ) : (
          <ul className="flag-list">
            {athlete.flags.map((f) => (
              <li key={f.code}>{f.text}</li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <Sparkline values={athlete.daily_load} label={sparklineWords(athlete.daily_load)} />
      </td>
      <td className="number">{athlete.unreviewed}</td>
      <td>
        <CheckIn athlete={athlete} asOf={asOf} />
      </td>
    </tr>
  );
}
