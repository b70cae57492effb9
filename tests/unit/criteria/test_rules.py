"""Rule sets as data: the shipped files load, and every mistake in a file is a RuleError that
names the file and the line."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from antt_tui.criteria.rules import (
    RuleError,
    load_confirmations,
    load_rule_set,
    load_rule_sets,
    rule_sets_for,
)
from antt_tui.criteria.taxonomy import load_taxonomy
from antt_tui.paths import forms_dir

SHIPPED = {
    "tt124_2021_thon": ("thon", ["K1.1", "K1.2", "K1.3", "K2", "K3a", "K3b", "K3c", "K3d",
                                 "K3đ", "K3e", "K3g", "K4.1", "K4.2", "K4.3", "K4.4", "K5.1",
                                 "K5.2"]),
    "tt124_2021_xa": ("xa", ["X1.1", "X1.2", "X1.3", "X1.4", "X1.5", "X1.6", "X1.7", "X1.8",
                             "X1.9", "X2"]),
    "hd06_2022_19_2": ("xa", ["19.2a.1", "19.2a.2", "19.2b", "19.2c", "19.2d", "19.2đ.1",
                              "19.2đ.2", "19.2đ.3", "19.2e", "19.2g", "19.2h.1", "19.2h.2"]),
    "ho_an_toan": ("ho", ["H1", "H2", "H3", "H4", "H5", "H6"]),
}


# --------------------------------------------------------------------------- shipped files


def test_the_shipped_rule_sets_load() -> None:
    sets = load_rule_sets()
    assert set(sets) == set(SHIPPED)
    for set_id, (unit, ids) in SHIPPED.items():
        assert sets[set_id].unit == unit
        assert sets[set_id].window == unit
        assert [c.id for c in sets[set_id].criteria] == ids
        assert sets[set_id].path.name == f"{set_id}.toml"


@pytest.mark.parametrize(("unit", "year", "expected"), [
    ("thon", 2026, ["tt124_2021_thon"]),
    ("xa", 2026, ["hd06_2022_19_2", "tt124_2021_xa"]),
    ("ho", 2026, ["ho_an_toan"]),
    ("thon", 2021, []),  # TT 124 took effect in 2022
])
def test_rule_sets_in_force(unit: str, year: int, expected: list[str]) -> None:
    assert sorted(s.id for s in rule_sets_for(unit, year)) == expected


def test_a_rule_set_applies_between_its_years() -> None:
    rule_set = dataclasses.replace(load_rule_sets()["hd06_2022_19_2"], to_year=2025)
    assert [rule_set.applies_to(y) for y in (2021, 2022, 2025, 2026)] == [False, True, True,
                                                                          False]
    assert rule_sets_for("xa", 2026, {"hd06": rule_set}) == []


def test_shipped_rules_name_only_known_categories_groups_feeds_and_confirmations() -> None:
    # A typo in a category would silently never match: the criterion would always pass.
    taxonomy = load_taxonomy()
    feeds = {f for c in taxonomy.categories.values() for f in c.feeds}
    confirmations = load_confirmations()
    for rule_set in load_rule_sets().values():
        for criterion in rule_set.criteria:
            where = f"{rule_set.id} {criterion.id}"
            for match in criterion.match:
                assert set(match.categories) <= set(taxonomy.categories), where
                assert set(match.groups) <= set(taxonomy.groups), where
                assert not match.feeds or any(f.startswith(match.feeds) for f in feeds), where
            if criterion.kind == "manual":
                assert criterion.confirmation in confirmations, where
                assert rule_set.unit in confirmations[criterion.confirmation].units, where


def test_shipped_texts_are_nfc_and_ids_unique_across_a_unit() -> None:
    import unicodedata

    ids: dict[str, set[str]] = {}
    for rule_set in load_rule_sets().values():
        for criterion in rule_set.criteria:
            assert unicodedata.is_normalized("NFC", criterion.text)
            assert criterion.id not in ids.setdefault(rule_set.unit, set()), criterion.id
            ids[rule_set.unit].add(criterion.id)


# --------------------------------------------------------------------------- broken files

HEAD = """\
# Bộ tiêu chí thử: mỗi tiêu chí ghi unit, window trong chú thích này để thử số dòng.
id = "thu"
name = "Bộ thử"
unit = "{unit}"
window = "{unit}"
from_year = 2022

