import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api } from "../../api/client";
import { unwrap } from "../../api/query";

export const NOTIFICATIONS_KEY = ["me", "notifications"] as const;

/** The unread count for the navigation: the first page of one, refreshed every minute. */
export function useUnreadCount() {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, "unread"],
    queryFn: () => unwrap(api.GET("/api/v1/me/notifications", { params: { query: { limit: 1, unread: true } } })),
    select: (page) => page.unread,
    refetchInterval: 60_000,
  });
}

export function useNotifications() {
  return useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, "feed"],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/me/notifications", { params: { query: pageParam ? { cursor: pageParam } : {} } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: string[] } | { all: true }) =>
      unwrap(api.POST("/api/v1/me/notifications:read", { body: "all" in which ? { all: true } : { ids: which.ids, all: false } })),
    onSuccess: () => client.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}
