"""Per-program load-model settings through the API: defaults, replace with If-Match, reset, and who may do what."""

from __future__ import annotations

from typing import Any

from tests.support.api import Api, answer


def path(api: Api, program: str = "p1") -> str:
    return f"/api/v1/programs/{api.world.ids[program]}/load-settings"


def test_a_program_starts_with_the_published_defaults(api: Api) -> None:
    got = api.request("C1", "GET", path(api))
    assert got.status_code == 200, got.text
    assert got.headers["etag"] == '"v0"'
    body = got.json()
    assert body["source"] == "default"
    assert {k: body[k] for k in ("acute_days", "chronic_days", "ctl_days", "atl_days", "smoothing")} == {
        "acute_days": 7,
        "chronic_days": 28,
        "ctl_days": 42.0,
        "atl_days": 7.0,
        "smoothing": "exponential",
    }
    assert body["history_days"] == 400 and body["defaults"]["ctl_days"] == 42.0


def test_staff_replace_and_reset_them_with_if_match(api: Api) -> None:
    settings = {"ctl_days": 60, "atl_days": 10, "smoothing": "reciprocal"}
    missing = api.request("C1", "PUT", path(api), json=settings)
    assert answer(missing) == (428, "precondition_required")
    stale = api.request("C1", "PUT", path(api), json=settings, headers={"If-Match": '"v3"'})
    assert answer(stale) == (412, "precondition_failed")
    put = api.request("C1", "PUT", path(api), json=settings, headers={"If-Match": '"v0"'})
    assert put.status_code == 200, put.text
    assert put.headers["etag"] == '"v1"'
    body = put.json()
    assert body["source"] == "program" and body["ctl_days"] == 60.0 and body["smoothing"] == "reciprocal"
    assert body["acute_days"] == 7  # left out: the default
    assert body["history_days"] == 570  # 9.5 × 60 days: the history read grows with the time constant
    assert body["updated_by"] == str(api.world.user("C1"))
    again = api.request("C1", "PUT", path(api), json={**settings, "ctl_days": 50}, headers={"If-Match": '"v1"'})
    assert again.headers["etag"] == '"v2"'
    athlete_view = api.request("A1", "GET", path(api)).json()
    assert athlete_view["ctl_days"] == 50.0  # the program's athletes read what their numbers use
    reset = api.request("C1", "DELETE", path(api), headers={"If-Match": '"v2"'})
    assert reset.status_code == 200 and reset.json()["source"] == "default"
    assert api.request("C1", "GET", path(api)).headers["etag"] == '"v0"'


def test_bad_settings_get_a_sentence_and_change_nothing(api: Api) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"acute_days": 14, "chronic_days": 14}, "The acute window must be shorter than the chronic window."),
        ({"ctl_days": 400}, "The fitness (CTL) time constant must be between 14 and 90 days."),
        ({"atl_days": 1}, "The fatigue (ATL) time constant must be between 2 and 21 days."),
    ]
    for settings, sentence in cases:
        refused = api.request("C1", "PUT", path(api), json=settings, headers={"If-Match": '"v0"'})
        assert answer(refused) == (422, "rule_violated"), refused.text
        assert refused.json()["detail"] == sentence
    unknown = api.request("C1", "PUT", path(api), json={"smoothing": "linear"}, headers={"If-Match": '"v0"'})
    assert answer(unknown) == (422, "validation_failed")
    assert api.request("C1", "GET", path(api)).json()["source"] == "default"


def test_only_the_programs_staff_change_them_and_outsiders_see_nothing(api: Api) -> None:
    body = {"ctl_days": 50}
    athlete = api.request("A1", "PUT", path(api), json=body, headers={"If-Match": '"v0"'})
    assert answer(athlete) == (403, "staff_only"), athlete.text
    hidden = [api.request(actor, "GET", path(api)) for actor in ("C2", "B1", "U")]
    assert {answer(r) for r in hidden} == {(404, "not_found")}
    assert len({r.content for r in hidden}) == 1  # the same answer for everyone who may not see it
    other = api.request("C2", "PUT", path(api), json=body, headers={"If-Match": '"v0"'})
    assert answer(other) == (404, "not_found")
    assert api.request("C1", "PUT", path(api), json=body, headers={"If-Match": '"v0"'}).status_code == 200
    assert answer(api.request("A1", "DELETE", path(api), headers={"If-Match": '"v1"'})) == (403, "staff_only")
    assert api.request("C1", "GET", path(api)).json()["ctl_days"] == 50.0
