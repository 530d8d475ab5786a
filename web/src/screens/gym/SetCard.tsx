import { useId, useState } from "react";

import { KG_STEP, type SetEntry, changed, doneAsPrescribed, roundKg, skipped, statusText, workText } from "./sets";

function Stepper({
  label,
  value,
  step,
  min,
  onChange,
}: {
  label: string;
  value: number;
  step: number;
  min: number;
  onChange: (value: number) => void;
}) {
  const id = useId();
  return (
    <div className="gym-stepper">
      <label htmlFor={id}>{label}</label>
      <div className="gym-stepper-row">
        <button type="button" onClick={() => onChange(Math.max(min, value - step))} aria-label={`${label}: ${step} less`}>
          −
        </button>
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={min}
          step={step === KG_STEP ? 0.5 : 1}
          value={value}
          onChange={(e) => onChange(Math.max(min, Number(e.target.value) || 0))}
        />
        <button type="button" onClick={() => onChange(value + step)} aria-label={`${label}: ${step} more`}>
          +
        </button>
      </div>
    </div>
  );
}

/** One set: what was prescribed, and three taps — done as prescribed, change kg × reps, or skipped. */
export function SetCard({ entry, onChange }: { entry: SetEntry; onChange: (next: SetEntry | null) => void }) {
  const [adjusting, setAdjusting] = useState(false);
  const name = `${entry.name}, set ${entry.setNumber}`;
  const current = entry.status === null || entry.status === "skipped" ? doneAsPrescribed(entry) : entry;
  return (
    <li className={`gym-set gym-set-${entry.status ?? "open"}`}>
      <fieldset>
        <legend>{name}</legend>
        {entry.stepId !== null && (
          <p className="gym-prescribed">Prescribed: {workText(entry.prescribedKg, entry.prescribedReps)}</p>
        )}
        <p className="gym-status">{statusText(entry)}</p>
        <div className="gym-actions">
          {entry.stepId !== null && (
            <button type="button" className={entry.status === "done" ? "primary" : undefined} onClick={() => onChange(doneAsPrescribed(entry))}>
              Done
            </button>
          )}
          <button type="button" aria-expanded={adjusting} onClick={() => setAdjusting(!adjusting)}>
            Change
          </button>
          {entry.stepId !== null ? (
            <button type="button" className={entry.status === "skipped" ? "primary" : undefined} onClick={() => onChange(skipped(entry))}>
              Skip
            </button>
          ) : (
            <button type="button" onClick={() => onChange(null)}>
              Remove
            </button>
          )}
        </div>
        {adjusting && (
          <div className="gym-adjust">
            <Stepper
              label="Kilograms"
              value={current.loadKg ?? 0}
              step={KG_STEP}
              min={0}
              onChange={(kg) => onChange(changed(entry, { loadKg: roundKg(kg) }))}
            />
            <Stepper label="Reps" value={current.reps ?? 0} step={1} min={0} onChange={(reps) => onChange(changed(entry, { reps: Math.round(reps) }))} />
          </div>
        )}
      </fieldset>
    </li>
  );
}
