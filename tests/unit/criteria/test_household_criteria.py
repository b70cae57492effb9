"""A household against "Hộ an toàn" H1–H6 and the yearly roll-up H7, on the village window:
the commitment of the year, the latest visit in the window, incidents linked to members."""

from __future__ import annotations

from datetime import date

import pytest

from antt_tui.criteria.engine import evaluate_household, full_commune
from antt_tui.criteria.household import household_statuses
from antt_tui.criteria.results import CHUA_DAT, DAT, THIEU
from tests.unit.criteria.scenario import CLOSED, RULE_SETS, Town, item_ids

H = ["H1", "H2", "H3", "H4", "H5", "H6"]
OPEN = date(2026, 6, 30)
"""An "as of" while the 2026 window is still open."""
CUONG, BINH = "DH-0001/3", "DH-0001/2"
"""The son and the wife of household DH-0001."""


def safe(town: Town) -> dict[str, str]:
    """Commitment and a visit with every item đạt: the household passes everything."""
    town.sign(on="15/02/2026")
    return town.visit("01/06/2026")


def statuses(results: dict) -> dict[str, str]:
    return {cid: results[cid].status for cid in [*H, "H7"]}


def test_a_household_that_does_everything_is_safe(town: Town) -> None:
    visit = safe(town)
    results = town.home()
    assert statuses(results) == dict.fromkeys([*H, "H7"], DAT)
    assert results["H1"].summary == ("Đã ký cam kết ngày 15/02/2026; kiểm tra ngày 01/06/2026: "
                                     "đạt")
    assert all(item_ids(results[c], "visit") == [visit.id] for c in H)
    assert results["H7"].summary == "Đạt cả 6 tiêu chí H1–H6"
    assert results["H7"].text == "Hộ được công nhận “Hộ an toàn” năm 2026"


# --------------------------------------------------------------------------- H1 commitment


@pytest.mark.parametrize(("signed", "year", "as_of", "status"), [
    ("15/02/2026", 2026, CLOSED, DAT),
    ("20/11/2025", 2026, CLOSED, DAT),      # November signs for the next year
    ("10/03/2025", 2025, CLOSED, CHUA_DAT),  # last year's commitment
    (None, 2026, OPEN, THIEU),
    (None, 2026, CLOSED, CHUA_DAT),
    ("10/07/2026", 2026, OPEN, THIEU),     # signed after "as of"
])
def test_h1_needs_the_commitment_of_the_year(town: Town, signed: str | None, year: int,
                                             as_of: date, status: str) -> None:
    if signed:
        town.sign(on=signed, year=year)
    town.visit("01/06/2026")
    result = town.home(as_of)["H1"]
    assert result.status == status
    if status != DAT:
        assert result.missing == "Cần ký cam kết năm 2026."
        assert "Chưa ký cam kết năm 2026" in result.summary


# --------------------------------------------------------------------------- visit answers


@pytest.mark.parametrize("item", ["h1", "h2", "h3", "h4", "h5", "h6"])
@pytest.mark.parametrize(("answer", "status", "said"), [
    ("dat", DAT, "đạt"), ("chua_dat", CHUA_DAT, "chưa đạt"), ("khong_ro", THIEU, "không rõ")])
def test_a_visit_answer_decides_its_item(town: Town, item: str, answer: str, status: str,
                                         said: str) -> None:
    town.sign(on="15/02/2026")
    town.visit("01/06/2026", **{item: answer, f"{item}_note": "Con trai uống rượu gây gổ"})
    results = town.home()
    cid = item.upper()
    assert statuses(results) == {**dict.fromkeys(H, DAT), cid: status, "H7": status}
    summary = results[cid].summary
    assert f"iểm tra ngày 01/06/2026: {said}" in summary
    assert ("(Con trai uống rượu gây gổ)" in summary) == (answer == "chua_dat")
    assert results[cid].missing == (f"Cần kiểm tra lại mục {cid}." if status == THIEU else "")


def test_without_a_visit_in_the_window_the_items_lack_data(town: Town) -> None:
    town.sign(on="15/02/2026")
    town.visit("20/10/2025", h3="chua_dat")  # the 2025 window
    results = town.home()
    assert statuses(results) == dict.fromkeys([*H, "H7"], THIEU)
    assert results["H2"].summary == "Chưa có lượt kiểm tra trong kỳ"
    assert results["H2"].missing == "Cần kiểm tra hộ."
    assert "Cần kiểm tra hộ." in results["H7"].missing


