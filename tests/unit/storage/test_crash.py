"""Kill a process that is saving, at random moments, many times; nothing returned is lost."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from antt_tui.storage.check import check_database
from antt_tui.storage.store import Store

CHILD = r"""
import sys, uuid
import antt_tui.storage.store as store_mod
from antt_tui.roster import Roster
from antt_tui.storage.store import Store

store_mod.CHECKPOINT_EVERY = 15          # so that kills also land inside checkpoints
folder, backups, round_no = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = Store.open(folder, create=True, host="crash-host", officer="Cán bộ",
                   backup_dir=__import__("pathlib").Path(backups))
roster = Roster(store)
if roster.commune() is None:
    roster.init_commune(province="Hưng Yên", name="Xã Tân Lập", villages=["Thôn Đông Hạ"])
print("READY", flush=True)
n = 0
while True:
    n += 1
    if n % 3 == 0:
        h = roster.add_household("DH", household={"address": f"Xóm {n}"}, head={
            "full_name": "Nguyễn Văn Khải", "sex": "nam", "birth": "1980"})
        print("H", h.id, flush=True)
    else:
        vid = str(uuid.uuid4())
        store.commit("visit.add", store.op_set("visits", vid, {
            "date": f"202{n % 3 + 4}-0{n % 9 + 1}-15", "note": f"Lượt {round_no}-{n}"}))
        print("V", vid, flush=True)
    if n % 40 == 0:
        store.close()                      # checkpoint + backup, then carry on
        store = Store.open(folder, host="crash-host", backup_dir=__import__("pathlib").Path(backups))
        roster = Roster(store)
"""

ROUNDS = 14


@pytest.mark.slow
def test_kill_during_saves_loses_nothing_returned(tmp_path: Path) -> None:
    folder, backups = tmp_path / "db", tmp_path / "backups"
    rng = random.Random(20261123)
    returned: dict[str, str] = {}
    for round_no in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder), str(backups), str(round_no)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert ready.strip() == "READY", proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.02, 0.6))
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        out, err = proc.communicate(timeout=30)
        assert "Traceback" not in err, err
        for line in out.splitlines():
            kind, _, rid = line.partition(" ")
            if kind in ("H", "V") and len(rid) == 36:
                returned[rid] = kind
        # The folder opens after every kill, with every save that had returned.
        with Store.open(folder, host="crash-host", backup_dir=backups) as store:
            for rid, kind in returned.items():
                table = "households" if kind == "H" else "visits"
                assert store.get(table, rid) is not None, f"lost {table} {rid} (round {round_no})"
    assert len(returned) > ROUNDS  # the children really saved
    report = check_database(folder, backup_dir=backups)
    assert report.ok, report.problems
