"""Reporting periods: calendar or "15th to 14th", quarters, years, TT 124 windows."""

from __future__ import annotations

from datetime import date

import pytest

from antt_tui.reports.periods import period


@pytest.mark.parametrize(("kind", "spec", "boundary", "start", "end", "label", "year_start"), [
    ("thang", "2026-10", 1, date(2026, 10, 1), date(2026, 10, 31), "tháng 10 năm 2026",
     date(2026, 1, 1)),
    ("thang", "2026-02", 1, date(2026, 2, 1), date(2026, 2, 28), "tháng 02 năm 2026",
     date(2026, 1, 1)),
    ("thang", "2026-01", 15, date(2025, 12, 15), date(2026, 1, 14), "tháng 01 năm 2026",
     date(2025, 12, 15)),
    ("quy", "2026-Q3", 1, date(2026, 7, 1), date(2026, 9, 30), "quý III năm 2026",
     date(2026, 1, 1)),
    ("quy", "2026-1", 15, date(2025, 12, 15), date(2026, 3, 14), "quý I năm 2026",
     date(2025, 12, 15)),
    ("nam", "2026", 1, date(2026, 1, 1), date(2026, 12, 31), "năm 2026", date(2026, 1, 1)),
    ("nam", "2026", 15, date(2025, 12, 15), date(2026, 12, 14), "năm 2026", date(2025, 12, 15)),
    ("ky_thon", "2026", 1, date(2025, 11, 1), date(2026, 10, 31),
     "kỳ đánh giá năm 2026 (01/11/2025 – 31/10/2026)", date(2025, 11, 1)),
    ("ky_xa", "2026", 1, date(2025, 11, 16), date(2026, 11, 15),
     "kỳ đánh giá năm 2026 (16/11/2025 – 15/11/2026)", date(2025, 11, 16)),
])
def test_periods(kind: str, spec: str, boundary: int, start: date, end: date, label: str,
                 year_start: date) -> None:
    p = period(kind, spec, boundary_day=boundary)
    assert (p.start, p.end, p.label, p.year_start) == (start, end, label, year_start)


def test_same_period_last_year_and_up_to() -> None:
    p = period("thang", "2024-02")
    assert (p.start, p.end) == (date(2024, 2, 1), date(2024, 2, 29))
    last = p.last_year()
    assert (last.start, last.end) == (date(2023, 2, 1), date(2023, 2, 28))
    assert p.up_to(date(2024, 2, 10)).end == date(2024, 2, 10)
    assert p.up_to(date(2025, 1, 1)).end == date(2024, 2, 29)
    assert period("thang", "2026-11").assessment_start("thon") == date(2026, 11, 1)
    assert period("thang", "2026-10").assessment_start("xa") == date(2025, 11, 16)
    assert period("thang", "2026-11").assessment_start("xa") == date(2026, 11, 16)


def test_a_report_counts_to_one_day_at_most_the_period_s_end() -> None:
    q3 = period("quy", "2026-Q3")
    assert q3.report_date(date(2026, 12, 4)) == date(2026, 9, 30)  # written after it
    assert q3.report_date(date(2026, 8, 15)) == date(2026, 8, 15)  # written during it


@pytest.mark.parametrize(("kind", "spec", "fragment"), [
    ("thang", "2026-13", "2026-10"), ("thang", "10/2026", "2026-10"), ("quy", "2026-Q5", "Q3"),
    ("nam", "26", "2026"), ("tuan", "2026", "không hợp lệ"),
])
def test_bad_periods_are_refused_in_vietnamese(kind: str, spec: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        period(kind, spec)
