"""The readable schema is the migrated schema: src/trainingops/db/schema.sql and the generated part of
docs/schema.md are regenerated from a freshly migrated database and must match what is committed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Server
from trainingops.db import snapshot

DOCS = Path(__file__).resolve().parents[2] / "docs" / "schema.md"
FIX = "run `./run cli db snapshot` and commit the result"


@pytest.fixture(scope="module")
def template_url(pg_server: Server, template_db: str) -> str:
    return pg_server.url(template_db)


def test_schema_sql_is_the_migrated_schema(template_url: str) -> None:
    try:
        dumped = snapshot.dump_schema(template_url)
    except snapshot.SnapshotUnavailable as exc:
        pytest.skip(str(exc))
    assert dumped == snapshot.SNAPSHOT_PATH.read_text(), f"src/trainingops/db/schema.sql is out of date: {FIX}"


def test_docs_schema_md_describes_every_table_as_migrated(template_url: str) -> None:
    current = DOCS.read_text()
    assert snapshot.DOCS_MARKER in current
    expected = snapshot.docs_with_generated_part(current, snapshot.describe_schema(template_url))
    assert current == expected, f"docs/schema.md is out of date: {FIX}"


def test_the_description_names_every_table_and_policy(template_url: str) -> None:
    described = snapshot.describe_schema(template_url)
    for name in ("athlete_training_sessions", "workouts", "activity_files", "roster_entries"):
        assert f"### `{name}`" in described
    assert "| `workouts_select` | select |" in described
    assert "erDiagram" in described
