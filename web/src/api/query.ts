/** Turning the typed client's `{ data, error, response }` into data or a thrown ApiError, for TanStack Query. */

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { pointer?: string; detail?: string }[];
}

/** An RFC 9457 problem answered by the API, with its HTTP status and stable code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: ProblemBody;

  constructor(status: number, problem: ProblemBody) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}.`);
    this.name = "ApiError";
    this.status = status;
    this.code = problem.code ?? "unknown";
    this.problem = problem;
  }
}

function asProblem(error: unknown): ProblemBody {
  return typeof error === "object" && error !== null ? (error as ProblemBody) : {};
}

/** The data of a successful answer, or an ApiError carrying the problem. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ApiError(response.status, asProblem(error));
  return data as T;
}

/** A sentence for the user: the problem's detail, and each field's message for validation failures. */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = (error.problem.errors ?? []).map((e) => e.detail).filter(Boolean);
    return fields.length > 0 ? `${error.message} ${fields.join(" ")}` : error.message;
  }
  if (error instanceof TypeError) return "The server cannot be reached. Check the connection and try again.";
  return error instanceof Error ? error.message : "Something went wrong.";
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
