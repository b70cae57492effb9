"""The conflict queue: what clashes after a merge, and settling it.

Kinds:
- `field`: two laptops wrote one field without seeing each other; both values are kept, the
  later one shows (the same on every side) until someone chooses.
- `delete_edit`: a record deleted on one laptop and edited on another: it stays visible.
- `structural`: a life event (split, merge, move…) held back whole because the household it
  read had changed meanwhile.
- `head`: a household without exactly one head among its present members, after a merge.
- `code_clash`: two households of a village with the same code.

Each item says where its values come from: who wrote each, when and on which laptop; for a
field, the value both sides started from (sync/provenance.py); for a held life event, the
change it met.

Settling is an ordinary save that names every side it overwrites, so it travels back to the
laptops like any change and the losing values stay in the history. A typed value goes through
the rules of the forms first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from antt_tui.domain import vocab
from antt_tui.domain.errors import ValidationError
from antt_tui.domain.rules import (
    FIELD_LABELS,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    clean_household,
    clean_person,
)
from antt_tui.domain.text import check_text
from antt_tui.roster import Roster
from antt_tui.roster.history import EVENT_LABELS
from antt_tui.roster.partition import village_of
from antt_tui.storage import tables
from antt_tui.storage.registers import LIFE, conflicted, heads, op_id, ref_key
from antt_tui.sync import structural
from antt_tui.sync.errors import SyncError
from antt_tui.sync.laptops import laptop_label, laptop_names
from antt_tui.sync.provenance import Entries, bases

_RECORD_TABLES = [t for t in tables.TABLES if not t.startswith("sync_") and t != tables.CODE_BLOCKS]
_LABELS = {tables.HOUSEHOLDS: "Hộ", tables.PERSONS: "Nhân khẩu", tables.VISITS: "Lượt kiểm tra",
           tables.INCIDENTS: "Vụ việc", tables.COMMITMENTS: "Cam kết", tables.VILLAGES: "Thôn",
           tables.DOCUMENTS: "Văn bản", tables.TEAMS: "Tổ", tables.TEAM_ACTIVITIES: "Hoạt động",
           tables.CONFIRMATIONS: "Xác nhận", tables.COMMUNES: "Xã"}


@dataclass
class Side:
    """One value of a conflict and where it comes from."""

    number: int
    value: Any
    ref: str = ""
    """The write that holds it (`"<hlc>@<device>:<seq>"`); "" for a choice nobody wrote."""
    by: str = ""
    at: str = ""
    device: str = ""
    laptop: str = ""
    """The device as an officer knows it ("Thôn Đông Hạ, máy 1")."""


@dataclass
class EventSide:
    """A held life event, or the change that came before it and changed what it read."""

    held: bool
    """True for the event held back (not applied anywhere), False for the one applied."""
    text: str
    """What it does, in words ("Tách hộ DH-0003 (chủ hộ …) từ hộ DH-0001")."""
    entry: str = ""
    """Its journal entry ("dev:seq")."""
    by: str = ""
    at: str = ""
    device: str = ""
    laptop: str = ""


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
    base: Any = None
    """For a field: the value the sides started from (None: empty, or unknown)."""
    base_known: bool = False
    """Whether `base` is known (False for other kinds, and when the journal does not say)."""
    events: list[EventSide] = field(default_factory=list)
    """For a held life event: that event, then the change it met (when it can be told)."""

    @property
    def on_household(self) -> bool:
        """Whether the conflict is about a household record itself (not a member's or an
        activity's record of it)."""
        return self.table == tables.HOUSEHOLDS

    @property
    def current(self) -> Any:
        """The value shown now (side 1)."""
        return self.sides[0].value if self.sides else None

    @property
    def typable(self) -> bool:
        """Whether a new value can be typed instead of keeping a side: a field an officer
        edits in a form (or plain text elsewhere), not an id, a flag or a list."""
        if self.kind != "field":
            return False
        if self.table == tables.PERSONS:
            return self.field in PERSON_FIELDS
        if self.table == tables.HOUSEHOLDS:
            return self.field in HOUSEHOLD_FIELDS
        return (self.field not in ("id", LIFE) and not self.field.endswith("_id")
                and all(isinstance(s.value, str | None) for s in self.sides))


def _cid(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:8]


def label_of(store: Any, table: str, record: dict[str, Any]) -> str:
    """A record as an officer knows it: "Hộ DH-0012", "Nhân khẩu Nguyễn Văn An"."""
    name = record.get("code") or record.get("full_name") or record.get("name") or \
        record.get("date") or record["id"][:8]
    return f"{_LABELS.get(table, table)} {name}"


def conflicts(roster: Roster) -> list[Conflict]:
    """Every open item: field clashes first, then held life events, then checks; each side
    with who, when and which laptop, a field with its base value."""
    store = roster.store
    entries = Entries(store)
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
    held = _held_events(store)
    entries.fetch([*held, *(op_id(s.ref) for c in items for s in c.sides if s.ref)])
    items += _structural(roster, held, entries)
    items += _checks(roster)
    _who(store, items, entries)
    _bases(items, entries)
    return items


def _held_events(store: Any) -> dict[str, dict[str, Any]]:
    """The life events held back and not settled: entry id → decision."""
    return {key: decision for key, decision in sorted(store.decisions().items())
            if decision.get("kind") == "structural" and decision.get("excluded")
            and not decision.get("dismissed")}


def describe(entry: dict[str, Any]) -> str:
    """What a journal entry does, in words: its summary, else the event's name."""
    event = entry.get("ev", "")
    return entry.get("sum") or EVENT_LABELS.get(event, event) or "?"


def _structural(roster: Roster, held: dict[str, dict[str, Any]], entries: Entries
                ) -> list[Conflict]:
    store = roster.store
    out = []
    for key, decision in held.items():
        entry = entries.get(key) or {"ev": "?", "ops": [], "sum": ""}
        first = entry["ops"][0] if entry["ops"] else {"t": "", "id": ""}
        record = store.get(first["t"], first["id"]) or {"id": first["id"] or key}
        what = describe(entry)
        events = [EventSide(True, what, key)]
        met = structural.clashing(store, entry) if entry.get("pre") else None
        if met is not None:
            events.append(EventSide(False, describe(met), f"{met['dev']}:{met['seq']}",
                                    met.get("by", ""), met.get("at", ""), met["dev"]))
        out.append(Conflict(
            _cid("structural", key), "structural", first["t"], first["id"], "", what,
            village_of(store.get, first["t"], record) if first["t"] else "",
            [Side(1, "Giữ như hiện tại (không áp dụng việc này)"),
             Side(2, f"Áp dụng: {what}", ref=f"{entry.get('hlc', '')}@{key}")],
            text=decision.get("reason", ""), events=events))
    return out


def _checks(roster: Roster) -> list[Conflict]:
    """Rules a merge can break: one head per household, unique codes per village."""
    store = roster.store
    out = []
    heads_of: dict[str, list[str]] = {}
    for person in store.records(tables.PERSONS):
        if person.get("deleted") or person.get("status", vocab.PRESENT) != vocab.PRESENT:
            continue
        if person.get("relation") == vocab.HEAD:
            heads_of.setdefault(person.get("household_id", ""), []).append(person["id"])
    codes: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for household in store.records(tables.HOUSEHOLDS):
        if household.get("deleted"):
            continue
        codes.setdefault((household.get("village_id", ""), household.get("code", "")),
                         []).append(household)
        active = household.get("residence_status") not in (vocab.MOVED_OUT, vocab.DISSOLVED)
        found = heads_of.get(household["id"], [])
        if active and len(found) > 1:
            out.append(Conflict(_cid("head", household["id"]), "head", tables.HOUSEHOLDS,
                                household["id"], "head_id",
                                label_of(store, tables.HOUSEHOLDS, household),
                                household.get("village_id", ""),
                                text=f"Hộ có {len(found)} chủ hộ sau khi hợp nhất; hãy đổi "
                                     "chủ hộ cho đúng."))
    for (village_id, code), group in sorted(codes.items()):
        if len(group) > 1 and code:
            out.append(Conflict(_cid("code", village_id, code), "code_clash", tables.HOUSEHOLDS,
                                group[1]["id"], "code", f"Mã hộ {code}", village_id,
                                [Side(n, h["id"]) for n, h in enumerate(group, 1)],
                                text=f"{len(group)} hộ cùng mã {code}; hãy sửa mã một hộ."))
    return out


def _who(store: Any, items: list[Conflict], entries: Entries) -> None:
    """Fill in who wrote each side and when, and on which laptop, from the journal."""
    names = laptop_names(store) if items else {}
    for item in items:
        for side in item.sides:
            entry = entries.get(op_id(side.ref)) if side.ref else None
            if entry is not None:
                side.by, side.at, side.device = entry.get("by", ""), entry.get("at", ""), \
                    entry["dev"]
                side.laptop = laptop_label(names, side.device)
        for event in item.events:
            found = entries.get(event.entry) if event.held else None
            if found is not None:
                event.by, event.at, event.device = found.get("by", ""), found.get("at", ""), \
                    found["dev"]
            event.laptop = laptop_label(names, event.device)


def _bases(items: list[Conflict], entries: Entries) -> None:
    """Fill in the value each field conflict's sides started from."""
    fields = [c for c in items if c.kind == "field"]
    found = bases(entries, [(c.table, c.record_id, c.field, [op_id(s.ref) for s in c.sides])
                            for c in fields])
    for item, (known, value) in zip(fields, found, strict=True):
        item.base_known, item.base = known, value


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
        chosen = typed_value(item, value or "", today=roster.today(),
                             record=store.get(item.table, item.record_id))
    fields: dict[str, Any] = {item.field: chosen}
    if item.field == LIFE and not chosen:
        fields = {LIFE: None, "deleted_reason": ""}
    store.commit("sync.resolve", store.op_set(item.table, item.record_id, fields),
                 summary=f"Giải quyết xung đột: {item.label}, {item.field} = {chosen!s:.60}")
    return f"Đã chọn giá trị cho {item.label}."


def typed_value(item: Conflict, text: str, *, today: date,
                record: dict[str, Any] | None = None) -> Any:
    """What `text` typed for a conflicted field is stored as, by the rules of the forms
    ("Nữ" → "nu", "24/07/1975" → "1975-07-24", "0912 345 678" → "0912345678").

    `record` is the record as it is now (a CCCD is checked against its sex and birth year).
    Raises `ValidationError` with the form's Vietnamese message when the text is not valid,
    and `SyncError` when the item takes no typed value (`Conflict.typable`).
    """
    if not item.typable:
        raise SyncError("Mục này không gõ được giá trị mới; hãy chọn một trong các giá trị.")
    what = FIELD_LABELS.get(item.field, item.field)
    if item.table == tables.PERSONS:
        cleaned = clean_person({item.field: text}, today=today, existing=record,
                               require_all=False).fields
    elif item.table == tables.HOUSEHOLDS:
        cleaned = clean_household({item.field: text}, require_all=False).fields
        if item.field == "address" and not cleaned.get("address"):
            raise ValidationError({"address": "Địa chỉ của hộ không được để trống."})
    else:
        try:
            return check_text(text, what=what, multiline=True, max_len=2000)
        except ValueError as exc:
            raise ValidationError({item.field: str(exc)}) from exc
    return cleaned.get(item.field, text)


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
    store.commit("sync.resolve", store.op_set(tables.SYNC_DECISIONS, key, fields),
                 summary=f"Giải quyết việc bị giữ lại: {item.label} "
                         f"({'bỏ qua' if keep == 1 else 'áp dụng'})")
    return "Đã bỏ qua việc bị giữ lại." if keep == 1 else "Đã áp dụng việc bị giữ lại."
