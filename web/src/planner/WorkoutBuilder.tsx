import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";

import { formatDistance, formatDuration } from "../lib/units";
import { useTitle } from "../lib/title";
import {
  type Category,
  type TrainingEvent,
  type Workout,
  useAddPracticeWorkout,
  useCreateTrainingEvent,
  usePractice,
  useSaveWorkout,
  useTrainingEvents,
  useWorkout,
} from "./api";
import { usePlannerPaths } from "./paths";
import { ProblemAlert } from "./ProblemAlert";
import { NumberField, DurationField } from "./fields";
import { useShortcuts } from "./shortcuts";
import { useUnsavedGuard } from "./UnsavedGuard";
import { lastEvent, StepList } from "./StepEditor";
import {
  appendAt,
  depth,
  type DraftNode,
  emptyBlock,
  emptyStep,
  estimatedLoad,
  fromRead,
  moveAt,
  toRequest,
  totals,
  updateAt,
} from "./steps";

const CATEGORIES: Record<Category, string> = { run: "Run", gym: "S&C (gym)", cross_training: "Cross-training", other: "Other" };

/** The workout builder (and, for gym work, the S&C builder): a new workout, or one of the library. */
export function WorkoutBuilder() {
  const { workoutId } = useParams();
  const paths = usePlannerPaths();
  const existing = useWorkout(workoutId);
  const events = useTrainingEvents(paths.programId);
  useTitle(workoutId ? "Edit workout" : "Workout builder");
  const error = existing.error ?? events.error;
  if (error) return <ProblemAlert error={error} />;
  if ((workoutId && !existing.data) || !events.data) {
    return (
      <section aria-busy="true" aria-labelledby="builder-title">
        <h1 id="builder-title">Workout builder</h1>
        <div className="skeleton skeleton-block" aria-hidden="true" />
      </section>
    );
  }
  return <Builder key={existing.data?.id ?? "new"} existing={existing.data} events={events.data} />;
}

function Builder({ existing, events }: { existing: Workout | undefined; events: TrainingEvent[] }) {
  const paths = usePlannerPaths();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const practiceId = params.get("practice");
  const group = params.get("group");
  const [name, setName] = useState(existing?.name ?? "");
  const [category, setCategory] = useState<Category>(existing?.workout_category ?? ((params.get("category") as Category | null) ?? "run"));
  const [description, setDescription] = useState(existing?.description ?? "");
  const [sessionRpe, setSessionRpe] = useState<number | null>(existing?.planned_rpe_source === "coach" ? existing.planned_rpe : null);
  const [duration, setDuration] = useState<number | null>(existing && existing.steps.length === 0 ? existing.planned_duration_sec : null);
  const [nodes, setNodes] = useState<DraftNode[]>(existing ? fromRead(existing.steps) : []);
  const guard = useUnsavedGuard();
  const strength = category === "gym";
  const usable = events.filter((e) => (strength ? e.workout_category === "gym" : e.workout_category !== "gym"));
  const save = useSaveWorkout(paths.programId, existing);
  const practice = usePractice(practiceId ?? "").practice;
  const addToPractice = useAddPracticeWorkout({ id: practiceId ?? "", team_season_id: practice.data?.team_season_id ?? "" });

  const addStep = () => setNodes((n) => [...n, emptyStep(lastEvent(n))]);
  const addBlock = () => setNodes((n) => [...n, emptyBlock([emptyStep(lastEvent(n))])]);
  useShortcuts({
    s: () => {
      guard.changed();
      addStep();
    },
    r: () => {
      guard.changed();
      addBlock();
    },
  });
  const actions = {
    change: (path: number[], node: DraftNode | null) => setNodes((n) => updateAt(n, path, () => node)),
    move: (path: number[], by: -1 | 1) => setNodes((n) => moveAt(n, path, by)),
    addTo: (path: number[], node: DraftNode) => setNodes((n) => appendAt(n, path, node)),
  };
  const sum = totals(nodes);
  const rpe = sessionRpe ?? sum.rpe;
  const seconds = nodes.length > 0 ? sum.durationSec : duration;

  const onSave = async () => {
    const workout = await save.mutateAsync({
      name,
      workout_category: category,
      description: description || null,
      steps: toRequest(nodes),
      planned_duration_sec: nodes.length === 0 ? duration : null,
      planned_rpe: sessionRpe,
    });
    if (practiceId && group && existing === undefined) {
      await addToPractice.mutateAsync({ workout_id: workout.id, event_group_id: group === "everyone" ? null : group });
    }
    guard.saved();
    void navigate(practiceId ? paths.practice(practiceId) : paths.workout(workout.id));
  };
  const back = practiceId ? paths.practice(practiceId) : paths.calendar();
  return (
    <section aria-labelledby="builder-title">
      <p>
        <Link to={back}>← {practiceId ? "Back to the practice" : "Calendar"}</Link>
      </p>
      <h1 id="builder-title">{strength ? "S&C builder" : "Workout builder"}</h1>
      {practiceId && group && existing === undefined && (
        <p className="hint">Saving adds this workout to the practice{group === "everyone" ? " for everyone" : " for its event group"}.</p>
      )}
      {guard.dialog}
      <form
        onChange={guard.changed}
        onClick={(e) => e.target instanceof HTMLButtonElement && e.target.type === "button" && guard.changed()}
        onSubmit={(e) => {
          e.preventDefault();
          void onSave().catch(() => undefined); // the error is shown from the mutations' state
        }}
      >
        <div className="toolbar">
          <div className="field inline-field">
            <label htmlFor="workout-name">Name</label>
            <input id="workout-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} size={30} />
          </div>
          <div className="field inline-field">
            <label htmlFor="workout-category">Category</label>
            <select id="workout-category" value={category} onChange={(e) => setCategory(e.target.value as Category)}>
              {Object.entries(CATEGORIES).map(([k, words]) => (
                <option key={k} value={k}>
                  {words}
                </option>
              ))}
            </select>
          </div>
          <NumberField id="workout-session-rpe" label="Session RPE (coach)" value={sessionRpe} min={1} max={10} onChange={setSessionRpe} />
          {nodes.length === 0 && <DurationField id="workout-duration" label="Duration (no steps)" value={duration} onChange={setDuration} />}
        </div>
        <div className="field">
          <label htmlFor="workout-description">Description</label>
          <textarea id="workout-description" value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
        </div>
        <Totals distance={sum.distanceM} seconds={seconds} stepsRpe={sum.rpe} sessionRpe={sessionRpe} load={estimatedLoad(rpe, seconds)} />
        <h2 id="steps-title">{strength ? "Exercises" : "Steps"}</h2>
        {nodes.length === 0 ? (
          <p>No {strength ? "exercise" : "step"} yet: add one, or save a workout described in words with its duration.</p>
        ) : (
          <StepList nodes={nodes} path={[]} events={usable} strength={strength} actions={actions} />
        )}
        {depth(nodes) > 3 && <p role="alert" className="error">Blocks nest at most two deep.</p>}
        <div className="toolbar">
          <button type="button" onClick={addStep} aria-keyshortcuts="s">
            Add {strength ? "exercise" : "step"}
          </button>
          <button type="button" onClick={addBlock} aria-keyshortcuts="r">
            Add repeat block
          </button>
          <span className="hint">Shortcuts: S adds a step, R a repeat block.</span>
        </div>
        <NewTrainingEvent category={category} />
        <ProblemAlert error={save.error} action="Not saved" />
        <ProblemAlert error={addToPractice.error} action="Saved, but not added to the practice" />
        <button type="submit" className="primary" disabled={save.isPending || addToPractice.isPending}>
          Save workout
        </button>
      </form>
    </section>
  );
}

