"""Assessment windows of Thông tư 124/2021/TT-BCA, Art. 8 cl. 2.

A khu dân cư (village) is judged on 01/11 of the previous year → 31/10; a xã (commune) on
16/11 of the previous year → 15/11; a household on its village's window. An incident counts
in the window in which it occurred.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

UNITS = ("ho", "thon", "xa", "nam")
"""Household, village, commune, and the calendar year (for reports)."""

_STARTS = {"thon": (11, 1), "ho": (11, 1), "xa": (11, 16)}


@dataclass(frozen=True, slots=True)
class Window:
    """An inclusive date range: the period a unit is assessed on for one year."""

    unit: str
    year: int
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        if isinstance(day, str):
            day = date.fromisoformat(day[:10])
        return isinstance(day, date) and self.start <= day <= self.end

    def up_to(self, as_of: date) -> Window:
        """The part of the window up to `as_of` ("as of today" evaluations)."""
        return Window(self.unit, self.year, self.start, min(self.end, as_of))

    def previous(self) -> Window:
        """The same window one year earlier (for "reduced versus last year")."""
        return window(self.unit, self.year - 1)

    @property
    def label(self) -> str:
        """The window as an officer writes it: "01/11/2025 – 31/10/2026"."""
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def window(unit: str, year: int) -> Window:
    """The assessment window of `unit` ("ho", "thon", "xa", "nam") for assessment `year`."""
    if unit == "nam":
        return Window(unit, year, date(year, 1, 1), date(year, 12, 31))
    if unit not in _STARTS:
        raise ValueError(f"Đơn vị đánh giá không hợp lệ: {unit!r} (chọn ho, thon, xa, nam).")
    month, day = _STARTS[unit]
    start = date(year - 1, month, day)
    end = date(year, month, day - 1) if day > 1 else date(year, 10, 31)
    return Window(unit, year, start, end)


def window_year(unit: str, day: date) -> int:
    """The assessment year whose window of `unit` contains `day`."""
    for year in (day.year, day.year + 1):
        if day in window(unit, year):
            return year
    raise AssertionError("every day lies in some window")