[[criteria]]
id = "K1.1"
group = "K1"
text = "Quý I có nghị quyết"
{first}
"""
FIRST = {"thon": 'kind = "document"\ndocument = "nghi_quyet"\nby = "03-31"',
         "ho": 'kind = "household"\nvisit_item = "h1"'}
MARK = "# <-"
"""Ends the line the error must name."""


def write(tmp_path: Path, body: str, unit: str = "thon", name: str = "thu.toml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD.format(unit=unit, first=FIRST[unit]) + body, encoding="utf-8")
    return path


def marked_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, text in enumerate(lines, 1) if text.endswith(MARK))


@pytest.mark.parametrize(("unit", "body", "fragment"), [
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "tu_dong"\n',
                 "tiêu chí K9: kind “tu_dong” không có", id="unknown-kind"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\nkind = "manual"\n'
                 'confirmation = "thuc_hien_chu_truong"\n',
                 "tiêu chí K9: thiếu text", id="missing-text"),
    # The id "K1" is also the group of K1.1, written earlier in the file.
    pytest.param("thon", f'[[criteria]]\nid = "K1" {MARK}\nkind = "manual"\n'
                 'confirmation = "thuc_hien_chu_truong"\n',
                 "tiêu chí K1: thiếu text", id="missing-text-id-equals-a-group"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\n',
                 "tiêu chí K9: thiếu kind", id="missing-kind"),
    pytest.param("thon", f'[[criteria]] {MARK}\ngroup = "K1"\ntext = "Thử"\n',
                 "mỗi [[criteria]] cần có id", id="missing-id"),
    pytest.param("thon", f'[[criteria]]\nid = "K1.1" {MARK}\ntext = "Lần hai"\n'
                 'kind = "manual"\nconfirmation = "thuc_hien_chu_truong"\n',
                 "mã tiêu chí K1.1 bị lặp", id="duplicate-id"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "document"\n'
                 'document = "nghi_quyet"\nby = "3-31"\n',
                 "tiêu chí K9: by ghi dạng tháng-ngày", id="by-not-mm-dd"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "document"\n'
                 'document = "nghi_quyet"\nby = "04-31"\n',
                 "tiêu chí K9: by ghi dạng tháng-ngày", id="by-no-such-day"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "document"\n'
                 'document = "nghi_quyet"\nby = "02-29"\n',
                 "tiêu chí K9: by ghi dạng tháng-ngày", id="by-only-in-leap-years"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "manual"\n',
                 "tiêu chí K9: cần confirmation", id="manual-without-confirmation"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\n'
                 'kind = "zero_incidents"\n',
                 "tiêu chí K9: cần match", id="zero-incidents-without-match"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "reduction"\n'
                 "match = []\n",
                 "tiêu chí K9: cần match", id="reduction-with-empty-match"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\n'
                 'kind = "zero_incidents"\nmatch = [{ feeds = "K3", village = "DH" }]\n',
                 "match có khóa không biết: village", id="unknown-match-key"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\n'
                 'kind = "zero_incidents"\nmatch = [{ min_severity = "rat_nang" }]\n',
                 "min_severity “rat_nang” không có", id="bad-min-severity"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\n'
                 'kind = "zero_incidents"\nmatch = ["K3"]\n',
                 "mỗi mục của match phải là một bảng", id="match-not-a-table"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\n'
                 'kind = "zero_incidents"\nmatch = [{ feeds = "K3", roles = ["ke_xau"] }]\n',
                 "roles chỉ gồm", id="bad-role"),
    pytest.param("thon", f'[[criteria]]\nid = "H9" {MARK}\ntext = "Thử"\nkind = "household"\n'
                 'visit_item = "h1"\n',
                 "tiêu chí H9: kind “household” chỉ dùng cho bộ tiêu chí hộ",
                 id="household-kind-in-a-village-set"),
    pytest.param("ho", f'[[criteria]]\nid = "H9" {MARK}\ntext = "Thử"\nkind = "manual"\n'
                 'confirmation = "thuc_hien_chu_truong"\n',
                 "tiêu chí H9: bộ tiêu chí hộ chỉ dùng kind “household”",
                 id="village-kind-in-a-household-set"),
    pytest.param("ho", f'[[criteria]]\nid = "H9" {MARK}\ntext = "Thử"\nkind = "household"\n'
                 'visit_item = "h7"\n',
                 "tiêu chí H9: visit_item chọn một trong h1…h6", id="bad-visit-item"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "document"\n'
                 'document = "bien_ban"\n',
                 "tiêu chí K9: document chọn một trong", id="bad-document"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "count"\n'
                 'measure = "households"\n',
                 "tiêu chí K9: measure chọn một trong active_teams, activities",
                 id="bad-measure"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "count"\n'
                 'measure = "active_teams"\nwindow = "xa"\n',
                 "tiêu chí K9: khóa không biết: window", id="unknown-criterion-key"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "count"\n'
                 'measure = "active_teams"\nmin = "nhiều"\n',
                 "tiêu chí K9: giá trị không hợp lệ", id="bad-number"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "count"\n'
                 'measure = "active_teams"\nmin = 2\nlocal = ["min_activities"]\n',
                 "tiêu chí K9: local là true, hoặc danh sách các mức do tỉnh đặt có trong "
                 "tiêu chí này", id="local-key-not-in-the-criterion"),
    pytest.param("thon", f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "count"\n'
                 'measure = "active_teams"\nlocal = "có"\n',
                 "tiêu chí K9: local là true", id="local-not-a-bool-or-list"),
    # A [[groups]] table between two criteria: the second criterion's line is still found.
    pytest.param("thon", '[[groups]]\nid = "K1"\ntext = "Nhóm K1"\n\n'
                 f'[[criteria]] {MARK}\ngroup = "K1"\ntext = "Thử"\n',
                 "mỗi [[criteria]] cần có id", id="missing-id-after-a-group"),
])
def test_a_broken_criterion_names_the_file_and_its_line(tmp_path: Path, unit: str, body: str,
                                                        fragment: str) -> None:
    path = write(tmp_path, body, unit)
    with pytest.raises(RuleError) as caught:
        load_rule_set(path)
    message = str(caught.value)
    assert message.startswith(f"thu.toml:{marked_line(path)}: "), message
    assert fragment in message


@pytest.mark.parametrize(("old", "new", "fragment"), [
    ('unit = "thon"', f'unit = "huyen" {MARK}', "unit chọn một trong ho, thon, xa"),
    # The comment on line 1 also says "window": the error names the key's own line.
    ('window = "thon"', f'window = "tuan" {MARK}', "window chọn một trong ho, thon, xa, nam"),
])
def test_a_broken_header_names_its_line(tmp_path: Path, old: str, new: str,
                                        fragment: str) -> None:
    path = write(tmp_path, "")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rule_set(path)
    assert str(caught.value).startswith(f"thu.toml:{marked_line(path)}: {fragment}")


@pytest.mark.parametrize(("old", "new", "message"), [
    ('name = "Bộ thử"\n', "", "thu.toml: thiếu name."),
    ('from_year = 2022\n', 'from_year = 2022\nnam = 2026\n', "thu.toml: khóa không biết: nam."),
    ('name = "Bộ thử"', 'name = "Bộ thử', "thu.toml: sai cú pháp TOML"),
])
def test_a_file_level_mistake_names_the_file(tmp_path: Path, old: str, new: str,
                                             message: str) -> None:
    path = write(tmp_path, "")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rule_set(path)
    assert str(caught.value).startswith(message), str(caught.value)


def test_a_set_without_criteria_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rong.toml"
    path.write_text('id = "rong"\nname = "Rỗng"\nunit = "thon"\nfrom_year = 2022\n',
                    encoding="utf-8")
    with pytest.raises(RuleError, match=r"^rong\.toml: chưa có tiêu chí nào"):
        load_rule_set(path)


def test_a_good_test_file_loads_with_defaults(tmp_path: Path) -> None:
    rule_set = load_rule_set(write(tmp_path, ""))
    (criterion,) = rule_set.criteria
    assert (rule_set.id, rule_set.unit, rule_set.window, rule_set.to_year) == ("thu", "thon",
                                                                               "thon", None)
    assert (criterion.id, criterion.group, criterion.by, criterion.allow_override) == (
        "K1.1", "K1", "03-31", False)


def test_a_folder_names_the_broken_file(tmp_path: Path) -> None:
    for path in (forms_dir() / "criteria").glob("*.toml"):
        shutil.copy(path, tmp_path)
    assert set(load_rule_sets(tmp_path)) == set(SHIPPED)  # confirmations.toml is skipped
    write(tmp_path, f'[[criteria]]\nid = "K9" {MARK}\ntext = "Thử"\nkind = "manual"\n',
          name="zz_tinh.toml")
    with pytest.raises(RuleError, match=r"^zz_tinh\.toml:\d+: tiêu chí K9: cần confirmation"):
        load_rule_sets(tmp_path)


def test_two_files_with_the_same_id_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "", name="a.toml")
    write(tmp_path, "", name="b.toml")
    with pytest.raises(RuleError, match=r"^b\.toml: id “thu” trùng với a\.toml"):
        load_rule_sets(tmp_path)


@pytest.mark.parametrize(("match", "fragment"), [
    ('match = [{ categories = ["TP_TTXH_TROM_CAPP"] }]', "TP_TTXH_TROM_CAPP"),
    ('match = [{ groups = ["TP_TTXHH"] }]', "TP_TTXHH"),
    ('match = [{ feeds = "K9" }]', "feeds = K9"),
])
def test_a_typo_in_an_incident_reference_is_refused_with_its_line(tmp_path: Path, match: str,
                                                                  fragment: str) -> None:
    """A category that does not exist would make the criterion always pass: refuse it."""

    (tmp_path / "taxonomy").mkdir()
    (tmp_path / "taxonomy" / "incidents.toml").write_bytes(
        (forms_dir() / "taxonomy" / "incidents.toml").read_bytes())
    folder = tmp_path / "criteria"
    folder.mkdir()
    (folder / "x.toml").write_text(
        'id = "x"\nname = "X"\nunit = "thon"\nfrom_year = 2022\n\n[[criteria]]\nid = "K3a"\n'
        f'text = "Không có"\nkind = "zero_incidents"\n{match}\n', encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rule_sets(folder)
    assert str(info.value).startswith("x.toml:7: tiêu chí K3a: không có trong danh mục vụ việc")
    assert fragment in str(info.value)


@pytest.mark.parametrize(("body", "fragment"), [
    (f'[[groups]]\nid = "K1" {MARK}\n', "mỗi [[groups]] cần có id và text"),
    (f'[[groups]]\nid = "K7" {MARK}\ntext = "Nhóm lạ"\n',
     "nhóm K7: không có tiêu chí nào thuộc nhóm này"),
    ('[[groups]]\nid = "K1"\ntext = "Một"\n\n[[groups]]\n'
     f'id = "K1" {MARK}\ntext = "Hai"\n', "nhóm K1 bị lặp"),
    (f'[[groups]]\nid = "K1" {MARK}\ntext = "Một"\nmau = "do"\n',
     "nhóm K1: khóa không biết: mau"),
])
def test_a_broken_group_names_its_line(tmp_path: Path, body: str, fragment: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(RuleError) as caught:
        load_rule_set(path)
    assert str(caught.value).startswith(f"thu.toml:{marked_line(path)}: {fragment}")


def test_group_titles_and_local_choices_load(tmp_path: Path) -> None:
    path = write(tmp_path, '[[groups]]\nid = "K1"\ntext = "Quý I: nghị quyết, đăng ký"\n\n'
                 '[[criteria]]\nid = "K9"\ntext = "Tổ hoạt động"\nkind = "count"\n'
                 'measure = "active_teams"\nmin_activities = 4\nlocal = ["min_activities"]\n'
                 '\n[[criteria]]\nid = "K8"\ntext = "Tiêu chí riêng"\nkind = "count"\n'
                 'measure = "activities"\nlocal = true\n')
    rule_set = load_rule_set(path)
    assert [(g.id, g.text) for g in rule_set.groups] == [("K1", "Quý I: nghị quyết, đăng ký")]
    assert rule_set.group_text("K1") == "Quý I: nghị quyết, đăng ký"
    assert rule_set.group_text("K9") == "Tổ hoạt động"  # a group of one: its criterion's text
    k1, k9, k8 = rule_set.criteria
    assert (k1.local_rule, k1.local_keys) == (False, ())
    assert (k9.local_rule, k9.local_keys) == (False, ("min_activities",))
    assert (k8.local_rule, k8.local_keys) == (True, ())


def test_the_shipped_groups_follow_the_texts() -> None:
    sets = load_rule_sets()
    assert [g.id for g in sets["tt124_2021_thon"].groups] == ["K1", "K3", "K4", "K5"]
    assert {c.group for c in sets["tt124_2021_thon"].criteria} == {"K1", "K2", "K3", "K4", "K5"}
    assert {c.group for c in sets["tt124_2021_xa"].criteria} == {"X1", "X2"}
    assert [g.id for g in sets["hd06_2022_19_2"].groups] == ["19.2a", "19.2đ", "19.2h"]
