"""The reads the front ends make instead of touching the store: records by id on the roster,
what the session keeps of the store (issue 15)."""

from __future__ import annotations

import pytest

from antt_tui.domain.errors import NotFound
from antt_tui.roster.entities import HouseholdRecord, PersonRecord, VillageRecord
from antt_tui.roster.history import household_history
from antt_tui.roster.partition import village_hash
from antt_tui.session import Session


def test_records_by_id_are_the_stored_ones_and_none_when_absent(commune: Session) -> None:
    s = commune
    household = s.roster.household("DH-0001")
    assert household == HouseholdRecord.of(s.store.get("households", household.id))
    village = s.roster.village_record(household.village_id)
    assert village == VillageRecord.of(s.store.get("villages", household.village_id))
    assert s.roster.village_name(household.village_id) == village.name == "Thôn Đông Hạ"
    assert s.roster.household_record(household.id) == household
    head = s.roster.person_record(household.head_id)
    assert head == PersonRecord.of(s.store.get("persons", household.head_id))
    assert (head.full_name, head.cccd, head.is_head, head.present) == (
        "Nguyễn Văn An", "033075001234", True, True)
    for look_up in (s.roster.village_record, s.roster.household_record, s.roster.person_record):
        assert look_up("") is None
        assert look_up("no-such-id") is None
    assert s.roster.village_name("no-such-id") == ""
    assert s.roster.village_name("", "thôn") == "thôn"


def test_a_record_is_read_only_and_gives_a_form_every_saved_field(commune: Session) -> None:
    s = commune
    household = s.roster.household("DH-0001")
    with pytest.raises(AttributeError):
        household.code = "DH-0009"  # type: ignore[misc]
    # A question a form gained without a change of code is kept and given back to the form.
    s.store.commit("household.edit", s.store.op_set("households", household.id,
                                                    {"so_thua_dat": "12"}))
    again = s.roster.household("DH-0001")
    assert dict(again.extra) == {"so_thua_dat": "12"}
    values = again.form_values()
    assert (values["so_thua_dat"], values["address"], values["code"]) == (
        "12", "Xóm 2, Thôn Đông Hạ", "DH-0001")
    values["address"] = "changed"
    assert s.roster.household("DH-0001").address == "Xóm 2, Thôn Đông Hạ"


def test_a_deleted_record_is_found_by_id_and_says_so(commune: Session) -> None:
    s = commune
    cuong = s.roster.person("DH-0001/3")
    s.roster.delete_person(cuong.id, reason="Nhập nhầm")
    gone = s.roster.person_record(cuong.id)
    assert gone is not None and (gone.deleted, gone.deleted_reason) == (True, "Nhập nhầm")
    with pytest.raises(NotFound):
        s.roster.person(cuong.id)


def test_history_and_village_hash_are_those_of_the_store(commune: Session) -> None:
    s = commune
    household = s.roster.household("DH-0001")
    members = {m.id for m in s.roster.members(household.id)}
    assert s.roster.history(household.id, members) == household_history(
        s.store, household.id, members)
    assert s.roster.village_hash(household.village_id) == village_hash(
        s.store.records, s.store.get, household.village_id)


def test_the_session_speaks_for_its_store(commune: Session) -> None:
    s = commune
    assert s.sync_role is None
    s.set_officer("Cán bộ Khác")
    assert s.store.officer == "Cán bộ Khác"
    s.take_messages()
    assert s.take_messages() == []
    assert s.imports() == []


def test_the_sync_service_names_a_records_household_and_the_laptops(commune: Session) -> None:
    from antt_tui.sync.laptops import laptop_names
    from antt_tui.sync.service import SyncService

    s = commune
    sync = SyncService(s.roster)
    household = s.roster.household("DH-0001")
    assert sync.household_of("persons", household.head_id) == household.id
    assert sync.household_of("households", "any-id") == "any-id"
    assert sync.household_of("", household.id) == ""
    assert sync.household_of("persons", "") == ""
    assert sync.household_of("persons", "no-such-id") == ""
    assert sync.laptop_names() == laptop_names(s.store)
