import type { OutboxState, QueuedWrite, WriteState } from "./outbox";

export const STATE_WORDS: Record<WriteState, string> = {
  pending: "Waiting to send",
  sending: "Sending…",
  failed: "Not saved — refused by the server",
  conflict: "Changed on both sides — choose",
  "signed-out": "Waiting for you to sign in again",
};

/** Writes that need the user (a failed one, a conflict, a sign-in), not just time or a network. */
export function needsAttention(write: QueuedWrite): boolean {
  return write.state === "failed" || write.state === "conflict" || write.state === "signed-out";
}

/** "actual_distance_m" → "Distance (m)": the API's field names in words for the conflict table. */
export function fieldWords(field: string): string {
  const unit = /_(m|sec|kg)$/.exec(field)?.[1];
  const words = field
    .replace(/^(actual|planned)_/, "")
    .replace(/_(m|sec|kg)$/, "")
    .replace(/_/g, " ");
  const name = words.charAt(0).toUpperCase() + words.slice(1);
  const units: Record<string, string> = { m: "m", sec: "s", kg: "kg" };
  return unit === undefined ? name : `${name} (${units[unit]})`;
}

export function valueWords(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function timeWords(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** The sync status's words. Until the signed-in user's saved writes are read, nothing is claimed: an empty list
 * then means "not read yet", not "All synced". */
export function syncWords(outbox: Pick<OutboxState, "pending" | "owner">): string {
  if (outbox.pending > 0) return `${outbox.pending} pending`;
  return outbox.owner === null ? "Checking saved changes…" : "All synced";
}
