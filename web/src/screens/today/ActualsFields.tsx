import { useId } from "react";

import { type ActualsErrors, type ActualsForm, RPE_ANCHORS } from "../../lib/actuals";
import type { DistanceUnit } from "../../lib/units";

function describedBy(...ids: (string | false)[]): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="error">
      {message}
    </p>
  );
}

/** For `setErrors` after a field changed: the errors without that field's, which the edit made stale. */
export function withoutErrorOf<E extends object>(changed: keyof ActualsForm): (errors: E) => E {
  return (errors) => {
    const { [changed as keyof E]: _stale, ...rest } = errors;
    return rest as E;
  };
}

/** Duration, Distance, RPE, Notes and the pain flag: what the athlete did, in large phone-sized controls. */
export function ActualsFields({
  form,
  onChange,
  errors,
  unit,
}: {
  form: ActualsForm;
  /** The new values and the field that changed (its error, if any, is now stale). */
  onChange: (next: ActualsForm, changed: keyof ActualsForm) => void;
  errors: ActualsErrors;
  unit: DistanceUnit;
}) {
  const id = useId();
  const set = (key: keyof ActualsForm) => (value: string | boolean) => onChange({ ...form, [key]: value }, key);
  return (
    <>
      <div className="field today-field">
        <label htmlFor={`${id}-duration`}>Duration</label>
        <input
          id={`${id}-duration`}
          name="duration"
          inputMode="numeric"
          autoComplete="off"
          placeholder="h:mm:ss"
          value={form.duration}
          onChange={(e) => set("duration")(e.target.value)}
          aria-invalid={errors.duration ? true : undefined}
          aria-describedby={describedBy(`${id}-duration-hint`, !!errors.duration && `${id}-duration-error`)}
        />
        <p id={`${id}-duration-hint`} className="hint">
          h:mm:ss, for example 0:45:30
        </p>
        <FieldError id={`${id}-duration-error`} message={errors.duration} />
      </div>
      <div className="field today-field">
        <label htmlFor={`${id}-distance`}>Distance</label>
        <div className="today-with-unit">
          <input
            id={`${id}-distance`}
            name="distance"
            inputMode="decimal"
            autoComplete="off"
            value={form.distance}
            onChange={(e) => set("distance")(e.target.value)}
            aria-invalid={errors.distance ? true : undefined}
            aria-describedby={describedBy(`${id}-distance-unit`, !!errors.distance && `${id}-distance-error`)}
          />
          <span id={`${id}-distance-unit`}>{unit === "km" ? "kilometres" : "miles"}</span>
        </div>
        <FieldError id={`${id}-distance-error`} message={errors.distance} />
      </div>
      <div className="field today-field">
        <label htmlFor={`${id}-rpe`}>RPE</label>
        <select
          id={`${id}-rpe`}
          name="rpe"
          value={form.rpe}
          onChange={(e) => set("rpe")(e.target.value)}
          aria-invalid={errors.rpe ? true : undefined}
          aria-describedby={describedBy(`${id}-rpe-hint`, !!errors.rpe && `${id}-rpe-error`)}
        >
          <option value="">Not rated</option>
          {RPE_ANCHORS.map((a) => (
            <option key={a.value} value={a.value}>
              {a.anchor ? `${a.value} · ${a.anchor}` : String(a.value)}
            </option>
          ))}
        </select>
        <p id={`${id}-rpe-hint`} className="hint">
          How hard was the whole session? (CR-10 scale)
        </p>
        <FieldError id={`${id}-rpe-error`} message={errors.rpe} />
      </div>
      <div className="field today-field">
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea id={`${id}-notes`} name="notes" rows={3} value={form.notes} onChange={(e) => set("notes")(e.target.value)} />
      </div>
      <div className="field checkbox-field today-field">
        <label>
          <input type="checkbox" checked={form.pain} onChange={(e) => set("pain")(e.target.checked)} /> I had pain
        </label>
      </div>
      {form.pain && (
        <fieldset className="plain-fieldset today-pain">
          <legend>Pain</legend>
          <div className="field today-field">
            <label htmlFor={`${id}-pain-score`}>How bad (1–10)</label>
            <select
              id={`${id}-pain-score`}
              value={form.painScore}
              onChange={(e) => set("painScore")(e.target.value)}
              aria-invalid={errors.painScore ? true : undefined}
              aria-describedby={describedBy(!!errors.painScore && `${id}-pain-error`)}
            >
              <option value="">Choose</option>
              {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n === 1 ? "1 · barely" : n === 10 ? "10 · worst imaginable" : String(n)}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-pain-error`} message={errors.painScore} />
          </div>
          <div className="field today-field">
            <label htmlFor={`${id}-pain-where`}>Where</label>
            <input id={`${id}-pain-where`} value={form.painWhere} onChange={(e) => set("painWhere")(e.target.value)} placeholder="e.g. left Achilles" />
          </div>
        </fieldset>
      )}
    </>
  );
}
