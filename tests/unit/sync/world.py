"""Databases for sync tests: the commune office and village laptops, with a shared clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from antt_tui.roster import Roster
from antt_tui.roster.partition import village_hash
from antt_tui.storage.store import Store
from antt_tui.sync import enrol, export, merge
from antt_tui.sync.identity import commune_identity, identity
from tests.builders import add_three_heads, init_tan_lap

TODAY = date(2026, 11, 20)


class Side:
    """One database of the round trip (the commune office or a village laptop)."""

    def __init__(self, folder: Path, now: list[datetime], host: str) -> None:
        self.folder, self.now, self.host = folder, now, host
        self.store = Store.open(folder, create=True, host=host, clock=self.clock,
                                backup_dir=folder.parent / f"{folder.name}-bk")
        self.roster = Roster(self.store, today=lambda: TODAY)

    def clock(self) -> datetime:
        self.now[0] += timedelta(seconds=1)
        return self.now[0]

    def me(self):
        return identity(self.store)

    def hash(self, code: str) -> str:
        village = self.roster.village(code)
        return village_hash(self.store.records, self.store.get, village.id)

    def reopen(self) -> None:
        self.store.close(backup=False)
        self.reopen_only()

    def reopen_only(self) -> None:
        """Open the folder again (after it was closed and replaced)."""
        self.store = Store.open(self.folder, host=self.host, clock=self.clock,
                                backup_dir=self.folder.parent / f"{self.folder.name}-bk")
        self.roster = Roster(self.store, today=lambda: TODAY)

    def close(self) -> None:
        self.store.close(backup=False)


@pytest.fixture
def world(tmp_path: Path):
    now = [datetime(2026, 11, 1, 8, 0, tzinfo=UTC)]
    commune = Side(tmp_path / "xa", now, "may-xa")
    init_tan_lap(commune.roster)
    add_three_heads(commune.roster)
    commune_identity(commune.store, commune.roster.commune().id, create=True)
    stick = tmp_path / "usb"
    stick.mkdir()
    pack = enrol.enroll(commune.roster, commune.me(), "DH", stick, clock=commune.clock)
    village = Side(tmp_path / "thon", now, "may-thon")
    enrol.join(village.store, pack.path, pack.code, clock=village.clock)
    village.reopen()
    yield commune, village, stick
    commune.close()
    village.close()


def _send_up(village: Side, commune: Side, stick: Path) -> merge.Plan:
    written = export.export_up(village.roster, village.me(), stick, clock=village.clock)
    return merge.merge(commune.roster, commune.me(), [written.path], clock=commune.clock)


def _send_down(commune: Side, village: Side, stick: Path) -> merge.Plan:
    [written] = export.export_down(commune.roster, commune.me(), stick, clock=commune.clock,
                                   village="DH")
    return merge.merge(village.roster, village.me(), [written.path], clock=village.clock)




def join_laptop(commune: Side, tmp_path: Path, name: str, village: str = "DH") -> Side:
    """A new village laptop enrolled by the commune and joined."""
    stick = tmp_path / "usb"
    stick.mkdir(exist_ok=True)
    pack = enrol.enroll(commune.roster, commune.me(), village, stick, clock=commune.clock)
    laptop = Side(tmp_path / name, commune.now, f"may-{name}")
    enrol.join(laptop.store, pack.path, pack.code, clock=laptop.clock)
    laptop.reopen()
    return laptop


def round_trip(commune: Side, laptops: list[Side], stick: Path, village: str = "DH") -> None:
    """Every laptop sends, the commune merges and sends back, every laptop merges."""
    for laptop in laptops:
        _send_up(laptop, commune, stick)
    for laptop in laptops:
        for written in export.export_down(commune.roster, commune.me(), stick,
                                          clock=commune.clock, village=village):
            merge.merge(laptop.roster, laptop.me(), [written.path], clock=laptop.clock)
