"""The migration runner and what it leaves behind: ownership, roles, comments."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.support import factories
from trainingops.db import migrate
from trainingops.db.target import DatabaseTarget


def test_a_fresh_database_becomes_current_and_a_second_run_is_a_no_op(fresh_db: DatabaseTarget) -> None:
    expected = [m.version for m in migrate.discover()]
    assert all(s.applied_at is None for s in migrate.status(fresh_db.admin_url))
    applied = migrate.migrate(fresh_db.admin_url)
    assert [m.version for m in applied] == expected
    assert migrate.migrate(fresh_db.admin_url) == []
    assert all(s.applied_at is not None for s in migrate.status(fresh_db.admin_url))


def test_a_changed_migration_file_is_refused(fresh_db: DatabaseTarget, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder)
    migrate.migrate(fresh_db.admin_url, directory=folder)
    first = sorted(folder.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited after it ran\n")
    with pytest.raises(migrate.MigrationError, match="changed after it was applied"):
        migrate.migrate(fresh_db.admin_url, directory=folder)


def test_a_failing_migration_leaves_nothing_behind(fresh_db: DatabaseTarget, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_good.sql").write_text("create table good_one (id int);")
    (folder / "0002_bad.sql").write_text("create table half_done (id int); select 1/0;")
    with pytest.raises(psycopg.errors.DivisionByZero):
        migrate.migrate(fresh_db.admin_url, directory=folder)
    with psycopg.connect(fresh_db.admin_url) as conn:
        assert conn.execute("select to_regclass('good_one') is not null, to_regclass('half_done')").fetchone() == (
            True,
            None,
        )
    assert [s.applied_at is not None for s in migrate.status(fresh_db.admin_url, folder)] == [True, False]


def test_badly_named_migration_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "1_init.sql").write_text("select 1;")
    with pytest.raises(migrate.MigrationError, match="NNNN_lowercase_name.sql"):
        migrate.discover(tmp_path)


def test_the_app_role_owns_nothing_and_cannot_bypass_anything(admin_conn: psycopg.Connection[Any]) -> None:
    role = admin_conn.execute(
        "select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin "
        "from pg_roles where rolname = 'trainingops_app'"
    ).fetchone()
    assert role == (False, False, False, False, True)
    owned = admin_conn.execute(
        "select c.relname from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = 'trainingops_app' "
        "union all select p.proname from pg_proc p join pg_roles r on r.oid = p.proowner "
        "where r.rolname = 'trainingops_app' "
        "union all select n.nspname from pg_namespace n join pg_roles r on r.oid = n.nspowner "
        "where r.rolname = 'trainingops_app'"
    ).fetchall()
    assert owned == []
    memberships = admin_conn.execute(
        "select count(*) from pg_auth_members m join pg_roles r on r.oid = m.member where r.rolname = 'trainingops_app'"
    ).fetchone()
    assert memberships == (0,)


def test_every_table_is_owned_by_the_owner_role(admin_conn: psycopg.Connection[Any]) -> None:
    owners = admin_conn.execute(
        "select distinct pg_get_userbyid(relowner) from pg_class "
        "where relnamespace in ('public'::regnamespace, 'app_private'::regnamespace, "
        "'trainingops_meta'::regnamespace) and relkind in ('r', 'v', 'm', 'S', 'i')"
    ).fetchall()
    assert owners == [("trainingops_owner",)]


def test_the_app_role_cannot_create_objects(shared_db: DatabaseTarget) -> None:
    with psycopg.connect(shared_db.app_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute("create table public.sneaky (id int)")
    assert caught.value.diag.message_primary == "permission denied for schema public"


def test_every_table_and_column_is_commented(admin_conn: psycopg.Connection[Any]) -> None:
    missing = admin_conn.execute(
        """
        select c.relname || coalesce('.' || a.attname, '')
        from pg_class c
        left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
          and (a.attname is null and obj_description(c.oid, 'pg_class') is null
               or a.attname is not null and col_description(c.oid, a.attnum) is null)
        """
    ).fetchall()
    assert missing == []


def test_the_sessions_table_has_every_column_of_the_spec_with_its_type(admin_conn: psycopg.Connection[Any]) -> None:
    spec = {
        "id": "uuid",
        "athlete_id": "uuid",
        "source": "text",
        "coach_member_id": "uuid",
        "team_season_id": "uuid",
        "scheduled_date": "date",
        "completed_at": "timestamp with time zone",
        "workout_category": "text",
        "title": "text",
        "planned_description": "text",
        "planned_distance_m": "integer",
        "planned_duration_sec": "integer",
        "planned_rpe": "integer",
        "actual_distance_m": "integer",
        "actual_duration_sec": "integer",
        "actual_rpe": "integer",
        "actual_description": "text",
        "metrics_json": "jsonb",
        "created_at": "timestamp with time zone",
        "updated_at": "timestamp with time zone",
    }
    columns = dict(
        admin_conn.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'public' and table_name = 'athlete_training_sessions'"
        ).fetchall()
    )
    assert {name: columns.get(name) for name in spec} == spec
    not_null = {
        r[0]
        for r in admin_conn.execute(
            "select column_name from information_schema.columns where table_name = 'athlete_training_sessions' "
            "and is_nullable = 'NO'"
        ).fetchall()
    }
    assert {"athlete_id", "source", "workout_category"} <= not_null
    assert "scheduled_date" not in not_null and "completed_at" not in not_null


def test_0008_unwraps_history_written_before_it(fresh_db: DatabaseTarget, tmp_path: Path) -> None:
    """History rows of inserts and deletes written under 0002's shape read the same after 0008."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for migration in migrate.discover():
        if migration.version < "0008":
            (folder / f"{migration.version}_{migration.name}.sql").write_text(migration.sql_text)
    migrate.migrate(fresh_db.admin_url, directory=folder)
    with psycopg.connect(fresh_db.admin_url) as conn:
        athlete = conn.execute("insert into athletes (name) values ('Old') returning id").fetchone()
        assert athlete is not None
        conn.execute(
            "insert into athlete_training_sessions (athlete_id, source, scheduled_date, workout_category, "
            "planned_rpe) values (%s, 'self_assigned', %s, 'run', 6)",
            [athlete[0], factories.PAST_DAY],
        )
        conn.execute("delete from athlete_training_sessions")
        before = conn.execute("select operation, changes from athlete_training_session_history order by id").fetchall()
        assert before[0][1]["planned_rpe"] == {"new": 6} and before[1][1]["planned_rpe"] == {"old": 6}
    migrate.migrate(fresh_db.admin_url)
    with psycopg.connect(fresh_db.admin_url) as conn:
        after = conn.execute("select operation, changes from athlete_training_session_history order by id").fetchall()
    assert [op for op, _ in after] == ["insert", "delete"]
    for (_, old_shape), (_, new_shape) in zip(before, after, strict=True):
        assert new_shape == {field: next(iter(wrapped.values())) for field, wrapped in old_shape.items()}
    assert after[0][1]["planned_rpe"] == 6 and after[0][1]["workout_category"] == "run"


