"""Merging one person entered twice: the officer chooses, per detail where the two records
differ, which value the person keeps; a choice that breaks a rule saves nothing."""

from __future__ import annotations

import orjson
import pytest

from antt_tui.domain.errors import NeedsConfirmation, ValidationError
from antt_tui.roster.entities import PersonRecord
from antt_tui.roster.history import household_history
from antt_tui.storage.journal import iter_raw_lines
from antt_tui.sync import duplicates
from antt_tui.sync.errors import SyncError
from antt_tui.sync.service import SyncService
from tests.unit.sync.world import Side, _send_up, round_trip, world

__all__ = ["world"]


def entered_twice(commune: Side, village: Side, stick) -> tuple[str, str]:
    """Hoàng Thị Mai typed at the commune in DH-0002 (full birth date) and on the laptop in
    DH-0001 (year only, with a phone); the laptop's bundle merged at the commune.
    Returns (the laptop's record, the commune's)."""
    at_commune = commune.roster.add_person("DH-0002", {
        "full_name": "Hoàng Thị Mai", "sex": "nu", "birth": "12/03/1990",
        "relation": "o_cung", "cccd": "033190001122"})
    on_laptop = village.roster.add_person("DH-0001", {
        "full_name": "Hoàng Thị Mai", "sex": "nu", "birth": "1990", "relation": "con_dau",
        "cccd": "033190001122", "phone": "0987654321"})
    _send_up(village, commune, stick)
    return on_laptop.id, at_commune.id


def merges(side: Side) -> list[dict]:
    """The `sync.same` entries of a database's journal."""
    return [e for e in map(orjson.loads, iter_raw_lines(side.store.journal_dir))
            if e.get("ev") == "sync.same"]


def test_the_merged_person_keeps_the_birth_date_chosen_from_the_other_record(world) -> None:
    commune, village, stick = world
    kept, other = entered_twice(commune, village, stick)
    [pair] = duplicates.suggest(commune.store)
    assert {"birth", "phone"} <= set(pair.differences)

    SyncService(commune.roster).same(kept, other, {"birth": 2})

    person = commune.store.get("persons", kept)
    assert person["birth"] == "1990-03-12"                # chosen: record 2's
    assert person["phone"] == "0987654321"                # record 1's, as by default
    assert person["relation"] == "con_dau"                # goes with the record kept
    assert commune.store.get("persons", other)["merged_into"] == kept
    [entry] = merges(commune)                             # one entry, all of it
    ops = {op["id"]: op for op in entry["ops"]}
    assert ops[kept]["set"] == {"birth": "1990-03-12"}
    assert "birth" in ops[kept]["pred"]                   # names the value it overwrote
    household = commune.roster.household("DH-0001")
    [line] = [x for x in household_history(commune.store, household.id)
              if x.event == "Gộp hai bản ghi trùng"]
    assert line.summary == ("Gộp hai bản ghi trùng của Hoàng Thị Mai; lấy từ bản ở hộ "
                            "DH-0002: Ngày sinh")
    assert line.changes == ["Hoàng Thị Mai · Ngày sinh: 1990 → 12/03/1990"]
    assert duplicates.suggest(commune.store) == []

    round_trip(commune, [village], stick)                 # it travels like any change
    assert village.store.get("persons", kept)["birth"] == "1990-03-12"
    assert duplicates.suggest(village.store) == []
    assert commune.hash("DH") == village.hash("DH")


def test_by_default_the_kept_record_wins_and_fills_what_it_lacks(world) -> None:
    commune, village, stick = world
    on_laptop, at_commune = entered_twice(commune, village, stick)
    merge = SyncService(commune.roster).merge_plan(at_commune, on_laptop)
    assert {c.field: c.side for c in merge.fields} == {"birth": 1, "phone": 2}
    assert merge.changes == {"phone": "0987654321"}
    SyncService(commune.roster).same(at_commune, on_laptop)
    person = commune.store.get("persons", at_commune)
    assert (person["birth"], person["phone"]) == ("1990-03-12", "0987654321")


