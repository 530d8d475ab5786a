"""The per-request transaction: identity set transaction-locally, gone when the connection is back."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.support import factories
from trainingops.db.errors import RuleViolated
from trainingops.db.identity import Identity
from trainingops.db.pool import Database
from trainingops.db.target import DatabaseTarget


def run(coro: object) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


def test_identity_lives_only_inside_its_transaction(migrated_db: DatabaseTarget) -> None:
    async def scenario() -> tuple[tuple[str, str, str], tuple[str, str, str]]:
        database = Database(migrated_db.app_url, min_size=1, max_size=1)
        await database.open()
        try:
            coach, athlete = uuid.uuid4(), uuid.uuid4()
            async with database.transaction(Identity(coach)) as conn:
                seen_coach = await (await conn.execute("select current_setting('app.user_id') as u")).fetchone()
            async with database.transaction(Identity(athlete)) as conn:
                seen_athlete = await (await conn.execute("select current_setting('app.user_id') as u")).fetchone()
            # The same (only) connection, outside any request transaction: no identity left behind.
            async with database.pool.connection() as conn:
                leftover = await (await conn.execute("select current_setting('app.user_id', true) as u")).fetchone()
            assert seen_coach and seen_athlete and leftover
            return (seen_coach["u"], seen_athlete["u"], leftover["u"]), (str(coach), str(athlete), "")
        finally:
            await database.close()

    # The connection had the setting, so it reads '' afterwards (NULL only on a connection that never had it).
    seen, expected = run(scenario())  # type: ignore[misc]
    assert seen == expected


def test_the_api_connects_as_the_app_role(migrated_db: DatabaseTarget) -> None:
    async def scenario() -> str:
        database = Database(migrated_db.app_url)
        await database.open()
        try:
            async with database.transaction(None) as conn:
                row = await (await conn.execute("select current_user as u")).fetchone()
                assert row
                return str(row["u"])
        finally:
            await database.close()

    assert run(scenario()) == "trainingops_app"


def test_a_failed_statement_rolls_back_the_whole_transaction_and_becomes_a_domain_error(
    migrated_db: DatabaseTarget,
) -> None:
    import psycopg

    with psycopg.connect(migrated_db.admin_url) as admin:
        user_id = factories.user(admin, "Roll Back")
        athlete_id = factories.athlete(admin, "Roll Back", user_id=user_id)

    async def scenario() -> None:
        database = Database(migrated_db.app_url)
        await database.open()
        try:
            with pytest.raises(RuleViolated, match="Planned RPE must be between 1 and 10."):
                async with database.transaction(Identity(user_id)) as conn:
                    await conn.execute(
                        "insert into athlete_training_sessions (athlete_id, source, workout_category, "
                        "scheduled_date) values (%s, 'self_assigned', 'run', %s)",
                        [athlete_id, factories.PAST_DAY],
                    )
                    await conn.execute("update athlete_training_sessions set planned_rpe = 12")
        finally:
            await database.close()

    run(scenario())
    with psycopg.connect(migrated_db.admin_url) as admin:
        assert admin.execute("select count(*) from athlete_training_sessions").fetchone() == (0,)
