"""Applying forms to answers: what shows, what is wrong, and what comes out cleaned."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest

from antt_tui.forms import (
    Choice,
    FormDef,
    FormError,
    initial_values,
    load_form,
    load_forms,
    validate,
    visible_fields,
)

TODAY = date(2026, 11, 20)
FORMS = load_forms()
PERSON = FORMS["person"]
HOUSEHOLD_NEW = FORMS["household_new"]
VILLAGES = {"villages": [Choice("v1", "Thôn Đông Hạ"), Choice("v2", "Thôn Tân Lập")]}


def person(**answers: Any) -> dict[str, Any]:
    """A valid person's answers, with some replaced."""
    return {"full_name": "Nguyễn Thị Bình", "sex": "nu", "relation": "vo", **answers}


def check(form: FormDef, values: dict[str, Any], **kw: Any):
    return validate(form, values, today=TODAY, **kw)


@pytest.fixture(scope="module")
def extra(tmp_path_factory: pytest.TempPathFactory) -> FormDef:
    """A form with the field types the shipped forms do not use."""
    path = tmp_path_factory.mktemp("forms") / "extra.toml"
    path.write_text(
        """
id = "extra"
title = "Thử"

[[fields]]
id = "members"
type = "number"
label = "Số người"
min = 0
max = 20

[[fields]]
id = "visited_on"
type = "date"
label = "Ngày thăm"
not_future = true

[[fields]]
id = "signed"
type = "yes_no"
label = "Đã ký cam kết"

[[fields]]
id = "signed_by"
type = "text"
label = "Người ký"
required = true
show_if = { field = "signed", equals = true }

[[fields]]
id = "witness"
type = "text"
label = "Người làm chứng"
required = true
show_if = { field = "signed_by", not_empty = true }

[[fields]]
id = "risks"
type = "multi_choice"
label = "Nguy cơ"
choices = [{ value = "ma_tuy", label = "Ma túy" }, { value = "co_bac", label = "Cờ bạc" }, "Khác"]

[[fields]]
id = "risk_note"
type = "textarea"
label = "Ghi rõ"
show_if = { field = "risks", one_of = ["Khác"] }
""",
        encoding="utf-8",
    )
    return load_form(path)


# ------------------------------------------------------------------ required and empties


def test_a_valid_person_is_ok() -> None:
    result = check(PERSON, person(birth="24/07/1988", cccd="001 188.012345", phone="0912 345 678"))
    assert result.ok, result.errors
    assert result.cleaned["birth"] == "1988-07-24"
    assert result.cleaned["cccd"] == "001188012345"
    assert result.cleaned["phone"] == "0912345678"


def test_required_fields() -> None:
    result = check(PERSON, {"full_name": "   ", "relation": ""})
    assert result.errors == {
        "full_name": "Bắt buộc nhập.",
        "sex": "Bắt buộc chọn.",
        "relation": "Bắt buộc chọn.",
    }
    assert not result.ok


def test_empty_optional_fields_have_typed_blanks(extra: FormDef) -> None:
    result = check(extra, {"members": "", "visited_on": "", "signed": False, "risks": []})
    assert result.ok, result.errors
    assert result.cleaned == {"members": None, "visited_on": None, "signed": False, "risks": []}
    blank = check(PERSON, person()).cleaned
    assert blank["birth"] is None and blank["cccd"] == "" and blank["notes"] == ""


