"""Input that must never be stored is refused with a Vietnamese message naming the field.

Control characters, bidirectional overrides and invisible characters; names without a letter;
household codes outside [A-Z0-9-]; over-long text; fractional or huge numbers; years before
1900. And whatever is already stored prints without escape sequences.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from antt_tui.domain.dates import PartialDate, parse_date
from antt_tui.domain.errors import ValidationError
from antt_tui.domain.rules import clean_household, clean_household_code, clean_person
from antt_tui.domain.text import (
    LINE_MAX,
    NAME_MAX,
    NOTE_MAX,
    check_name,
    check_text,
    printable,
)
from antt_tui.forms import Choice, load_forms, validate
from antt_tui.reports.periods import period

TODAY = date(2026, 11, 20)
FORMS = load_forms()
INCIDENT_SOURCES = {"villages": [Choice("v1", "Thôn Đông Hạ")],
                    "incident_categories": [Choice("TP_TTXH_TROM_CAP", "Trộm cắp tài sản")]}

REFUSED = [
    pytest.param("\x1b[31m", "U+001B ESC", "điều khiển", id="ESC"),
    pytest.param("\x07", "U+0007 BEL", "điều khiển", id="BEL"),
    pytest.param("\x08", "U+0008 BS", "điều khiển", id="backspace"),
    pytest.param("\x00", "U+0000 NUL", "điều khiển", id="NUL"),
    pytest.param("\x7f", "U+007F DEL", "điều khiển", id="DEL"),
    pytest.param("\x9b", "U+009B", "điều khiển", id="C1-CSI"),
    pytest.param("\x0b", "U+000B", "điều khiển", id="vertical-tab"),
    pytest.param("\u202e", "U+202E", "đảo chiều", id="RLO"),
    pytest.param("\u202a", "U+202A", "đảo chiều", id="LRE"),
    pytest.param("\u2066", "U+2066", "đảo chiều", id="LRI"),
    pytest.param("\u2069", "U+2069", "đảo chiều", id="PDI"),
    pytest.param("\u200f", "U+200F", "đảo chiều", id="RLM"),
    pytest.param("\u061c", "U+061C", "đảo chiều", id="ALM"),
    pytest.param("\u200b", "U+200B", "ẩn", id="ZWSP"),
    pytest.param("\u200d", "U+200D", "ẩn", id="ZWJ"),
    pytest.param("\u2060", "U+2060", "ẩn", id="word-joiner"),
    pytest.param("\ufeff", "U+FEFF", "ẩn", id="BOM"),
    pytest.param("\udcff", "U+DCFF", "lỗi mã hóa", id="lone-surrogate"),
]


def person(**fields: object) -> dict[str, object]:
    return {"full_name": "Nguyễn Văn An", "sex": "nam", **fields}


# --------------------------------------------------------------------------- characters


@pytest.mark.parametrize(("char", "code", "kind"), REFUSED)
def test_a_name_with_an_unsafe_character_is_refused(char: str, code: str, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_person(person(full_name=f"Nguyễn{char} Văn An"), today=TODAY)
    message = caught.value.errors["full_name"]
    assert message.startswith("Họ và tên có ")
    assert kind in message and code in message
    assert unicodedata.is_normalized("NFC", message)


@pytest.mark.parametrize(("char", "code", "kind"), REFUSED)
def test_every_form_text_refuses_unsafe_characters(char: str, code: str, kind: str) -> None:
    answers = {"date": "15/10/2026", "village": "v1", "category": "TP_TTXH_TROM_CAP",
               "place": f"Chợ{char} xã", "note": f"Dòng 1\nDòng{char} 2"}
    result = validate(FORMS["incident"], answers, today=TODAY, sources=INCIDENT_SOURCES)
    assert set(result.errors) == {"place", "note"}
    assert all(code in m and kind in m for m in result.errors.values())


@pytest.mark.parametrize(("char", "code", "kind"), REFUSED[:6])
def test_household_fields_refuse_unsafe_characters(char: str, code: str, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_household({"address": f"Xóm{char} 2", "notes": f"ghi{char} chú"})
    assert caught.value.errors["address"].startswith("Địa chỉ có ")
    assert caught.value.errors["notes"].startswith("Ghi chú có ")


def test_tab_and_line_breaks_are_only_whitespace() -> None:
    assert check_name("Nguyễn\tVăn\nAn") == "Nguyễn Văn An"
    assert check_text("Dòng 1\r\n\tDòng 2  \n", multiline=True) == "Dòng 1\n\tDòng 2"
    assert clean_person(person(full_name="  nguyễn\u2028văn an "), today=TODAY).fields[
        "full_name"] == "Nguyễn Văn An"


def test_vietnamese_in_either_normal_form_is_accepted() -> None:
    nfd = unicodedata.normalize("NFD", "Đặng Thị Ngọc Ánh")
    assert check_name(nfd) == "Đặng Thị Ngọc Ánh"
    assert check_name("Hồ Thị Xuân Hương – Ê Đê, H'Hen Niê") == "Hồ Thị Xuân Hương – Ê Đê, H'Hen Niê"


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("name", ["...", "- -", "123", "😀", "'"])
def test_a_name_without_a_letter_is_refused(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_person(person(full_name=name), today=TODAY)
    assert caught.value.errors["full_name"] == "Họ và tên phải có ít nhất một chữ cái."


def test_a_household_head_needs_a_letter_too() -> None:
    with pytest.raises(ValueError, match=r"^Họ và tên phải có ít nhất một chữ cái"):
        check_name("...", what="Họ và tên")


# --------------------------------------------------------------------------- lengths


def test_name_length() -> None:
    assert NAME_MAX == 100
    assert clean_person(person(full_name="A" * 100), today=TODAY).fields["full_name"] == "A" * 100
    with pytest.raises(ValidationError) as caught:
        clean_person(person(full_name="A" * 101), today=TODAY)
    assert caught.value.errors["full_name"] == "Họ và tên tối đa 100 ký tự (đã nhập 101)."


def test_note_length() -> None:
    assert NOTE_MAX == 2000
    assert len(clean_household({"address": "Xóm 2", "notes": "x" * 2000}).fields["notes"]) == 2000
    with pytest.raises(ValidationError) as caught:
        clean_household({"address": "Xóm 2", "notes": "x" * 2001})
    assert caught.value.errors["notes"] == "Ghi chú tối đa 2000 ký tự (đã nhập 2001)."
    with pytest.raises(ValidationError) as caught:
        clean_person(person(notes="x" * 2001), today=TODAY)
    assert "Ghi chú tối đa 2000 ký tự" in caught.value.errors["notes"]


def test_other_one_line_text_length() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_household({"address": "x" * (LINE_MAX + 1)})
    assert caught.value.errors["address"] == f"Địa chỉ tối đa {LINE_MAX} ký tự (đã nhập 201)."
    # Spaces collapsed away do not count.
    assert clean_household({"address": "Xóm" + " " * 300 + "2"}).fields["address"] == "Xóm 2"


@pytest.mark.parametrize(("field", "limit"), [("place", LINE_MAX), ("note", NOTE_MAX),
                                              ("handling", NOTE_MAX)])
def test_form_text_without_max_length_has_a_default_limit(field: str, limit: int) -> None:
    answers = {"date": "15/10/2026", "village": "v1", "category": "TP_TTXH_TROM_CAP"}
    ok = validate(FORMS["incident"], {**answers, field: "x" * limit}, today=TODAY,
                  sources=INCIDENT_SOURCES)
    assert ok.ok
    long = validate(FORMS["incident"], {**answers, field: "x" * (limit + 1)}, today=TODAY,
                    sources=INCIDENT_SOURCES)
    assert long.errors == {field: f"Tối đa {limit} ký tự (đã nhập {limit + 1})."}


# --------------------------------------------------------------------------- household codes


@pytest.mark.parametrize(("typed", "stored"), [("DH-0012", "DH-0012"), ("dh-12", "DH-12"),
                                               (" tl-0001 ", "TL-0001"), ("", "")])
def test_household_codes_accepted(typed: str, stored: str) -> None:
    assert clean_household_code(typed) == stored


@pytest.mark.parametrize("typed", ["ab c", "đh-1", "DH_1", "DH–1", "-DH", "DH-", "Ｄ-1", "ﬁ-1",
                                   "DH/1", "D" * 21, "DH\x1b1", "DH\u200b-1"])
def test_household_codes_refused(typed: str) -> None:
    with pytest.raises(ValueError, match=r"^Mã hộ"):
        clean_household_code(typed)


# --------------------------------------------------------------------------- numbers


def incident(**answers: object):
    base = {"date": "15/10/2026", "village": "v1", "category": "TP_TTXH_TROM_CAP"}
    return validate(FORMS["incident"], {**base, **answers}, today=TODAY, sources=INCIDENT_SOURCES)


@pytest.mark.parametrize("field", ["deaths", "injuries"])
@pytest.mark.parametrize("typed", ["1.5", "1,5", "0,1"])
def test_people_are_counted_in_whole_numbers(field: str, typed: str) -> None:
    message = incident(**{field: typed}).errors[field]
    assert message == f"Phải là số nguyên, không có phần lẻ (đã nhập “{typed}”)."


@pytest.mark.parametrize("field", ["deaths", "injuries"])
def test_people_counts_have_bounds(field: str) -> None:
    assert incident(**{field: "2"}).cleaned[field] == 2
    assert incident(**{field: "2,0"}).cleaned[field] == 2
    assert incident(**{field: "-1"}).errors[field] == "Phải từ 0 trở lên."
    assert incident(**{field: "1001"}).errors[field] == "Không được lớn hơn 1000."


@pytest.mark.parametrize("field", ["fine", "damage"])
@pytest.mark.parametrize(("typed", "message"), [
    ("1e40", "“1e40” không phải là số (ví dụ: 12 hoặc 2,5)."),
    ("10^40", "“10^40” không phải là số (ví dụ: 12 hoặc 2,5)."),
    ("1" + "0" * 40, "Không được lớn hơn 1.000.000.000.000.000."),
    ("9" * 150, "Không được lớn hơn 1.000.000.000.000.000."),
    ("1000000000000001", "Không được lớn hơn 1.000.000.000.000.000."),
    ("1500,5", "Phải là số nguyên, không có phần lẻ (đã nhập “1500,5”)."),
    ("-500", "Phải từ 0 trở lên."),
], ids=["1e40", "10^40", "10^40-digits", "150-digits", "10^15+1", "fraction", "negative"])
def test_amounts_a_report_cannot_print_are_refused(field: str, typed: str, message: str) -> None:
    assert incident(**{field: typed}).errors == {field: message}


@pytest.mark.parametrize("field", ["fine", "damage"])
def test_the_largest_amount_is_accepted(field: str) -> None:
    assert incident(**{field: "1000000000000000"}).cleaned[field] == 10**15


def test_numbers_are_bounded_even_without_max(tmp_path) -> None:
    from antt_tui.forms import load_form

    path = tmp_path / "n.toml"
    path.write_text('id = "n"\ntitle = "Thử"\n[[fields]]\nid = "x"\ntype = "number"\n'
                    'label = "Số"\n', encoding="utf-8")
    form = load_form(path)
    assert validate(form, {"x": "2,5"}, today=TODAY).cleaned["x"] == 2.5
    assert validate(form, {"x": "-" + "9" * 16}, today=TODAY).errors == {
        "x": "Phải từ -1.000.000.000.000.000 trở lên."}
    assert validate(form, {"x": "9" * 16 + ",5"}, today=TODAY).errors == {
        "x": "Không được lớn hơn 1.000.000.000.000.000."}


# --------------------------------------------------------------------------- years


@pytest.mark.parametrize("typed", ["01/01/1899", "1899-12-31", "0000-01-01", "31/12/0001"])
def test_dates_before_1900_are_refused(typed: str) -> None:
    with pytest.raises(ValueError, match=r"năm phải từ 1900 đến 2200"):
        parse_date(typed)
    assert parse_date("01/01/1900") == date(1900, 1, 1)


def test_births_before_1900_are_refused_but_stored_ones_still_read() -> None:
    with pytest.raises(ValueError, match=r"^Ngày sinh không hợp lệ: “1899” \(năm phải từ 1900"):
        PartialDate.parse("1899")
    assert PartialDate.from_iso("1885").display == "1885"  # saved by an older version


@pytest.mark.parametrize(("kind", "spec"), [("thang", "0000-01"), ("thang", "1899-12"),
                                            ("quy", "0001-Q1"), ("nam", "1899"),
                                            ("ky_thon", "0000"), ("nam", "9999"),
                                            ("thang", "2201-01")])
def test_report_periods_outside_1900_2200_are_refused(kind: str, spec: str) -> None:
    with pytest.raises(ValueError) as caught:
        period(kind, spec)
    assert str(caught.value) == (f"Năm của kỳ báo cáo phải từ 1900 đến 2200, "
                                 f"không phải {spec[:4]}.")


def test_report_periods_need_ascii_digits() -> None:
    with pytest.raises(ValueError, match=r"^Năm báo cáo ghi dạng 2026"):
        period("nam", "٢٠٢٦")
    assert period("thang", "1900-01").start == date(1900, 1, 1)


# --------------------------------------------------------------------------- printing


@pytest.mark.parametrize(("stored", "shown"), [
    ("An\x1b[31m đỏ", "An\\x1b[31m đỏ"),
    ("An\x1b]0;tên cửa sổ\x07", "An\\x1b]0;tên cửa sổ\\x07"),
    ("abc\u202edef", "abc\\u202edef"),
    ("a\u200bb\ufeff", "a\\u200bb\\ufeff"),
    ("a\x9bb\x7f", "a\\x9bb\\x7f"),
    ("dòng 1\ndòng 2\r", "dòng 1\\x0adòng 2\\x0d"),
    ("Nguyễn Văn An\u00a0", "Nguyễn Văn An\u00a0"),
])
def test_printable_escapes_what_a_terminal_would_act_on(stored: str, shown: str) -> None:
    assert printable(stored) == shown
    assert "\x1b" not in printable(stored) and "\x07" not in printable(stored)


def test_printable_keeps_line_breaks_when_asked() -> None:
    assert printable("dòng 1\ndòng\x1b 2", multiline=True) == "dòng 1\ndòng\\x1b 2"
