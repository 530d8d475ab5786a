import { useTitle } from "../lib/title";

/** Placeholder: the screen is being built (issue 15). */
export function AthleteProfile() {
  useTitle("Athlete");
  return (
    <section aria-labelledby="athleteprofile-title">
      <h1 id="athleteprofile-title">Athlete</h1>
    </section>
  );
}
