import { useParams } from "react-router";

import { type Me, staffPrograms } from "../auth/session";

const LAST_PROGRAM_KEY = "trainingops.program";

export function rememberProgram(programId: string): void {
  try {
    localStorage.setItem(LAST_PROGRAM_KEY, programId);
  } catch {
    // Private windows may refuse storage; the switcher still works for this page.
  }
}

function lastProgram(): string | null {
  try {
    return localStorage.getItem(LAST_PROGRAM_KEY);
  } catch {
    return null;
  }
}

/** The program a staff screen is about: the one in the address, else the last one used, else the first by name. */
export function currentProgramId(me: Me, fromAddress: string | undefined): string | null {
  const programs = staffPrograms(me);
  if (fromAddress !== undefined) return fromAddress;
  const last = lastProgram();
  if (last !== null && programs.some((p) => p.program_id === last)) return last;
  return programs[0]?.program_id ?? null;
}

export function useProgramIdParam(): string {
  const { programId } = useParams();
  if (programId === undefined) throw new Error("this screen is mounted outside /programs/:programId");
  return programId;
}
