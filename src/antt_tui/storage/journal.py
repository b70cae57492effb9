"""The change journal: an append-only, hash-chained log of operations, one file per month.

It is the write-ahead log of the store (a save is one fsynced line), the audit trail behind
`antt history`, and what USB sync will exchange. One entry is one transaction:

    {"v": 1, "dev": "d-…", "seq": 17, "hlc": "1732390000123-0000", "at": "2026-11-23T20:45:00+07:00",
     "by": "Nguyễn Văn A", "ev": "person.move", "ops": [{"t": "persons", "s": "persons",
     "id": "<uuid>", "set": {"household_id": "…"}}], "prev": "<hash of seq 16>", "h": "<hash>"}

An op sets fields of one record (creating it when new); `"drop": true` takes a record out of
one shard because it moved to another (a visit whose year changed), never a deletion: records
are deleted by setting `deleted`. Each device's entries form a chain: `seq` has no gaps and
`prev` is the `h` of the entry before, so an edit of an old entry is detectable.

A line that was damaged beyond recovery is replaced by `antt check --repair` with a stub
(`"ev": "journal.lost"`, no ops) that keeps the sequence gap-free and records what is known of
the lost entry: its `link` is the hash the lost entry had (when the entry after it tells),
so the chain goes on verifying, and a true copy arriving later can be recognised.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from antt_tui.storage import atomic

FORMAT_VERSION = 2
"""Entries of format 2 name tables (not shards), the villages they touch and, per field, the
writes their author saw (`pred`); format 1 entries are still read ("base unknown")."""
LOST_EVENT = "journal.lost"
"""Event of a stub standing for an entry that was damaged beyond recovery."""
SEGMENT_RE = re.compile(r"^(\d{4}-\d{2})\.jsonl$")
_SEQ_RE = re.compile(rb'"seq":(\d+)')
_TABLE_RE = re.compile(rb'"t":"([a-z_]+)"')


class JournalDamaged(Exception):
    """A journal file cannot be read or its chain is broken."""


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 of the entry without its own `h`, over sorted-key JSON."""
    body = {k: v for k, v in entry.items() if k != "h"}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def chain_hash(entry: dict[str, Any]) -> str:
    """The hash the next entry's `prev` names: a stub's `link` when known, else `h`."""
    if entry.get("ev") == LOST_EVENT and entry.get("link"):
        return entry["link"]
    return entry["h"]


def make_stub(dev: str, seq: int, *, prev: str, hlc: str, link: str = "",
              lost: dict[str, Any] | None = None) -> dict[str, Any]:
    """A stub for entry `seq` of `dev`, lost beyond recovery (see the module docstring).

    `lost` describes what could still be read of the damaged line (its size, SHA-256, and
    the tables, records and field names of its ops), never its values.
    """
    stub: dict[str, Any] = {"v": FORMAT_VERSION, "dev": dev, "seq": seq, "hlc": hlc, "at": "",
                            "by": "", "ev": LOST_EVENT, "ops": [], "prev": prev}
    if link:
        stub["link"] = link
    if lost:
        stub["lost"] = lost
    stub["h"] = entry_hash(stub)
    return stub


MAX_AHEAD_MS = 24 * 3600 * 1000
"""A stamp from another device more than a day ahead of this clock is never adopted."""


