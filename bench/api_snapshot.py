"""Record the API's answers on the demo data, to prove a refactor changed none of them (issue 13).

    .venv/bin/python bench/api_snapshot.py record OUT.jsonl [--data-dir DIR]
    .venv/bin/python bench/api_snapshot.py compare BEFORE.jsonl AFTER.jsonl

`record` serves the app in-process against a database that already holds the demo (`./run demo --no-serve`;
the same data directory for both recordings, and the same day), and sends every read operation of the OpenAPI
document — plus the publish preview — as four demo users (a head coach, an S&C coach, an athlete, the other
program's coach), with each path parameter filled from the demo (every program, season, several athletes,
sessions, practices, workouts, files). Each answer is one line: request, status, content type, ETag, body.
`compare` prints the requests whose answers differ and exits 1 if any do.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
from fastapi.testclient import TestClient

from trainingops.app import create_app
from trainingops.auth.tokens import TokenService
from trainingops.config import Settings
from trainingops.db import target as db_target

USERS = ("maria.alvarez@northfield.edu", "strength", "athlete", "lakeside")
SECRET = "api-snapshot-" + "s" * 40
SKIP = {"/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect", "/calendar/{token}.ics"}


def _ids(conn: psycopg.Connection[Any]) -> dict[str, list[str]]:
    def column(query: str) -> list[str]:
        return [str(row[0]) for row in conn.execute(query).fetchall()]

    return {
        "program_id": column("select id from programs order by name"),
        "team_season_id": column("select id from team_seasons order by program_id, start_date"),
        "athlete_id": column("select id from athletes order by name limit 6"),
        "session_id": column(
            "(select id from athlete_training_sessions where completed_at is not null order by id limit 3) union all "
            "(select id from athlete_training_sessions where completed_at is null order by id limit 2) union all "
            "(select s.id from athlete_training_sessions s join activity_files f on s.id = any (f.session_ids) "
            "order by s.id limit 1)"
        ),
        "practice_id": column("select id from practice_sessions order by practice_date, id limit 3"),
        "event_id": column("select id from training_events order by name limit 2"),
        "workout_id": column("select id from workouts order by name limit 3"),
        "file_id": column("select id from activity_files order by id limit 2"),
    }


def _users(conn: psycopg.Connection[Any]) -> dict[str, str]:
    rows = {
        "maria.alvarez@northfield.edu": "select id from users where email = 'maria.alvarez@northfield.edu'",
        "strength": "select u.id from users u join program_members m on m.user_id = u.id "
        "where m.role = 'strength_coach' and m.is_active order by u.email limit 1",
        "athlete": "select u.id from users u join athletes a on a.user_id = u.id order by u.email limit 1",
        "lakeside": "select u.id from users u join program_members m on m.user_id = u.id join programs p "
        "on p.id = m.program_id where p.name like 'Lakeside%' and m.role = 'head_coach' limit 1",
    }
    found = {}
    for name, query in rows.items():
        row = conn.execute(query).fetchone()
        if row:
            found[name] = str(row[0])
    return found


def _queries(path: str) -> list[str]:
    today = date.today()
    if path.endswith("/load") or path.endswith("/readiness") or path.endswith("/training"):
        return ["", f"?from={today - timedelta(days=27)}&to={today}", f"?from={today - timedelta(days=200)}&to={today}"]
    if path == "/api/v1/sessions":
        return ["", "?status=missed&sort=-date", "?status=completed&limit=50", "?workout_category=gym"]
    if path.endswith("/training-summary"):
        return ["", f"?week_of={today - timedelta(days=7)}"]
    return [""]


def record(out: Path, data_dir: Path | None) -> None:
    settings = Settings(jwt_secret=SECRET, **({"data_dir": data_dir} if data_dir else {}))
    resolved = db_target.resolve(settings)
    with psycopg.connect(resolved.admin_url) as conn:
        ids, users = _ids(conn), _users(conn)
    tokens = TokenService.from_settings(settings)
    app = create_app(settings, target=resolved)
    operations = [(m.upper(), p) for p, ops in app.openapi()["paths"].items() for m in ops]
    lines = 0
    with TestClient(app) as client, out.open("w") as sink:
        for user, user_id in sorted(users.items()):
            headers = {"Authorization": f"Bearer {tokens.issue(user_id)}"}
            for method, path in operations:
                read = method == "GET" or path.endswith("/preview")
                if not read or path in SKIP:
                    continue
                params = [name.strip("{}") for name in path.split("/") if name.startswith("{")]
                fills = [{}] if not params else [{params[0]: value} for value in ids.get(params[0], [])]
                for fill in fills:
                    for query in _queries(path):
                        url = path.format(**fill) + query
                        response = client.request(method, url, headers={**headers, "If-Match": "*"})
                        body = (
                            response.text
                            if "json" in response.headers.get("content-type", "")
                            else (f"<{len(response.content)} bytes>")
                        )
                        sink.write(
                            json.dumps(
                                {
                                    "request": f"{method} {url} as {user}",
                                    "status": response.status_code,
                                    "type": response.headers.get("content-type"),
                                    "etag": response.headers.get("etag"),
                                    "body": body,
                                }
                            )
                            + "\n"
                        )
                        lines += 1
    print(f"{lines} answers recorded in {out}")


def compare(before: Path, after: Path) -> int:
    old = {r["request"]: r for r in map(json.loads, before.read_text().splitlines())}
    new = {r["request"]: r for r in map(json.loads, after.read_text().splitlines())}
    differ = [k for k in old if k in new and old[k] != new[k]]
    missing, added = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    for key in differ:
        print(f"DIFFERS {key}\n  before: {json.dumps(old[key])[:400]}\n  after:  {json.dumps(new[key])[:400]}")
    for key in missing:
        print(f"MISSING {key}")
    for key in added:
        print(f"NEW     {key}")
    same = len(old) - len(differ) - len(missing)
    print(f"{same} of {len(old)} answers identical; {len(differ)} differ, {len(missing)} missing, {len(added)} new")
    return 1 if differ or missing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("out", type=Path)
    rec.add_argument("--data-dir", type=Path)
    cmp = sub.add_parser("compare")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "record":
        record(args.out, args.data_dir)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
