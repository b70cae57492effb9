"""Writing bundles: a village laptop's for the commune, the commune's return bundles.

A village laptop sends every line of its journal that the commune has not acknowledged (a
bundle sent twice, or lost, is harmless: the next one carries everything again). The commune
sends each village laptop what that laptop has not acknowledged: the commune's own entries
for that village, projected to its records, and the entries of the village's other laptops;
with the acknowledgements of what it holds of that laptop. An export changes nothing in the
database but the record of having written it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from antt_tui.roster import Roster
from antt_tui.roster.entities import VillageRecord
from antt_tui.roster.partition import COMMUNE
from antt_tui.storage import tables
from antt_tui.storage.journal import device_segments, iter_raw_lines, read_lines
from antt_tui.sync import bundle as bundles
from antt_tui.sync.codes import renew_if_needed
from antt_tui.sync.errors import SyncError
from antt_tui.sync.identity import COMMUNE as COMMUNE_ROLE
from antt_tui.sync.identity import Identity
from antt_tui.sync.keys import PublicKeys


@dataclass(frozen=True, slots=True)
class Written:
    """One bundle written to the stick."""

    path: Path
    village_code: str
    entries: int
    bundle_id: str


def export_up(roster: Roster, me: Identity, folder: Path, *,
              clock: Callable[[], datetime]) -> Written:
    """The village laptop's bundle for the commune."""
    store = roster.store
    seen = _seen(store, f"ack:{me.commune_public.fingerprint()}")
    chains: dict[str, list[dict[str, Any]]] = {}
    count = 0
    for device_dir in _device_dirs(store):
        pairs = read_lines(device_dir, after_seq=seen.get(device_dir.name, 0))
        if pairs:
            chains[device_dir.name] = bundles.chain_items(pairs)
            count += sum(1 for item in chains[device_dir.name] if "line" in item)
    made_at = clock()
    bid = bundles.new_bundle_id()
    payload = {"kind": "up", "bundle": bid, "made_at": made_at.isoformat(timespec="seconds"),
               "commune": me.commune_id, "village": me.village_id, "chains": chains,
               "acks": _holdings(store), "cert": me.cert}
    head = bundles.header("up", commune=me.commune_id, village_code=me.village_code,
                          device=store.device_id, bundle=bid, made_at=made_at, entries=count)
    name = bundles.file_name("gui-xa", me.village_code, me.fingerprint, made_at)
    path = bundles.write(folder, name, head, payload, sender=me.keys, recipient=me.commune_public)
    _record(store, bid, path, count, "up", me.village_id, made_at)
    return Written(path, me.village_code, count, bid)


def export_down(roster: Roster, me: Identity, folder: Path, *, clock: Callable[[], datetime],
                village: str | None = None) -> list[Written]:
    """The commune's return bundles: one per enrolled laptop of each village (or of one)."""
    if me.role != COMMUNE_ROLE:
        raise SyncError("Chỉ máy của Công an xã mới gửi gói về các thôn.")
    store = roster.store
    villages = [roster.village(village)] if village else roster.villages()
    written = []
    relayed = _carried_lines(store)
    for vil in villages:
        devices = [d for d in store.records(tables.SYNC_DEVICES)
                   if d.get("village_id") == vil.id and not d.get("deleted")]
        for device in sorted(devices, key=lambda d: d["id"]):
            written.append(_return_bundle(roster, me, folder, vil, device, relayed, clock))
    if not written:
        where = f"thôn {villages[0].name}" if village else "thôn nào"
        raise SyncError(f"Chưa có máy nào của {where} tham gia; hãy cấp gói tham gia trước "
                        "(`antt sync enroll`).")
    return written


