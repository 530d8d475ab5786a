"""The 428 and 412 answers name the resource the ETag is of (issue 12 #5: workouts and load settings said
"session"). If-Match is read before anything else, so a refusal changes nothing and needs no existing row."""

from __future__ import annotations

import pytest

from tests.support.api import Api

ANY = "00000000-0000-4000-8000-00000000a0a0"  # any id: these requests stop at If-Match (and a fixed id keeps the test ids stable)
ROUTES = [
    ("A1", "PATCH", "/api/v1/sessions/{a1_self}", "session"),
    ("A1", "DELETE", "/api/v1/sessions/{a1_self}", "session"),
    ("C1", "PATCH", f"/api/v1/workouts/{ANY}", "workout"),
    ("C1", "DELETE", f"/api/v1/workouts/{ANY}", "workout"),
    ("C1", "PATCH", f"/api/v1/training-events/{ANY}", "training event"),
    ("C1", "PATCH", f"/api/v1/practice-sessions/{ANY}", "practice"),
    ("C1", "POST", f"/api/v1/practice-sessions/{ANY}/publish", "practice"),
    ("C1", "PATCH", f"/api/v1/practice-session-workouts/{ANY}", "practice workout"),
    ("C1", "PATCH", f"/api/v1/practice-assignments/{ANY}", "override"),
    ("C1", "PATCH", f"/api/v1/strength-maxes/{ANY}", "strength max"),
    ("C1", "PUT", "/api/v1/programs/{p1}/load-settings", "program's load settings"),
    ("C1", "DELETE", "/api/v1/programs/{p1}/load-settings", "program's load settings"),
]


def _call(api: Api, actor: str, method: str, path: str, **headers: str) -> dict[str, object]:
    names = {**api.world.ids, **api.world.sessions}
    body = {} if method in ("PATCH", "PUT") else None
    response = api.request(actor, method, path.format(**names), json=body, headers=headers)
    assert response.headers["content-type"] == "application/problem+json"
    return {"status": response.status_code, **response.json()}


@pytest.mark.parametrize(("actor", "method", "path", "noun"), ROUTES, ids=[f"{m} {p}" for _, m, p, _ in ROUTES])
def test_a_missing_if_match_is_428_naming_the_resource(
    api_ro: Api, actor: str, method: str, path: str, noun: str
) -> None:
    problem = _call(api_ro, actor, method, path)
    assert (problem["status"], problem["code"], problem["detail"]) == (
        428,
        "precondition_required",
        f"Send If-Match with the ETag from your last GET of this {noun}, so you cannot overwrite a change you have "
        "not seen.",
    )


@pytest.mark.parametrize(("actor", "method", "path", "noun"), ROUTES, ids=[f"{m} {p}" for _, m, p, _ in ROUTES])
def test_an_if_match_naming_no_version_is_412_naming_the_resource(
    api_ro: Api, actor: str, method: str, path: str, noun: str
) -> None:
    problem = _call(api_ro, actor, method, path, **{"If-Match": 'W/"abc"'})
    assert (problem["status"], problem["code"], problem["detail"]) == (
        412,
        "precondition_failed",
        f"If-Match does not name a version of this {noun}; GET it again.",
    )
