// The workout builder's model: steps as the coach edits them (every number may still be empty), their live totals
// and the request body the API takes. The totals follow the server's rules (src/trainingops/planning/steps.py):
// repeats multiplied out, sets multiply a step, rests included, a step's time is its target time or its distance at
// the middle of its pace range; so what the builder shows is what the saved workout will say.

import type { components } from "../api/schema";

export type StepIn = components["schemas"]["StepIn"];
export type StepRead = components["schemas"]["StepRead"];

/** One training event with targets. Numbers are null while the field is empty. */
export interface DraftStep {
  kind: "step";
  key: string;
  trainingEventId: string;
  distanceM: number | null;
  durationSec: number | null;
  sets: number | null;
  reps: number | null;
  loadPct1rm: number | null;
  loadKg: number | null;
  rpe: number | null;
  paceMinSecPerKm: number | null; // fastest
  paceMaxSecPerKm: number | null; // slowest
  hrZone: number | null;
  restSec: number | null;
  notes: string;
}

/** A repeat block: its steps ``repeat`` times, then a rest. */
export interface DraftBlock {
  kind: "block";
  key: string;
  repeat: number;
  restSec: number | null;
  steps: DraftNode[];
}

export type DraftNode = DraftStep | DraftBlock;

export interface Totals {
  distanceM: number | null;
  durationSec: number | null;
  /** The steps' RPE: duration-weighted mean of their RPE targets, or their highest when none has a duration. */
  rpe: number | null;
}

let counter = 0;
/** A key for React lists: steps have no id until the server stores them. */
export function newKey(): string {
  counter += 1;
  return `s${counter}`;
}

export function emptyStep(trainingEventId = ""): DraftStep {
  return {
    kind: "step",
    key: newKey(),
    trainingEventId,
    distanceM: null,
    durationSec: null,
    sets: null,
    reps: null,
    loadPct1rm: null,
    loadKg: null,
    rpe: null,
    paceMinSecPerKm: null,
    paceMaxSecPerKm: null,
    hrZone: null,
    restSec: null,
    notes: "",
  };
}

export function emptyBlock(steps: DraftNode[] = [emptyStep()]): DraftBlock {
  return { kind: "block", key: newKey(), repeat: 2, restSec: null, steps };
}

function stepSeconds(step: DraftStep): number | null {
  if (step.durationSec !== null) return step.durationSec;
  if (step.distanceM !== null && step.paceMinSecPerKm !== null) {
    const pace = (step.paceMinSecPerKm + (step.paceMaxSecPerKm ?? step.paceMinSecPerKm)) / 2;
    return (step.distanceM / 1000) * pace;
  }
  return null;
}

interface Sum {
  distance: number;
  duration: number;
  rpeWeighted: number;
  rpeWeight: number;
  hasDistance: boolean;
  hasDuration: boolean;
  rpes: number[];
}

const zero = (): Sum => ({
  distance: 0,
  duration: 0,
  rpeWeighted: 0,
  rpeWeight: 0,
  hasDistance: false,
  hasDuration: false,
  rpes: [],
});

function add(total: Sum, part: Sum, times: number): void {
  total.distance += part.distance * times;
  total.duration += part.duration * times;
  total.rpeWeighted += part.rpeWeighted * times;
  total.rpeWeight += part.rpeWeight * times;
  total.hasDistance ||= part.hasDistance;
  total.hasDuration ||= part.hasDuration;
  total.rpes.push(...part.rpes);
}

function sum(nodes: DraftNode[]): Sum {
  const total = zero();
  for (const node of nodes) {
    if (node.kind === "block") {
      add(total, sum(node.steps), Math.max(node.repeat, 1));
      total.duration += node.restSec ?? 0;
      continue;
    }
    const one = zero();
    if (node.distanceM !== null) {
      one.distance = node.distanceM;
      one.hasDistance = true;
    }
    const seconds = stepSeconds(node);
    if (seconds !== null) {
      one.duration = seconds;
      one.hasDuration = true;
    }
    one.duration += node.restSec ?? 0;
    if (node.rpe !== null) {
      one.rpes.push(node.rpe);
      if (seconds) {
        one.rpeWeighted = node.rpe * seconds;
        one.rpeWeight = seconds;
      }
    }
    add(total, one, node.sets ?? 1);
  }
  return total;
}