class HybridClock:
    """Hybrid logical clock: wall milliseconds plus a counter, never going backwards.

    Stamps read "0001732390000123-000000"; order them with `parse_hlc` (the counter had four
    digits in format-1 entries). Two devices' entries are ordered for the merge even when their
    wall clocks disagree a little; a device whose clock is far ahead (set to 2035) cannot drag
    the others along: `observe` refuses stamps more than a day ahead of the wall clock.
    """

    def __init__(self, wall: Callable[[], datetime], last: str = "") -> None:
        self._wall = wall
        self._ms, self._counter = parse_hlc(last) if last else (0, 0)

    def now(self) -> tuple[str, datetime]:
        """A new stamp and the wall time it was taken at."""
        wall = self._wall()
        ms = int(wall.timestamp() * 1000)
        if ms > self._ms:
            self._ms, self._counter = ms, 0
        else:
            self._counter += 1
        return format_hlc(self._ms, self._counter), wall

    def observe(self, stamp: str, *, own: bool = False) -> bool:
        """Move forward past a stamp seen elsewhere; False (not adopted) when it is more than
        a day ahead of the wall clock. `own` stamps (this device's journal) are always
        adopted, so that a device's stamps keep growing with its sequence numbers."""
        ms, counter = parse_hlc(stamp)
        if not own and ms > self.wall_ms() + MAX_AHEAD_MS:
            return False
        if (ms, counter) > (self._ms, self._counter):
            self._ms, self._counter = ms, counter
        return True

    def wall_ms(self) -> int:
        """The wall clock now, in milliseconds."""
        return int(self._wall().timestamp() * 1000)

    def ahead_ms(self) -> int:
        """How far this clock runs ahead of the wall clock (0 when it does not)."""
        return max(0, self._ms - self.wall_ms())


def format_hlc(ms: int, counter: int) -> str:
    """The text form of a clock value (sorts as text while the counter has six digits)."""
    return f"{ms:016d}-{counter:06d}"


def parse_hlc(stamp: str) -> tuple[int, int]:
    """Inverse of `format_hlc` (also reads the four-digit counters of format 1)."""
    ms, _, counter = stamp.partition("-")
    return int(ms or 0), int(counter or 0)


def replay_key(entry: dict[str, Any]) -> tuple[int, int, str, int]:
    """The order entries are applied in: clock, then device, then sequence number."""
    ms, counter = parse_hlc(entry["hlc"])
    return ms, counter, entry["dev"], entry["seq"]


@dataclass(slots=True)
class Segment:
    """One month file of one device's journal."""

    path: Path
    month: str


def device_segments(device_dir: Path) -> list[Segment]:
    """The device's segment files, oldest first (segment months never go backwards)."""
    if not device_dir.is_dir():
        return []
    found = []
    for path in device_dir.iterdir():
        match = SEGMENT_RE.match(path.name)
        if match:
            found.append(Segment(path, match.group(1)))
    return sorted(found, key=lambda s: s.month)


def read_segment(path: Path, *, repair_tail: bool = False, after_seq: int = 0
                 ) -> list[dict[str, Any]]:
    """All entries of one segment file (only those with `seq > after_seq`).

    A last line cut short by a crash (no newline, or not JSON) was never acknowledged to the
    caller: with `repair_tail` it is cut off the file, otherwise it is skipped. Any other bad
    line raises `JournalDamaged`.
    """
    entries, torn = parse_segment(path.read_bytes(), path.name, after_seq=after_seq)
    if torn is not None and repair_tail:
        _truncate(path, torn)
    return entries


