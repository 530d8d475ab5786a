"""docs/api.md's error table names exactly the codes the source can answer with: a new code without a row, or a
row for a code that no longer exists, fails here."""

from __future__ import annotations

import re
from pathlib import Path

import trainingops

SOURCE = Path(trainingops.__file__).parent
API_GUIDE = SOURCE.parents[1] / "docs" / "api.md"
# Where codes are written: a DomainError's class attribute, a problem built in place, a hand-written problem body
# (the body-size middleware), and the framework errors' table with its fallback.
CODE_PATTERNS = (
    re.compile(r'^\s+code = "([a-z_]+)"', re.M),
    re.compile(r'\bproblem\(\s*\d+,\s*"([a-z_]+)"'),
    re.compile(r'"code": "([a-z_]+)"'),
    re.compile(r'^\s+\d{3}: "([a-z_]+)",$', re.M),
    re.compile(r'_HTTP_CODES\.get\([^,]+, "([a-z_]+)"\)'),
)
NEVER_ANSWERED = {"domain_error"}  # the base class's placeholder: every error raised is a subclass with its own


def codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        for pattern in CODE_PATTERNS:
            found.update(pattern.findall(text))
    return found - NEVER_ANSWERED


def codes_in_the_error_table() -> set[str]:
    section = API_GUIDE.read_text().split("\n## Errors\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {code for row in rows for code in re.findall(r"`([a-z_]+)`", row.split("|")[1])}


def test_the_error_table_names_every_code_the_api_answers_with_and_no_other() -> None:
    in_source = codes_in_source()
    assert {"unauthenticated", "calendar_feed_not_found", "method_not_allowed", "internal_error"} <= in_source
    in_table = codes_in_the_error_table()
    assert (sorted(in_source - in_table), sorted(in_table - in_source)) == ([], [])
