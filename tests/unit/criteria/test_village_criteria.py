"""A village (khu dân cư) against TT 124 Art. 4, K1–K5: each criterion passes, fails and,
where its kind allows, lacks data; with the evidence an officer sees."""

from __future__ import annotations

from datetime import date

import pytest

from antt_tui.criteria.results import CHUA_DAT, DAT, THIEU
from antt_tui.criteria.rules import load_confirmations, load_rule_sets
from tests.unit.criteria.scenario import CLOSED, DAY, Town, item_ids

BEFORE_DEADLINE = date(2026, 3, 15)
AFTER_DEADLINE = date(2026, 4, 1)
ZERO_IDS = [c.id for c in load_rule_sets()["tt124_2021_thon"].criteria
            if c.kind == "zero_incidents"]
"""K3a … K3g, K4.2, K4.3, K4.4."""


# --------------------------------------------------------------------------- K1.1, K1.2


DOCS = [("K1.1", "nghi_quyet", "nghị quyết của chi bộ"),
        ("K1.2", "dang_ky", "bản đăng ký phấn đấu của khu dân cư")]


@pytest.mark.parametrize(("cid", "kind", "name"), DOCS)
@pytest.mark.parametrize(("issued", "as_of", "status", "summary"), [
    ("31/03/2026", CLOSED, DAT, "ngày 31/03/2026 (hạn 31/03/2026)"),
    ("20/11/2025", CLOSED, DAT, "ngày 20/11/2025 (hạn 31/03/2026)"),  # Nov. opens 2026
    ("01/04/2026", CLOSED, CHUA_DAT, "ban hành ngày 01/04/2026, sau hạn 31/03/2026"),
    ("01/04/2026", AFTER_DEADLINE, CHUA_DAT, "sau hạn 31/03/2026"),
])
def test_a_yearly_document_on_time_or_late(town: Town, cid: str, kind: str, name: str,
                                           issued: str, as_of: date, status: str,
                                           summary: str) -> None:
    doc = town.document(kind, issued, number="05-NQ/CB")
    result = town.village(as_of)[cid]
    assert result.status == status
    assert summary in result.summary and name in result.summary
    assert item_ids(result, "document") == [doc.id]
    assert result.items[0].label.startswith(f"Số 05-NQ/CB ngày {issued}")


@pytest.mark.parametrize(("cid", "kind", "name"), DOCS)
@pytest.mark.parametrize(("as_of", "status", "missing"), [
    (BEFORE_DEADLINE, THIEU, "Ghi nhận {name} năm 2026 (hạn 31/03/2026)."),
    (AFTER_DEADLINE, CHUA_DAT, "Nếu đã có {name}, ghi nhận số và ngày ban hành."),
    (CLOSED, CHUA_DAT, "Nếu đã có {name}, ghi nhận số và ngày ban hành."),
])
def test_a_missing_document_lacks_data_until_the_deadline(town: Town, cid: str, kind: str,
                                                          name: str, as_of: date, status: str,
                                                          missing: str) -> None:
    # None of these is the village's document of 2026.
    town.document(kind, "10/03/2025")                # the 2025 one
    town.document(kind, "10/03/2026", village="TL")  # the other village's
    town.document(kind, "10/03/2026", village=None)  # the commune's
    result = town.village(as_of)[cid]
    assert result.status == status
    assert result.items == ()
    assert result.missing == missing.format(name=name)


def test_a_document_issued_after_as_of_is_not_seen_yet(town: Town) -> None:
    town.document("nghi_quyet", "20/03/2026")
    assert town.village(BEFORE_DEADLINE)["K1.1"].status == THIEU
    assert town.village(date(2026, 3, 20))["K1.1"].status == DAT


def test_an_early_document_passes_even_with_a_late_one(town: Town) -> None:
    late = town.document("nghi_quyet", "10/05/2026", number="09-NQ")
    early = town.document("nghi_quyet", "10/02/2026", number="02-NQ")
    result = town.village()["K1.1"]
    assert result.status == DAT
    assert "số 02-NQ ngày 10/02/2026" in result.summary
    assert item_ids(result) == [early.id, late.id]


# --------------------------------------------------------------------------- K1.3


