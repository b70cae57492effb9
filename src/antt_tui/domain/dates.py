"""Dates as the roster writes them: partial birth dates and plain dd/mm/yyyy dates.

Legacy village rosters often know only the year ("1960") or the month ("05/1985") of a birth,
so a birth date is a ``PartialDate``. It is stored in ISO form ("1988-07-24", "1985-05",
"1960") and shown the Vietnamese way ("24/07/1988", "05/1985", "1960").

Nothing here asks the clock: functions that need "today" take it as an argument.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import total_ordering

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "PartialDate",
    "check_not_future",
    "format_date",
    "parse_date",
]

MIN_YEAR = 1900
"""Earliest year accepted in a date an officer types (a report period, a birth, an event)."""
MAX_YEAR = 2200
"""Latest year accepted in any date."""
_STORED_MIN_YEAR = 1850
"""Earliest year a stored date may hold: older versions accepted 1850–1899, and a record
saved then must still open."""

_ACCEPTED_BIRTH = "ngày/tháng/năm (24/07/1988), tháng/năm (05/1985) hoặc chỉ năm (1960)"
_ACCEPTED_DATE = "ngày/tháng/năm, ví dụ 24/07/2026"

# Day-first forms: "24/07/1988", "24-07-1988", "24.07.1988", "5/1985"; one separator kind.
_DMY = re.compile(r"(?:(\d{1,2})\s*([/.-])\s*)?(\d{1,2})\s*([/.-])\s*(\d{4})", re.ASCII)
# ISO forms: "1988-07-24", "1985-05", and a bare year "1960".
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", re.ASCII)
_ISO_STRICT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


def _check_parts(year: int, month: int | None, day: int | None, *,
                 min_year: int = MIN_YEAR) -> str | None:
    """Return why (year, month, day) is impossible, in Vietnamese, or None when it is fine."""
    if not min_year <= year <= MAX_YEAR:
        return f"năm phải từ {min_year} đến {MAX_YEAR}"
    if month is None:
        return "có ngày thì phải có tháng" if day is not None else None
    if not 1 <= month <= 12:
        return f"không có tháng {month}"
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"tháng {month} năm {year} không có ngày {day}"
    return None


@total_ordering
@dataclass(frozen=True, eq=True)
class PartialDate:
    """A date of birth ("ngày, tháng, năm sinh") that may lack the day, or the day and month.

    ``PartialDate(1960)``, ``PartialDate(1985, 5)`` and ``PartialDate(1988, 7, 24)`` are the
    three precisions found in legacy rosters. Dates order by their first possible day; on a
    tie the less precise one comes first ("1985" < "01/1985" < "01/01/1985" < "02/01/1985").
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        """Reject impossible dates such as 31/02/1990 or month 13."""
        problem = _check_parts(self.year, self.month, self.day, min_year=_STORED_MIN_YEAR)
        if problem:
            raise ValueError(f"Ngày sinh không hợp lệ: {problem}.")

    # ----------------------------------------------------------------- constructors

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read a birth date as a user or a legacy file writes it.

        Accepts "24/07/1988", "24-07-1988", "24.07.1988", "1/7/1988", "05/1985", "5/1985",
        "1960", ISO "1988-07-24" and "1985-05". Raises ``ValueError`` with a Vietnamese
        message for anything else, and for impossible dates (31/02/1990, month 13, a year
        outside 1900–2200).
        """
        parts = _parse_parts(text)
        if parts is None:
            raise ValueError(
                f"Ngày sinh không hợp lệ: “{text.strip()}”. Hãy nhập theo dạng {_ACCEPTED_BIRTH}."
            )
        problem = _check_parts(*parts)
        if problem:
            raise ValueError(f"Ngày sinh không hợp lệ: “{text.strip()}” ({problem}).")
        return cls(*parts)

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        """Read the stored form: "1988-07-24", "1985-05" or "1960" (``iso`` gives it back)."""
        m = _ISO_STRICT.fullmatch(text)
        if m is None:
            raise ValueError(
                f"Ngày lưu trữ không hợp lệ: “{text}” (cần dạng YYYY, YYYY-MM hoặc YYYY-MM-DD)."
            )
        year, month, day = (int(g) if g else None for g in m.groups())
        return cls(year, month, day)  # type: ignore[arg-type]

    @classmethod
    def from_date(cls, d: date) -> PartialDate:
        """Return the full-precision partial date of ``d``."""
        return cls(d.year, d.month, d.day)

    # ----------------------------------------------------------------- views

    @property
    def iso(self) -> str:
        """The stored form: "1988-07-24", "1985-05" or "1960"."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def display(self) -> str:
        """The form shown to users: "24/07/1988", "05/1985" or "1960"."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"

    @property
    def is_full(self) -> bool:
        """True when day, month and year are all known."""
        return self.day is not None

    def earliest(self) -> date:
        """The first day this date could be (1 January for a bare year)."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day this date could be (31 December for a bare year)."""
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    def __str__(self) -> str:
        """Return the display form."""
        return self.display

    def _order_key(self) -> tuple[int, int]:
        """First possible day, then the wider range first; distinct dates never tie."""
        return self.earliest().toordinal(), -self.latest().toordinal()

    def __lt__(self, other: object) -> bool:
        """Order by first possible day; on a tie the less precise date comes first."""
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._order_key() < other._order_key()


