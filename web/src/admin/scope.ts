import { createContext, useContext } from "react";

import type { Me } from "../auth/session";
import type { Program, StaffRoleName } from "./api";

/** The program being administered and who is looking: every sub-page reads it. */
export interface AdminScope {
  program: Program;
  role: StaffRoleName | null;
  memberId: string | null;
  me: Me;
}

export const AdminContext = createContext<AdminScope | null>(null);

export function useAdmin(): AdminScope {
  const scope = useContext(AdminContext);
  if (scope === null) throw new Error("an administration page is mounted outside <Admin>");
  return scope;
}
