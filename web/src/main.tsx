import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";

import { isUnauthorized } from "./api/query";
import { ME_KEY } from "./auth/session";
import { connectOutbox } from "./offline/outbox";
import { router } from "./routes";
import "./styles.css";

const queryClient: QueryClient = new QueryClient({
  // A 401 anywhere means the session ended (expired, signed out elsewhere): ask who is signed in again, which
  // sends the screen to sign-in and back here afterwards.
  queryCache: new QueryCache({
    onError: (error) => {
      if (isUnauthorized(error)) void queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (failures, error) => !isUnauthorized(error) && failures < 1,
      // Queries run with no network too: the service worker answers from its copy (docs/offline.md).
      networkMode: "offlineFirst",
      refetchOnWindowFocus: true,
    },
  },
});

connectOutbox(queryClient);

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
