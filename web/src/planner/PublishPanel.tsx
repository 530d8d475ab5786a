import { useState } from "react";

import { type Practice, type PublishReport, type RosterEntry, type WorkoutSummary, usePracticeAction, usePreview } from "./api";
import { ModalDialog } from "./ModalDialog";
import { ProblemAlert } from "./ProblemAlert";

// The upper end of the commonly cited 0.8–1.3 acute:chronic band (Gabbett 2016, BJSM 50:273), as the load views
// use it (src/trainingops/load/models/readiness.py): above it the preview says so, in words that describe load.
const ACWR_BAND_HIGH = 1.3;
const COUNTS = ["created", "updated", "removed", "unchanged", "kept_completed"] as const;
const COUNT_WORDS: Record<(typeof COUNTS)[number], string> = {
  created: "Created",
  updated: "Updated",
  removed: "Removed",
  unchanged: "Unchanged",
  kept_completed: "Kept completed",
};

type Effect = NonNullable<PublishReport["load_effect"]>[number];

function num(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? "—" : value.toFixed(digits);
}

function beforeAfter(pair: Effect["acwr_ewma"] | undefined, digits: number): string {
  return pair === undefined ? "—" : `${num(pair.without, digits)} → ${num(pair.with, digits)}`;
}

/** The warnings a coach should read before publishing, in words: descriptive, never a risk. */
export function warnings(report: PublishReport, name: (athleteId: string) => string, workout: (id: string) => string): string[] {
  const out: string[] = [];
  for (const e of report.load_effect ?? []) {
    const after = e.acwr_ewma.with;
    if (after !== null && after > ACWR_BAND_HIGH && (e.acwr_ewma.without ?? 0) < after) {
      out.push(`${e.name}: load on the day would be ${after.toFixed(2)}× the recent norm, above the usual 0.8–${ACWR_BAND_HIGH} band.`);
    }
  }
  for (const l of report.loads_to_be_set) {
    out.push(`${name(l.athlete_id)}: ${workout(l.workout_id)} has a % of 1RM but no tested max — load to be set.`);
  }
  for (const o of report.overrides_not_applied ?? []) {
    out.push(`${name(o.athlete_id)}: the ${o.kind} override changes nothing (the practice no longer gives that workout).`);
  }
  return out;
}

function PreviewReport({ report, name, workout }: { report: PublishReport; name: (id: string) => string; workout: (id: string) => string }) {
  const effect = new Map((report.load_effect ?? []).map((e) => [e.athlete_id, e]));
  const said = warnings(report, name, workout);
  const label = (id: string) => effect.get(id)?.name ?? name(id);
  const athletes = [...(report.athletes ?? [])].sort((a, b) => label(a.athlete_id).localeCompare(label(b.athlete_id)));
  const total = (k: (typeof COUNTS)[number]) => athletes.reduce((n, a) => n + a[k], 0);
  return (
    <section aria-labelledby="preview-title" className="panel">
      <h3 id="preview-title">Publish preview</h3>
      <p role="status">
        {COUNTS.map((k) => `${COUNT_WORDS[k]}: ${total(k)}`).join(" · ")} sessions, for {athletes.length} athletes.
      </p>
      {said.length > 0 && (
        <>
          <h4>Warnings</h4>
          <ul className="warnings">
            {said.map((w) => (
              <li key={w}>
                <span aria-hidden="true">⚠ </span>
                {w}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.load_effect === null && report.load_effect !== undefined && (
        <p className="hint">The practice is in the past: there is no load to project.</p>
      )}
      <div className="table-scroll sticky-head" tabIndex={0} role="region" aria-label="Per athlete, scrollable">
        <table>
          <caption className="visually-hidden">Per athlete: sessions and projected load before → after publishing</caption>
          <thead>
            <tr>
              <th scope="col">Athlete</th>
              {COUNTS.map((k) => (
                <th scope="col" className="number" key={k}>
                  {COUNT_WORDS[k]}
                </th>
              ))}
              <th scope="col">Acute:chronic</th>
              <th scope="col">Fitness</th>
              <th scope="col">Form next morning</th>
            </tr>
          </thead>
          <tbody>
            {athletes.map((a) => {
              const e = effect.get(a.athlete_id);
              return (
                <tr key={a.athlete_id}>
                  <th scope="row">{label(a.athlete_id)}</th>
                  {COUNTS.map((k) => (
                    <td className="number" key={k}>
                      {a[k]}
                    </td>
                  ))}
                  <td>{beforeAfter(e?.acwr_ewma, 2)}</td>
                  <td>{beforeAfter(e?.fitness_ctl, 1)}</td>
                  <td>{beforeAfter(e?.form_tsb_next_morning, 1)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Preview publish, then Publish exactly what was previewed; cancel the practice. */
export function PublishPanel({ practice, roster, workouts }: { practice: Practice; roster: RosterEntry[]; workouts: Map<string, WorkoutSummary> }) {
  const preview = usePreview(practice);
  const publish = usePracticeAction(practice, "publish");
  const cancel = usePracticeAction(practice, "cancel");
  const [confirmCancel, setConfirmCancel] = useState(false);
  const name = (id: string) => roster.find((r) => r.athlete_id === id)?.name ?? "An athlete";
  const workout = (id: string) => workouts.get(id)?.name ?? "a workout";
  const previewed = preview.data;
  const stale = previewed !== undefined && previewed.version !== practice.version;
  const done = publish.data;
  return (
    <section aria-labelledby="publish-title">
      <h2 id="publish-title">Publish</h2>
      <div className="toolbar">
        <button type="button" onClick={() => { publish.reset(); preview.mutate(); }} disabled={preview.isPending} aria-keyshortcuts="p">
          Preview publish
        </button>
        <button
          type="button"
          className="primary"
          disabled={previewed === undefined || stale || publish.isPending || done !== undefined}
          onClick={() => previewed && publish.mutate(previewed.version)}
        >
          Publish
        </button>
        {practice.status !== "cancelled" && (
          <button type="button" className="danger" onClick={() => setConfirmCancel(true)}>
            Cancel practice
          </button>
        )}
      </div>
      {preview.isPending && <p className="hint">Working out every athlete&apos;s sessions and load…</p>}
      {stale && done === undefined && <p className="hint">The practice changed since the preview: preview again before publishing.</p>}
      <ProblemAlert error={preview.error} action="No preview" />
      <ProblemAlert error={publish.error} action="Not published" />
      {done !== undefined && (
        <p role="status" className="done">
          Published: {done.created.length} sessions created, {done.updated.length} updated, {done.removed.length} removed,{" "}
          {done.unchanged.length} unchanged, {done.kept_completed.length} kept completed.
        </p>
      )}
      {previewed !== undefined && done === undefined && <PreviewReport report={previewed} name={name} workout={workout} />}
      <ModalDialog title="Cancel this practice?" role="alertdialog" isOpen={confirmCancel} onClose={() => setConfirmCancel(false)}>
        <p>Every session of it that is not completed is removed from the athletes&apos; plans; completed ones stay.</p>
        <ProblemAlert error={cancel.error} action="Not cancelled" />
        <div className="toolbar">
          <button
            type="button"
            className="danger"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(practice.version, { onSuccess: () => setConfirmCancel(false) })}
          >
            Cancel the practice
          </button>
          <button type="button" onClick={() => setConfirmCancel(false)}>
            Keep it
          </button>
        </div>
      </ModalDialog>
    </section>
  );
}
