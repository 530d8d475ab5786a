"""The browser's session: the token in an HttpOnly cookie, and the CSRF defence for requests that carry it.

``trainingops_session`` holds the same JWT the sign-in returns (HttpOnly: page scripts cannot read it; SameSite=Lax:
browsers leave it off cross-site subrequests and POSTs; Secure behind https). ``trainingops_csrf`` is a random
value scripts of our own pages can read (not HttpOnly); an unsafe request (POST, PUT, PATCH, DELETE) authenticated
by the cookie must echo it in the ``X-CSRF-Token`` header. Another site can make a browser send our cookies, but
not set a custom header (that needs a CORS preflight this API never approves), nor read our cookie to copy it.
Requests with a bearer token need neither: a browser never attaches one by itself.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from trainingops.config import Settings
from trainingops.errors import DomainError

SESSION_COOKIE = "trainingops_session"
CSRF_COOKIE = "trainingops_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfFailed(DomainError):
    code = "csrf_failed"
    status = 403
    title = "Missing or wrong CSRF token"


def _secure(request: Request, settings: Settings) -> bool:
    return settings.cookie_secure or request.url.scheme == "https"


def set_session(response: Response, request: Request, settings: Settings, *, token: str, max_age: int) -> None:
    secure = _secure(request, settings)
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, path="/", secure=secure, httponly=True, samesite="lax")
    response.set_cookie(
        CSRF_COOKIE, secrets.token_urlsafe(32), max_age=max_age, path="/", secure=secure, httponly=False, samesite="lax"
    )


def clear_session(response: Response, request: Request, settings: Settings) -> None:
    secure = _secure(request, settings)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="lax")
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, httponly=False, samesite="lax")


def check_csrf(request: Request) -> None:
    """An unsafe request authenticated by the session cookie must send the CSRF cookie's value in the header."""
    if request.method in SAFE_METHODS:
        return
    expected = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if not expected or not sent:
        raise CsrfFailed(
            f"A change made with the session cookie needs the {CSRF_HEADER} header (the value of the "
            f"{CSRF_COOKIE} cookie)."
        )
    if not hmac.compare_digest(expected.encode(), sent.encode()):
        raise CsrfFailed(f"The {CSRF_HEADER} header does not match the {CSRF_COOKIE} cookie.")
