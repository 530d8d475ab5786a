import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { api } from "../../api/client";
import { unwrap } from "../../api/query";
import type { components } from "../../api/schema";
import { addDays } from "../../lib/days";
import { localDay } from "../../lib/units";
import { useOutbox } from "../../offline/outbox";

export type SessionRead = components["schemas"]["SessionRead"];
export type AthleteWindow = components["schemas"]["TrainingTab"];

// The athlete app's window: the last 28 days (what was done, the load behind My training's numbers) and the next
// 14 (what is planned), issue 16's "cached for offline" span.
export const WINDOW_PAST_DAYS = 28;
export const WINDOW_AHEAD_DAYS = 14;

export function athleteWindowKey(athleteId: string) {
  return ["athlete-window", athleteId] as const;
}

/** The window around the device's today; the answer's own `today` (the program's time zone) is what screens use. */
export function windowRange(deviceToday: string): { from: string; to: string } {
  return { from: addDays(deviceToday, -WINDOW_PAST_DAYS), to: addDays(deviceToday, WINDOW_AHEAD_DAYS) };
}

/**
 * The athlete's sessions over the window, in ONE request, so the service worker can keep it for offline use:
 *   GET /api/v1/athletes/{athleteId}/training?from=<today-28>&to=<today+14>
 * (the dates move every day: a cache should match the path and ignore the query string). Query key
 * ['athlete-window', athleteId]; every write of the athlete screens invalidates it once it has landed.
 */
export function useAthleteWindow(athleteId: string) {
  return useQuery({
    queryKey: athleteWindowKey(athleteId),
    queryFn: () => {
      const deviceToday = localDay(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
      return unwrap(
        api.GET("/api/v1/athletes/{athlete_id}/training", {
          params: { path: { athlete_id: athleteId }, query: windowRange(deviceToday) },
        }),
      );
    },
    enabled: athleteId !== "",
  });
}

/** A session's workout (its steps), which athletes may read for their own sessions. */
export function useWorkout(workoutId: string | null) {
  return useQuery({
    queryKey: ["workout", workoutId],
    queryFn: () => unwrap(api.GET("/api/v1/workouts/{workout_id}", { params: { path: { workout_id: workoutId ?? "" } } })),
    enabled: workoutId !== null,
    staleTime: 10 * 60_000,
  });
}

/**
 * Reads the window again whenever a queued write lands (the outbox's last sync moves), so a session logged here
 * reads from the server as soon as the server has it.
 */
export function useRefreshWhenSynced(athleteId: string): void {
  const client = useQueryClient();
  const { lastSyncedAt } = useOutbox();
  useEffect(() => {
    if (lastSyncedAt !== null) void client.invalidateQueries({ queryKey: athleteWindowKey(athleteId) });
  }, [client, athleteId, lastSyncedAt]);
}
