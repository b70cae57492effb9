"""Kinds a province may use in its own rule set though the shipped sets do not: the share of
"Hộ an toàn" households, a count of activities of given kinds; and the engine's lookups."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from antt_tui.criteria.engine import evaluate_commune, evaluate_unit, evaluate_village
from antt_tui.criteria.results import CHUA_DAT, DAT, THIEU
from antt_tui.criteria.rules import RuleSet, load_rule_set
from tests.unit.criteria.scenario import CLOSED, RULE_SETS, Town

OPEN = date(2026, 6, 30)

PROVINCE = """\
id = "tinh_thu"
name = "Tiêu chí riêng của tỉnh"
unit = "thon"
from_year = 2022

[[criteria]]
id = "T1"
text = "Ít nhất {share}% hộ đạt “Hộ an toàn”"
kind = "ratio"
measure = "safe_households"
threshold = {share}

[[criteria]]
id = "T2"
text = "Tổ họp ít nhất 3 lần trong kỳ"
kind = "count"
measure = "activities"
min = 3
activity_kinds = ["hop"]
"""


def province(tmp_path: Path, share: int) -> RuleSet:
    path = tmp_path / "tinh_thu.toml"
    path.write_text(PROVINCE.format(share=share), encoding="utf-8")
    return load_rule_set(path)


def results(town: Town, rule_set: RuleSet, as_of: date) -> dict:
    evaluation = evaluate_unit(town.facts(), rule_set, town.vid(), 2026, as_of)
    return {r.id: r for r in evaluation.results}


@pytest.mark.parametrize(("share", "as_of", "status"), [
    (50, CLOSED, DAT), (100, OPEN, THIEU), (100, CLOSED, CHUA_DAT)])
def test_share_of_safe_households(town: Town, tmp_path: Path, share: int, as_of: date,
                                  status: str) -> None:
    town.sign(on="15/02/2026")
    town.visit("01/06/2026")
    town.household()  # neither signed nor visited
    result = results(town, province(tmp_path, share), as_of)["T1"]
    assert result.status == status
    assert result.figures == {"safe": 1, "total": 2, "percent": 50.0}
    assert result.summary == "1/2 hộ đạt “Hộ an toàn” (50,0%)"


def test_count_of_activities_of_some_kinds(town: Town, tmp_path: Path) -> None:
    rule_set = province(tmp_path, 50)
    team = town.team()
    town.activities_of(team, "01/01/2026", "01/02/2026", "01/03/2026")  # patrols
    town.activity(team, "01/04/2026", "hop")
    town.activity(team, "01/05/2026", "hop")
    assert results(town, rule_set, OPEN)["T2"].status == THIEU
    closed = results(town, rule_set, CLOSED)["T2"]
    assert (closed.status, closed.figures) == (CHUA_DAT, {"count": 2})
    assert closed.missing == "Ghi nhận hoạt động của tổ, mô hình."
    town.activity(team, "01/10/2026", "hop")
    assert results(town, rule_set, CLOSED)["T2"].status == DAT


def test_unknown_village_and_years_without_rules_are_lookup_errors(town: Town) -> None:
    facts = town.facts()
    with pytest.raises(LookupError, match="Không tìm thấy thôn"):
        evaluate_village(facts, "khong-co", 2026, CLOSED, rule_sets=RULE_SETS)
    with pytest.raises(LookupError, match="Không có bộ tiêu chí nào cho năm 2021"):
        evaluate_commune(facts, 2021, CLOSED, rule_sets=RULE_SETS)
