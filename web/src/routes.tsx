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
      // pwa (issue 16): the outbox's list — writes not yet on the server, conflicts to resolve.
      { path: "sync", lazy: async () => ({ Component: (await import("./offline/SyncScreen")).SyncScreen }) },
      // Athlete screens (issue 16, part "athlete"): Today, logging, upload, My training.
      { path: "today", lazy: async () => ({ Component: (await import("./screens/today/Today")).Today }) },
      { path: "today/log/:sessionId", lazy: async () => ({ Component: (await import("./screens/today/LogSession")).LogSession }) },
      { path: "today/other", lazy: async () => ({ Component: (await import("./screens/today/LogOther")).LogOther }) },
      { path: "today/upload", lazy: async () => ({ Component: (await import("./screens/today/UploadFile")).UploadFile }) },
      { path: "my-training", lazy: async () => ({ Component: (await import("./screens/MyTraining")).MyTraining }) },
      // gym (issue 16): the athlete's set-by-set gym log, the S&C coach's prescribed vs done, the wellness check-in.
      {
        path: "today/gym/:sessionId",
        lazy: async () => ({ Component: (await import("./screens/gym/GymSession")).GymSession }),
      },
      {
        path: "programs/:programId/practices/:practiceId/gym",
        lazy: async () => ({ Component: (await import("./screens/gym/PracticeGym")).PracticeGym }),
      },
      {
        path: "check-in",
        lazy: async () => ({ Component: (await import("./screens/wellness/CheckIn")).CheckIn }),
      },
      { path: "*", element: <NotFound /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
