"""Spreadsheet-safe CSV text cells (OWASP, "CSV Injection"): every CSV the service writes passes its text cells
through ``neutralise``; the session import passes them back through ``restore``, so a round trip is exact.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula
(``=HYPERLINK(…)``, ``+1+1``, ``@SUM(…)``). OWASP's advice is to prefix such a cell with an apostrophe, which
spreadsheets read as "this is text". A cell that already starts with apostrophes followed by one of those
characters gets one more, so that ``restore`` (strip exactly one) gives back any text unchanged. Numbers are
written by the service itself, never as user text, so numeric columns are left alone (a negative number stays a
number).
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = "=+-@\t\r"  # OWASP CSV Injection: the characters a spreadsheet treats as a formula start
_NEEDS_PREFIX = re.compile(r"'*[=+\-@\t\r]")
_MAY_NEED = FORMULA_TRIGGERS + "'"


def neutralise(text: str) -> str:
    """The text as a CSV cell a spreadsheet shows as text, never runs."""
    if text[:1] in _MAY_NEED and text and _NEEDS_PREFIX.match(text):
        return "'" + text
    return text


def restore(cell: str) -> str:
    """The text ``neutralise`` was given: exactly one leading apostrophe removed where it added one."""
    if cell[:1] == "'" and _NEEDS_PREFIX.match(cell, 1):
        return cell[1:]
    return cell
