import { createBrowserRouter } from "react-router";

import { Shell } from "./components/Shell";
import { Home } from "./screens/Home";

// One entry per screen; screens load on first use (React.lazy through `lazy`), so the first load stays small.
export const router = createBrowserRouter([
  {
    path: "/",
    element: <Shell />,
    children: [{ index: true, element: <Home /> }],
  },
]);
