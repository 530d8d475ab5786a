import { Navigate, NavLink, Route, Routes, useParams } from "react-router";

import { QueryState } from "../components/QueryState";
import { useTitle } from "../lib/title";
import { TrainingTab } from "./athlete/TrainingTab";
import { useAthlete } from "./athlete/queries";

/** An athlete's profile: name, rosters, and the Training tab (sessions, readiness, trends). */
export function AthleteProfile() {
  const { athleteId = "" } = useParams();
  const athlete = useAthlete(athleteId);
  useTitle(athlete.data ? `${athlete.data.name} · Training` : "Athlete");
  return (
    <section aria-labelledby="athlete-title">
      <QueryState query={athlete} skeleton={<h1 id="athlete-title">Athlete</h1>}>
        {(a) => (
          <>
            <h1 id="athlete-title">{a.name}</h1>
            <p className="hint">
              {a.rosters
                .filter((r) => r.status !== "inactive")
                .map((r) => `${r.team_season_name}${r.event_group ? ` · ${r.event_group}` : ""}${r.status !== "active" ? ` (${r.status})` : ""}`)
                .join("; ")}
            </p>
            <nav aria-label="Athlete profile" className="tabs">
              <NavLink to={`/athletes/${a.id}/training`} className={({ isActive }) => (isActive ? "active" : "")}>
                Training
              </NavLink>
            </nav>
            <Routes>
              <Route index element={<Navigate to="training" replace />} />
              <Route path="training" element={<TrainingTab athleteId={a.id} />} />
            </Routes>
          </>
        )}
      </QueryState>
    </section>
  );
}
