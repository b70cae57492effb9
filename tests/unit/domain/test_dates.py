"""Tests for antt_tui.domain.dates: partial birth dates and dd/mm/yyyy dates."""

from __future__ import annotations

import calendar
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antt_tui.domain.dates import (
    MAX_YEAR,
    MIN_YEAR,
    PartialDate,
    check_not_future,
    format_date,
    parse_date,
)

TODAY = date(2026, 7, 24)


@pytest.mark.parametrize(
    ("text", "iso", "display"),
    [
        ("1960", "1960", "1960"),
        ("05/1985", "1985-05", "05/1985"),
        ("5/1985", "1985-05", "05/1985"),
        ("5-1985", "1985-05", "05/1985"),
        ("24/07/1988", "1988-07-24", "24/07/1988"),
        ("24-07-1988", "1988-07-24", "24/07/1988"),
        ("24.07.1988", "1988-07-24", "24/07/1988"),
        ("1/7/1988", "1988-07-01", "01/07/1988"),
        ("1988-07-24", "1988-07-24", "24/07/1988"),
        ("1985-05", "1985-05", "05/1985"),
        ("  24 / 07 / 1988 ", "1988-07-24", "24/07/1988"),
        ("29/02/2000", "2000-02-29", "29/02/2000"),  # 2000 is a leap year
    ],
)
def test_parse_accepts_roster_forms(text: str, iso: str, display: str) -> None:
    pd = PartialDate.parse(text)
    assert pd.iso == iso
    assert pd.display == display
    assert str(pd) == display


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/1990", "tháng 2 năm 1990 không có ngày 31"),
        ("29/02/1900", "tháng 2 năm 1900 không có ngày 29"),  # 1900 is not a leap year
        ("31/04/1990", "tháng 4 năm 1990 không có ngày 31"),
        ("00/05/1990", "không có ngày 0"),
        ("13/1990", "không có tháng 13"),
        ("01/13/1990", "không có tháng 13"),  # month-first (US) order is not accepted
        ("1990-13", "không có tháng 13"),
        ("1899", "năm phải từ 1900 đến 2200"),
        ("2201", "năm phải từ 1900 đến 2200"),
    ],
)
def test_parse_rejects_impossible_dates(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match="Ngày sinh không hợp lệ") as excinfo:
        PartialDate.parse(text)
    assert text in str(excinfo.value)
    assert reason in str(excinfo.value)


@pytest.mark.parametrize(
    "text", ["", "abc", "24/07/88", "88", "24/07-1988", "24/07/1988/1", "1988/07/24", "Ⅻ/1990"]
)
def test_parse_rejects_malformed_text_and_says_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        PartialDate.parse(text)
    message = str(excinfo.value)
    assert message.startswith("Ngày sinh không hợp lệ")
    for example in ("24/07/1988", "05/1985", "1960"):
        assert example in message
    assert unicodedata.is_normalized("NFC", message)


@pytest.mark.parametrize(
    ("year", "month", "day"), [(1990, 2, 31), (1990, 13, None), (1990, None, 5), (1800, None, None)]
)
def test_constructor_rejects_impossible_dates(
    year: int, month: int | None, day: int | None
) -> None:
    with pytest.raises(ValueError, match="Ngày sinh không hợp lệ"):
        PartialDate(year, month, day)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("1960", date(1960, 1, 1), date(1960, 12, 31)),
        ("02/2000", date(2000, 2, 1), date(2000, 2, 29)),
        ("02/1900", date(1900, 2, 1), date(1900, 2, 28)),
        ("24/07/1988", date(1988, 7, 24), date(1988, 7, 24)),
    ],
)
def test_earliest_and_latest(text: str, earliest: date, latest: date) -> None:
    pd = PartialDate.parse(text)
    assert pd.earliest() == earliest
    assert pd.latest() == latest


def test_ordering_by_earliest_day() -> None:
    dates = [PartialDate.parse(t) for t in ["24/07/1988", "1960", "01/01/1985", "01/1985", "1985"]]
    assert [d.display for d in sorted(dates)] == [
        "1960", "1985", "01/1985", "01/01/1985", "24/07/1988",
    ]  # fmt: skip
    assert PartialDate(1985) < PartialDate(1985, 1) < PartialDate(1985, 1, 1)
    assert PartialDate(1985, 1, 1) >= PartialDate(1985)


def test_equality_and_hash() -> None:
    assert PartialDate.parse("5/1985") == PartialDate.parse("1985-05") == PartialDate(1985, 5)
    assert PartialDate(1985) != PartialDate(1985, 1)
    assert len({PartialDate(1985, 5), PartialDate.parse("05/1985")}) == 1


def test_from_iso_is_strict() -> None:
    assert PartialDate.from_iso("1985-05") == PartialDate(1985, 5)
    for bad in ("24/07/1988", "1988-7-24", "1988-07-24 ", ""):
        with pytest.raises(ValueError):
            PartialDate.from_iso(bad)


def test_from_date() -> None:
    assert PartialDate.from_date(date(1988, 7, 24)).iso == "1988-07-24"
    assert PartialDate.from_date(date(1988, 7, 24)).is_full
    assert not PartialDate(1988, 7).is_full


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    """Any valid partial date."""
    year = draw(st.integers(MIN_YEAR, MAX_YEAR))
    month = draw(st.none() | st.integers(1, 12))
    day = None
    if month is not None:
        day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return PartialDate(year, month, day)


@settings(max_examples=200, deadline=None)
@given(partial_dates())
def test_iso_and_display_round_trip(pd: PartialDate) -> None:
    assert PartialDate.from_iso(pd.iso) == pd
    assert PartialDate.parse(pd.iso) == pd
    assert PartialDate.parse(pd.display) == pd
    assert pd.earliest() <= pd.latest()


# --------------------------------------------------------------------------- not in the future


@pytest.mark.parametrize("text", ["2026", "07/2026", "24/07/2026", "1960"])
def test_check_not_future_accepts_dates_that_may_have_happened(text: str) -> None:
    check_not_future(PartialDate.parse(text), TODAY)


@pytest.mark.parametrize("text", ["25/07/2026", "08/2026", "2027"])
def test_check_not_future_rejects_later_dates(text: str) -> None:
    pd = PartialDate.parse(text)
    with pytest.raises(ValueError, match="sau ngày hôm nay") as excinfo:
        check_not_future(pd, TODAY)
    assert pd.display in str(excinfo.value)
    assert "24/07/2026" in str(excinfo.value)


# --------------------------------------------------------------------------- full dates


@pytest.mark.parametrize("text", ["24/07/2026", "2026-07-24", "24-07-2026", "24.07.2026"])
def test_parse_date(text: str) -> None:
    assert parse_date(text) == date(2026, 7, 24)


@pytest.mark.parametrize("text", ["07/2026", "2026", "31/06/2026", "hôm nay", ""])
def test_parse_date_rejects_partial_or_impossible_dates(text: str) -> None:
    with pytest.raises(ValueError, match="Ngày không hợp lệ"):
        parse_date(text)


def test_format_date() -> None:
    assert format_date(date(2026, 7, 4)) == "04/07/2026"
    assert parse_date(format_date(date(1999, 12, 31))) == date(1999, 12, 31)
