"""Speed and memory of antt_tui on the large generated commune, printed as a table.

Builds (once, then reuses) a commune of 12 villages, 10,000 households, ~40,000 people,
~120,000 visits over 3 years and ~3,000 incidents, then measures with the targets of
issue 3:

- cold open to first query: a fresh process opens the database and runs one search;
- one durable save (a visit and its journal entry, fsynced);
- search queries (names with and without diacritics, CCCD, phone, household code);
- resident memory after opening and searching;
- a full commune evaluation (issue 5): every village against TT 124 Art. 4, the commune
  against Art. 5 and chỉ tiêu 19.2, and H7 of every residing household — in a fresh process
  right after opening (cold) and again with the files already read (warm), and the resident
  memory then, with the typed records of the criteria's snapshot kept (issue 15);
- reports (issue 6): a monthly village report and the annual commune report with its
  appendices (about 9,000 household rows), figures and PDF, in a fresh process each;
- open time with a long journal (issue 10): the same commune after 60,000 more saves (visits
  and edits, checkpointed as the program does), against the commune as generated; the open
  must stay within 10% of the fresh one, since it replays only what the last checkpoint left;
- USB sync (issue 11), on a copy of the commune made the commune office: the enrolment pack of
  its largest village (the first full bundle commune → village) and joining with it; a month
  of that village's work (≈500 changes) exported, merged at the commune and imported again;
  the return bundle; and the first full bundle of a 1,000-household village that typed its
  roster before joining (village → commune); with the bundle size per 1,000 changes and, as
  the reference, one fsync'd SQLite transaction of the same number of rows;
- roster export (issue 14): the biggest village's roster written as .xlsx and as CSV (read,
  laid out and durably written, once the database is open), in a fresh process each;
- roster import (issue 14): a generated 5,000-person village roster (.xlsx, written to a
  temporary folder) into a database with that village and no household: the preview (read
  the file, map, convert, group, match) and the import (one journal entry), in process;
- the reference: SQLite WAL INSERT + COMMIT with synchronous=FULL, measured in the same run.

Run:  python scripts/bench.py [--dir FOLDER] [--runs 5] [--saves 300]
Needs the test extras (psutil). It is never part of the test suite: machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

HOUSEHOLDS, YEARS, SEED = 10_000, 3, 42
IMPORT_PEOPLE = 5000
"""The roster imported into an empty village."""
TODAY = date(2026, 11, 20)

QUERIES = [
    "nguyen van an", "Nguyễn Văn An", "NGUYỄN THỊ HOA", "tran thi hoa", "hoa nguyen", "le van",
    "pham", "thi", "a", "dang thi thu", "bui", "vu duc", "ho thi", "ngo van nam", "huynh",
    "van thang", "thi lan", "tuan", "xyz khong co", "do thi mai",
    "0340", "034075", "0912", "098", "DH-0012", "dh-5", "TL-0100",
]

CHILD_OPEN = r"""
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from antt_tui.paths import Paths
from antt_tui.session import Session
s = Session.open(Path(sys.argv[1]), paths=Paths(Path(sys.argv[2])))
t1 = time.perf_counter()
hits = s.roster.search("nguyen van an")
t2 = time.perf_counter()
import psutil
rss = psutil.Process().memory_info().rss
s.store.abandon()
print(f"{t1 - t0} {t2 - t0} {rss} {len(hits)}")
"""

CHILD_WORK = r"""
import json, sys, time, uuid
from pathlib import Path
from antt_tui.paths import Paths
from antt_tui.session import Session
folder, home, saves = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
queries = json.loads(sys.argv[4])
s = Session.open(folder, paths=Paths(home), officer="Bench")
s.roster.search("warm up")
search = []
for _ in range(5):
    for q in queries:
        a = time.perf_counter(); s.roster.search(q); search.append(time.perf_counter() - a)
