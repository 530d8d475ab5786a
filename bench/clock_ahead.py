"""The test suite with the clock moved ahead: every fixture is dated from today, so the suite passes on any day.

Run: ``.venv/bin/python bench/clock_ahead.py [--days 365] [pytest arguments]`` (or ``./run bench clock_ahead``).
Not a benchmark: a tool run by hand, kept with the others because it is never part of the suite.

libfaketime (Debian/Ubuntu: ``apt-get install faketime``) is preloaded into pytest with ``FAKETIME=+<days>d``.
The tests start the embedded PostgreSQL server as child processes of pytest, and those inherit ``LD_PRELOAD`` and
``FAKETIME``, so the server's ``now()`` and ``current_date`` move with Python's ``date.today()``: the whole run
lives that many days ahead. Before the suite, a throwaway embedded server shows both clocks moved; the script stops
if either did not. With ``TRAININGOPS_TEST_DATABASE_URL`` set the server is not ours to move: refused.
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIBFAKETIME_GLOBS = (
    "/usr/lib/*/faketime/libfaketime.so.1",
    "/usr/lib/faketime/libfaketime.so.1",
    "/usr/local/lib/faketime/libfaketime.so.1",
)

# Run under the moved clock: the process's date, and the date of a fresh embedded server started from it.
BOTH_CLOCKS = """
import tempfile
from datetime import date
from pathlib import Path

import psycopg

from trainingops.db import embedded

data_dir = Path(tempfile.mkdtemp(prefix="trainingops-clock-"))
server = embedded.start(data_dir)
try:
    with psycopg.connect(server.url("postgres")) as conn:
        row = conn.execute("select current_date").fetchone()
    print(date.today().isoformat(), row[0].isoformat())
finally:
    embedded.stop(data_dir)
"""


def libfaketime() -> str:
    for pattern in LIBFAKETIME_GLOBS:
        for path in sorted(glob.glob(pattern)):
            return path
    sys.exit("libfaketime not found; on Debian/Ubuntu: apt-get install faketime")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="how far ahead to move the clock (default 365)")
    args, pytest_args = parser.parse_known_args()
    if os.environ.get("TRAININGOPS_TEST_DATABASE_URL"):
        sys.exit("TRAININGOPS_TEST_DATABASE_URL is set: an external server's clock cannot be moved from here")
    env = {**os.environ, "LD_PRELOAD": libfaketime(), "FAKETIME": f"+{args.days}d"}
    expected = (date.today() + timedelta(days=args.days)).isoformat()
    seen = subprocess.run(
        [sys.executable, "-c", BOTH_CLOCKS], env=env, cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.split()
    print(f"clock ahead by {args.days} days: Python's today {seen[0]}, PostgreSQL's current_date {seen[1]}", flush=True)
    if seen != [expected, expected]:
        sys.exit(f"the clocks did not both move to {expected}")
    os.chdir(REPO)
    os.execve(sys.executable, [sys.executable, "-m", "pytest", *pytest_args], env)


if __name__ == "__main__":
    main()
