"""What can be done to a household or one of its members now, and why not.

The front ends ask here before offering an action (the TUI greys out a key), so they never
compare labels. The answers agree with the rules `roster.service` and `roster.visits`
enforce when the change is saved; those remain the last word (a save can still be refused,
e.g. by a household chosen in the form).
"""

from __future__ import annotations

from antt_tui.roster.records import HouseholdCard, PersonRow

__all__ = ["ACTIONS", "HOUSEHOLD_ACTIONS", "MEMBER_ACTIONS", "allowed"]

MEMBER_ACTIONS = frozenset({"edit_person", "person_deceased", "person_moved_away",
                            "move_member"})
"""Actions on one member, who must be chosen."""

HOUSEHOLD_ACTIONS = frozenset({"add_person", "split", "merge", "change_head", "move_out",
                               "edit_household", "record_visit", "sign_commitment",
                               "add_incident"})
"""Actions on the household itself."""

ACTIONS = MEMBER_ACTIONS | HOUSEHOLD_ACTIONS
"""Every action `allowed` answers for."""

_LIVING_REQUIRED = ACTIONS - {"edit_person"}
"""Actions only a household that still lives in the village allows (correcting a member's
details is always allowed)."""

_PRESENT_REQUIRED = MEMBER_ACTIONS - {"edit_person"}
"""Member actions only a member who still lives in the household allows."""

_TWO_PRESENT_REQUIRED = frozenset({"change_head", "split"})
"""Actions that need another present member (a new head, someone to stay)."""


def allowed(action: str, household: HouseholdCard, person: PersonRow | None = None
            ) -> str | None:
    """None when `action` is possible on `household` (and the chosen member `person`), or
    the Vietnamese reason why not.

    Raises ``ValueError`` for an action not in ``ACTIONS``.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown roster action: {action!r}")
    if action in _LIVING_REQUIRED and not household.living:
        return f"Hộ {household.code} không còn cư trú ({household.residence_label})."
    if action in MEMBER_ACTIONS:
        if person is None:
            return "Chọn một nhân khẩu trước."
        if action in _PRESENT_REQUIRED and not person.present:
            return f"{person.full_name} không còn cư trú trong hộ ({person.status_label})."
    if action in _TWO_PRESENT_REQUIRED and household.present_count < 2:
        return f"Hộ {household.code} chỉ có một nhân khẩu đang cư trú."
    return None
