// What the outbox still holds for one resource, and a refresh of its queries once those writes have landed: the
// screens show a queued write as "Waiting to sync" and the server's answer as soon as it is there. Read-only use
// of the outbox's public surface (`useOutbox`), so it works the same online and offline.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { type QueuedWrite, useOutbox } from "../offline/outbox";

/** Writes queued for paths starting with `pathPrefix`, oldest first. */
export function usePendingWrites(pathPrefix: string): QueuedWrite[] {
  const { writes } = useOutbox();
  return writes.filter((w) => w.path.startsWith(pathPrefix)).sort((a, b) => a.seq - b.seq);
}

/** Refetch `queryKey` whenever a write under `pathPrefix` leaves the outbox (it landed). */
export function useRefreshWhenLanded(pathPrefix: string, queryKey: readonly unknown[]): QueuedWrite[] {
  const pending = usePendingWrites(pathPrefix);
  const client = useQueryClient();
  const seen = useRef<Set<string>>(new Set());
  const keyText = JSON.stringify(queryKey);
  useEffect(() => {
    const now = new Set(pending.map((w) => w.key));
    const landed = [...seen.current].some((key) => !now.has(key));
    seen.current = now;
    if (landed) void client.invalidateQueries({ queryKey: JSON.parse(keyText) as unknown[] });
  }, [pending, client, keyText]);
  return pending;
}
