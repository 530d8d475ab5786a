import { describe, expect, it } from "vitest";

import { addedSet, changed, doneAsPrescribed, entriesFrom, setLog, skipped, statusText, type SetRow } from "../src/screens/gym/sets";

function row(step: string | null, set: number, kg: number | null, reps: number | null, name = "Back squat"): SetRow {
  return {
    step_id: step,
    training_event_id: step ? "event-1" : null,
    event_name: name,
    set_number: set,
    prescribed_reps: reps,
    prescribed_load_kg: kg,
    status: null,
    load_kg: null,
    reps: null,
    estimated_1rm_kg: null,
  };
}

describe("gym set log", () => {
  const entries = entriesFrom([row("s1", 1, 80, 5), row("s1", 2, 80, 5), row("s2", 1, null, 5, "Box jump")]);

  it("logs done as prescribed in one tap, a changed set, a skipped one and an added one", () => {
    const [first, second, third] = entries;
    if (!first || !second || !third) throw new Error("three sets");
    const log = [doneAsPrescribed(first), changed(second, { loadKg: 82.5 }), skipped(third)];
    const all = [...log, addedSet(log, "Walking lunge", 20, 8)];
    expect(setLog(all).sets).toEqual([
      { step_id: "s1", training_event_id: null, exercise: null, set_number: 1, status: "done", load_kg: 80, reps: 5 },
      { step_id: "s1", training_event_id: null, exercise: null, set_number: 2, status: "done", load_kg: 82.5, reps: 5 },
      { step_id: "s2", training_event_id: null, exercise: null, set_number: 1, status: "skipped", load_kg: null, reps: null },
      { step_id: null, training_event_id: null, exercise: "Walking lunge", set_number: 1, status: "added", load_kg: 20, reps: 8 },
    ]);
    expect(all.map(statusText)).toEqual(["Done: 80 kg × 5", "Done: 82.5 kg × 5", "Skipped", "Added: 20 kg × 8"]);
  });

  it("sends only what was logged, and a bodyweight set without kilograms", () => {
    const third = entries[2];
    if (!third) throw new Error("a third set");
    expect(setLog([...entries.slice(0, 2), doneAsPrescribed(third)]).sets).toEqual([
      { step_id: "s2", training_event_id: null, exercise: null, set_number: 1, status: "done", load_kg: null, reps: 5 },
    ]);
  });

  it("numbers added sets one after the other", () => {
    const one = addedSet(entries, "Plank", null, 1);
    expect(addedSet([...entries, one], "Plank", null, 1).setNumber).toBe(2);
  });
});
