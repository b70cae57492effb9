"""Numbers, dates and spans as Vietnamese documents write them in a report: "1.234",
"97,5%", "ngày 05 tháng 11 năm 2026", "01/01 – 30/09/2026"."""

from __future__ import annotations

import unicodedata
from datetime import date

from antt_tui.domain.numbers import vn_number, vn_percent
from antt_tui.reports.figures import Count


def nfc(text: str) -> str:
    """`text` in NFC (the renderer draws precomposed letters only)."""
    return unicodedata.normalize("NFC", text)


def num(value: int | float) -> str:
    """A count: 1234567 → "1.234.567"."""
    return vn_number(int(value))


def pct(part: int, whole: int) -> str:
    """"97,5%" ("0%" when the whole is 0)."""
    return vn_percent(100.0 * part / whole) if whole else "0%"


def change_pct(count: Count) -> str:
    """The change on last year in percent ("+20,0%"); "tăng" from nothing, "—" for none."""
    value = count.change_pct
    if value is None:
        return "—" if not count.now else "tăng"
    return vn_percent(value, sign=True)


def long_date(day: date) -> str:
    """"ngày 05 tháng 11 năm 2026" (ND 30: a leading 0 for days < 10 and months 1, 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def span_text(first: date, last: date) -> str:
    """"01/01 – 30/09/2026", or "16/11/2025 – 15/11/2026" across two years."""
    if first.year == last.year:
        return f"{first:%d/%m} – {last:%d/%m/%Y}"
    return f"{first:%d/%m/%Y} – {last:%d/%m/%Y}"
