import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api } from "../api/client";
import { ApiError, unwrap } from "../api/query";
import type { components } from "../api/schema";
import { clearApiCache, saveMe, savedMe } from "../offline/apiCache";
import { setOutboxUser } from "../offline/outbox";

export type Me = components["schemas"]["Me"];
export type StaffRole = components["schemas"]["Membership"]["role"];

export const ME_KEY = ["me"] as const;

async function whoIsSignedIn(): Promise<Me | null> {
  try {
    return await unwrap(api.GET("/api/v1/me"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    // No network (and no service worker's copy): the athlete stays in the app with who was signed in last;
    // the server still checks the sign-in of every write when the network returns (docs/offline.md).
    const saved = error instanceof TypeError ? savedMe() : null;
    if (saved !== null) return saved;
    throw error;
  }
}

/** Who is signed in, or null when nobody is (the API answers 401). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      const me = await whoIsSignedIn();
      saveMe(me);
      // Not awaited: the outbox (and Dexie, a chunk of its own) loads beside the first screen, not before it.
      void setOutboxUser(me?.user.id ?? null);
      return me;
    },
    staleTime: 5 * 60_000,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => unwrap(api.POST("/api/v1/auth/sign-in", { body })),
    onSuccess: async () => {
      await clearApiCache();
      client.clear();
      await client.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/sign-out")),
    // Signed out on the server or not, nothing of the last user stays in this tab.
    onSettled: async () => {
      await clearApiCache();
      await setOutboxUser(null);
      client.clear();
    },
  });
}

/** Programs where the user is active staff, by name. */
export function staffPrograms(me: Me): Me["staff"] {
  return me.staff.filter((m) => m.active).sort((a, b) => a.program_name.localeCompare(b.program_name));
}