def test_missing_keys_take_the_defaults() -> None:
    cleaned = check(PERSON, person()).cleaned
    assert cleaned["ethnicity"] == "Kinh" and cleaned["religion"] == "Không"
    assert check(PERSON, person(ethnicity="")).cleaned["ethnicity"] == ""


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("1960", "1960"),
        ("05/1985", "1985-05"),
        ("24/07/1988", "1988-07-24"),
        ("2026", "2026"),
        ("20/11/2026", "2026-11-20"),
        ("11/2026", "2026-11"),
    ],
)
def test_partial_birth_dates(typed: str, iso: str) -> None:
    result = check(PERSON, person(birth=typed))
    assert result.ok, result.errors
    assert result.cleaned["birth"] == iso


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("31/02/1990", "31/02/1990"),
        ("1/2/3", "Ngày sinh không hợp lệ"),
        ("21/11/2026", "sau ngày hôm nay"),
        ("12/2026", "sau ngày hôm nay"),
        ("2027", "sau ngày hôm nay"),
    ],
)
def test_bad_birth_dates(typed: str, fragment: str) -> None:
    assert fragment in check(PERSON, person(birth=typed)).errors["birth"]


def test_full_dates(extra: FormDef) -> None:
    assert check(extra, {"visited_on": "20-11-2026"}).cleaned["visited_on"] == "2026-11-20"
    assert check(extra, {"visited_on": date(2026, 1, 2)}).cleaned["visited_on"] == "2026-01-02"
    assert (
        check(extra, {"visited_on": "05/1985"})
        .errors["visited_on"]
        .startswith("Ngày không hợp lệ: “05/1985”")
    )
    assert "sau ngày hôm nay" in check(extra, {"visited_on": "21/11/2026"}).errors["visited_on"]


# ------------------------------------------------------------------ choices


@pytest.mark.parametrize(
    ("field", "typed", "value"),
    [
        ("sex", "nu", "nu"),
        ("sex", "Nữ", "nu"),
        ("sex", "NU", "nu"),
        ("relation", "con_de", "con_de"),
        ("relation", "con de", "con_de"),
        ("relation", "CON ĐẺ", "con_de"),
        ("relation", "nguoi o nho", "o_nho"),
        ("ethnicity", "muong", "Mường"),
        ("ethnicity", "Ê Đê", "Ê Đê"),
        ("religion", "phat giao", "Phật giáo"),
    ],
)
def test_choices_by_value_or_label(field: str, typed: str, value: str) -> None:
    result = check(PERSON, person(**{field: typed}))
    assert result.ok, result.errors
    assert result.cleaned[field] == value


def test_unknown_choice() -> None:
    message = check(PERSON, person(sex="khác")).errors["sex"]
    assert message == "“khác” không có trong danh sách. Chọn một trong: Nam; Nữ."


@pytest.mark.parametrize("typed", ["chu_ho", "Chủ hộ", "chu ho"])
def test_excluded_choice_is_refused(typed: str) -> None:
    assert "Chọn một trong: Vợ; Chồng" in check(PERSON, person(relation=typed)).errors["relation"]


@pytest.mark.parametrize(("typed", "named"), [
    ("trom", "TP_TTXH_TROM_CAP (Trộm cắp tài sản)"),
    ("TP_TTXH_TROM", "TP_TTXH_TROM_CAP (Trộm cắp tài sản)"),
    ("danh bac", "TP_TTXH_DANH_BAC (Đánh bạc, tổ chức đánh bạc)"),
    ("giet", "TP_TTXH_GIET_NGUOI (Giết người)"),
])
def test_a_long_list_names_the_closest_codes(typed: str, named: str) -> None:
    from antt_tui.criteria import load_taxonomy
    from antt_tui.forms.choices import match_choice
    from antt_tui.forms.model import Choice

    choices = [Choice(c.code, c.label) for c in load_taxonomy().categories.values()]
    with pytest.raises(ValueError) as caught:
        match_choice(choices, typed)
    message = str(caught.value)
    assert message.startswith(f"“{typed}” không có trong danh sách. Có phải là: ")
    assert named in message and "…" not in message


def test_caller_supplied_choices() -> None:
    values = {
        "village": "thon dong ha",
        "address": "Xóm 1",
        "head.full_name": "Lê Văn Cường",
        "head.sex": "nam",
    }
    result = check(HOUSEHOLD_NEW, values, sources=VILLAGES)
    assert result.ok, result.errors
    assert result.cleaned["village"] == "v1"
    with pytest.raises(FormError, match=r"^household_new\.toml:\d+: .*villages"):
        check(HOUSEHOLD_NEW, values)


