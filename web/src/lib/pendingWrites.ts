// Writes still in the outbox, laid over what the server last answered: a session logged offline reads as done
// (and "Waiting to sync") at once, and a self-assigned session queued offline shows in its day.

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import type { components } from "../api/schema";
import { type QueuedWrite, useOutbox } from "../offline/outbox";

type SessionRead = components["schemas"]["SessionRead"];

const SESSION_PATH = /^\/api\/v1\/sessions\/([0-9a-f-]{36})(?:\/.*)?$/i;
export const SESSIONS_PATH = "/api/v1/sessions";

/** The session a queued write changes (PATCH, complete, sets, comments…), or null. */
export function sessionOfWrite(write: Pick<QueuedWrite, "path">): string | null {
  return SESSION_PATH.exec(write.path)?.[1] ?? null;
}

/** Queued writes per session id. */
export function writesBySession(writes: readonly QueuedWrite[]): Map<string, QueuedWrite[]> {
  const found = new Map<string, QueuedWrite[]>();
  for (const write of writes) {
    const id = sessionOfWrite(write);
    if (id !== null) found.set(id, [...(found.get(id) ?? []), write]);
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ACTUAL_FIELDS = ["actual_duration_sec", "actual_distance_m", "actual_rpe", "actual_description", "metrics_json"] as const;

/** The session as it will read once its queued log or edit of actuals lands. */
export function withQueuedActuals(session: SessionRead, writes: readonly QueuedWrite[]): SessionRead {
  let next = session;
  for (const write of writes) {
    if (!isRecord(write.body)) continue;
    const isLog = write.method === "POST" && write.path.endsWith("/complete");
    const isEdit = write.method === "PATCH" && write.path === `${SESSIONS_PATH}/${session.id}`;
    if (!isLog && !isEdit) continue;
    const body = write.body;
    const changes = Object.fromEntries(ACTUAL_FIELDS.filter((f) => f in body).map((f) => [f, body[f]]));
    next = {
      ...next,
      ...changes,
      ...(isLog ? { status: "completed" as const, completed_at: next.completed_at ?? write.queuedAt } : {}),
    };
  }
  return next;
}

/** Self-assigned sessions still queued (POST /api/v1/sessions), shaped as sessions of their day. */
export function queuedNewSessions(writes: readonly QueuedWrite[], athleteId: string): SessionRead[] {
  return writes
    .filter((w) => w.method === "POST" && w.path === SESSIONS_PATH && isRecord(w.body))
    .map((w) => {
      const body = w.body as Record<string, unknown>;
      const day = String(body.scheduled_date ?? w.queuedAt.slice(0, 10));
      const str = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : null);
      const num = (key: string) => (typeof body[key] === "number" ? (body[key] as number) : null);
      return {
        id: `queued-${w.key}`,
        athlete_id: athleteId,
        source: "self_assigned",
        coach_member_id: null,
        team_season_id: null,
        scheduled_date: day,
        completed_at: str("completed_at"),
        workout_category: (str("workout_category") ?? "other") as SessionRead["workout_category"],
        title: str("title"),
        planned_description: str("planned_description"),
        planned_distance_m: num("planned_distance_m"),
        planned_duration_sec: num("planned_duration_sec"),
        planned_rpe: num("planned_rpe"),
        actual_distance_m: num("actual_distance_m"),
        actual_duration_sec: num("actual_duration_sec"),
        actual_rpe: num("actual_rpe"),
        actual_description: str("actual_description"),
        metrics_json: isRecord(body.metrics_json) ? body.metrics_json : null,
        practice_session_id: null,
        practice_session_workout_id: null,
        workout_id: null,
        external_id: null,
        import_batch_id: null,
        session_date: day,
        status: body.completed_at ? "completed" : "planned",
        compliance: null,
        reviewed_by: null,
        reviewed_at: null,
        created_at: w.queuedAt,
        updated_at: w.queuedAt,
        version: 0,
      } satisfies SessionRead;
    });
}

// (gym) What the outbox still holds for one resource, and a refresh of its queries once those writes have landed: the
// screens show a queued write as "Waiting to sync" and the server's answer as soon as it is there. Read-only use
// of the outbox's public surface (`useOutbox`), so it works the same online and offline.
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
