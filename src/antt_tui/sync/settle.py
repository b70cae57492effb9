"""The conflict queue: what clashes after a merge, and settling it.

Kinds:
- `field`: two laptops wrote one field without seeing each other; both values are kept, the
  later one shows (the same on every side) until someone chooses.
- `delete_edit`: a record deleted on one laptop and edited on another: it stays visible.
- `structural`: a life event (split, merge, move…) held back whole because the household it
  read had changed meanwhile.
- `head`: a household without exactly one head among its present members, after a merge.
- `code_clash`: two households of a village with the same code.

Settling is an ordinary save that names every side it overwrites, so it travels back to the
laptops like any change and the losing values stay in the history.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from antt_tui.domain.text import check_text
from antt_tui.roster import Roster
from antt_tui.roster.partition import village_of
from antt_tui.storage.registers import LIFE, conflicted, heads, op_id, ref_key
from antt_tui.storage.shard import TABLES
from antt_tui.sync.errors import SyncError

_RECORD_TABLES = [t for t in TABLES if not t.startswith("sync_") and t != "code_blocks"]
_LABELS = {"households": "Hộ", "persons": "Nhân khẩu", "visits": "Lượt kiểm tra",
           "incidents": "Vụ việc", "commitments": "Cam kết", "villages": "Thôn",
           "documents": "Văn bản", "teams": "Tổ", "team_activities": "Hoạt động",
           "confirmations": "Xác nhận", "communes": "Xã"}


@dataclass
class Side:
    """One value of a conflict and where it comes from."""

    number: int
    value: Any
    ref: str = ""
    by: str = ""
    at: str = ""
    device: str = ""


@dataclass
class Conflict:
    """One item of the queue."""

    id: str
    kind: str
    table: str
    record_id: str
    field: str
    label: str
    village_id: str
    sides: list[Side] = field(default_factory=list)
    text: str = ""

    @property
    def current(self) -> Any:
        """The value shown now (side 1)."""
        return self.sides[0].value if self.sides else None


def _cid(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:8]


def label_of(store: Any, table: str, record: dict[str, Any]) -> str:
    """A record as an officer knows it: "Hộ DH-0012", "Nhân khẩu Nguyễn Văn An"."""
    name = record.get("code") or record.get("full_name") or record.get("name") or \
        record.get("date") or record["id"][:8]
    return f"{_LABELS.get(table, table)} {name}"


def conflicts(roster: Roster) -> list[Conflict]:
    """Every open item: field clashes first, then held life events, then checks."""
    store = roster.store
    items: list[Conflict] = []
    for table in _RECORD_TABLES:
        for record, clock in store.clocked(table):
            rid = record["id"]
            for fld in conflicted(clock):
                sides = sorted(heads(clock, record, fld), key=lambda h: ref_key(h[0]),
                               reverse=True)
                kind = "delete_edit" if fld == LIFE else "field"
                items.append(Conflict(
                    _cid(kind, table, rid, fld), kind, table, rid, fld,
                    label_of(store, table, record), village_of(store.get, table, record),
                    [Side(n, v, ref) for n, (ref, v) in enumerate(sides, 1)]))
    items += _structural(roster)
    items += _checks(roster)
    _who(store, items)
    return items


def _structural(roster: Roster) -> list[Conflict]:
    store = roster.store
    out = []
    for key, decision in sorted(store.decisions().items()):
        if decision.get("kind") != "structural" or not decision.get("excluded") \
                or decision.get("dismissed"):
            continue
        entries = store.entries_by_id({tuple(key.split(":"))})
        entry = entries[0] if entries else {"ev": "?", "ops": [], "sum": ""}
        first = entry["ops"][0] if entry["ops"] else {"t": "", "id": ""}
        record = store.get(first["t"], first["id"]) or {"id": first["id"] or key}
        what = entry.get("sum") or entry.get("ev", "")
        out.append(Conflict(
            _cid("structural", key), "structural", first["t"], first["id"], "", what,
            village_of(store.get, first["t"], record) if first["t"] else "",
            [Side(1, "Giữ như hiện tại (không áp dụng việc này)"),
             Side(2, f"Áp dụng: {what}", ref=f"{entry.get('hlc', '')}@{key}")],
            text=decision.get("reason", "")))
    return out


def _checks(roster: Roster) -> list[Conflict]:
    """Rules a merge can break: one head per household, unique codes per village."""
    store = roster.store
    out = []
    heads_of: dict[str, list[str]] = {}
    for person in store.records("persons"):
        if person.get("deleted") or person.get("status", "present") != "present":
            continue
        if person.get("relation") == "chu_ho":
            heads_of.setdefault(person.get("household_id", ""), []).append(person["id"])
    codes: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for household in store.records("households"):
        if household.get("deleted"):
            continue
        codes.setdefault((household.get("village_id", ""), household.get("code", "")),
                         []).append(household)
        active = household.get("residence_status") not in ("chuyen_di", "giai_the")
        found = heads_of.get(household["id"], [])
        if active and len(found) > 1:
            out.append(Conflict(_cid("head", household["id"]), "head", "households",
                                household["id"], "head_id",
                                label_of(store, "households", household),
                                household.get("village_id", ""),
                                text=f"Hộ có {len(found)} chủ hộ sau khi hợp nhất; hãy đổi "
                                     "chủ hộ cho đúng."))
    for (village_id, code), group in sorted(codes.items()):
        if len(group) > 1 and code:
            out.append(Conflict(_cid("code", village_id, code), "code_clash", "households",
                                group[1]["id"], "code", f"Mã hộ {code}", village_id,
                                [Side(n, h["id"]) for n, h in enumerate(group, 1)],
                                text=f"{len(group)} hộ cùng mã {code}; hãy sửa mã một hộ."))
    return out


def _who(store: Any, items: list[Conflict]) -> None:
    """Fill in who wrote each side and when, from the journal."""
    wanted = {tuple(op_id(s.ref).split(":")) for c in items for s in c.sides if s.ref}
    if not wanted:
        return
    found = {f"{e['dev']}:{e['seq']}": e for e in store.entries_by_id(wanted)}
    for item in items:
        for side in item.sides:
            entry = found.get(op_id(side.ref)) if side.ref else None
            if entry is not None:
                side.by, side.at, side.device = entry.get("by", ""), entry.get("at", ""), \
                    entry["dev"]


def find(roster: Roster, conflict_id: str) -> Conflict:
    """One open item by its id (a unique prefix is enough)."""
    matches = [c for c in conflicts(roster) if c.id.startswith(conflict_id.strip().lower())]
    if len(matches) != 1:
        raise SyncError(f"Không có xung đột nào mang mã {conflict_id}."
                        if not matches else f"Mã {conflict_id} trùng nhiều xung đột; gõ đủ mã.")
    return matches[0]


def resolve(roster: Roster, conflict_id: str, *, keep: int | None = None,
            value: str | None = None) -> str:
    """Settle one item: keep side `keep`, or write `value`; returns what was done."""
    item = find(roster, conflict_id)
    store = roster.store
    if item.kind == "structural":
        return _settle_event(roster, item, keep)
    if item.kind in ("head", "code_clash"):
        raise SyncError("Xung đột này được sửa bằng thao tác thường (đổi chủ hộ, sửa mã hộ); "
                        "sau khi sửa nó tự mất.")
    if (keep is None) == (value is None):
        raise SyncError("Chọn một giá trị (--keep N) hoặc gõ giá trị mới (--value …).")
    if keep is not None:
        if not 1 <= keep <= len(item.sides):
            raise SyncError(f"Chỉ có các lựa chọn 1–{len(item.sides)}.")
        chosen = item.sides[keep - 1].value
    else:
        chosen = check_text(value or "", what="Giá trị mới", multiline=True, max_len=2000)
    fields: dict[str, Any] = {item.field: chosen}
    if item.field == LIFE and not chosen:
        fields = {LIFE: None, "deleted_reason": ""}
    store.commit("sync.resolve", store.op_set(item.table, item.record_id, fields),
                 summary=f"Giải quyết xung đột: {item.label}, {item.field} = {chosen!s:.60}")
    return f"Đã chọn giá trị cho {item.label}."


def _settle_event(roster: Roster, item: Conflict, keep: int | None) -> str:
    store = roster.store
    if keep not in (1, 2):
        raise SyncError("Với việc bị giữ lại: --keep 1 để giữ như hiện tại, --keep 2 để áp "
                        "dụng việc đó.")
    key = item.sides[1].ref.partition("@")[2]
    fields = ({"dismissed": True, "kind": "resolved"} if keep == 1
              else {"excluded": False, "kind": "resolved", "village_id": item.village_id})
    if keep == 1:
        fields["village_id"] = item.village_id
    store.commit("sync.resolve", store.op_set("sync_decisions", key, fields),
                 summary=f"Giải quyết việc bị giữ lại: {item.label} "
                         f"({'bỏ qua' if keep == 1 else 'áp dụng'})")
    return "Đã bỏ qua việc bị giữ lại." if keep == 1 else "Đã áp dụng việc bị giữ lại."
