"""Household commitments and inspection visits: rules, storage and the journal."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from antt_tui.domain.errors import NotFound, ValidationError
from antt_tui.roster.records import CommitmentRow, VisitRow
from antt_tui.roster.visits import Activities
from antt_tui.session import Session
from antt_tui.storage.check import records_hash, replay_journal
from antt_tui.storage.journal import device_segments, read_segment

OpenSession = Callable[..., Session]

AN = "Nguyễn Văn An"
OFFICER = "Trần Văn Hùng"


def hid(s: Session) -> str:
    return s.roster.household("DH-0001").id


def snapshot(s: Session) -> tuple[str, int]:
    assert s.store.journal is not None
    return s.store.state_hash(), s.store.journal.last_seq


def saved_once(s: Session, call: Callable[[], Any]) -> Any:
    """Run a change that must be saved as exactly one journal entry."""
    seq = s.store.journal.last_seq  # type: ignore[union-attr]
    result = call()
    assert s.store.journal.last_seq == seq + 1  # type: ignore[union-attr]
    return result


def refused(s: Session, fragment: str, call: Callable[[], Any],
            exc_type: type[Exception] = ValidationError) -> None:
    """A change refused with `fragment` in the message; nothing is saved."""
    before = snapshot(s)
    with pytest.raises(exc_type) as info:
        call()
    assert fragment in str(info.value), str(info.value)
    assert snapshot(s) == before, "a refused change must save nothing"


def sign(s: Session, **over: Any) -> CommitmentRow:
    kwargs: dict[str, Any] = {"year": 2026, "signed_on": "15/02/2026", "signer": AN, **over}
    return Activities(s.roster).sign_commitment("DH-0001", **kwargs)


def visit(s: Session, ref: str = "DH-0001", **answers: Any) -> VisitRow:
    return Activities(s.roster).add_visit(ref, {"date": "20/11/2026", **answers},
                                          officer=OFFICER)


def last_entry(s: Session) -> dict[str, Any]:
    return journal_entries(s)[-1]


def journal_entries(s: Session) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for device_dir in (p for p in Path(s.store.journal_dir).iterdir() if p.is_dir()):
        for segment in device_segments(device_dir):
            entries.extend(read_segment(segment.path))
    return sorted(entries, key=lambda e: (e["hlc"], e["dev"], e["seq"]))


# --------------------------------------------------------------------------- commitments


def test_sign_commitment_stores_one_record_in_one_entry(commune: Session) -> None:
    s = commune
    c = saved_once(s, lambda: sign(s))
    assert {k: c.values[k] for k in ("household_id", "village_id", "year", "signed_on", "signer")} == {
        "household_id": hid(s), "village_id": s.roster.village("DH").id, "year": 2026,
        "signed_on": "2026-02-15", "signer": AN}
    entry = last_entry(s)
    assert entry["ev"] == "commitment.sign"
    assert entry["sum"] == ('Hộ DH-0001 ký cam kết "Hộ an toàn" năm 2026 '
                            f"(ngày 15/02/2026, người ký {AN})")
    activities = Activities(s.roster)
    assert activities.has_signed(hid(s), 2026)
    assert not activities.has_signed(hid(s), 2025)
    assert [r.id for r in activities.commitments(2026)] == [c.id]
    assert activities.commitments(2026, s.roster.village("TL").id) == []
    assert activities.commitments(2025) == []


def test_sign_commitment_accepts_a_date_object_and_the_previous_november(
        commune: Session) -> None:
    s = commune
    c = sign(s, year=2027, signed_on=date(2026, 11, 3))
    assert (c.year, c.signed_on) == (2027, "2026-11-03")


def test_signing_twice_for_the_same_year_is_refused(commune: Session) -> None:
    s = commune
    sign(s)
    refused(s, "Hộ DH-0001 đã ký cam kết năm 2026", lambda: sign(s, signed_on="01/03/2026"))
    assert sign(s, year=2025, signed_on="10/01/2025").year == 2025


@pytest.mark.parametrize(("over", "fragment"), [
    ({"signed_on": "21/11/2026"}, "ở sau ngày hôm nay"),
    ({"signed_on": "15/10/2025"}, "không thuộc năm 2026"),
    ({"year": 2025, "signed_on": "02/01/2026"}, "không thuộc năm 2025"),
    ({"signed_on": "31/02/2026"}, "Ngày không hợp lệ"),
    ({"signed_on": ""}, "Ngày ký không được để trống"),
    ({"signer": "  "}, "Ghi tên người ký"),
])
def test_sign_commitment_rules(commune: Session, over: dict[str, Any], fragment: str) -> None:
    refused(commune, fragment, lambda: sign(commune, **over))


def test_a_household_that_moved_out_cannot_sign(commune: Session) -> None:
    s = commune
    s.roster.household_move_out("DH-0001", on="01/10/2026")
    refused(s, "không còn cư trú", lambda: sign(s))
    refused(s, "không còn cư trú", lambda: visit(s))


def test_unknown_household_is_not_found(commune: Session) -> None:
    refused(commune, "DH-0099", lambda: Activities(commune.roster).sign_commitment(
        "DH-0099", year=2026, signed_on="15/02/2026", signer=AN), NotFound)


def test_signer_is_stored_in_nfc(commune: Session) -> None:
    c = sign(commune, signer=unicodedata.normalize("NFD", f"  {AN} "))
    assert c.signer == AN


# --------------------------------------------------------------------------- visits


def test_visit_with_every_item_dat_passes(commune: Session) -> None:
    s = commune
    v = saved_once(s, lambda: visit(s, findings="Gia đình chấp hành tốt",
                                    advice="Tuyên truyền PCCC", follow_up_on="20/05/2027"))
    assert v.result == "dat"
    assert "checklist" not in v.values  # only the items not answered "dat" are kept
    assert (v.household_id, v.values["village_id"]) == (hid(s), s.roster.village("DH").id)
    assert (v.date, v.officer, v.follow_up_on) == ("2026-11-20", OFFICER, "2027-05-20")
    assert (v.findings, v.advice) == ("Gia đình chấp hành tốt", "Tuyên truyền PCCC")
    entry = last_entry(s)
    assert entry["ev"] == "visit.add"
    assert entry["sum"] == f"Kiểm tra hộ DH-0001 ngày 20/11/2026 ({OFFICER}): đạt"


def test_one_item_chua_dat_fails_the_visit_and_keeps_its_note(commune: Session) -> None:
    s = commune
    v = visit(s, h3="chua_dat", h3_note="Con trai đánh bạc", h5="Không rõ")
    assert v.result == "chua_dat"
    assert v.values["checklist"]["h3"] == {"result": "chua_dat", "note": "Con trai đánh bạc"}
    assert v.values["checklist"]["h5"] == {"result": "khong_ro", "note": ""}
    assert set(v.values["checklist"]) == {"h3", "h5"}  # the items answered "dat" are not kept
    assert last_entry(s)["sum"].endswith("chưa đạt (H3, H5)")


def test_a_note_is_dropped_unless_the_item_is_chua_dat(commune: Session) -> None:
    v = visit(commune, h2="dat", h2_note="Không nên lưu", h4="khong_ro", h4_note="Bỏ qua")
    assert "h2" not in v.values["checklist"]
    assert v.values["checklist"]["h4"] == {"result": "khong_ro", "note": ""}


def test_visit_is_stored_in_the_shard_of_its_year(commune: Session) -> None:
    s = commune
    old = visit(s, date="15/03/2025")
    new = visit(s)
    assert s.store.get("visits", old.id, shard="visits-2025") is not None
    assert s.store.get("visits", new.id, shard="visits-2026") is not None
    assert s.store.get("visits", old.id, shard="visits-2026") is None
    assert [v.id for v in Activities(s.roster).visits_of(hid(s))] == [new.id, old.id]
    assert Activities(s.roster).visits_of("no-such-household") == []


@pytest.mark.parametrize(("answers", "fragment"), [
    ({"date": "21/11/2026"}, "ở sau ngày hôm nay"),
    ({"date": ""}, "Ngày kiểm tra: Bắt buộc nhập"),
    ({"h1": "tot"}, "không có trong danh sách"),
    ({"follow_up_on": "01/11/2026"}, "ở trước ngày kiểm tra"),
])
def test_visit_rules(commune: Session, answers: dict[str, Any], fragment: str) -> None:
    refused(commune, fragment, lambda: visit(commune, **answers))


def test_visit_needs_an_officer(commune: Session) -> None:
    s = commune
    refused(s, "Cán bộ kiểm tra: Bắt buộc nhập",
            lambda: Activities(s.roster).add_visit("DH-0001", {"date": "20/11/2026"}))
    v = Activities(s.roster).add_visit("DH-0001", {"date": "20/11/2026", "officer": "Lê Văn Tư"},
                                       officer=OFFICER)
    assert v.officer == "Lê Văn Tư"


def test_visit_text_is_stored_in_nfc(commune: Session) -> None:
    nfd = unicodedata.normalize("NFD", "Chưa lắp bình chữa cháy")
    v = visit(commune, h4="chua_dat", h4_note=nfd, findings=nfd, officer="")
    assert v.values["checklist"]["h4"]["note"] == "Chưa lắp bình chữa cháy"
    assert v.values["findings"] == "Chưa lắp bình chữa cháy"


# --------------------------------------------------------------------------- persistence


def _activity(s: Session) -> None:
    sign(s)
    sign(s, year=2025, signed_on="10/01/2025")
    visit(s, date="15/03/2025")
    visit(s, h6="chua_dat", h6_note="Chia sẻ tin giả")


def test_reopening_the_folder_keeps_commitments_and_visits(
        commune: Session, open_session: OpenSession) -> None:
    s = commune
    _activity(s)
    household = hid(s)
    expected = s.store.state_hash()
    s.close()
    again = open_session(create=False)
    assert again.store.state_hash() == expected
    activities = Activities(again.roster)
    assert activities.has_signed(household, 2026) and activities.has_signed(household, 2025)
    visits = activities.visits_of(household)
    assert [v.date for v in visits] == ["2026-11-20", "2025-03-15"]
    assert visits[0].values["checklist"]["h6"] == {"result": "chua_dat", "note": "Chia sẻ tin giả"}


def test_replaying_the_journal_from_empty_gives_the_same_state(commune: Session) -> None:
    s = commune
    _activity(s)
    entries = journal_entries(s)
    assert len(entries) == s.store.journal.last_seq  # type: ignore[union-attr]
    assert records_hash(replay_journal(entries)) == s.store.state_hash()


def test_reopening_after_a_crash_replays_the_activities(commune: Session,
                                                        open_session: OpenSession) -> None:
    s = commune
    _activity(s)
    expected = s.store.state_hash()
    s.store.abandon()
    again = open_session(create=False)
    assert again.store.replayed > 0
    assert again.store.state_hash() == expected


def test_visits_and_commitments_appear_in_the_household_history(commune) -> None:
    from antt_tui.roster.history import household_history
    from antt_tui.roster.visits import Activities

    activities = Activities(commune.roster)
    activities.sign_commitment("DH-0001", year=2026, signed_on="15/02/2026",
                               signer="Nguyễn Văn An")
    activities.add_visit("DH-0001", {"date": "20/11/2026", "officer": "Nguyễn Văn Hùng"})
    household = commune.roster.household("DH-0001")
    events = [line.event for line in household_history(commune.store, household.id)]
    assert events[-2:] == ["Ký cam kết Hộ an toàn", "Thêm lượt kiểm tra"]


@pytest.mark.parametrize(("today", "due"), [
    (date(2026, 3, 5), 2026), (date(2026, 10, 31), 2026),
    (date(2026, 11, 1), 2027), (date(2026, 12, 31), 2027)])
def test_the_commitment_due_is_next_years_from_november(commune: Session, today: date,
                                                        due: int) -> None:
    activities = Activities(commune.roster)
    household = commune.roster.household("DH-0001")
    assert activities.commitment_due(household.id, today) == due
    activities.sign_commitment("DH-0001", year=due, signed_on=date(2026, 11, 2) if due == 2027
                               else date(2026, 2, 1), signer="Nguyễn Văn An")
    assert activities.commitment_due(household.id, today) is None
