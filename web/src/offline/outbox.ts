/**
 * The outbox: every write the athlete app and the group stopwatch make goes through `queueWrite`.
 *
 * CONTRACT (issue 16) — screens rely on exactly this surface:
 * - `queueWrite(request)` stores the write (IndexedDB, Dexie) with a fresh Idempotency-Key and the ETag it was
 *   based on, then tries to send it; it resolves as soon as the write is safely queued (not when it lands), so
 *   a screen can say "Saved — will sync" offline. Writes are sent one at a time, oldest first.
 * - `useOutbox()` is the live state for the sync status element and the conflict list.
 * - `syncNow()` sends what is pending (the app also does so on start and when the network returns).
 *
 * THIS FILE IS THE FIRST, ONLINE-ONLY VERSION: it sends at once and keeps the queue in memory. The offline
 * version (persistence, retries, 412 merge/conflict, expired sign-in) replaces the body, not the surface.
 */
import { useSyncExternalStore } from "react";

import { CSRF_HEADER, csrfToken } from "../api/client";

export type WriteMethod = "POST" | "PUT" | "PATCH" | "DELETE";

export interface WriteRequest {
  method: WriteMethod;
  /** The API path with its prefix, e.g. `/api/v1/sessions/{id}/complete`. */
  path: string;
  body?: unknown;
  /** The ETag the change was based on, sent as If-Match (null/absent for creates). */
  ifMatch?: string | null;
  /** What the user sees in the sync list, e.g. "Log · Easy run, Tue 1 Dec". */
  label: string;
  /**
   * For updates of a versioned resource: where to read it (GET path, answers with an ETag) and the values of the
   * changed fields as the user saw them before editing. On 412 the outbox reads the resource again: when those
   * fields are unchanged on the server (only other fields moved, e.g. the coach's planned distance) it re-sends
   * with the new ETag; when one of them changed on both sides it is a conflict the user resolves.
   */
  conflict?: { resourcePath: string; base: Record<string, unknown> };
  /** TanStack Query keys to invalidate once the write has landed. */
  invalidates?: readonly (readonly unknown[])[];
}

export type WriteState = "pending" | "sending" | "failed" | "conflict" | "signed-out";

export interface QueuedWrite extends WriteRequest {
  /** The Idempotency-Key (a UUID) and the outbox's id for the write. */
  key: string;
  /** Order of queueing: writes are sent in this order. */
  seq: number;
  queuedAt: string;
  state: WriteState;
  /** The last problem, in words, for a failed write. */
  error?: string;
  /** For a conflict: the server's current values of the changed fields and its ETag. */
  server?: { etag: string; values: Record<string, unknown> };
}

export interface OutboxState {
  writes: QueuedWrite[];
  /** Writes not yet on the server (pending, sending, failed, conflict, signed-out). */
  pending: number;
  lastSyncedAt: string | null;
  syncing: boolean;
}

let state: OutboxState = { writes: [], pending: 0, lastSyncedAt: null, syncing: false };
const listeners = new Set<() => void>();
let seq = 0;

function publish(next: OutboxState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function useOutbox(): OutboxState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

export async function queueWrite(request: WriteRequest): Promise<QueuedWrite> {
  seq += 1;
  const write: QueuedWrite = {
    ...request,
    key: crypto.randomUUID(),
    seq,
    queuedAt: new Date().toISOString(),
    state: "pending",
  };
  publish({ ...state, writes: [...state.writes, write], pending: state.pending + 1 });
  void syncNow();
  return write;
}

async function send(write: QueuedWrite): Promise<Response> {
  const headers = new Headers({ "Idempotency-Key": write.key });
  const token = csrfToken();
  if (token !== null) headers.set(CSRF_HEADER, token);
  if (write.ifMatch) headers.set("If-Match", write.ifMatch);
  if (write.body !== undefined) headers.set("Content-Type", "application/json");
  return fetch(write.path, {
    method: write.method,
    headers,
    credentials: "same-origin",
    body: write.body === undefined ? null : JSON.stringify(write.body),
  });
}

export async function syncNow(): Promise<void> {
  if (state.syncing) return;
  publish({ ...state, syncing: true });
  for (const write of state.writes.filter((w) => w.state === "pending")) {
    const response = await send(write).catch(() => null);
    const remaining = state.writes.filter((w) => w.key !== write.key);
    if (response?.ok) {
      publish({ ...state, writes: remaining, pending: remaining.length, lastSyncedAt: new Date().toISOString() });
    } else {
      const failed = { ...write, state: "failed" as const, error: `The server answered ${response?.status ?? "nothing"}.` };
      publish({ ...state, writes: [...remaining, failed] });
    }
  }
  publish({ ...state, syncing: false });
}
