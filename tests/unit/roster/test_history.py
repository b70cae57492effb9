"""The household history: who (officer) did what, in Vietnamese, oldest first."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from antt_tui.domain.errors import ValidationError
from antt_tui.roster.history import HistoryLine, household_history
from antt_tui.session import Session

OpenSession = Callable[..., Session]

FIRST_OFFICER = "Cán bộ Kiểm Thử"  # the officer of the `commune` fixture
HUNG = "Thiếu úy Phạm Văn Hùng"
MAI = "Đại úy Lê Thị Mai"


def history(s: Session, code: str) -> list[HistoryLine]:
    """What `antt history CODE` shows: the household and everyone listed in it."""
    household = s.roster.household(code)
    members = {m.id for m in s.roster.members(household.id)}
    return household_history(s.store, household.id, members)


def pid(s: Session, name: str) -> str:
    return next(p["id"] for p in s.store.records("persons")
                if p["full_name"] == name and not p.get("deleted"))


def as_officer(s: Session, open_session: OpenSession, officer: str) -> Session:
    """Close the session and open the same folder as another officer."""
    s.close()
    return open_session(create=False, officer=officer)


def test_history_says_who_did_what_in_order(commune: Session, open_session: OpenSession
                                            ) -> None:
    s = as_officer(commune, open_session, HUNG)
    s.roster.edit_person(pid(s, "Nguyễn Văn Cường"), {"full_name": "Nguyễn Văn Cương"})
    s = as_officer(s, open_session, MAI)
    s.roster.mark_deceased(pid(s, "Nguyễn Văn An"), on="01/11/2026",
                           new_head_id=pid(s, "Lê Thị Bình"))

    lines = history(s, "DH-0001")
    assert [(x.event, x.by) for x in lines] == [
        ("Thêm hộ", FIRST_OFFICER),
        ("Thêm nhân khẩu", FIRST_OFFICER),
        ("Thêm nhân khẩu", FIRST_OFFICER),
        ("Sửa nhân khẩu", HUNG),
        ("Khai tử", MAI),
    ]
    added, wife, child, rename, death = lines
    assert added.summary == "Thêm hộ DH-0001, chủ hộ Nguyễn Văn An"
    household_line, head_line = added.changes
    assert household_line.startswith("Hộ · thêm mới: Mã hộ: DH-0001;")
    assert "Địa chỉ: Xóm 2, Thôn Đông Hạ" in household_line
    assert head_line.startswith("Nguyễn Văn An · thêm mới: Ngày sinh: 24/07/1975;")
    assert "Quan hệ với chủ hộ: Chủ hộ" in head_line
    assert wife.summary == "Thêm Lê Thị Bình vào hộ DH-0001"
    assert "Quan hệ với chủ hộ: Vợ" in wife.changes[0]
    assert child.changes[0].startswith("Nguyễn Văn Cường · thêm mới: Ngày sinh: 05/2001;")
    assert rename.changes == [
        "Nguyễn Văn Cương · Họ và tên: Nguyễn Văn Cường → Nguyễn Văn Cương"]
    assert death.summary == "Nguyễn Văn An (DH-0001) qua đời ngày 01/11/2026"
    for change in (
        "Nguyễn Văn An · Tình trạng: Đang cư trú → Đã mất",
        "Nguyễn Văn An · Ngày thay đổi tình trạng: (trống) → 01/11/2026",
        "Nguyễn Văn An · Quan hệ với chủ hộ: Chủ hộ → Khác",
        "Lê Thị Bình · Quan hệ với chủ hộ: Vợ → Chủ hộ",
    ):
        assert change in death.changes
    assert [x.seq for x in lines] == sorted(x.seq for x in lines)
    assert [x.at for x in lines] == sorted(x.at for x in lines)


def test_household_changes_are_shown_with_labels(commune: Session) -> None:
    s = commune
    s.roster.edit_household("DH-0001", {"residence_status": "tam_tru",
                                        "address": "Xóm 3, Thôn Đông Hạ"})
    last = history(s, "DH-0001")[-1]
    assert (last.event, last.summary) == ("Sửa thông tin hộ", "Sửa thông tin hộ DH-0001")
    assert sorted(last.changes) == [
        "Hộ · Tình trạng cư trú: Thường trú → Tạm trú",
        "Hộ · Địa chỉ: Xóm 2, Thôn Đông Hạ → Xóm 3, Thôn Đông Hạ",
    ]


def test_a_member_who_moved_out_still_appears_for_their_time(commune: Session) -> None:
    s = commune
    r = s.roster
    r.add_household("TL", household={"address": "Xóm 5"},
                    head={"full_name": "Trần Văn Dũng", "sex": "nam", "birth": "1960"})
    r.move_person(pid(s, "Lê Thị Bình"), "TL-0001", relation="Con dâu")
    r.split_household("DH-0001", [pid(s, "Nguyễn Văn Cường")],
                      new_head_id=pid(s, "Nguyễn Văn Cường"), household={"address": "Xóm 9"})
    assert [m.full_name for m in r.members(r.household("DH-0001").id)] == [
        "Nguyễn Văn An"]

    old = history(s, "DH-0001")
    summaries = [x.summary for x in old]
    assert summaries == [
        "Thêm hộ DH-0001, chủ hộ Nguyễn Văn An",
        "Thêm Lê Thị Bình vào hộ DH-0001",
        "Thêm Nguyễn Văn Cường vào hộ DH-0001",
        "Chuyển Lê Thị Bình từ hộ DH-0001 sang hộ TL-0001",
        "Tách hộ DH-0002 (chủ hộ Nguyễn Văn Cường, 1 nhân khẩu) từ hộ DH-0001",
    ]
    assert [x.event for x in old][-2:] == ["Chuyển nhân khẩu", "Tách hộ"]

    new = history(s, "TL-0001")
    assert "Thêm hộ TL-0001, chủ hộ Trần Văn Dũng" in [x.summary for x in new]
    move = next(x for x in new if x.event == "Chuyển nhân khẩu")
    assert "Lê Thị Bình · Quan hệ với chủ hộ: Vợ → Con dâu" in move.changes

    split_off = history(s, "DH-0002")
    split = next(x for x in split_off if x.event == "Tách hộ")
    assert split.changes[0].startswith("Hộ · thêm mới: Mã hộ: DH-0002;")
    assert "Nguyễn Văn Cường · Quan hệ với chủ hộ: Con đẻ → Chủ hộ" in split.changes


def test_other_households_do_not_appear(commune: Session) -> None:
    s = commune
    s.roster.add_household("TL", household={"address": "Xóm 5"},
                           head={"full_name": "Trần Văn Dũng", "sex": "nam", "birth": "1960"})
    s.roster.add_village("Thôn Bắc Sơn")
    assert [x.summary for x in history(s, "DH-0001")] == [
        "Thêm hộ DH-0001, chủ hộ Nguyễn Văn An",
        "Thêm Lê Thị Bình vào hộ DH-0001",
        "Thêm Nguyễn Văn Cường vào hộ DH-0001",
    ]
    assert [x.summary for x in history(s, "TL-0001")] == [
        "Thêm hộ TL-0001, chủ hộ Trần Văn Dũng"]


def test_a_merge_shows_in_both_households(commune: Session) -> None:
    s = commune
    s.roster.add_household("TL", household={"address": "Xóm 5"},
                           head={"full_name": "Trần Văn Dũng", "sex": "nam", "birth": "1960"})
    s.roster.merge_households("DH-0001", "TL-0001", relations={
        pid(s, "Trần Văn Dũng"): "Bố vợ"})
    expected = "Nhập hộ TL-0001 (1 nhân khẩu) vào hộ DH-0001"
    assert history(s, "DH-0001")[-1].summary == expected
    merged = history(s, "TL-0001")[-1]
    assert (merged.event, merged.summary) == ("Nhập hộ", expected)
    assert "Hộ · Tình trạng cư trú: Thường trú → Đã giải thể" in merged.changes


def test_refused_changes_leave_no_history_and_history_survives_reopening(
        commune: Session, open_session: OpenSession) -> None:
    s = commune
    with pytest.raises(ValidationError):
        s.roster.mark_deceased(pid(s, "Nguyễn Văn An"), on="01/11/2026")  # no new head
    s.roster.delete_person(pid(s, "Nguyễn Văn Cường"), reason="Nhập trùng")
    before = [(x.event, x.by, x.summary, x.changes) for x in history(s, "DH-0001")]
    assert [event for event, *_ in before] == [
        "Thêm hộ", "Thêm nhân khẩu", "Thêm nhân khẩu", "Xóa nhân khẩu nhập nhầm"]
    assert before[-1][2] == "Xóa Nguyễn Văn Cường (nhập nhầm): Nhập trùng"
    assert "Nguyễn Văn Cường · Lý do xóa: (trống) → Nhập trùng" in before[-1][3]
    s.close()
    again = open_session(create=False)
    assert [(x.event, x.by, x.summary, x.changes) for x in history(again, "DH-0001")] == before


def test_a_generated_household_shows_its_own_part_of_the_batch_once(
        open_session: OpenSession) -> None:
    from datetime import date

    from antt_tui.generate.blueprint import make_commune
    from antt_tui.generate.load import BATCH, load_commune

    commune = make_commune(households=150, years=2, seed=3, today=date(2026, 11, 20))
    assert len(commune.visits) > 2 * BATCH  # the visits span several journal entries
    s = open_session(create=True)
    load_commune(s.store, commune)
    household = max(commune.households,
                    key=lambda h: sum(v["household_id"] == h["id"] for v in commune.visits))
    visits = sum(v["household_id"] == household["id"] for v in commune.visits)
    members = sum(p["household_id"] == household["id"] for p in commune.persons)
    lines = history(s, household["code"])
    assert [line.summary for line in lines] == [
        f"Tạo dữ liệu mẫu: 1 hộ, {members} nhân khẩu, {visits} lượt kiểm tra"
        + (f", {n} cam kết" if (n := sum(c["household_id"] == household["id"]
                                         for c in commune.commitments)) else "")]
