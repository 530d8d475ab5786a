import { Link, useParams } from "react-router";

import { QueryState } from "../components/QueryState";
import { activitySummary } from "../lib/activity";
import { formatDay } from "../lib/days";
import { useDistanceUnit } from "../lib/preferences";
import { CATEGORY_WORDS, STATUS_WORDS, sessionName } from "../lib/sessions";
import { useTitle } from "../lib/title";
import { useAthlete, useTraining } from "./athlete/queries";
import { DeviceData, NoDeviceFile } from "./session/DeviceData";
import { Comments } from "./session/Comments";
import { History } from "./session/History";
import { PlannedVsActual } from "./session/PlannedVsActual";
import { Review } from "./session/Review";
import { useSession } from "./session/queries";

/** Times read in the program's time zone, which the athlete's training answer names (asked for one day: small). */
function useAthleteTimeZone(athleteId: string | undefined, day: string | undefined): string | undefined {
  const range = day ? { from: day, to: day } : undefined;
  return useTraining(athleteId ?? "", range, athleteId !== undefined && day !== undefined).data?.time_zone;
}

function AthleteLink({ athleteId }: { athleteId: string }) {
  const athlete = useAthlete(athleteId);
  return <Link to={`/athletes/${athleteId}/training`}>{athlete.data?.name ?? "The athlete"}</Link>;
}

/** One session: planned vs actual, the device file (splits, heart rate and pace over time), and its history. */
export function SessionPage() {
  const { sessionId = "" } = useParams();
  const session = useSession(sessionId);
  const unit = useDistanceUnit();
  const timeZone = useAthleteTimeZone(session.data?.athlete_id, session.data?.session_date);
  useTitle(session.data ? `${sessionName(session.data)} · Session` : "Session");
  return (
    <section aria-labelledby="session-title">
      <QueryState query={session} skeleton={<h1 id="session-title">Session</h1>}>
        {(s) => {
          const summary = activitySummary(s.metrics_json);
          return (
            <>
              <h1 id="session-title">{sessionName(s)}</h1>
              <p>
                <AthleteLink athleteId={s.athlete_id} /> · {formatDay(s.session_date)} ·{" "}
                {CATEGORY_WORDS[s.workout_category]} · <strong>{STATUS_WORDS[s.status]}</strong>
              </p>
              <Review session={s} timeZone={timeZone} />
              <h2>Planned and actual</h2>
              <PlannedVsActual session={s} unit={unit} />
              {/* Only an import writes the activity/1 summary: without it there is no file to ask for. */}
              {summary ? (
                <DeviceData sessionId={s.id} summary={summary} unit={unit} timeZone={timeZone} />
              ) : (
                s.status === "completed" && (
                  <section aria-labelledby="device-title">
                    <h2 id="device-title">Device file</h2>
                    <NoDeviceFile />
                  </section>
                )
              )}
              <Comments sessionId={s.id} timeZone={timeZone} />
              <History sessionId={s.id} timeZone={timeZone} />
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
