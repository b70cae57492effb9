"""The small communes the tests build, written once.

Every one is Xã Tân Lập (Hưng Yên) with Thôn Đông Hạ (DH) and Thôn Trung Lập (TL). The
criteria tests (tests/unit/criteria/conftest.py) build their own copy of the three-person
household, without the CCCDs.
"""

from __future__ import annotations

from collections.abc import Sequence

from antt_tui.roster import Roster
from antt_tui.roster.entities import HouseholdRecord

VILLAGES = ("Thôn Đông Hạ", "Thôn Trung Lập")
"""The villages of Xã Tân Lập."""


def init_tan_lap(roster: Roster, villages: Sequence[str] = VILLAGES) -> None:
    """Xã Tân Lập of Hưng Yên, with `villages` (Đông Hạ and Trung Lập unless told)."""
    roster.init_commune(province="Hưng Yên", name="Xã Tân Lập", villages=list(villages))


def add_an_family(roster: Roster) -> HouseholdRecord:
    """DH-0001 at Xóm 2: Nguyễn Văn An (head, with his CCCD), Lê Thị Bình (wife, with hers)
    and Nguyễn Văn Cường (son); returns the household."""
    household = roster.add_household("DH", household={"address": "Xóm 2, Thôn Đông Hạ"}, head={
        "full_name": "Nguyễn Văn An", "sex": "nam", "birth": "24/07/1975",
        "cccd": "033075001234"})
    roster.add_person(household.code, {"full_name": "Lê Thị Bình", "sex": "nu",
                                          "birth": "1978", "relation": "Vợ",
                                          "cccd": "033178005555"})
    roster.add_person(household.code, {"full_name": "Nguyễn Văn Cường", "sex": "nam",
                                          "birth": "05/2001", "relation": "Con đẻ"})
    return household


def three_person_commune(roster: Roster) -> None:
    """Xã Tân Lập (DH, TL) with one household of three people: `add_an_family`."""
    init_tan_lap(roster)
    add_an_family(roster)


def add_three_heads(roster: Roster, *, an_papers: bool = False) -> None:
    """Three households of one man born in 1975, all at Xóm 1: DH-0001 Nguyễn Văn An,
    DH-0002 Lê Văn Bình, TL-0001 Trần Văn Cường (the sync tests' commune). With `an_papers`,
    An has his full birth date (24/07/1975) and CCCD."""
    for code, name in (("DH", "Nguyễn Văn An"), ("DH", "Lê Văn Bình"), ("TL", "Trần Văn Cường")):
        head = {"full_name": name, "sex": "nam", "birth": "1975"}
        if an_papers and name == "Nguyễn Văn An":
            head |= {"birth": "24/07/1975", "cccd": "033075001234"}
        roster.add_household(code, household={"address": "Xóm 1"}, head=head)
