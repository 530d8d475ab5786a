import { useTitle } from "../lib/title";

/** Placeholder: the screen is being built (issue 15). */
export function Notifications() {
  useTitle("Notifications");
  return (
    <section aria-labelledby="notifications-title">
      <h1 id="notifications-title">Notifications</h1>
    </section>
  );
}
