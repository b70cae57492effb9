"""The commune against TT 124 Art. 5 (X1–X2) and chỉ tiêu 19.2 (a–h): pass, fail and
"chưa đủ dữ liệu" for each criterion, on the commune window 16/11 → 15/11."""

from __future__ import annotations

from datetime import date

import pytest

from antt_tui.criteria.results import CHUA_DAT, DAT, THIEU
from antt_tui.criteria.rules import load_confirmations
from tests.unit.criteria.scenario import CLOSED, DAY, RULE_SETS, Town, item_ids

ZERO_IDS = [c.id for s in ("tt124_2021_xa", "hd06_2022_19_2") for c in RULE_SETS[s].criteria
            if c.kind == "zero_incidents"]
"""X1.6, X1.8, X1.9, 19.2b, 19.2c, 19.2d."""


# --------------------------------------------------------------------------- documents

DOCS = [
    # id, kind, name, deadline, an "as of" before the deadline, a day after it
    ("X1.1", "nghi_quyet", "nghị quyết của Đảng ủy xã", "31/03/2026", date(2026, 3, 15),
     "01/04/2026"),
    ("X1.2", "ke_hoach", "kế hoạch của UBND xã", "31/03/2026", date(2026, 3, 15), "01/04/2026"),
    ("X1.3", "dang_ky", "bản đăng ký phấn đấu của UBND xã", "31/03/2026", date(2026, 3, 15),
     "01/04/2026"),
    ("19.2a.1", "nghi_quyet", "nghị quyết của Đảng ủy xã", "15/11/2026", date(2026, 11, 1),
     "16/11/2026"),
    ("19.2a.2", "ke_hoach", "kế hoạch của UBND xã", "15/11/2026", date(2026, 11, 1),
     "16/11/2026"),
]


@pytest.mark.parametrize(("cid", "kind", "name", "deadline", "early", "late"), DOCS)
def test_commune_document_on_time(town: Town, cid: str, kind: str, name: str, deadline: str,
                                  early: date, late: str) -> None:
    doc = town.document(kind, deadline, village=None, year="2026")
    result = town.commune()[cid]
    assert result.status == DAT
    assert f"Có {name} số {doc.number} ngày {deadline} (hạn {deadline})" == result.summary
    assert item_ids(result) == [doc.id]


@pytest.mark.parametrize(("cid", "kind", "name", "deadline", "early", "late"), DOCS)
def test_commune_document_late(town: Town, cid: str, kind: str, name: str, deadline: str,
                               early: date, late: str) -> None:
    doc = town.document(kind, late, village=None, year="2026")
    result = town.commune(DAY)[cid]
    assert result.status == CHUA_DAT
    assert result.summary == f"Có {name} nhưng ban hành ngày {late}, sau hạn {deadline}"
    assert item_ids(result) == [doc.id]


@pytest.mark.parametrize(("cid", "kind", "name", "deadline", "early", "late"), DOCS)
def test_commune_document_missing(town: Town, cid: str, kind: str, name: str, deadline: str,
                                  early: date, late: str) -> None:
    town.document(kind, "10/03/2026", village="DH")  # a village's document is not the commune's
    before = town.commune(early)[cid]
    assert (before.status, before.missing) == (THIEU, f"Ghi nhận {name} năm 2026 (hạn {deadline}).")
    after = town.commune(CLOSED)[cid]
    assert (after.status, after.summary) == (CHUA_DAT, f"Không có {name} đến hạn {deadline}")


# --------------------------------------------------------------------------- manual


