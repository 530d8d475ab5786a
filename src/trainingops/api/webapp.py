"""The web app's files: the production build of ``web/`` (``./run setup`` writes it into ``trainingops/webapp/dist``,
git-ignored), served at ``/``.

- Hashed assets (``/assets/index-3f2a….js``) never change under their name: cached for a year, ``immutable``.
- The PWA's files at the root (issue 16, docs/offline.md): ``/manifest.webmanifest`` as
  ``application/manifest+json``; the service worker ``/sw.js`` and its ``/workbox-….js`` never cached by HTTP
  (``no-cache``: the browser checks them at each navigation, so a new build's worker is found at once).
- Every other path that is not the API's (``/team``, ``/athletes/…``) is a client route: ``index.html``, never
  cached, so a new build is picked up at the next navigation.
- A strict Content-Security-Policy with no inline script or style, and the usual security headers, on every
  response of the web app (the API's JSON answers are not documents and need none; /docs keeps its own page).
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Match, Route
from starlette.types import Scope

WEB_DIST = Path(__file__).resolve().parents[1] / "webapp" / "dist"
# Paths the web app never answers: the API, its documents, health, calendar feeds.
NOT_THE_APP = ("api/", "docs", "redoc", "openapi.json", "healthz", "readyz", "metrics", "calendar/")
IMMUTABLE = "public, max-age=31536000, immutable"
# No inline script or style anywhere (React sets styles through the DOM, which CSP allows); the app talks only
# to its own origin; nobody frames it.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
# Types Python's mimetypes does not know for sure (it answers text/plain or nothing for a manifest).
MEDIA_TYPES = {".webmanifest": "application/manifest+json", ".js": "text/javascript"}
NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TrainingOps</title></head>
<body><h1>The web app is not built</h1><p>Run <code>./run setup</code> (it builds <code>web/</code> with the Node
that comes with the Python environment), then reload. The API is at <a href="/docs">/docs</a>.</p></body></html>"""


def _secured(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


async def serve(request: Request) -> Response:
    """A built file, else the app's index.html for a client route; the API's 404 for what belongs to the API."""
    path = request.path_params["path"]
    root = WEB_DIST.resolve()
    index = root / "index.html"
    if not index.is_file():
        return _secured(HTMLResponse(NOT_BUILT, status_code=503))
    candidate = (root / path).resolve()
    if path and candidate.is_file() and root in candidate.parents:
        cache = IMMUTABLE if path.startswith("assets/") else "no-cache"
        headers = {"Cache-Control": cache}
        if path == "sw.js":
            headers["Service-Worker-Allowed"] = "/"
        media_type = MEDIA_TYPES.get(candidate.suffix)
        return _secured(FileResponse(candidate, headers=headers, media_type=media_type))
    return _secured(FileResponse(index, headers={"Cache-Control": "no-cache"}))


class AppRoute(Route):
    """Matches every path but the API's (those go on to the API's routes, or to its problem+json 404)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and scope["path"].lstrip("/").startswith(NOT_THE_APP):
            return Match.NONE, {}
        return super().matches(scope)


# A plain route (not an API route: no OpenAPI entry, not in the access matrix), added after every API router so
# it only answers what they do not.
ROUTE = AppRoute("/{path:path}", serve, methods=["GET", "HEAD"])
