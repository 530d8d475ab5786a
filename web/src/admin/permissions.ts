/** What the signed-in member's role lets them do here, and the sentence that says who may when they may not. */
import type { Capability, StaffRoleName } from "./api";

export const ROLE_LABELS: Record<StaffRoleName, string> = {
  program_admin: "Program admin",
  head_coach: "Head coach",
  assistant_coach: "Assistant coach",
  strength_coach: "Strength coach",
  athletic_trainer: "Athletic trainer",
};

export const STAFF_ROLES = Object.keys(ROLE_LABELS) as StaffRoleName[];

// docs/security.md, "Staff roles": the roles holding each capability, as the database's capability_roles says.
const WHO_MAY: Partial<Record<Capability, string>> = {
  administer: "program admins and head coaches",
  manage_roster: "program admins, head coaches and assistant coaches",
  set_roster_status: "program admins, head, assistant coaches and athletic trainers",
  assign_run: "head and assistant coaches",
};

const WHAT: Partial<Record<Capability, string>> = {
  administer: "change the program's settings, staff, seasons and load settings",
  manage_roster: "change the roster, event groups and athlete profiles",
  set_roster_status: "change a roster entry's status",
  assign_run: "import sessions or undo an import",
};

/** "Your role (assistant coach) may not change …: program admins and head coaches do." */
export function readOnlyReason(capability: Capability, role: StaffRoleName | null): string {
  const who = WHO_MAY[capability] ?? "other roles";
  const yours = role === null ? "Your role" : `Your role (${ROLE_LABELS[role].toLowerCase()})`;
  return `${yours} may read this page but not ${WHAT[capability] ?? "change it"}: ${who} do.`;
}

export function holds(capabilities: readonly Capability[] | undefined, capability: Capability): boolean {
  return capabilities?.includes(capability) ?? false;
}