@pytest.mark.parametrize(("second_signs", "as_of", "status", "label", "signed"), [
    ("31/03/2026", CLOSED, DAT, None, 2),
    ("20/11/2025", CLOSED, DAT, None, 2),  # signed in November for the next year
    (None, BEFORE_DEADLINE, THIEU, "DH-0002 Phạm Văn Dũng: chưa ký", 1),
    (None, AFTER_DEADLINE, CHUA_DAT, "DH-0002 Phạm Văn Dũng: chưa ký", 1),
    (None, CLOSED, CHUA_DAT, "DH-0002 Phạm Văn Dũng: chưa ký", 1),
    ("10/04/2026", BEFORE_DEADLINE, THIEU, "DH-0002 Phạm Văn Dũng: chưa ký", 1),
    ("10/04/2026", CLOSED, CHUA_DAT, "DH-0002 Phạm Văn Dũng: ký sau hạn (10/04/2026)", 1),
])
def test_commitments_of_every_residing_household(town: Town, second_signs: str | None,
                                                 as_of: date, status: str, label: str | None,
                                                 signed: int) -> None:
    town.sign(on="15/02/2026")
    second = town.household()
    if second_signs:
        town.sign(second.code, on=second_signs)
    result = town.village(as_of)["K1.3"]
    assert result.status == status
    assert result.figures == {"signed": signed, "total": 2, "percent": 100.0 * signed / 2}
    assert f"{signed}/2 hộ đang cư trú đã ký cam kết đến 31/03/2026" in result.summary
    assert [i.label for i in result.items] == ([label] if label else [])
    if label:
        assert item_ids(result, "household") == [second.id]
    unsigned = label is not None and label.endswith("chưa ký")
    assert result.missing == ("Còn 1 hộ chưa ký cam kết năm 2026." if unsigned else "")


def test_only_residing_households_of_the_village_are_counted(town: Town) -> None:
    town.sign(on="15/02/2026")
    moved = town.household()
    town.move_out(moved.code)
    town.household("TL", name="Đỗ Văn Em")  # another village's, unsigned
    result = town.village(AFTER_DEADLINE)["K1.3"]
    assert result.status == DAT
    assert result.figures == {"signed": 1, "total": 1, "percent": 100.0}
    assert result.items == ()


def test_a_village_without_households_lacks_data(town: Town) -> None:
    result = town.village(CLOSED, code="TL")["K1.3"]
    assert (result.status, result.summary, result.missing) == (
        THIEU, "Chưa có hộ nào đang cư trú", "Nhập danh sách hộ của thôn.")


# --------------------------------------------------------------------------- K2, K5.1


MANUAL = [("K2", "thuc_hien_chu_truong"), ("K5.1", "luc_luong_hoan_thanh")]


@pytest.mark.parametrize(("cid", "subject"), MANUAL)
def test_a_manual_criterion_waits_for_a_confirmation(town: Town, cid: str,
                                                     subject: str) -> None:
    label = load_confirmations()[subject].label
    town.confirm(subject, year=2025)           # another year
    town.confirm(subject, village="TL")        # another village
    if subject == "thuc_hien_chu_truong":
        town.confirm(subject, village=None)    # the commune
    result = town.village()[cid]
    assert (result.status, result.summary) == (THIEU, f"Chưa có xác nhận: {label}")
    assert result.missing == f"Xác nhận năm 2026: {label}."


@pytest.mark.parametrize(("cid", "subject"), MANUAL)
@pytest.mark.parametrize(("value", "status", "word"), [(True, DAT, "đạt"),
                                                       (False, CHUA_DAT, "không đạt")])
def test_a_manual_criterion_follows_its_confirmation(town: Town, cid: str, subject: str,
                                                     value: bool, status: str,
                                                     word: str) -> None:
    record = town.confirm(subject, value)
    result = town.village()[cid]
    assert result.status == status
    assert item_ids(result) == [record.id]
    assert result.summary == (f"Xác nhận {word}: Nguyễn Văn Tâm, Trưởng Công an xã, ngày "
                              "05/11/2026")
    assert result.missing == ""