def _parse_parts(text: str) -> tuple[int, int | None, int | None] | None:
    """Split a typed date into (year, month, day) without checking it, or None if unreadable."""
    s = text.strip()
    m = _ISO.fullmatch(s)
    if m:
        year, month, day = m.groups()
        return int(year), int(month) if month else None, int(day) if day else None
    m = _DMY.fullmatch(s)
    if m:
        day, sep1, month, sep2, year = m.groups()
        if sep1 is not None and sep1 != sep2:
            return None  # "24/07-1988": mixed separators are more likely a typo
        return int(year), int(month), int(day) if day else None
    return None


def check_not_future(pd: PartialDate, today: date) -> None:
    """Raise ``ValueError`` when a birth date cannot have happened yet.

    A partial date is in the future only if even its first possible day is after ``today``,
    so "2026" is accepted on 24/07/2026. The caller passes ``today``.
    """
    if pd.earliest() > today:
        raise ValueError(f"Ngày sinh {pd.display} sau ngày hôm nay ({format_date(today)}).")


def parse_date(text: str) -> date:
    """Read a full date ("24/07/2026", "24-07-2026", "24.07.2026" or ISO "2026-07-24").

    Raises ``ValueError`` with a Vietnamese message when the text is not a complete, real
    date with a year between 1900 and 2200.
    """
    parts = _parse_parts(text)
    if parts is None or parts[2] is None:
        raise ValueError(
            f"Ngày không hợp lệ: “{text.strip()}”. Hãy nhập theo dạng {_ACCEPTED_DATE}."
        )
    problem = _check_parts(*parts)
    if problem:
        raise ValueError(f"Ngày không hợp lệ: “{text.strip()}” ({problem}).")
    year, month, day = parts
    return date(year, month, day)  # type: ignore[arg-type]


def format_date(d: date) -> str:
    """Show a date the Vietnamese way: "24/07/2026"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def year_back(day: date) -> date:
    """The same day one year earlier (29/02 → 28/02)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def vn_date(iso: str | None) -> str:
    """An ISO date (or date-time) as an officer reads it: "24/07/2026"; "" for none."""
    if not iso:
        return ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if len(iso) >= 10 else iso


def vn_stamp(stamp: str) -> str:
    """A saved moment as an officer reads it, in the time the laptop wrote:
    "2026-11-01T08:00:15.000+00:00" → "01/11/2026 08:00"; a date alone as `vn_date` does
    ("" stays "", anything else as is). The one place a saved moment is put in words."""
    if len(stamp or "") <= 10:
        return vn_date(stamp)
    try:
        return f"{datetime.fromisoformat(stamp):%d/%m/%Y %H:%M}"
    except ValueError:
        return stamp
