"""What a bundle carries, how it is named, written to a stick and read back.

Payload (JSON, compressed and sealed by `sync/container.py`)::

    {"format": 1, "kind": "up" | "down" | "enrol", "bundle": id, "made_at": iso,
     "commune": commune id, "village": village id,
     "chains": {device: [{"line": "<journal line>"} | {"skip": seq, "prev", "h", "link"}]},
     "partial": {device: {"after": a, "tip": t, "lines": ["<projected line>", …]}},
     "acks": {device: seq}, "block": {…}, …}

`chains` are whole journals of village laptops: every line in order, those that stay on the
laptop (its own bookkeeping) as a skip with their hashes, so the receiver verifies the chain
end to end. `partial` are the commune's entries that concern one village, each *projected*
to that village's records (the commune's other villages never reach the stick); they are
vouched for by the bundle's signature, and `after`/`tip` say that every such entry between
them is there, so a missed bundle shows as a gap. `acks` say what the sender already holds.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from antt_tui import __version__
from antt_tui.roster.partition import COMMUNE, Get, village_of
from antt_tui.storage.journal import chain_hash
from antt_tui.storage.migrations import SCHEMA_VERSION
from antt_tui.sync import container
from antt_tui.sync.errors import BundleDamaged, NewerBundle
from antt_tui.sync.keys import KeyPair, PublicKeys
from antt_tui.sync.stick import fat_safe_name, write_verified

FORMAT = 1
"""The payload format this program writes and reads."""
SUFFIX = ".anttb"
LOCAL_EVENTS = frozenset({"sync.import", "sync.join", "sync.export", "sync.undo"})
"""Entries of a laptop's own bookkeeping: they never leave it."""


def new_bundle_id() -> str:
    """A fresh bundle id (short enough for a file name)."""
    return uuid.uuid4().hex[:16]


def leaves_laptop(entry: dict[str, Any]) -> bool:
    """Whether an entry of this laptop's journal is sent (its bookkeeping is not)."""
    if entry.get("ev") in LOCAL_EVENTS or entry.get("ev") == "journal.lost":
        return False
    vil = entry.get("vil")
    return vil is None or bool(vil)  # format 1 (no `vil`): the laptop's own data


def chain_items(pairs: list[tuple[dict[str, Any], bytes]]) -> list[dict[str, Any]]:
    """A journal's lines as bundle items: the line itself, or a skip with its hashes."""
    items: list[dict[str, Any]] = []
    for entry, raw in pairs:
        if leaves_laptop(entry):
            items.append({"line": raw.decode("utf-8")})
        else:
            items.append({"skip": entry["seq"], "prev": entry["prev"], "h": entry["h"],
                          "link": chain_hash(entry)})
    return items


def project(entry: dict[str, Any], village_id: str, get: Get) -> dict[str, Any] | None:
    """The entry cut down to one village's records (and the commune's own), or None."""
    ops = []
    for op in entry["ops"]:
        if op.get("drop"):
            continue
        current = get(op["t"], op["id"])
        after = {**(current or {"id": op["id"]}), **op.get("set", {})}
        if (village_of(get, op["t"], after) in (village_id, COMMUNE)
                or village_of(get, op["t"], current) == village_id
                or village_id in op.get("v", ())):  # a record leaving this village
            ops.append(op)
    if not ops:
        return None
    cut = {k: v for k, v in entry.items() if k not in ("carry", "pre", "vil", "warn")}
    pre = {key: value for key, value in (entry.get("pre") or {}).items()
           if village_of(get, key.partition("/")[0], get(*key.split("/", 1))) == village_id}
    if pre:  # what a life event read, as far as this village holds it
        cut["pre"] = pre
    return {**cut, "ops": ops, "proj": village_id}


def dumps(payload: dict[str, Any]) -> bytes:
    """The payload's bytes."""
    return orjson.dumps({"format": FORMAT, **payload})


def loads(data: bytes) -> dict[str, Any]:
    """A payload read back; `BundleDamaged` or `NewerBundle` when it cannot be used."""
    try:
        payload = orjson.loads(data)
    except ValueError as exc:
        raise BundleDamaged() from exc
    if not isinstance(payload, dict):
        raise BundleDamaged()
    if int(payload.get("format", 0)) > FORMAT:
        raise NewerBundle(int(payload["format"]))
    return payload


def file_name(kind: str, village_code: str, key: str, made_at: datetime) -> str:
    """`antt-DH-SKXZ-len-20261204-1930.anttb`: FAT-safe, sorts by time."""
    return fat_safe_name("antt", kind, village_code, key[:4], made_at.strftime("%Y%m%d-%H%M%S")
                         ) + SUFFIX


def header(kind: str, *, commune: str, village_code: str, device: str, bundle: str,
           made_at: datetime, entries: int) -> dict[str, Any]:
    """The clear header: ids, versions and counts only (container.py enforces it)."""
    return {"kind": kind, "commune": commune, "village": village_code, "device": device,
            "bundle": bundle, "created": made_at.strftime("%Y-%m-%dT%H:%M:%S"),
            "schema": SCHEMA_VERSION, "app": __version__, "entries": entries}


def write(folder: Path, name: str, head: dict[str, Any], payload: dict[str, Any], *,
          sender: KeyPair, recipient: PublicKeys) -> Path:
    """Seal, sign and write a bundle to `folder` (read back and verified); its path."""
    data = container.write_container(head, dumps(payload), sender=sender, recipient=recipient)
    path = folder / name
    write_verified(path, data)
    return path


def bundles_in(path: Path) -> list[Path]:
    """The bundle files at `path` (a file, or a folder searched one level deep)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.iterdir() if p.is_file() and p.name.endswith(SUFFIX))


def addressed_to(paths: list[Path], fingerprint: str) -> tuple[list[Path], list[Path]]:
    """The bundles sealed to this database's key, and the others (another laptop's, or
    this one's own outgoing bundle left on the stick). Damaged files count as ours, so that
    the import says what is wrong with them."""
    mine, others = [], []
    for path in paths:
        try:
            head = container.read_header(path.read_bytes())
        except (OSError, BundleDamaged, NewerBundle):
            mine.append(path)
            continue
        if head.get("kind") == "enrol" or head.get("recipient") not in (None, fingerprint):
            others.append(path)
        else:
            mine.append(path)
    return mine, others


def open_bundle(data: bytes, *, recipient: KeyPair,
                sender_key: Callable[[str], PublicKeys]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and payload of a bundle; the sender's key is looked up by its fingerprint."""
    head = container.read_header(data)
    if head.get("recipient") != recipient.fingerprint():
        # Refused for what it is (sealed to another database) before the sender is looked
        # up: another commune's laptop is unknown here, which would name the wrong fault.
        container.open_container(data, sender_public=recipient.public, recipient=recipient)
    public = sender_key(str(head.get("sender", "")))
    head, raw = container.open_container(data, sender_public=public, recipient=recipient)
    return head, loads(raw)