@pytest.mark.parametrize(("cid", "subject"), [
    ("X1.5", "thuc_hien_chu_truong"),
    ("X2", "khong_ky_luat"),
    ("19.2g", "khong_xa_trong_diem"),
    ("19.2h.1", "cong_an_xa_tien_tien"),
    ("19.2h.2", "luc_luong_khong_vi_pham_phap_luat"),
])
def test_commune_confirmations(town: Town, cid: str, subject: str) -> None:
    label = load_confirmations()[subject].label
    if subject == "thuc_hien_chu_truong":
        town.confirm(subject, village="DH")  # a village's confirmation is not the commune's
    missing = town.commune()[cid]
    assert (missing.status, missing.missing) == (THIEU, f"Xác nhận năm 2026: {label}.")
    yes = town.confirm(subject, True, on="01/11/2026", village=None)
    result = town.commune()[cid]
    assert (result.status, item_ids(result)) == (DAT, [yes.id])
    no = town.confirm(subject, False, on="02/11/2026", village=None)
    result = town.commune()[cid]
    assert (result.status, item_ids(result)) == (CHUA_DAT, [no.id])
    assert result.summary.startswith("Xác nhận không đạt: ")
    assert town.commune(date(2026, 11, 1))[cid].status == DAT  # the "không đạt" came later


# --------------------------------------------------------------------------- X1.4, 19.2e

XA_SIX = ("20/11/2025", "20/12/2025", "20/01/2026", "20/02/2026", "20/03/2026", "20/04/2026")


@pytest.mark.parametrize("cid", ["X1.4", "19.2e"])
@pytest.mark.parametrize("village", ["DH", None])
def test_one_active_model_anywhere_in_the_commune_passes(town: Town, cid: str,
                                                         village: str | None) -> None:
    team = town.team("Mô hình Camera an ninh", village=village)
    town.activities_of(team, *XA_SIX)
    result = town.commune()[cid]
    assert result.status == DAT
    assert result.figures == {"active": 1, "teams": 1}
    assert [i.label for i in result.items] == ["Mô hình Camera an ninh: 6 hoạt động"]


@pytest.mark.parametrize("cid", ["X1.4", "19.2e"])
def test_activities_before_the_commune_window_do_not_count(town: Town, cid: str) -> None:
    team = town.team()
    # 10/11/2025 opens the village window but lies before the commune's (16/11/2025).
    town.activities_of(team, "10/11/2025", *XA_SIX[1:])
    assert town.village(date(2026, 4, 30))["K5.2"].status == DAT
    open_ = town.commune(date(2026, 6, 30))[cid]
    assert (open_.status, open_.figures) == (THIEU, {"active": 0, "teams": 1})
    closed = town.commune(CLOSED)[cid]
    assert closed.status == CHUA_DAT
    assert [i.label for i in closed.items] == ["Tổ tự quản về ANTT: 5 hoạt động"]


@pytest.mark.parametrize("cid", ["X1.4", "19.2e"])
def test_no_model_at_all(town: Town, cid: str) -> None:
    assert town.commune(date(2026, 6, 30))[cid].status == THIEU
    result = town.commune(CLOSED)[cid]
    assert (result.status, result.figures) == (CHUA_DAT, {"active": 0, "teams": 0})
    assert "Ghi nhận tổ tự quản" in result.missing


# --------------------------------------------------------------------------- X1.6, X1.8, 19.2b–d


