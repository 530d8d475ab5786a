import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";

import { problemMessage } from "../api/query";
import { useMe } from "./session";

/** Renders its children for a signed-in user; sends anyone else to the sign-in page, coming back here after. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <p role="status">Loading…</p>;
  if (me.isError) return <p role="alert">{problemMessage(me.error)}</p>;
  if (me.data === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