@pytest.mark.parametrize(("cid", "subject"), MANUAL)
@pytest.mark.parametrize(("first", "second", "as_of", "winner", "status"), [
    pytest.param("01/10/2026", "05/11/2026", CLOSED, 1, CHUA_DAT, id="later-date-wins"),
    pytest.param("05/11/2026", "01/10/2026", CLOSED, 0, DAT, id="by-date-not-by-entry"),
    pytest.param("01/10/2026", "05/11/2026", date(2026, 10, 31), 0, DAT,
                 id="after-as-of-ignored"),
    pytest.param("05/11/2026", "05/11/2026", CLOSED, 1, CHUA_DAT, id="same-day-last-entry"),
])
def test_the_latest_confirmation_wins(town: Town, cid: str, subject: str, first: str,
                                      second: str, as_of: date, winner: int,
                                      status: str) -> None:
    # The first says đạt, the second (recorded after it) says không đạt.
    records = [town.confirm(subject, True, on=first), town.confirm(subject, False, on=second)]
    result = town.village(as_of)[cid]
    assert result.status == status
    assert item_ids(result) == [records[winner].id]


# --------------------------------------------------------------------------- K3, K4.2–K4.4


@pytest.mark.parametrize(("category", "answers", "fails"), [
    ("ANCT_CHONG_PHA", {}, {"K3a"}),
    ("ANCT_PHA_HOAI", {}, {"K3b"}),
    ("ANCT_DAO_TRAI_PL", {}, {"K3c"}),
    ("ANCT_LOI_DUNG", {}, {"K3d"}),
    ("ANCT_LY_KHAI", {}, {"K3đ"}),
    ("MT_PHUC_TAP_KEO_DAI", {}, {"K3e"}),
    ("KK_DONG_NGUOI", {}, {"K3g"}),
    ("KK_VUOT_CAP", {}, set()),  # an ordinary complaint over the level: not K3g by itself
    ("KK_LOI_DUNG_KHIEU_NAI", {}, {"K3g"}),
    ("KK_DONG_NGUOI_KEO_DAI", {}, {"K3g"}),
    ("TU_TAP_GAY_ROI", {}, {"K3g"}),
    ("MT_TRANH_CHAP", {}, set()),  # an ordinary dispute: reports only
    ("TP_TTXH_TROM_CAP", {}, set()),
    ("TP_TTXH_TROM_CAP", {"severity": "nghiem_trong"}, {"K4.2"}),
    ("TP_KT", {"severity": "rat_nghiem_trong"}, {"K4.2"}),
    ("MT_TOI_PHAM", {"severity": "dac_biet_nghiem_trong"}, {"K4.2"}),
    ("TNGT", {"severity": "nghiem_trong", "deaths": "2"}, set()),  # traffic: not K4.2/K4.4
    ("MT_TU_DIEM", {}, {"K4.3"}),
    ("MT_NGUOI_NGHIEN", {}, {"K4.3"}),
    ("MT_NGUOI_SU_DUNG", {}, {"K4.3"}),
    ("TNXH_MAI_DAM", {}, {"K4.3"}),
    ("TNXH_CO_BAC", {}, {"K4.3"}),
    ("TNXH_ME_TIN", {}, {"K4.3"}),
    ("VPHC_ANTT", {}, set()),  # counted in K4.1, no zero-tolerance item
    ("CHAY", {"severity": "nghiem_trong"}, {"K4.4"}),
    ("NO", {"severity": "rat_nghiem_trong"}, {"K4.4"}),
    ("CHAY", {"deaths": "1"}, {"K4.4"}),
    ("TNLD", {"deaths": "1"}, {"K4.4"}),
    ("CHAY", {}, set()),
    ("TNLD", {"injuries": "3"}, set()),
])
def test_which_zero_tolerance_criteria_an_incident_breaks(town: Town, category: str,
                                                          answers: dict[str, str],
                                                          fails: set[str]) -> None:
    incident = town.incident("15/06/2026", category, **answers)
    results = town.village()
    assert {cid for cid in ZERO_IDS if results[cid].status != DAT} == fails
    for cid in fails:
        result = results[cid]
        assert result.status == CHUA_DAT
        assert item_ids(result, "incident") == [incident.id]
        assert result.figures == {"count": 1}
        assert result.summary == "Có 1 vụ việc trong kỳ 01/11/2025 – 31/10/2026"
        assert result.items[-1].label.startswith("15/06/2026 — ")
        assert result.items[-1].label.split(" — ")[2].startswith("Thôn Đông Hạ")
    for cid in set(ZERO_IDS) - fails:
        assert results[cid].summary == "Không có vụ việc nào trong kỳ 01/11/2025 – 31/10/2026"
        assert results[cid].figures == {"count": 0}
    # The other village is untouched.
    other = town.village(code="TL")
    assert all(other[cid].status == DAT for cid in ZERO_IDS)


