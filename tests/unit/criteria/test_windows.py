"""TT 124 Art. 8 windows: village 01/11 → 31/10, commune 16/11 → 15/11."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antt_tui.criteria.windows import window, window_year


@pytest.mark.parametrize(("unit", "start", "end"), [
    ("thon", date(2025, 11, 1), date(2026, 10, 31)),
    ("ho", date(2025, 11, 1), date(2026, 10, 31)),
    ("xa", date(2025, 11, 16), date(2026, 11, 15)),
    ("nam", date(2026, 1, 1), date(2026, 12, 31)),
])
def test_windows_of_2026(unit: str, start: date, end: date) -> None:
    w = window(unit, 2026)
    assert (w.start, w.end) == (start, end)


@pytest.mark.parametrize(("unit", "day", "year"), [
    ("thon", date(2026, 10, 31), 2026),   # the last day of the 2026 village window
    ("thon", date(2026, 11, 1), 2027),    # the first day of the next one
    ("xa", date(2026, 11, 15), 2026),
    ("xa", date(2026, 11, 16), 2027),
    ("xa", date(2026, 1, 1), 2026),
])
def test_an_incident_counts_in_the_window_it_occurred_in(unit: str, day: date,
                                                         year: int) -> None:
    assert window_year(unit, day) == year
    assert day in window(unit, year)
    assert day not in window(unit, year + 1) and day not in window(unit, year - 1)


def test_as_of_and_previous_and_label() -> None:
    w = window("thon", 2026)
    assert w.up_to(date(2026, 3, 31)).end == date(2026, 3, 31)
    assert w.previous() == window("thon", 2025)
    assert w.label == "01/11/2025 – 31/10/2026"
    assert "2026-10-31" in w and "2026-11-01" not in w


def test_unknown_unit_is_refused_in_vietnamese() -> None:
    with pytest.raises(ValueError, match="Đơn vị đánh giá không hợp lệ"):
        window("huyen", 2026)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["ho", "thon", "xa", "nam"]), st.integers(2000, 2100))
def test_windows_tile_the_calendar(unit: str, year: int) -> None:
    """Consecutive windows meet without a gap or an overlap."""
    assert window(unit, year).end + timedelta(days=1) == window(unit, year + 1).start
