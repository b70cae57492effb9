"""Form definitions load, and every broken one names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from antt_tui.forms import FIELD_TYPES, FormError, builtin_choices, load_form, load_forms, resolve_choices
from antt_tui.paths import forms_dir

FORM_FILES = sorted(forms_dir().glob("*.toml"))

HEAD = 'id = "t"\ntitle = "Thử"\n'
"""Lines 1-2 of every broken definition below; its fields start at line 3."""


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.name)
def test_every_form_loads(path: Path) -> None:
    form = load_form(path)
    assert form.title and form.fields
    assert all(f.type in FIELD_TYPES and f.label and f.line > 0 for f in form.fields)
    for field in form.fields:
        if builtin_choices(field.choices_from) is not None or field.choices:
            assert resolve_choices(field)


def test_load_forms_keys_by_id() -> None:
    forms = load_forms()
    assert {"household", "household_new", "person", "commune_new", "visit", "commitment",
            "incident"} <= forms.keys()
    assert all(form.id == key for key, form in forms.items())
    assert len(forms) == len(FORM_FILES)


def test_the_shipped_forms_read_as_specified() -> None:
    forms = load_forms()
    new = forms["household_new"]
    assert [f.section for f in new.fields[:3]] == ["Hộ"] * 3
    assert {f.section for f in new.fields[3:-1]} == {"Chủ hộ"}
    assert (new.fields[-1].id, new.fields[-1].section) == ("moved_in_on", "Hộ mới chuyển đến")
    assert new.field("head.birth").not_future
    assert new.field("head.ethnicity").default == "Kinh"
    person = forms["person"]
    relations = resolve_choices(person.field("relation"))
    assert "chu_ho" not in {c.value for c in relations} and len(relations) > 10
    assert person.field("relation_text").show_if is not None
    assert [c.value for c in resolve_choices(forms["household"].field("residence_status"))] == [
        "thuong_tru",
        "tam_tru",
    ]
    incident = forms["incident"]
    assert all(incident.field(f).whole for f in ("deaths", "injuries", "damage", "fine"))


def _field(body: str) -> str:
    return f"[[fields]]\n{body}"


TEXT = 'id = "name"\ntype = "text"\nlabel = "Họ và tên"\n'

BROKEN = {
    "toml syntax": (HEAD + _field('id = "a"\nlabel = "Tên\n'), 5),
    "toml end of document": (HEAD + 'fields = [\n  { id = "a" },\n', 4),
    "missing title": ('id = "t"\n[[fields]]\n' + TEXT, 1),
    "unknown top key": (HEAD + 'titel = "x"\n' + _field(TEXT), 3),
    "bad form id": ('title = "Thử"\nid = "Hộ gia đình"\n' + _field(TEXT), 2),
    "no fields": (HEAD, 1),
    "unknown field key": (HEAD + _field('id = "a"\ntype = "text"\nlable = "Tên"\n'), 6),
    "unknown type": (HEAD + _field('id = "a"\ntype = "txt"\nlabel = "Tên"\n'), 5),
    "missing label": (HEAD + _field('id = "a"\ntype = "text"\n'), 4),
    "missing id": (HEAD + _field('type = "text"\nlabel = "Tên"\n'), 3),
    "duplicate id": (HEAD + _field(TEXT) + _field(TEXT), 8),
    "group and field": (
        HEAD + _field(TEXT.replace("name", "head")) + _field(TEXT.replace("name", "head.name")),
        8,
    ),
    "show_if unknown field": (
        HEAD
        + _field(TEXT)
        + _field('id = "b"\ntype = "text"\nlabel = "B"\nshow_if = { field = "nope", equals = "x" }\n'),
        11,
    ),
    "show_if without field": (
        HEAD + _field(TEXT) + _field('id = "b"\ntype = "text"\nlabel = "B"\nshow_if = { equals = "x" }\n'),
        11,
    ),
    "show_if later field": (
        HEAD
        + _field('id = "a"\ntype = "text"\nlabel = "A"\nshow_if = { field = "b", not_empty = true }\n')
        + _field('id = "b"\ntype = "text"\nlabel = "B"\n'),
        7,
    ),
    "show_if value not a choice": (
        HEAD
        + _field('id = "sex"\ntype = "choice"\nlabel = "Giới tính"\nchoices_from = "sexes"\n')
        + _field('id = "b"\ntype = "text"\nlabel = "B"\nshow_if = { field = "sex", equals = "male" }\n'),
        12,
    ),
    "show_if two tests": (
        HEAD
        + _field(TEXT)
        + _field(
            'id = "b"\ntype = "text"\nlabel = "B"\n'
            'show_if = { field = "name", equals = "x", not_empty = true }\n'
        ),
        11,
    ),
    "choice without choices": (HEAD + _field('label = "Thôn"\nid = "v"\ntype = "choice"\n'), 5),
    "default not a choice": (
        HEAD
        + _field('id = "c"\ntype = "choice"\nlabel = "Màu"\nchoices = ["Đỏ", "Xanh"]\ndefault = "Vàng"\n'),
        8,
    ),
    "default not a builtin choice": (
        HEAD
        + _field(
            'id = "c"\ntype = "choice"\nlabel = "Dân tộc"\nchoices_from = "ethnicities"\ndefault = "Kinhh"\n'
        ),
        8,
    ),
    "exclude not a choice": (
        HEAD
        + _field(
            'id = "r"\ntype = "choice"\nlabel = "Quan hệ"\nchoices_from = "relations"\nexclude = ["chuho"]\n'
        ),
        8,
    ),
    "key for another type": (HEAD + _field(TEXT + "min = 1\n"), 7),
    "min above max": (HEAD + _field('id = "n"\ntype = "number"\nlabel = "Số"\nmin = 5\nmax = 1\n'), 7),
    "whole on text": (HEAD + _field(TEXT + "whole = true\n"), 7),
    "whole not a flag": (HEAD + _field('id = "n"\ntype = "number"\nlabel = "Số"\nwhole = 1\n'), 7),
    "whole with a fractional default": (
        HEAD + _field('id = "n"\ntype = "number"\nlabel = "Số"\nwhole = true\ndefault = 2.5\n'), 8),
    "bad pattern": (HEAD + _field(TEXT + 'pattern = "[0-9"\n'), 7),
    "bad partial date default": (
        HEAD + _field('id = "d"\ntype = "partial_date"\nlabel = "Ngày sinh"\ndefault = "31/02/1990"\n'),
        7,
    ),
    "inline fields": (
        HEAD + 'fields = [\n  { id = "a", type = "text", label = "A" },\n'
        '  { id = "a", type = "text", label = "A" },\n]\n',
        5,
    ),
}


@pytest.mark.parametrize(("text", "line"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_definition_names_file_and_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "hong.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert str(caught.value).startswith(f"hong.toml:{line}: "), str(caught.value)
    assert caught.value.line == line and caught.value.path == path


def test_byte_order_mark_and_nfd_labels_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    nfd = "Ho\u0323 va\u0300 te\u0302n"
    path.write_bytes(("\ufeff" + HEAD + _field(f'id = "a"\ntype = "text"\nlabel = "{nfd}"\n')).encode())
    assert load_form(path).field("a").label == "Họ và tên"


def test_file_not_in_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.toml"
    path.write_bytes((HEAD + _field('id = "a"\ntype = "text"\nlabel = "')).encode() + b'H\xf4\xa0"\n')
    with pytest.raises(FormError, match=r"^cp1258\.toml:6: .*UTF-8"):
        load_form(path)


def test_load_forms_stops_at_first_broken_file(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(HEAD + _field(TEXT), encoding="utf-8")
    (tmp_path / "b.toml").write_text(HEAD + _field(TEXT), encoding="utf-8")
    with pytest.raises(FormError, match=r"^b\.toml:1: .*a\.toml"):
        load_forms(tmp_path)
    (tmp_path / "b.toml").write_text("id = \n", encoding="utf-8")
    with pytest.raises(FormError, match=r"^b\.toml:1: "):
        load_forms(tmp_path)


def test_load_forms_needs_the_folder(tmp_path: Path) -> None:
    with pytest.raises(FormError, match="Không tìm thấy"):
        load_forms(tmp_path / "missing")


def test_missing_caller_source_is_a_form_error() -> None:
    field = load_forms()["household_new"].field("village")
    with pytest.raises(FormError, match="villages"):
        resolve_choices(field)
