// Team Ops rows in the order a coach asks for: by name (the API's order within a group), or the ones to look at
// first — lowest readiness, highest acute:chronic ratio, lowest compliance, not checked in. Unknown values go last.

import { type TeamOpsAthlete, checkedIn } from "./teamOps";

export const SORTS = {
  name: "Name",
  readiness: "Readiness, lowest first",
  ratio: "Acute:chronic, highest first",
  compliance: "Compliance, lowest first",
  checkin: "Not checked in first",
} as const;

export type SortKey = keyof typeof SORTS;

function byNumber(value: (a: TeamOpsAthlete) => number | null | undefined, direction: 1 | -1) {
  return (a: TeamOpsAthlete, b: TeamOpsAthlete): number => {
    const x = value(a);
    const y = value(b);
    if (x == null && y == null) return a.name.localeCompare(b.name);
    if (x == null) return 1;
    if (y == null) return -1;
    return (x - y) * direction || a.name.localeCompare(b.name);
  };
}

const COMPARE: Record<SortKey, (a: TeamOpsAthlete, b: TeamOpsAthlete) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  readiness: byNumber((a) => a.readiness?.score, 1),
  ratio: byNumber((a) => a.acwr_ewma, -1),
  compliance: byNumber((a) => a.compliance_percent, 1),
  checkin: byNumber((a) => {
    const done = checkedIn(a);
    return done === null ? null : Number(done);
  }, 1),
};

export function sortAthletes(athletes: TeamOpsAthlete[], key: SortKey): TeamOpsAthlete[] {
  return [...athletes].sort(COMPARE[key]);
}

export function isSortKey(value: string | null): value is SortKey {
  return value !== null && value in SORTS;
}
