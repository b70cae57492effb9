"""The incident taxonomy is data: it loads, it says what feeds each criterion."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from antt_tui.criteria.taxonomy import TaxonomyError, load_taxonomy


def test_the_shipped_taxonomy_loads_with_every_group_of_domain_md() -> None:
    tax = load_taxonomy()
    assert {"ANCT", "KK", "MT", "TP_TTXH", "MA_TUY", "TNXH", "TNGT", "CHAY_NO", "TNLD", "BLGD",
            "ANM", "VPHC"} <= set(tax.groups)
    assert tax.category("TP_TTXH_TROM_CAP").label == "Trộm cắp tài sản"
    assert all(unicodedata.is_normalized("NFC", c.label) for c in tax.categories.values())


def test_political_security_feeds_k3_and_19_2_and_is_zero_tolerance() -> None:
    tax = load_taxonomy()
    political = [c for c in tax.categories.values() if c.group == "ANCT"]
    assert len(political) == 5
    assert all(c.zero_tolerance and "C2" in c.feeds for c in political)
    assert {c.code for c in tax.feeding("K3a")} == {"ANCT_CHONG_PHA"}
    assert not tax.category("TP_TTXH_TROM_CAP").zero_tolerance


def test_unknown_category_is_a_vietnamese_error() -> None:
    with pytest.raises(ValueError, match="Không có loại vụ việc"):
        load_taxonomy().category("XYZ")


@pytest.mark.parametrize(("text", "message"), [
    ('[[groups]]\nid = "A"\nlabel = "Nhóm A"\n', "chưa có loại vụ việc"),
    ('[[groups]]\nid = "A"\nlabel = "A"\n[[categories]]\ncode = "X"\ngroup = "B"\nlabel = "x"\n',
     "nhóm không có: B"),
    ('[[groups]]\nid = "A"\nlabel = "A"\n[[categories]]\ncode = "X"\nlabel = "x"\n',
     "thiếu trường"),
    ("[[groups]\n", "incidents.toml"),
    ('[[groups]]\nid = "A"\nlabel = "A"\n[[categories]]\ncode = "X"\ngroup = "A"\nlabel = "x"\n'
     'severity_by_law = "rat_nang"\n', "X: severity_by_law chọn một trong"),
])
def test_a_broken_file_names_itself_and_the_problem(tmp_path: Path, text: str,
                                                    message: str) -> None:
    path = tmp_path / "incidents.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(path)


def test_generated_incidents_use_only_known_categories() -> None:
    from datetime import date

    from antt_tui.generate import make_commune

    commune = make_commune(households=300, years=3, seed=5, today=date(2026, 11, 20))
    codes = set(load_taxonomy().categories)
    assert {i["category"] for i in commune.incidents} <= codes
