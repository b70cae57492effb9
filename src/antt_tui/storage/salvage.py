"""Reading a damaged journal for what is still true, and filling its holes from backups.

A device's journal is a chain; damage (a flipped byte, an edited line, a block of zeros, a
cut-off tail) breaks it at some lines. Everything else is still verifiable on its own: each
intact line carries its own hash, and the line after a hole names the hash of the entry
before it. `scan_device` keeps every intact line (after the damage too) and describes each
hole; `fill_holes` takes a true copy of a missing entry from any backup (an entry is genuine
when its own hash and both its links check, wherever it comes from) and leaves a stub
(`journal.make_stub`) for what exists nowhere.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from antt_tui.storage.journal import (
    LOST_EVENT,
    SEGMENT_RE,
    chain_hash,
    device_segments,
    entry_hash,
    make_stub,
)

_FIELD_RE = {key: re.compile(rb'"' + key.encode() + rb'":"?([^",}]*)') for key in
             ("seq", "by", "at")}


@dataclass(slots=True)
class Line:
    """One journal entry kept: intact, recovered from a backup, or a stub."""

    entry: dict[str, Any]
    segment: str
    """The segment file (name) it belongs in."""
    raw: bytes = b""
    """The line's bytes as found (intact lines are written back byte for byte)."""


@dataclass(slots=True)
class Hole:
    """Consecutive sequence numbers of one device whose entries are not intact."""

    dev: str
    first: int
    last: int
    prev: str
    """The link of the entry before the hole ("" at the journal's start)."""
    link: str
    """The `prev` of the entry after the hole ("" when the hole is at the end)."""
    segment: str
    bad: list[bytes] = field(default_factory=list)
    """The damaged lines found where the hole is (set aside, never trusted)."""


@dataclass(slots=True)
class DeviceScan:
    """What a device's journal still holds, and where it is broken."""

    dev: str
    lines: list[Line] = field(default_factory=list)
    holes: list[Hole] = field(default_factory=list)
    stray: list[bytes] = field(default_factory=list)
    """Damaged lines that stand for no missing entry (e.g. a duplicate of one that is kept)."""
    torn_tail: bool = False
    """The last line was cut by a crash (never acknowledged; dropped on open)."""
    unresolved: list[str] = field(default_factory=list)
    """Breaks a repair cannot mend by itself (Vietnamese)."""

    @property
    def last_seq(self) -> int:
        """The highest sequence number present (stubs included)."""
        return self.lines[-1].entry["seq"] if self.lines else 0

    @property
    def last_link(self) -> str:
        """The link the next entry of this device must name."""
        return chain_hash(self.lines[-1].entry) if self.lines else ""

    @property
    def damaged(self) -> bool:
        """Whether anything must be rewritten for the chain to verify."""
        return bool(self.holes or self.stray)


def _intact(line: bytes) -> dict[str, Any] | None:
    try:
        entry = orjson.loads(line)
    except ValueError:
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("seq"), int):
        return None
    try:
        return entry if entry_hash(entry) == entry.get("h") else None
    except TypeError:
        return None


def scan_device(device_dir: Path, *, claimed: int = 0) -> DeviceScan:
    """Every intact line of a device's journal and the holes between them.

    `claimed` is the highest sequence number that the table files say they contain: a
    journal that ends before it has a hole at its end.
    """
    scan = DeviceScan(device_dir.name)
    seq, link = 0, ""
    hole: Hole | None = None
    segments = device_segments(device_dir)
    for index, seg in enumerate(segments):
        raw = seg.path.read_bytes()
        pieces = raw.split(b"\n")
        for number, piece in enumerate(pieces):
            if not piece.strip():
                continue
            if number == len(pieces) - 1:  # no newline after it: torn by a crash
                if index == len(segments) - 1:
                    scan.torn_tail = True
                else:
                    scan.stray.append(piece)
                continue
            entry = _intact(piece)
            if entry is None:
                if hole is None:
                    hole = Hole(scan.dev, seq + 1, seq, link, "", seg.path.name)
                hole.bad.append(piece)
                continue
            if entry["seq"] <= seq:  # a second copy of a number already kept
                scan.stray.append(piece)
                continue
            if entry["seq"] > seq + 1:
                if hole is None:
                    hole = Hole(scan.dev, seq + 1, seq, link, "", seg.path.name)
                hole.last, hole.link = entry["seq"] - 1, entry["prev"]
                scan.holes.append(hole)
            elif entry["prev"] != link:
                scan.unresolved.append(
                    f"mục {entry['seq']} của thiết bị {scan.dev} không nối với mục trước "
                    "(hai nhánh nhật ký khác nhau)")
            if hole is not None and hole.last < hole.first:
                scan.stray.extend(hole.bad)  # damaged lines that stood for no missing number
            hole = None
            scan.lines.append(Line(entry, seg.path.name, piece))
            seq, link = entry["seq"], chain_hash(entry)
    if hole is not None or claimed > seq:
        if hole is None:
            last_segment = segments[-1].path.name if segments else ""
            hole = Hole(scan.dev, seq + 1, seq, link, "", last_segment)
        # Damaged lines at the end: one missing entry each, unless a line still shows its
        # number; and at least up to what the table files claim.
        numbers = [n for n in (_guess_seq(b) for b in hole.bad) if n and n > seq]
        hole.last = max([seq + len(hole.bad), claimed, *numbers])
        scan.holes.append(hole)
    return scan


