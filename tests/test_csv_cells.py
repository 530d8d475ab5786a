"""Spreadsheet-safe CSV cells: nothing written starts a formula, and restoring gives back any text exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trainingops.csv_cells import FORMULA_TRIGGERS, neutralise, restore

# Text that stresses the rule: apostrophes and trigger characters up front, anything after.
edgy = st.builds(lambda head, tail: head + tail, st.text(alphabet="'=+-@\t\r", max_size=4), st.text(max_size=12))


@given(st.one_of(st.text(), edgy))
def test_no_written_cell_starts_a_formula_and_every_text_comes_back(text: str) -> None:
    cell = neutralise(text)
    assert cell[:1] not in FORMULA_TRIGGERS or cell == ""
    assert restore(cell) == text


def test_owasp_examples_and_what_is_left_alone() -> None:
    assert neutralise('=HYPERLINK("https://evil.example","x")') == '\'=HYPERLINK("https://evil.example","x")'
    assert [neutralise(t) for t in ("+1+1", "-2", "@SUM(A1)", "\tx", "\rx")] == [
        "'+1+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
    ]
    assert neutralise("'=x") == "''=x"  # an apostrophe the author wrote survives the round trip
    assert [neutralise(t) for t in ("", "Tempo 6 km", "'quoted", "a=b", "5-3")] == [
        "",
        "Tempo 6 km",
        "'quoted",
        "a=b",
        "5-3",
    ]
    assert restore("'hello") == "'hello"  # not an escape: left as written
