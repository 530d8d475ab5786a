import { QueryState } from "../../components/QueryState";
import { useReadiness } from "./queries";
import { WellnessInReadiness } from "./WellnessInReadiness";

/**
 * Today's readiness and the factors behind it, in words, with its wellness component; or how much more history a
 * score needs. `own`: the athlete's own view (My training), worded to them.
 */
export function ReadinessPanel({ athleteId, own = false }: { athleteId: string; own?: boolean }) {
  const readiness = useReadiness(athleteId);
  return (
    <section className="panel" aria-labelledby="readiness-title">
      <h2 id="readiness-title">Readiness today</h2>
      <QueryState query={readiness}>
        {(r) => (
          <>
            {r.score == null ? (
              <p>
                No score yet: {r.data.more_history_days_needed} more days of history and{" "}
                {r.data.more_sessions_needed} more logged sessions are needed.
              </p>
            ) : (
              <>
                <p className="readiness-score">
                  <strong>{Math.round(r.score)}</strong> <span className="hint">of 100</span>
                </p>
                {r.factors.length > 0 && (
                  <ul>
                    {r.factors.map((f) => (
                      <li key={f}>{f}</li>
                    ))}
                  </ul>
                )}
              </>
            )}
            <WellnessInReadiness wellness={r.wellness} own={own} />
          </>
        )}
      </QueryState>
    </section>
  );
}