def _guess_seq(line: bytes) -> int | None:
    found = _FIELD_RE["seq"].search(line)
    try:
        return int(found.group(1)) if found else None
    except ValueError:
        return None


def describe_bad(line: bytes) -> dict[str, Any]:
    """What a damaged line still shows: size, SHA-256, author, time, and its ops' tables,
    records and field names (values are not kept: they cannot be trusted; only a record's
    code or name, as a hint for the officer)."""
    info: dict[str, Any] = {"bytes": len(line), "sha256": hashlib.sha256(line).hexdigest()}
    try:
        entry = orjson.loads(line)
    except ValueError:
        entry = None
    if isinstance(entry, dict):
        for key in ("seq", "by", "at", "ev"):
            if key in entry:
                info[key] = entry[key]
        ops = entry.get("ops")
        if isinstance(ops, list):
            info["ops"] = [_describe_op(op) for op in ops if isinstance(op, dict)]
        return info
    for key, pattern in _FIELD_RE.items():
        found = pattern.search(line)
        if found:
            text = found.group(1).decode("utf-8", "replace")
            info[key] = int(text) if key == "seq" and text.isdigit() else text
    return info


def _describe_op(op: dict[str, Any]) -> dict[str, Any]:
    fields = op.get("set") if isinstance(op.get("set"), dict) else {}
    out: dict[str, Any] = {"t": op.get("t"), "s": op.get("s"), "id": op.get("id"),
                           "f": sorted(fields)}
    # The record's code or name as the damaged line shows it: a hint for the officer only.
    label = next((fields[k] for k in ("code", "full_name", "name") if fields.get(k)), None)
    if isinstance(label, str):
        out["l"] = label[:60]
    return out


def backup_entries(backups: Iterable[Path], dev: str) -> dict[int, list[dict[str, Any]]]:
    """Intact entries of one device found in backups, by sequence number."""
    found: dict[int, list[dict[str, Any]]] = {}
    prefix = f"journal/{dev}/"
    for backup in backups:
        try:
            with zipfile.ZipFile(backup) as zf:
                names = [n for n in zf.namelist()
                         if n.startswith(prefix) and SEGMENT_RE.match(n[len(prefix):])]
                for name in names:
                    for piece in zf.read(name).split(b"\n"):
                        entry = _intact(piece) if piece.strip() else None
                        if entry is not None and entry.get("dev") == dev:
                            found.setdefault(entry["seq"], []).append(entry)
        except (zipfile.BadZipFile, OSError, KeyError):
            continue
    return found


def fill_holes(scan: DeviceScan, candidates: dict[int, list[dict[str, Any]]]) -> tuple[int, int]:
    """Put true copies into the scan's holes, stubs where there is none.

    Returns (entries recovered, stubs made). A copy is taken only when it links to both
    neighbours, so a shorter or older copy of a segment can never replace a longer one.
    """
    recovered = stubs = 0
    lines = {line.entry["seq"]: line for line in scan.lines}
    for hole in scan.holes:
        bad_info = _bad_by_seq(hole)
        forward: list[dict[str, Any]] = []
        link, seq = hole.prev, hole.first
        while seq <= hole.last:
            pick = next((c for c in candidates.get(seq, []) if c["prev"] == link), None)
            if pick is None:
                break
            forward.append(pick)
            link, seq = chain_hash(pick), seq + 1
        backward: list[dict[str, Any]] = []
        need, back = hole.link, hole.last
        while need and back >= seq:
            pick = next((c for c in candidates.get(back, []) if chain_hash(c) == need), None)
            if pick is None:
                break
            backward.append(pick)
            need, back = pick["prev"], back - 1
        if back < seq and backward and need != link:
            backward.clear()  # the two halves do not meet: trust neither side's guess
            need, back = hole.link, hole.last
        for entry in forward:
            lines[entry["seq"]] = Line(entry, hole.segment)
        hlc = forward[-1]["hlc"] if forward else _hlc_before(lines, hole.first)
        for number in range(seq, back + 1):
            stub = make_stub(scan.dev, number, prev=link, hlc=hlc,
                             link=need if number == back else "", lost=bad_info.get(number))
            lines[number] = Line(stub, hole.segment)
            link = chain_hash(stub)
            stubs += 1
        for entry in reversed(backward):
            lines[entry["seq"]] = Line(entry, hole.segment)
        recovered += len(forward) + len(backward)
    scan.lines = [lines[n] for n in sorted(lines)]
    return recovered, stubs


def _bad_by_seq(hole: Hole) -> dict[int, dict[str, Any]]:
    """Each damaged line's description under the sequence number it most likely had."""
    out: dict[int, dict[str, Any]] = {}
    for offset, line in enumerate(hole.bad):
        info = describe_bad(line)
        number = info.get("seq")
        if not isinstance(number, int) or not hole.first <= number <= hole.last:
            number = hole.first + offset
        if number <= hole.last:
            out.setdefault(number, info)
    return out


def _hlc_before(lines: dict[int, Line], seq: int) -> str:
    earlier = [n for n in lines if n < seq]
    return lines[max(earlier)].entry["hlc"] if earlier else ""


def is_stub(entry: dict[str, Any]) -> bool:
    """Whether the entry stands for one lost beyond recovery."""
    return entry.get("ev") == LOST_EVENT
