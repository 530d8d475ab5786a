import { Navigate } from "react-router";

import { CreateProgram } from "../admin/CreateProgram";
import { staffPrograms, useMe } from "../auth/session";
import { useTitle } from "../lib/title";
import { currentProgramId } from "../programs/current";

/** Where "/" leads: staff to Team Ops of their program, athletes to Today (their phone app), anyone else told why. */
export function Home() {
  useTitle("Home");
  const me = useMe().data;
  if (!me) return null;
  if (staffPrograms(me).length > 0) {
    return <Navigate to={`/programs/${currentProgramId(me, undefined)}/team-ops`} replace />;
  }
  if (me.athlete) return <Navigate to="/today" replace />;
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">TrainingOps</h1>
      <p>
        Signed in as {me.user.name}. You are not on a program&apos;s staff or roster yet: ask your head coach or program
        administrator for an invitation, or create your own program.
      </p>
      <CreateProgram />
    </section>
  );
}