function Totals({
  distance,
  seconds,
  stepsRpe,
  sessionRpe,
  load,
}: {
  distance: number | null;
  seconds: number | null;
  stepsRpe: number | null;
  sessionRpe: number | null;
  load: number | null;
}) {
  return (
    <section aria-labelledby="totals-title" className="panel totals">
      <h2 id="totals-title">Totals</h2>
      <dl aria-live="polite">
        <div>
          <dt>Distance</dt>
          <dd>{formatDistance(distance, "km")}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(seconds)}</dd>
        </div>
        <div>
          <dt>RPE</dt>
          <dd>{sessionRpe !== null ? `${sessionRpe} (coach)` : stepsRpe !== null ? `${stepsRpe} (from the steps)` : "—"}</dd>
        </div>
        <div>
          <dt>Estimated load</dt>
          <dd>{load === null ? "—" : `${load} AU (RPE × minutes)`}</dd>
        </div>
      </dl>
    </section>
  );
}

/** A training event or exercise the library lacks, made without leaving the builder. */
function NewTrainingEvent({ category }: { category: Category }) {
  const paths = usePlannerPaths();
  const [name, setName] = useState("");
  const create = useCreateTrainingEvent(paths.programId);
  const measure = category === "gym" ? "load" : category === "run" ? "distance" : "time";
  return (
    <details className="panel">
      <summary>{category === "gym" ? "New exercise" : "New training event"}</summary>
      <div className="toolbar">
        <div className="field inline-field">
          <label htmlFor="new-event-name">Its name</label>
          <input id="new-event-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        </div>
        <button
          type="button"
          disabled={name.trim() === "" || create.isPending}
          onClick={() => create.mutate({ name, workout_category: category, measure }, { onSuccess: () => setName("") })}
        >
          Add to the library
        </button>
      </div>
      <ProblemAlert error={create.error} action="Not added" />
      {create.isSuccess && <p role="status">Added: choose it in a step.</p>}
    </details>
  );
}
