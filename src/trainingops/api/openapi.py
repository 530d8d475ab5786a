"""The OpenAPI document's shared parts: the one ``Problem`` schema every error response refers to, the helper
routers declare their error responses with, and the pass that finishes the generated document.

Routers pass JSON built by PostgreSQL straight through (``trainingops.api.http.json_response``); FastAPI then never
sees the body, so each route declares its shape (``response_model=``) for the document only. The contract test
(tests/api/test_openapi_contract.py) checks real responses of every operation against what is declared here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field, with_config
from typing_extensions import TypedDict

PROBLEM_MEDIA_TYPE = "application/problem+json"
COMPONENTS = "#/components/schemas/"


@with_config(ConfigDict(extra="allow"))
class ProblemItem(TypedDict, total=False):
    """One offending field or CSV row of a problem; which members it has depends on what was wrong."""

    pointer: Annotated[
        str, Field(description="JSON Pointer (RFC 6901) into the body (`#/athlete_ids/0`), or `query:name`.")
    ]
    detail: Annotated[str, Field(description="What is wrong, in words.")]
    row: Annotated[int, Field(description="CSV imports: the row (the header is row 1).")]
    column: Annotated[str, Field(description="CSV imports: the column.")]


class Problem(BaseModel):
    """An error, as RFC 9457 problem details. ``code`` is stable: clients switch on it; ``detail`` is for people.
    Problems may carry more members (``constraint``, ``current_etag``, ``request_id``, ...)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "urn:trainingops:problem:session_not_found",
                    "title": "Session not found",
                    "status": 404,
                    "detail": "No session with this id exists, or you may not see it.",
                    "code": "session_not_found",
                },
                {
                    "type": "urn:trainingops:problem:validation_failed",
                    "title": "Invalid request",
                    "status": 422,
                    "detail": "#/actual_rpe: Input should be less than or equal to 10",
                    "code": "validation_failed",
                    "errors": [{"pointer": "#/actual_rpe", "detail": "Input should be less than or equal to 10"}],
                },
            ]
        },
    )

    type: str = Field(description="`urn:trainingops:problem:<code>`.")
    title: str = Field(description="Short and constant per code.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="This occurrence, in words.")
    code: str = Field(description="Stable snake_case code (docs/api.md, Errors).")
    errors: list[ProblemItem] = Field(
        default_factory=list, description="Validation and import problems: one entry per field or row."
    )


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def absent(description: str) -> Any:
    """A response member that is sometimes left out, never null: optional in the document, without a default."""
    return Field(default=None, description=description, json_schema_extra=_no_default)


# What each status means across the API; a route that can say more (which codes) gives its own note.
STATUS_NOTES: dict[int | str, str] = {
    400: "malformed_json: the body is not JSON, or nests deeper than 32 levels",
    401: "unauthenticated: no, malformed, expired or wrongly signed bearer token",
    403: "The action belongs to another role (staff_only, athlete_only, not_permitted, ...)",
    404: "not_found (or a specific *_not_found): missing, or not yours to see — the same answer",
    409: "The current state does not allow it (already_exists, in_use, concurrent_change, ...)",
    412: "precondition_failed: If-Match names a version that is no longer current; GET it again",
    413: "payload_too_large: the body is over the size cap",
    422: "validation_failed (a JSON Pointer per field), invalid_input or rule_violated",
    428: "precondition_required: send If-Match with the ETag you read",
    "5XX": "internal_error (500; quote the X-Request-ID), or 503: statement_timeout, database_unavailable, database_busy",
}


def errors(*statuses: int | str, notes: Mapping[int | str, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """Error responses for ``responses=``: each status in the one Problem shape, described by the route's own
    note when it gives one, else by ``STATUS_NOTES``."""
    notes = notes or {}
    return {
        status: {
            "description": notes.get(status, STATUS_NOTES.get(status, "An error")),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": COMPONENTS + "Problem"}}},
        }
        for status in (*statuses, *(s for s in notes if s not in statuses))
    }


ETAG_HEADER = {"ETag": {"description": "Send it back as If-Match to change or delete", "schema": {"type": "string"}}}

# What every authenticated route can answer (routers add what their writes can); every route that reads the
# database can also fail on our side (5XX).
READ_ERRORS = errors(401, 404, 422, "5XX")


def _is_error(status: str) -> bool:
    return status[:1] in ("4", "5") or status == "default"


def _referenced(document: Any) -> set[str]:
    found: set[str] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(COMPONENTS):
                found.add(ref.removeprefix(COMPONENTS))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def finish(document: dict[str, Any], *, models: Iterable[type[BaseModel]] = ()) -> dict[str, Any]:
    """Publish ``Problem`` (and ``models``: request bodies validated by hand, per caller), make every 4xx/5xx
    response of every operation a Problem, and drop the framework's unused validation-error schemas."""
    components = document.setdefault("components", {}).setdefault("schemas", {})
    published: list[type[BaseModel]] = [Problem, *models]
    for model in published:
        definition = model.model_json_schema(ref_template=COMPONENTS + "{model}")
        components.update(definition.pop("$defs", {}))
        components[model.__name__] = definition
    problem_content = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": COMPONENTS + "Problem"}}}
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for status, response in operation.get("responses", {}).items():
                if _is_error(str(status)):
                    response["content"] = dict(problem_content)
    for name in ("HTTPValidationError", "ValidationError"):  # the second is referenced by the first only
        if name not in _referenced(document):
            components.pop(name, None)
    return document


def install(app: FastAPI, *, models: Iterable[type[BaseModel]] = ()) -> None:
    """Make ``app.openapi()`` return the finished document (built once, then cached like FastAPI's own)."""
    default_openapi: Callable[[], dict[str, Any]] = app.openapi
    extra = tuple(models)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        app.openapi_schema = finish(default_openapi(), models=extra)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
