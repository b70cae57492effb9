"""Enrolment: the commune hands a village laptop its key, its household numbers and its
village's records; the laptop joins with a one-time code read out over the phone.

The pack (a container locked with the code, signed by the commune) holds the commune's public
keys, the village, the new laptop's key pair (so that the commune knows it from the start: a
bundle from a laptop that never joined is refused), a block of household numbers for it, and
the commune's entries for that village, projected to its records. Enrolling the same village
again makes a second laptop of that village.

A laptop that already has a database of its village (typed before sync) keeps it: its records
are moved under the commune's village record and go to the commune with the first bundle,
where duplicate detection meets them with the commune's copy. A laptop with no database yet
joins with `join_new`, which builds the database from the pack (nothing is left if it fails).
"""

from __future__ import annotations

import base64
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from antt_tui.roster import Roster
from antt_tui.roster.service import new_id
from antt_tui.storage import tables
from antt_tui.storage.store import META_FILE, Store
from antt_tui.sync import bundle as bundles
from antt_tui.sync import container, merge
from antt_tui.sync.certificates import certificate
from antt_tui.sync.codes import allocate_block
from antt_tui.sync.errors import StickError, SyncError
from antt_tui.sync.export import commune_entries
from antt_tui.sync.identity import COMMUNE, Identity, install_device_key, village_identity
from antt_tui.sync.keys import KeyPair, PublicKeys, new_code
from antt_tui.sync.stick import write_verified


@dataclass(frozen=True, slots=True)
class Pack:
    """An enrolment pack written to a stick."""

    path: Path
    code: str
    device: str
    """The new laptop's key fingerprint."""
    village_code: str
    block: tuple[int, int]


def enroll(roster: Roster, me: Identity, village_ref: str, folder: Path, *,
           clock: Callable[[], datetime]) -> Pack:
    """Write an enrolment pack for a new laptop of a village; returns it with its code."""
    if me.role != COMMUNE:
        raise SyncError("Chỉ máy của Công an xã mới cấp gói tham gia.")
    store = roster.store
    village = roster.village(village_ref)
    keys = KeyPair.new()
    fingerprint = keys.fingerprint()
    start, end = allocate_block(roster, village)
    made_at = clock()
    number = 1 + sum(1 for d in store.records(tables.SYNC_DEVICES)
                     if d.get("village_id") == village.id)
    store.commit("sync.enrol", store.op_set(tables.SYNC_DEVICES, fingerprint, {
        "village_id": village.id, "public": keys.public.to_json(), "number": number,
        "enrolled_at": made_at.isoformat(timespec="seconds")}, new=True),
        summary=f"Cấp gói tham gia cho máy {number} của {village.name} ({fingerprint})")
    block_id = new_id()
    store.commit("sync.block", store.op_set(tables.CODE_BLOCKS, block_id, {
        "village_id": village.id, "holder": fingerprint, "start": start, "end": end},
        new=True), summary=f"Cấp số hộ {start}–{end} của {village.name} cho máy "
                           f"{fingerprint}")
    payload = {
        "kind": "enrol", "bundle": bundles.new_bundle_id(),
        "made_at": made_at.isoformat(timespec="seconds"), "commune": me.commune_id,
        "commune_public": me.commune_public.to_json(), "village": village.id,
        "village_code": village.code, "device_seed": base64.b64encode(keys.seed).decode(),
        "cert": certificate(me, village.id, keys.public),
        "partial": commune_entries(roster, village.id, {}),
    }
    count = sum(len(p["lines"]) for p in payload["partial"].values())
    head = bundles.header("enrol", commune=me.commune_id, village_code=village.code,
                          device=store.device_id, bundle=payload["bundle"], made_at=made_at,
                          entries=count)
    code = new_code()
    data = container.write_locked(head, bundles.dumps(payload), code, sender=me.keys)
    path = folder / bundles.file_name("tham-gia", village.code, fingerprint, made_at)
    try:
        write_verified(path, data)
    except StickError:
        # No pack reached the stick (full, pulled out): withdraw the laptop and its numbers,
        # so that no laptop that cannot exist is waited for and the block is free again.
        store.commit("sync.enrol", store.op_set(tables.SYNC_DEVICES, fingerprint, {"deleted": True})
                     + store.op_set(tables.CODE_BLOCKS, block_id, {"deleted": True}),
                     summary=f"Hủy gói tham gia của máy {fingerprint}: chưa ghi được vào USB")
        raise
    return Pack(path, code, fingerprint, village.code, (start, end))