def test_0014_moves_sessions_without_a_scheduled_date_to_their_local_day(
    fresh_db: DatabaseTarget, tmp_path: Path
) -> None:
    """A session completed at 23:30 in Chicago (05:30 UTC the next day) was on the UTC day before 0014."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for migration in migrate.discover():
        if migration.version < "0014":
            (folder / f"{migration.version}_{migration.name}.sql").write_text(migration.sql_text)
    migrate.migrate(fresh_db.admin_url, directory=folder)
    with psycopg.connect(fresh_db.admin_url) as conn:
        program = conn.execute(
            "insert into programs (name, sport, time_zone) values ('P', 'track_and_field', "
            "'America/Chicago') returning id"
        ).fetchone()
        assert program is not None
        season = conn.execute(
            "insert into team_seasons (program_id, name, sport, start_date, end_date) values "
            "(%s, 'S', 'track_and_field', now()::date - 30, now()::date + 30) returning id",
            [program[0]],
        ).fetchone()
        assert season is not None
        athlete = conn.execute("insert into athletes (name) values ('A') returning id").fetchone()
        assert athlete is not None
        row = conn.execute(
            "insert into athlete_training_sessions (athlete_id, source, team_season_id, completed_at, workout_category) "
            "values (%s, 'self_assigned', %s, ((now() at time zone 'America/Chicago')::date - 2 + time '23:30') "
            "at time zone 'America/Chicago', 'run') returning session_date, (now() at time zone 'America/Chicago')::date - 2",
            [athlete[0], season[0]],
        ).fetchone()
        assert row is not None and row[0] == row[1] + timedelta(1)  # the UTC day, before 0014
    migrate.migrate(fresh_db.admin_url)
    with psycopg.connect(fresh_db.admin_url) as conn:
        (day,) = conn.execute("select session_date from athlete_training_sessions").fetchone()  # type: ignore[misc]
    assert day == row[1]
