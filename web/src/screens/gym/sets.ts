// The athlete's set log as the screen edits it, from the API's prescribed-vs-done rows (GET /sessions/{id}/sets)
// to the body of PUT /sessions/{id}/sets (schema strength/1, docs/api.md "Strength work per set"). Pure, so
// Vitest covers it.
import type { components } from "../../api/schema";

export type SetRow = components["schemas"]["SetRow"];
export type SessionSets = components["schemas"]["SessionSets"];
export type DoneSet = components["schemas"]["DoneSet"];
export type SetStatus = NonNullable<SetRow["status"]>;

/** One set on the screen: what was prescribed and what the athlete says was done (status null: not logged). */
export interface SetEntry {
  key: string;
  stepId: string | null;
  trainingEventId: string | null;
  name: string;
  setNumber: number;
  prescribedKg: number | null;
  prescribedReps: number | null;
  status: SetStatus | null;
  loadKg: number | null;
  reps: number | null;
}

// Plates go on in 2.5 kg steps (1.25 kg each side), as publishing rounds the % of 1RM loads.
export const KG_STEP = 2.5;

export const roundKg = (kg: number) => Math.max(0, Math.round(kg * 10) / 10);

export function entriesFrom(rows: SetRow[]): SetEntry[] {
  return rows.map((row) => ({
    key: `${row.step_id ?? "added"}/${row.set_number}`,
    stepId: row.step_id,
    trainingEventId: row.step_id === null ? row.training_event_id : null,
    name: row.event_name ?? "Exercise",
    setNumber: row.set_number,
    prescribedKg: row.prescribed_load_kg,
    prescribedReps: row.prescribed_reps,
    status: row.status,
    loadKg: row.load_kg,
    reps: row.reps,
  }));
}

/** One tap: done as prescribed (keeping numbers the athlete already changed). */
export function doneAsPrescribed(entry: SetEntry): SetEntry {
  return {
    ...entry,
    status: entry.stepId === null ? "added" : "done",
    loadKg: entry.loadKg ?? entry.prescribedKg,
    reps: entry.reps ?? entry.prescribedReps ?? 0,
  };
}

export function changed(entry: SetEntry, change: { loadKg?: number | null; reps?: number }): SetEntry {
  const base = entry.status === null || entry.status === "skipped" ? doneAsPrescribed({ ...entry, loadKg: null, reps: null }) : entry;
  return { ...base, ...change, status: entry.stepId === null ? "added" : "done" };
}

export function skipped(entry: SetEntry): SetEntry {
  return { ...entry, status: "skipped", loadKg: null, reps: null };
}

/** A set the plan did not have: numbered after the added sets already there (the log's key is step and number). */
export function addedSet(entries: SetEntry[], name: string, loadKg: number | null, reps: number): SetEntry {
  const setNumber = entries.filter((e) => e.stepId === null).length + 1;
  return {
    key: `added/${setNumber}`,
    stepId: null,
    trainingEventId: null,
    name,
    setNumber,
    prescribedKg: null,
    prescribedReps: null,
    status: "added",
    loadKg,
    reps,
  };
}

/** The PUT body: every set logged so far, in the screen's order. */
export function setLog(entries: SetEntry[]): { sets: DoneSet[] } {
  return {
    sets: entries
      .filter((e) => e.status !== null)
      .map((e) => ({
        step_id: e.stepId,
        training_event_id: e.trainingEventId,
        exercise: e.stepId === null && e.trainingEventId === null ? e.name : null,
        set_number: e.setNumber,
        status: e.status as SetStatus,
        load_kg: e.status === "skipped" || e.loadKg === null ? null : roundKg(e.loadKg),
        reps: e.status === "skipped" ? null : e.reps,
      })),
  };
}

export function kgText(kg: number | null): string {
  return kg === null ? "bodyweight" : `${kg.toLocaleString("en", { maximumFractionDigits: 1 })} kg`;
}

/** "80 kg × 5", "bodyweight × 5", or "—" when nothing is prescribed. */
export function workText(kg: number | null, reps: number | null): string {
  if (reps === null && kg === null) return "—";
  return `${kgText(kg)} × ${reps ?? "?"}`;
}

export function statusText(entry: SetEntry): string {
  if (entry.status === null) return "Not logged";
  if (entry.status === "skipped") return "Skipped";
  const work = workText(entry.loadKg, entry.reps);
  return entry.status === "added" ? `Added: ${work}` : `Done: ${work}`;
}
