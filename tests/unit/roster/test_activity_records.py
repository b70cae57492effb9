"""The read records of visits and incidents: codes and the labels the screens show."""

from __future__ import annotations

from antt_tui.roster.incidents import Incidents
from antt_tui.roster.records import (
    ChecklistAnswer,
    Correction,
    IncidentRow,
    InvolvedPerson,
    VisitRow,
)
from antt_tui.roster.visits import Activities, visit_row
from antt_tui.session import Session

OFFICER = "Trần Văn Hùng"


def test_a_visit_row_holds_every_item_with_its_answer_label(commune: Session) -> None:
    s = commune
    activities = Activities(s.roster)
    hid = s.roster.household("DH-0001").id
    stored = activities.add_visit("DH-0001", {
        "date": "20/11/2026", "h3": "chua_dat", "h3_note": "Con trai đánh bạc",
        "h5": "Không rõ", "findings": "Có đánh bạc", "advice": "Nhắc nhở",
        "follow_up_on": "20/12/2026"}, officer=OFFICER)
    [row] = activities.visit_rows_of(hid)
    assert isinstance(row, VisitRow)
    assert (row.id, row.household_id, row.date, row.officer) == (
        stored.id, hid, "2026-11-20", OFFICER)
    assert (row.result, row.result_label) == ("chua_dat", "Chưa đạt: H3, H5")
    assert (row.findings, row.advice, row.follow_up_on) == ("Có đánh bạc", "Nhắc nhở",
                                                            "2026-12-20")
    assert [c.item for c in row.checklist] == ["h1", "h2", "h3", "h4", "h5", "h6"]
    assert row.checklist[0] == ChecklistAnswer(
        item="h1", label="H1. Chấp hành chủ trương, pháp luật", answer="dat",
        answer_label="Đạt", note="")
    assert row.checklist[0].passed
    h3 = row.checklist[2]
    assert (h3.answer, h3.answer_label, h3.note, h3.passed) == (
        "chua_dat", "Chưa đạt", "Con trai đánh bạc", False)
    assert row.checklist[4].answer_label == "Không rõ"


def test_a_passed_visit_reads_dat_and_newest_comes_first(commune: Session) -> None:
    activities = Activities(commune.roster)
    hid = commune.roster.household("DH-0001").id
    activities.add_visit("DH-0001", {"date": "01/11/2026"}, officer=OFFICER)
    activities.add_visit("DH-0001", {"date": "20/11/2026"}, officer=OFFICER)
    rows = activities.visit_rows_of(hid)
    assert [r.date for r in rows] == ["2026-11-20", "2026-11-01"]
    assert rows[0].result_label == "Đạt"
    assert all(c.passed and c.answer_label == "Đạt" for c in rows[0].checklist)
    assert rows[0].follow_up_on == rows[0].findings == ""


def test_an_older_visit_without_items_keeps_its_note_as_findings(commune: Session) -> None:
    activities = Activities(commune.roster)
    row = visit_row({"id": "v1", "household_id": "h1", "date": "2025-03-01",
                     "officer": OFFICER, "result": "chua_dat", "note": "Cãi nhau"},
                    activities.visit_form)
    assert row.checklist == ()
    assert (row.result_label, row.findings) == ("Chưa đạt", "Cãi nhau")


def test_an_incident_row_holds_codes_labels_persons_and_corrections(commune: Session) -> None:
    s = commune
    register = Incidents(s.roster)
    stored = register.add({
        "date": "15/10/2026", "time": "21:30", "village": s.roster.village("DH").id,
        "category": "TP_TTXH_TROM_CAP", "place": "Chợ thôn", "damage": "5000000",
        "note": "Mất trộm xe máy."}, persons=[{"person": "DH-0001/3", "role": "doi_tuong"}])
    register.correct(stored.id, {"status": "da_giai_quyet",
                                    "village": s.roster.village("TL").id},
                     reason="Đã trả lại tài sản")
    household = s.roster.household("DH-0001")
    [row] = register.list()
    assert isinstance(row, IncidentRow)
    assert (row.id, row.date, row.village_id, row.village_name) == (
        stored.id, "2026-10-15", s.roster.village("TL").id, "Thôn Trung Lập")
    assert (row.category, row.category_label) == ("TP_TTXH_TROM_CAP", "Trộm cắp tài sản")
    assert (row.severity, row.severity_label) == ("it_nghiem_trong", "Ít nghiêm trọng")
    assert (row.status, row.status_label) == ("da_giai_quyet", "Đã giải quyết")
    assert (row.place, row.note) == ("Chợ thôn", "Mất trộm xe máy.")
    shown = {a.field: (a.label, a.text) for a in row.answers}
    assert list(shown) == ["date", "time", "village", "place", "category", "severity",
                           "damage", "status", "note"]
    assert shown["date"] == ("Ngày xảy ra", "15/10/2026")
    assert shown["category"] == ("Loại vụ việc", "Trộm cắp tài sản (tiêu chí K4.1, K4.2, H3)")
    assert shown["damage"] == ("Thiệt hại (đồng)", "5.000.000")
    [cuong] = row.persons
    assert cuong == InvolvedPerson(
        person_id=s.roster.person("DH-0001/3").id, full_name="Nguyễn Văn Cường",
        household_id=household.id, household_code="DH-0001", role="doi_tuong",
        role_label="Đối tượng")
    assert row.persons_of(household.id) == (cuong,)
    assert row.persons_of("another") == ()
    assert row.household_codes == ("DH-0001",)
    assert row.corrections == (Correction(on="2026-11-20", reason="Đã trả lại tài sản",
                                          fields=("Tình trạng xử lý", "Thôn")),)


def test_an_incident_without_persons_lists_no_one(commune: Session) -> None:
    register = Incidents(commune.roster)
    register.add({"date": "01/09/2026", "village": commune.roster.village("DH").id,
                  "category": "KK_DONG_NGUOI"})
    [row] = register.list()
    assert (row.persons, row.household_codes, row.corrections) == ((), (), ())
    assert "place" not in {a.field for a in row.answers}
    assert row.place == row.note == ""
