import { Link } from "react-router";

import { useTitle } from "../lib/title";

export function NotFound() {
  useTitle("Not found");
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>
        There is nothing at this address, or it is not yours to see. <Link to="/">Go to the start page</Link>.
      </p>
    </section>
  );
}
