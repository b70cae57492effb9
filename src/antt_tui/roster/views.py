"""Read records of the roster for display and JSON: codes with their labels, dd/mm/yyyy."""

from __future__ import annotations

from antt_tui.domain import vocab
from antt_tui.domain.cccd import mask_cccd
from antt_tui.domain.dates import PartialDate
from antt_tui.roster.entities import HouseholdRecord, PersonRecord
from antt_tui.roster.records import HouseholdCard, PersonRow, SearchRow
from antt_tui.roster.search import Hit
from antt_tui.roster.service import Roster

__all__ = ["birth_display", "household_card", "person_row", "read_household_card", "search_row"]


def birth_display(iso: str) -> str:
    """Stored partial birth date → "24/07/1988", "05/1985" or "1960"."""
    return PartialDate.from_iso(iso).display if iso else ""


def person_row(person: PersonRecord, *, number: int | None = None,
               mask: bool = False) -> PersonRow:
    """A person as a listing shows them; `number` is their place in the household listing."""
    relation = person.relation
    relation_label = vocab.label(vocab.RELATIONS, relation, "")
    if relation == vocab.OTHER_RELATION and person.relation_text:
        relation_label = f"{relation_label} ({person.relation_text})"
    status = person.status
    cccd = mask_cccd(person.cccd) if mask and person.cccd else person.cccd
    return PersonRow(
        id=person.id, full_name=person.full_name, birth=birth_display(person.birth),
        sex=person.sex, sex_label=vocab.label(vocab.SEXES, person.sex, ""), cccd=cccd,
        relation=relation, relation_label=relation_label,
        ethnicity=person.ethnicity, religion=person.religion,
        occupation=person.occupation, phone=person.phone,
        status=status, status_label=vocab.label(vocab.PERSON_STATUSES, status, ""),
        notes=person.notes, number=number,
    )


def household_card(roster: Roster, household: HouseholdRecord) -> HouseholdCard:
    """A household with its village, head and numbered members."""
    head = roster.person_record(household.head_id)
    members = tuple(person_row(m, number=i)
                    for i, m in enumerate(roster.members(household.id), 1))
    status = household.residence_status
    return HouseholdCard(
        id=household.id, code=household.code, village_name=roster.village_name(household.village_id),
        address=household.address, residence_status=status,
        residence_label=vocab.label(vocab.RESIDENCE_STATUSES, status, ""),
        head_id=household.head_id, head_name=head.full_name if head else "",
        present_count=sum(1 for m in members if m.present),
        notes=household.notes, members=members,
    )


def read_household_card(roster: Roster, household_id: str) -> HouseholdCard | None:
    """The household with this id as a card, or None when there is none (or it was deleted)."""
    household = roster.household_record(household_id)
    if household is None or household.deleted:
        return None
    return household_card(roster, household)


def search_row(hit: Hit) -> SearchRow:
    """One search result as a flat read record."""
    person = hit.person or {}
    relation = person.get("relation", "")
    status = person.get("status", vocab.PRESENT)
    return SearchRow(
        matched=hit.matched, person_id=person.get("id", ""),
        full_name=person.get("full_name", ""), birth=birth_display(person.get("birth", "")),
        cccd=person.get("cccd", ""), relation=relation,
        relation_label=vocab.label(vocab.RELATIONS, relation, ""),
        status=status, status_label=vocab.label(vocab.PERSON_STATUSES, status, ""),
        household_id=hit.household.get("id", ""), household_code=hit.household.get("code", ""),
        village_name=(hit.village or {}).get("name", ""), address=hit.household.get("address", ""),
    )
