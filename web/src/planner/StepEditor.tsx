import type { TrainingEvent } from "./api";
import { DurationField, NumberField } from "./fields";
import { type DraftBlock, type DraftNode, type DraftStep, emptyBlock, emptyStep, MAX_DEPTH } from "./steps";

export interface StepActions {
  change: (path: number[], node: DraftNode | null) => void;
  move: (path: number[], by: -1 | 1) => void;
  addTo: (path: number[], node: DraftNode) => void;
}

/** The steps of a workout or of a block, in order. */
export function StepList({
  nodes,
  path,
  events,
  strength,
  actions,
}: {
  nodes: DraftNode[];
  path: number[];
  events: TrainingEvent[];
  strength: boolean;
  actions: StepActions;
}) {
  return (
    <ol className="step-list">
      {nodes.map((node, i) => (
        <li key={node.key}>
          {node.kind === "block" ? (
            <BlockEditor block={node} path={[...path, i]} events={events} strength={strength} actions={actions} />
          ) : (
            <StepFields step={node} path={[...path, i]} events={events} strength={strength} actions={actions} />
          )}
        </li>
      ))}
    </ol>
  );
}

/** The training event of the last step, so a new step starts as the one before it. */
export function lastEvent(nodes: DraftNode[]): string {
  const last = nodes.at(-1);
  return last?.kind === "step" ? last.trainingEventId : "";
}

function label(path: number[]): string {
  return path.map((i) => i + 1).join(".");
}

function Reorder({ path, what, actions }: { path: number[]; what: string; actions: StepActions }) {
  return (
    <div className="step-actions">
      <button type="button" onClick={() => actions.move(path, -1)}>
        Move {what} up
      </button>
      <button type="button" onClick={() => actions.move(path, 1)}>
        Move {what} down
      </button>
      <button type="button" className="danger" onClick={() => actions.change(path, null)}>
        Remove {what}
      </button>
    </div>
  );
}

function BlockEditor({
  block,
  path,
  events,
  strength,
  actions,
}: {
  block: DraftBlock;
  path: number[];
  events: TrainingEvent[];
  strength: boolean;
  actions: StepActions;
}) {
  const id = `step-${block.key}`;
  const what = `block ${label(path)}`;
  return (
    <fieldset className="step block">
      <legend>
        Repeat block {label(path)}: {block.repeat} ×
      </legend>
      <div className="toolbar">
        <NumberField
          id={`${id}-repeat`}
          label="Repeat (times)"
          value={block.repeat}
          min={1}
          max={100}
          onChange={(n) => actions.change(path, { ...block, repeat: n ?? 1 })}
        />
        <DurationField
          id={`${id}-rest`}
          label="Rest after the block"
          value={block.restSec}
          onChange={(s) => actions.change(path, { ...block, restSec: s })}
        />
      </div>
      <StepList nodes={block.steps} path={path} events={events} strength={strength} actions={actions} />
      <div className="toolbar">
        <button type="button" onClick={() => actions.addTo(path, emptyStep(lastEvent(block.steps)))}>
          Add step to {what}
        </button>
        {path.length < MAX_DEPTH - 1 && (
          <button type="button" onClick={() => actions.addTo(path, emptyBlock())}>
            Add a block inside {what}
          </button>
        )}
      </div>
      <Reorder path={path} what={what} actions={actions} />
    </fieldset>
  );
}

function StepFields({
  step,
  path,
  events,
  strength,
  actions,
}: {
  step: DraftStep;
  path: number[];
  events: TrainingEvent[];
  strength: boolean;
  actions: StepActions;
}) {
  const id = `step-${step.key}`;
  const set = (changes: Partial<DraftStep>) => actions.change(path, { ...step, ...changes });
  const eventName = events.find((e) => e.id === step.trainingEventId)?.name;
  const what = `step ${label(path)}`;
  return (
    <fieldset className="step">
      <legend>
        Step {label(path)}
        {eventName ? `: ${eventName}` : ""}
      </legend>
      <div className="toolbar">
        <div className="field inline-field">
          <label htmlFor={`${id}-event`}>{strength ? "Exercise" : "Training event"}</label>
          <select id={`${id}-event`} value={step.trainingEventId} onChange={(e) => set({ trainingEventId: e.target.value })} required>
            <option value="">Choose one</option>
            {events.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        {strength ? (
          <>
            <NumberField id={`${id}-sets`} label="Sets" value={step.sets} min={1} max={100} onChange={(n) => set({ sets: n })} />
            <NumberField id={`${id}-reps`} label="Reps" value={step.reps} min={1} max={1000} onChange={(n) => set({ reps: n })} />
            <NumberField
              id={`${id}-pct`}
              label="% of 1RM"
              value={step.loadPct1rm}
              min={1}
              max={120}
              step={0.5}
              onChange={(n) => set({ loadPct1rm: n, loadKg: n === null ? step.loadKg : null })}
            />
            <NumberField
              id={`${id}-kg`}
              label="Or kg"
              value={step.loadKg}
              min={0}
              max={1000}
              step={0.5}
              onChange={(n) => set({ loadKg: n, loadPct1rm: n === null ? step.loadPct1rm : null })}
            />
            <DurationField id={`${id}-duration`} label="Time per set" value={step.durationSec} onChange={(s) => set({ durationSec: s })} />
          </>
        ) : (
          <>
            <NumberField id={`${id}-distance`} label="Distance (m)" value={step.distanceM} min={1} max={1_000_000} onChange={(n) => set({ distanceM: n })} />
            <DurationField id={`${id}-duration`} label="Duration" value={step.durationSec} onChange={(s) => set({ durationSec: s })} />
            <DurationField id={`${id}-pace-fast`} label="Pace from (/km)" value={step.paceMinSecPerKm} onChange={(s) => set({ paceMinSecPerKm: s })} />
            <DurationField id={`${id}-pace-slow`} label="Pace to (/km)" value={step.paceMaxSecPerKm} onChange={(s) => set({ paceMaxSecPerKm: s })} />
            <NumberField id={`${id}-hr`} label="HR zone" value={step.hrZone} min={1} max={5} onChange={(n) => set({ hrZone: n })} />
          </>
        )}
        <NumberField id={`${id}-rpe`} label="RPE" value={step.rpe} min={1} max={10} onChange={(n) => set({ rpe: n })} />
        <DurationField id={`${id}-rest`} label="Rest" value={step.restSec} onChange={(s) => set({ restSec: s })} />
        <div className="field inline-field">
          <label htmlFor={`${id}-notes`}>Notes</label>
          <input id={`${id}-notes`} value={step.notes} onChange={(e) => set({ notes: e.target.value })} maxLength={2000} />
        </div>
      </div>
      <Reorder path={path} what={what} actions={actions} />
    </fieldset>
  );
}
