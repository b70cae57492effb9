"""An import is saved whole, once, and can be taken back whole.

One journal entry per file (shown in the history, listed by `imports`, keeping each row as the
file held it); a failed save leaves nothing; importing the same file again, or an edited copy,
finds the stored records and shows what changes instead of adding twins; `undo` removes what
the import added and puts back what it changed. New households keep the file's household
numbers where they are free codes of the village; an exported roster imported into an empty
database is the same roster.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from antt_tui.domain.errors import DomainError
from antt_tui.generate.blueprint import make_commune
from antt_tui.generate.load import load_commune
from antt_tui.roster import roster_export as rx
from antt_tui.roster import roster_import as ri
from antt_tui.roster.history import household_history
from antt_tui.session import Session
from antt_tui.storage.errors import SaveFailed
from antt_tui.sync.identity import set_sync_meta
from tests.conftest import TODAY
from tests.unit.roster import roster_import_files as F

OpenSession = Callable[..., Session]
OFFICER = "Cán bộ Kiểm Thử"
NAMES = ["Nguyễn Văn An", "Trần Văn Bảo", "Lê Văn Cường", "Phạm Văn Dũng", "Hoàng Văn Em",
         "Vũ Văn Giang", "Đặng Văn Hải", "Bùi Văn Khánh", "Đỗ Văn Long", "Hồ Văn Minh",
         "Ngô Văn Nam", "Dương Văn Phúc"]


def import_file(s: Session, path: Path, **options) -> ri.Imported:
    plan = F.plan_of(s, path, **options)
    assert plan.ok, [p.message for p in plan.errors]
    return ri.commit(s.roster, plan)


def saves(s: Session) -> int:
    return s.store.position[s.store.device_id]


def tcvn3_roster(tmp_path: Path) -> Path:
    headings, rows = F.by_number()
    return F.write_xlsx(tmp_path / "dong-ha.xlsx", headings, rows, convert=F.tcvn3_text,
                        font=".VnTime", title=F.TITLE)


def export(s: Session, path: Path) -> Path:
    rx.write(path, rx.collect(s.roster, "DH"))
    return path


# ---------------------------------------------------------------------- one entry


def test_an_import_is_one_journal_entry_in_the_history_with_the_rows_as_written(
        village: Session, tmp_path: Path) -> None:
    before = saves(village)
    done = import_file(village, tcvn3_roster(tmp_path), village="DH")

    assert saves(village) == before + 1
    assert (len(done.households), done.persons, done.changed) == (3, 8, 0)
    [listed] = ri.imports(village.store)
    assert (listed.code, listed.file, listed.by, listed.households, listed.persons) == (
        done.code, "dong-ha.xlsx", OFFICER, 3, 8)

    household = village.roster.household(done.households[0])
    [line] = household_history(village.store, household.id)
    assert (line.event, line.by) == ("Nhập danh sách từ tệp", OFFICER)
    assert line.summary.startswith(f"Nhập danh sách dong-ha.xlsx (mã {done.code}): 3 hộ mới")
    assert any("Nguyễn Văn An · thêm mới" in change for change in line.changes)

    _summary, entry = ri.find_import(village.roster, done.code)
    rows = {number: cells for number, cells in entry["imp"]["rows"]}
    assert rows[4][2] == "NguyÔn V¨n An"  # the cell as the file held it, for the audit
    assert entry["imp"]["enc"]["C"] == "font"


def test_a_failed_save_leaves_the_database_as_it_was(village: Session, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     open_session: OpenSession) -> None:
    import antt_tui.storage.journal as journal

    plan = F.plan_of(village, tcvn3_roster(tmp_path), village="DH")
    state, before = village.store.state_hash(), saves(village)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(journal.os, "fsync", disk_full)
        with pytest.raises(SaveFailed, match="ổ đĩa đã đầy"):
            ri.commit(village.roster, plan)
    assert (village.store.state_hash(), saves(village)) == (state, before)
    assert F.people_of(village) == {} and ri.imports(village.store) == []
    folder = village.store.folder
    village.close()

    reopened = open_session(folder, create=False)
    assert F.people_of(reopened) == {} and ri.imports(reopened.store) == []
    done = ri.commit(reopened.roster, F.plan_of(reopened, tmp_path / "dong-ha.xlsx",
                                              village="DH"))
    assert len(done.households) == 3  # and it can be done again


# ---------------------------------------------------------------------- again


def test_the_same_file_twice_adds_nothing(village: Session, tmp_path: Path) -> None:
    path = tcvn3_roster(tmp_path)
    import_file(village, path, village="DH")
    state, before = village.store.state_hash(), saves(village)

    again = F.plan_of(village, path, village="DH")

    assert again.nothing_to_do and again.ok
    assert (again.count(ri.SAME), again.people(ri.SAME), again.duplicates) == (3, 8, ())
    assert any("Tệp này đã được nhập" in note for note in again.notes)
    assert ri.commit(village.roster, again).import_id == ""
    assert (village.store.state_hash(), saves(village)) == (state, before)


def test_an_exported_village_imported_again_is_the_same(village: Session,
                                                        tmp_path: Path) -> None:
    # The reported bug: codes minted anew made "DH-0008" of the file another household.
    for n, name in enumerate(NAMES, 1):
        village.roster.add_household("DH", household={"address": f"Xóm {n}"}, head={
            "full_name": name, "sex": "nam", "birth": str(1950 + n),
            "cccd": f"0330{50 + n:02d}0012{n:02d}"})
    village.roster.delete_household("DH-0003", reason="Nhập nhầm")  # a gap in the numbers
    fresh = Session.open(tmp_path / "moi", paths=village.paths, officer=OFFICER, create=True,
                         today=lambda: TODAY)
    fresh.roster.init_commune(province="Hưng Yên", name="Xã Tân Lập",
                              villages=["Thôn Đông Hạ"])
    path = export(village, tmp_path / "dh.xlsx")
    try:
        import_file(fresh, path)
        assert [h.code for h in fresh.roster.households(village="DH")] == [
            h.code for h in village.roster.households(village="DH")]
        again = F.plan_of(fresh, path)
        assert again.nothing_to_do and again.ok
        assert again.count(ri.SAME) == 11
    finally:
        fresh.close()


def test_an_edited_copy_shows_the_changes_instead_of_twins(village: Session,
                                                           tmp_path: Path) -> None:
    headings, rows = F.head_first()
    import_file(village, F.write_csv(tmp_path / "v1.csv", headings, rows), village="DH")
    born = headings.index("Ngày sinh")
    edited = [list(r) for r in rows]
    edited[3][born] = "12/03/1960"                              # Trần Thị Hoa: 1960 → a day
    edited[0][1] = "NGUYEN VAN AN"                              # typed without marks
    edited.insert(3, [99, "Nguyễn Thị Dung", "2019", "Nữ", "Con gái", None, "Kinh",
                      "Không", "Mầm non"])                     # a child born since
    path = F.write_csv(tmp_path / "v2.csv", headings, edited)

    plan = F.plan_of(village, path, village="DH")

    assert [h.status for h in plan.households] == [ri.CHANGED, ri.CHANGED, ri.SAME]
    assert [c.text for c in plan.changes] == ["Trần Thị Hoa · Ngày sinh: 1960 → 12/03/1960"]
    assert [p.name for h in plan.households for p in h.people if p.status == ri.NEW] == [
        "Nguyễn Thị Dung"]
    assert [h.how for h in plan.households] == [
        "theo số giấy tờ của chủ hộ", "theo họ tên và ngày sinh của chủ hộ",
        "theo họ tên và ngày sinh của chủ hộ"]
    assert plan.duplicates == ()
    done = ri.commit(village.roster, plan)
    assert (done.households, done.persons, done.changed) == ((), 1, 1)
    people = F.people_of(village)
    assert len(people) == 9 and people["Trần Thị Hoa"]["birth"] == "1960-03-12"
    assert people["Nguyễn Thị Dung"]["household_code"] == people["Nguyễn Văn An"][
        "household_code"]


def test_the_heads_cccd_beats_the_household_number(village: Session, tmp_path: Path) -> None:
    r = village.roster
    for name, cccd in (("Nguyễn Văn An", "033088001234"), ("Trần Văn Bảo", "033070004321")):
        r.add_household("DH", household={"address": "Xóm 1"}, head={
            "full_name": name, "sex": "nam", "birth": cccd[4:6] and f"19{cccd[4:6]}",
            "cccd": cccd})
    path = F.write_csv(tmp_path / "ds.csv", ["Mã hộ", "Họ và tên", "Năm sinh", "Giới tính",
                                             "Quan hệ với chủ hộ", "Số CCCD"], [
        ["DH-0002", "Nguyễn Văn An", "1988", "Nam", "Chủ hộ", "'033088001234"],
        ["DH-0002", "Lê Thị Bình", "1990", "Nữ", "Vợ", None]])

    plan = F.plan_of(village, path, village="DH")

    assert plan.ok, [p.message for p in plan.errors]
    [household] = plan.households
    assert (household.existing_code, household.how) == ("DH-0001", "theo số giấy tờ của chủ hộ")
    assert any("Tệp ghi mã hộ DH-0002" in w.message for w in plan.warnings)


# ---------------------------------------------------------------------- codes


def test_new_households_keep_the_files_numbers_when_free(village: Session,
                                                         tmp_path: Path) -> None:
    village.roster.add_household("DH", household={"address": "Xóm 1"}, head={
        "full_name": "Đỗ Văn Tám", "sex": "nam", "birth": "1950"})  # DH-0001
    numbers = ["DH-0008", "dh-3", "12", "TL-0002", "DH-0001"]
    rows = [[no, NAMES[n], str(1960 + n), "Nam", "Chủ hộ"] for n, no in enumerate(numbers)]
    rows[-1][1:3] = ["Đỗ Văn Tám", "1950"]  # DH-0001 is the stored household
    path = F.write_csv(tmp_path / "ds.csv", ["Số hộ", "Họ và tên", "Năm sinh", "Giới tính",
                                             "Quan hệ với chủ hộ"], rows)

    done = import_file(village, path, village="DH")

    # "12" is not a code and TL-0002 is another village's: they get the next free codes.
    assert done.households == ("DH-0008", "DH-0003", "DH-0009", "DH-0010")


def test_a_village_laptop_keeps_the_files_numbers_only_inside_its_blocks(
        village: Session, tmp_path: Path) -> None:
    store = village.store
    dh = village.roster.village("DH")
    for holder, start, end in (("may-thon", 100, 149), ("may-khac", 150, 199)):
        store.commit("sync.block", store.op_set("code_blocks", f"block-{start}", {
            "village_id": dh.id, "holder": holder, "start": start, "end": end}, new=True))
    numbers = ["DH-0120", "DH-0160", "DH-0005"]
    rows = [[no, NAMES[n], str(1960 + n), "Nam", "Chủ hộ"] for n, no in enumerate(numbers)]
    path = F.write_csv(tmp_path / "ds.csv", ["Mã hộ", "Họ và tên", "Năm sinh", "Giới tính",
                                             "Quan hệ với chủ hộ"], rows)
    plan = F.plan_of(village, path, village="DH")

    set_sync_meta(store, {"code_holder": "may-thon"})
    assert ri.commit(village.roster, plan).households == ("DH-0120", "DH-0100", "DH-0101")
    ri.undo(village.roster, ri.imports(store)[0].code, reason="Thử lại ở máy xã")

    set_sync_meta(store, {"code_holder": "commune"})  # the commune keeps out of every block
    again = F.plan_of(village, path, village="DH")
    assert ri.commit(village.roster, again).households == ("DH-0006", "DH-0007", "DH-0005")


# ---------------------------------------------------------------------- undo


def test_undo_takes_the_whole_import_back(village: Session, tmp_path: Path) -> None:
    r = village.roster
    r.add_household("DH", household={"address": "Xóm 1"}, head={
        "full_name": "Nguyễn Văn An", "sex": "nam", "birth": "1988", "cccd": "033088001234"})
    before = {p: dict(v) for p, v in F.people_of(village).items()}
    done = import_file(village, tcvn3_roster(tmp_path), village="DH")
    # DH-0001 gets its address and book number, An his birth day and his job.
    assert (len(done.households), done.persons, done.changed) == (2, 7, 2)
    people = F.people_of(village)
    assert people["Nguyễn Văn An"]["birth"] == "1988-07-24"
    # A correction made after the import is not undone with it.
    r.edit_person(people["Nguyễn Văn An"]["id"], {"occupation": "Thợ mộc"})

    with pytest.raises(DomainError, match="lý do"):
        ri.undo(r, done.code, reason=" ")
    undone = ri.undo(r, done.code, reason="Nhập nhầm tệp")

    assert (undone.households, undone.persons, undone.restored, undone.kept) == (2, 7, 3, 1)
    after = F.people_of(village)
    assert sorted(after) == ["Nguyễn Văn An"]
    assert after["Nguyễn Văn An"]["birth"] == before["Nguyễn Văn An"]["birth"] == "1988"
    assert after["Nguyễn Văn An"]["occupation"] == "Thợ mộc"
    assert [h.code for h in r.households(village="DH")] == ["DH-0001"]
    [listed] = ri.imports(village.store)
    assert (listed.undo_reason, bool(listed.undone_at)) == ("Nhập nhầm tệp", True)
    lines = household_history(village.store, r.household("DH-0001").id)
    assert [x.event for x in lines][-3:] == ["Nhập danh sách từ tệp", "Sửa nhân khẩu",
                                            "Hoàn tác nhập danh sách từ tệp"]
    with pytest.raises(DomainError, match="đã được hoàn tác"):
        ri.undo(r, done.code, reason="Lần nữa")
    with pytest.raises(DomainError, match="Không có lần nhập"):
        ri.undo(r, "ffffffff", reason="Không có")

    # Imported again after the undo: the same households, the same codes.
    again = import_file(village, tcvn3_roster(tmp_path), village="DH")
    assert again.households == done.households


# ---------------------------------------------------------------------- round trip


def _by_household(export: rx.RosterExport) -> list[tuple[str, tuple[rx.PersonRow, ...]]]:
    """The roster as compared: rows of the same birth may come in either order."""
    return [(h.code, tuple(sorted(h.rows, key=lambda row: (not row.is_head, row.full_name))))
            for v in export.villages for h in v.households]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_into_an_empty_database_gives_the_same_roster(
        open_session: OpenSession, tmp_path: Path, suffix: str) -> None:
    source = open_session(tmp_path / "nguon")
    generated = make_commune(households=30, years=1, seed=7, today=TODAY,
                             village_names=("Thôn Đông Hạ",))
    load_commune(source.store, generated)
    first = source.roster.households(village="DH")[0]
    head = source.roster.members(first.id)[0]
    source.roster.edit_person(head.id, {"notes": "=1+2 (không phải công thức)",
                                           "occupation": "-"})
    taken = rx.collect(source.roster, "DH")
    assert taken.people > 80
    path = export(source, tmp_path / f"dh{suffix}")

    target = open_session(tmp_path / "dich")
    target.roster.init_commune(province="Hưng Yên", name=source.roster.commune().name,
                               villages=["Thôn Đông Hạ"])
    import_file(target, path)

    back = rx.collect(target.roster, "DH")
    assert _by_household(back) == _by_household(replace(taken))
    assert back.people == taken.people and back.households == taken.households


def test_an_import_tells_its_progress_in_households(village: Session, tmp_path: Path) -> None:
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    rows = [[f"{family} Văn {name.split()[-1]}", "1970", "Nam", "Chủ hộ"]
            for family in families for name in NAMES]  # 120 heads, each a household
    path = F.write_csv(tmp_path / "lon.csv", ["Họ và tên", "Năm sinh", "Giới tính",
                                              "Quan hệ với chủ hộ"], rows)
    plan = F.plan_of(village, path, village="DH")
    assert plan.count(ri.NEW) == 120
    told: list[tuple[int, int]] = []
    done = ri.commit(village.roster, plan, progress=lambda n, total: told.append((n, total)))
    assert len(done.households) == 120
    assert told == [(50, 120), (100, 120), (120, 120)]