@pytest.mark.parametrize(("category", "answers", "fails"), [
    ("ANCT_CHONG_PHA", {}, {"X1.6", "19.2b"}),
    ("ANCT_LY_KHAI", {}, {"X1.6", "19.2b"}),
    ("MT_PHUC_TAP_KEO_DAI", {}, {"X1.6"}),
    ("KK_VUOT_CAP", {}, set()),  # over the head of the level that settles it: not K3g
    ("KK_LOI_DUNG_KHIEU_NAI", {}, {"X1.6", "19.2c"}),
    ("KK_DONG_NGUOI_KEO_DAI", {}, {"X1.6", "19.2c"}),
    ("TU_TAP_GAY_ROI", {}, {"X1.6", "19.2c"}),
    ("MT_TRANH_CHAP", {}, set()),
    ("TP_TTXH_CUOP", {"severity": "nghiem_trong"}, {"X1.8"}),
    ("CHAY_RUNG", {"severity": "nghiem_trong"}, {"X1.8"}),
    ("TNLD", {"deaths": "1"}, {"X1.8"}),
    ("TNGT", {"deaths": "1", "severity": "rat_nghiem_trong"}, set()),
    ("TP_TTXH_XAM_HAI_TRE_EM", {"caused_by_resident": "có"}, {"19.2d"}),
    ("TP_TTXH_XAM_HAI_TRE_EM", {"caused_by_resident": "không"}, set()),
    ("TP_TTXH_GIET_NGUOI", {"caused_by_resident": "có", "severity": "dac_biet_nghiem_trong"},
     {"X1.8", "19.2d"}),
    ("TP_TTXH_GIET_NGUOI", {"severity": "dac_biet_nghiem_trong"}, {"X1.8"}),
    ("TP_TTXH_CUOP", {"caused_by_resident": "có", "severity": "rat_nghiem_trong"}, {"X1.8"}),
])
def test_which_commune_criteria_an_incident_breaks(town: Town, category: str,
                                                   answers: dict[str, str],
                                                   fails: set[str]) -> None:
    incident = town.incident("15/06/2026", category, village="TL", **answers)
    results = town.commune()
    assert {cid for cid in ZERO_IDS if results[cid].status != DAT} == fails
    for cid in fails:
        assert item_ids(results[cid]) == [incident.id]
        assert results[cid].summary == "Có 1 vụ việc trong kỳ 16/11/2025 – 15/11/2026"


def test_x16_counts_the_incidents_of_every_village(town: Town) -> None:
    first = town.incident("10/01/2026", "ANCT_CHONG_PHA", village="DH")
    second = town.incident("10/02/2026", "MT_PHUC_TAP_KEO_DAI", village="TL")
    result = town.commune()["X1.6"]
    assert (result.status, result.figures) == (CHUA_DAT, {"count": 2})
    assert item_ids(result) == [first.id, second.id]
    assert [i.label.split(" — ")[2] for i in result.items] == ["Thôn Đông Hạ", "Thôn Trung Lập"]


@pytest.mark.parametrize(("day", "expected"), [
    ("15/11/2026", {2026: CHUA_DAT, 2027: DAT}),  # the last day of the commune's 2026 window
    ("16/11/2026", {2026: DAT, 2027: CHUA_DAT}),  # the first day of its 2027 window
])
def test_an_incident_counts_in_the_commune_window_it_occurred_in(
        town: Town, day: str, expected: dict[int, str]) -> None:
    town.incident(day, "ANCT_PHA_HOAI")
    for cid in ("X1.6", "19.2b"):
        assert {year: town.commune(DAY, year)[cid].status for year in (2026, 2027)} == expected
    # 01/11 – 15/11 already belongs to the villages' next window.
    assert town.village(DAY, 2027)["K3b"].status == CHUA_DAT


@pytest.mark.parametrize(("value", "status"), [(True, DAT), (False, CHUA_DAT)])
def test_x18_can_be_settled_by_a_confirmation(town: Town, value: bool, status: str) -> None:
    town.incident("15/06/2026", "CHAY", severity="nghiem_trong")
    town.confirm("X1.8", not value, on="01/11/2026", village=None)
    record = town.confirm("X1.8", value, on="02/11/2026", village=None)
    result = town.commune()["X1.8"]
    assert result.status == status
    assert item_ids(result, "confirmation") == [record.id]


# --------------------------------------------------------------------------- reductions


