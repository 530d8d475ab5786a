import { useState } from "react";

import { formatDuration, parseDuration } from "../lib/units";

/** A whole number field; empty is null. */
export function NumberField({
  id,
  label,
  value,
  onChange,
  min,
  max,
  step,
}: {
  id: string;
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  min?: number;
  max?: number;
  step?: number;
}) {
  return (
    <div className="field inline-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step ?? 1}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value === "" ? null : Number(e.target.value))}
      />
    </div>
  );
}

/** A time typed as h:mm:ss, m:ss or seconds; the number only changes while the text reads as one. */
export function DurationField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: number | null;
  onChange: (seconds: number | null) => void;
}) {
  const [text, setText] = useState(value === null ? "" : formatDuration(value));
  const parsed = text.trim() === "" ? null : parseDuration(text);
  const invalid = text.trim() !== "" && parsed === null;
  return (
    <div className="field inline-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="numeric"
        placeholder="m:ss"
        value={text}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        size={7}
        onChange={(e) => {
          setText(e.target.value);
          const seconds = e.target.value.trim() === "" ? null : parseDuration(e.target.value);
          if (e.target.value.trim() === "" || seconds !== null) onChange(seconds);
        }}
      />
      {invalid && (
        <span id={`${id}-error`} className="error">
          Write it as m:ss or h:mm:ss.
        </span>
      )}
    </div>
  );
}