households = [h["id"] for h in s.store.records("households")][:saves]
save = []
for i in range(saves):
    vid = str(uuid.uuid4())
    fields = {"household_id": households[i % len(households)], "date": "2026-11-20",
              "officer": "Bench", "note": "Kiểm tra định kỳ, hộ chấp hành tốt.", "result": "dat"}
    a = time.perf_counter()
    s.store.commit("visit.add", s.store.op_set("visits", vid, fields, new=True))
    save.append(time.perf_counter() - a)
import psutil
rss = psutil.Process().memory_info().rss
s.store.close(backup=False)   # checkpoint, so the next cold open has nothing to replay
print(json.dumps({"search": search, "save": save, "rss": rss}))
"""


CHILD_LONG_JOURNAL = r"""
import sys, uuid
from pathlib import Path
from antt_tui.storage.store import Store
store = Store.open(Path(sys.argv[1]), officer="Bench", backup_dir=Path(sys.argv[2]))
people = [p["id"] for p in store.records("persons")][:5000]
households = [h["id"] for h in store.records("households")]
for i in range(int(sys.argv[3])):
    if i % 3:
        store.commit("visit.add", store.op_set("visits", str(uuid.uuid4()), {
            "household_id": households[i % len(households)], "date": "2026-11-20",
            "officer": "Bench", "note": "Kiểm tra định kỳ."}, new=True))
    else:
        store.commit("person.edit", store.op_set("persons", people[i % len(people)],
                                                  {"phone": f"09{i:08d}"}))
store.close(backup=False)
print(store.journal_dir)
"""

CHILD_SYNC = r"""
import json, shutil, sqlite3, sys, time, uuid
from datetime import date
from pathlib import Path
from antt_tui.roster import Roster
from antt_tui.storage.store import Store, local_now
from antt_tui.sync import enrol, export, merge
from antt_tui.sync.identity import commune_identity, identity

source, work = Path(sys.argv[1]), Path(sys.argv[2])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
stick = work / "usb"
stick.mkdir()
out = {}

def timed(name, func):
    start = time.perf_counter()
    result = func()
    out[name] = time.perf_counter() - start
    return result

xa = work / "xa"
shutil.copytree(source, xa)
store = Store.open(xa, officer="Bench", backup_dir=work / "bk-xa")
roster = Roster(store, today=lambda: date(2026, 11, 20))
commune_identity(store, roster.commune().id, create=True)
me = identity(store)
sizes = {}
for h in store.records("households"):
    sizes[h["village_id"]] = sizes.get(h["village_id"], 0) + 1
village = store.get("villages", max(sizes, key=sizes.get))
out["village_households"] = sizes[village["id"]]
pack = timed("enrol_write", lambda: enrol.enroll(roster, me, village["code"], stick,
                                                 clock=local_now))
out["enrol_bytes"] = pack.path.stat().st_size
laptop = Store.open(work / "thon", create=True, officer="TT", backup_dir=work / "bk-thon")
joined = timed("enrol_join", lambda: enrol.join(laptop, pack.path, pack.code, clock=local_now))
out["enrol_entries"] = joined.entries
lroster = Roster(laptop, today=lambda: date(2026, 11, 20))
lme = identity(laptop)
households = lroster.households()
for i in range(500):   # a month of a village: visits and edits
    h = households[i % len(households)]
    if i % 2:
        laptop.commit("visit.add", laptop.op_set("visits", str(uuid.uuid4()), {
            "household_id": h.id, "village_id": village["id"], "date": "2026-11-20",
            "officer": "TT", "note": "Kiểm tra định kỳ, hộ chấp hành tốt.", "result": "dat"},
            new=True))
    else:
        lroster.edit_household(h.code, {"notes": f"Ghi chú {i}"})
written = timed("month_export", lambda: export.export_up(lroster, lme, stick, clock=local_now))
out["month_entries"] = written.entries
out["month_bytes"] = written.path.stat().st_size
timed("month_merge", lambda: merge.merge(roster, me, [written.path], clock=local_now))
timed("month_reimport", lambda: merge.merge(roster, me, [written.path], clock=local_now))
[back] = timed("return_export", lambda: export.export_down(roster, me, stick, clock=local_now,
                                                           village=village["code"]))
