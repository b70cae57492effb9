"""The USB round trip end to end: enrol, join, send, merge, return, and the same state on
every side."""

from __future__ import annotations

from antt_tui.storage import registers
from antt_tui.sync import export, merge
from tests.unit.sync.world import Side, _send_down, _send_up, world

__all__ = ["Side", "world"]


def test_a_joined_laptop_holds_its_village_only(world) -> None:
    commune, village, _ = world
    assert [h.code for h in village.roster.households()] == ["DH-0001", "DH-0002"]
    assert [v.code for v in village.roster.villages()] == ["DH"]
    assert village.hash("DH") == commune.hash("DH")


def test_a_round_trip_brings_both_sides_to_the_same_village(world) -> None:
    commune, village, stick = world
    made = village.roster.add_household("DH", household={"address": "Xóm 9"}, head={
        "full_name": "Phạm Thị Dung", "sex": "nu", "birth": "1990"})
    assert made.code == "DH-0101"              # from the laptop's own block
    an = village.roster.household("DH-0001")
    village.roster.edit_household("DH-0001", {"address": "Xóm 2"})
    result = _send_up(village, commune, stick)
    assert result.changes >= 2 and not result.quarantined
    assert commune.roster.household("DH-0101").address == "Xóm 9"
    assert commune.roster.household("DH-0001").address == "Xóm 2"

    commune.roster.edit_household("DH-0002", {"notes": "Xã sửa"})
    _send_down(commune, village, stick)
    assert village.roster.household("DH-0002").notes == "Xã sửa"
    assert village.hash("DH") == commune.hash("DH")
    assert an.id == commune.roster.household("DH-0001").id


def test_the_same_bundle_twice_or_an_older_one_changes_nothing(world) -> None:
    commune, village, stick = world
    village.roster.edit_household("DH-0001", {"address": "Xóm 3"})
    first = export.export_up(village.roster, village.me(), stick, clock=village.clock)
    village.roster.edit_household("DH-0001", {"address": "Xóm 4"})
    second = export.export_up(village.roster, village.me(), stick, clock=village.clock)
    merge.merge(commune.roster, commune.me(), [second.path], clock=commune.clock)
    state, last = commune.store.state_hash(), commune.store.journal.last_seq
    for again in ([second.path], [first.path], [first.path, second.path]):
        result = merge.merge(commune.roster, commune.me(), again, clock=commune.clock)
        assert result.changes == 0
        assert commune.store.state_hash() == state
        assert commune.store.journal.last_seq == last      # not even a line written
    assert commune.roster.household("DH-0001").address == "Xóm 4"


def test_concurrent_edits_of_one_field_are_a_conflict_with_the_same_winner(world) -> None:
    commune, village, stick = world
    village.roster.edit_household("DH-0001", {"address": "Làng"})
    commune.roster.edit_household("DH-0001", {"address": "Xã"})
    _send_up(village, commune, stick)
    _send_down(commune, village, stick)
    for side in (commune, village):
        household = side.roster.household("DH-0001")
        shard_clock = side.store._holder("households", household.id).clocks[household.id]
        assert "address" in registers.conflicted(shard_clock)
    assert commune.roster.household("DH-0001").address == \
        village.roster.household("DH-0001").address == "Xã"   # the later edit wins
    assert village.hash("DH") == commune.hash("DH")


def test_state_survives_reopening_on_both_sides(world) -> None:
    commune, village, stick = world
    village.roster.edit_household("DH-0001", {"address": "Xóm 5"})
    _send_up(village, commune, stick)
    _send_down(commune, village, stick)
    before = (commune.hash("DH"), village.hash("DH"))
    commune.reopen()
    village.reopen()
    assert (commune.hash("DH"), village.hash("DH")) == before
