import { type FormEvent, useId, useState } from "react";

/** A set the plan did not have: the exercise by name, kilograms (empty for bodyweight) and reps. */
export function AddSetForm({ onAdd }: { onAdd: (name: string, loadKg: number | null, reps: number) => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [kg, setKg] = useState("");
  const [reps, setReps] = useState("");
  const ids = { name: useId(), kg: useId(), reps: useId() };
  if (!open) {
    return (
      <button type="button" className="gym-wide" onClick={() => setOpen(true)}>
        Add a set
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onAdd(name.trim(), kg.trim() === "" ? null : Math.round(Number(kg) * 10) / 10, Math.round(Number(reps)));
    setName("");
    setOpen(false);
  };
  return (
    <form className="gym-add" onSubmit={submit} aria-label="Add a set">
      <div className="field">
        <label htmlFor={ids.name}>Exercise</label>
        <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </div>
      <div className="field">
        <label htmlFor={ids.kg}>Kilograms (empty for bodyweight)</label>
        <input id={ids.kg} type="number" inputMode="decimal" min={0} max={1000} step={0.5} value={kg} onChange={(e) => setKg(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.reps}>Reps</label>
        <input id={ids.reps} type="number" inputMode="numeric" min={1} max={1000} value={reps} onChange={(e) => setReps(e.target.value)} required />
      </div>
      <div className="toolbar">
        <button type="submit" className="primary">
          Add set
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
