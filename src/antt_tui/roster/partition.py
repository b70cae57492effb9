"""Which village a record belongs to: what an entry touches, what a village laptop holds, and
one state hash per village.

A village laptop holds its own village's records; the commune holds every village. Each
journal entry names the villages it touches (`vil`), before and after the change (a person
who moves from one village to another touches both), or the whole commune ("*") for the
commune's own records, which every village receives. The per-village state hash is equal on
every side that holds that village's data once they have exchanged everything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from antt_tui.storage import tables

COMMUNE = "*"
"""The partition of the commune's own records (the commune, settings, its own reports)."""

Get = Callable[[str, str], dict[str, Any] | None]

_BY_VILLAGE_ID = frozenset({tables.HOUSEHOLDS, tables.VISITS, tables.INCIDENTS,
                            tables.DOCUMENTS, tables.TEAMS, tables.CONFIRMATIONS})
_BY_HOUSEHOLD = frozenset({tables.PERSONS, tables.COMMITMENTS})
VILLAGE_TABLES = (tables.VILLAGES, tables.HOUSEHOLDS, tables.PERSONS, tables.VISITS,
                  tables.INCIDENTS, tables.COMMITMENTS, tables.DOCUMENTS, tables.TEAMS,
                  tables.TEAM_ACTIVITIES, tables.CONFIRMATIONS)
"""The tables that hold a village's own records (what its hash covers)."""


LOCAL_TABLES = frozenset({tables.SYNC_DEVICES, tables.SYNC_BUNDLES, tables.SYNC_PEERS,
                          tables.SYNC_QUARANTINE, tables.SYNC_HELD, tables.REPORTS,
                          tables.SETTINGS})
"""Kept by this database alone, never sent to another laptop: the bookkeeping of the round
trip, and each unit's report settings and issued reports (each laptop issues its own)."""


def village_of(get: Get, table: str, record: dict[str, Any] | None) -> str:
    """The id of the village `record` belongs to, `COMMUNE`, or "" when it cannot be told
    (or is this database's own bookkeeping)."""
    if record is None or table in LOCAL_TABLES:
        return ""
    if table in (tables.CODE_BLOCKS, tables.SYNC_DECISIONS, tables.SYNC_PAIRS):
        return record.get("village_id") or ""
    if table == tables.VILLAGES:
        return record["id"]
    if table in _BY_VILLAGE_ID:
        return record.get("village_id") or (COMMUNE if table != tables.HOUSEHOLDS else "")
    if table in _BY_HOUSEHOLD:
        household = get(tables.HOUSEHOLDS, record.get("household_id") or "")
        return (household or {}).get("village_id", "")
    if table == tables.TEAM_ACTIVITIES:
        team = get(tables.TEAMS, record.get("team_id") or "")
        return (team.get("village_id") or COMMUNE) if team else ""
    return COMMUNE  # communes


def entry_villages(get: Get, ops: Iterable[dict[str, Any]]) -> list[str]:
    """The villages the ops of one entry touch, before and after they apply (sorted).

    An op that takes a record from one village to another (a person moving) also gets
    `"v": [both villages]`, so that the village she leaves learns it too.
    """
    ops = list(ops)
    overlay: dict[tuple[str, str], dict[str, Any]] = {}
    befores: dict[tuple[str, str], dict[str, Any] | None] = {}

    def view(table: str, rid: str) -> dict[str, Any] | None:
        return overlay.get((table, rid)) or get(table, rid)

    for op in ops:
        key = (op["t"], op["id"])
        # An op that names nothing it saw creates its record: nothing to look up (for a
        # visit, that would read every year's file to find it is not there).
        current = overlay.get(key) if "pred" not in op else view(*key)
        befores.setdefault(key, current)
        overlay[key] = {**(current or {"id": op["id"]}), **op.get("set", {})}
    found: set[str] = set()
    for (table, rid), after in overlay.items():
        found.add(village_of(view, table, after))
        before = befores[(table, rid)]
        if before is not None:
            found.add(village_of(get, table, before))
    for op in ops:
        before = befores[(op["t"], op["id"])]
        sides = {village_of(get, op["t"], before) if before is not None else "",
                 village_of(view, op["t"], overlay[(op["t"], op["id"])])} - {""}
        if len(sides) > 1:
            op["v"] = sorted(sides)
    found.discard("")
    return sorted(found)


def village_records(records: Callable[[str], Iterable[dict[str, Any]]], get: Get,
                    village_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every record of one village, by table (tombstones included)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in VILLAGE_TABLES:
        out[table] = [r for r in records(table) if village_of(get, table, r) == village_id]
    return out


def village_hash(records: Callable[[str], Iterable[dict[str, Any]]], get: Get,
                 village_id: str) -> str:
    """SHA-256 over one village's records, by table and id: equal on every side that holds
    the same data for that village."""
    digest = hashlib.sha256(village_id.encode())
    for table, rows in village_records(records, get, village_id).items():
        digest.update(table.encode())
        for row in sorted(rows, key=lambda r: r["id"]):
            digest.update(orjson.dumps(row, option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()
