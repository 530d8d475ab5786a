import createClient, { type Middleware } from "openapi-fetch";

import type { paths } from "./schema";

export const CSRF_COOKIE = "trainingops_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The CSRF token the server set at sign-in (double-submit): read from its cookie, sent back in a header. */
export function csrfToken(cookies: string = document.cookie): string | null {
  for (const pair of cookies.split(";")) {
    const [name, ...value] = pair.trim().split("=");
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

const csrf: Middleware = {
  onRequest({ request }) {
    const token = csrfToken();
    if (UNSAFE.has(request.method) && token !== null) request.headers.set(CSRF_HEADER, token);
    return request;
  },
};

/** The typed client of the app's own API (types generated from its OpenAPI document: src/api/schema.d.ts). */
export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(csrf);
