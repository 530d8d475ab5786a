// The workout being timed, kept in localStorage under one key per program: written on every tap (synchronously, so
// a reload, a crash or a tablet that slept mid-rep loses nothing), removed when the coach clears the stopwatch.
// localStorage rather than IndexedDB: the state is a few kilobytes, and a synchronous write cannot be lost between
// a tap and the page going away.

import { useCallback, useRef, useState } from "react";

import type { ReviewCell, TimedAthlete, TimingState } from "./timing";

export interface StopwatchRun {
  schema: 1;
  practiceId: string;
  practiceTitle: string;
  seasonId: string;
  day: string;
  /** The practice's workout for the group (practice_session_workout_id). */
  entryId: string;
  workoutName: string;
  groupName: string;
  repDistanceM: number | null;
  athletes: TimedAthlete[];
  timing: TimingState;
  phase: "timing" | "review";
  /** The review table once the coach opened it (edits kept). */
  table: ReviewCell[][] | null;
  /** The outbox key of the last save (to follow it), and what the save said. */
  savedKey: string | null;
}

const storageKey = (programId: string) => `trainingops.stopwatch.${programId}`;

function read(programId: string): StopwatchRun | null {
  try {
    const text = window.localStorage.getItem(storageKey(programId));
    const run = text === null ? null : (JSON.parse(text) as StopwatchRun);
    return run?.schema === 1 ? run : null;
  } catch {
    return null;
  }
}

export type RunUpdate = (change: (run: StopwatchRun) => StopwatchRun) => void;

/** The stored run, a setter that writes it through (null clears it), and an update of the latest stored run (two
 * taps in one frame both count). */
export function useStoredRun(
  programId: string,
): [StopwatchRun | null, (run: StopwatchRun | null) => void, RunUpdate] {
  const [run, setRun] = useState<StopwatchRun | null>(() => read(programId));
  const latest = useRef(run);
  const save = useCallback(
    (next: StopwatchRun | null) => {
      if (next === null) window.localStorage.removeItem(storageKey(programId));
      else window.localStorage.setItem(storageKey(programId), JSON.stringify(next));
      latest.current = next;
      setRun(next);
    },
    [programId],
  );
  const update = useCallback<RunUpdate>(
    (change) => {
      if (latest.current !== null) save(change(latest.current));
    },
    [save],
  );
  return [run, save, update];
}
