import { NavLink, Navigate, Route, Routes } from "react-router";

import { SUB_PAGES } from "../admin/pages";
import { AdminContext, type AdminScope } from "../admin/scope";
import { useProgram } from "../admin/api";
import { ErrorMessage, LoadingRows } from "../admin/ui";
import { useMe } from "../auth/session";
import { useTitle } from "../lib/title";
import { useProgramIdParam } from "../programs/current";

/** Program administration: settings, staff, seasons, event groups, roster, athletes, imports, load, feeds. */
export function Admin() {
  useTitle("Program administration");
  const programId = useProgramIdParam();
  const program = useProgram(programId);
  const me = useMe().data;
  const membership = me?.staff.find((m) => m.program_id === programId && m.active) ?? null;

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Program administration</h1>
      <nav aria-label="Administration" className="sub-nav">
        <ul>
          {SUB_PAGES.map((page) => (
            <li key={page.path}>
              <NavLink to={`/programs/${programId}/admin/${page.path}`}>{page.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {program.isPending && <LoadingRows label="the program" />}
      <ErrorMessage error={program.error} />
      {program.data && me && (
        <AdminContext.Provider
          value={
            {
              program: program.data,
              role: membership?.role ?? null,
              memberId: membership?.member_id ?? null,
              me,
            } satisfies AdminScope
          }
        >
          <Routes>
            <Route index element={<Navigate to="settings" replace />} />
            {SUB_PAGES.map((page) => (
              <Route key={page.path} path={page.path} element={<page.Component />} />
            ))}
            <Route path="*" element={<p>There is no such administration page.</p>} />
          </Routes>
        </AdminContext.Provider>
      )}
    </section>
  );
}
