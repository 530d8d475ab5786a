"""A staff upload fills and creates an athlete's sessions: only a role that assigns sessions of the file's category
may do it (docs/security.md, "Staff roles"); the athlete always may, for themselves."""

from __future__ import annotations

from tests.support.api import Api, answer
from tests.support.uploads import athlete_path, count_rows, days_ago, run_fit, upload


def test_a_staff_upload_needs_a_role_that_assigns_its_category(api: Api) -> None:
    recording = run_fit(days_ago(3, 7))
    before = count_rows(api)
    for actor in ("AT", "PA", "SC"):
        refused = upload(api, actor, athlete_path(api, "a1"), recording)
        assert (answer(refused), refused.json()["capability"]) == ((403, "role_required"), "assign_run"), actor
    assert count_rows(api) == before
    assert upload(api, "AC", athlete_path(api, "a1"), recording).status_code == 201
    assert upload(api, "A1", athlete_path(api, "a1"), run_fit(days_ago(4, 7))).status_code == 201