@dataclass(frozen=True, slots=True)
class Joined:
    """What joining did."""

    village_code: str
    device: str
    entries: int
    attached: int
    """Households of a database typed before joining, moved under the commune's village."""


def join(store: Store, pack: Path, code: str, *, clock: Callable[[], datetime]) -> Joined:
    """Join the commune with an enrolment pack (the store may be new or hold a roster)."""
    if (store.meta.get("sync") or {}).get("role"):
        raise SyncError("Cơ sở dữ liệu này đã tham gia đồng bộ rồi.")
    data = pack.read_bytes()
    head, raw = container.open_locked(data, code)
    payload = bundles.loads(raw)
    if payload.get("kind") != "enrol":
        raise SyncError("Tệp này không phải gói tham gia.")
    commune_public = PublicKeys.from_json(payload["commune_public"])
    container.verify_locked(data, commune_public)
    keys = KeyPair.from_seed(base64.b64decode(payload["device_seed"]))
    old = _own_village(store, payload["village_code"])
    install_device_key(store, keys, {
        "commune_id": payload["commune"], "village_id": payload["village"],
        "village_code": payload["village_code"], "commune_public": commune_public.to_json(),
        "commune_fp": commune_public.fingerprint(), "cert": payload.get("cert")})
    roster = Roster(store)
    me = village_identity(store)
    opened = [(pack, {**head, "sender": commune_public.fingerprint()}, payload, "")]
    result = merge.merge_opened(roster, me, opened, clock=clock, event="sync.join")
    moved = _attach(roster, old, payload["village"]) if old else 0
    return Joined(payload["village_code"], keys.fingerprint(), result.changes, moved)


def join_new(folder: Path, pack: Path, code: str, *, officer: str = "",
             clock: Callable[[], datetime]) -> Joined:
    """Create the database at `folder` by joining the commune: a new village laptop's first
    step, all or nothing.

    The database is built in a scratch folder beside `folder` and renamed into place only
    once the join succeeded: a wrong code, a damaged pack or a power cut leaves no database
    at `folder` (a scratch folder left by a power cut is cleared by the next attempt).
    """
    if (folder / META_FILE).exists():
        raise SyncError(f"Đã có cơ sở dữ liệu ở {folder}; hãy mở nó rồi tham gia xã.")
    if folder.exists() and any(p.name != ".lock" for p in folder.iterdir()):
        raise SyncError(f"Thư mục {folder} đã có tệp khác; không thể tạo cơ sở dữ liệu ở đây.")
    scratch = folder.with_name(f".{folder.name}-dang-tham-gia")
    if scratch.exists():
        shutil.rmtree(scratch)
    try:
        store = Store.open(scratch, officer=officer, create=True, clock=clock)
        try:
            joined = join(store, pack, code, clock=clock)
        finally:
            store.close(backup=False)
        if folder.exists():  # empty (checked above); a rename cannot replace it everywhere
            (folder / ".lock").unlink(missing_ok=True)
            folder.rmdir()
        scratch.rename(folder)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return joined


def _own_village(store: Store, code: str) -> dict[str, Any] | None:
    """A village of the same code in a database typed before joining (its records move)."""
    for village in store.records(tables.VILLAGES):
        if village.get("code", "").upper() == code.upper() and not village.get("deleted"):
            return village
    return None


def _attach(roster: Roster, old: dict[str, Any], village_id: str) -> int:
    """Move a pre-sync database's records under the commune's village record."""
    store = roster.store
    ops: list[dict[str, Any]] = []
    moved = 0
    for table in (tables.HOUSEHOLDS, tables.VISITS, tables.INCIDENTS, tables.DOCUMENTS,
                  tables.TEAMS, tables.CONFIRMATIONS):
        for record in store.records(table):
            if record.get("village_id") == old["id"]:
                ops += store.op_set(table, record["id"], {"village_id": village_id})
                moved += table == tables.HOUSEHOLDS
    ops += store.op_set(tables.VILLAGES, old["id"], {"deleted": True, "merged_into": village_id,
                                                "deleted_reason": "Thay bằng thôn của xã"})
    for commune in store.records(tables.COMMUNES):
        theirs = store.get(tables.VILLAGES, village_id) or {}
        if commune["id"] != theirs.get("commune_id") and not commune.get("deleted"):
            ops += store.op_set(tables.COMMUNES, commune["id"], {
                "deleted": True, "deleted_reason": "Thay bằng xã khi tham gia đồng bộ"})
    store.commit("sync.attach", ops,
                 summary=f"Chuyển {moved} hộ đã nhập trước vào thôn của xã khi tham gia")
    return moved
