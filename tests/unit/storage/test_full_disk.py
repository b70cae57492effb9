"""A real full disk: a small tmpfs filled up by saves (skipped where it cannot be mounted)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from antt_tui.roster import Roster
from antt_tui.storage.check import check_database
from antt_tui.storage.errors import SaveFailed
from antt_tui.storage.store import Store
from tests.builders import init_tan_lap


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs, or a skip when this machine does not let the tests mount one."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root on Linux")
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _open(disk: Path, **kw) -> Store:
    return Store.open(disk / "db", host="tiny", backup_dir=disk / "backups", **kw)


@pytest.mark.slow
def test_saves_on_a_disk_that_fills_up_are_kept_exactly_when_they_returned(tiny_disk: Path):
    ballast = tiny_disk / "ballast"
    ballast.write_bytes(b"\0" * 96 * 1024)   # freed later, as an officer deletes old files
    store = _open(tiny_disk, create=True)
    roster = Roster(store, today=lambda: date(2026, 11, 20))
    init_tan_lap(roster, ["Thôn Đông Hạ"])
    kept, failed = [], 0
    while failed < 5:
        try:
            h = roster.add_household("DH", household={"address": f"Xóm {len(kept)}"}, head={
                "full_name": "Nguyễn Văn Khải", "sex": "nam", "birth": "1980",
                "notes": "Ghi chú dài " * 20})
            kept.append(h.id)
        except SaveFailed as exc:
            assert "ổ đĩa đã đầy" in str(exc)
            failed += 1
    store.close()                           # the checkpoint fails too: a warning, not an error
    assert store.warnings
    assert not list((tiny_disk / "db").rglob("*.tmp-*"))

    store = _open(tiny_disk)                # reading works on the full disk
    ids = {h["id"] for h in store.records("households")}
    assert ids == set(kept)                 # every save that returned, and no other
    store.abandon()

    ballast.unlink()
    store = _open(tiny_disk)
    roster = Roster(store, today=lambda: date(2026, 11, 20))
    later = roster.add_household("DH", household={"address": "Xóm sau"}, head={
        "full_name": "Trần Văn Sau", "sex": "nam", "birth": "1981"})
    store.close(backup=False)
    with _open(tiny_disk) as store:
        assert {h["id"] for h in store.records("households")} == {*kept, later.id}
    assert check_database(tiny_disk / "db", backup_dir=tiny_disk / "backups").ok
