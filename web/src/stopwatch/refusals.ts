// Why the server refused the splits, athlete by athlete, in words. The outbox keeps a refused write with its
// message; the pointers of the problem (`#/athletes/3/athlete_id`) are worked out again here from the athletes'
// sessions as they are now, the same rules the server applies (src/trainingops/planning/stopwatch.py).

import type { Session } from "./api";
import type { TimedAthlete } from "./timing";

export type RefusalCode = "athletes_not_on_practice" | "practice_workout_ambiguous" | "sessions_already_completed";

export interface Refusal {
  athlete: TimedAthlete;
  code: RefusalCode;
  words: string;
}

/** The athletes the server would refuse to file into the practice workout ``entryId`` (run sessions of ``day``). */
export function refusals(
  athletes: TimedAthlete[],
  sessions: Session[],
  practiceId: string,
  entryId: string | null,
): Refusal[] {
  const found: Refusal[] = [];
  for (const athlete of athletes) {
    const theirs = sessions.filter(
      (s) =>
        s.athlete_id === athlete.id &&
        s.practice_session_id === practiceId &&
        (entryId === null || s.practice_session_workout_id === entryId),
    );
    if (theirs.length === 0) {
      found.push({
        athlete,
        code: "athletes_not_on_practice",
        words: `${athlete.name} has no run session of this practice workout (not on it, or moved): leave them out or pick the workout they ran.`,
      });
    } else if (theirs.length > 1) {
      found.push({
        athlete,
        code: "practice_workout_ambiguous",
        words: `${athlete.name} has two run sessions in this practice: pick the workout that was timed.`,
      });
    } else if (theirs[0]?.completed_at !== null) {
      found.push({
        athlete,
        code: "sessions_already_completed",
        words: `${athlete.name} already logged this session: their log stays, and nothing was filed.`,
      });
    }
  }
  return found;
}
