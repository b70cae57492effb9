"""Reporting periods: a month, a quarter, a year, or a TT 124 assessment window.

Where a period starts is a setting (`boundary_day`): 1 gives calendar months (the default);
15 gives the "15th to 14th" periods some provinces use (Nghị định 09/2019: month M runs from
15 of M-1 to 14 of M, the year from 15/12 of the previous year to 14/12). Every figure of a
report is counted inside one of these periods, compared with the same period a year earlier,
and accumulated since the start of the reporting year and of the assessment window, up to
the report's one "as of" day (`Period.report_date`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from antt_tui.criteria.windows import window, window_year
from antt_tui.domain.dates import MAX_YEAR, MIN_YEAR, year_back

KINDS = ("thang", "quy", "nam", "ky_thon", "ky_xa")
"""Month, quarter, year, village window (01/11 → 31/10), commune window (16/11 → 15/11)."""
ROMAN = ("I", "II", "III", "IV")


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_start(year: int, month: int, boundary_day: int) -> date:
    """First day of reporting month (year, month)."""
    if boundary_day <= 1:
        return date(year, month, 1)
    y, m = _shift_month(year, month, -1)
    return date(y, m, boundary_day)


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range with its name as a report title says it."""

    kind: str
    year: int
    start: date
    end: date
    label: str
    """"tháng 10 năm 2026", "quý III năm 2026", "năm 2026", "kỳ đánh giá 2026"."""
    year_start: date
    """Start of the reporting year (for "lũy kế từ đầu năm")."""

    def __contains__(self, day: object) -> bool:
        if isinstance(day, str):
            return self.start.isoformat() <= day[:10] <= self.end.isoformat()
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def span(self) -> str:
        """"01/10/2026 – 31/10/2026"."""
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def report_date(self, as_of: date) -> date:
        """The one "as of" day a report states and counts to: `as_of`, or the period's last
        day when the report is written after the period ended (a Q3 report written on 04/12
        counts to 30/09)."""
        return min(as_of, self.end)

    def up_to(self, as_of: date) -> Period:
        """The part of the period up to `as_of` (a report made before the period ends)."""
        end = min(self.end, max(as_of, self.start - timedelta(days=1)))
        return Period(self.kind, self.year, self.start, end, self.label, self.year_start)

    def last_year(self) -> Period:
        """The same period one year earlier ("cùng kỳ năm trước")."""
        return Period(self.kind, self.year - 1, year_back(self.start), year_back(self.end),
                      self.label, year_back(self.year_start))

    def assessment_start(self, unit: str) -> date:
        """Start of the TT 124 window (unit "thon" or "xa") that holds the period's end:
        where figures of format 1 started "lũy kế kỳ đánh giá" (format 2 counts the window
        of the period's year, the one its criteria are judged on)."""
        return window(unit, window_year(unit, self.end)).start


def _year(text: str) -> int:
    """The year of a period as typed: 1900–2200, like any date (Vietnamese ValueError)."""
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Năm của kỳ báo cáo phải từ {MIN_YEAR} đến {MAX_YEAR}, "
                         f"không phải {text}.")
    return year


def period(kind: str, spec: str, *, boundary_day: int = 1) -> Period:
    """The period of `kind` named by `spec`: "2026-10" (month), "2026-Q3" or "2026-3"
    (quarter), "2026" (year or assessment window), of a year from 1900 to 2200.
    Vietnamese ValueError on bad input."""
    if kind not in KINDS:
        raise ValueError(f"Loại kỳ báo cáo không hợp lệ: {kind!r}.")
    if not 1 <= boundary_day <= 28:
        raise ValueError("Ngày chốt số liệu phải từ 1 đến 28.")
    spec = spec.strip().upper()
    if kind == "thang":
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", spec, re.ASCII)
        if not m or not 1 <= int(m[2]) <= 12:
            raise ValueError(f"Tháng báo cáo ghi dạng 2026-10, không phải “{spec}”.")
        year, month = _year(m[1]), int(m[2])
        start = _month_start(year, month, boundary_day)
        end = _month_start(*_shift_month(year, month, 1), boundary_day) - timedelta(days=1)
        label = f"tháng {month:02d} năm {year}"
    elif kind == "quy":
        m = re.fullmatch(r"(\d{4})-Q?([1-4])", spec, re.ASCII)
        if not m:
            raise ValueError(f"Quý báo cáo ghi dạng 2026-Q3, không phải “{spec}”.")
        year, quarter = _year(m[1]), int(m[2])
        first = 3 * quarter - 2
        start = _month_start(year, first, boundary_day)
        end = _month_start(*_shift_month(year, first, 3), boundary_day) - timedelta(days=1)
        label = f"quý {ROMAN[quarter - 1]} năm {year}"
    else:
        if not re.fullmatch(r"\d{4}", spec, re.ASCII):
            raise ValueError(f"Năm báo cáo ghi dạng 2026, không phải “{spec}”.")
        year = _year(spec)
        if kind == "nam":
            start = _month_start(year, 1, boundary_day)
            end = _month_start(year + 1, 1, boundary_day) - timedelta(days=1)
            label = f"năm {year}"
        else:
            w = window("thon" if kind == "ky_thon" else "xa", year)
            start, end = w.start, w.end
            label = f"kỳ đánh giá năm {year} ({w.label})"
    year_start = start if kind in ("ky_thon", "ky_xa") else _month_start(year, 1, boundary_day)
    return Period(kind, year, start, end, label, year_start)
