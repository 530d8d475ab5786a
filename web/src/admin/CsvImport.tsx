import { type ReactNode, useId, useState } from "react";

import { problemMessage } from "../api/query";
import { errorCount, errorSummary, rowErrors } from "./csvErrors";
import { AdminTable } from "./ui";
import { type UploadProgress, uploadCsv } from "./upload";

type Phase = "idle" | "checking" | "checked" | "importing" | "imported" | "failed";

/**
 * One CSV import: choose a file, check it (a dry run: every row validated, nothing written), then import it. While
 * the file goes up a progress bar shows how much is sent; then the server validates and writes in one go. A refused
 * file lists every bad row with its column and the reason.
 */
export function CsvImport<Report>(props: {
  what: string;
  columns: ReactNode;
  url: (dryRun: boolean) => string | null;
  /** Send an Idempotency-Key per chosen file: the same file sent twice (a retry, a double click) imports once. */
  idempotent?: boolean;
  describe: (report: Report) => ReactNode;
  nothingToImport: (report: Report) => boolean;
  onImported: (report: Report) => void;
  disabledReason?: string | null;
}) {
  const { what, columns, url, idempotent, describe, nothingToImport, onImported, disabledReason } = props;
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [key, setKey] = useState("");
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (dryRun: boolean) => {
    const target = url(dryRun);
    if (file === null || target === null) return;
    setPhase(dryRun ? "checking" : "importing");
    setError(null);
    setProgress({ loaded: 0, total: file.size, done: false });
    try {
      const answer = await uploadCsv<Report>(
        target,
        file,
        setProgress,
        idempotent && !dryRun ? { "Idempotency-Key": key } : {},
      );
      setReport(answer);
      setPhase(dryRun ? "checked" : "imported");
      if (!dryRun) onImported(answer);
    } catch (caught) {
      setError(caught);
      setReport(null);
      setPhase("failed");
    } finally {
      setProgress(null);
    }
  };

  const busy = phase === "checking" || phase === "importing";
  const mayImport = phase === "checked" && report !== null && !nothingToImport(report);
  return (
    <div className="csv-import">
      <div className="field">
        <label htmlFor={inputId}>{what} CSV file</label>
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          disabled={busy || Boolean(disabledReason)}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setKey(typeof crypto.randomUUID === "function" ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);
            setPhase("idle");
            setReport(null);
            setError(null);
          }}
        />
        <span className="hint">{columns}</span>
      </div>
      {disabledReason && <p className="hint">{disabledReason}</p>}
      <div className="toolbar">
        <button
          type="button"
          disabled={file === null || busy || Boolean(disabledReason)}
          onClick={() => void run(true)}
        >
          Check {what.toLowerCase()} file
        </button>
        <button type="button" className="primary" disabled={!mayImport || busy} onClick={() => void run(false)}>
          Import {what.toLowerCase()}
        </button>
      </div>
      {progress && <ImportProgress progress={progress} what={what} checking={phase === "checking"} />}
      {phase === "failed" && <RowErrors error={error} />}
      {report !== null && (phase === "checked" || phase === "imported") && (
        <div className="panel" role="status">
          <h4>{phase === "checked" ? "The file is valid: nothing is written yet" : "Imported"}</h4>
          {describe(report)}
          {phase === "checked" && nothingToImport(report) && (
            <p>Everything in this file is already there: there is nothing to import.</p>
          )}
        </div>
      )}
    </div>
  );
}

function ImportProgress({ progress, what, checking }: { progress: UploadProgress; what: string; checking: boolean }) {
  const label = progress.done
    ? `${checking ? "Checking" : "Importing"} every row of the ${what.toLowerCase()} file…`
    : `Sending the ${what.toLowerCase()} file…`;
  const id = useId();
  return (
    <div className="field">
      <span id={id}>{label}</span>
      {progress.done ? (
        // Sent: the server now validates and writes in one transaction, with no progress to report until it answers.
        <progress aria-labelledby={id} />
      ) : (
        <progress aria-labelledby={id} max={Math.max(progress.total, 1)} value={progress.loaded} />
      )}
    </div>
  );
}

/** Every row the import refused (row, column, reason), or the problem's sentence when it is not about rows. */
export function RowErrors({ error }: { error: unknown }) {
  const errors = rowErrors(error);
  if (errors.length === 0) {
    return (
      <p role="alert" className="error">
        {problemMessage(error)}
      </p>
    );
  }
  return (
    <div className="import-errors">
      <p role="alert" className="error">
        {errorSummary(errors, errorCount(error))}
      </p>
      <AdminTable
        caption="Rows with problems"
        showCaption
        columns={[{ label: "Row", numeric: true }, "Column", "Problem"]}
      >
        {errors.map((e, index) => (
          <tr key={index}>
            <td className="number">{e.row ?? "—"}</td>
            <td>{e.column ?? "—"}</td>
            <td>{e.detail}</td>
          </tr>
        ))}
      </AdminTable>
    </div>
  );
}
