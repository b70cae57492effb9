"""Importing bundles: check, preview, and merge them all or nothing (SYNC.md §3, "Merge").

For each bundle on the stick: the sender must be enrolled here and its signature must hold
before anything is decrypted. Then, per laptop whose journal it carries: lines already held
are skipped (a bundle twice, or an older one, changes nothing); the chain must go on from
what is held (a line of the same number with another hash is a fork: a laptop restored from
a backup — set aside); a missing stretch holds everything after it back, visibly, until it
arrives; an entry that is malformed, from a clock far ahead or writing outside its village
is quarantined and the rest merges. Life events whose reading no longer holds are held back
whole (sync/structural.py).

Everything accepted from every bundle is written as ONE journal entry of this database
(`sync.import`, carrying the other laptops' entries verbatim, with the bookkeeping), so a
merge is all or nothing: a failure before that line is on disk leaves the database exactly as
it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from antt_tui.roster import Roster
from antt_tui.storage import tables
from antt_tui.storage.journal import chain_hash, read_lines, replay_key
from antt_tui.sync import bundle as bundles
from antt_tui.sync import container, structural
from antt_tui.sync.errors import NotForThisDatabase, SyncError, UnknownSender
from antt_tui.sync.identity import COMMUNE, Identity
from antt_tui.sync.keys import PublicKeys
from antt_tui.sync.validate import Overlay, now_ms, problem

HASH_WINDOW = 4000
"""Short hashes kept per laptop, to notice a fork (a restored laptop) among recent lines."""
SHORT = 12


@dataclass
class DeviceReport:
    """What one laptop's part of the bundles brings."""

    dev: str
    village_id: str
    new: int = 0
    known: int = 0
    held: int = 0
    gap: tuple[int, int] | None = None
    quarantined: list[tuple[int, str]] = field(default_factory=list)
    fork: int | None = None


@dataclass
class BundleReport:
    """One bundle file: whose, what it brings, or why it cannot be used."""

    path: Path
    bundle_id: str = ""
    kind: str = ""
    village_id: str = ""
    sender: str = ""
    error: str = ""
    already: bool = False
    made_at: str = ""
    devices: dict[str, DeviceReport] = field(default_factory=dict)


@dataclass
class Plan:
    """Everything a merge would do, worked out without writing anything."""

    bundles: list[BundleReport] = field(default_factory=list)
    accepted: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    ops: list[dict[str, Any]] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)
    """Life events held back whole (their reading no longer holds)."""
    new_records: int = 0
    changed_records: int = 0
    conflicts: int = 0
    duplicates: int = 0
    acks_seen: dict[str, int] = field(default_factory=dict)
    own_ack: tuple[Any, ...] | None = None
    """What the other side holds of this laptop's own journal: (seq[, chain hash there,
    first seq of the short hashes, short hashes])."""

    @property
    def changes(self) -> int:
        """Entries that would be merged."""
        return len(self.accepted)

    @property
    def quarantined(self) -> int:
        """Entries set aside."""
        return sum(len(d.quarantined) for b in self.bundles for d in b.devices.values())

    @property
    def held(self) -> int:
        """Entries waiting for a missing stretch."""
        return sum(d.held for b in self.bundles for d in b.devices.values())


Opened = tuple[Path, dict[str, Any] | None, dict[str, Any] | None, str]
"""A bundle file: its path, header and payload, or the reason it cannot be used."""


def open_all(store: Any, me: Identity, paths: list[Path]) -> list[Opened]:
    """Open every bundle (signature checked before anything is decrypted)."""
    out: list[Opened] = []
    for path in paths:
        try:
            head, payload = _open(path, me, store)
        except SyncError as exc:
            out.append((path, None, None, str(exc)))
        except OSError as exc:
            out.append((path, None, None,
                        f"không đọc được tệp ({exc.strerror or type(exc).__name__})"))
        else:
            out.append((path, head, payload, ""))
    return out


def plan(roster: Roster, me: Identity, paths: list[Path], *,
         clock: Callable[[], datetime]) -> Plan:
    """Check every bundle and work out the merge (nothing written)."""
    return plan_opened(roster, me, open_all(roster.store, me, paths), clock=clock)


