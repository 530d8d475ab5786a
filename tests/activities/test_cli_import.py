"""`trainingops import activity`: in-process through the real command, as a named user, against a test database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.support.api import Api
from tests.support.uploads import days_ago, run_fit
from trainingops.cli import main as cli
from trainingops.config import get_settings


@pytest.fixture
def importer(api: Api) -> Iterator[Any]:
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", api.target.admin_url)
    get_settings.cache_clear()

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli.app, ["import", "activity", *args])

    yield run
    patch.undo()
    get_settings.cache_clear()


def email(api: Api, actor: str) -> str:
    with api.admin() as conn:
        row = conn.execute("select email from users where id = %s", [api.world.users[actor]]).fetchone()
    assert row is not None
    return str(row[0])


def test_the_cli_imports_files_as_the_named_user_with_one_line_per_file(
    api: Api, importer: Any, tmp_path: Path
) -> None:
    run = tmp_path / "morning.fit"
    run.write_bytes(run_fit(days_ago(18, 14), moving_s=1800))
    bad = tmp_path / "broken.fit"
    bad.write_bytes(run.read_bytes()[:500])
    a1 = str(api.world.ids["a1"])
    result = importer(str(run), str(bad), "--athlete", a1, "--as", email(api, "A1"))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("created") and "morning.fit" in line and "5.76 km, 30:00" in line for line in lines)
    assert any(line.startswith("error") and "broken.fit" in line and "activity_file_corrupt" in line for line in lines)
    assert "1 of 2 file(s) imported, 1 failed." in result.output

    again = importer(str(run), "--athlete", a1, "--as", email(api, "C1"))
    assert again.exit_code == 0, again.output
    assert "unchanged" in again.output and "already imported" in again.output
    with api.admin() as conn:
        sessions = conn.execute(
            "select s.source from activity_files f join athlete_training_sessions s on s.id = any (f.session_ids)"
        ).fetchall()
    assert sessions == [("self_assigned",)]

    hidden = importer(str(run), "--athlete", str(api.world.ids["b1"]), "--as", email(api, "C1"))
    assert hidden.exit_code == 1 and "athlete_not_found" in hidden.output
    nobody = importer(str(run), "--athlete", a1, "--as", "nobody@example.org")
    assert nobody.exit_code == 1 and "no user with email" in nobody.output
