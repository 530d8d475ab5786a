import type { components } from "../../api/schema";
import { ComplianceBand } from "../../components/ComplianceBand";
import { type DistanceUnit, formatDistance, formatDuration, formatPace } from "../../lib/units";

type SessionRead = components["schemas"]["SessionRead"];
type Measure = components["schemas"]["Measure"];

function Band({ measure }: { measure: Measure | undefined }) {
  if (!measure || measure.band == null) return <span className="hint">—</span>;
  return <ComplianceBand band={measure.band} percent={measure.percent} />;
}

/** Plan and what was done side by side, with each measure's compliance band. */
export function PlannedVsActual({ session: s, unit }: { session: SessionRead; unit: DistanceUnit }) {
  const done = s.status === "completed";
  const pace = (metres: number | null, seconds: number | null) =>
    metres && seconds ? `${formatPace(metres, seconds, unit)} · ${formatPace(metres, seconds, "lap")}` : "—";
  return (
    // Focusable so a keyboard can scroll it on a phone, where the table is wider than the screen.
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Planned and actual, scrollable">
      <table>
        <caption className="visually-hidden">Planned and actual</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Planned</th>
            <th scope="col">Actual</th>
            <th scope="col">Compliance</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Distance</th>
            <td>{formatDistance(s.planned_distance_m, unit)}</td>
            <td>{done ? formatDistance(s.actual_distance_m, unit) : "—"}</td>
            <td>
              <Band measure={s.compliance?.distance} />
            </td>
          </tr>
          <tr>
            <th scope="row">Duration</th>
            <td>{formatDuration(s.planned_duration_sec)}</td>
            <td>{done ? formatDuration(s.actual_duration_sec) : "—"}</td>
            <td>
              <Band measure={s.compliance?.duration} />
            </td>
          </tr>
          <tr>
            <th scope="row">Pace</th>
            <td>{pace(s.planned_distance_m, s.planned_duration_sec)}</td>
            <td>{done ? pace(s.actual_distance_m, s.actual_duration_sec) : "—"}</td>
            <td />
          </tr>
          <tr>
            <th scope="row">RPE</th>
            <td>{s.planned_rpe ?? "—"}</td>
            <td>{done ? (s.actual_rpe ?? "—") : "—"}</td>
            <td>
              <Band measure={s.compliance?.rpe} />
            </td>
          </tr>
          <tr>
            <th scope="row">Notes</th>
            <td>{s.planned_description ?? "—"}</td>
            <td>{s.actual_description ?? "—"}</td>
            <td />
          </tr>
        </tbody>
      </table>
    </div>
  );
}
