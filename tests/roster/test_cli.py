"""`trainingops import roster` (as a named user) and `trainingops roster add` (the operator's path for a transfer),
in-process through the real commands against a test database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.support.api import Api
from tests.support.factories import TODAY
from trainingops.cli import main as cli
from trainingops.config import get_settings


@pytest.fixture
def run(api: Api) -> Iterator[Any]:
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", api.target.admin_url)
    get_settings.cache_clear()
    yield lambda *args: CliRunner().invoke(cli.app, list(args))
    patch.undo()
    get_settings.cache_clear()


def _email(api: Api, actor: str) -> str:
    with api.admin() as conn:
        row = conn.execute("select email from users where id = %s", [api.world.users[actor]]).fetchone()
    assert row is not None
    return str(row[0])


def test_a_roster_imports_from_the_command_line_under_the_users_rules(api: Api, run: Any, tmp_path: Path) -> None:
    file = tmp_path / "roster.csv"
    file.write_text("name,email,event_group\nIda Berg,ida@school.example,Distance\nJon Ek,,\n")
    s1 = str(api.world.ids["s1"])
    refused = run("import", "roster", str(file), "--team-season", s1, "--as", _email(api, "AT"))
    assert refused.exit_code == 1 and "only its program admin, head coach and assistant coaches" in refused.output
    dry = run("import", "roster", str(file), "--team-season", s1, "--as", _email(api, "C1"), "--dry-run")
    assert dry.exit_code == 0 and "2 row(s): would add 2 roster entr(ies)" in dry.output, dry.output
    done = run("import", "roster", str(file), "--team-season", s1, "--as", _email(api, "C1"))
    assert done.exit_code == 0 and "athletes created 2, matched 0" in done.output, done.output
    bad = tmp_path / "bad.csv"
    bad.write_text("name,status\nIda Berg,gone\n")
    failed = run("import", "roster", str(bad), "--team-season", s1, "--as", _email(api, "C1"))
    assert failed.exit_code == 1 and "row 2: status" in failed.output


def test_an_operator_puts_another_programs_athlete_on_a_roster_for_a_transfer(api: Api, run: Any) -> None:
    b1, s1 = str(api.world.ids["b1"]), str(api.world.ids["s1"])
    day = str(TODAY + timedelta(days=1))
    added = run("roster", "add", "--athlete", b1, "--team-season", s1, "--joined-on", day)
    assert added.exit_code == 0 and added.output.startswith("roster entry "), added.output
    assert api.request("C1", "GET", f"/api/v1/athletes/{b1}").status_code == 200
    again = run("roster", "add", "--athlete", b1, "--team-season", s1)
    assert again.exit_code == 1 and "already on this season's roster" in again.output
    nowhere = run("roster", "add", "--athlete", b1, "--team-season", "00000000-0000-4000-8000-000000000000")
    assert nowhere.exit_code == 1 and "no team season" in nowhere.output
