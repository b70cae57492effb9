"""The read records of visits and incidents: codes and the labels the screens show."""

from __future__ import annotations

from antt_tui.roster.records import ChecklistAnswer, VisitRow
from antt_tui.roster.visits import Activities, visit_row
from antt_tui.session import Session

OFFICER = "Trần Văn Hùng"


def test_a_visit_row_holds_every_item_with_its_answer_label(commune: Session) -> None:
    s = commune
    activities = Activities(s.roster)
    hid = s.roster.household("DH-0001")["id"]
    stored = activities.add_visit("DH-0001", {
        "date": "20/11/2026", "h3": "chua_dat", "h3_note": "Con trai đánh bạc",
        "h5": "Không rõ", "findings": "Có đánh bạc", "advice": "Nhắc nhở",
        "follow_up_on": "20/12/2026"}, officer=OFFICER)
    [row] = activities.visit_rows_of(hid)
    assert isinstance(row, VisitRow)
    assert (row.id, row.household_id, row.date, row.officer) == (
        stored["id"], hid, "2026-11-20", OFFICER)
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
    hid = commune.roster.household("DH-0001")["id"]
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
