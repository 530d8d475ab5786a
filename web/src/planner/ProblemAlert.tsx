import { problemMessage } from "../api/query";

/** A failed request in words: the API's problem detail (and each field's message), announced at once. */
export function ProblemAlert({ error, action }: { error: unknown; action?: string }) {
  if (error === null || error === undefined) return null;
  return (
    <p role="alert" className="error">
      {action ? `${action}: ` : ""}
      {problemMessage(error)}
    </p>
  );
}
