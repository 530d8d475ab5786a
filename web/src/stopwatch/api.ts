// The stopwatch's reads: today's run sessions of the season (who has a session of the practice, and whether it is
// logged already). Practices, workouts, groups and the roster come from the planner's hooks.

import { useQuery } from "@tanstack/react-query";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import type { components } from "../api/schema";

export type Session = components["schemas"]["SessionRead"];
type SessionPage = components["schemas"]["SessionPage"];

export const stopwatchKeys = {
  sessions: (seasonId: string, day: string) => ["stopwatch-sessions", seasonId, day] as const,
};

/** Every run session of the season on ``day`` the coach may see (a page of 200 is a whole team's day). */
export function useRunSessions(seasonId: string | undefined, day: string | null, { fresh = false } = {}) {
  return useQuery({
    ...(fresh ? { staleTime: 0, refetchOnMount: "always" as const } : {}),
    queryKey: stopwatchKeys.sessions(seasonId ?? "", day ?? ""),
    enabled: seasonId !== undefined && day !== null,
    queryFn: async () => {
      const found: Session[] = [];
      let cursor: string | null = null;
      do {
        const page: SessionPage = await unwrap(
          api.GET("/api/v1/sessions", {
            params: {
              query: {
                team_season_id: seasonId ?? "",
                from: day ?? "",
                to: day ?? "",
                workout_category: "run",
                limit: 200,
                ...(cursor === null ? {} : { cursor }),
              },
            },
          }),
        );
        found.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor !== null);
      return found;
    },
  });
}

/** The athletes' sessions of one practice workout (a practice's workout for an event group). */
export function sessionsOf(sessions: Session[], practiceId: string, entryId: string): Session[] {
  return sessions.filter((s) => s.practice_session_id === practiceId && s.practice_session_workout_id === entryId);
}
