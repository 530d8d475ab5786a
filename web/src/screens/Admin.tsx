import { useTitle } from "../lib/title";

/** Placeholder: the screen is being built (issue 15). */
export function Admin() {
  useTitle("Program administration");
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Program administration</h1>
    </section>
  );
}
