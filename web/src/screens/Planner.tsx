import { useTitle } from "../lib/title";

/** Placeholder: the screen is being built (issue 15). */
export function Planner() {
  useTitle("Practice planner");
  return (
    <section aria-labelledby="planner-title">
      <h1 id="planner-title">Practice planner</h1>
    </section>
  );
}