def plan_opened(roster: Roster, me: Identity, opened: list[Opened], *,
                clock: Callable[[], datetime]) -> Plan:
    """`plan` for bundles already opened (an enrolment pack is opened with its code)."""
    store = roster.store
    result = Plan()
    overlay = Overlay(store.get)
    peers: dict[str, dict[str, Any]] = {}
    held_rows = {r["id"]: r for r in store.records(tables.SYNC_HELD) if not r.get("deleted")}
    now = now_ms(clock)
    for path, head, payload, error in opened:
        report = BundleReport(path)
        result.bundles.append(report)
        if error or head is None or payload is None:
            report.error = error
            continue
        report.bundle_id, report.kind = payload.get("bundle", ""), payload.get("kind", "")
        report.made_at = str(payload.get("made_at", ""))
        report.sender = str(head.get("sender", ""))
        report.village_id = payload.get("village", "")
        if payload.get("commune") != me.commune_id:
            report.error = str(NotForThisDatabase())
            continue
        if me.role != COMMUNE and report.village_id != me.village_id:
            report.error = "Gói này dành cho một thôn khác."
            continue
        if me.role == COMMUNE and store.get(tables.SYNC_DEVICES, report.sender) is None:
            # Let in by the commune's certificate (the key was restored on a new laptop):
            # from now on the laptop is enrolled here again.
            from antt_tui.sync.certificates import check_certificate

            public, _ = check_certificate(me, payload.get("cert"))
            result.ops += store.op_set(tables.SYNC_DEVICES, report.sender, {
                "village_id": report.village_id, "public": public.to_json(), "number": 1 + sum(
                    1 for d in store.records(tables.SYNC_DEVICES)
                    if d.get("village_id") == report.village_id),
                "enrolled_at": "", "recovered": True})
        done = store.get(tables.SYNC_BUNDLES, report.bundle_id)
        report.already = bool(done and done.get("dir") == "in")
        if report.already and done.get("undone"):
            from antt_tui.sync.undo import redo_ops

            result.ops += redo_ops(roster, done)  # imported again after an undo: let it in
        restrict = report.village_id if me.role == COMMUNE else ""
        for dev, items in sorted(payload.get("chains", {}).items()):
            peer = peers.setdefault(dev, _peer(store, dev, report.village_id))
            peer.setdefault("key", report.sender)
            _take_chain(result, report, peer, items, held_rows, overlay, now, restrict)
        for dev, part in sorted(payload.get("partial", {}).items()):
            peer = peers.setdefault(dev, _peer(store, dev, report.village_id))
            _take_partial(result, report, peer, part, now)
        for dev, ack in payload.get("acks", {}).items():
            # An int (what a village holds of the commune's entries), or [tip, link, first,
            # short hashes] (what the commune holds of a village laptop's journal).
            ack = [ack] if isinstance(ack, int) else list(ack)
            seq = ack[0]
            key = f"ack:{report.sender}"
            peer = peers.setdefault(key, _peer(store, key, report.village_id))
            seen = peer.setdefault("seen", {})
            if dev == store.device_id:
                result.own_ack = (int(seq), *[str(x) for x in ack[1:2]], *ack[2:4])
            if isinstance(seq, int) and seq != seen.get(dev):
                # What the other side says it holds now (less, if it lost some: the next
                # bundle then carries everything again from there).
                seen[dev] = seq
                result.acks_seen[dev] = max(result.acks_seen.get(dev, 0), seq)
    result.accepted.sort(key=lambda pair: replay_key(pair[0]))
    held = structural.decide(roster, [entry for entry, _ in result.accepted])
    result.held_back = sorted(k for k, v in held.items() if v)
    _estimate(result, store, set(result.held_back))
    at = clock().isoformat(timespec="seconds")
    for key, peer in sorted(peers.items()):
        if store.get(tables.SYNC_PEERS, key) != peer:
            result.ops += store.op_set(tables.SYNC_PEERS, key,
                                       {k: v for k, v in peer.items() if k != "id"})
    latest: dict[str, str] = {}
    for row in store.records(tables.SYNC_BUNDLES):
        if row.get("dir") == "in":
            latest[row.get("sender", "")] = max(latest.get(row.get("sender", ""), ""),
                                                row.get("made_at", ""))
    for report in result.bundles:
        brought = any(d.new or d.held or d.quarantined for d in report.devices.values())
        # A newer bundle that brings nothing new is still a sign of life (the status shows
        # it); the same bundle again, or an older one, writes nothing at all.
        newer = report.made_at > latest.get(report.sender, "")
        if report.error or report.already or not report.bundle_id or not (brought or newer):
            continue
        latest[report.sender] = max(latest.get(report.sender, ""), report.made_at)
        result.ops += store.op_set(tables.SYNC_BUNDLES, report.bundle_id, {
            "dir": "in", "kind": report.kind, "sender": report.sender,
            "village_id": report.village_id, "at": at, "file": report.path.name,
            "made_at": report.made_at,
            "entries": {d: [r.new, r.known, r.held, len(r.quarantined)]
                        for d, r in report.devices.items()},
            "carried": sorted(_ids_of(result, report)),
        })
    # Bookkeeping written above as plain sets: each must name what it overwrites, like any op.
    result.ops = [made for op in result.ops for made in (
        [op] if "pred" in op else store.op_set(op["t"], op["id"], op["set"]))]
    # The same bundle again must write nothing: a fork or an entry waiting for a gap is set
    # aside again with the values already held; such ops change nothing and are dropped.
    result.ops = [op for op in result.ops if _changes_something(store, op)]
    for key, decision in sorted(held.items()):
        current = store.get(tables.SYNC_DECISIONS, key)
        if bool((current or {}).get("excluded")) != decision:
            result.ops += store.op_set(tables.SYNC_DECISIONS, key, {
                "excluded": decision, "kind": "structural", "village_id": "", "at": at,
                "reason": "Việc tách/nhập/chuyển hộ này không còn khớp với hộ hiện tại"
                          if decision else ""})
    return result