def test_an_incident_label_names_the_severity_in_vietnamese(town: Town) -> None:
    town.incident("15/06/2026", "TP_TTXH_TROM_CAP", severity="rat_nghiem_trong")
    (item,) = town.village()["K4.2"].items
    assert item.label == "15/06/2026 — Trộm cắp tài sản — Thôn Đông Hạ (rất nghiêm trọng)"


@pytest.mark.parametrize(("day", "expected"), [
    ("31/10/2026", {2026: CHUA_DAT, 2027: DAT}),  # the last day of the 2026 village window
    ("01/11/2026", {2026: DAT, 2027: CHUA_DAT}),  # the first day of the 2027 one
])
def test_an_incident_counts_in_the_village_window_it_occurred_in(
        town: Town, day: str, expected: dict[int, str]) -> None:
    town.incident(day, "ANCT_CHONG_PHA")
    assert {year: town.village(DAY, year)["K3a"].status for year in (2026, 2027)} == expected


def test_as_of_sees_only_incidents_up_to_that_day(town: Town) -> None:
    town.incident("15/06/2026", "ANCT_CHONG_PHA")
    early = town.village(date(2026, 6, 14))["K3a"]
    assert (early.status, early.summary) == (
        DAT, "Không có vụ việc nào trong kỳ 01/11/2025 – 14/06/2026")
    assert town.village(date(2026, 6, 15))["K3a"].status == CHUA_DAT


def test_a_deleted_incident_does_not_count(town: Town) -> None:
    addict = town.incident("15/06/2026", "MT_NGUOI_NGHIEN")
    assert town.village()["K4.3"].status == CHUA_DAT
    town.delete(addict)
    assert town.village()["K4.3"].status == DAT


@pytest.mark.parametrize(("recorded", "corrected", "before", "after"), [
    ("TP_TTXH_TROM_CAP", "TNXH_MAI_DAM", DAT, CHUA_DAT),
    ("TNXH_MAI_DAM", "TP_TTXH_TROM_CAP", CHUA_DAT, DAT),
])
def test_a_corrected_incident_counts_with_its_corrected_category(
        town: Town, recorded: str, corrected: str, before: str, after: str) -> None:
    incident = town.incident("15/06/2026", recorded)
    assert town.village()["K4.3"].status == before
    town.correct(incident, category=corrected)
    result = town.village()["K4.3"]
    assert result.status == after
    assert item_ids(result) == ([incident.id] if after == CHUA_DAT else [])


def test_a_corrected_date_moves_the_incident_out_of_the_window(town: Town) -> None:
    incident = town.incident("15/06/2026", "ANCT_LY_KHAI")
    town.correct(incident, date="02/11/2026")
    assert town.village(DAY, 2026)["K3đ"].status == DAT
    assert town.village(DAY, 2027)["K3đ"].status == CHUA_DAT


# --------------------------------------------------------------------------- overrides


@pytest.mark.parametrize(("value", "status"), [(True, DAT), (False, CHUA_DAT)])
def test_a_failing_k42_is_settled_by_a_confirmation(town: Town, value: bool,
                                                    status: str) -> None:
    incident = town.incident("15/06/2026", "TP_TTXH_CUOP", severity="nghiem_trong")
    record = town.confirm("K4.2", value)
    result = town.village()["K4.2"]
    assert result.status == status
    assert result.summary == ("Có 1 vụ việc trong kỳ 01/11/2025 – 31/10/2026. "
                              "Đã xác nhận thủ công.")
    assert item_ids(result) == [record.id, incident.id]
    assert result.items[0].kind == "confirmation"
    assert result.missing == ""


def test_without_a_confirmation_k42_says_how_to_settle_it(town: Town) -> None:
    town.incident("15/06/2026", "TP_TTXH_CUOP", severity="nghiem_trong")
    town.confirm("K4.2", village="TL")         # the other village's
    town.confirm("K4.2", on="05/11/2026")      # made after the "as of" below
    result = town.village(date(2026, 10, 31))["K4.2"]
    assert result.status == CHUA_DAT
    assert "bất khả kháng" in result.missing and "K4.2" in result.missing


def test_an_override_never_fails_a_passing_criterion(town: Town) -> None:
    town.confirm("K4.2", False)
    result = town.village()["K4.2"]
    assert (result.status, result.items) == (DAT, ())


