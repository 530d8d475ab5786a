import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";

import { useTitle } from "../lib/title";
import {
  type EventGroup,
  type Practice,
  type PracticeWorkout,
  type RosterEntry,
  type WorkoutSummary,
  useCopyPractice,
  useEventGroups,
  usePractice,
  useRoster,
  useUpdatePractice,
  useWorkouts,
} from "./api";
import { CopyPracticeDialog } from "./CopyDialogs";
import { DateField } from "./DateField";
import { addDays, longDay } from "./dates";
import { Overrides } from "./Overrides";
import { usePlannerPaths } from "./paths";
import { PracticeWorkouts } from "./PracticeWorkouts";
import { PrintSheets } from "./PrintSheets";
import { ProblemAlert } from "./ProblemAlert";
import { PublishPanel } from "./PublishPanel";
import { StrengthLoads } from "./StrengthLoads";
import { useShortcuts } from "./shortcuts";

const STATUS: Record<Practice["status"], string> = {
  draft: "Draft — not published",
  published: "Published",
  cancelled: "Cancelled",
};

/** One practice: its details, a workout per event group, the S&C loads, per-athlete overrides, publish and copy. */
export function PracticeEditor() {
  const { practiceId = "" } = useParams();
  const paths = usePlannerPaths();
  const { practice, workouts: entries, assignments } = usePractice(practiceId);
  const library = useWorkouts(paths.programId);
  const groups = useEventGroups(paths.programId);
  const roster = useRoster(practice.data?.team_season_id);
  useTitle(practice.data ? `${practice.data.title}, ${longDay(practice.data.practice_date)}` : "Practice");
  const error = practice.error ?? entries.error ?? assignments.error ?? library.error ?? groups.error ?? roster.error;
  if (error) {
    return (
      <section aria-labelledby="practice-title">
        <h1 id="practice-title">Practice</h1>
        <ProblemAlert error={error} />
        <Link to={paths.calendar()}>Back to the calendar</Link>
      </section>
    );
  }
  if (!practice.data || !entries.data || !assignments.data || !library.data || !groups.data || !roster.data) {
    return (
      <section aria-labelledby="practice-title" aria-busy="true">
        <h1 id="practice-title">Practice</h1>
        <div className="skeleton skeleton-block" aria-hidden="true" />
      </section>
    );
  }
  const workouts = new Map(library.data.map((w) => [w.id, w]));
  return (
    <LoadedPractice
      practice={practice.data}
      entries={entries.data}
      assignments={assignments.data}
      workouts={workouts}
      groups={groups.data}
      roster={roster.data}
    />
  );
}

function LoadedPractice({
  practice,
  entries,
  assignments,
  workouts,
  groups,
  roster,
}: {
  practice: Practice;
  entries: PracticeWorkout[];
  assignments: Parameters<typeof Overrides>[0]["assignments"];
  workouts: Map<string, WorkoutSummary>;
  groups: EventGroup[];
  roster: RosterEntry[];
}) {
  const paths = usePlannerPaths();
  const navigate = useNavigate();
  const [copying, setCopying] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = useCopyPractice(practice);
  const copyToTomorrow = () =>
    copy.mutate([addDays(practice.practice_date, 1)], {
      onSuccess: (made) => setCopied(`Copied to ${made.items.map((p) => longDay(p.practice_date)).join(", ")} as a draft.`),
    });
  useShortcuts({ t: copyToTomorrow });
  const gym = entries.filter((e) => workouts.get(e.workout_id)?.workout_category === "gym");
  return (
    <>
      <article aria-labelledby="practice-title" className="screen-only">
        <p>
          <Link to={paths.calendar(practice.team_season_id, practice.practice_date)}>← Calendar</Link>
        </p>
        <h1 id="practice-title">
          {practice.title}: {longDay(practice.practice_date)}
        </h1>
        <p>
          <span className={`band status-${practice.status}`}>{STATUS[practice.status]}</span>{" "}
          {practice.start_time ? `Starts ${practice.start_time.slice(0, 5)}` : ""}
          {practice.location ? ` · ${practice.location}` : ""}
        </p>
        <div className="toolbar">
          <button type="button" onClick={() => setCopying(true)}>
            Copy to other dates…
          </button>
          <button type="button" onClick={copyToTomorrow} disabled={copy.isPending} aria-keyshortcuts="t">
            Copy to tomorrow
          </button>
          <button type="button" onClick={() => window.print()}>
            Print, a page per group
          </button>
          {practice.status === "published" && (
            <Link to={`/programs/${paths.programId}/stopwatch?practice=${practice.id}`}>Time it with the stopwatch</Link>
          )}
          <span className="hint">Shortcut: T copies to tomorrow.</span>
        </div>
        {copied && <p role="status">{copied}</p>}
        <ProblemAlert error={copy.error} action="Nothing was copied" />
        <PracticeDetails practice={practice} />
        <PracticeWorkouts practice={practice} entries={entries} workouts={workouts} groups={groups} />
        {gym.length > 0 && (
          <section aria-labelledby="sc-title">
            <h2 id="sc-title">S&amp;C loads</h2>
            {practice.status === "published" && (
              <p>
                <Link to={`/programs/${paths.programId}/practices/${practice.id}/gym`}>Gym sets: prescribed vs done</Link>
              </p>
            )}
            {gym.map((entry) => (
              <StrengthLoads key={entry.id} entry={entry} day={practice.practice_date} roster={roster} groups={groups} />
            ))}
          </section>
        )}
        <Overrides practice={practice} assignments={assignments} entries={entries} workouts={workouts} groups={groups} roster={roster} />
        <PublishPanel practice={practice} roster={roster} workouts={workouts} />
        <CopyPracticeDialog
          practice={practice}
          isOpen={copying}
          onClose={() => setCopying(false)}
          onCopied={(made) => {
            setCopying(false);
            if (made[0]) void navigate(paths.practice(made[0].id));
          }}
        />
      </article>
      <PrintSheets practice={practice} entries={entries} assignments={assignments} groups={groups} roster={roster} />
    </>
  );
}

function PracticeDetails({ practice }: { practice: Practice }) {
  const [title, setTitle] = useState(practice.title);
  const [day, setDay] = useState<string | null>(practice.practice_date);
  const [startTime, setStartTime] = useState(practice.start_time?.slice(0, 5) ?? "");
  const [location, setLocation] = useState(practice.location ?? "");
  const [notes, setNotes] = useState(practice.notes ?? "");
  const update = useUpdatePractice(practice);
  return (
    <details className="panel">
      <summary>Practice details</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({
            title,
            practice_date: day ?? practice.practice_date,
            start_time: startTime || null,
            location: location || null,
            notes: notes || null,
          });
        }}
      >
        <div className="field">
          <label htmlFor="practice-title-field">Title</label>
          <input id="practice-title-field" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
        </div>
        <DateField label="Date" value={day} onChange={setDay} isRequired />
        <div className="field">
          <label htmlFor="practice-start-field">Start time</label>
          <input id="practice-start-field" type="time" value={startTime} onChange={(e) => setStartTime(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="practice-location-field">Location</label>
          <input id="practice-location-field" value={location} onChange={(e) => setLocation(e.target.value)} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="practice-notes-field">Notes</label>
          <textarea id="practice-notes-field" value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />
        </div>
        <ProblemAlert error={update.error} action="Not saved" />
        {update.isSuccess && <p role="status">Saved. Publish again to bring the athletes&apos; sessions in line.</p>}
        <button type="submit" disabled={update.isPending}>
          Save details
        </button>
      </form>
    </details>
  );
}
