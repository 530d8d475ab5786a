import type { DistanceUnit } from "./units";

/** The signed-in user's distance unit. Kilometres until the preferences route exists (issue 15, branch loop). */
export function useDistanceUnit(): DistanceUnit {
  return "km";
}
