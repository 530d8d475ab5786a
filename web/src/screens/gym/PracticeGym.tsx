import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";

import { api } from "../../api/client";
import { unwrap } from "../../api/query";
import { useMe } from "../../auth/session";
import { QueryState } from "../../components/QueryState";
import { formatDay } from "../../lib/days";
import { useTitle } from "../../lib/title";
import { usePractice, useRoster } from "../../planner/api";
import { MaxFromSet } from "./MaxFromSet";
import { type SessionSets, type SetRow, workText } from "./sets";

const practiceSetsKey = (practiceId: string) => ["practice", practiceId, "sets"] as const;

// Who may confirm a max: strength_maxes' own rule (plan_gym, docs/security.md); the server refuses anyone else.
const MAX_ROLES = new Set(["head_coach", "strength_coach"]);

function doneText(row: SetRow): string {
  if (row.status === null) return "not logged";
  if (row.status === "skipped") return "skipped";
  return `${row.status === "added" ? "added: " : ""}${workText(row.load_kg, row.reps)}`;
}

function SetsTable({ sets, name, canSaveMax, practiceId }: { sets: SessionSets; name: string; canSaveMax: boolean; practiceId: string }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={`${name}'s sets, scrollable`}>
      <table className="gym-table">
        <caption className="visually-hidden">{name}: prescribed and done per set</caption>
        <thead>
          <tr>
            <th scope="col">Exercise</th>
            <th scope="col">Set</th>
            <th scope="col">Prescribed</th>
            <th scope="col">Done</th>
            <th scope="col">1RM</th>
          </tr>
        </thead>
        <tbody>
          {sets.sets.map((row) => (
            <tr key={`${row.step_id ?? "added"}/${row.set_number}`} className={row.status === "skipped" ? "gym-skipped" : undefined}>
              <th scope="row">{row.event_name ?? "Exercise"}</th>
              <td className="number">{row.set_number}</td>
              <td>{row.step_id === null ? "—" : workText(row.prescribed_load_kg, row.prescribed_reps)}</td>
              <td>{doneText(row)}</td>
              <td>
                {row.estimated_1rm_kg === null ? (
                  <span className="hint">—</span>
                ) : canSaveMax ? (
                  <MaxFromSet sessionId={sets.session_id} row={row} practiceKey={practiceSetsKey(practiceId)} />
                ) : (
                  <span>≈ {row.estimated_1rm_kg} kg</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An athlete who logged sets gets the table open; one who has not, a line that opens to the prescription. */
function AthleteSets(props: { sets: SessionSets; name: string; canSaveMax: boolean; practiceId: string }) {
  const { sets, name } = props;
  const logged = sets.sets.filter((s) => s.status !== null).length;
  if (logged === 0) {
    return (
      <details className="gym-athlete">
        <summary>
          {name} <span className="hint">· nothing logged yet</span>
        </summary>
        <SetsTable {...props} />
      </details>
    );
  }
  return (
    <section aria-labelledby={`sets-${sets.session_id}`} className="gym-athlete">
      <h2 id={`sets-${sets.session_id}`}>
        {name} <span className="hint">· {logged} of {sets.sets.length} sets logged</span>
      </h2>
      <SetsTable {...props} />
    </section>
  );
}

/** The S&C coach's view of a practice: every athlete's gym sets, prescribed against done, and maxes from tested sets. */
export function PracticeGym() {
  const { programId = "", practiceId = "" } = useParams();
  const { practice } = usePractice(practiceId);
  const roster = useRoster(practice.data?.team_season_id);
  const me = useMe().data;
  const sets = useQuery({
    queryKey: practiceSetsKey(practiceId),
    queryFn: () =>
      unwrap(api.GET("/api/v1/practice-sessions/{practice_id}/sets", { params: { path: { practice_id: practiceId } } })),
  });
  useTitle(practice.data ? `Gym sets · ${practice.data.title}` : "Gym sets");
  const canSaveMax = (me?.staff ?? []).some((m) => m.active && m.program_id === programId && MAX_ROLES.has(m.role));
  const names = new Map((roster.data ?? []).map((r) => [r.athlete_id, r.name]));
  const nameOf = (athleteId: string) => names.get(athleteId) ?? "Athlete";
  return (
    <section aria-labelledby="gym-practice-title">
      <p>
        <Link to={`/programs/${programId}/planner/practices/${practiceId}`}>← Practice</Link>
      </p>
      <h1 id="gym-practice-title">
        Gym sets{practice.data ? `: ${practice.data.title}, ${formatDay(practice.data.practice_date)}` : ""}
      </h1>
      <p className="hint">
        Prescribed (with each athlete&apos;s kilograms) against what they logged.
        {canSaveMax && " A set done with 1 to 10 reps can estimate a 1RM (Epley 1985) and, if you confirm, become the athlete's max."}
      </p>
      <QueryState query={sets}>
        {(body) =>
          body.sessions.length === 0 ? (
            <p>No gym sessions in this practice, or it is not published yet.</p>
          ) : (
            // Who logged first (what the coach came to read), then the rest; by name within each.
            [...body.sessions]
              .sort(
                (a, b) =>
                  Number(a.sets.every((r) => r.status === null)) - Number(b.sets.every((r) => r.status === null)) ||
                  nameOf(a.athlete_id).localeCompare(nameOf(b.athlete_id)),
              )
              .map((s) => (
                <AthleteSets key={s.session_id} sets={s} name={nameOf(s.athlete_id)} canSaveMax={canSaveMax} practiceId={practiceId} />
              ))
          )
        }
      </QueryState>
    </section>
  );
}
