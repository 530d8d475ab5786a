import "fake-indexeddb/auto";

import { describe, expect, it } from "vitest";

import { openOutboxDatabase, type StoredWrite } from "../src/offline/db";
import { backoffSeconds, inQueueOrder, mergeDecision, nextToSend, outcomeOf, rebased } from "../src/offline/decide";
import { syncWords } from "../src/offline/words";

describe("what an answer means for a queued write", () => {
  it.each([
    [200, undefined, "landed"],
    [201, undefined, "landed"],
    [401, "not_authenticated", "signed-out"],
    [412, "precondition_failed", "stale"],
    [409, "idempotency_key_in_flight", "in-flight"],
    [503, "database_unavailable", "retry"],
    [429, "too_many_requests", "retry"],
    [409, "sessions_already_completed", "failed"],
    [422, "validation_failed", "failed"],
    [404, "not_found", "failed"],
  ] as const)("%i %s → %s", (status, code, kind) => {
    expect(outcomeOf({ status, ...(code === undefined ? {} : { code }) }).kind).toBe(kind);
  });

  it("no answer at all is retried, and a refusal keeps the problem's detail for the user", () => {
    expect(outcomeOf(null)).toEqual({ kind: "retry", reason: "No connection." });
    expect(outcomeOf({ status: 422, code: "x", detail: "RPE is 1 to 10." })).toEqual({
      kind: "failed",
      detail: "RPE is 1 to 10.",
    });
  });
});

describe("a stale update (412): merge or conflict", () => {
  const base = { actual_distance_m: null, actual_rpe: null };
  const mine = { actual_distance_m: 8000, actual_rpe: 6 };

  it("re-sends with the new ETag when only other fields moved (the coach's plan): both survive", () => {
    const server = { actual_distance_m: null, actual_rpe: null, planned_distance_m: 10000 };
    expect(mergeDecision(base, mine, server, '"v3"')).toEqual({ kind: "resend", etag: '"v3"' });
  });

  it("is a conflict when a changed field moved on the server too, with the server's values of the fields changed on both sides", () => {
    const server = { actual_distance_m: 7500, actual_rpe: null, planned_distance_m: 10000 };
    expect(mergeDecision(base, mine, server, '"v4"')).toEqual({
      kind: "conflict",
      etag: '"v4"',
      values: { actual_distance_m: 7500 },
    });
  });

  it("is no conflict when the server already has the very value the user chose", () => {
    const server = { actual_distance_m: 8000, actual_rpe: null };
    expect(mergeDecision(base, mine, server, '"v5"').kind).toBe("resend");
  });

  it("compares nested values (metrics) as JSON", () => {
    const nested = { metrics_json: { laps: [1, 2] } };
    expect(mergeDecision(nested, {}, { metrics_json: { laps: [1, 2] } }, '"v2"').kind).toBe("resend");
    expect(mergeDecision(nested, {}, { metrics_json: { laps: [1] } }, '"v2"').kind).toBe("conflict");
  });
});

describe("the user's own later edits of a resource, once the first lands", () => {
  const session = { resourcePath: "/api/v1/sessions/s1" };
  const landed = { key: "a", seq: 1, state: "sending", ifMatch: '"v3"', conflict: session };

  it("are re-based on the version it produced, and nothing else is", () => {
    const queue = [
      landed,
      { key: "b", seq: 2, state: "pending", ifMatch: '"v3"', conflict: session },
      { key: "c", seq: 3, state: "pending", ifMatch: '"v3"', conflict: { resourcePath: "/api/v1/sessions/s2" } },
      { key: "d", seq: 4, state: "pending", ifMatch: '"v2"', conflict: session },
      { key: "e", seq: 5, state: "conflict", ifMatch: '"v3"', conflict: session },
      { key: "f", seq: 6, state: "pending", ifMatch: null },
    ];
    expect(rebased(landed, '"v4"', queue).map((w) => w.key)).toEqual(["b"]);
  });

  it("are left alone when the answer carried no version", () => {
    const queue = [landed, { key: "b", seq: 2, state: "pending", ifMatch: '"v3"', conflict: session }];
    expect(rebased(landed, undefined, queue)).toEqual([]);
  });
});

describe("order and retries", () => {
  it("sends oldest first and takes up a write a closed tab left half-sent", () => {
    const writes = [
      { seq: 3, state: "pending" },
      { seq: 1, state: "failed" },
      { seq: 2, state: "sending" },
    ];
    expect(inQueueOrder(writes).map((w) => w.seq)).toEqual([1, 2, 3]);
    expect(nextToSend(writes)?.seq).toBe(2);
    expect(nextToSend([{ seq: 1, state: "conflict" }])).toBeUndefined();
  });

  it("backs off 1, 2, 4 … seconds up to 30", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(backoffSeconds)).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
  });

  it("keeps the queue order in IndexedDB across opens (one counter for every tab)", async () => {
    const write = (key: string): Omit<StoredWrite, "seq"> => ({
      key,
      userId: "u1",
      method: "POST",
      path: "/api/v1/sessions/x/complete",
      label: key,
      queuedAt: new Date().toISOString(),
      state: "pending",
    });
    const tab1 = openOutboxDatabase("order-test");
    const tab2 = openOutboxDatabase("order-test");
    await tab1.writes.add(write("a") as StoredWrite);
    await tab2.writes.add(write("b") as StoredWrite);
    await tab1.writes.add(write("c") as StoredWrite);
    const stored = await openOutboxDatabase("order-test").writes.where("userId").equals("u1").toArray();
    expect(inQueueOrder(stored).map((w) => w.key)).toEqual(["a", "b", "c"]);
    await expect(tab2.writes.add(write("a") as StoredWrite)).rejects.toThrow();
  });
});

describe("the sync status's words", () => {
  it("claims nothing until the signed-in user's writes are read, then counts them", () => {
    expect(syncWords({ pending: 0, owner: null })).toBe("Checking saved changes…");
    expect(syncWords({ pending: 0, owner: "u1" })).toBe("All synced");
    expect(syncWords({ pending: 2, owner: "u1" })).toBe("2 pending");
  });
});