/** Distance, duration and the steps' RPE of the whole workout, as the server will compute them. */
export function totals(nodes: DraftNode[]): Totals {
  const total = sum(nodes);
  let rpe: number | null = null;
  if (total.rpeWeight > 0) rpe = Math.round(total.rpeWeighted / total.rpeWeight);
  else if (total.rpes.length > 0) rpe = Math.max(...total.rpes);
  return {
    distanceM: total.hasDistance ? Math.round(total.distance) : null,
    durationSec: total.hasDuration || total.duration > 0 ? Math.round(total.duration) : null,
    rpe,
  };
}

/**
 * Estimated training load in arbitrary units: session RPE × minutes (Foster et al. 2001, J Strength Cond Res
 * 15:109), the same session-RPE load the load models read; null without both.
 */
export function estimatedLoad(rpe: number | null, durationSec: number | null): number | null {
  if (rpe === null || durationSec === null) return null;
  return Math.round((rpe * durationSec) / 60);
}

/** The steps one after another as the athlete will do them: blocks written out ``repeat`` times. */
export function expand(nodes: DraftNode[]): DraftStep[] {
  const out: DraftStep[] = [];
  for (const node of nodes) {
    if (node.kind === "step") out.push(node);
    else for (let i = 0; i < Math.max(node.repeat, 1); i += 1) out.push(...expand(node.steps));
  }
  return out;
}

/** How deep blocks nest (the server allows a block in a block: 3 levels with the workout's own). */
export function depth(nodes: DraftNode[]): number {
  return Math.max(0, ...nodes.map((n) => (n.kind === "block" ? 1 + depth(n.steps) : 1)));
}

export const MAX_DEPTH = 3;

// Loads are rounded to what a barbell can hold: 2.5 kg steps (a pair of 1.25 kg plates), as the server does.
export const PLATE_INCREMENT_KG = 2.5;

/** A percentage of a one-repetition maximum in kilograms, rounded to the nearest plate increment. */
export function kilograms(pct: number, oneRmKg: number): number {
  return Math.round((pct / 100) * oneRmKg / PLATE_INCREMENT_KG) * PLATE_INCREMENT_KG;
}

function defined<T extends object>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== "")) as T;
}

/** The request document (StepIn) for the API. */
export function toRequest(nodes: DraftNode[]): StepIn[] {
  return nodes.map((node): StepIn => {
    if (node.kind === "block") return defined({ repeat: node.repeat, rest_sec: node.restSec, steps: toRequest(node.steps) });
    return defined({
      training_event_id: node.trainingEventId || null,
      target_distance_m: node.distanceM,
      target_duration_sec: node.durationSec,
      sets: node.sets,
      reps: node.reps,
      load_pct_1rm: node.loadPct1rm,
      load_kg: node.loadKg,
      intensity_rpe: node.rpe,
      pace_min_sec_per_km: node.paceMinSecPerKm,
      pace_max_sec_per_km: node.paceMaxSecPerKm,
      hr_zone: node.hrZone,
      rest_sec: node.restSec,
      notes: node.notes,
    });
  });
}

/** A stored workout's steps back into the builder. */
export function fromRead(steps: StepRead[]): DraftNode[] {
  return steps.map((s): DraftNode => {
    if (s.repeat !== undefined) {
      return { kind: "block", key: newKey(), repeat: s.repeat, restSec: s.rest_sec, steps: fromRead(s.steps ?? []) };
    }
    return {
      kind: "step",
      key: newKey(),
      trainingEventId: s.training_event_id ?? "",
      distanceM: s.target_distance_m,
      durationSec: s.target_duration_sec,
      sets: s.sets,
      reps: s.reps,
      loadPct1rm: s.load_pct_1rm,
      loadKg: s.load_kg,
      rpe: s.intensity_rpe,
      paceMinSecPerKm: s.pace_min_sec_per_km,
      paceMaxSecPerKm: s.pace_max_sec_per_km,
      hrZone: s.hr_zone,
      restSec: s.rest_sec,
      notes: s.notes ?? "",
    };
  });
}

