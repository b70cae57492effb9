"""Scenarios built from seed 001 (the Tịnh Châu plan quoting TT 124/2021 Art. 4 and HD 06):
each builds the situation, then asserts the criterion's result and the evidence an officer
reads. One section per point of issue 13 §3 ("criteria that match the texts")."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from antt_tui.criteria.deciding import deciding_fields
from antt_tui.criteria.results import CHUA_DAT, DAT, THIEU
from antt_tui.paths import forms_dir
from tests.unit.criteria.scenario import CLOSED, RULE_SETS, TAXONOMY, Town, item_ids

CUONG = "DH-0001/3"
"""Nguyễn Văn Cường, the son of household DH-0001 (Thôn Đông Hạ)."""
VILLAGE_SPAN = "01/11/2025 – 31/10/2026"
COMMUNE_SPAN = "16/11/2025 – 15/11/2026"


def offender(code: str = CUONG) -> list[dict[str, str]]:
    return [{"person": code, "role": "doi_tuong"}]


# =========================================================================== residents, severity


def test_an_offender_of_the_roster_is_a_resident_without_the_flag(town: Town) -> None:
    abuse = town.incident("15/06/2026", "TP_TTXH_XAM_HAI_TRE_EM", persons=offender())
    assert abuse.caused_by_resident is False  # nobody ticked "do người của khu dân cư"
    result = town.commune()["19.2d"]
    assert (result.status, result.summary) == (CHUA_DAT,
                                               f"Có 1 vụ việc trong kỳ {COMMUNE_SPAN}")
    assert [(i.id, i.label) for i in result.items] == [(abuse.id, (
        "15/06/2026 — Xâm hại trẻ em — Thôn Đông Hạ (đối tượng cư trú trên địa bàn: "
        "Nguyễn Văn Cường, hộ DH-0001)"))]


def test_a_victim_of_the_roster_is_not_the_resident_who_committed_it(town: Town) -> None:
    town.incident("15/06/2026", "TP_TTXH_XAM_HAI_TRE_EM",
                  persons=[{"person": CUONG, "role": "bi_hai"}])
    result = town.commune()["19.2d"]
    assert (result.status, result.summary) == (DAT,
                                               f"Không có vụ việc nào trong kỳ {COMMUNE_SPAN}")


def test_the_flag_alone_still_says_resident(town: Town) -> None:
    flagged = town.incident("15/06/2026", "TP_TTXH_XAM_HAI_TRE_EM", caused_by_resident="có")
    (item,) = town.commune()["19.2d"].items
    assert (item.id, item.label) == (flagged.id, "15/06/2026 — Xâm hại trẻ em — Thôn Đông Hạ "
                                                    "(ghi là do người của khu dân cư gây ra)")


@pytest.mark.parametrize(("answers", "said"), [
    ({"severity": ""}, "nghiêm trọng theo loại tội, chưa ghi mức độ"),
    ({}, "nghiêm trọng theo loại tội, đã ghi ít nghiêm trọng"),  # the form's default
    ({"severity": "rat_nghiem_trong"}, "rất nghiêm trọng"),
])
def test_a_murder_without_its_severity_is_still_serious_crime(town: Town, answers: dict,
                                                              said: str) -> None:
    murder = town.incident("15/06/2026", "TP_TTXH_GIET_NGUOI", **answers)
    for result, span in ((town.village()["K4.2"], VILLAGE_SPAN),
                         (town.commune()["X1.8"], COMMUNE_SPAN)):
        assert (result.status, result.summary) == (CHUA_DAT, f"Có 1 vụ việc trong kỳ {span}")
        assert [(i.id, i.label) for i in result.items] == [
            (murder.id, f"15/06/2026 — Giết người — Thôn Đông Hạ ({said})")]


@pytest.mark.parametrize("category", ["TP_TTXH_CUOP", "TP_TTXH_CUOP_GIAT", "TP_TTXH_HIEP_DAM",
                                      "MT_TOI_PHAM"])
def test_other_crimes_serious_by_law(town: Town, category: str) -> None:
    town.incident("15/06/2026", category, severity="")
    assert town.village()["K4.2"].status == CHUA_DAT
    assert TAXONOMY.category(category).severity_by_law == "nghiem_trong"


@pytest.mark.parametrize("category", ["TP_TTXH_TROM_CAP", "TP_TTXH_CO_Y_GAY_THUONG_TICH",
                                      "TP_TTXH_XAM_HAI_TRE_EM", "TP_TTXH_DANH_BAC"])
def test_a_crime_that_may_be_minor_needs_its_severity(town: Town, category: str) -> None:
    town.incident("15/06/2026", category, severity="")
    result = town.village()["K4.2"]
    assert (result.status, result.summary) == (DAT,
                                               f"Không có vụ việc nào trong kỳ {VILLAGE_SPAN}")


def test_a_resident_murder_is_not_assumed_especially_serious(town: Town) -> None:
    # 19.2d asks for "đặc biệt nghiêm trọng": the law's floor for murder does not reach it, so
    # the officer must record it (the CLI warns when it is left empty).
    town.incident("15/06/2026", "TP_TTXH_GIET_NGUOI", persons=offender())
    assert town.commune()["19.2d"].status == DAT
    town.incident("16/06/2026", "TP_TTXH_GIET_NGUOI", persons=offender(),
                  severity="dac_biet_nghiem_trong")
    result = town.commune()["19.2d"]
    assert result.status == CHUA_DAT
    assert result.items[0].label == (
        "16/06/2026 — Giết người — Thôn Đông Hạ (đặc biệt nghiêm trọng) (đối tượng cư trú trên "
        "địa bàn: Nguyễn Văn Cường, hộ DH-0001)")


@pytest.mark.parametrize(("category", "expected"), [
    ("TP_TTXH_GIET_NGUOI", {"severity": ["K4.2", "19.2d", "X1.8"],
                            "caused_by_resident": ["19.2d"]}),
    ("CHAY", {"severity": ["K4.4", "X1.8"], "deaths": ["K4.4", "X1.8"], "own_fault": ["H4"]}),
    ("TNLD", {"deaths": ["K4.4", "X1.8"], "own_fault": ["H4"]}),
    ("TNGT", {"own_fault": ["H4"]}),
    ("KK_VUOT_CAP", {}),
    ("MT_TRANH_CHAP", {}),
])
def test_which_fields_decide_a_criterion(category: str, expected: dict) -> None:
    assert deciding_fields(TAXONOMY.category(category), RULE_SETS.values()) == expected


# =========================================================================== K3 (g)


def test_an_ordinary_complaint_over_the_level_does_not_fail_k3g(town: Town) -> None:
    town.incident("15/06/2026", "KK_VUOT_CAP")
    village, commune = town.village(), town.commune()
    for result, span in ((village["K3g"], VILLAGE_SPAN), (commune["X1.6"], COMMUNE_SPAN),
                         (commune["19.2c"], COMMUNE_SPAN)):
        assert (result.status, result.summary) == (DAT,
                                                   f"Không có vụ việc nào trong kỳ {span}")
    assert "khiếu nại để tuyên truyền chống Nhà nước" in village["K3g"].text


def test_using_complaints_against_the_state_fails_k3g(town: Town) -> None:
    slander = town.incident("15/06/2026", "KK_LOI_DUNG_KHIEU_NAI")
    village, commune = town.village(), town.commune()
    for result in (village["K3g"], commune["X1.6"], commune["19.2c"]):
        assert result.status == CHUA_DAT
        assert item_ids(result) == [slander.id]
    assert village["K3g"].items[0].label == (
        "15/06/2026 — Lợi dụng khiếu nại, tố cáo để tuyên truyền chống Nhà nước, xâm phạm lợi "
        "ích của Nhà nước; xuyên tạc, vu khống, đe dọa, xúc phạm người giải quyết khiếu nại — "
        "Thôn Đông Hạ")
    assert TAXONOMY.category("KK_LOI_DUNG_KHIEU_NAI").zero_tolerance


def test_inciting_others_into_a_mass_complaint_fails_k3g_and_19_2c(town: Town) -> None:
    incitement = town.incident("15/06/2026", "TU_TAP_GAY_ROI")
    assert town.village()["K3g"].status == CHUA_DAT
    result = town.commune()["19.2c"]
    assert (result.status, item_ids(result)) == (CHUA_DAT, [incitement.id])
    assert "lôi kéo người khác tập trung đông người khiếu nại" in result.items[0].label


# =========================================================================== K4


def test_administrative_violations_count_in_k41(town: Town) -> None:
    town.incident("01/11/2024", "MT_TRANH_CHAP")  # records start; feeds no criterion
    town.incident("10/03/2025", "VPHC_ANTT")
    fines = [town.incident("10/03/2026", "VPHC_GT"), town.incident("11/03/2026", "VPHC_CU_TRU")]
    result = town.village()["K4.1"]
    assert result.status == CHUA_DAT
    assert result.summary == (f"Kỳ này 2 vụ ({VILLAGE_SPAN}), cùng kỳ năm trước 1 vụ: tăng "
                              "100,0%; yêu cầu không tăng")
    assert item_ids(result) == [f.id for f in fines]
    assert [i.label.split(" — ")[1] for i in result.items] == [
        "Vi phạm hành chính về giao thông", "Vi phạm hành chính về cư trú"]
    assert "các hành vi vi phạm pháp luật khác" in result.text
    assert town.commune()["X1.7"].status == CHUA_DAT


@pytest.mark.parametrize(("category", "label"), [
    ("TNXH_CO_BAC", "Cờ bạc"), ("TNXH_ME_TIN", "Mê tín dị đoan"),
    ("TNXH_MAI_DAM", "Mại dâm"), ("MT_NGUOI_SU_DUNG", "Người sử dụng trái phép chất ma túy"),
])
def test_gambling_and_other_social_evils_count_in_k43_with_drugs(town: Town, category: str,
                                                                 label: str) -> None:
    evil = town.incident("15/06/2026", category)
    for result, span in ((town.village()["K4.3"], VILLAGE_SPAN),
                         (town.commune()["X1.9"], COMMUNE_SPAN)):
        assert (result.status, result.summary) == (CHUA_DAT, f"Có 1 vụ việc trong kỳ {span}")
        assert [(i.id, i.label) for i in result.items] == [
            (evil.id, f"15/06/2026 — {label} — Thôn Đông Hạ")]


def test_the_commune_set_has_the_equivalent_of_k43(town: Town) -> None:
    x19 = next(c for c in RULE_SETS["tt124_2021_xa"].criteria if c.id == "X1.9")
    k43 = next(c for c in RULE_SETS["tt124_2021_thon"].criteria if c.id == "K4.3")
    assert x19.match == k43.match
    assert x19.text.lower().endswith(k43.text.lower())
    assert town.commune()["X1.9"].summary == f"Không có vụ việc nào trong kỳ {COMMUNE_SPAN}"


def test_a_serious_incident_fails_k44(town: Town) -> None:
    accident = town.incident("15/06/2026", "SU_CO_NGHIEM_TRONG")
    village, commune = town.village(), town.commune()
    assert "sự cố nghiêm trọng theo quy định của pháp luật" in village["K4.4"].text
    for result in (village["K4.4"], commune["X1.8"]):
        assert result.status == CHUA_DAT
        assert [(i.id, i.label) for i in result.items] == [(accident.id, (
            "15/06/2026 — Sự cố nghiêm trọng theo quy định của pháp luật (sự cố kỹ thuật, "
            "công trình, môi trường…) — Thôn Đông Hạ"))]
        assert "bất khả kháng" in result.missing  # K4.4 keeps the text's exception


# =========================================================================== local thresholds


def test_k52_is_marked_as_the_provinces_own_criterion(town: Town) -> None:
    k52 = next(c for c in RULE_SETS["tt124_2021_thon"].criteria if c.id == "K5.2")
    assert (k52.local_rule, k52.local_keys) == (True, ())
    team = town.team()
    town.activities_of(team, "10/11/2025", "10/12/2025", "10/01/2026", "10/02/2026",
                       "10/03/2026", "10/04/2026")
    result = town.village()["K5.2"]
    assert result.status == DAT
    assert result.summary == ("1 tổ, mô hình hoạt động thường xuyên (ít nhất 6 hoạt động trong "
                              "kỳ); yêu cầu ít nhất 1. Tiêu chí do tỉnh đặt thêm, không có trong "
                              "văn bản.")


@pytest.mark.parametrize("cid", ["X1.4", "19.2e"])
def test_six_activities_is_marked_as_the_provinces_choice(town: Town, cid: str) -> None:
    criterion = next(c for s in RULE_SETS.values() for c in s.criteria if c.id == cid)
    assert (criterion.local_rule, criterion.local_keys) == (False, ("min_activities",))
    result = town.commune()[cid]
    assert result.status == CHUA_DAT
    assert result.summary.endswith(". Mức do tỉnh đặt, văn bản không quy định: ít nhất 6 hoạt "
                                   "động của mỗi tổ, mô hình trong kỳ.")


def test_thresholds_of_the_texts_are_not_marked_local(town: Town) -> None:
    marked = {c.id for s in RULE_SETS.values() for c in s.criteria
              if c.local_rule or c.local_keys}
    assert marked == {"K5.2", "X1.4", "19.2e"}
    results = {**town.village(), **town.commune()}
    assert all("do tỉnh đặt" not in r.summary for cid, r in results.items()
               if cid not in marked)


# =========================================================================== 19.2 (đ)


def commune_records(town: Town, start: str = "16/11/2024") -> None:
    town.incident(start, "MT_TRANH_CHAP", village="TL")  # records start; feeds no criterion


@pytest.mark.parametrize(("cid", "category", "status", "missing"), [
    ("19.2đ.1", "TP_TTXH_TROM_CAP", CHUA_DAT, ""),
    ("19.2đ.2", "TNXH_CO_BAC", CHUA_DAT, ""),
    ("19.2đ.3", "TNGT", DAT, ""),
    ("19.2đ.3", "CHAY", DAT, ""),
])
def test_force_majeure_settles_only_traffic_and_fire(town: Town, cid: str, category: str,
                                                     status: str, missing: str) -> None:
    commune_records(town)
    town.incident("01/03/2026", category)  # 0 → 1
    before = town.commune()[cid]
    assert before.status == CHUA_DAT
    assert ("bất khả kháng" in before.missing) == (cid == "19.2đ.3")
    record = town.confirm(cid, True, on="01/11/2026", village=None)
    result = town.commune()[cid]
    assert (result.status, result.missing) == (status, missing)
    assert (record.id in item_ids(result)) == (status == DAT)
    if status == DAT:
        assert result.summary.endswith("Đã xác nhận thủ công.")


def test_force_majeure_is_allowed_only_where_the_text_allows_it() -> None:
    # (The confirmation form offers the same: tests/unit/roster/test_criteria_registers.py.)
    assert {c.id for s in RULE_SETS.values() for c in s.criteria if c.allow_override} == {
        "K4.2", "K4.4", "X1.8", "19.2đ.3"}


@pytest.mark.parametrize(("cid", "need"), [("19.2đ.1", "yêu cầu giảm ít nhất 5%"),
                                           ("19.2đ.2", "yêu cầu không tăng"),
                                           ("19.2đ.3", "yêu cầu không tăng")])
def test_zero_against_zero_says_how_it_is_judged(town: Town, cid: str, need: str) -> None:
    commune_records(town)
    result = town.commune()[cid]
    assert result.status == DAT
    assert result.summary == (f"Kỳ này 0 vụ ({COMMUNE_SPAN}), cùng kỳ năm trước 0 vụ: không "
                              f"đổi; {need} — cả hai kỳ đều không có vụ nào nên tính là đạt")
    assert result.figures == {"current": 0, "previous": 0, "reduction_percent": 0.0}


# =========================================================================== 19.2 (h)


def test_no_law_breaking_and_no_discipline_are_separate_confirmations(town: Town) -> None:
    discipline = town.confirm("luc_luong_hoan_thanh")  # K5.1 of Thôn Đông Hạ
    assert town.village()["K5.1"].status == DAT
    result = town.commune()["19.2h.2"]
    assert (result.status, result.summary) == (THIEU, (
        "Chưa có xác nhận: Lực lượng tham gia bảo vệ ANTT ở cơ sở hoàn thành nhiệm vụ trở lên, "
        "không có cá nhân vi phạm pháp luật"))
    law = town.confirm("luc_luong_khong_vi_pham_phap_luat", village=None)
    result = town.commune()["19.2h.2"]
    assert (result.status, item_ids(result)) == (DAT, [law.id])
    assert result.summary == "Xác nhận đạt: Nguyễn Văn Tâm, Trưởng Công an xã, ngày 05/11/2026"
    assert discipline.id not in item_ids(result)


def test_an_old_commune_confirmation_of_the_shared_subject_stays_readable(town: Town) -> None:
    # Before the split the commune confirmed "luc_luong_hoan_thanh" for 19.2 (h).
    town.confirm("luc_luong_hoan_thanh", on="01/11/2026", village=None)
    result = town.commune()["19.2h.2"]
    assert result.status == THIEU
    assert "không có cá nhân vi phạm pháp luật" in result.missing


# =========================================================================== Hộ an toàn


def safe(town: Town) -> None:
    town.sign(on="15/02/2026")
    town.visit("01/06/2026")


@pytest.mark.parametrize("category", ["KK_DONG_NGUOI", "KK_VUOT_CAP", "KK_DONG_NGUOI_KEO_DAI",
                                      "TU_TAP_GAY_ROI", "KK_LOI_DUNG_KHIEU_NAI"])
def test_h2_counts_the_complaint_incidents_of_a_member(town: Town, category: str) -> None:
    safe(town)
    complaint = town.incident("15/06/2026", category, persons=offender())
    results = town.home()
    h2 = results["H2"]
    assert (h2.status, item_ids(h2, "incident")) == (CHUA_DAT, [complaint.id])
    assert h2.summary == "Kiểm tra ngày 01/06/2026: đạt; 1 vụ việc liên quan"
    assert "khiếu kiện đông người, vượt cấp, trái pháp luật" in h2.text
    assert results["H3"].status == DAT
    assert results["H7"].summary == "H2 chưa đạt"


@pytest.mark.parametrize(("category", "label"), [
    ("TP_KT", "Tội phạm kinh tế, buôn lậu, hàng giả"), ("TP_MT", "Tội phạm về môi trường"),
    ("MT_TU_DIEM", "Điểm, tụ điểm ma túy"), ("TP_TTXH_DANH_BAC", "Đánh bạc, tổ chức đánh bạc"),
])
def test_h3_counts_every_crime_of_a_member(town: Town, category: str, label: str) -> None:
    safe(town)
    crime = town.incident("15/06/2026", category, persons=offender())
    h3 = town.home()["H3"]
    assert h3.status == CHUA_DAT
    assert [(i.id, i.label) for i in h3.items if i.kind == "incident"] == [
        (crime.id, f"15/06/2026 — {label} — Thôn Đông Hạ")]


def test_every_crime_category_feeds_h3() -> None:
    crimes = [c for c in TAXONOMY.categories.values() if "K4.2" in c.feeds]
    assert {c.group for c in crimes} == {"TP_TTXH", "TP_KT", "MA_TUY"}
    assert all("H3" in c.feeds for c in crimes)


# =========================================================================== wording


def test_separatism_is_worded_as_in_the_text() -> None:
    assert TAXONOMY.category("ANCT_LY_KHAI").label == "Hoạt động ly khai, đòi tự trị"
    k3d = next(c for c in RULE_SETS["tt124_2021_thon"].criteria if c.id == "K3đ")
    assert k3d.text == "Không xảy ra hoạt động ly khai, đòi tự trị"
    for path in [*(forms_dir() / "criteria").glob("*.toml"),
                 forms_dir() / "taxonomy" / "incidents.toml"]:
        text = path.read_text(encoding="utf-8")
        assert "tự quyết" not in text, path.name
        assert unicodedata.is_normalized("NFC", text), path.name


# =========================================================================== first year


def test_a_first_year_without_records_lacks_data_even_with_no_incidents(town: Town) -> None:
    result = town.village()["K4.1"]
    assert (result.status, result.summary) == (THIEU, (
        "Chưa có số liệu cùng kỳ năm trước (01/11/2024 – 31/10/2025): chưa có hồ sơ nào trong "
        "máy"))
    assert "ghi ngày từ đó số liệu vụ việc của xã đầy đủ" in result.missing


def test_the_commune_states_from_when_its_records_are_complete(town: Town) -> None:
    town.complete_since("01/11/2024")
    assert town.facts().complete_since == date(2024, 11, 1)
    village = town.village()
    for cid in ("K4.1",):
        assert village[cid].status == DAT
        assert village[cid].summary == (
            f"Kỳ này 0 vụ ({VILLAGE_SPAN}), cùng kỳ năm trước 0 vụ: không đổi; yêu cầu không "
            "tăng — cả hai kỳ đều không có vụ nào nên tính là đạt; số liệu vụ việc đầy đủ từ "
            "01/11/2024 (xã đã xác định)")
    commune = town.commune()
    assert {cid: commune[cid].status for cid in ("X1.7", "19.2đ.1", "19.2đ.2", "19.2đ.3")} == (
        dict.fromkeys(("X1.7", "19.2đ.1", "19.2đ.2", "19.2đ.3"), DAT))
    assert commune["19.2đ.1"].summary.endswith("; số liệu vụ việc đầy đủ từ 01/11/2024 (xã đã "
                                               "xác định)")


def test_a_stated_day_after_the_previous_window_opened_is_not_enough(town: Town) -> None:
    town.incident("10/01/2024", "TP_TTXH_TROM_CAP")  # older records exist, but not all
    town.complete_since("02/11/2024")
    result = town.village()["K4.1"]
    assert (result.status, result.summary) == (THIEU, (
        "Chưa có số liệu cùng kỳ năm trước (01/11/2024 – 31/10/2025): số liệu vụ việc đầy đủ "
        "từ 02/11/2024 (xã đã xác định)"))


def test_the_stated_day_can_be_withdrawn(town: Town) -> None:
    town.incident("01/11/2024", "MT_TRANH_CHAP")
    town.complete_since("01/03/2025")
    assert town.village()["K4.1"].status == THIEU
    town.complete_since("")
    assert town.facts().complete_since is None
    result = town.village()["K4.1"]
    assert result.status == DAT  # back to the earliest record, 01/11/2024
    assert "(xã đã xác định)" not in result.summary


# =========================================================================== group results


def test_village_groups_as_the_evaluation_form_lists_them(town: Town) -> None:
    town.incident("15/06/2026", "ANCT_CHONG_PHA")
    town.confirm("thuc_hien_chu_truong")
    from antt_tui.criteria.engine import evaluate_village

    (evaluation,) = evaluate_village(town.facts(), town.vid(), 2026, CLOSED,
                                     rule_sets=RULE_SETS)
    groups = evaluation.group_results()
    assert [(g.id, g.status, [r.id for r in g.results]) for g in groups] == [
        ("K1", CHUA_DAT, ["K1.1", "K1.2", "K1.3"]),
        ("K2", DAT, ["K2"]),
        ("K3", CHUA_DAT, ["K3a", "K3b", "K3c", "K3d", "K3đ", "K3e", "K3g"]),
        ("K4", THIEU, ["K4.1", "K4.2", "K4.3", "K4.4"]),
        ("K5", CHUA_DAT, ["K5.1", "K5.2"]),
    ]
    assert groups[0].text.startswith("Quý I, chi bộ có nghị quyết")
    assert groups[1].single and groups[1].text == groups[1].results[0].text
    assert evaluation.status == CHUA_DAT
    assert [g["id"] for g in evaluation.to_json()["groups"]] == ["K1", "K2", "K3", "K4", "K5"]


def test_commune_groups_x_and_19_2(town: Town) -> None:
    from antt_tui.criteria.engine import evaluate_commune

    found = {e.rule_set: e for e in evaluate_commune(town.facts(), 2026, CLOSED,
                                                     rule_sets=RULE_SETS)}
    assert [g.id for g in found["tt124_2021_xa"].group_results()] == ["X1", "X2"]
    groups = found["hd06_2022_19_2"].group_results()
    assert [g.id for g in groups] == ["19.2a", "19.2b", "19.2c", "19.2d", "19.2đ", "19.2e",
                                      "19.2g", "19.2h"]
    assert [g.id for g in groups if g.single] == ["19.2b", "19.2c", "19.2d", "19.2e", "19.2g"]
    assert next(g for g in groups if g.id == "19.2đ").text.startswith(
        "Số vụ phạm tội về trật tự xã hội giảm ít nhất 05%")


# =========================================================================== stored data


def test_incidents_stored_before_these_changes_still_count(town: Town) -> None:
    # As an older version stored them: the form's default severity, no persons list, and a
    # category a province has since removed from its taxonomy (tests/unit/roster/
    # test_snapshot.py reads such records from the store).
    murder, *_ = [town.incident("15/06/2026", category)
                  for category in ("TP_TTXH_GIET_NGUOI", "KK_VUOT_CAP", "TINH_DA_BO")]
    village = town.village()
    assert item_ids(village["K4.2"]) == [murder.id]
    assert village["K3g"].status == DAT
    assert all(r.status in (DAT, CHUA_DAT, THIEU) for r in village.values())
    town.correct(murder, severity="dac_biet_nghiem_trong")
    assert town.village()["K4.2"].items[0].label.endswith("(đặc biệt nghiêm trọng)")


def test_every_code_of_the_previous_taxonomy_is_still_there(tmp_path: Path) -> None:
    previous = {
        "ANCT_CHONG_PHA", "ANCT_PHA_HOAI", "ANCT_DAO_TRAI_PL", "ANCT_LOI_DUNG", "ANCT_LY_KHAI",
        "KK_DONG_NGUOI", "KK_VUOT_CAP", "KK_DONG_NGUOI_KEO_DAI", "TU_TAP_GAY_ROI",
        "MT_TRANH_CHAP", "MT_PHUC_TAP_KEO_DAI", "TP_TTXH_GIET_NGUOI",
        "TP_TTXH_CO_Y_GAY_THUONG_TICH", "TP_TTXH_CUOP", "TP_TTXH_CUOP_GIAT",
        "TP_TTXH_TROM_CAP", "TP_TTXH_LUA_DAO", "TP_TTXH_HIEP_DAM", "TP_TTXH_XAM_HAI_TRE_EM",
        "TP_TTXH_DANH_BAC", "TP_TTXH_GAY_ROI_TTCC", "TP_TTXH_CHO_VAY_NANG_LAI", "TP_KT", "TP_MT",
        "MT_TOI_PHAM", "MT_NGUOI_NGHIEN", "MT_NGUOI_SU_DUNG", "MT_TU_DIEM", "TNXH_CO_BAC",
        "TNXH_MAI_DAM", "TNXH_ME_TIN", "TNGT", "VA_CHAM_GT", "CHAY", "NO", "CHAY_RUNG", "TNLD",
        "BLGĐ", "ANM_LUA_DAO_MANG", "ANM_THONG_TIN_XAU_DOC", "ANM_LO_LOT_TTCN", "VPHC_ANTT",
        "VPHC_GT", "VPHC_CU_TRU", "VPHC_PCCC"}
    assert previous <= set(TAXONOMY.categories)
    zero = {c.code for c in TAXONOMY.categories.values() if c.zero_tolerance}
    assert {"KK_DONG_NGUOI", "KK_VUOT_CAP", "TU_TAP_GAY_ROI"} <= zero  # still not deletable
