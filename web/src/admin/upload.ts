/**
 * A CSV upload with progress. The imports answer in the same request (validated and written in one transaction),
 * so the progress a person can watch is the upload's: XMLHttpRequest reports it, fetch does not (a streamed request
 * body needs HTTP/2). The answer is typed by the caller from the generated schema, like the client's.
 */
import { CSRF_HEADER, csrfToken } from "../api/client";
import { ApiError, type ProblemBody } from "../api/query";

export interface UploadProgress {
  loaded: number;
  total: number;
  /** Sent in full: the server is validating and writing. */
  done: boolean;
}

export function uploadCsv<T>(
  url: string,
  file: Blob,
  onProgress: (progress: UploadProgress) => void,
  headers: Record<string, string> = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.withCredentials = true;
    request.setRequestHeader("Content-Type", "text/csv");
    request.setRequestHeader("Accept", "application/json, application/problem+json");
    const token = csrfToken();
    if (token !== null) request.setRequestHeader(CSRF_HEADER, token);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      const total = event.lengthComputable ? event.total : file.size;
      onProgress({ loaded: event.loaded, total, done: false });
    };
    request.upload.onload = () => onProgress({ loaded: file.size, total: file.size, done: true });
    request.onerror = () => reject(new TypeError("The server cannot be reached."));
    request.onload = () => {
      let body: unknown = null;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) resolve(body as T);
      else reject(new ApiError(request.status, (body ?? {}) as ProblemBody));
    };
    request.send(file);
  });
}
