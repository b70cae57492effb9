"""The cases field tools get wrong (SYNC.md §4): out of order, gaps, two laptops of one
village, life events that meet, a delete against an edit, two corrections, a restored laptop."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from antt_tui.roster.incidents import Incidents
from antt_tui.sync import export, merge, settle
from tests.builders import init_tan_lap
from tests.unit.sync.world import Side, _send_down, _send_up, join_laptop, round_trip, world

__all__ = ["world"]


def test_bundles_out_of_order_merge_to_the_same_state(world) -> None:
    commune, village, stick = world
    village.roster.edit_household("DH-0001", {"address": "Một"})
    older = export.export_up(village.roster, village.me(), stick, clock=village.clock)
    village.roster.edit_household("DH-0002", {"address": "Hai"})
    newer = export.export_up(village.roster, village.me(), stick, clock=village.clock)
    merge.merge(commune.roster, commune.me(), [newer.path], clock=commune.clock)
    merge.merge(commune.roster, commune.me(), [older.path], clock=commune.clock)
    assert commune.roster.household("DH-0001").address == "Một"
    assert commune.roster.household("DH-0002").address == "Hai"
    commune.roster.edit_household("DH-0001", {"notes": "xã"})
    first = export.export_down(commune.roster, commune.me(), stick, clock=commune.clock)[0]
    commune.roster.edit_household("DH-0002", {"notes": "xã 2"})
    second = export.export_down(commune.roster, commune.me(), stick, clock=commune.clock)[0]
    merge.merge(village.roster, village.me(), [second.path], clock=village.clock)
    merge.merge(village.roster, village.me(), [first.path], clock=village.clock)
    assert village.hash("DH") == commune.hash("DH")


def test_a_gap_is_shown_and_what_follows_waits_until_it_arrives(world, tmp_path: Path) -> None:
    commune, village, stick = world
    before = tmp_path / "xa-truoc"
    commune.store.checkpoint()
    shutil.copytree(commune.folder, before)           # a commune that missed the first bundle
    village.roster.edit_household("DH-0001", {"address": "Một"})
    first = export.export_up(village.roster, village.me(), stick, clock=village.clock)
    merge.merge(commune.roster, commune.me(), [first.path], clock=commune.clock)
    _send_down(commune, village, stick)                # the village learns "received up to N"
    village.roster.edit_household("DH-0002", {"address": "Hai"})
    second = export.export_up(village.roster, village.me(), stick, clock=village.clock)

    commune.close()
    shutil.rmtree(commune.folder)
    shutil.copytree(before, commune.folder)
    commune.reopen_only()
    result = merge.merge(commune.roster, commune.me(), [second.path], clock=commune.clock)
    [report] = result.bundles
    [device] = report.devices.values()
    assert device.gap is not None and device.held >= 1 and result.changes == 0
    assert commune.roster.household("DH-0002").address == "Xóm 1"   # waits, visibly
    merge.merge(commune.roster, commune.me(), [first.path], clock=commune.clock)
    assert commune.roster.household("DH-0001").address == "Một"
    assert commune.roster.household("DH-0002").address == "Hai"    # released
    assert not [h for h in commune.store.records("sync_held") if not h.get("deleted")]


def test_two_laptops_of_one_village_never_mint_the_same_code(world, tmp_path: Path) -> None:
    commune, first, stick = world
    second = join_laptop(commune, tmp_path, "thon2")
    a = first.roster.add_household("DH", household={"address": "A"}, head={
        "full_name": "Đỗ Văn A", "sex": "nam", "birth": "1980"})
    b = second.roster.add_household("DH", household={"address": "B"}, head={
        "full_name": "Đỗ Văn B", "sex": "nam", "birth": "1981"})
    c = commune.roster.add_household("DH", household={"address": "C"}, head={
        "full_name": "Đỗ Văn C", "sex": "nam", "birth": "1982"})
    assert len({a.code, b.code, c.code}) == 3
    round_trip(commune, [first, second], stick)
    round_trip(commune, [first, second], stick)
    for side in (commune, first, second):
        assert {a.code, b.code, c.code} <= {h.code for h in side.roster.households()}
    assert first.hash("DH") == second.hash("DH") == commune.hash("DH")
    assert not [c for c in settle.conflicts(commune.roster) if c.kind == "code_clash"]
    second.close()


def test_a_delete_against_an_edit_keeps_the_record_and_is_a_conflict(world) -> None:
    commune, village, stick = world
    extra = village.roster.add_person("DH-0002", {"full_name": "Lê Thị Hoa", "sex": "nu",
                                                  "birth": "2001", "relation": "con"})
    round_trip(commune, [village], stick)
    village.roster.delete_person(extra.id, reason="Nhập nhầm")
    commune.roster.edit_person(extra.id, {"phone": "0912345678"})
    round_trip(commune, [village], stick)
    for side in (commune, village):
        kept = side.store.get("persons", extra.id)
        assert not kept.get("deleted") and kept["phone"] == "0912345678"
        assert any(c.kind == "delete_edit" for c in settle.conflicts(side.roster))
    assert village.hash("DH") == commune.hash("DH")


def test_two_corrections_of_one_incident_on_two_laptops_are_both_kept(world) -> None:
    commune, village, stick = world
    village_id = village.roster.village("DH").id
    incident = Incidents(village.roster).add({
        "date": "05/10/2026", "category": "TP_TTXH_TROM_CAP", "village": village_id,
        "note": "Mất trộm xe máy"})
    round_trip(commune, [village], stick)
    Incidents(village.roster).correct(incident.id, {"note": "Mất trộm xe đạp"},
                                      reason="Sửa loại xe")
    Incidents(commune.roster).correct(incident.id, {"status": "da_giai_quyet"},
                                      reason="Đã xử lý xong")
    round_trip(commune, [village], stick)
    for side in (commune, village):
        record = side.store.get("incidents", incident.id)
        assert sorted(c["reason"] for c in record["corrections"]) == ["Sửa loại xe",
                                                                      "Đã xử lý xong"]
        assert record["note"] == "Mất trộm xe đạp" and record["status"] == "da_giai_quyet"
    assert village.hash("DH") == commune.hash("DH")


def test_a_split_against_a_concurrent_move_holds_one_back_on_both_sides(world) -> None:
    commune, village, stick = world
    home = village.roster.household("DH-0001")
    wife = village.roster.add_person("DH-0001", {"full_name": "Lê Thị Cúc", "sex": "nu",
                                                 "birth": "1978", "relation": "vo"})
    son = village.roster.add_person("DH-0001", {"full_name": "Nguyễn Văn Đức", "sex": "nam",
                                                "birth": "2000", "relation": "con"})
    round_trip(commune, [village], stick)
    # The village splits the son off; the commune, not knowing, moves the wife to DH-0002.
    village.roster.split_household("DH-0001", [son.id], new_head_id=son.id,
                                   household={"address": "Xóm 3"})
    commune.roster.move_person(wife.id, "DH-0002", relation="khac")
    round_trip(commune, [village], stick)
    round_trip(commune, [village], stick)
    assert village.hash("DH") == commune.hash("DH")
    held = {side.folder.name: [c for c in settle.conflicts(side.roster)
                               if c.kind == "structural"] for side in (commune, village)}
    assert len(held["xa"]) == len(held["thon"]) == 1       # the later one, on both sides
    item = held["xa"][0]
    settle.resolve(commune.roster, item.id, keep=2)          # apply it after all
    round_trip(commune, [village], stick)
    assert village.hash("DH") == commune.hash("DH")
    members = {p.full_name for p in commune.roster.members(home.id)}
    assert "Nguyễn Văn Đức" not in members and "Lê Thị Cúc" not in members


def test_a_laptop_behind_what_the_commune_holds_goes_on_as_a_new_device(world,
                                                                       tmp_path: Path) -> None:
    commune, village, stick = world
    village.store.checkpoint()
    backup = tmp_path / "thon-sao-luu"
    shutil.copytree(village.folder, backup)
    village.roster.edit_household("DH-0001", {"address": "Trước khi hỏng máy"})
    _send_up(village, commune, stick)
    old_device = village.store.device_id
    village.close()
    shutil.rmtree(village.folder)
    shutil.copytree(backup, village.folder)             # the laptop restored from a backup
    village.reopen_only()
    _send_down(commune, village, stick)                 # the commune says: I have more
    assert village.store.device_id != old_device
    assert any("khôi phục từ bản sao lưu" in n for n in village.store.notices)
    village.roster.edit_household("DH-0002", {"address": "Sau khi khôi phục"})
    result = _send_up(village, commune, stick)
    assert not result.quarantined
    assert commune.roster.household("DH-0002").address == "Sau khi khôi phục"
    assert commune.roster.household("DH-0001").address == "Trước khi hỏng máy"


def test_undo_takes_a_bundle_back_and_a_second_import_brings_it_back(world) -> None:
    from antt_tui.sync import undo

    commune, village, stick = world
    made = village.roster.add_household("DH", household={"address": "Xóm 7"}, head={
        "full_name": "Vũ Văn Em", "sex": "nam", "birth": "1970"})
    written = export.export_up(village.roster, village.me(), stick, clock=village.clock)
    result = merge.merge(commune.roster, commune.me(), [written.path], clock=commune.clock)
    bundle_id = result.bundles[0].bundle_id
    undo.undo(commune.roster, bundle_id, reason="Nhận nhầm")
    assert commune.store.get("households", made.id) is None
    commune.reopen()
    assert commune.store.get("households", made.id) is None
    merge.merge(commune.roster, commune.me(), [written.path], clock=commune.clock)
    assert commune.roster.household(made.code).address == "Xóm 7"


def test_a_roster_typed_before_joining_goes_to_the_commune_and_meets_its_copy(world,
                                                                            tmp_path: Path):
    from antt_tui.sync import duplicates, enrol

    commune, _, stick = world
    typed = Side(tmp_path / "go-truoc", commune.now, "go-truoc")
    init_tan_lap(typed.roster, ["Thôn Đông Hạ"])
    typed.roster.add_household("DH", household={"address": "Xóm 1"}, head={
        "full_name": "Nguyễn Văn An", "sex": "nam", "birth": "1975"})
    typed.roster.add_household("DH", household={"address": "Xóm 8"}, head={
        "full_name": "Hà Văn Mới", "sex": "nam", "birth": "1966"})
    pack = enrol.enroll(commune.roster, commune.me(), "DH", stick, clock=commune.clock)
    joined = enrol.join(typed.store, pack.path, pack.code, clock=typed.clock)
    assert joined.attached == 2
    typed.reopen()
    result = _send_up(typed, commune, stick)
    assert not result.quarantined, [d.quarantined for b in result.bundles
                                    for d in b.devices.values()]
    village_id = commune.roster.village("DH").id
    names = {commune.roster.members(h.id)[0].full_name
             for h in commune.roster.households(village=village_id)}
    assert "Hà Văn Mới" in names
    pairs = duplicates.suggest(commune.store)
    assert any(p.first.full_name == "Nguyễn Văn An" for p in pairs)
    typed.close()


def test_the_history_shows_what_the_commune_changed_and_the_losing_value(world) -> None:
    from antt_tui.roster.history import household_history

    commune, village, stick = world
    village.roster.edit_household("DH-0001", {"address": "Làng"})
    commune.roster.edit_household("DH-0001", {"address": "Xã"})
    round_trip(commune, [village], stick)
    household = village.roster.household("DH-0001")
    lines = household_history(village.store, household.id)
    from_commune = [x for x in lines if x.source == "Công an xã"]
    assert any("Xã" in change for x in from_commune for change in x.changes)
    assert any("Làng" in change for x in lines for change in x.changes)  # the losing value


def test_a_person_moving_to_another_village_arrives_whole_on_its_laptop(world,
                                                                       tmp_path: Path) -> None:
    commune, dong_ha, stick = world
    trung_lap = join_laptop(commune, tmp_path, "tl", village="TL")
    commune.roster.add_household("TL", household={"address": "Xóm 4"}, head={
        "full_name": "Trần Văn Cường", "sex": "nam", "birth": "1971"})
    round_trip(commune, [trung_lap], stick, village="TL")
    person = dong_ha.roster.add_person("DH-0001", {"full_name": "Lê Thị Cúc", "sex": "nu",
                                                   "birth": "1978", "relation": "vo",
                                                   "cccd": "001178012345"})
    round_trip(commune, [dong_ha], stick)
    commune.roster.move_person(person.id, "TL-0001", relation="khac")
    round_trip(commune, [dong_ha], stick)
    round_trip(commune, [trung_lap], stick, village="TL")
    arrived = trung_lap.store.get("persons", person.id)
    assert arrived["full_name"] == "Lê Thị Cúc" and arrived["cccd"] == "001178012345"
    assert arrived["household_id"] == trung_lap.roster.household("TL-0001").id
    assert trung_lap.hash("TL") == commune.hash("TL")
    assert dong_ha.hash("DH") == commune.hash("DH")
    assert person.id not in {p.id for h in dong_ha.roster.households()
                             for p in dong_ha.roster.members(h.id)}
    trung_lap.close()


def test_a_restored_laptop_that_saved_on_top_recovers_from_the_fork(world,
                                                                   tmp_path: Path) -> None:
    commune, village, stick = world
    village.store.checkpoint()
    backup = tmp_path / "thon-sao-luu"
    shutil.copytree(village.folder, backup)
    village.roster.edit_household("DH-0001", {"address": "Trước khi hỏng máy"})
    _send_up(village, commune, stick)
    village.close()
    shutil.rmtree(village.folder)
    shutil.copytree(backup, village.folder)              # restored from a backup
    village.reopen_only()
    for n in range(3):                                   # saves on top: the same numbers
        village.roster.edit_household("DH-0002", {"notes": f"Sau khôi phục {n}"})
    forked = _send_up(village, commune, stick)
    assert forked.quarantined                            # the commune sees the fork
    _send_down(commune, village, stick)                  # and says what it holds
    assert any("khôi phục từ bản sao lưu" in n for n in village.store.notices)
    _send_up(village, commune, stick)
    assert commune.roster.household("DH-0002").notes == "Sau khôi phục 2"
    assert commune.roster.household("DH-0001").address == "Trước khi hỏng máy"
    _send_down(commune, village, stick)
    assert village.hash("DH") == commune.hash("DH")


def test_a_laptop_running_out_of_household_numbers_gets_more(tmp_path: Path,
                                                            monkeypatch) -> None:
    from antt_tui.sync import codes
    from antt_tui.sync.identity import commune_identity

    monkeypatch.setattr(codes, "BLOCK", 5)
    now = [datetime(2026, 11, 1, 8, tzinfo=UTC)]
    commune = Side(tmp_path / "xa", now, "xa")
    init_tan_lap(commune.roster, ["Thôn Đông Hạ"])
    commune_identity(commune.store, commune.roster.commune().id, create=True)
    laptop = join_laptop(commune, tmp_path, "thon")
    stick = tmp_path / "usb"
    made = [laptop.roster.add_household("DH", household={"address": f"Xóm {n}"}, head={
        "full_name": "Nguyễn Văn An", "sex": "nam", "birth": "1975"}).code for n in range(4)]
    round_trip(commune, [laptop], stick)
    more = [laptop.roster.add_household("DH", household={"address": f"Xóm {n}"}, head={
        "full_name": "Nguyễn Văn An", "sex": "nam", "birth": "1975"}).code for n in range(3)]
    assert len(set(made + more)) == 7
    assert {c.code for c in commune.roster.households()} | set(more) >= set(made)
    commune.close()
    laptop.close()


def test_a_commune_restored_from_a_backup_older_than_a_laptop_lets_it_in(tmp_path: Path):
    """The commune laptop is lost; the new one is restored from a backup made before a
    village laptop was enrolled. The laptop's bundles carry the commune's signed word."""
    from antt_tui.sync.identity import commune_identity

    now = [datetime(2026, 11, 1, 8, tzinfo=UTC)]
    commune = Side(tmp_path / "xa", now, "xa")
    init_tan_lap(commune.roster, ["Thôn Đông Hạ"])
    commune.roster.add_household("DH", household={"address": "Xóm 1"}, head={
        "full_name": "Nguyễn Văn An", "sex": "nam", "birth": "1975"})
    commune_identity(commune.store, commune.roster.commune().id, create=True)
    commune.store.checkpoint()
    shutil.copytree(commune.folder, tmp_path / "xa-sao-luu")   # the office's old backup
    laptop = join_laptop(commune, tmp_path, "thon")
    commune.close()
    restored = Side(tmp_path / "xa-sao-luu", now, "xa-moi")
    laptop.roster.edit_household("DH-0001", {"address": "Gửi về máy xã mới"})
    written = export.export_up(laptop.roster, laptop.me(), tmp_path / "usb", clock=laptop.clock)
    result = merge.merge(restored.roster, restored.me(), [written.path], clock=restored.clock)
    assert not result.bundles[0].error, result.bundles[0].error
    assert restored.store.get("sync_devices", laptop.me().fingerprint) is not None
    assert restored.roster.household("DH-0001").address == "Gửi về máy xã mới"
    round_trip(restored, [laptop], tmp_path / "usb")
    assert laptop.hash("DH") == restored.hash("DH")
    restored.close()
    laptop.close()
