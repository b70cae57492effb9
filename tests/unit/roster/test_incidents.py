"""The incident register: record, correct with a reason, never remove a zero-tolerance one."""

from __future__ import annotations

import pytest

from antt_tui.domain.errors import NotFound, ValidationError
from antt_tui.roster.incidents import Incidents
from antt_tui.roster.records import IncidentRow
from antt_tui.session import Session


def village_id(s: Session, code: str = "DH") -> str:
    return s.roster.village(code).id


def theft(s: Session, **extra: object) -> IncidentRow:
    answers = {"date": "15/10/2026", "time": "21:30", "village": village_id(s),
               "category": "TP_TTXH_TROM_CAP", "place": "Chợ thôn", "damage": "5000000",
               "note": "Mất trộm xe máy.", **extra}
    return Incidents(s.roster).add(answers, persons=[{"person": "DH-0001/3",
                                                      "role": "doi_tuong"}])


def test_record_an_incident_with_a_resident_involved(commune: Session) -> None:
    incident = theft(commune)
    assert (incident.category, incident.category_label) == ("TP_TTXH_TROM_CAP", "Trộm cắp tài sản")
    assert (incident.date, incident.values["time"], incident.values["damage"]) == (
        "2026-10-15", "21:30", 5000000)
    household = commune.roster.household("DH-0001")
    assert incident.values["household_ids"] == [household.id]
    assert [(p.full_name, p.role) for p in incident.persons] == [("Nguyễn Văn Cường",
                                                                  "doi_tuong")]
    assert Incidents(commune.roster).list(village_id=village_id(commune)) == [incident]


@pytest.mark.parametrize(("extra", "field", "message"), [
    ({"date": "21/11/2026"}, "date", ""),
    ({"category": "KHONG_CO"}, "category", ""),
    ({"time": "25:00"}, "time", "giờ:phút"),
])
def test_bad_input_is_refused_and_nothing_saved(commune: Session, extra: dict, field: str,
                                                message: str) -> None:
    before = commune.store.state_hash(), commune.store.journal.last_seq
    with pytest.raises(ValidationError) as caught:
        theft(commune, **extra)
    assert field in caught.value.errors
    assert message in caught.value.errors[field]
    assert (commune.store.state_hash(), commune.store.journal.last_seq) == before


def test_correction_needs_a_reason_and_is_kept(commune: Session) -> None:
    register = Incidents(commune.roster)
    incident = theft(commune)
    with pytest.raises(ValidationError, match="lý do"):
        register.correct(incident.id, {"status": "da_giai_quyet"}, reason="")
    after = register.correct(incident.id, {"status": "da_giai_quyet"},
                             reason="Đã trả lại tài sản")
    stored = register.get(incident.id[:8])
    assert stored == after
    assert stored.status == "da_giai_quyet"
    assert [c.reason for c in stored.corrections] == ["Đã trả lại tài sản"]
    # A correction form starts from the saved answers, the village by its id.
    values = stored.form_values()
    assert (values["status"], values["village"], values["date"]) == (
        "da_giai_quyet", village_id(commune), "2026-10-15")
    # Nothing new: no second correction.
    same = register.correct(incident.id, {"status": "da_giai_quyet"}, reason="Lần nữa")
    assert len(same.corrections) == 1


def test_zero_tolerance_incident_is_never_removed(commune: Session) -> None:
    register = Incidents(commune.roster)
    incident = register.add({"date": "01/09/2026", "village": village_id(commune),
                             "category": "KK_DONG_NGUOI"})
    with pytest.raises(ValidationError, match="không được xóa"):
        register.delete(incident.id, reason="nhập nhầm")
    assert register.get(incident.id)  # still there
    ordinary = theft(commune)
    register.delete(ordinary.id, reason="Nhập trùng")
    with pytest.raises(NotFound):
        register.get(ordinary.id)
    assert commune.store.get("incidents", ordinary.id)["deleted"] is True
    gone = register.row(ordinary.id)  # by id, deleted or not
    assert gone is not None and gone.id == ordinary.id
    assert register.row("no-such-id") is None


def test_list_filters_by_window(commune: Session) -> None:
    from antt_tui.criteria import window

    register = Incidents(commune.roster)
    register.add({"date": "31/10/2026", "village": village_id(commune), "category": "CHAY"})
    register.add({"date": "01/11/2026", "village": village_id(commune), "category": "CHAY"})
    w = window("thon", 2026)
    assert [i.date for i in register.list(start=w.start, end=w.end)] == ["2026-10-31"]


# ---------------------------------------------------------------- complete since (criteria)


def test_the_day_records_are_complete_from_is_journaled_and_can_be_withdrawn(
        commune: Session) -> None:
    from datetime import date
    from pathlib import Path

    from antt_tui.storage.journal import device_segments, read_segment

    s = commune
    register = Incidents(s.roster)
    assert register.set_complete_since({"complete_since": "01/03/2025"}) == date(2025, 3, 1)
    assert register.complete_since() == date(2025, 3, 1)
    assert s.roster.snapshot().settings["criteria"]["complete_since"] == "2025-03-01"
    assert register.set_complete_since({"complete_since": ""}) is None
    assert register.complete_since() is None
    entries = [e for device in Path(s.store.journal_dir).iterdir() if device.is_dir()
               for segment in device_segments(device) for e in read_segment(segment.path)
               if e["ev"] == "settings.criteria"]
    assert [e["sum"] for e in sorted(entries, key=lambda e: e["hlc"])] == [
        "Số liệu vụ việc của xã đầy đủ từ ngày 01/03/2025",
        "Bỏ ngày số liệu vụ việc đầy đủ (dùng hồ sơ sớm nhất trong máy)"]
    seq = s.store.journal.last_seq
    register.set_complete_since({"complete_since": ""})  # unchanged: nothing saved
    assert s.store.journal.last_seq == seq
    assert len(list(s.store.records("settings"))) == 1


def test_a_future_day_for_complete_records_is_refused(commune: Session) -> None:
    register = Incidents(commune.roster)
    with pytest.raises(ValidationError, match="Số liệu vụ việc đầy đủ từ ngày"):
        register.set_complete_since({"complete_since": "01/01/2027"})
    assert register.complete_since() is None