# --------------------------------------------------------------------------- K4.1


def reduction_data(town: Town, previous: int, current: int, start: str = "01/11/2024") -> None:
    """Records start on `start` (an incident that feeds no criterion), then thefts."""
    town.incident(start, "MT_TRANH_CHAP")
    town.many(previous, "01/03/2025", "TP_TTXH_TROM_CAP")
    town.many(current, "01/03/2026", "TP_TTXH_TROM_CAP")


@pytest.mark.parametrize(("previous", "current", "status", "trend", "percent"), [
    (0, 0, DAT, "không đổi; yêu cầu không tăng — cả hai kỳ đều không có vụ nào nên tính là "
                "đạt", 0.0),
    (1, 1, DAT, "không đổi; yêu cầu không tăng", 0.0),
    (2, 1, DAT, "giảm 50,0%; yêu cầu không tăng", 50.0),
    (1, 2, CHUA_DAT, "tăng 100,0%; yêu cầu không tăng", -100.0),
    (0, 1, CHUA_DAT, "tăng 1 vụ (cùng kỳ năm trước không có vụ nào); yêu cầu không tăng", 0.0),
])
def test_crime_is_kept_down_versus_last_year(town: Town, previous: int, current: int,
                                             status: str, trend: str, percent: float) -> None:
    reduction_data(town, previous, current)
    result = town.village()["K4.1"]
    assert result.status == status
    assert result.figures == {"current": current, "previous": previous,
                              "reduction_percent": percent}
    assert result.summary == (f"Kỳ này {current} vụ (01/11/2025 – 31/10/2026), cùng kỳ năm "
                              f"trước {previous} vụ: {trend}")
    assert len(item_ids(result, "incident")) == current


def test_k41_counts_crime_and_social_evils_but_not_accidents(town: Town) -> None:
    reduction_data(town, 0, 0)
    town.incident("01/04/2026", "CHAY", severity="nghiem_trong")
    town.incident("01/04/2026", "TNGT")
    town.incident("01/04/2026", "TNXH_CO_BAC", village="TL")
    assert town.village()["K4.1"].status == DAT
    gambling = town.incident("01/04/2026", "TNXH_CO_BAC")
    result = town.village()["K4.1"]
    assert (result.status, item_ids(result)) == (CHUA_DAT, [gambling.id])


@pytest.mark.parametrize(("start", "status"), [
    ("01/11/2024", CHUA_DAT),  # records reach the previous window's first day
    ("02/11/2024", THIEU),     # they start one day too late
])
def test_k41_needs_records_of_the_whole_previous_window(town: Town, start: str,
                                                        status: str) -> None:
    reduction_data(town, 0, 1, start=start)
    result = town.village()["K4.1"]
    assert result.status == status
    if status == THIEU:
        assert result.summary == ("Chưa có số liệu cùng kỳ năm trước (01/11/2024 – 31/10/2025): "
                                  "hồ sơ sớm nhất trong máy: 02/11/2024")
        assert "01/11/2024 – 31/10/2025" in result.missing and "K4.1" in result.missing


def test_a_visit_or_a_patrol_also_shows_that_records_were_kept(town: Town) -> None:
    town.visit("01/11/2024")
    assert town.village()["K4.1"].status == DAT
    assert town.village(code="TL")["K4.1"].status == DAT  # records are kept commune-wide


def test_k41_as_of_compares_the_same_span_a_year_earlier(town: Town) -> None:
    town.incident("01/11/2024", "MT_TRANH_CHAP")
    counted = [town.incident("15/04/2025", "TP_TTXH_TROM_CAP"),
               town.incident("30/04/2026", "TP_TTXH_TROM_CAP")]
    town.incident("01/05/2025", "TP_TTXH_TROM_CAP")  # after 30/04 a year earlier
    town.incident("01/05/2026", "TP_TTXH_TROM_CAP")  # after "as of"
    town.incident("01/05/2026", "TP_TTXH_TROM_CAP")
    result = town.village(date(2026, 4, 30))["K4.1"]
    assert (result.figures["current"], result.figures["previous"]) == (1, 1)
    assert result.status == DAT
    assert "Kỳ này 1 vụ (01/11/2025 – 30/04/2026)" in result.summary
    assert item_ids(result) == [counted[1].id]
    assert town.village()["K4.1"].status == CHUA_DAT  # 3 against 2 over the whole window


