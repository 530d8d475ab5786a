"""`trainingops export features`: one row per athlete-day with every metric, as the named user (RLS applies),
readable as-is by pandas and polars, with the same numbers as the API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from typer.testing import CliRunner

from tests.support.demo import HEAD_COACH, Demo
from trainingops.cli import main as cli
from trainingops.config import get_settings
from trainingops.load.models import DailySeries, LoadMetrics

METRICS = [*DailySeries.__dataclass_fields__, *LoadMetrics.__dataclass_fields__]


@pytest.fixture(scope="module")
def exporter(demo: Demo) -> Iterator[Any]:
    """Runs the CLI in-process against the demo database."""
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", demo.target.admin_url)
    get_settings.cache_clear()

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli.app, ["export", "features", *args])

    yield run
    patch.undo()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def season(demo: Demo) -> tuple[str, date, int]:
    """Northfield's current season, the program's today and the number of athletes on its roster."""
    with demo.admin() as conn:
        season_id, n = conn.execute(
            "select ts.id, count(distinct r.athlete_id) from team_seasons ts join programs p on p.id = ts.program_id "
            "join roster_entries r on r.team_season_id = ts.id and r.status <> 'inactive' "
            "where p.name ilike 'northfield%%' and ts.end_date > now() group by ts.id"
        ).fetchone()  # type: ignore[misc]
    today = date.fromisoformat(demo.get(f"/api/v1/team-seasons/{season_id}/load")["today"])
    return str(season_id), today, int(n)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_the_export_has_one_row_per_athlete_day_and_reads_in_pandas_and_polars(
    demo: Demo, exporter: Any, season: tuple[str, date, int], tmp_path: Path, fmt: str
) -> None:
    season_id, today, athletes = season
    first, last = today - timedelta(30), today - timedelta(1)
    out = tmp_path / f"features.{fmt}"
    result = exporter(
        "--team-season",
        season_id,
        "--from",
        str(first),
        "--to",
        str(last),
        "--format",
        fmt,
        "--output",
        str(out),
        "--as",
        HEAD_COACH,
    )
    assert result.exit_code == 0, result.output
    assert f"{athletes * 30} rows ({athletes} athletes × 30 days" in result.output
    frame = pd.read_parquet(out) if fmt == "parquet" else pd.read_csv(out, parse_dates=["date"])
    polars = pl.read_parquet(out) if fmt == "parquet" else pl.read_csv(out, try_parse_dates=True)
    for table in (frame, polars):
        # athlete_id, date, has_history, the metrics, readiness score and sufficiency, the two wellness columns
        assert table.shape == (athletes * 30, 2 + 1 + len(METRICS) + 2 + 2)
        assert set(METRICS) <= set(table.columns)
    assert polars["date"].dtype == pl.Date
    assert frame.groupby("athlete_id").size().eq(30).all()
    assert pd.Timestamp(frame["date"].min()).date() == first and pd.Timestamp(frame["date"].max()).date() == last

    # The same numbers as the API's athlete view on those (past, so not projected) days.
    athlete_id = frame["athlete_id"].iloc[0]
    api = demo.get(f"/api/v1/athletes/{athlete_id}/load?from={first}&to={last}")["days"]
    mine = frame[frame["athlete_id"] == athlete_id].sort_values("date")
    for name in ("load", "acwr_ewma", "ctl", "tsb", "monotony", "trimp_banister"):
        expected = [float("nan") if d[name] is None else d[name] for d in api]
        assert mine[name].to_numpy() == pytest.approx(expected, rel=1e-12, nan_ok=True), name
    assert (mine["sessions"].to_numpy() == [d["sessions"] for d in api]).all()


def test_the_export_is_what_the_named_user_may_see(
    demo: Demo, exporter: Any, season: tuple[str, date, int], tmp_path: Path
) -> None:
    season_id, today, _ = season
    with demo.admin() as conn:
        (email,) = conn.execute(
            "select u.email from users u join athletes a on a.user_id = u.id "
            "join roster_entries r on r.athlete_id = a.id where r.team_season_id = %s limit 1",
            [season_id],
        ).fetchone()  # type: ignore[misc]
    out = tmp_path / "mine.parquet"
    result = exporter(
        "--team-season", season_id, "--to", str(today - timedelta(1)), "--output", str(out), "--as", email
    )
    assert result.exit_code == 0, result.output
    assert pl.read_parquet(out)["athlete_id"].n_unique() == 1  # an athlete sees only their own roster entry


def test_an_unknown_email_or_a_hidden_season_is_a_clear_error(
    exporter: Any, season: tuple[str, date, int], tmp_path: Path
) -> None:
    season_id = season[0]
    out = tmp_path / "x.parquet"
    unknown = exporter("--team-season", season_id, "--output", str(out), "--as", "nobody@example.org")
    assert unknown.exit_code == 1 and "no user with email 'nobody@example.org'" in unknown.output
    other = exporter("--team-season", season_id, "--output", str(out), "--as", "riley.chen@lakeside.edu")
    assert other.exit_code == 1 and "No team season with this id exists, or you may not see it." in other.output
    assert not out.exists()
    bad = exporter("--team-season", season_id, "--output", str(out), "--as", HEAD_COACH, "--format", "xlsx")
    assert bad.exit_code == 2