def commune_data(town: Town, category: str, previous: int, current: int,
                 start: str = "16/11/2024") -> None:
    """Records start on `start`; `previous` incidents in the 2025 commune window, `current`
    in the 2026 one, spread over both villages."""
    town.incident(start, "MT_TRANH_CHAP", village="TL")  # feeds no criterion
    town.many(previous, "01/03/2025", category, village="TL")
    town.many(current - current // 2, "01/03/2026", category, village="DH")
    town.many(current // 2, "01/03/2026", category, village="TL")


@pytest.mark.parametrize(("cid", "category", "previous", "current", "status"), [
    ("X1.7", "TP_TTXH_TROM_CAP", 1, 1, DAT),
    ("X1.7", "MT_TOI_PHAM", 1, 2, CHUA_DAT),
    ("19.2đ.1", "TP_TTXH_LUA_DAO", 0, 0, DAT),
    ("19.2đ.1", "TP_TTXH_LUA_DAO", 0, 1, CHUA_DAT),
    ("19.2đ.1", "TP_TTXH_LUA_DAO", 2, 1, DAT),
    ("19.2đ.1", "TP_TTXH_LUA_DAO", 1, 1, CHUA_DAT),  # not reduced by 5%
    ("19.2đ.2", "TNXH_CO_BAC", 1, 1, DAT),
    ("19.2đ.2", "MT_NGUOI_SU_DUNG", 1, 2, CHUA_DAT),
    ("19.2đ.3", "TNGT", 2, 1, DAT),
    ("19.2đ.3", "CHAY_RUNG", 0, 1, CHUA_DAT),
])
def test_commune_reductions(town: Town, cid: str, category: str, previous: int, current: int,
                            status: str) -> None:
    commune_data(town, category, previous, current)
    result = town.commune()[cid]
    assert result.status == status
    assert (result.figures["previous"], result.figures["current"]) == (previous, current)
    assert f"Kỳ này {current} vụ (16/11/2025 – 15/11/2026)" in result.summary
    assert len(item_ids(result, "incident")) == current


@pytest.mark.parametrize(("cid", "category"), [
    ("X1.7", "TNGT"),              # an accident is not crime
    ("19.2đ.1", "TP_KT"),          # economic crime is not social-order crime
    ("19.2đ.2", "MT_TOI_PHAM"),    # drug crime is not a social evil
    ("19.2đ.3", "TNLD"),           # a workplace accident is not traffic or fire
    ("19.2đ.3", "VA_CHAM_GT"),
])
def test_what_a_reduction_does_not_count(town: Town, cid: str, category: str) -> None:
    commune_data(town, category, 0, 2)
    result = town.commune()[cid]
    assert (result.status, result.figures["current"]) == (DAT, 0)


def test_192d1_needs_a_five_percent_reduction(town: Town) -> None:
    commune_data(town, "TP_TTXH_TROM_CAP", 20, 19)
    result = town.commune()["19.2đ.1"]
    assert result.status == DAT
    assert result.figures == {"current": 19, "previous": 20, "reduction_percent": 5.0}
    assert result.summary.endswith("cùng kỳ năm trước 20 vụ: giảm 5,0%; yêu cầu giảm ít nhất 5%")
    town.incident("15/11/2026", "TP_TTXH_TROM_CAP")
    result = town.commune()["19.2đ.1"]
    assert result.status == CHUA_DAT
    assert result.figures == {"current": 20, "previous": 20, "reduction_percent": 0.0}
    assert "không đổi" in result.summary
    assert result.missing == ""  # no "bất khả kháng" for social-order crime
    assert town.commune()["X1.7"].status == DAT  # "not increased" is enough for TT 124


@pytest.mark.parametrize(("start", "status"), [("16/11/2024", DAT), ("17/11/2024", THIEU)])
def test_commune_reductions_need_the_whole_previous_commune_window(town: Town, start: str,
                                                                   status: str) -> None:
    commune_data(town, "TP_TTXH_TROM_CAP", 0, 0, start=start)
    results = town.commune()
    for cid in ("X1.7", "19.2đ.1", "19.2đ.2", "19.2đ.3"):
        assert results[cid].status == status
    if status == THIEU:
        assert "16/11/2024 – 15/11/2025" in results["19.2đ.1"].missing


def test_a_reduction_without_last_year_is_confirmed_for_the_commune(town: Town) -> None:
    assert town.commune()["19.2đ.1"].status == THIEU
    town.confirm("19.2đ.1", True, village=None)
    town.confirm("X1.7", False, village=None)
    results = town.commune()
    assert (results["19.2đ.1"].status, results["X1.7"].status) == (DAT, CHUA_DAT)
    assert results["19.2đ.2"].status == THIEU
