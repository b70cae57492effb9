"""The commune office for the sync screens' tests: its database built with the sync engine
(closed, for the app to open), joined village laptops, and a folder standing in for the
stick, which the drive dialog finds and highlights."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from antt_tui.storage.store import host_fingerprint
from antt_tui.sync import export, merge
from antt_tui.sync.service import SyncService
from antt_tui.sync.stick import Drive
from tests.builders import init_tan_lap
from tests.unit.sync.world import Side, join_laptop


@dataclass
class Office:
    """The commune's database (closed, for the app), joined laptops (the first of Thôn Đông
    Hạ, which sent one bundle on 1/10/2026), and the stick."""

    folder: Path
    laptops: list[Side]
    stick: Path
    fingerprint: str
    """The commune key's."""
    first_bundle: str
    """The file name of the first laptop's first bundle, merged at the commune."""

    @property
    def laptop(self) -> Side:
        return self.laptops[0]

    def send(self, name: str, laptop: int = 0) -> Path:
        """A laptop adds a household headed by `name` and writes its bundle to the stick."""
        side = self.laptops[laptop]
        code = side.me().village_code
        side.roster.add_household(code, household={"address": "Xóm 9"}, head={
            "full_name": name, "sex": "nam", "birth": "1990"})
        return export.export_up(side.roster, side.me(), self.stick, clock=side.clock).path


def make_office(paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                villages: tuple[str, ...]) -> Office:
    """The commune with one laptop joined for each of `villages`."""
    now = [datetime(2026, 10, 1, 8, 0, tzinfo=UTC)]
    # The app opens the folder on this machine: the same host keeps its device id.
    commune = Side(paths.database, now, host_fingerprint())
    init_tan_lap(commune.roster)
    commune.roster.add_household("DH", household={"address": "Xóm 1"}, head={
        "full_name": "Nguyễn Văn An", "sex": "nam", "birth": "1975"})
    fingerprint = SyncService(commune.roster).commune_key().fingerprint
    stick = tmp_path / "usb"
    laptops = [join_laptop(commune, tmp_path, f"thon-{code}", code) for code in villages]
    laptop = laptops[0]
    laptop.roster.add_household("DH", household={"address": "Xóm 2"}, head={
        "full_name": "Lê Văn Sớm", "sex": "nam", "birth": "1980"})
    written = export.export_up(laptop.roster, laptop.me(), stick, clock=laptop.clock)
    merge.merge(commune.roster, commune.me(), [written.path], clock=commune.clock)
    commune.close()
    for file in stick.iterdir():
        file.unlink()
    # The app writes with the real clock: the laptops' must not lag behind it by days.
    now[0] = datetime.now(UTC)
    monkeypatch.setattr(SyncService, "drives", staticmethod(
        lambda: [Drive(stick, "USB-THON", 2**30, True, "vfat")]))
    return Office(paths.database, laptops, stick, fingerprint, written.path.name)


def fixed_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Key pairs from a seeded generator, so fingerprints and file names repeat every run."""
    import random

    from antt_tui.sync.keys import KeyPair

    rng = random.Random(7)
    monkeypatch.setattr(KeyPair, "new", classmethod(lambda cls: cls(rng.randbytes(32))))