def parse_segment(raw: bytes, name: str, *, after_seq: int = 0
                  ) -> tuple[list[dict[str, Any]], int | None]:
    """The entries of a segment's bytes, and where a torn last line starts (None if none)."""
    entries: list[dict[str, Any]] = []
    pos = 0
    size = len(raw)
    while pos < size:
        end = raw.find(b"\n", pos)
        line = raw[pos:] if end < 0 else raw[pos:end]
        is_last = end < 0 or end + 1 >= size
        if after_seq and not is_last:
            seq = _SEQ_RE.search(line, 0, 120)
            if seq is not None and int(seq.group(1)) <= after_seq:
                pos = end + 1
                continue
        try:
            if end < 0:
                raise ValueError("no newline")
            entry = orjson.loads(line)
            if not isinstance(entry, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            if is_last:
                return entries, pos
            raise JournalDamaged(f"{name}: dòng hỏng ở byte {pos} ({exc})") from exc
        entries.append(entry)
        pos = end + 1
    return entries, None


def read_last_entry(path: Path, *, repair_tail: bool = False) -> dict[str, Any] | None:
    """The last complete entry of a segment, reading only its end.

    A torn last line is cut off (with `repair_tail`) or skipped, as in `read_segment`.
    """
    size = path.stat().st_size
    window = 1 << 16
    while True:
        start = max(0, size - window)
        with open(path, "rb") as fh:
            fh.seek(start)
            tail = fh.read()
        lines = tail.split(b"\n")
        # Without reaching the file's start, the first piece may be a partial line.
        candidates = lines if start == 0 else lines[1:]
        good_end = len(tail)
        for index in range(len(candidates) - 1, -1, -1):
            line = candidates[index]
            is_last_piece = index == len(candidates) - 1
            if not line.strip():
                continue
            try:
                if is_last_piece:
                    raise ValueError("no newline")  # not terminated: torn by a crash
                entry = orjson.loads(line)
            except ValueError:
                if not is_last_piece:
                    raise JournalDamaged(f"{path.name}: dòng hỏng gần cuối tệp") from None
                good_end = len(tail) - len(line)
                continue
            if good_end < len(tail) and repair_tail:
                _truncate(path, start + good_end)
            return entry
        if start == 0:
            if good_end < len(tail) and repair_tail:
                _truncate(path, good_end)
            return None
        window *= 4


def _truncate(path: Path, length: int) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(length)
        fh.flush()
        os.fsync(fh.fileno())


def iter_device(device_dir: Path, *, after_seq: int = 0) -> Iterator[dict[str, Any]]:
    """Entries of one device with `seq > after_seq`, reading only the segments needed."""
    segments = device_segments(device_dir)
    start = 0
    # Walk back from the newest segment to the one holding after_seq + 1.
    for index in range(len(segments) - 1, -1, -1):
        first = _first_seq(segments[index].path)
        start = index
        if first is not None and first <= after_seq + 1:
            break
    for seg in segments[start:]:
        last = read_last_entry(seg.path)
        if last is None or last["seq"] <= after_seq:
            continue  # fully contained in the table files: not parsed at all
        yield from _read_after(seg.path, after_seq)


def _read_after(path: Path, after_seq: int) -> list[dict[str, Any]]:
    """The entries of a segment with `seq > after_seq`, read from the end backwards.

    After a normal session only the last few entries are wanted, while a month's segment
    can hold tens of megabytes (a generated commune); reading back stops at the first
    entry that is already contained.
    """
    size = path.stat().st_size
    block = 1 << 16
    end = size
    tail = b""
    with open(path, "rb") as fh:
        while end > 0:
            start = max(0, end - block)
            fh.seek(start)
            tail = fh.read(end - start) + tail
            end = start
            first_newline = tail.find(b"\n") if start > 0 else -1
            complete = tail[first_newline + 1:]
            head = _SEQ_RE.search(complete, 0, 120)
            if head is not None and int(head.group(1)) <= after_seq:
                break
            block *= 2
    if end > 0:
        tail = tail[tail.find(b"\n") + 1:]
    entries = []
    lines = tail.split(b"\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seq = _SEQ_RE.search(line, 0, 120)
        if seq is not None and int(seq.group(1)) <= after_seq:
            continue
        try:
            entry = orjson.loads(line)
            if not isinstance(entry, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            if index == len(lines) - 1:
                break  # a torn last line (no newline): never acknowledged
            raise JournalDamaged(f"{path.name}: dòng hỏng gần mục {after_seq + len(entries) + 1}"
                                 ) from exc
        entries.append(entry)
    return entries


def _first_seq(path: Path) -> int | None:
    with open(path, "rb") as fh:
        line = fh.readline()
    try:
        return orjson.loads(line)["seq"]
    except (ValueError, KeyError, TypeError):
        return None


def verify_chain(entries: list[dict[str, Any]], *, prev_hash: str = "", prev_seq: int = 0) -> None:
    """Raise `JournalDamaged` unless the entries follow each other without gaps or edits."""
    for entry in entries:
        seq = entry.get("seq")
        if seq != prev_seq + 1:
            raise JournalDamaged(f"số thứ tự {seq} không nối tiếp {prev_seq}")
        if entry.get("prev", "") != prev_hash:
            raise JournalDamaged(f"mục {seq}: không khớp với mục trước (chuỗi băm bị đứt)")
        if entry_hash(entry) != entry.get("h"):
            raise JournalDamaged(f"mục {seq}: nội dung đã bị sửa sau khi ghi (sai mã băm)")
        prev_hash, prev_seq = chain_hash(entry), seq


def read_device(device_dir: Path) -> list[dict[str, Any]]:
    """Every entry of one device, oldest first, with its whole chain verified.

    A torn last line is skipped (it was never acknowledged); any other damage raises
    `JournalDamaged` naming the segment.
    """
    entries: list[dict[str, Any]] = []
    prev_hash, prev_seq = "", 0
    for seg in device_segments(device_dir):
        try:
            chunk = read_segment(seg.path)
            verify_chain(chunk, prev_hash=prev_hash, prev_seq=prev_seq)
        except JournalDamaged as exc:
            raise JournalDamaged(f"{device_dir.name}/{seg.path.name}: {exc}") from exc
        if chunk:
            prev_hash, prev_seq = chain_hash(chunk[-1]), chunk[-1]["seq"]
        entries.extend(chunk)
    return entries


def read_lines(device_dir: Path, *, after_seq: int = 0) -> list[tuple[dict[str, Any], bytes]]:
    """The entries of one device with `seq > after_seq`, each with its line's exact bytes
    (what a bundle carries), oldest first; a torn last line is left out."""
    out: list[tuple[dict[str, Any], bytes]] = []
    for seg in device_segments(device_dir):
        last = read_last_entry(seg.path)
        if last is None or last["seq"] <= after_seq:
            continue
        raw = seg.path.read_bytes()
        pieces = raw.split(b"\n")
        for number, piece in enumerate(pieces):
            if not piece.strip() or number == len(pieces) - 1:
                continue  # blank, or not ended by a newline (torn: never acknowledged)
            found = _SEQ_RE.search(piece, 0, 120)
            if found is not None and int(found.group(1)) <= after_seq:
                continue
            try:
                entry = orjson.loads(piece)
            except ValueError as exc:
                raise JournalDamaged(f"{seg.path.name}: dòng {number + 1} hỏng") from exc
            if entry["seq"] > after_seq:
                out.append((entry, piece))
    return out


def tables_in(journal_dir: Path) -> set[str]:
    """Every table an op of any device names (a byte scan, no parsing)."""
    names: set[str] = set()
    for line in iter_raw_lines(journal_dir):
        names.update(m.decode() for m in _TABLE_RE.findall(line))
    return names


class JournalWriter:
    """Appends this device's entries; an append returns only when it is on disk.

    Writes go straight to the file (no user-space buffer), so an append that fails (a full
    disk, a pulled stick) is cut back to the last good line and leaves no trace: nothing of
    it can reach the file later, and the next append reuses its sequence number.
    """

    def __init__(self, device_dir: Path, device_id: str, clock: HybridClock) -> None:
        self.device_dir = device_dir
        self.device_id = device_id
        self.clock = clock
        self.last_seq = 0
        self.last_hash = ""
        self._month = ""
        self._fh: Any = None
        self._size = 0
        self._broken = False
        self._lock = threading.Lock()
        self._recover()

    def _recover(self) -> None:
        """Find the chain's end, cutting off a line torn by a crash (reads only the tail)."""
        segments = device_segments(self.device_dir)
        for seg in reversed(segments):
            last = read_last_entry(seg.path, repair_tail=seg is segments[-1])
            if last is not None:
                self.last_seq, self.last_hash = last["seq"], chain_hash(last)
                if last["hlc"]:
                    self.clock.observe(last["hlc"], own=True)
                break
        if segments:
            self._month = segments[-1].month

    def make_entry(self, event: str, ops: list[dict[str, Any]], by: str,
                   extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Build the next entry of the chain (not yet written)."""
        hlc, wall = self.clock.now()
        entry: dict[str, Any] = {
            "v": FORMAT_VERSION,
            "dev": self.device_id,
            "seq": self.last_seq + 1,
            "hlc": hlc,
            "at": wall.isoformat(timespec="milliseconds"),
            "by": by,
            "ev": event,
            "ops": ops,
            "prev": self.last_hash,
        }
        if extra:
            entry.update(extra)
        entry["h"] = entry_hash(entry)
        return entry

    def append(self, entry: dict[str, Any], *, sync: bool = True) -> None:
        """Write one entry made by `make_entry`; with `sync`, return only once it is on disk.

        On any failure the segment is cut back to where it was and the error propagates.
        """
        self.append_lines([entry], sync=sync, month=entry["at"][:7])

    def append_lines(self, entries: list[dict[str, Any]], *, sync: bool = True,
                     month: str = "") -> None:
        """Write entries that continue the chain (stubs included) as one all-or-nothing write."""
        with self._lock:
            if self._broken:
                raise JournalDamaged("nhật ký chưa được cắt về dòng tốt sau lỗi ghi trước; "
                                     "hãy mở lại chương trình")
            seq, link = self.last_seq, self.last_hash
            for entry in entries:
                if entry["seq"] != seq + 1 or entry["prev"] != link:
                    raise JournalDamaged("mục nhật ký không nối tiếp (ghi đồng thời?)")
                seq, link = entry["seq"], chain_hash(entry)
            fh = self._segment_for(month or self._month)
            data = b"".join(orjson.dumps(e) + b"\n" for e in entries)
            start = self._size
            try:
                view = memoryview(data)
                while view:
                    written = fh.write(view)
                    view = view[written:]
                if sync:
                    os.fsync(fh.fileno())
            except BaseException:
                self._cut_back(start)
                raise
            self._size = start + len(data)
            self.last_seq, self.last_hash = seq, link

    def _cut_back(self, size: int) -> None:
        """Remove a partly written append; if even that fails, refuse further appends."""
        try:
            os.ftruncate(self._fh.fileno(), size)
            os.fsync(self._fh.fileno())
        except OSError:
            self._broken = True

    def sync(self) -> None:
        """Fsync entries appended with `sync=False`."""
        with self._lock:
            if self._fh is not None:
                os.fsync(self._fh.fileno())

    def _segment_for(self, month: str) -> Any:
        # Segment months never go backwards, even if the wall clock does.
        month = max(month, self._month)
        if self._fh is None or month != self._month:
            self.close()
            self.device_dir.mkdir(parents=True, exist_ok=True)
            path = self.device_dir / f"{month}.jsonl"
            created = not path.exists()
            # Unbuffered: a failed write must not linger in a buffer and reach the file later.
            self._fh = open(path, "ab", buffering=0)  # noqa: SIM115 - kept open for the session
            self._size = os.fstat(self._fh.fileno()).st_size
            if created:
                atomic.fsync_dir(self.device_dir)
            self._month = month
        return self._fh

    def close(self) -> None:
        """Fsync and close the open segment."""
        if self._fh is not None:
            fh, self._fh = self._fh, None
            try:
                os.fsync(fh.fileno())
            finally:
                fh.close()


def iter_raw_lines(journal_dir: Path) -> Iterator[bytes]:
    """Every complete line of every device's journal, for fast byte-level filtering."""
    if not journal_dir.is_dir():
        return
    for device_dir in sorted(p for p in journal_dir.iterdir() if p.is_dir()):
        for seg in device_segments(device_dir):
            for line in seg.path.read_bytes().split(b"\n"):
                if line.strip():
                    yield line
