import { useTitle } from "../lib/title";

/** Placeholder: the screen is being built (issue 15). */
export function TeamOps() {
  useTitle("Team Ops");
  return (
    <section aria-labelledby="teamops-title">
      <h1 id="teamops-title">Team Ops</h1>
    </section>
  );
}