@pytest.mark.parametrize(("take", "error", "message"), [
    ({"relation": 2}, SyncError, "Không chọn được “relation”: hai bản ghi chỉ khác nhau ở "
                                 "birth (Ngày sinh), phone (Số điện thoại). Hộ, quan hệ"),
    ({"ethnicity": 2}, SyncError, "Không chọn được “ethnicity”"),
    ({"ngay_sinh": 2}, SyncError, "chỉ khác nhau ở birth (Ngày sinh), phone (Số điện thoại)"),
    ({"birth": 3}, SyncError, "Chọn 1 hoặc 2 cho “birth”"),
    ({"phone": 2}, ValidationError, "Số điện thoại '12345' không hợp lệ"),
])
def test_an_invalid_choice_changes_nothing(world, take, error, message) -> None:
    commune, village, stick = world
    kept, other = entered_twice(commune, village, stick)
    # a phone number saved by an older version, before numbers were checked
    commune.store.commit("person.edit", commune.store.op_set("persons", other,
                                                             {"phone": "12345"}))
    before = dict(commune.store.position)
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        SyncService(commune.roster).same(kept, other, take)
    assert commune.store.position == before
    assert commune.store.get("persons", kept)["birth"] == "1990"
    assert not commune.store.get("persons", other).get("deleted")
    assert len(duplicates.suggest(commune.store)) == 1
    assert merges(commune) == []


def test_a_value_the_form_would_warn_about_needs_accepting(world) -> None:
    commune, _, _ = world
    kept = commune.roster.add_person("DH-0001", {
        "full_name": "Trần Văn Hải", "sex": "nam", "birth": "1990", "relation": "con"})
    # typed again in DH-0002 with the CCCD of someone born in 1985 (its warning accepted)
    other = commune.roster.add_person("DH-0002", {
        "full_name": "Trần Văn Hải", "sex": "nam", "birth": "1990", "relation": "khac",
        "relation_text": "Cháu họ", "cccd": "033085004455"}, accept_warnings=True)
    [pair] = duplicates.suggest(commune.store)
    assert pair.reason == "cùng họ tên và ngày sinh"
    service = SyncService(commune.roster)
    assert service.merge_plan(kept.id, other.id).changes == {"cccd": "033085004455"}
    with pytest.raises(NeedsConfirmation, match="năm sinh 1985"):
        service.same(kept.id, other.id)                   # the CCCD fills the empty one
    assert merges(commune) == []
    service.same(kept.id, other.id, accept_warnings=True)
    person = commune.store.get("persons", kept.id)
    assert person["cccd"] == "033085004455"
    assert "relation_text" not in person                  # goes with the household
    [entry] = merges(commune)
    assert any("năm sinh 1985" in w for w in entry["warn"])


def test_a_head_of_household_is_never_merged_away(world) -> None:
    """Typed as the head of a new household on the laptop and as a member at the commune:
    keeping the member and dropping the head would leave a household without a head."""
    commune, village, stick = world
    member = commune.roster.add_person("DH-0002", {
        "full_name": "Phan Văn Tú", "sex": "nam", "birth": "1980", "relation": "con_de",
        "cccd": "033080007788"})
    created = village.roster.add_household("DH", household={"address": "Xóm 4"}, head={
        "full_name": "Phan Văn Tú", "sex": "nam", "birth": "1980", "cccd": "033080007788"})
    _send_up(village, commune, stick)
    head_id = created.head_id
    before = commune.store.state_hash()
    with pytest.raises(SyncError, match="là chủ hộ DH-"):
        SyncService(commune.roster).same(member.id, head_id)
    assert commune.store.state_hash() == before
    SyncService(commune.roster).same(head_id, member.id)  # keeping the head is fine
    assert commune.store.get("persons", member.id)["merged_into"] == head_id


def test_a_person_named_by_household_and_number_is_merged_and_handed_back_as_saved(world
                                                                                   ) -> None:
    commune, village, stick = world
    kept, other = entered_twice(commune, village, stick)
    slot = next(f"DH-0001/{n}" for n, p in enumerate(commune.roster.members(
        commune.roster.household("DH-0001").id), 1) if p.id == kept)

    person = SyncService(commune.roster).same(slot, other, {"birth": 2})

    assert isinstance(person, PersonRecord)
    assert person == commune.roster.person(kept)
    assert person.form_values() == PersonRecord.of(commune.store.get("persons", kept)
                                                   ).form_values()
    assert (person.id, person.birth, person.full_name) == (kept, "1990-03-12", "Hoàng Thị Mai")
