"""The one error mapper: every failure leaves the API as RFC 9457 ``application/problem+json``.

Shape: ``{"type", "title", "status", "detail", "code", ...}``. ``code`` is stable and what clients
switch on; ``detail`` is a sentence for people. Validation errors add ``errors: [{"pointer", "detail"}]`` with a
JSON Pointer (RFC 6901) to each offending field of the body, or the name of the query/path parameter.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from trainingops.api.logs import loggable_path
from trainingops.errors import DomainError

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("trainingops.errors")

# Codes for plain HTTP errors raised by the framework (routing, methods, media types).
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    428: "precondition_required",
    429: "too_many_requests",
}


def problem(
    status: int,
    code: str,
    detail: str,
    *,
    title: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:trainingops:problem:{code}",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    # No "instance": a hidden row and a missing row must give byte-identical answers, and the path differs.
    # The request id (X-Request-ID header) identifies the occurrence instead.
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _pointer(location: Sequence[int | str]) -> str:
    source, *path = location or ("body",)
    if source == "body":
        escaped = [str(part).replace("~", "~0").replace("/", "~1") for part in path]
        return "#/" + "/".join(escaped) if escaped else "#"
    return f"{source}:{'.'.join(str(p) for p in path)}"


def _validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    errors = []
    for error in exc.errors():
        message = str(error.get("msg", "invalid value"))
        if error.get("type") == "extra_forbidden":
            message = "Unknown field; it is not accepted here."
        errors.append({"pointer": _pointer(error.get("loc", ())), "detail": message})
    return errors


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return problem(
            exc.status,
            exc.code,
            exc.detail,
            title=exc.title,
            headers=getattr(exc, "headers", None),
            **exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['pointer']}: {e['detail']}" for e in errors[:5])
        return problem(
            422,
            "validation_failed",
            detail,
            title="Invalid request",
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, RecursionError):
            # FastAPI's own body parsing (typed bodies) hit the JSON reader's recursion limit.
            return problem(
                400,
                "malformed_json",
                "The request body nests too deeply to be read.",
                title="The body is not valid JSON",
            )
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return problem(exc.status_code, code, detail, headers=exc.headers)

    @app.exception_handler(Exception)
    async def server_fault(request: Request, exc: Exception) -> JSONResponse:
        request_id = request.scope.get("state", {}).get("request_id")
        log.exception("unhandled error", extra={"request_id": request_id, "path": loggable_path(request.scope)})
        return problem(
            500,
            "internal_error",
            "Something went wrong on our side; it has been logged. Quote the request id when reporting it.",
            request_id=request_id,
        )
