"""Checks on one entry that arrives in a bundle: what is wrong with it, in Vietnamese, or None.

An entry that fails is quarantined (kept aside with its reason, the rest merges) — never
applied, and never blocking the entries after it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from antt_tui.roster.partition import COMMUNE, LOCAL_TABLES, Get, village_of
from antt_tui.storage import tables
from antt_tui.storage.journal import FORMAT_VERSION, MAX_AHEAD_MS, entry_hash, parse_hlc
from antt_tui.storage.shard import TABLES

_KNOWN_TABLES = frozenset(TABLES) - LOCAL_TABLES


def problem(entry: Any, *, dev: str, now_ms: int, verify_hash: bool = True,
            village_id: str = "", get: Get | None = None, known: Get | None = None
            ) -> str | None:
    """Why `entry` cannot be merged (None: it can).

    `village_id` and `get` (the receiver's records, with what this bundle already brought)
    restrict a village laptop's entries to its own village. `known` (the receiver's records
    alone) tells a commune or village record the laptop made itself, before it joined: its
    roster hangs there until joining moves it under the commune's village.
    """
    if not isinstance(entry, dict):
        return "dòng không phải một thay đổi hợp lệ"
    for key, kind in (("dev", str), ("seq", int), ("hlc", str), ("ops", list)):
        if not isinstance(entry.get(key), kind):
            return f"thiếu hoặc sai trường {key}"
    if entry["dev"] != dev:
        return "thay đổi của một máy khác lẫn vào"
    if int(entry.get("v", 1)) > FORMAT_VERSION:
        return (f"được ghi bởi phiên bản mới hơn (định dạng {entry.get('v')}); "
                "hãy cập nhật chương trình")
    if verify_hash and entry_hash(entry) != entry.get("h"):
        return "nội dung đã bị sửa sau khi ghi (sai mã băm)"
    try:
        ms, _ = parse_hlc(entry["hlc"])
    except ValueError:
        return "dấu thời gian hỏng"
    if ms > now_ms + MAX_AHEAD_MS:
        when = datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%d/%m/%Y")
        return f"đồng hồ của máy gửi sai (ghi ngày {when}, quá xa so với hôm nay)"
    for op in entry["ops"]:
        why = _op_problem(op, village_id, get, known)
        if why:
            return why
    return None


def _op_problem(op: Any, village_id: str, get: Get | None, known: Get | None) -> str | None:
    if not isinstance(op, dict) or not isinstance(op.get("id"), str) or not op["id"]:
        return "một thao tác thiếu mã bản ghi"
    if op.get("t") not in _KNOWN_TABLES:
        return f"bảng không hợp lệ ({str(op.get('t'))[:30]})"
    if op.get("drop"):
        return None
    if not isinstance(op.get("set", {}), dict) or not isinstance(op.get("add", {}), dict) or \
            not all(isinstance(v, list) for v in op.get("add", {}).values()):
        return "một thao tác có dữ liệu sai dạng"
    pred = op.get("pred", {})
    if not isinstance(pred, dict) or not all(
            isinstance(v, list) and all(isinstance(r, str) for r in v) for v in pred.values()):
        return "một thao tác có phần 'đã thấy' sai dạng"
    if village_id and get is not None:
        current = get(op["t"], op["id"])
        after = {**(current or {"id": op["id"]}), **op.get("set", {})}
        for side in (current, after):
            where = village_of(get, op["t"], side) if side is not None else ""
            if where in ("", village_id) or _made_before_joining(op, where, known):
                continue
            return ("ghi vào dữ liệu chung của xã" if where == COMMUNE
                    else "ghi vào dữ liệu của thôn khác")
    return None


def _made_before_joining(op: dict[str, Any], where: str, known: Get | None) -> bool:
    """Whether the op is on a record the laptop made itself: its pre-join commune or village
    (or what hangs under it), or a commune-level record the commune does not have (a
    document or team a village typed as the commune's). The commune's own records and other
    villages' stay out of a village laptop's reach."""
    if known is None:
        return False
    if where == COMMUNE:
        return known(op["t"], op["id"]) is None
    return known(tables.VILLAGES, where) is None


class Overlay:
    """The receiver's records with what the entries accepted so far would write on them:
    enough to tell which village a record of a later entry belongs to."""

    def __init__(self, get: Get) -> None:
        self._get = get
        self._written: dict[tuple[str, str], dict[str, Any]] = {}

    def known(self, table: str, rid: str) -> dict[str, Any] | None:
        """The record as the receiver holds it (before this bundle)."""
        return self._get(table, rid)

    def get(self, table: str, rid: str) -> dict[str, Any] | None:
        """The record as it would be."""
        return self._written.get((table, rid)) or self._get(table, rid)

    def add(self, entry: dict[str, Any]) -> None:
        """Account for an accepted entry."""
        for op in entry["ops"]:
            if op.get("drop"):
                continue
            key = (op["t"], op["id"])
            self._written[key] = {**(self.get(*key) or {"id": op["id"]}), **op.get("set", {})}


def now_ms(clock: Callable[[], datetime]) -> int:
    """The receiver's wall clock in milliseconds."""
    return int(clock().timestamp() * 1000)