@pytest.mark.parametrize(("visits", "as_of", "status", "latest"), [
    pytest.param([("01/03/2026", "chua_dat"), ("01/06/2026", "dat")], CLOSED, DAT, 1,
                 id="fixed-since"),
    pytest.param([("01/03/2026", "dat"), ("01/06/2026", "chua_dat")], CLOSED, CHUA_DAT, 1,
                 id="worse-since"),
    pytest.param([("01/06/2026", "chua_dat"), ("01/03/2026", "dat")], CLOSED, CHUA_DAT, 0,
                 id="by-date-not-by-entry"),
    pytest.param([("01/03/2026", "chua_dat"), ("01/06/2026", "dat")], date(2026, 5, 31),
                 CHUA_DAT, 0, id="after-as-of-ignored"),
    pytest.param([("31/10/2026", "chua_dat"), ("01/11/2026", "dat")], CLOSED, CHUA_DAT, 0,
                 id="next-window-ignored"),
    pytest.param([("01/06/2026", "chua_dat"), ("01/06/2026", "dat")], CLOSED, DAT, 1,
                 id="same-day-last-entry"),
])
def test_only_the_latest_visit_in_the_window_counts(town: Town, visits: list[tuple[str, str]],
                                                    as_of: date, status: str,
                                                    latest: int) -> None:
    town.sign(on="15/02/2026")
    records = [town.visit(day, h3=answer) for day, answer in visits]
    result = town.home(as_of)["H3"]
    assert result.status == status
    assert item_ids(result, "visit") == [records[latest].id]


# --------------------------------------------------------------------------- linked incidents


@pytest.mark.parametrize(("category", "role", "answers", "fails"), [
    ("ANCT_CHONG_PHA", "doi_tuong", {}, {"H2"}),
    ("TNXH_CO_BAC", "doi_tuong", {}, {"H3"}),
    ("TNXH_CO_BAC", "bi_hai", {}, set()),
    ("TNXH_CO_BAC", "nhan_chung", {}, set()),
    ("TP_TTXH_CO_Y_GAY_THUONG_TICH", "doi_tuong", {}, {"H3"}),
    ("TP_TTXH_CO_Y_GAY_THUONG_TICH", "bi_hai", {}, set()),
    ("BLGĐ", "doi_tuong", {}, {"H3"}),
    ("MT_NGUOI_SU_DUNG", "doi_tuong", {}, {"H3"}),
    ("VPHC_ANTT", "doi_tuong", {}, {"H3"}),
    ("VPHC_GT", "doi_tuong", {}, set()),
    ("CHAY", "doi_tuong", {"own_fault": "có"}, {"H4"}),
    ("CHAY", "doi_tuong", {"own_fault": "không"}, set()),
    ("TNGT", "doi_tuong", {"own_fault": "có"}, {"H4"}),
    ("TNGT", "bi_hai", {"own_fault": "có"}, set()),
    ("TNLD", "doi_tuong", {}, set()),
    ("ANM_THONG_TIN_XAU_DOC", "doi_tuong", {}, {"H6"}),
    ("ANM_LUA_DAO_MANG", "bi_hai", {}, set()),
])
def test_an_incident_of_a_member_fails_the_item_it_feeds(town: Town, category: str, role: str,
                                                         answers: dict[str, str],
                                                         fails: set[str]) -> None:
    safe(town)
    incident = town.incident("15/06/2026", category, persons=[{"person": CUONG, "role": role}],
                             **answers)
    results = town.home()
    assert {c for c in H if results[c].status != DAT} == fails
    assert results["H7"].status == (CHUA_DAT if fails else DAT)
    for cid in fails:
        assert results[cid].status == CHUA_DAT
        assert item_ids(results[cid], "incident") == [incident.id]
        assert "1 vụ việc liên quan" in results[cid].summary
        assert f"{cid} chưa đạt" in results["H7"].summary