/** ``nodes`` with the node at ``path`` (indexes from the top) replaced by what ``change`` makes of it (null: removed). */
export function updateAt(nodes: DraftNode[], path: number[], change: (node: DraftNode) => DraftNode | null): DraftNode[] {
  const [first, ...rest] = path;
  return nodes.flatMap((node, i) => {
    if (i !== first) return [node];
    if (rest.length === 0) {
      const changed = change(node);
      return changed === null ? [] : [changed];
    }
    if (node.kind !== "block") return [node];
    return [{ ...node, steps: updateAt(node.steps, rest, change) }];
  });
}

/** ``nodes`` with ``added`` appended to the block at ``path`` (the top level when ``path`` is empty). */
export function appendAt(nodes: DraftNode[], path: number[], added: DraftNode): DraftNode[] {
  if (path.length === 0) return [...nodes, added];
  return updateAt(nodes, path, (node) => (node.kind === "block" ? { ...node, steps: [...node.steps, added] } : node));
}

/** ``nodes`` with the node at ``path`` moved ``by`` places among its siblings (unchanged at either end). */
export function moveAt(nodes: DraftNode[], path: number[], by: -1 | 1): DraftNode[] {
  const index = path[path.length - 1] ?? 0;
  const swap = (list: DraftNode[]): DraftNode[] => {
    const other = index + by;
    const [a, b] = [list[index], list[other]];
    if (a === undefined || b === undefined) return list;
    return list.map((node, i) => (i === index ? b : i === other ? a : node));
  };
  const parent = path.slice(0, -1);
  if (parent.length === 0) return swap(nodes);
  return updateAt(nodes, parent, (node) => (node.kind === "block" ? { ...node, steps: swap(node.steps) } : node));
}

function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(Math.round(seconds % 60)).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

function metres(m: number): string {
  return m >= 1000 && m % 100 === 0 ? `${m / 1000} km` : `${m} m`;
}

/** One line per top-level step, as the athlete's session reads it ("2 × (Interval rep: 400 m, RPE 8; …)"). */
export function describe(nodes: DraftNode[], eventName: (id: string) => string): string[] {
  const line = (node: DraftNode): string => {
    if (node.kind === "block") {
      const rest = node.restSec ? `, rest ${clock(node.restSec)} after` : "";
      return `${node.repeat} × (${node.steps.map(line).join("; ")})${rest}`;
    }
    const parts: string[] = [];
    if (node.sets !== null || node.reps !== null) parts.push(`${node.sets ?? 1} × ${node.reps ?? "—"}`);
    if (node.distanceM !== null) parts.push(metres(node.distanceM));
    if (node.durationSec !== null) parts.push(clock(node.durationSec));
    if (node.loadKg !== null) parts.push(`@ ${node.loadKg} kg`);
    if (node.loadPct1rm !== null) parts.push(`@ ${node.loadPct1rm} % 1RM`);
    if (node.paceMinSecPerKm !== null) {
      const slow = node.paceMaxSecPerKm ?? node.paceMinSecPerKm;
      parts.push(`pace ${clock(node.paceMinSecPerKm)}${slow === node.paceMinSecPerKm ? "" : `–${clock(slow)}`}/km`);
    }
    if (node.rpe !== null) parts.push(`RPE ${node.rpe}`);
    if (node.hrZone !== null) parts.push(`HR zone ${node.hrZone}`);
    if (node.restSec) parts.push(`rest ${clock(node.restSec)}`);
    const text = `${eventName(node.trainingEventId)}${parts.length ? `: ${parts.join(", ")}` : ""}`;
    return node.notes ? `${text} (${node.notes})` : text;
  };
  return nodes.map(line);
}
