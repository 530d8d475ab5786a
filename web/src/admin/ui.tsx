/** Small pieces every administration page uses: a labelled field, the read-only note, errors, a live status line. */
import { type ReactNode, useId } from "react";

import { problemMessage } from "../api/query";
import { isConflict } from "./api";

export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (props: { id: string; "aria-describedby": string | undefined }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": hint ? hintId : undefined })}
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** Why the controls below are disabled or missing. */
export function ReadOnlyNote({ children }: { children: ReactNode }) {
  return (
    <p className="read-only-note" role="note">
      {children}
    </p>
  );
}

/** The API's sentence; for a 412, that someone else changed it first and the page now shows their change. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const text = isConflict(error)
    ? "Someone else changed this since the page loaded it. The page now shows their change: check it and make yours again."
    : problemMessage(error);
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}

/** A polite live region: what just happened ("Moved Maya Okafor to Sprints."). */
export function StatusLine({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="status-line">
      {children}
    </p>
  );
}

/** The layout of a table while it loads, not a spinner over a blank page. */
export function LoadingRows({ label }: { label: string }) {
  return (
    <p role="status" className="hint" aria-busy="true">
      Loading {label}…
    </p>
  );
}

/** What the last change in a table did, or why it failed. */
export function ChangeFeedback({ error, done }: { error: unknown; done: string | null }) {
  return (
    <>
      <ErrorMessage error={error} />
      {done && <StatusLine>{done}</StatusLine>}
    </>
  );
}

export type Column = string | { label: string; numeric: true };

/** A table of the page's rows, scrolling sideways on a narrow screen; the caption names it for screen readers. */
export function AdminTable(props: { caption: string; showCaption?: boolean; columns: Column[]; children: ReactNode }) {
  const { caption, showCaption = false, columns, children } = props;
  return (
    <div className="table-scroll">
      <table>
        <caption className={showCaption ? undefined : "visually-hidden"}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === "string" ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.label} scope="col" className="number">
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
