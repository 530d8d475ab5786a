import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api } from "../../api/client";
import { unwrap } from "../../api/query";

export function useAthlete(athleteId: string) {
  return useQuery({
    queryKey: ["athlete", athleteId],
    queryFn: () => unwrap(api.GET("/api/v1/athletes/{athlete_id}", { params: { path: { athlete_id: athleteId } } })),
  });
}

/** Sessions and weekly totals over [from, to]; without a range, the API's default (the last eight weeks). */
export function useTraining(athleteId: string, range?: { from: string; to: string }, enabled = true) {
  return useQuery({
    queryKey: ["athlete", athleteId, "training", range?.from ?? null, range?.to ?? null],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/athletes/{athlete_id}/training", {
          params: { path: { athlete_id: athleteId }, query: range ? { from: range.from, to: range.to } : {} },
        }),
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useLoad(athleteId: string, range: { from: string; to: string } | null) {
  return useQuery({
    queryKey: ["athlete", athleteId, "load", range?.from ?? null, range?.to ?? null],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/athletes/{athlete_id}/load", {
          params: { path: { athlete_id: athleteId }, query: range ?? {} },
        }),
      ),
    enabled: range !== null,
    placeholderData: keepPreviousData,
  });
}

export function useReadiness(athleteId: string) {
  return useQuery({
    queryKey: ["athlete", athleteId, "readiness"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/athletes/{athlete_id}/readiness", { params: { path: { athlete_id: athleteId } } })),
  });
}
