import type { components } from "../../api/schema";
import { formatDay } from "../../lib/days";

type Wellness = components["schemas"]["ReadinessWellness"];

/**
 * Readiness's wellness component in words (docs/load-model.md, "Wellness"): the daily check-in of McLean et al.
 * 2010 (Int J Sports Physiol Perform 5:367–383) counts for ``weight`` of the 100 points when it is recent,
 * and is withheld — the score resting on training data alone — when it is not. `own`: the athlete reading it.
 */
export function WellnessInReadiness({ wellness, own }: { wellness: Wellness; own: boolean }) {
  const whose = own ? "your" : "the athlete's";
  return (
    <section aria-labelledby="wellness-part" className="readiness-wellness">
      <h3 id="wellness-part">{own ? "Wellness in your readiness" : "Wellness in this readiness"}</h3>
      {wellness.included && wellness.total != null && wellness.checkin_date ? (
        <p>
          Included: {whose} check-in of {formatDay(wellness.checkin_date)} scored{" "}
          <strong>{wellness.total} of 25</strong> (sleep, fatigue, soreness, stress and mood), and it carries{" "}
          <strong>{wellness.weight} of the 100 points</strong>.
        </p>
      ) : (
        <p>
          Withheld: {wellness.explanation ?? `no check-in in the last ${wellness.recent_days} days.`} A check-in counts
          on its day and the next.
        </p>
      )}
      <p className="hint">
        The check-in is the short wellness questionnaire of McLean et al. 2010 (each item 1–5, a total of 5–25).
      </p>
    </section>
  );
}
