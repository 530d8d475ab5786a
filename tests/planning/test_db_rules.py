"""Migration 0013 on a database that already holds planning data, and its rules as the app role sees them."""

from __future__ import annotations

from pathlib import Path

import psycopg

from trainingops.db import migrate
from trainingops.db.target import DatabaseTarget


def test_0013_marks_estimated_rpes_and_keeps_what_only_a_coach_can_have_typed(
    fresh_db: DatabaseTarget, tmp_path: Path
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for migration in migrate.discover():
        if migration.version < "0013":
            (folder / f"{migration.version}_{migration.name}.sql").write_text(migration.sql_text)
    migrate.migrate(fresh_db.admin_url, directory=folder)
    with psycopg.connect(fresh_db.admin_url) as conn:
        program = conn.execute("insert into programs (name, sport) values ('P', 'tf') returning id").fetchone()
        assert program is not None
        event = conn.execute(
            "insert into training_events (program_id, name, workout_category, measure) "
            "values (%s, 'Run', 'run', 'distance') returning id",
            [program[0]],
        ).fetchone()
        assert event is not None
        ids = {}
        for name, rpe in (("from steps", 4), ("in words", 6), ("no rpe", None)):
            row = conn.execute(
                "insert into workouts (program_id, name, workout_category, planned_rpe) "
                "values (%s, %s, 'run', %s) returning id",
                [program[0], name, rpe],
            ).fetchone()
            assert row is not None
            ids[name] = row[0]
        conn.execute(
            "insert into workout_steps (program_id, workout_id, position, training_event_id, intensity_rpe) "
            "values (%s, %s, 1, %s, 4)",
            [program[0], ids["from steps"], event[0]],
        )
    migrate.migrate(fresh_db.admin_url)
    with psycopg.connect(fresh_db.admin_url) as conn:
        marked = dict(
            conn.execute(
                "select name, (planned_rpe, planned_rpe_source, planned_rpe_estimated)::text from workouts"
            ).fetchall()
        )
    assert marked == {"from steps": "(4,steps,t)", "in words": "(6,coach,f)", "no rpe": "(,steps,f)"}
