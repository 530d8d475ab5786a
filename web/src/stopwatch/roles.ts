import type { Me } from "../auth/session";

/** Head and assistant coaches time reps and file splits (the server's plan_run capability, docs/security.md). */
export function mayTime(me: Me | null | undefined, programId: string | null): boolean {
  const role = me?.staff.find((m) => m.program_id === programId && m.active)?.role;
  return role === "head_coach" || role === "assistant_coach";
}
