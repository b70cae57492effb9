"""What an evaluation hands to the screens, the reports and `antt criteria --json`."""

from __future__ import annotations

import json

import pytest

from antt_tui.criteria.engine import evaluate_commune, evaluate_household, evaluate_village
from antt_tui.criteria.results import CHUA_DAT, DAT, STATUSES, THIEU, Item, Result, combine
from tests.unit.criteria.scenario import CLOSED, Town


@pytest.mark.parametrize(("statuses", "combined"), [
    ([DAT, DAT], DAT),
    ([DAT, THIEU], THIEU),
    ([THIEU, CHUA_DAT, DAT], CHUA_DAT),
    ([], THIEU),
])
def test_combine(statuses: list[str], combined: str) -> None:
    assert combine(statuses) == combined


def test_the_three_statuses_are_the_words_on_the_dossier() -> None:
    assert STATUSES == ("đạt", "chưa đạt", "chưa đủ dữ liệu")


def test_result_json_shape() -> None:
    result = Result("K1.3", "K1", "100% hộ ký cam kết", "ratio", CHUA_DAT, "1/2 hộ",
                    (Item("household", "h-2", "DH-0002 Phạm Văn Dũng: chưa ký"),),
                    "Còn 1 hộ chưa ký cam kết năm 2026.", {"signed": 1, "total": 2})
    assert result.to_json() == {
        "id": "K1.3", "group": "K1", "text": "100% hộ ký cam kết", "kind": "ratio",
        "status": "chưa đạt",
        "evidence": {"summary": "1/2 hộ",
                     "items": [{"kind": "household", "id": "h-2",
                                "label": "DH-0002 Phạm Văn Dũng: chưa ký"}],
                     "figures": {"signed": 1, "total": 2}},
        "missing": "Còn 1 hộ chưa ký cam kết năm 2026.",
    }
    bare = Result("K2", "K2", "…", "manual", THIEU, "Chưa có xác nhận").to_json()
    assert bare["evidence"] == {"summary": "Chưa có xác nhận", "items": []}


def test_every_evaluation_serialises_to_json(town: Town) -> None:
    unsigned = town.household()
    town.incident("15/06/2026", "ANCT_CHONG_PHA")
    town.visit("01/06/2026", h3="chua_dat")
    facts = town.facts()
    evaluations = [*evaluate_village(facts, town.vid(), 2026, CLOSED),
                   *evaluate_commune(facts, 2026, CLOSED),
                   evaluate_household(facts, town.hid(), 2026, CLOSED)]
    for evaluation in evaluations:
        data = json.loads(json.dumps(evaluation.to_json(), ensure_ascii=False))
        assert data["as_of"] == "2026-11-20" and data["year"] == 2026
        assert data["status"] in STATUSES
        for criterion in data["criteria"]:
            assert {"id", "text", "status", "evidence", "missing"} <= set(criterion)
            assert criterion["status"] in STATUSES
            assert isinstance(criterion["evidence"]["summary"], str)
            for item in criterion["evidence"]["items"]:
                assert set(item) == {"kind", "id", "label"}
    village = evaluations[0].to_json()
    assert village["window"] == {"start": "2025-11-01", "end": "2026-10-31"}
    assert village["unit_name"] == "Thôn Đông Hạ"
    k13 = next(c for c in village["criteria"] if c["id"] == "K1.3")
    assert [i["id"] for i in k13["evidence"]["items"]] == [town.hid(), unsigned.id]
    assert k13["evidence"]["figures"] == {"signed": 0, "total": 2, "percent": 0.0}
    commune = next(e for e in evaluations if e.rule_set == "tt124_2021_xa").to_json()
    assert commune["window"] == {"start": "2025-11-16", "end": "2026-11-15"}
    assert commune["unit_name"] == "Xã Tân Lập"


def test_groups_and_missing_of_an_evaluation(town: Town) -> None:
    town.incident("15/06/2026", "ANCT_CHONG_PHA")
    (evaluation,) = evaluate_village(town.facts(), town.vid(), 2026, CLOSED)
    groups = dict(evaluation.groups())
    assert list(groups) == ["K1", "K2", "K3", "K4", "K5"]
    assert groups["K3"] == CHUA_DAT and groups["K2"] == THIEU
    assert evaluation.status == CHUA_DAT
    assert {r.id for r in evaluation.missing()} >= {"K1.1", "K1.2", "K1.3", "K2", "K5.1"}
