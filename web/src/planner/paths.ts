import { useProgramIdParam } from "../programs/current";

/** Addresses inside the planner of the program in the address bar. */
export function usePlannerPaths() {
  const programId = useProgramIdParam();
  const base = `/programs/${programId}/planner`;
  return {
    programId,
    calendar: (season?: string, day?: string) =>
      `${base}${season ? `?season=${season}${day ? `&day=${day}` : ""}` : ""}`,
    practice: (id: string) => `${base}/practices/${id}`,
    newWorkout: (params: Record<string, string>) => `${base}/workouts/new?${new URLSearchParams(params).toString()}`,
    workout: (id: string, params: Record<string, string> = {}) =>
      `${base}/workouts/${id}${Object.keys(params).length ? `?${new URLSearchParams(params).toString()}` : ""}`,
  };
}
