/**
 * The outbox's decisions, pure (no IndexedDB, no fetch): what an answer of the server means for a queued write,
 * and whether a stale update (412) can be re-sent or is a conflict. Tested in tests/offline/decide.test.ts.
 */

/** What the outbox does after sending one write. */
export type Outcome =
  | { kind: "landed" }
  /** No answer (offline, DNS, reset) or the server is unavailable (5xx): try again later. */
  | { kind: "retry"; reason: string }
  /** `409 idempotency_key_in_flight`: the first send is still running on the server; try again shortly. */
  | { kind: "in-flight" }
  /** 401: the sign-in ended; wait until the user signs in again. */
  | { kind: "signed-out" }
  /** 412: the resource moved since the write was made; read it again and decide (see `mergeDecision`). */
  | { kind: "stale" }
  /** Any other refusal: the user sees the detail and retries or discards. */
  | { kind: "failed"; detail: string };

export interface Answer {
  status: number;
  /** The problem's `code` and `detail` when the body is problem+json. */
  code?: string;
  detail?: string;
  /** The resource's new version, when the write answered one. */
  etag?: string;
}

/** The outcome of one send: `null` when no answer came at all. */
export function outcomeOf(answer: Answer | null): Outcome {
  if (answer === null) return { kind: "retry", reason: "No connection." };
  const { status, code, detail } = answer;
  if (status >= 200 && status < 300) return { kind: "landed" };
  if (status === 401) return { kind: "signed-out" };
  if (status === 412) return { kind: "stale" };
  if (status === 409 && code === "idempotency_key_in_flight") return { kind: "in-flight" };
  // 408/429 and the server's 5xx (database restarting, busy: they say nothing was saved) pass with time.
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: "retry", reason: detail ?? `The server answered ${status}.` };
  }
  return { kind: "failed", detail: detail ?? `The server refused the change (${status}).` };
}

export type MergeDecision =
  /** Only other fields moved on the server (the coach's plan): re-send with its new ETag; both survive. */
  | { kind: "resend"; etag: string }
  /** A field the user changed was also changed on the server: the user chooses. */
  | { kind: "conflict"; etag: string; values: Record<string, unknown> };

/** Values compared as JSON (numbers, strings, null, nested objects such as `metrics_json`). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * After a 412: `base` holds the changed fields' values as the user saw them, `mine` the values the write sends,
 * `server` the resource as it is now. The write re-sends when none of those fields moved on the server
 * (different fields — the issue's "both survive"), or moved to the very value the user chose; else it is a
 * conflict carrying the server's values of the fields changed on both sides.
 */
export function mergeDecision(
  base: Record<string, unknown>,
  mine: Record<string, unknown>,
  server: Record<string, unknown>,
  etag: string,
): MergeDecision {
  const moved = Object.keys(base).filter(
    (field) => !sameValue(base[field], server[field]) && !(field in mine && sameValue(mine[field], server[field])),
  );
  if (moved.length === 0) return { kind: "resend", etag };
  return { kind: "conflict", etag, values: Object.fromEntries(moved.map((field) => [field, server[field] ?? null])) };
}

/** Seconds to wait before the n-th retry (n ≥ 1) after no answer: 1, 2, 4 … capped at 30 s. */
export function backoffSeconds(attempt: number): number {
  return Math.min(30, 2 ** Math.max(0, attempt - 1));
}

/** Writes in the order they were queued (the outbox's `seq`), whatever order storage returned them in. */
export function inQueueOrder<T extends { seq: number }>(writes: readonly T[]): T[] {
  return [...writes].sort((a, b) => a.seq - b.seq);
}

/** The next write to send: the oldest pending one (a "sending" one left by a closed tab counts as pending). */
export function nextToSend<T extends { seq: number; state: string }>(writes: readonly T[]): T | undefined {
  return inQueueOrder(writes).find((w) => w.state === "pending" || w.state === "sending");
}

interface Chainable {
  key: string;
  seq: number;
  state: string;
  ifMatch?: string | null;
  conflict?: { resourcePath: string };
}

/**
 * The later writes to re-base once `landed` moved its resource to `etag`: the user's own next edits of the same
 * resource, queued while the first was waiting, carry the version the first was based on (the screen had
 * nothing newer) — but they were made on top of it, so they are based on the version it produced. Re-basing
 * them skips a needless 412, re-read and re-send each; an edit of the resource by someone else still answers 412.
 */
export function rebased<T extends Chainable>(landed: Chainable, etag: string | undefined, queue: readonly T[]): T[] {
  if (!etag || !landed.ifMatch || landed.conflict === undefined) return [];
  const resource = landed.conflict.resourcePath;
  return queue.filter(
    (w) =>
      w.seq > landed.seq &&
      w.key !== landed.key &&
      (w.state === "pending" || w.state === "sending") &&
      w.ifMatch === landed.ifMatch &&
      w.conflict?.resourcePath === resource,
  );
}