def test_multi_choice(extra: FormDef) -> None:
    result = check(extra, {"risks": ["ma túy", "co_bac", "Ma túy"]})
    assert result.cleaned["risks"] == ["ma_tuy", "co_bac"]
    assert "không có trong danh sách" in check(extra, {"risks": ["trộm"]}).errors["risks"]


# ------------------------------------------------------------------ show_if


def test_show_if_hides_and_skips_validation() -> None:
    too_long = "x" * 100
    hidden = check(PERSON, person(relation="con_de", relation_text=too_long))
    assert hidden.ok and "relation_text" not in hidden.cleaned
    assert "relation_text" not in [f.id for f in visible_fields(PERSON, person(relation="con_de"))]
    shown = check(PERSON, person(relation="khac", relation_text="Cháu họ"))
    assert shown.cleaned["relation_text"] == "Cháu họ"
    assert (
        "Tối đa 60 ký tự"
        in check(PERSON, person(relation="khac", relation_text=too_long)).errors["relation_text"]
    )


def test_show_if_reads_a_typed_label_as_its_value() -> None:
    ids = [f.id for f in visible_fields(PERSON, person(relation="Khác"))]
    assert "relation_text" in ids


def test_show_if_chains(extra: FormDef) -> None:
    assert check(extra, {"signed": False, "signed_by": "", "witness": ""}).ok
    result = check(extra, {"signed": True, "signed_by": "", "witness": ""})
    assert result.errors == {"signed_by": "Bắt buộc nhập."}  # witness stays hidden
    result = check(extra, {"signed": True, "signed_by": "Lò Văn Páo", "witness": ""})
    assert result.errors == {"witness": "Bắt buộc nhập."}
    assert [f.id for f in visible_fields(extra, {"risks": ["Khác"]})][-1] == "risk_note"
    assert [f.id for f in visible_fields(extra, {"risks": ["ma_tuy"]})][-1] == "risks"


# ------------------------------------------------------------------ shapes and text


def test_dotted_ids_nest() -> None:
    values = {
        "village": "v2",
        "address": "Xóm 2",
        "head.full_name": "Đinh Thị Hoa",
        "head.sex": "Nữ",
        "head.birth": "1960",
        "residence_status": "Tạm trú",
    }
    result = check(HOUSEHOLD_NEW, values, sources=VILLAGES)
    assert result.ok, result.errors
    assert result.cleaned["residence_status"] == "tam_tru"
    assert result.cleaned["head"] == {
        "full_name": "Đinh Thị Hoa",
        "birth": "1960",
        "sex": "nu",
        "cccd": "",
        "phone": "",
        "ethnicity": "Kinh",
        "religion": "Không",
        "occupation": "",
    }
    assert "head.full_name" not in result.cleaned


def test_errors_use_the_dotted_id() -> None:
    result = check(HOUSEHOLD_NEW, {"village": "v1", "address": "Xóm 2"}, sources=VILLAGES)
    assert set(result.errors) == {"head.full_name", "head.sex"}


def test_nfd_input_comes_out_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị Bình ")
    result = check(PERSON, person(full_name=nfd, notes=unicodedata.normalize("NFD", "Ở nhờ\r\nnhà ông Bảy ")))
    assert result.cleaned["full_name"] == "Nguyễn Thị Bình"
    assert result.cleaned["notes"] == "Ở nhờ\nnhà ông Bảy"
    assert unicodedata.is_normalized("NFC", result.cleaned["notes"])
    sex_nfd = unicodedata.normalize("NFD", "Nữ")
    assert check(PERSON, person(sex=sex_nfd)).cleaned["sex"] == "nu"


