/** The rows a CSV import refused, from its 422 problem, in the order a person fixes a spreadsheet. */
import { ApiError } from "../api/query";

export interface RowError {
  row: number | null;
  column: string | null;
  detail: string;
}

interface ProblemItem {
  row?: number;
  column?: string;
  pointer?: string;
  detail?: string;
}

/** Every row error of an import's problem, sorted by row then column; rows without a number (the header) first. */
export function rowErrors(error: unknown): RowError[] {
  if (!(error instanceof ApiError)) return [];
  const items = (error.problem.errors ?? []) as ProblemItem[];
  return items
    .map((item) => ({
      row: typeof item.row === "number" ? item.row : null,
      column: item.column ?? (item.pointer ? item.pointer.replace(/^#\//, "") : null),
      detail: item.detail ?? "",
    }))
    .sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? "").localeCompare(b.column ?? ""));
}

/** How many bad rows there were in all: the problem's error_count when the list was cut short. */
export function errorCount(error: unknown): number {
  if (!(error instanceof ApiError)) return 0;
  const stated = (error.problem as { error_count?: unknown }).error_count;
  return typeof stated === "number" ? stated : (error.problem.errors ?? []).length;
}

/** "3 problems in 2 rows: nothing was imported. Fix them and check the file again." */
export function errorSummary(errors: RowError[], total: number): string {
  const rows = new Set(errors.map((e) => e.row)).size;
  const problems = total === 1 ? "1 problem" : `${total} problems`;
  const inRows = rows === 1 ? "1 row" : `${rows} rows`;
  const shown = total > errors.length ? ` (the first ${errors.length} are listed)` : "";
  return `${problems} in ${inRows}${shown}: nothing was imported. Fix them and check the file again.`;
}

/** One line per error, for a screen reader or a copy into an email: "Row 4, event_group: no such group". */
export function describeRowError(error: RowError): string {
  const where = [error.row === null ? "File" : `Row ${error.row}`, error.column].filter(Boolean).join(", ");
  return `${where}: ${error.detail}`;
}