timed("return_merge", lambda: merge.merge(lroster, lme, [back.path], clock=local_now))
out["hash_equal"] = (store.state_hash() and True)

# A village that typed 1,000 households before joining: its first bundle to the commune.
from antt_tui.generate.blueprint import make_commune
from antt_tui.generate.load import load_commune
typed = Store.open(work / "go-truoc", create=True, officer="TT", backup_dir=work / "bk-go")
generated = make_commune(households=1000, years=1, seed=5, today=date(2026, 11, 20), villages=1)
load_commune(typed, generated)
code = next(v["code"] for v in typed.records("villages"))
other = next((v.code for v in roster.villages() if v.code == code), None) or village["code"]
pack2 = enrol.enroll(roster, me, other, stick, clock=local_now)
enrol.join(typed, pack2.path, pack2.code, clock=local_now)
troster = Roster(typed, today=lambda: date(2026, 11, 20))
first = timed("first_export", lambda: export.export_up(troster, identity(typed), stick,
                                                       clock=local_now))
out["first_entries"] = first.entries
out["first_bytes"] = first.path.stat().st_size
plan = timed("first_merge", lambda: merge.merge(roster, me, [first.path], clock=local_now))
out["first_quarantined"] = plan.quarantined

con = sqlite3.connect(work / "ref.sqlite")
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=FULL")
con.execute("CREATE TABLE t (id TEXT PRIMARY KEY, doc TEXT)")
start = time.perf_counter()
with con:
    con.executemany("INSERT INTO t VALUES (?, ?)",
                    [(str(uuid.uuid4()), json.dumps({"note": "Kiểm tra định kỳ", "i": i}))
                     for i in range(500)])
out["sqlite_500"] = time.perf_counter() - start
con.close()
for s in (store, laptop, typed):
    s.close(backup=False)
print(json.dumps(out))
"""

LONG_JOURNAL = 60_000


def ensure_long_journal(folder: Path, long_folder: Path, home: Path) -> None:
    """A copy of the commune with `LONG_JOURNAL` more saves (made once, then reused)."""
    import shutil

    stamp = long_folder.parent / "db-long.stamp"
    wanted = f"{generator_stamp()} {LONG_JOURNAL}"
    if long_folder.exists() and stamp.exists() and stamp.read_text() == wanted:
        return
    shutil.rmtree(long_folder, ignore_errors=True)
    shutil.copytree(folder, long_folder)
    print(f"adding {LONG_JOURNAL:,} saves to a copy of the commune…", file=sys.stderr)
    subprocess.run([sys.executable, "-c", CHILD_LONG_JOURNAL, str(long_folder),
                    str(home / "bench-backups"), str(LONG_JOURNAL)], check=True)
    stamp.write_text(wanted)


def cold_opens(folder: Path, home: Path, runs: int, env: dict[str, str]
               ) -> tuple[list[float], list[float], list[float], list[int]]:
    """Open times, open + first query, whole process and RSS of `runs` fresh processes."""
    opens, firsts, walls, rss_open = [], [], [], []
    for _ in range(runs):
        a = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD_OPEN, str(folder), str(home)],
                             capture_output=True, text=True, check=True, env=env).stdout
        walls.append(time.perf_counter() - a)
        t_open, t_first, rss, _hits = out.split()
        opens.append(float(t_open))
        firsts.append(float(t_first))
        rss_open.append(int(rss))
    return opens, firsts, walls, rss_open


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[rank]


CHILD_CRITERIA = r"""
import json, sys, time
from datetime import date
from pathlib import Path
from antt_tui.paths import Paths
from antt_tui.session import Session
from antt_tui.criteria.engine import facts_of, full_commune
s = Session.open(Path(sys.argv[1]), paths=Paths(Path(sys.argv[2])))
as_of = date.fromisoformat(sys.argv[3])
times = []
for _ in range(4):
    a = time.perf_counter()
    report = full_commune(facts_of(s.roster.snapshot()), as_of.year, as_of)
    times.append(time.perf_counter() - a)
