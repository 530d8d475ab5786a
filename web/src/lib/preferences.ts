import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import type { components } from "../api/schema";
import type { DistanceUnit } from "./units";

type PreferencesPatch = components["schemas"]["PreferencesPatch"];

export const PREFERENCES_KEY = ["me", "preferences"] as const;

export function usePreferences() {
  return useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: () => unwrap(api.GET("/api/v1/me/preferences")),
    staleTime: 10 * 60_000,
  });
}

export function useUpdatePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesPatch) => unwrap(api.PATCH("/api/v1/me/preferences", { body })),
    onSuccess: (saved) => client.setQueryData(PREFERENCES_KEY, saved),
  });
}

/** The signed-in user's distance unit (their preference; kilometres until it has loaded). */
export function useDistanceUnit(): DistanceUnit {
  return usePreferences().data?.distance_unit ?? "km";
}
