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
 * How it behaves (docs/offline.md): no answer or a 5xx → the write stays pending and is retried with backoff;
 * 401 → "signed-out" until the same user signs in again; 412 → the resource is read again and the write re-sent
 * with the new ETag when only other fields moved, else "conflict" (the user keeps theirs or the server's);
 * `409 idempotency_key_in_flight` → retried shortly; any other refusal → "failed" with the problem's detail, kept
 * until the user retries or discards it. Nothing is dropped without the user saying so.
 */
import type { QueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

import { CSRF_HEADER, csrfToken } from "../api/client";
import type { OutboxDatabase, StoredWrite } from "./db";
import {
  type Answer,
  backoffSeconds,
  inQueueOrder,
  mergeDecision,
  nextToSend,
  outcomeOf,
  rebased,
} from "./decide";

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
  /** The user whose writes `writes` lists (null: not read yet, or nobody signed in) — "All synced" needs one. */
  owner: string | null;
}

const LAST_SYNCED = "trainingops.outbox.lastSyncedAt";
const CHANNEL = "trainingops-outbox";
const LOCK = "trainingops-outbox-send";
// A 412 re-read and re-sent more often than this in one go is a resource moving under us: ask the user.
const MAX_MERGES = 3;

let state: OutboxState = { writes: [], pending: 0, lastSyncedAt: readLastSynced(), syncing: false, owner: null };
const listeners = new Set<() => void>();
let database: Promise<OutboxDatabase> | null = null;
let channel: BroadcastChannel | null = null;
let queryClient: QueryClient | null = null;
let userId: string | null = null;
let rerun = false;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let failedAttempts = 0;

function readLastSynced(): string | null {
  try {
    return localStorage.getItem(LAST_SYNCED);
  } catch {
    return null;
  }
}

/** The outbox's IndexedDB, opened on first use; Dexie is loaded then (a chunk of its own, off the entry's JS). */
async function table(): Promise<OutboxDatabase["writes"]> {
  if (database === null) {
    database = import("./db").then(({ openOutboxDatabase }) => openOutboxDatabase());
    if (typeof BroadcastChannel !== "undefined") {
      channel = new BroadcastChannel(CHANNEL);
      // Another tab queued, sent or resolved a write: show the same list here.
      channel.onmessage = () => void refresh();
    }
  }
  return (await database).writes;
}

function publish(next: Partial<OutboxState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

// Reads overlap (a queueWrite's, a sync step's): only the latest started one is shown, so an older read that
// finishes later never shows a list from before a write was added or removed.
let readsStarted = 0;
let readShown = 0;

/** Reads this user's writes from IndexedDB into the live state (and tells the other tabs when asked to). */
async function refresh(broadcast = false): Promise<void> {
  const read = ++readsStarted;
  const owner = userId;
  const rows = owner === null ? [] : await (await table()).where("userId").equals(owner).toArray();
  if (read < readShown) return;
  readShown = read;
  const writes = inQueueOrder(rows).map(({ userId: _owner, ...write }) => write);
  publish({ writes, pending: writes.length, lastSyncedAt: readLastSynced(), owner });
  if (broadcast) channel?.postMessage("changed");
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

/**
 * Starts the outbox for the app: invalidates queries after writes land, syncs when the network returns and on
 * start (once the signed-in user is known, `setOutboxUser`).
 */
export function connectOutbox(client: QueryClient): void {
  queryClient = client;
  window.addEventListener("online", () => void syncNow());
  // When the service worker first takes the page, the reads made before it went straight to the network and are
  // not kept for offline: mark them stale, so the next mount or return to the app reads them through the worker.
  // (Not refetched at once: a screen being edited would re-render under the user's finger.)
  navigator.serviceWorker?.addEventListener(
    "controllerchange",
    () => void client.invalidateQueries({ refetchType: "none" }),
  );
}

/**
 * Who is signed in (null: nobody). Only that user's writes are shown and sent; their writes that waited for a
 * new sign-in ("signed-out") are sent now.
 */
export async function setOutboxUser(id: string | null): Promise<void> {
  if (id === userId) return;
  userId = id;
  if (id !== null) {
    await (await table()).where("userId").equals(id).modify((w) => {
      if (w.state === "signed-out") w.state = "pending";
    });
  }
  await refresh(true);
  if (id !== null) void syncNow();
}

export async function queueWrite(request: WriteRequest): Promise<QueuedWrite> {
  if (userId === null) throw new Error("Sign in before saving.");
  const row: Omit<StoredWrite, "seq"> = {
    ...request,
    ...(request.invalidates === undefined ? {} : { invalidates: request.invalidates.map((key) => [...key]) }),
    key: crypto.randomUUID(),
    queuedAt: new Date().toISOString(),
    state: "pending",
    userId,
  };
  const seq = await (await table()).add(row as StoredWrite);
  await refresh(true);
  void syncNow();
  const { userId: _owner, ...write } = { ...row, seq };
  return write;
}

/** Changes one queued write; `forget` removes the last error and the conflict's server values. */
async function update(key: string, changes: Partial<StoredWrite>, forget = false): Promise<void> {
  await (await table())
    .where("key")
    .equals(key)
    .modify((w) => {
      Object.assign(w, changes);
      if (forget) {
        delete w.error;
        delete w.server;
      }
    });
}

function headersFor(write: QueuedWrite): Headers {
  const headers = new Headers({ "Idempotency-Key": write.key, Accept: "application/json" });
  // Read at send time: a new sign-in sets a new CSRF cookie.
  const token = csrfToken();
  if (token !== null) headers.set(CSRF_HEADER, token);
  if (write.ifMatch) headers.set("If-Match", write.ifMatch);
  if (write.body !== undefined) headers.set("Content-Type", "application/json");
  return headers;
}

async function answerOf(response: Response): Promise<Answer> {
  const etag = response.headers.get("ETag");
  if (response.ok) return etag === null ? { status: response.status } : { status: response.status, etag };
  const problem = (await response.json().catch(() => ({}))) as Omit<Answer, "status">;
  return { ...problem, status: response.status };
}

async function send(write: QueuedWrite): Promise<Answer | null> {
  try {
    const response = await fetch(write.path, {
      method: write.method,
      headers: headersFor(write),
      credentials: "same-origin",
      cache: "no-store",
      body: write.body === undefined ? null : JSON.stringify(write.body),
    });
    return await answerOf(response);
  } catch {
    return null;
  }
}

/** After a 412: read the resource again and re-send or mark a conflict; false when there was no answer. */
async function reconcile(write: QueuedWrite, merges: number): Promise<"resend" | "stop" | "offline"> {
  if (write.conflict === undefined || merges >= MAX_MERGES) {
    await update(write.key, { state: "failed", error: "Changed on the server meanwhile; reload and try again." });
    return "stop";
  }
  let response: Response;
  try {
    response = await fetch(write.conflict.resourcePath, { credentials: "same-origin", cache: "no-store" });
  } catch {
    return "offline";
  }
  const etag = response.headers.get("ETag");
  if (!response.ok || etag === null) {
    const answer = await answerOf(response);
    if (answer.status === 401) return "offline";
    await update(write.key, { state: "failed", error: answer.detail ?? `The server answered ${answer.status}.` });
    return "stop";
  }
  const server = (await response.json()) as Record<string, unknown>;
  const mine = typeof write.body === "object" && write.body !== null ? (write.body as Record<string, unknown>) : {};
  const decision = mergeDecision(write.conflict.base, mine, server, etag);
  if (decision.kind === "resend") {
    await update(write.key, { ifMatch: etag, state: "pending" });
    return "resend";
  }
  await update(write.key, { state: "conflict", server: { etag, values: decision.values } });
  return "stop";
}

function invalidate(keys: QueuedWrite["invalidates"]): void {
  for (const queryKey of keys ?? []) void queryClient?.invalidateQueries({ queryKey });
}

// The queries of the writes that landed in this sync, refetched once at its end (50 writes to one athlete's
// window would otherwise read the window 50 times while the sync competes with it).
const landedQueries = new Map<string, readonly unknown[]>();

function flushLanded(): void {
  invalidate([...landedQueries.values()]);
  landedQueries.clear();
}

function retryLater(seconds: number): void {
  if (retryTimer !== null) clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void syncNow();
  }, seconds * 1000);
}

/** Sends this user's pending writes oldest first until one has to wait; returns when the queue is done. */
async function drain(owner: string): Promise<void> {
  let merges = 0;
  for (;;) {
    if (owner !== userId) return;
    const queue = await (await table()).where("userId").equals(owner).toArray();
    const next = nextToSend(queue);
    if (next === undefined) return;
    // Shown as sending at once, not stored: a write left "pending" by a closed tab is simply sent again.
    publish({ writes: state.writes.map((w) => (w.key === next.key ? { ...w, state: "sending" } : w)) });
    const answer = await send(next);
    const outcome = outcomeOf(answer);
    if (outcome.kind === "landed") {
      await (await table()).where("key").equals(next.key).delete();
      for (const later of rebased(next, answer?.etag, queue)) {
        await update(later.key, { ifMatch: answer?.etag ?? null });
      }
      localStorage.setItem(LAST_SYNCED, new Date().toISOString());
      failedAttempts = 0;
      merges = 0;
      for (const queryKey of next.invalidates ?? []) landedQueries.set(JSON.stringify(queryKey), queryKey);
    } else if (outcome.kind === "retry" || outcome.kind === "in-flight") {
      await update(next.key, { state: "pending" });
      failedAttempts += 1;
      retryLater(outcome.kind === "in-flight" ? 1 : backoffSeconds(failedAttempts));
      return;
    } else if (outcome.kind === "signed-out") {
      // Every write of this user waits for the next sign-in; the app asks who is signed in (→ sign-in page).
      await (await table()).where("userId").equals(owner).modify((w) => {
        if (w.state === "pending" || w.state === "sending") w.state = "signed-out";
      });
      void queryClient?.invalidateQueries({ queryKey: ["me"] });
      return;
    } else if (outcome.kind === "stale") {
      merges += 1;
      const step = await reconcile(next, merges);
      if (step === "offline") {
        await update(next.key, { state: "pending" });
        failedAttempts += 1;
        retryLater(backoffSeconds(failedAttempts));
        return;
      }
    } else {
      await update(next.key, { state: "failed", error: outcome.detail });
    }
    await refresh(true);
  }
}

/**
 * Sends what is pending. One sender at a time across tabs (a Web Lock); the server's Idempotency-Key makes a
 * second send of the same write harmless anyway (answered from its record, written once).
 */
export async function syncNow(): Promise<void> {
  const owner = userId;
  if (owner === null) return;
  if (state.syncing) {
    rerun = true;
    return;
  }
  publish({ syncing: true });
  try {
    const run = () => drain(owner);
    if (typeof navigator !== "undefined" && "locks" in navigator) await navigator.locks.request(LOCK, run);
    else await run();
  } finally {
    await refresh(true);
    publish({ syncing: false });
    flushLanded();
  }
  if (rerun) {
    rerun = false;
    void syncNow();
  }
}

/** A failed write sent again (the user pressed Retry); every failed and waiting one when no key is given. */
export async function retryWrite(key?: string): Promise<void> {
  if (key !== undefined) await update(key, { state: "pending" }, true);
  else if (userId !== null) {
    await (await table()).where("userId").equals(userId).modify((w) => {
      if (w.state === "failed") {
        w.state = "pending";
        delete w.error;
      }
    });
  }
  failedAttempts = 0;
  await refresh(true);
  await syncNow();
}

/** "Keep mine": the user's values win; re-sent over the server's version. */
export async function keepMine(key: string): Promise<void> {
  const row = await (await table()).where("key").equals(key).first();
  if (row?.server === undefined) return;
  await update(key, { state: "pending", ifMatch: row.server.etag }, true);
  await refresh(true);
  await syncNow();
}

/** "Keep theirs" or "Discard": the write is dropped (the user chose so) and the screens read the server again. */
export async function dropWrite(key: string): Promise<void> {
  const row = await (await table()).where("key").equals(key).first();
  await (await table()).where("key").equals(key).delete();
  invalidate(row?.invalidates);
  await refresh(true);
}
