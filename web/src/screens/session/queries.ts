import { useQuery } from "@tanstack/react-query";

import { api } from "../../api/client";
import { ApiError, unwrap } from "../../api/query";

export function useSession(sessionId: string) {
  return useQuery({
    queryKey: ["session", sessionId],
    queryFn: () => unwrap(api.GET("/api/v1/sessions/{session_id}", { params: { path: { session_id: sessionId } } })),
  });
}

export function useSessionHistory(sessionId: string) {
  return useQuery({
    queryKey: ["session", sessionId, "history"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/sessions/{session_id}/history", { params: { path: { session_id: sessionId } } })),
  });
}

/** A visible session with no device file answers 404 activity_file_not_found: that is "no file", not an error. */
async function orNoFile<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.code === "activity_file_not_found") return null;
    throw error;
  }
}

export function useActivityFile(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["session", sessionId, "activity-file"],
    queryFn: () =>
      orNoFile(
        unwrap(api.GET("/api/v1/sessions/{session_id}/activity-file", { params: { path: { session_id: sessionId } } })),
      ),
    enabled,
  });
}

export function useActivityStreams(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["session", sessionId, "streams"],
    queryFn: () =>
      orNoFile(
        unwrap(
          api.GET("/api/v1/sessions/{session_id}/activity-file/streams", { params: { path: { session_id: sessionId } } }),
        ),
      ),
    enabled,
    staleTime: 10 * 60_000,
  });
}
