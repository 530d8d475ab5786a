/** The outbox's IndexedDB store (Dexie): one row per queued write, `seq` in the order they were queued. */
import Dexie, { type EntityTable } from "dexie";

import type { QueuedWrite } from "./outbox";

/** A queued write as stored: its user, so a write is only ever sent with its own author's sign-in. */
export interface StoredWrite extends QueuedWrite {
  userId: string;
}

export type OutboxDatabase = Dexie & { writes: EntityTable<StoredWrite, "seq"> };

export function openOutboxDatabase(name = "trainingops-outbox"): OutboxDatabase {
  const db = new Dexie(name) as OutboxDatabase;
  // `++seq`: the queue order, assigned by IndexedDB (one counter for every tab); `&key` the Idempotency-Key.
  db.version(1).stores({ writes: "++seq, &key, userId" });
  return db;
}