import psutil
rss = psutil.Process().memory_info().rss  # the roster keeps the snapshot's typed records
s.store.abandon()
print(json.dumps({"cold": times[0], "warm": times[1:], "households": len(report.households),
                  "villages": len(report.villages), "rss": rss}))
"""


CHILD_REPORT = r"""
import json, sys, time
from datetime import date
from pathlib import Path
from antt_tui.paths import Paths
from antt_tui.session import Session
from antt_tui.criteria.engine import facts_of
from antt_tui.reports.compose import build
from antt_tui.reports.pdf import render
from antt_tui.reports.periods import period
s = Session.open(Path(sys.argv[1]), paths=Paths(Path(sys.argv[2])))
as_of = date.fromisoformat(sys.argv[3])
facts = facts_of(s.roster.snapshot())
village = facts.villages_by_code()[0].id
out = {}
for name, scope, kind, spec in (("monthly", village, "thang", f"{as_of.year}-10"),
                                ("annual", "", "nam", str(as_of.year))):
    a = time.perf_counter()
    doc, fig = build(facts_of(s.roster.snapshot()), scope, period(kind, spec), as_of)
    b = time.perf_counter()
    pdf = render(doc)
    c = time.perf_counter()
    out[name] = {"build": b - a, "render": c - b, "total": c - a, "bytes": len(pdf),
                 "rows": sum(len(blk.rows) for ap in doc.appendices for blk in ap.blocks
                             if hasattr(blk, "rows"))}
