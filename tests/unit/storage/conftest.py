"""A generated commune on disk, copied for each test that damages it."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from antt_tui.roster import Roster
from antt_tui.storage.store import Store

HOST = "test-host"
START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@dataclass
class Db:
    """A database folder under tmp_path with its backup and set-aside folders."""

    folder: Path
    backups: Path
    aside: Path
    now: list[datetime]

    def open(self, **kw) -> Store:
        """Open it as the program does (same host, a clock the test moves)."""
        kw.setdefault("host", HOST)
        return Store.open(self.folder, backup_dir=self.backups, aside_dir=self.aside,
                          clock=lambda: self.now[0], **kw)

    def later(self, days: float = 0, hours: float = 0) -> None:
        """Move the clock on."""
        self.now[0] += timedelta(days=days, hours=hours)

    def segment(self) -> Path:
        """The (single) journal segment of the first device."""
        return sorted(self.folder.glob("journal/*/*.jsonl"))[0]


def add_saves(store: Store, n: int, tag: str) -> list[tuple[str, str]]:
    """`n` saves, households and visits alternately; returns (table, id) of each."""
    roster = Roster(store, today=lambda: date(2026, 11, 20))
    village = roster.villages()[0].code
    made = []
    for i in range(n):
        if i % 2 == 0:
            h = roster.add_household(village, household={"address": f"Xóm {tag}-{i}"}, head={
                "full_name": "Nguyễn Văn Khải", "sex": "nam", "birth": "1980"})
            made.append(("households", h.id))
        else:
            vid = str(uuid.uuid4())
            store.commit("visit.add", store.op_set("visits", vid, {
                "date": "2026-11-10", "note": f"Lượt {tag}-{i}"}, new=True))
            made.append(("visits", vid))
    return made


def snapshot(db: Db) -> dict[str, dict]:
    """Every record of every table as the program opens it (for before/after comparisons)."""
    from antt_tui.storage.store import TABLES

    store = db.open()
    try:
        return {t: {r["id"]: r for r in store.records(t)} for t in TABLES}
    finally:
        store.abandon()


@pytest.fixture(scope="session")
def generated_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated commune (60 households, one year), closed, with no backup."""
    from antt_tui.generate.blueprint import make_commune
    from antt_tui.generate.load import load_commune

    folder = tmp_path_factory.mktemp("generated") / "db"
    commune = make_commune(households=60, years=1, seed=11, today=date(2026, 10, 31))
    store = Store.open(folder, create=True, host=HOST, clock=lambda: START,
                       backup_dir=folder.parent / "unused-backups")
    load_commune(store, commune)
    store.close(backup=False)
    return folder


@pytest.fixture
def make_db(tmp_path: Path, generated_folder: Path) -> Callable[[], Db]:
    """A fresh copy of the generated commune for this test."""

    def factory(name: str = "db") -> Db:
        folder = tmp_path / name
        shutil.copytree(generated_folder, folder)
        return Db(folder, tmp_path / f"{name}-backups", tmp_path / f"{name}-aside",
                  [START + timedelta(days=1)])

    return factory
