"""The registers the criteria read: yearly documents, teams and their activities, manual
confirmations. Each change is one journal entry; a refused change saves nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from antt_tui.domain.errors import NotFound, ValidationError
from antt_tui.roster.confirmations import Confirmations, subjects
from antt_tui.roster.documents import Documents
from antt_tui.roster.teams import Teams
from antt_tui.session import Session
from antt_tui.storage.journal import device_segments, read_segment

TEAM = "Tổ tự quản về ANTT"
BY = "Nguyễn Văn Tâm, Trưởng Công an xã"


def last_entry(s: Session) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    for device_dir in (p for p in Path(s.store.journal_dir).iterdir() if p.is_dir()):
        for segment in device_segments(device_dir):
            entries.extend(read_segment(segment.path))
    return max(entries, key=lambda e: (e["hlc"], e["dev"], e["seq"]))


def saved_once(s: Session, call: Callable[[], Any]) -> Any:
    """Run a change that must be saved as exactly one journal entry."""
    seq = s.store.journal.last_seq  # type: ignore[union-attr]
    result = call()
    assert s.store.journal.last_seq == seq + 1  # type: ignore[union-attr]
    return result


def refused(s: Session, fragment: str, call: Callable[[], Any],
            exc_type: type[Exception] = ValidationError) -> None:
    """A change refused with `fragment` in the message; nothing is saved."""
    before = s.store.state_hash(), s.store.journal.last_seq  # type: ignore[union-attr]
    with pytest.raises(exc_type) as info:
        call()
    assert fragment in str(info.value), str(info.value)
    assert (s.store.state_hash(), s.store.journal.last_seq) == before  # type: ignore[union-attr]


# --------------------------------------------------------------------------- documents


def doc(s: Session, village: str | None = "DH", **over: Any) -> dict[str, Any]:
    answers = {"kind": "nghi_quyet", "number": "05-NQ/CB", "issued_on": "15/02/2026",
               "issuer": "Chi bộ thôn Đông Hạ", **over}
    return Documents(s.roster).add(answers, village=village)


def test_a_village_document_is_one_entry(commune: Session) -> None:
    s = commune
    record = saved_once(s, lambda: doc(s))
    assert {k: getattr(record, k) for k in ("scope", "village_id", "kind", "number", "issued_on", "year",
                                   "issuer")} == {
        "scope": "thon", "village_id": s.roster.village("DH").id, "kind": "nghi_quyet",
        "number": "05-NQ/CB", "issued_on": "2026-02-15", "year": 2026,
        "issuer": "Chi bộ thôn Đông Hạ"}
    entry = last_entry(s)
    assert entry["ev"] == "document.add"
    assert entry["sum"] == "Ghi nhận nghị quyết số 05-NQ/CB ngày 15/02/2026 của Thôn Đông Hạ (năm 2026)"


def test_a_commune_document(commune: Session) -> None:
    record = doc(commune, village=None, kind="ke_hoach", number="12/KH-UBND")
    assert (record.scope, record.village_id) == ("xa", "")
    assert last_entry(commune)["sum"].endswith("của Xã Tân Lập (năm 2026)")


@pytest.mark.parametrize(("issued", "year", "expected"), [
    ("15/02/2026", None, 2026),
    ("31/10/2025", None, 2025),
    ("01/11/2025", None, 2026),  # November and December open the next year's window
    ("20/12/2025", None, 2026),
    ("20/12/2025", "2025", 2025),
])
def test_the_year_of_a_document(commune: Session, issued: str, year: str | None,
                                expected: int) -> None:
    extra = {"year": year} if year else {}
    assert doc(commune, issued_on=issued, **extra).year == expected


def test_a_duplicate_number_is_refused(commune: Session) -> None:
    s = commune
    doc(s)
    refused(s, "Văn bản số 05-NQ/CB (nghị quyết) năm 2026 của Thôn Đông Hạ đã được ghi nhận.",
            lambda: doc(s, issued_on="20/02/2026"))
    # The same number elsewhere is another document.
    doc(s, village="TL")
    doc(s, village=None)
    doc(s, kind="dang_ky")
    doc(s, issued_on="15/02/2025")
    assert len(Documents(s.roster).list()) == 5
    assert len(Documents(s.roster).list(year=2026, village_id=s.roster.village("DH").id)) == 2


@pytest.mark.parametrize(("over", "fragment"), [
    ({"issued_on": "21/11/2026"}, "ở sau ngày hôm nay"),
    ({"issued_on": ""}, "Ngày ban hành: Bắt buộc nhập"),
    ({"number": " "}, "Số, ký hiệu: Bắt buộc nhập"),
    ({"kind": "bien_ban"}, "không có trong danh sách"),
    ({"year": "1999"}, "Năm đánh giá"),
])
def test_document_rules(commune: Session, over: dict[str, Any], fragment: str) -> None:
    refused(commune, fragment, lambda: doc(commune, **over))


def test_a_document_of_an_unknown_village_is_not_found(commune: Session) -> None:
    refused(commune, "Không tìm thấy thôn", lambda: doc(commune, village="XX"), NotFound)


def test_deleting_a_document_needs_a_reason(commune: Session) -> None:
    s = commune
    register = Documents(s.roster)
    record = doc(s)
    refused(s, "Ghi lý do xóa", lambda: register.delete(record.id, reason=" "))
    refused(s, "Không tìm thấy văn bản", lambda: register.delete("khong-co", reason="x"),
            NotFound)
    saved_once(s, lambda: register.delete(record.id[:8], reason="Nhập nhầm số"))
    assert register.list() == []
    assert s.store.get("documents", record.id)["deleted_reason"] == "Nhập nhầm số"
    doc(s)  # the number is free again


# --------------------------------------------------------------------------- teams


def team(s: Session, village: str | None = "DH", **over: Any) -> dict[str, Any]:
    answers = {"name": TEAM, "established_on": "01/01/2025", "leader": "Phạm Văn Dũng",
               "members": "12", **over}
    return Teams(s.roster).add(answers, village=village)


def activity(s: Session, ref: str, day: str, **over: Any) -> dict[str, Any]:
    return Teams(s.roster).add_activity(ref, {"date": day, **over})


def test_a_team_is_one_entry(commune: Session) -> None:
    s = commune
    record = saved_once(s, lambda: team(s))
    assert {k: getattr(record, k) for k in ("scope", "village_id", "name", "model",
                                            "established_on", "leader", "members",
                                            "dissolved_on")} == {
        "scope": "thon", "village_id": s.roster.village("DH").id, "name": TEAM,
        "model": "to_tu_quan", "established_on": "2025-01-01", "leader": "Phạm Văn Dũng",
        "members": 12, "dissolved_on": ""}
    assert record.saved["dissolved_on"] is None  # as saved: a blank date
    assert last_entry(s)["sum"] == f"Thành lập {TEAM} (Thôn Đông Hạ) ngày 01/01/2025"


def test_a_duplicate_team_name_is_refused_in_the_same_unit(commune: Session) -> None:
    s = commune
    team(s)
    refused(s, f"Thôn Đông Hạ đã có tổ, mô hình “{TEAM}”.",
            lambda: team(s, name="to tu quan ve antt"))
    team(s, village="TL")
    team(s, village=None)
    assert len(Teams(s.roster).teams()) == 3


def test_renaming_a_team_to_a_taken_name_is_refused(commune: Session) -> None:
    s = commune
    teams = Teams(s.roster)
    team(s)
    camera = team(s, name="Camera an ninh")
    refused(s, f"Thôn Đông Hạ đã có tổ, mô hình “{TEAM}”.",
            lambda: teams.edit(camera.id, {"name": "Tổ Tự Quản về ANTT"}))
    assert teams.edit(camera.id, {"name": "Camera An Ninh"}).name == "Camera An Ninh"
    assert teams.edit(camera.id, {"name": "Camera an ninh xóm 2"}).name == (
        "Camera an ninh xóm 2")


@pytest.mark.parametrize(("over", "fragment"), [
    ({"established_on": "21/11/2026"}, "ở sau ngày hôm nay"),
    ({"dissolved_on": "31/12/2024"}, "Ngày giải thể ở trước ngày thành lập."),
    ({"name": ""}, "Tên tổ, mô hình: Bắt buộc nhập"),
    ({"model": "doi_dac_nhiem"}, "không có trong danh sách"),
])
def test_team_rules(commune: Session, over: dict[str, Any], fragment: str) -> None:
    refused(commune, fragment, lambda: team(commune, **over))


def test_an_activity_is_one_entry(commune: Session) -> None:
    s = commune
    record = team(s)
    patrol = saved_once(s, lambda: activity(s, record.id, "10/05/2026", officer_turns="4"))
    assert {k: getattr(patrol, k) for k in ("team_id", "village_id", "date", "kind", "shifts",
                                   "officer_turns")} == {
        "team_id": record.id, "village_id": record.village_id, "date": "2026-05-10",
        "kind": "tuan_tra", "shifts": 1, "officer_turns": 4}
    assert last_entry(s)["sum"] == f"{TEAM}: tuần tra ngày 10/05/2026"
    meeting = activity(s, "to tu quan", "12/05/2026", kind="hop", attendance="9")
    assert [a.id for a in Teams(s.roster).activities(team_id=record.id)] == [
        meeting.id, patrol.id]


@pytest.mark.parametrize(("day", "fragment"), [
    ("31/12/2024", "Ngày 31/12/2024 ở trước ngày thành lập tổ (01/01/2025)."),
    ("21/11/2026", "ở sau ngày hôm nay"),
])
def test_activity_dates_of_a_living_team(commune: Session, day: str, fragment: str) -> None:
    record = team(commune)
    refused(commune, fragment, lambda: activity(commune, record.id, day))


def test_editing_a_team_dissolves_it(commune: Session) -> None:
    s = commune
    teams = Teams(s.roster)
    record = team(s)
    activity(s, record.id, "30/06/2026")
    refused(s, "Ngày giải thể ở trước ngày thành lập.",
            lambda: teams.edit(record.id, {"dissolved_on": "01/12/2024"}))
    edited = saved_once(s, lambda: teams.edit(record.id, {"dissolved_on": "30/06/2026"}))
    assert edited.dissolved_on == "2026-06-30"
    assert edited.established_on == "2025-01-01" and edited.members == 12
    assert last_entry(s)["sum"] == f"Sửa thông tin {TEAM}: dissolved_on"
    refused(s, "Ngày 01/07/2026 ở sau ngày tổ giải thể (30/06/2026).",
            lambda: activity(s, record.id, "01/07/2026"))
    assert teams.teams() == []
    assert [t.id for t in teams.teams(include_dissolved=True)] == [record.id]
    assert [t.id for t in teams.teams(on=date(2026, 6, 30))] == [record.id]
    # Saving the same answers again changes nothing and writes nothing.
    seq = s.store.journal.last_seq  # type: ignore[union-attr]
    teams.edit(record.id, {"dissolved_on": "30/06/2026"})
    assert s.store.journal.last_seq == seq  # type: ignore[union-attr]


def test_finding_a_team(commune: Session) -> None:
    s = commune
    teams = Teams(s.roster)
    first = team(s)
    team(s, name="Tổ tự quản dòng họ Nguyễn")
    assert teams.team("TO TU QUAN VE ANTT").id == first.id
    assert teams.team(first.id[:8]).id == first.id
    with pytest.raises(NotFound, match="Có nhiều tổ, mô hình khớp"):
        teams.team("tự quản")
    with pytest.raises(NotFound, match="Không tìm thấy tổ, mô hình"):
        teams.team("Camera")


# --------------------------------------------------------------------------- confirmations


def confirm(s: Session, village: str | None = "DH", **over: Any) -> dict[str, Any]:
    answers = {"subject": "luc_luong_hoan_thanh", "year": "2026", "value": "dat",
               "confirmed_by": BY, "confirmed_on": "05/11/2026", **over}
    return Confirmations(s.roster).confirm(answers, village=village)


def test_what_can_be_confirmed_for_a_village_and_for_the_commune() -> None:
    village = {c.value for c in subjects("thon")}
    commune = {c.value for c in subjects("xa")}
    assert village == {"thuc_hien_chu_truong", "luc_luong_hoan_thanh", "K4.1", "K4.2", "K4.4"}
    # 19.2 (h) asks "không vi phạm pháp luật", not K5.1's "không vi phạm kỷ luật".
    assert commune == {"thuc_hien_chu_truong", "luc_luong_khong_vi_pham_phap_luat",
                       "khong_ky_luat", "khong_xa_trong_diem", "cong_an_xa_tien_tien", "X1.7",
                       "X1.8", "19.2đ.1", "19.2đ.2", "19.2đ.3"}
    k42 = next(c for c in subjects("thon") if c.value == "K4.2")
    assert k42.label.startswith("K4.2 (bất khả kháng, xác nhận thủ công): Không xảy ra tội")
    # Force majeure only where the text allows it; else "no data of last year".
    labels = {c.value: c.label for c in subjects("xa")}
    assert labels["19.2đ.3"].startswith("19.2đ.3 (bất khả kháng, xác nhận thủ công): ")
    for cid in ("19.2đ.1", "19.2đ.2", "X1.7"):
        assert labels[cid].startswith(f"{cid} (thiếu số liệu năm trước, xác nhận thủ công): ")


@pytest.mark.parametrize(("value", "stored", "word"), [("dat", True, "đạt"),
                                                       ("khong_dat", False, "không đạt")])
def test_a_confirmation_is_one_entry_with_a_bool_value(commune: Session, value: str,
                                                       stored: bool, word: str) -> None:
    s = commune
    record = saved_once(s, lambda: confirm(s, value=value))
    assert record.value is stored
    assert {k: getattr(record, k) for k in ("scope", "village_id", "subject", "year", "confirmed_by",
                                   "confirmed_on")} == {
        "scope": "thon", "village_id": s.roster.village("DH").id,
        "subject": "luc_luong_hoan_thanh", "year": 2026, "confirmed_by": BY,
        "confirmed_on": "2026-11-05"}
    assert last_entry(s)["sum"] == (
        "Xác nhận năm 2026 cho Thôn Đông Hạ: Lực lượng bảo đảm ANTT ở cơ sở hoàn thành nhiệm "
        f"vụ trở lên, không có cá nhân vi phạm kỷ luật — {word} ({BY}, ngày 05/11/2026)")


def test_override_subjects_are_confirmed_like_the_others(commune: Session) -> None:
    s = commune
    village = confirm(s, subject="K4.2")
    commune_ = confirm(s, village=None, subject="19.2đ.1", value="khong_dat")
    assert (village.subject, village.value) == ("K4.2", True)
    assert (commune_.scope, commune_.village_id, commune_.value) == ("xa", "", False)
    register = Confirmations(s.roster)
    assert [c.id for c in register.list(village_id="")] == [commune_.id]
    assert len(register.list(year=2026)) == 2 and register.list(year=2025) == []


@pytest.mark.parametrize(("village", "over", "fragment"), [
    ("DH", {"subject": "khong_co"}, "không có trong danh sách"),
    ("DH", {"subject": "khong_ky_luat"}, "không có trong danh sách"),  # only for the commune
    ("DH", {"subject": "X1.8"}, "không có trong danh sách"),
    (None, {"subject": "K4.2"}, "không có trong danh sách"),            # only for a village
    ("DH", {"subject": "luc_luong_khong_vi_pham_phap_luat"},          # the commune's 19.2h
     "không có trong danh sách"),
    ("DH", {"confirmed_on": "21/11/2026"}, "ở sau ngày hôm nay"),
    ("DH", {"confirmed_by": ""}, "Người xác nhận (họ tên, chức vụ): Bắt buộc nhập"),
    ("DH", {"value": "co_the"}, "không có trong danh sách"),
    ("DH", {"year": ""}, "Năm đánh giá: Bắt buộc nhập"),
])
def test_confirmation_rules(commune: Session, village: str | None, over: dict[str, Any],
                            fragment: str) -> None:
    refused(commune, fragment, lambda: confirm(commune, village=village, **over))