def test_an_offender_from_another_household_fails_only_that_household(town: Town) -> None:
    safe(town)
    other = town.household("TL", name="Đỗ Văn Em")
    town.sign(other.code, on="15/02/2026")
    town.visit("01/06/2026", code=other.code)
    # A fight in Đông Hạ: Em (Trung Lập) hit Cường (Đông Hạ).
    fight = town.incident("15/06/2026", "TP_TTXH_CO_Y_GAY_THUONG_TICH", persons=[
        {"person": f"{other.code}/1", "role": "doi_tuong"},
        {"person": CUONG, "role": "bi_hai"}])
    assert sorted(fight.household_ids) == sorted([other.id, town.hid()])
    assert town.home()["H3"].status == DAT
    theirs = town.home(code=other.code)["H3"]
    assert (theirs.status, item_ids(theirs, "incident")) == (CHUA_DAT, [fight.id])


@pytest.mark.parametrize(("day", "as_of", "status"), [
    ("15/06/2026", date(2026, 6, 14), DAT),   # not yet happened on "as of"
    ("20/10/2025", CLOSED, DAT),              # the previous window
    ("31/10/2026", CLOSED, CHUA_DAT),         # the window's last day
])
def test_linked_incidents_count_inside_the_window_up_to_as_of(town: Town, day: str,
                                                              as_of: date, status: str) -> None:
    safe(town)
    town.visit("01/05/2026")
    town.incident(day, "BLGĐ", persons=[{"person": BINH, "role": "doi_tuong"}])
    assert town.home(as_of)["H3"].status == status


# --------------------------------------------------------------------------- H7


@pytest.mark.parametrize(("answers", "signed", "h7", "summary"), [
    ({}, True, DAT, "Đạt cả 6 tiêu chí H1–H6"),
    ({"h5": "khong_ro"}, True, THIEU, "H5 chưa đủ dữ liệu"),
    ({"h5": "khong_ro", "h2": "chua_dat"}, True, CHUA_DAT, "H2 chưa đạt; H5 chưa đủ dữ liệu"),
    ({}, False, CHUA_DAT, "H1 chưa đạt"),
])
def test_h7_is_dat_only_when_h1_to_h6_are(town: Town, answers: dict[str, str], signed: bool,
                                          h7: str, summary: str) -> None:
    if signed:
        town.sign(on="15/02/2026")
    town.visit("01/06/2026", **answers)
    result = town.home()["H7"]
    assert (result.status, result.summary) == (h7, summary)


def test_household_statuses_cover_exactly_the_residing_households(town: Town) -> None:
    safe(town)
    moved = town.household(name="Phạm Văn Dũng")
    town.move_out(moved.code)
    other = town.household("TL", name="Đỗ Văn Em")
    facts = town.facts()
    everyone = household_statuses(facts, "", 2026, CLOSED)
    assert everyone == {town.hid(): DAT, other.id: CHUA_DAT}  # never signed
    assert household_statuses(facts, town.vid("DH"), 2026, CLOSED) == {town.hid(): DAT}
    assert household_statuses(facts, town.vid("TL"), 2026, OPEN) == {other.id: THIEU}
    for hid, status in everyone.items():
        evaluation = evaluate_household(facts, hid, 2026, CLOSED)
        assert (evaluation.status, evaluation.results[-1].status) == (status, status)


def test_full_commune_judges_the_commune_every_village_and_every_household(town: Town) -> None:
    safe(town)
    other = town.household("TL", name="Đỗ Văn Em")
    facts = town.facts()
    report = full_commune(facts, 2026, CLOSED, rule_sets=RULE_SETS)
    assert [e.rule_set for e in report.commune] == ["hd06_2022_19_2", "tt124_2021_xa"]
    assert list(report.villages) == [town.vid("DH"), town.vid("TL")]
    assert [e.rule_set for e in report.villages[town.vid("TL")]] == ["tt124_2021_thon"]
    assert report.households == {town.hid(): DAT, other.id: CHUA_DAT}
    assert report.safe_households == 1


def test_an_unknown_household_is_a_lookup_error(town: Town) -> None:
    with pytest.raises(LookupError, match="Không tìm thấy hộ"):
        evaluate_household(town.facts(), "khong-co", 2026, CLOSED)


def test_an_offender_who_moves_away_still_counts_for_his_household_of_the_time(
        town: Town) -> None:
    safe(town)
    other = town.household(name="Phạm Văn Dũng")
    town.incident("15/06/2026", "TNXH_CO_BAC", persons=[{"person": CUONG, "role": "doi_tuong"}])
    assert town.home()["H3"].status == CHUA_DAT
    town.move_person(CUONG, other.code)
    assert town.home()["H3"].status == CHUA_DAT
