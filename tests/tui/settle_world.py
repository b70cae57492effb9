"""A commune office and one joined laptop of Thôn Đông Hạ, built with the sync engine, for the
screens that settle what a merge left open (conflicts, duplicate pairs, quarantine).

Each side has its own clock (one can be set wrong) and its own officer, so who, when and on
which laptop are fixed. The commune's folder is then closed and opened by the app.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from antt_tui.sync import enrol, export, merge
from antt_tui.sync.identity import commune_identity
from tests.builders import add_three_heads, init_tan_lap
from tests.unit.sync.world import Side

START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
"""Both clocks start here; every save moves its side's clock one second on."""

COMMUNE_OFFICER = "Phạm Minh Tuấn"
VILLAGE_OFFICER = "Lê Văn Tám"
"""Who saves at the commune office and on the village laptop."""


@pytest.fixture
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record and device ids from a seeded generator, so a snapshot shows the same pair in
    the same order every run."""
    rng = random.Random(12)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=rng.getrandbits(128), version=4))


@dataclass
class Office:
    """The commune office, one laptop of Thôn Đông Hạ, and the folder standing in for the
    stick."""

    tmp: Path
    commune: Side
    village: Side
    stick: Path
    commune_now: list[datetime]
    village_now: list[datetime]

    @property
    def folder(self) -> Path:
        """The commune's database folder (what the app opens)."""
        return self.commune.folder

    def restart_village(self) -> None:
        """Close the laptop's database and open it again (after its clock was changed)."""
        self.village.close()
        self.village = Side(self.tmp / "thon", self.village_now, "may-thon")
        self.village.store.officer = VILLAGE_OFFICER

    def up(self) -> merge.Plan:
        """The laptop sends, the commune merges."""
        written = export.export_up(self.village.roster, self.village.me(), self.stick,
                                   clock=self.village.clock)
        return merge.merge(self.commune.roster, self.commune.me(), [written.path],
                           clock=self.commune.clock)

    def down(self) -> None:
        """The commune sends back, the laptop merges."""
        for written in export.export_down(self.commune.roster, self.commune.me(), self.stick,
                                          clock=self.commune.clock, village="DH"):
            merge.merge(self.village.roster, self.village.me(), [written.path],
                        clock=self.village.clock)

    def round_trip(self) -> None:
        """Up, then down."""
        self.up()
        self.down()

    def close(self) -> Path:
        """Close both databases; returns the commune's folder for the app."""
        for side in (self.commune, self.village):
            if side.store.journal is not None:
                side.close()
        return self.folder


def build_office(tmp: Path) -> Office:
    """Xã Tân Lập: DH-0001 Nguyễn Văn An (with his CCCD), DH-0002 Lê Văn Bình, TL-0001 Trần
    Văn Cường; the commune key made; one laptop of DH enrolled and joined."""
    commune_now, village_now = [START], [START]
    commune = Side(tmp / "xa", commune_now, "may-xa")
    commune.store.officer = COMMUNE_OFFICER
    init_tan_lap(commune.roster)
    add_three_heads(commune.roster, an_papers=True)
    commune_identity(commune.store, commune.roster.commune().id, create=True)
    stick = tmp / "usb"
    stick.mkdir()
    pack = enrol.enroll(commune.roster, commune.me(), "DH", stick, clock=commune.clock)
    village = Side(tmp / "thon", village_now, "may-thon")
    enrol.join(village.store, pack.path, pack.code, clock=village.clock)
    village.reopen()
    village.store.officer = VILLAGE_OFFICER
    return Office(tmp, commune, village, stick, commune_now, village_now)


def address_conflict(office: Office) -> None:
    """Both sides change DH-0001's address without seeing each other: the commune's later
    "Xóm Chùa" shows, the laptop's "Xóm Đình" waits as side 2."""
    office.village.roster.edit_household("DH-0001", {"address": "Xóm Đình"})
    office.commune.roster.edit_household("DH-0001", {"address": "Xóm Chùa"})
    office.round_trip()


def phone_conflict(office: Office) -> None:
    """Both sides type a different phone for Lê Văn Bình (DH-0002)."""
    person = office.village.roster.person("DH-0002/1")
    office.village.roster.edit_person(person.id, {"phone": "0911111111"})
    office.commune.roster.edit_person(person.id, {"phone": "0922222222"})
    office.round_trip()


def delete_against_edit(office: Office) -> None:
    """The laptop deletes Lê Thị Hoa as entered by mistake while the commune adds her phone:
    she stays (side 1) until someone chooses; the deletion waits as side 2."""
    extra = office.village.roster.add_person("DH-0002", {
        "full_name": "Lê Thị Hoa", "sex": "nu", "birth": "2001", "relation": "con"})
    office.round_trip()
    office.village.roster.delete_person(extra.id, reason="Nhập nhầm")
    office.commune.roster.edit_person(extra.id, {"phone": "0912345678"})
    office.round_trip()


def duplicate_person(office: Office) -> None:
    """The same woman entered twice before the bundle travelled: at the commune in DH-0002
    (full birth date), on the laptop in DH-0001 (birth year only, with a phone)."""
    office.commune.roster.add_person("DH-0002", {
        "full_name": "Hoàng Thị Mai", "sex": "nu", "birth": "12/03/1990", "relation": "o_cung",
        "cccd": "033190001122"})
    office.village.roster.add_person("DH-0001", {
        "full_name": "Hoàng Thị Mai", "sex": "nu", "birth": "1990", "relation": "con_dau",
        "cccd": "033190001122", "phone": "0987654321"})
    office.up()


def split_against_move(office: Office) -> None:
    """The laptop splits the son off DH-0001 while the commune moves the wife to DH-0002:
    the later one (the commune's move) is held back on both sides."""
    village = office.village
    village.roster.add_person("DH-0001", {"full_name": "Lê Thị Cúc", "sex": "nu",
                                          "birth": "1978", "relation": "vo"})
    son = village.roster.add_person("DH-0001", {"full_name": "Nguyễn Văn Đức", "sex": "nam",
                                                "birth": "2000", "relation": "con"})
    office.round_trip()
    wife = office.commune.roster.person("DH-0001/2")
    village.roster.split_household("DH-0001", [son.id], new_head_id=son.id,
                                   household={"address": "Xóm 3"})
    office.commune.roster.move_person(wife.id, "DH-0002", relation="khac")
    office.round_trip()
    office.round_trip()


def clock_in_2035(office: Office) -> None:
    """The laptop's clock is set to 2035: its two saves are set aside at the commune."""
    office.village_now[0] = datetime(2035, 3, 1, 8, 0, tzinfo=UTC)
    office.restart_village()
    office.village.roster.edit_household("DH-0001", {"address": "Xóm 35"})
    office.village.roster.add_household("DH", household={"address": "Xóm 8"}, head={
        "full_name": "Lê Thị Hoa", "sex": "nu", "birth": "1980"})
    assert office.up().quarantined == 2


def commune_clock_in_2024(office: Office) -> None:
    """The commune's clock went back to 2024 (a dead battery): the laptop's two saves look
    far ahead and are set aside; the real clock is right again when the app opens."""
    office.village.roster.edit_household("DH-0001", {"address": "Xóm 2"})
    office.village.roster.add_household("DH", household={"address": "Xóm 8"}, head={
        "full_name": "Lê Thị Hoa", "sex": "nu", "birth": "1980"})
    office.commune_now[0] = datetime(2024, 1, 1, 7, 0, tzinfo=UTC)
    assert office.up().quarantined == 2
