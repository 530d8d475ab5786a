import { createBrowserRouter, type RouteObject } from "react-router";

import { Shell } from "./components/Shell";
import { Home } from "./screens/Home";
import { NotFound } from "./screens/NotFound";
import { SignIn } from "./screens/SignIn";

// Screens load on first use (a chunk each), so the first load carries only the frame, sign-in and home.
export const routes: RouteObject[] = [
  { path: "/sign-in", element: <SignIn /> },
  // The emailed link opens /accept-invitation?token=…; /invite is the short form.
  ...["/invite", "/accept-invitation"].map((path) => ({
    path,
    lazy: async () => ({ Component: (await import("./screens/AcceptInvitation")).AcceptInvitation }),
  })),
  {
    path: "/",
    element: <Shell />,
    children: [
      { index: true, element: <Home /> },
      {
        path: "programs/:programId/team-ops",
        lazy: async () => ({ Component: (await import("./screens/TeamOps")).TeamOps }),
      },
      {
        path: "programs/:programId/planner/*",
        lazy: async () => ({ Component: (await import("./screens/Planner")).Planner }),
      },
      {
        path: "programs/:programId/admin/*",
        lazy: async () => ({ Component: (await import("./screens/Admin")).Admin }),
      },
      {
        path: "athletes/:athleteId/*",
        lazy: async () => ({ Component: (await import("./screens/AthleteProfile")).AthleteProfile }),
      },
      {
        path: "sessions/:sessionId",
        lazy: async () => ({ Component: (await import("./screens/SessionPage")).SessionPage }),
      },
      // Issue 16, the coach's group stopwatch (stopwatch helper).
      {
        path: "programs/:programId/stopwatch",
        lazy: async () => ({ Component: (await import("./screens/Stopwatch")).Stopwatch }),
      },
      {
        path: "notifications",
        lazy: async () => ({ Component: (await import("./screens/Notifications")).Notifications }),
      },
      { path: "*", element: <NotFound /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