s.store.abandon()
print(json.dumps(out))
"""


def generator_stamp() -> str:
    """A hash of the generator's source: a cached commune made by older code is rebuilt."""
    import hashlib

    src = Path(__file__).resolve().parents[1] / "src" / "antt_tui" / "generate"
    digest = hashlib.sha256()
    for path in sorted(src.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_commune(folder: Path, home: Path) -> None:
    """Generate the large commune into `folder` unless the same generator already did."""
    stamp = folder.parent / "generator.stamp"
    if (folder / "antt-db.json").exists():
        if stamp.exists() and stamp.read_text(encoding="utf-8") == generator_stamp():
            return
        import shutil

        shutil.rmtree(folder)
    print(f"Generating the large commune in {folder} …", file=sys.stderr)
    env = {**os.environ, "ANTT_HOME": str(home), "ANTT_TODAY": TODAY.isoformat()}
    subprocess.run([sys.executable, "-m", "antt_tui", "--db", str(folder), "generate",
                    "--households", str(HOUSEHOLDS), "--years", str(YEARS), "--seed", str(SEED)],
                   check=True, env=env)
    stamp.write_text(generator_stamp(), encoding="utf-8")


CHILD_ROSTER_EXPORT = r"""
import json, sys, tempfile, time
from pathlib import Path
from antt_tui.paths import Paths
from antt_tui.session import Session
from antt_tui.roster import roster_export
s = Session.open(Path(sys.argv[1]), paths=Paths(Path(sys.argv[2])))
sizes = {}
for h in s.store.records("households"):
    if not h.get("deleted"):
        sizes[h["village_id"]] = sizes.get(h["village_id"], 0) + 1
village = s.store.get("villages", max(sizes, key=sizes.get))
out = {}
with tempfile.TemporaryDirectory(dir=sys.argv[3]) as tmp:
    for suffix in (".xlsx", ".csv"):
        a = time.perf_counter()
        taken = roster_export.collect(s.roster, village["code"])
        roster_export.write(Path(tmp) / f"roster{suffix}", taken)
        out[suffix] = time.perf_counter() - a
        out["people"] = taken.people
s.store.abandon()
print(json.dumps(out))
"""


def roster_export_rows(folder: Path, work: Path, home: Path, runs: int, env: dict[str, str]
                       ) -> list[tuple[str, float, float, str, float | None]]:
    """Table rows for the roster export of the biggest village (.xlsx and CSV, target 2 s)."""
    outs = [json.loads(subprocess.run(
        [sys.executable, "-c", CHILD_ROSTER_EXPORT, str(folder), str(home), str(work)],
        capture_output=True, text=True, check=True, env=env).stdout)
        for _ in range(max(1, runs // 2))]
    people = outs[0]["people"]
    return [(f"roster export, biggest village ({people:,} people), {suffix}",
             statistics.median(o[suffix] for o in outs), max(o[suffix] for o in outs), "s", 2)
            for suffix in (".xlsx", ".csv")]


CHILD_ROSTER_IMPORT = r"""
import json, sys, time
from dataclasses import replace
from datetime import date
from pathlib import Path
from antt_tui.generate.blueprint import make_commune
from antt_tui.generate.load import load_commune
from antt_tui.paths import Paths
from antt_tui.roster import roster_export, roster_import
from antt_tui.session import Session
work, home, people = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
today = date.fromisoformat(sys.argv[4])
source = Session.open(work / "nguon", paths=Paths(home), officer="Bench", create=True,
                      today=lambda: today)
load_commune(source.store, make_commune(households=people * 3 // 10, years=1, seed=14,
                                        today=today, village_names=("Thôn Đông Hạ",)))
taken = roster_export.collect(source.roster, "DH")
kept, count = [], 0
for household in taken.villages[0].households:   # exactly `people` rows
    rows = household.rows[:people - count]
    kept.append(replace(household, rows=rows))
    count += len(rows)
    if count == people:
        break
taken = replace(taken, villages=(replace(taken.villages[0], households=tuple(kept)),))
path = work / "danh-sach.xlsx"
roster_export.write(path, taken)
commune = source.roster.commune().name
source.close()
target = Session.open(work / "dich", paths=Paths(home), officer="Bench", create=True,
                      today=lambda: today)
target.roster.init_commune(province="Hưng Yên", name=commune, villages=["Thôn Đông Hạ"])
a = time.perf_counter()
plan = roster_import.plan(target.roster, roster_import.read_roster(path))
b = time.perf_counter()
done = roster_import.commit(target.roster, plan)
c = time.perf_counter()
assert plan.ok and done.persons == people, (plan.errors[:3], done.persons)
target.close()
print(json.dumps({"preview": b - a, "import": c - b, "people": done.persons,
                  "households": len(done.households)}))
"""


def roster_import_rows(work: Path, home: Path, runs: int, env: dict[str, str]
                       ) -> list[tuple[str, float, float, str, float | None]]:
    """Table rows for a 5,000-person roster imported into an empty village (target 10 s)."""
    import shutil

    outs = []
    for _ in range(max(1, runs // 2)):
        with tempfile.TemporaryDirectory(dir=work) as tmp:
            outs.append(json.loads(subprocess.run(
                [sys.executable, "-c", CHILD_ROSTER_IMPORT, tmp, str(home), str(IMPORT_PEOPLE),
                 TODAY.isoformat()], capture_output=True, text=True, check=True,
                env=env).stdout))
            shutil.rmtree(tmp, ignore_errors=True)
    people = outs[0]["people"]
    return [(f"roster import {people:,} people: {step}", statistics.median(o[step] for o in outs),
             max(o[step] for o in outs), "s", 10) for step in ("preview", "import")]


def sqlite_reference(n: int, tmp: Path) -> list[float]:
    """SQLite WAL, synchronous=FULL: one INSERT + COMMIT into a table of 120,000 visits."""
    path = tmp / "ref.sqlite"
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE visits (id TEXT PRIMARY KEY, doc TEXT)")
    con.execute("BEGIN")
    doc = json.dumps({"date": "2025-01-01", "note": "Kiểm tra định kỳ", "officer": "A"})
    con.executemany("INSERT INTO visits VALUES (?, ?)",
                    ((str(uuid.uuid4()), doc) for _ in range(120_000)))
    con.execute("COMMIT")
    times = []
    for _ in range(n):
        a = time.perf_counter()
        con.execute("BEGIN")
        con.execute("INSERT INTO visits VALUES (?, ?)", (str(uuid.uuid4()), doc))
        con.execute("COMMIT")
        times.append(time.perf_counter() - a)
    con.close()
    return times


def main() -> None:
    """Build or reuse the commune, measure, print the table."""
    global HOUSEHOLDS, YEARS, LONG_JOURNAL, IMPORT_PEOPLE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()) / f"antt-bench-{HOUSEHOLDS}-{SEED}")
    parser.add_argument("--runs", type=int, default=5, help="cold-open processes")
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--smoke", action="store_true",
                        help="a small commune and one run of each: checks the bench still runs "
                             "(tests/test_scripts.py), measures nothing worth reading")
    args = parser.parse_args()
    if args.smoke:
        HOUSEHOLDS, YEARS, LONG_JOURNAL, IMPORT_PEOPLE = 300, 1, 300, 300
        args.runs, args.saves = 1, 10
    home = args.dir / "home"
    folder = args.dir / "db"
    ensure_commune(folder, home)
    env = {**os.environ, "ANTT_HOME": str(home)}

    long_folder = args.dir / "db-long"
    ensure_long_journal(folder, long_folder, home)
    opens, firsts, walls, rss_open = cold_opens(folder, home, args.runs, env)
    long_opens, _, _, long_rss = cold_opens(long_folder, home, args.runs, env)

    work = json.loads(subprocess.run(
        [sys.executable, "-c", CHILD_WORK, str(folder), str(home), str(args.saves),
         json.dumps(QUERIES)], capture_output=True, text=True, check=True, env=env).stdout)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        ref = sqlite_reference(args.saves, Path(tmp))
    cold, warm, crit_rss = [], [], []
    for _ in range(args.runs):
        out = json.loads(subprocess.run(
            [sys.executable, "-c", CHILD_CRITERIA, str(folder), str(home), TODAY.isoformat()],
            capture_output=True, text=True, check=True, env=env).stdout)
        cold.append(out["cold"])
        warm += out["warm"]
        crit_rss.append(out["rss"])
    reports: dict[str, list[float]] = {"monthly": [], "annual": []}
    rows = 0
    for _ in range(max(1, args.runs // 2)):
        out = json.loads(subprocess.run(
            [sys.executable, "-c", CHILD_REPORT, str(folder), str(home), TODAY.isoformat()],
            capture_output=True, text=True, check=True, env=env).stdout)
        for name in reports:
            reports[name].append(out[name]["total"])
        rows = out["annual"]["rows"]

    syncs = [json.loads(subprocess.run(
        [sys.executable, "-c", CHILD_SYNC, str(folder), str(args.dir / "sync-work")],
        capture_output=True, text=True, check=True, env=env).stdout)
        for _ in range(max(1, args.runs // 2))]

    def sync_row(label: str, key: str, target: float | None, scale: float = 1000,
                 unit: str = "ms") -> tuple[str, float, float, str, float | None]:
        values = [run[key] * scale for run in syncs]
        return (label, statistics.median(values), max(values), unit, target)

    first = syncs[0]
    ms = 1000
    rows = [
        ("cold open → first query (in process)", statistics.median(firsts) * ms,
         percentile(firsts, 95) * ms, "ms", 1000),
        ("  of which open", statistics.median(opens) * ms, percentile(opens, 95) * ms, "ms", None),
        ("  whole process (python start to exit)", statistics.median(walls) * ms,
         percentile(walls, 95) * ms, "ms", None),
        (f"  open after {LONG_JOURNAL:,} more saves", statistics.median(long_opens) * ms,
         percentile(long_opens, 95) * ms, "ms", None),
        ("  RSS at open, fresh / long journal", statistics.median(rss_open) / 2**20,
         statistics.median(long_rss) / 2**20, "MiB", None),
        ("durable save: visit + journal entry", statistics.median(work["save"]) * ms,
         percentile(work["save"], 95) * ms, "ms", 5),
        ("SQLite WAL insert+commit (reference)", statistics.median(ref) * ms,
         percentile(ref, 95) * ms, "ms", None),
        ("search query", statistics.median(work["search"]) * ms,
         percentile(work["search"], 95) * ms, "ms", 10),
        ("RSS after open + first query", statistics.median(rss_open) / 2**20,
         max(rss_open) / 2**20, "MiB", 300),
        ("RSS after searches + saves", work["rss"] / 2**20, work["rss"] / 2**20, "MiB", 300),
        ("full commune evaluation, first (reads files)", statistics.median(cold) * ms,
         percentile(cold, 95) * ms, "ms", 1000),
        ("full commune evaluation, again", statistics.median(warm) * ms,
         percentile(warm, 95) * ms, "ms", 1000),
        ("  RSS after it (its typed records kept)", statistics.median(crit_rss) / 2**20,
         max(crit_rss) / 2**20, "MiB", None),
        ("monthly village report (figures + PDF)", statistics.median(reports["monthly"]) * ms,
         percentile(reports["monthly"], 95) * ms, "ms", 1000),
        (f"annual commune report, {rows:,} appendix rows", statistics.median(reports["annual"]),
         percentile(reports["annual"], 95), "s", 10),
        sync_row(f"sync: enrolment pack, {first['village_households']:,} households, write",
                 "enrol_write", 5, 1, "s"),
        sync_row(f"sync: join with it ({first['enrol_entries']} entries)", "enrol_join", 5, 1,
                 "s"),
        sync_row(f"sync: export a month ({first['month_entries']} changes)", "month_export",
                 None),
        sync_row("sync: merge that month at the commune", "month_merge", 1000),
        sync_row("sync: import the same bundle again", "month_reimport", 500),
        sync_row("sync: SQLite, one fsync'd transaction, 500 rows (ref.)", "sqlite_500", None),
        sync_row("sync: return bundle, export", "return_export", None),
        sync_row("sync: return bundle, merge at the village", "return_merge", None),
        sync_row(f"sync: first bundle of a typed village ({first['first_entries']} entries), "
                 "export", "first_export", 5, 1, "s"),
        sync_row("sync: first bundle of a typed village, merge", "first_merge", 5, 1, "s"),
    ]
    rows += roster_export_rows(folder, args.dir, home, args.runs, env)
    rows += roster_import_rows(args.dir, home, args.runs, env)
    print(f"antt_tui bench: {HOUSEHOLDS} households, {YEARS} years, seed {SEED}; "
          f"{os.cpu_count()} CPUs; {args.runs} cold opens, {args.saves} saves, "
          f"{len(work['search'])} searches")
    print(f"{'measure':42} {'median':>9} {'p95':>9}  unit  target")
    for name, median, p95, unit, target in rows:
        verdict = "" if target is None else (f"≤ {target}  " + ("ok" if p95 <= target else "MISSED"))
        print(f"{name:42} {median:9.2f} {p95:9.2f}  {unit:4}  {verdict}")
    ratio = statistics.median(work["save"]) / statistics.median(ref)
    print(f"{'save / SQLite reference (median ratio)':42} {ratio:9.2f}")
    per_thousand = first["month_bytes"] / max(1, first["month_entries"]) * 1000 / 1024
    print(f"{'sync: bundle size per 1,000 changes':42} {per_thousand:9.1f}{'':11}  KiB")
    print(f"{'sync: enrolment pack size':42} {first['enrol_bytes'] / 2**20:9.2f}{'':11}  MiB")
    print(f"{'sync: typed village first bundle size':42} {first['first_bytes'] / 2**20:9.2f}"
          f"{'':11}  MiB  ({first['first_quarantined']} set aside)")
    ratio = statistics.median(long_opens) / statistics.median(opens)
    verdict = "ok" if ratio <= 1.10 else "MISSED"
    print(f"{'open, long journal / fresh (median ratio)':42} {ratio:9.2f}{'':11}  ≤ 1.10  "
          f"{verdict}")


if __name__ == "__main__":
    main()
