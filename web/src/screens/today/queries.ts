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

function fetchWindow(athleteId: string, deviceToday: string) {
  return unwrap(
    api.GET("/api/v1/athletes/{athlete_id}/training", {
      params: { path: { athlete_id: athleteId }, query: windowRange(deviceToday) },
    }),
  );
}

/**
 * The window, or — when the network cannot be reached (a TypeError: no answer at all) — the window read on one of
 * the days before, as the service worker keeps it under that day's address: offline on day 3 of a trip, Today
 * still shows the plan read on day 1, with today as the device's today.
 */
export async function readWindow(athleteId: string, deviceToday: string): Promise<AthleteWindow> {
  try {
    return await fetchWindow(athleteId, deviceToday);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    for (let back = 1; back <= WINDOW_AHEAD_DAYS; back += 1) {
      try {
        return { ...(await fetchWindow(athleteId, addDays(deviceToday, -back))), today: deviceToday };
      } catch (earlier) {
        if (!(earlier instanceof TypeError)) throw earlier;
      }
    }
    throw error;
  }
}

/**
 * The athlete's sessions over the window, in ONE request, so the service worker can keep it for offline use:
 *   GET /api/v1/athletes/{athleteId}/training?from=<device today - 28>&to=<device today + 14>
 * (the dates move every day; offline, readWindow falls back on the addresses of the days before). Query key
 * ['athlete-window', athleteId]; every write of the athlete screens invalidates it once it has landed.
 */
export function useAthleteWindow(athleteId: string) {
  return useQuery({
    queryKey: athleteWindowKey(athleteId),
    queryFn: () => readWindow(athleteId, localDay(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone)),
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