def _changes_something(store: Any, op: dict[str, Any]) -> bool:
    """Whether writing `op` would change the record it names (a tombstone counts as other)."""
    current = store.get(op["t"], op["id"])
    if current is None or (current.get("deleted") and "deleted" not in op["set"]):
        return True
    return any(current.get(k) != v for k, v in op["set"].items())


def _open(path: Path, me: Identity, store: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    data = path.read_bytes()

    def sender_key(fingerprint: str) -> PublicKeys:
        if me.role == COMMUNE:
            device = store.get(tables.SYNC_DEVICES, fingerprint)
            if device is None or device.get("deleted"):
                raise UnknownSender(fingerprint)
            return PublicKeys.from_json(device["public"])
        if fingerprint != me.commune_public.fingerprint():
            raise UnknownSender(fingerprint)
        return me.commune_public

    try:
        return bundles.open_bundle(data, recipient=me.keys, sender_key=sender_key)
    except UnknownSender as unknown:
        sender = container.read_header(data).get("sender", "")
        if me.role != COMMUNE or store.get(tables.SYNC_DEVICES, sender) is not None:
            raise  # a village, or a laptop the commune withdrew: refused
        refused = unknown
    # A laptop this database has no record of: the commune key restored on a new laptop.
    # Its bundle carries the certificate this key signed at enrolment.
    from antt_tui.sync.certificates import check_certificate

    def certified(raw: bytes) -> PublicKeys:
        payload = bundles.loads(raw)
        try:
            public, village_id = check_certificate(me, payload.get("cert"))
        except SyncError:
            raise refused from None  # no word of this commune's: a laptop that never joined
        if payload.get("village") != village_id:
            raise refused
        return public

    head, raw = container.open_with_certificate(data, recipient=me.keys, certified=certified)
    return head, bundles.loads(raw)


def _peer(store: Any, key: str, village_id: str) -> dict[str, Any]:
    current = store.get(tables.SYNC_PEERS, key)
    if current is not None:
        return orjson.loads(orjson.dumps(current))  # a copy we may change
    return {"id": key, "village_id": village_id, "tip": 0, "link": "", "hashes": "",
            "cover": 0}


def _take_chain(result: Plan, report: BundleReport, peer: dict[str, Any],
                items: list[dict[str, Any]], held_rows: dict[str, dict[str, Any]],
                overlay: Overlay, now: int, restrict: str) -> None:
    dev = peer["id"]
    dr = report.devices.setdefault(dev, DeviceReport(dev, report.village_id))
    waiting = [{**(r.get("skip") or {"line": r["line"]}), "_held": r["id"]}
               for r in held_rows.values() if r.get("dev") == dev and r.get("chain")]
    by_seq: dict[int, dict[str, Any]] = {}
    for item in [*items, *waiting]:
        seq = item.get("skip") or _seq_of(item.get("line", ""))
        if isinstance(seq, int) and seq not in by_seq:
            by_seq[seq] = item
    for seq in sorted(by_seq):
        item = by_seq[seq]
        if seq <= peer["tip"]:
            if _short(peer, seq) not in ("", _item_hash(item)[:SHORT]):
                dr.fork = seq
                _quarantine(result, dr, peer, seq, item, "máy gửi có nhánh nhật ký khác (có "
                            "thể được khôi phục từ bản sao lưu); hãy cho máy tham gia lại",
                            fork=True)
                break
            dr.known += 1
            _release(result, item)
            continue
        if seq > peer["tip"] + 1:
            dr.gap = (peer["tip"] + 1, seq - 1)
            for later in sorted(s for s in by_seq if s >= seq):
                _hold(result, dr, dev, later, by_seq[later], chain=True)
            break
        if item.get("prev") != peer["link"] and _prev_of(item) != peer["link"]:
            dr.fork = seq
            _quarantine(result, dr, peer, seq, item, "chuỗi nhật ký không nối tiếp những gì đã "
                        "nhận (một nhánh khác); hãy cho máy tham gia lại", fork=True)
            break
        _release(result, item)
        if "skip" in item:
            link, digest = item["link"], item["h"]
        else:
            entry = _parse(item["line"])
            why = problem(entry, dev=dev, now_ms=now, village_id=restrict, get=overlay.get,
                          known=overlay.known)
            link = chain_hash(entry) if isinstance(entry, dict) and "h" in entry else ""
            digest = entry.get("h", "") if isinstance(entry, dict) else ""
            if why:
                _quarantine(result, dr, peer, seq, item, why)
            else:
                overlay.add(entry)
                result.accepted.append((entry, item["line"]))
                dr.new += 1
        peer["tip"], peer["link"] = seq, link
        peer["hashes"] = (peer.get("hashes", "") + digest[:SHORT].ljust(SHORT, "0"))[
            -HASH_WINDOW * SHORT:]
        peer["hash_from"] = seq - len(peer["hashes"]) // SHORT + 1


def _take_partial(result: Plan, report: BundleReport, peer: dict[str, Any],
                  part: dict[str, Any], now: int) -> None:
    """The commune's entries for this village: every one between `after` and `tip`."""
    dev = peer["id"]
    dr = report.devices.setdefault(dev, DeviceReport(dev, report.village_id))
    after, tip = int(part.get("after", 0)), int(part.get("tip", 0))
    lines = list(part.get("lines", []))
    if after > peer["cover"]:
        # A bundle of the commune's was missed. Nothing is lost: the commune sends again
        # everything this laptop has not acknowledged; until then these wait.
        dr.gap = (peer["cover"] + 1, after)
        dr.held += len(lines)
        return
    for line in lines:
        entry = _parse(line)
        seq = entry.get("seq") if isinstance(entry, dict) else None
        if isinstance(seq, int) and seq <= peer["cover"]:
            dr.known += 1
            continue
        why = problem(entry, dev=dev, now_ms=now, verify_hash=False)
        if why:
            _quarantine(result, dr, peer, seq or 0, {"line": line}, why)
            continue
        result.accepted.append((entry, line))
        dr.new += 1
    peer["cover"] = max(peer["cover"], tip)


def _parse(line: str) -> Any:
    try:
        return orjson.loads(line)
    except ValueError:
        return None


def _seq_of(line: str) -> int | None:
    entry = _parse(line)
    return entry.get("seq") if isinstance(entry, dict) else None


def _prev_of(item: dict[str, Any]) -> str:
    entry = _parse(item["line"]) if "line" in item else None
    return entry.get("prev", "") if isinstance(entry, dict) else ""


def _item_hash(item: dict[str, Any]) -> str:
    if "skip" in item:
        return str(item.get("h", ""))
    entry = _parse(item.get("line", ""))
    return str(entry.get("h", "")) if isinstance(entry, dict) else ""


def _short(peer: dict[str, Any], seq: int) -> str:
    start = peer.get("hash_from", 1)
    offset = (seq - start) * SHORT
    if offset < 0 or offset >= len(peer.get("hashes", "")):
        return ""
    return peer["hashes"][offset:offset + SHORT]


def _quarantine(result: Plan, dr: DeviceReport, peer: dict[str, Any], seq: int,
                item: dict[str, Any], why: str, *, fork: bool = False) -> None:
    dr.quarantined.append((seq, why))
    result.ops.append({"t": tables.SYNC_QUARANTINE, "id": f"{peer['id']}:{seq}", "set": {
        "dev": peer["id"], "seq": seq, "reason": why, "line": item.get("line", ""),
        "village_id": dr.village_id, "fork": fork, "chain": "skip" not in item}})
    _release(result, item)


def _hold(result: Plan, dr: DeviceReport, dev: str, seq: int, item: dict[str, Any], *,
          chain: bool) -> None:
    dr.held += 1
    if "_held" in item:
        return  # already waiting
    fields: dict[str, Any] = {"dev": dev, "seq": seq, "line": item.get("line", ""),
                              "chain": chain, "village_id": dr.village_id}
    if "skip" in item:
        fields["line"] = ""
        fields["skip"] = {k: item[k] for k in ("skip", "prev", "h", "link")}
    result.ops.append({"t": tables.SYNC_HELD, "id": f"{dev}:{seq}", "set": fields})


def _release(result: Plan, item: dict[str, Any]) -> None:
    if "_held" in item:
        result.ops.append({"t": tables.SYNC_HELD, "id": item["_held"], "set": {"deleted": True}})


def _ids_of(result: Plan, report: BundleReport) -> list[str]:
    return [f"{e['dev']}:{e['seq']}" for e, _ in result.accepted if e["dev"] in report.devices]


def _estimate(result: Plan, store: Any, held: set[str]) -> None:
    """New and changed records, and writes that would clash, for the preview."""
    seen_new: set[str] = set()
    known_people: tuple[set[str], set[str]] | None = None
    for entry, _ in result.accepted:
        if f"{entry['dev']}:{entry['seq']}" in held:
            continue
        for op in entry["ops"]:
            if op.get("drop"):
                continue
            current = store.get(op["t"], op["id"])
            if current is None:
                if op["id"] not in seen_new:
                    seen_new.add(op["id"])
                    result.new_records += 1
                    if op["t"] == tables.PERSONS:
                        if known_people is None:
                            known_people = _people_keys(store)
                        result.duplicates += _looks_known(known_people, op.get("set", {}))
                continue
            result.changed_records += 1
            pred = op.get("pred")
            if pred is None:
                continue
            for name in op.get("set", {}):
                have = set(store.heads(op["t"], op["id"], name))
                if have and not have <= set(pred.get(name, [])):
                    result.conflicts += 1


def _people_keys(store: Any) -> tuple[set[str], set[str]]:
    """The CCCDs and the folded name + birth of everybody here (read once per merge)."""
    from antt_tui.sync.duplicates import person_key

    cccds, keys = set(), set()
    for person in store.records(tables.PERSONS):
        if not person.get("deleted"):
            if person.get("cccd"):
                cccds.add(person["cccd"])
            key = person_key(person)
            if key:
                keys.add(key)
    return cccds, keys


def _looks_known(known: tuple[set[str], set[str]], person: dict[str, Any]) -> int:
    from antt_tui.sync.duplicates import person_key

    cccds, keys = known
    key = person_key(person)
    return int(bool((person.get("cccd") and person["cccd"] in cccds) or (key and key in keys)))


def merge(roster: Roster, me: Identity, paths: list[Path], *,
          clock: Callable[[], datetime]) -> Plan:
    """Merge the bundles: one journal entry for all of them, or nothing at all."""
    return merge_opened(roster, me, open_all(roster.store, me, paths), clock=clock)


def merge_opened(roster: Roster, me: Identity, opened: list[Opened], *,
                 clock: Callable[[], datetime], event: str = "sync.import") -> Plan:
    """`merge` for bundles already opened."""
    store = roster.store
    result = plan_opened(roster, me, opened, clock=clock)
    usable = [b for b in result.bundles if not b.error]
    if not usable or (not result.accepted and not result.ops):
        return result
    names = ", ".join(b.path.name for b in usable)
    summary = (f"Nhận {len(usable)} gói ({names}): {result.changes} thay đổi, "
               f"{result.held} chờ, {result.quarantined} để riêng")
    _check_own_chains(store, result)  # before anything more is written under this id
    store.commit(event, result.ops, summary=summary,
                 extra={"carry": [line for _, line in result.accepted]})
    return result


def _check_own_chains(store: Any, result: Plan) -> None:
    """This laptop's journal must continue what the other side holds of it. If the other side
    holds more than the journal has, or a different entry at the same number, the laptop was
    restored from a backup: it goes on as a new device (never reusing a number), and those of
    its own changes that the other side does not hold as they are here are saved again under
    the new id, so that they arrive instead of staying set aside as a fork."""
    if result.own_ack is None or store.journal is None:
        return
    seq, link, first, hashes = (*result.own_ack, "", 0, "")[:4]
    last = store.journal.last_seq
    if seq <= last and (not link or _own_link(store, seq) == link):
        return
    old = store.device_id
    pending = []
    genuine = min(seq, last)  # up to where this journal and theirs are the same
    if hashes:  # which of this laptop's entries the other side holds, line by line
        for entry, _ in read_lines(store.journal_dir / old, after_seq=int(first) - 1):
            offset = (entry["seq"] - int(first)) * SHORT
            theirs = hashes[offset:offset + SHORT] if entry["seq"] <= seq else ""
            if pending or theirs != entry["h"][:SHORT]:
                pending.append(entry)
        if pending:
            genuine = min(genuine, pending[0]["seq"] - 1)
    pending = [e for e in pending if bundles.leaves_laptop(e)]
    # From now on the old journal is another laptop's to this one: what the other side holds
    # of it after `genuine` comes back relayed (the changes lost with the restore), and none
    # of it is sent again.
    result.ops += store.op_set(tables.SYNC_PEERS, old, {"cover": genuine, "tip": 0, "link": "",
                                                   "hashes": "", "village_id": ""})
    for key in [k for k in (f"ack:{s.sender}" for s in result.bundles) if k]:
        current = next((op for op in reversed(result.ops)
                        if op["t"] == tables.SYNC_PEERS and op["id"] == key), None)
        seen = dict((current or {}).get("set", {}).get("seen")
                    or (store.get(tables.SYNC_PEERS, key) or {}).get("seen") or {})
        seen[old] = max(seq, last)
        result.ops += store.op_set(tables.SYNC_PEERS, key, {"seen": seen})
    new = store.continue_as_new_device()
    why = (f"Xã đã có {seq} thay đổi của máy này, nhiều hơn nhật ký trên máy ({last})"
           if seq > last else f"Thay đổi số {seq} của máy này ở nơi nhận khác với trên máy")
    store.notices.append(
        f"{why}: máy có thể đã được khôi phục từ bản sao lưu. Máy tiếp tục với mã thiết bị "
        f"mới ({old} → {new}), không dùng lại số thứ tự nào"
        + (f"; {len(pending)} thay đổi nơi nhận chưa có được lưu lại để gửi đi." if pending
           else "."))
    ops: list[dict[str, Any]] = []
    for entry in pending:
        for op in entry["ops"]:
            if op.get("drop"):
                continue
            again = store.op_set(op["t"], op["id"], dict(op.get("set", {})))
            if op.get("add"):
                again[0]["add"] = op["add"]
            ops += again
    if ops:
        store.commit("sync.reissue", ops, summary=f"Lưu lại {len(pending)} thay đổi của máy "
                                                  f"trước khi khôi phục ({old})")


def _own_link(store: Any, seq: int) -> str:
    found = read_lines(store.journal_dir / store.device_id, after_seq=seq - 1)
    return chain_hash(found[0][0]) if found and found[0][0]["seq"] == seq else ""


def retry_quarantine(roster: Roster, me: Identity, *, clock: Callable[[], datetime]
                     ) -> tuple[int, int]:
    """Check the entries set aside again (after a fix: the right date, a newer program);
    merge those that pass. Returns (merged, still set aside). Forks are never retried."""
    store = roster.store
    overlay = Overlay(store.get)
    now = now_ms(clock)
    accepted: list[tuple[dict[str, Any], str]] = []
    ops: list[dict[str, Any]] = []
    left = 0
    rows = sorted((q for q in store.records(tables.SYNC_QUARANTINE) if not q.get("deleted")),
                  key=lambda q: (q.get("dev", ""), q.get("seq", 0)))
    for row in rows:
        entry = _parse(row.get("line", ""))
        restrict = row.get("village_id", "") if me.role == COMMUNE else ""
        why = "" if row.get("fork") or not row.get("line") else problem(
            entry, dev=row.get("dev", ""), now_ms=now, verify_hash=bool(row.get("chain", True)),
            village_id=restrict, get=overlay.get, known=overlay.known)
        if why is None:
            overlay.add(entry)
            accepted.append((entry, row["line"]))
            ops += store.op_set(tables.SYNC_QUARANTINE, row["id"], {"deleted": True})
        else:
            left += 1
    if accepted:
        accepted.sort(key=lambda pair: replay_key(pair[0]))
        store.commit("sync.import", ops, summary=f"Nhập lại {len(accepted)} thay đổi để riêng",
                     extra={"carry": [line for _, line in accepted]})
    return len(accepted), left