@pytest.mark.parametrize(("value", "status"), [(True, DAT), (False, CHUA_DAT)])
def test_k41_without_last_year_can_be_confirmed_by_hand(town: Town, value: bool,
                                                        status: str) -> None:
    town.incident("01/03/2026", "TP_TTXH_TROM_CAP")
    assert town.village()["K4.1"].status == THIEU
    record = town.confirm("K4.1", value)
    result = town.village()["K4.1"]
    assert (result.status, result.missing) == (status, "")
    assert item_ids(result, "confirmation") == [record.id]


# --------------------------------------------------------------------------- K5.2

SIX = ("10/11/2025", "10/12/2025", "10/01/2026", "10/02/2026", "10/03/2026", "10/04/2026")


def test_a_team_with_enough_activities_passes(town: Town) -> None:
    team = town.team()
    town.activities_of(team, *SIX)
    result = town.village(date(2026, 4, 10))["K5.2"]
    assert result.status == DAT
    assert result.figures == {"active": 1, "teams": 1}
    assert [(i.kind, i.id, i.label) for i in result.items] == [
        ("team", team.id, "Tổ tự quản về ANTT: 6 hoạt động")]


@pytest.mark.parametrize(("as_of", "status"), [(date(2026, 6, 30), THIEU), (CLOSED, CHUA_DAT)])
def test_a_team_with_too_few_activities(town: Town, as_of: date, status: str) -> None:
    team = town.team()
    town.activities_of(team, "10/10/2025", *SIX[:5])  # the first lies before the window
    result = town.village(as_of)["K5.2"]
    assert result.status == status
    assert result.figures == {"active": 0, "teams": 1}
    assert [i.label for i in result.items] == ["Tổ tự quản về ANTT: 5 hoạt động"]
    assert "tuần tra" in result.missing


@pytest.mark.parametrize(("as_of", "status"), [(date(2026, 6, 30), THIEU), (CLOSED, CHUA_DAT)])
def test_teams_that_do_not_count_for_the_village(town: Town, as_of: date, status: str) -> None:
    old = town.team("Tổ cũ", established="01/01/2025")
    town.activities_of(old, "01/02/2025", "01/03/2025", "01/04/2025", "01/05/2025",
                       "01/06/2025", "01/07/2025")
    town.dissolve(old, "30/09/2025")  # before the window
    town.activities_of(town.team("Tổ thôn Trung Lập", village="TL"), *SIX)
    town.activities_of(town.team("Camera an ninh xã", village=None), *SIX)
    result = town.village(as_of)["K5.2"]
    assert result.status == status
    assert result.summary == ("Chưa có tổ tự quản, mô hình nào được ghi nhận. Tiêu chí do tỉnh "
                              "đặt thêm, không có trong văn bản.")
    assert result.figures == {"active": 0, "teams": 0}
    assert "Ghi nhận tổ tự quản" in result.missing


def test_a_team_dissolved_during_the_window_still_counts(town: Town) -> None:
    team = town.team()
    town.activities_of(team, *SIX)
    town.dissolve(team, "30/06/2026")
    assert town.village()["K5.2"].status == DAT
    assert town.village(CLOSED, 2027)["K5.2"].figures["teams"] == 0


@pytest.mark.parametrize(("as_of", "status"), [
    (date(2026, 3, 31), THIEU),     # the deadline day itself: still time to record it
    (date(2026, 4, 1), CHUA_DAT),
])
def test_the_deadline_day_is_still_open(town: Town, as_of: date, status: str) -> None:
    assert town.village(as_of)["K1.1"].status == status


def test_a_household_that_came_after_the_deadline_is_not_counted_in_k1_3(town: Town) -> None:
    town.sign(on="15/02/2026")
    town.household("DH", "Đỗ Văn Mới", moved_in_on="10/06/2026")
    result = town.village()["K1.3"]
    assert result.status == DAT
    assert "1/1 hộ đang cư trú đã ký cam kết" in result.summary
    assert "không tính 1 hộ đến cư trú sau 31/03/2026" in result.summary
    # One that came before the deadline still had to register.
    town.household("DH", "Đỗ Văn Sớm", moved_in_on="01/03/2026")
    assert town.village()["K1.3"].status == CHUA_DAT
