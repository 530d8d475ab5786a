import { useId } from "react";
import { useLocation, useNavigate } from "react-router";

import { type Me, staffPrograms } from "../auth/session";
import { rememberProgram } from "../programs/current";

/** The same screen for another program: /programs/<id>/<screen>… keeps <screen>, anywhere else opens Team Ops. */
export function switchedPath(pathname: string, programId: string): string {
  const match = /^\/programs\/[^/]+\/([^/]+)/.exec(pathname);
  return `/programs/${programId}/${match?.[1] ?? "team-ops"}`;
}

/** A plain labelled select: one option per program where the user is active staff. */
export function ProgramSwitcher({ me, programId }: { me: Me; programId: string | null }) {
  const id = useId();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const programs = staffPrograms(me);
  if (programs.length === 0) return null;
  if (programs.length === 1) return <span className="program-name">{programs[0]?.program_name}</span>;
  return (
    <div className="program-switcher">
      <label htmlFor={id}>Program</label>
      <select
        id={id}
        value={programId ?? ""}
        onChange={(event) => {
          rememberProgram(event.target.value);
          navigate(switchedPath(pathname, event.target.value));
        }}
      >
        {programs.map((p) => (
          <option key={p.program_id} value={p.program_id}>
            {p.program_name}
          </option>
        ))}
      </select>
    </div>
  );
}
