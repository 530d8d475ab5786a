import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { problemMessage } from "../api/query";

/** Loading shows the layout's skeleton, an error the API's own words; otherwise the children get the data. */
export function QueryState<T>({
  query,
  skeleton,
  children,
}: {
  query: UseQueryResult<T>;
  skeleton?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <>{skeleton ?? <div className="skeleton" aria-busy="true" aria-label="Loading" />}</>;
  if (query.isError) {
    return (
      <p role="alert" className="error">
        {problemMessage(query.error)}
      </p>
    );
  }
  return <>{children(query.data)}</>;
}
