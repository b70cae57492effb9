"""Where each village and laptop stands: last bundle, days since, gaps, what is waiting.

Rows are sorted so that what needs attention comes first: a gap or a fork, then entries set
aside, open conflicts, suspected duplicates, and the longest silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from antt_tui.roster import Roster
from antt_tui.storage import tables
from antt_tui.sync import duplicates, settle
from antt_tui.sync.identity import COMMUNE, Identity

SILENT_DAYS = 30
"""A laptop that has not sent for longer than this is flagged."""


@dataclass
class Row:
    """One laptop (or, at a village, the commune) in the status view."""

    village_id: str
    village: str
    device: str
    """Key fingerprint (commune side) or device id."""
    label: str
    last_bundle: str = ""
    last_at: str = ""
    days: int | None = None
    received: int = 0
    gaps: list[str] = field(default_factory=list)
    held: int = 0
    quarantined: int = 0
    conflicts: int = 0
    duplicates: int = 0

    @property
    def attention(self) -> tuple[int, ...]:
        """Sort key: what needs attention first."""
        silent = self.days is None or self.days > SILENT_DAYS
        return (-len(self.gaps), -self.quarantined, -self.conflicts, -self.duplicates,
                -int(silent), -(self.days or 10_000))

    def as_json(self) -> dict[str, Any]:
        """Plain data for `--json`."""
        return {"village": self.village, "village_id": self.village_id, "device": self.device,
                "label": self.label, "last_bundle": self.last_bundle, "last_at": self.last_at,
                "days_since": self.days, "received_up_to": self.received, "gaps": self.gaps,
                "held": self.held, "quarantined": self.quarantined,
                "conflicts": self.conflicts, "duplicates": self.duplicates}


def status(roster: Roster, me: Identity, today: date) -> list[Row]:
    """One row per enrolled laptop (at the commune) or for the commune (at a village)."""
    store = roster.store
    villages = {v["id"]: v for v in store.records(tables.VILLAGES)}
    bundles_in = sorted((b for b in store.records(tables.SYNC_BUNDLES) if b.get("dir") == "in"),
                        key=lambda b: b.get("at", ""))
    peers = [p for p in store.records(tables.SYNC_PEERS) if not p["id"].startswith("ack:")]
    held = [h for h in store.records(tables.SYNC_HELD) if not h.get("deleted")]
    quarantine = [q for q in store.records(tables.SYNC_QUARANTINE) if not q.get("deleted")]
    open_items = settle.conflicts(roster)
    pairs = duplicates.suggest(store)
    rows: list[Row] = []
    if me.role == COMMUNE:
        for device in store.records(tables.SYNC_DEVICES):
            if device.get("deleted"):
                continue
            vid = device.get("village_id", "")
            name = villages.get(vid, {}).get("name", "?")
            row = Row(vid, name, device["id"], f"{name}, máy {device.get('number', 1)}")
            mine = [p for p in peers if p.get("key") == device["id"]]
            row.received = sum(int(p.get("tip", 0)) for p in mine)
            devs = {p["id"] for p in mine}
            _fill(row, [b for b in bundles_in if b.get("sender") == device["id"]],
                  [h for h in held if h.get("dev") in devs],
                  [q for q in quarantine if q.get("dev") in devs], today)
            row.conflicts = sum(1 for c in open_items if c.village_id == vid)
            row.duplicates = sum(1 for p in pairs if _village_of_pair(store, p) == vid)
            rows.append(row)
    else:
        name = villages.get(me.village_id, {}).get("name", "")
        row = Row(me.village_id, name, me.commune_public.fingerprint(), "Công an xã")
        row.received = sum(int(p.get("cover", 0)) for p in peers)
        _fill(row, bundles_in, held, quarantine, today)
        row.conflicts = len(open_items)
        rows.append(row)
    return sorted(rows, key=lambda r: r.attention)


def _fill(row: Row, bundles: list[dict[str, Any]], held: list[dict[str, Any]],
          quarantine: list[dict[str, Any]], today: date) -> None:
    if bundles:
        last = bundles[-1]
        row.last_bundle, row.last_at = last.get("file", last["id"]), last.get("at", "")
        try:
            # Never below 0: a working day set earlier than the real clock (a demo).
            row.days = max(0, (today - date.fromisoformat(row.last_at[:10])).days)
        except ValueError:
            row.days = None
    by_dev: dict[str, list[int]] = {}
    for item in held:
        by_dev.setdefault(item.get("dev", ""), []).append(int(item.get("seq", 0)))
    for dev, seqs in sorted(by_dev.items()):
        row.gaps.append(f"máy {dev}: {len(seqs)} thay đổi chờ phần còn thiếu trước số "
                        f"{min(seqs)}")
    row.held = len(held)
    row.quarantined = len(quarantine)


def _village_of_pair(store: Any, pair: duplicates.Pair) -> str:
    household = store.get(tables.HOUSEHOLDS, pair.first.household_id) or {}
    return household.get("village_id", "")
