"""What the roster allows on a household and its members (roster/actions.py): answered from
stored codes, never labels, and in agreement with what the roster refuses when saving."""

from __future__ import annotations

from dataclasses import replace

import pytest

from antt_tui.domain import vocab
from antt_tui.domain.errors import ValidationError
from antt_tui.roster.actions import ACTIONS, HOUSEHOLD_ACTIONS, MEMBER_ACTIONS, allowed
from antt_tui.roster.records import HouseholdCard, PersonRow
from antt_tui.roster.views import household_card
from antt_tui.session import Session


def person(pid: str, *, relation: str = "vo", status: str = vocab.PRESENT) -> PersonRow:
    return PersonRow(id=pid, full_name=f"Người {pid}", birth="1980", sex="nam", sex_label="Nam",
                     cccd="", relation=relation, relation_label="", ethnicity="Kinh",
                     religion="Không", occupation="", phone="", status=status,
                     # A label that would mislead anyone reading it: the code decides.
                     status_label="Đang cư trú", notes="")


def household(*members: PersonRow, status: str = vocab.PERMANENT) -> HouseholdCard:
    return HouseholdCard(id="h", code="DH-0001", village_name="Thôn Đông Hạ", address="",
                         residence_status=status,
                         residence_label=vocab.label(vocab.RESIDENCE_STATUSES, status),
                         head_id=members[0].id if members else "", head_name="",
                         present_count=sum(m.present for m in members), notes="",
                         members=members)


HEAD = person("a", relation=vocab.HEAD)
WIFE = person("b")
FAMILY = household(HEAD, WIFE)


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_a_living_household_with_a_present_member_allows_everything(action: str) -> None:
    assert allowed(action, FAMILY, WIFE) is None


@pytest.mark.parametrize("status", [vocab.MOVED_OUT, vocab.DISSOLVED])
@pytest.mark.parametrize("action", sorted(ACTIONS - {"edit_person"}))
def test_a_household_that_no_longer_lives_here_allows_only_corrections(action: str,
                                                                      status: str) -> None:
    gone = replace(FAMILY, residence_status=status,
                   residence_label=vocab.label(vocab.RESIDENCE_STATUSES, status))
    reason = allowed(action, gone, WIFE)
    assert reason == f"Hộ DH-0001 không còn cư trú ({gone.residence_label})."
    assert allowed("edit_person", gone, WIFE) is None


@pytest.mark.parametrize("action", sorted(MEMBER_ACTIONS))
def test_member_actions_need_a_member(action: str) -> None:
    assert allowed(action, FAMILY) == "Chọn một nhân khẩu trước."


@pytest.mark.parametrize("status", [vocab.DECEASED, vocab.MOVED_AWAY])
def test_a_member_who_left_can_only_be_corrected(status: str) -> None:
    gone = person("c", status=status)
    family = household(HEAD, WIFE, gone)
    for action in MEMBER_ACTIONS - {"edit_person"}:
        assert allowed(action, family, gone) == (
            "Người c không còn cư trú trong hộ (Đang cư trú).")
    assert allowed("edit_person", family, gone) is None
    for action in HOUSEHOLD_ACTIONS:
        assert allowed(action, family, gone) is None


@pytest.mark.parametrize("action", ["change_head", "split"])
def test_a_new_head_or_a_split_needs_two_present_members(action: str) -> None:
    alone = household(HEAD, person("c", status=vocab.DECEASED))
    assert allowed(action, alone, HEAD) == "Hộ DH-0001 chỉ có một nhân khẩu đang cư trú."
    assert allowed("merge", alone, HEAD) is None


def test_an_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown roster action"):
        allowed("fly", FAMILY)


def test_the_answers_agree_with_what_the_roster_refuses(commune: Session) -> None:
    """What `allowed` refuses, the roster refuses too when asked to save it."""
    roster = commune.roster
    card = household_card(roster, roster.household("DH-0001"))
    an, binh, cuong = card.members
    roster.mark_deceased(cuong.id, on="01/03/2026")
    card = household_card(roster, roster.household("DH-0001"))
    cuong = card.member(cuong.id)
    assert cuong is not None and not cuong.present
    assert allowed("person_moved_away", card, cuong) is not None
    with pytest.raises(ValidationError):
        roster.mark_moved_away(cuong.id)
    roster.mark_moved_away(binh.id, on="02/03/2026")
    card = household_card(roster, roster.household("DH-0001"))
    assert card.present_count == 1
    assert allowed("change_head", card, card.member(an.id)) is not None
    assert allowed("split", card, card.member(an.id)) is not None
    roster.household_move_out("DH-0001", on="03/03/2026")
    card = household_card(roster, roster.household("DH-0001"))
    assert card.residence_status == vocab.MOVED_OUT
    for action in ("add_person", "move_out", "merge"):
        assert allowed(action, card, card.member(an.id)) is not None
    with pytest.raises(ValidationError):
        roster.add_person("DH-0001", {"full_name": "Lê Văn Tư", "sex": "nam", "birth": "2000",
                                      "relation": "con_de"})
    with pytest.raises(ValidationError):
        roster.household_move_out("DH-0001")
    assert allowed("edit_person", card, card.member(an.id)) is None
