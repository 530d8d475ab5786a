import { useQuery } from "@tanstack/react-query";

import { api } from "../../api/client";
import { unwrap } from "../../api/query";

export const setsKey = (sessionId: string) => ["session", sessionId, "sets"] as const;
export const setsPath = (sessionId: string) => `/api/v1/sessions/${sessionId}/sets`;

export function useSessionSets(sessionId: string) {
  return useQuery({
    queryKey: setsKey(sessionId),
    queryFn: () => unwrap(api.GET("/api/v1/sessions/{session_id}/sets", { params: { path: { session_id: sessionId } } })),
  });
}
