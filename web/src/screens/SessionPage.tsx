import { useTitle } from "../lib/title";

/** Placeholder: the screen is being built (issue 15). */
export function SessionPage() {
  useTitle("Session");
  return (
    <section aria-labelledby="sessionpage-title">
      <h1 id="sessionpage-title">Session</h1>
    </section>
  );
}