def _return_bundle(roster: Roster, me: Identity, folder: Path, vil: VillageRecord,
                   device: dict[str, Any], relayed: dict[str, list[tuple[int, str]]],
                   clock: Callable[[], datetime]) -> Written:
    store = roster.store
    renew_if_needed(roster, vil, device["id"])  # travels in this bundle
    seen = _seen(store, f"ack:{device['id']}")
    partial = commune_entries(roster, vil.id, seen)
    own = {p["id"] for p in store.records(tables.SYNC_PEERS)
           if p.get("key") == device["id"] and not p["id"].startswith("ack:")}
    for peer in store.records(tables.SYNC_PEERS):
        dev = peer["id"]
        if dev.startswith("ack:") or peer.get("village_id") != vil.id:
            continue
        if dev in own and dev not in seen:
            continue  # the laptop's own journal: it holds it (unless it says otherwise)
        after = seen.get(dev, 0)
        lines = [line for seq, line in relayed.get(dev, []) if seq > after]
        partial[dev] = {"after": after, "tip": peer.get("tip", 0), "lines": lines}
    count = sum(len(p["lines"]) for p in partial.values())
    # What the commune holds of each of the laptop's journals, with the hash of the last
    # entry: a laptop restored from a backup sees that it must go on as a new device.
    acks = {p["id"]: [p.get("tip", 0), p.get("link", ""), p.get("hash_from", 1),
                      p.get("hashes", "")] for p in store.records(tables.SYNC_PEERS) if p["id"] in own}
    made_at = clock()
    bid = bundles.new_bundle_id()
    payload = {"kind": "down", "bundle": bid, "made_at": made_at.isoformat(timespec="seconds"),
               "commune": me.commune_id, "village": vil.id, "partial": partial,
               "acks": acks}
    head = bundles.header("down", commune=me.commune_id, village_code=vil.code,
                          device=store.device_id, bundle=bid, made_at=made_at, entries=count)
    name = bundles.file_name("tu-xa", vil.code, device["id"], made_at)
    path = bundles.write(folder, name, head, payload, sender=me.keys,
                         recipient=PublicKeys.from_json(device["public"]))
    _record(store, bid, path, count, "down", vil.id, made_at)
    return Written(path, vil.code, count, bid)


def commune_entries(roster: Roster, village_id: str, seen: dict[str, int]
                    ) -> dict[str, dict[str, Any]]:
    """This database's own entries that concern a village, projected to it, per device:
    `{device: {"after", "tip", "lines"}}` with every one after what the village has."""
    store = roster.store
    out: dict[str, dict[str, Any]] = {}
    for device_dir in _device_dirs(store):
        after = seen.get(device_dir.name, 0)
        pairs = read_lines(device_dir, after_seq=after)
        lines = []
        for entry, _ in pairs:
            vil = entry.get("vil")
            if not bundles.leaves_laptop(entry) or (
                    vil is not None and village_id not in vil and COMMUNE not in vil):
                continue
            cut = bundles.project(entry, village_id, store.get)
            if cut is not None:
                lines.append(orjson.dumps(cut).decode("utf-8"))
        tip = pairs[-1][0]["seq"] if pairs else after
        out[device_dir.name] = {"after": after, "tip": tip, "lines": lines}
    return out


def _carried_lines(store: Any) -> dict[str, list[tuple[int, str]]]:
    """The other laptops' entries this database holds, as they arrived: device → lines."""
    out: dict[str, list[tuple[int, str]]] = {}
    for raw in iter_raw_lines(store.journal_dir):
        if b'"carry"' not in raw:
            continue
        entry = orjson.loads(raw)
        for line in entry.get("carry", []):
            carried = orjson.loads(line)
            out.setdefault(carried["dev"], []).append((carried["seq"], line))
    for lines in out.values():
        lines.sort()
    return out


def _device_dirs(store: Any) -> list[Path]:
    """This database's own journals (its device id and the ones it had before)."""
    if not store.journal_dir.is_dir():
        return []
    return [d for d in sorted(store.journal_dir.iterdir())
            if d.is_dir() and device_segments(d)]


def _seen(store: Any, key: str) -> dict[str, int]:
    peer = store.get(tables.SYNC_PEERS, key) or {}
    return {k: int(v) for k, v in (peer.get("seen") or {}).items()}


def _holdings(store: Any) -> dict[str, int]:
    """What this laptop holds of the other laptops' entries (sent as acknowledgements)."""
    out = {}
    for peer in store.records(tables.SYNC_PEERS):
        if peer["id"].startswith("ack:"):
            continue
        out[peer["id"]] = max(int(peer.get("cover", 0)), int(peer.get("tip", 0)))
    return out


def _record(store: Any, bid: str, path: Path, count: int, kind: str, village_id: str,
            made_at: datetime) -> None:
    store.commit("sync.export", store.op_set(tables.SYNC_BUNDLES, bid, {
        "dir": "out", "kind": kind, "file": path.name, "entries": count,
        "village_id": village_id, "at": made_at.isoformat(timespec="seconds")}, new=True),
        summary=f"Ghi gói {path.name} ({count} thay đổi)")
