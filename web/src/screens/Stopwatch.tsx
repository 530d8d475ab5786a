import { useMe } from "../auth/session";
import { ProblemAlert } from "../planner/ProblemAlert";
import { useProgram, useSeasons } from "../planner/api";
import { longDay } from "../planner/dates";
import { useTitle } from "../lib/title";
import { localDay } from "../lib/units";
import { useProgramIdParam } from "../programs/current";
import { Review } from "../stopwatch/Review";
import { mayTime } from "../stopwatch/roles";
import { Setup } from "../stopwatch/Setup";
import { useStoredRun } from "../stopwatch/store";
import { TimingBoard } from "../stopwatch/TimingBoard";

/** The coach's group stopwatch: pick today's practice and a group's workout, time every rep, review, save. */
export function Stopwatch() {
  const programId = useProgramIdParam();
  const me = useMe();
  const [run, setRun, update] = useStoredRun(programId);
  useTitle("Stopwatch");
  const allowed = mayTime(me.data, programId);
  return (
    <section aria-labelledby="stopwatch-title" className="stopwatch">
      <h1 id="stopwatch-title">Stopwatch</h1>
      {!allowed ? (
        <p>Head and assistant coaches time reps and file splits here.</p>
      ) : run === null ? (
        <TodaysSetup programId={programId} onStart={setRun} />
      ) : (
        <>
          <p className="stopwatch-what">
            {run.workoutName}, {run.groupName} · {run.practiceTitle}, {longDay(run.day)}
          </p>
          {run.phase === "timing" ? (
            <TimingBoard run={run} update={update} />
          ) : (
            <Review
              run={run}
              update={update}
              onClear={() => {
                if (run.savedKey !== null || window.confirm("Clear the stopwatch? The splits are not saved.")) setRun(null);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

function TodaysSetup({ programId, onStart }: { programId: string; onStart: Parameters<typeof Setup>[0]["onStart"] }) {
  const program = useProgram(programId);
  const seasons = useSeasons(programId);
  const error = program.error ?? seasons.error;
  if (error) return <ProblemAlert error={error} />;
  if (!program.data || !seasons.data) return <div className="skeleton" aria-busy="true" aria-label="Loading" />;
  const today = localDay(new Date(), program.data.time_zone);
  const season = seasons.data.find((s) => s.start_date <= today && today <= s.end_date);
  if (season === undefined) return <p>No season of this program holds today ({longDay(today)}).</p>;
  return <Setup programId={programId} season={season} today={today} onStart={onStart} />;
}
