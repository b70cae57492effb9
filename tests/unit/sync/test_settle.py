"""The conflict queue as the core gives it: the value both sides started from, a held life
event beside the change it met, laptops by name, and a typed value checked like the forms."""

from __future__ import annotations

import subprocess
import sys

import pytest

from antt_tui.domain.errors import ValidationError
from antt_tui.sync import settle
from antt_tui.sync.errors import SyncError
from tests.unit.sync.world import round_trip, world

__all__ = ["world"]


def only(side, kind: str = "field") -> settle.Conflict:
    [item] = [c for c in settle.conflicts(side.roster) if c.kind == kind]
    return item


def test_an_edit_against_an_edit_carries_the_value_both_started_from(world) -> None:
    commune, village, stick = world
    village.roster.edit_household("DH-0001", {"address": "Xóm Đình"})
    commune.roster.edit_household("DH-0001", {"address": "Xóm Chùa"})
    round_trip(commune, [village], stick)
    for side, here, there in ((commune, "Công an xã (máy này)", "Thôn Đông Hạ, máy 1"),
                              (village, "Máy này", "Công an xã")):
        item = only(side)
        assert (item.base_known, item.base) == (True, "Xóm 1")
        assert [s.value for s in item.sides] == ["Xóm Chùa", "Xóm Đình"]
        assert [s.laptop for s in item.sides] == ([here, there] if side is commune
                                                  else [there, here])


def test_a_side_that_changed_the_field_twice_still_meets_the_other_at_the_base(world) -> None:
    commune, village, stick = world
    village.roster.edit_household("DH-0002", {"address": "Xóm 2"})
    village.roster.edit_household("DH-0002", {"address": "Xóm 3"})
    commune.roster.edit_household("DH-0002", {"address": "Xóm 4"})
    round_trip(commune, [village], stick)
    item = only(commune)
    assert {s.value for s in item.sides} == {"Xóm 3", "Xóm 4"}
    assert (item.base_known, item.base) == (True, "Xóm 1")


def test_a_field_empty_before_both_edits_has_an_empty_base(world) -> None:
    commune, village, stick = world
    pid = village.roster.person("DH-0002/1").id
    village.roster.edit_person(pid, {"phone": "0911111111"})
    commune.roster.edit_person(pid, {"phone": "0922222222"})
    round_trip(commune, [village], stick)
    item = only(commune)
    assert item.field == "phone" and (item.base_known, item.base) == (True, None)


def test_a_split_against_a_move_describes_both_events(world) -> None:
    commune, village, stick = world
    wife = village.roster.add_person("DH-0001", {"full_name": "Lê Thị Cúc", "sex": "nu",
                                                 "birth": "1978", "relation": "vo"})
    son = village.roster.add_person("DH-0001", {"full_name": "Nguyễn Văn Đức", "sex": "nam",
                                                "birth": "2000", "relation": "con"})
    round_trip(commune, [village], stick)
    village.store.officer, commune.store.officer = "Lê Văn Tám", "Phạm Minh Tuấn"
    village.roster.split_household("DH-0001", [son.id], new_head_id=son.id,
                                   household={"address": "Xóm 3"})
    commune.roster.move_person(wife.id, "DH-0002", relation="khac")
    round_trip(commune, [village], stick)
    round_trip(commune, [village], stick)
    for side, commune_laptop, village_laptop in (
            (commune, "Công an xã (máy này)", "Thôn Đông Hạ, máy 1"),
            (village, "Công an xã", "Máy này")):
        item = only(side, "structural")
        held, met = item.events
        assert held.held and not met.held
        assert held.text == "Chuyển Lê Thị Cúc từ hộ DH-0001 sang hộ DH-0002"
        assert (held.by, held.laptop) == ("Phạm Minh Tuấn", commune_laptop)
        assert met.text.startswith("Tách hộ DH-") and "(chủ hộ Nguyễn Văn Đức, 1 nhân khẩu) "\
            "từ hộ DH-0001" in met.text
        assert (met.by, met.laptop) == ("Lê Văn Tám", village_laptop)
        assert held.at and met.at and met.entry != held.entry
    settle.resolve(commune.roster, only(commune, "structural").id, keep=1)
    assert not [c for c in settle.conflicts(commune.roster) if c.kind == "structural"]


def birth_conflict(world) -> settle.Conflict:
    commune, village, stick = world
    pid = village.roster.person("DH-0002/1").id
    village.roster.edit_person(pid, {"birth": "1976"})
    commune.roster.edit_person(pid, {"birth": "1977"})
    round_trip(commune, [village], stick)
    return only(commune)


@pytest.mark.parametrize(("typed", "stored"), [("24/07/1975", "1975-07-24"),
                                                ("05/1975", "1975-05"), (" 1974 ", "1974")])
def test_a_typed_value_is_stored_as_the_form_would(world, typed: str, stored: str) -> None:
    commune = world[0]
    item = birth_conflict(world)
    assert item.typable
    settle.resolve(commune.roster, item.id, value=typed)
    assert commune.roster.person("DH-0002/1").birth == stored
    assert not [c for c in settle.conflicts(commune.roster) if c.kind == "field"]


@pytest.mark.parametrize("typed", ["32/13/1975", "ngày xưa", "01/01/2099"])
def test_a_bad_typed_value_is_refused_and_nothing_is_saved(world, typed: str) -> None:
    commune = world[0]
    item = birth_conflict(world)
    last = commune.store.journal.last_seq
    with pytest.raises(ValidationError) as refused:
        settle.resolve(commune.roster, item.id, value=typed)
    assert "Ngày sinh" in str(refused.value)
    assert commune.store.journal.last_seq == last
    assert only(commune).id == item.id


def test_typed_values_follow_the_vocabularies(world) -> None:
    item = birth_conflict(world)
    today = world[0].roster.today()
    sex = settle.Conflict(item.id, "field", "persons", item.record_id, "sex", item.label,
                          item.village_id)
    assert settle.typed_value(sex, "Nữ", today=today) == "nu"
    phone = settle.Conflict(item.id, "field", "persons", item.record_id, "phone", item.label,
                            item.village_id)
    assert settle.typed_value(phone, "0912 345 678", today=today) == "0912345678"
    with pytest.raises(ValidationError, match="Số điện thoại"):
        settle.typed_value(phone, "12345", today=today)
    address = settle.Conflict(item.id, "field", "households", item.record_id, "address",
                              item.label, item.village_id)
    with pytest.raises(ValidationError, match="không được để trống"):
        settle.typed_value(address, "  ", today=today)


def test_a_delete_against_an_edit_takes_no_typed_value(world) -> None:
    commune, village, stick = world
    extra = village.roster.add_person("DH-0002", {"full_name": "Lê Thị Hoa", "sex": "nu",
                                                  "birth": "2001", "relation": "con"})
    round_trip(commune, [village], stick)
    village.roster.delete_person(extra.id, reason="Nhập nhầm")
    commune.roster.edit_person(extra.id, {"phone": "0912345678"})
    round_trip(commune, [village], stick)
    item = only(commune, "delete_edit")
    assert not item.typable and not item.base_known
    with pytest.raises(SyncError, match="không gõ được"):
        settle.resolve(commune.roster, item.id, value="Xóa")


def test_the_conflict_queue_and_laptop_names_need_no_front_end() -> None:
    code = ("import sys, antt_tui.sync.settle, antt_tui.sync.laptops, antt_tui.sync.provenance;"
            "print(sorted(m for m in ('textual', 'click') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