def test_commune_villages_keep_their_lines() -> None:
    result = check(
        FORMS["commune_new"],
        {"province": "Thái Bình", "commune": "Xã Tân Lập", "villages": "Thôn Đông Hạ  \r\nThôn Tân Lập\n\n"},
    )
    assert result.cleaned["villages"] == "Thôn Đông Hạ\nThôn Tân Lập"
    assert result.cleaned["legacy_district"] == ""


# ------------------------------------------------------------------ identity numbers, phone, numbers


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("12345", "phải có đúng 12 chữ số"),
        ("001088O12345", "chỉ được gồm chữ số"),
        ("999088012345", "Mã tỉnh"),
        ("012345678", "CMND"),
    ],
)
def test_cccd_format_errors(typed: str, fragment: str) -> None:
    assert fragment in check(PERSON, person(cccd=typed)).errors["cccd"]


def test_cccd_that_disagrees_with_birth_and_sex_is_not_an_error_here() -> None:
    # 0 = male, born 19xx; "88" = 1988: the person is a woman born in 1990.
    result = check(PERSON, person(cccd="001088012345", birth="1990", sex="nu"))
    assert result.ok, result.errors
    assert result.cleaned["cccd"] == "001088012345"


def test_cmnd_pattern() -> None:
    assert check(PERSON, person(cmnd="012345678")).cleaned["cmnd"] == "012345678"
    assert check(PERSON, person(cmnd="01234567")).errors["cmnd"] == "Số CMND cũ phải có đúng 9 chữ số."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84-912.345.678", "0912345678"),
    ],
)
def test_phone(typed: str, stored: str) -> None:
    assert check(PERSON, person(phone=typed)).cleaned["phone"] == stored


def test_bad_phone() -> None:
    assert "không hợp lệ" in check(PERSON, person(phone="12345")).errors["phone"]


@pytest.mark.parametrize(
    ("typed", "value"), [("3", 3), (" 20 ", 20), ("0", 0), ("2,5", 2.5), ("2.0", 2), (7, 7)]
)
def test_numbers(extra: FormDef, typed: Any, value: Any) -> None:
    cleaned = check(extra, {"members": typed}).cleaned["members"]
    assert cleaned == value and type(cleaned) is type(value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("21", "Không được lớn hơn 20."),
        ("-1", "Phải từ 0 trở lên."),
        ("ba", "“ba” không phải là số (ví dụ: 12 hoặc 2,5)."),
        ("1e3", "“1e3” không phải là số (ví dụ: 12 hoặc 2,5)."),
    ],
)
def test_number_errors(extra: FormDef, typed: str, message: str) -> None:
    assert check(extra, {"members": typed}).errors == {"members": message}


# ------------------------------------------------------------------ initial values


def test_initial_values_from_defaults_and_records(extra: FormDef) -> None:
    fresh = initial_values(HOUSEHOLD_NEW)
    assert fresh["residence_status"] == "thuong_tru" and fresh["head.ethnicity"] == "Kinh"
    assert fresh["head.full_name"] == "" and fresh["village"] == ""
    stored = {"full_name": "Lê Văn Cường", "birth": "1985-05", "sex": "nam", "relation": "con_de"}
    shown = initial_values(PERSON, stored)
    assert shown["birth"] == "05/1985" and shown["sex"] == "nam" and shown["religion"] == "Không"
    assert check(PERSON, shown).cleaned["birth"] == "1985-05"
    nested = initial_values(HOUSEHOLD_NEW, {"head": {"birth": "1988-07-24", "full_name": "A"}})
    assert nested["head.birth"] == "24/07/1988" and nested["head.full_name"] == "A"
    assert initial_values(extra, {"members": 2.5, "visited_on": "2026-11-03"}) == {
        "members": "2,5",
        "visited_on": "03/11/2026",
        "signed": False,
        "signed_by": "",
        "witness": "",
        "risks": [],
        "risk_note": "",
    }


def test_form_field_lookup() -> None:
    assert PERSON.field("relation").exclude == ("chu_ho",)
    with pytest.raises(KeyError):
        PERSON.field("nope")
