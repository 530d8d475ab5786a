import { useEffect, useRef } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";

import { RequireSignIn } from "../auth/RequireSignIn";
import { AthleteNavigation } from "./AthleteNavigation";
import { type Me, staffPrograms, useMe } from "../auth/session";
import { OfflineBanner, SyncStatus } from "../offline/SyncStatus";
import { currentProgramId, rememberProgram } from "../programs/current";
import { mayTime } from "../stopwatch/roles";
import { NotificationsNavLink } from "./NotificationsNavLink";
import { ProgramSwitcher } from "./ProgramSwitcher";
import { SignOutButton } from "./SignOutButton";

function Navigation({ me, programId }: { me: Me; programId: string | null }) {
  const athleteId = me.athlete?.id;
  // An athlete with no staff role gets the phone app's navigation (issue 16).
  if (programId === null && athleteId !== undefined) return <AthleteNavigation />;
  return (
    <nav aria-label="Main">
      <ul className="nav-list">
        {programId !== null && (
          <>
            <li>
              <NavLink to={`/programs/${programId}/team-ops`}>Team Ops</NavLink>
            </li>
            <li>
              <NavLink to={`/programs/${programId}/planner`}>Planner</NavLink>
            </li>
            <li>
              <NavLink to={`/programs/${programId}/admin`}>Administration</NavLink>
            </li>
            {mayTime(me, programId) && (
              <li>
                <NavLink to={`/programs/${programId}/stopwatch`}>Stopwatch</NavLink>
              </li>
            )}
          </>
        )}
        {athleteId !== undefined && (
          <li>
            <NavLink to={`/athletes/${athleteId}`}>My training</NavLink>
          </li>
        )}
        <li>
          <NotificationsNavLink />
        </li>
      </ul>
    </nav>
  );
}

/** Moves focus to the new screen after a client-side navigation, as a page load would for a screen reader. */
function useFocusOnNavigate() {
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  return main;
}

function SignedInFrame({ me }: { me: Me }) {
  const { pathname } = useLocation();
  const fromAddress = /^\/programs\/([^/]+)/.exec(pathname)?.[1];
  const programId = staffPrograms(me).length > 0 ? currentProgramId(me, fromAddress) : null;
  const main = useFocusOnNavigate();
  useEffect(() => {
    if (fromAddress !== undefined) rememberProgram(fromAddress);
  }, [fromAddress]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          TrainingOps
        </Link>
        <Navigation me={me} programId={programId} />
        <div className="header-end">
          <SyncStatus />
          <ProgramSwitcher me={me} programId={programId} />
          <span className="user-name">{me.user.name}</span>
          <SignOutButton />
        </div>
      </header>
      <OfflineBanner />
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </>
  );
}

/** The frame of every signed-in screen: a skip link, navigation, the program switcher, sign-out, and the screen. */
export function Shell() {
  return (
    <RequireSignIn>
      <SignedInShell />
    </RequireSignIn>
  );
}

function SignedInShell() {
  const me = useMe();
  return me.data ? <SignedInFrame me={me.data} /> : null;
}
