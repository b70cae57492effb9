"""Who changed what and when, for one household, read from the change journal."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson

from antt_tui.domain import vocab
from antt_tui.domain.numbers import vn_number
from antt_tui.domain.rules import FIELD_LABELS
from antt_tui.storage import tables
from antt_tui.storage.fold import carried_entries
from antt_tui.storage.journal import iter_raw_lines, replay_key
from antt_tui.storage.store import Store

EVENT_LABELS = {
    "commune.init": "Khởi tạo xã",
    "village.add": "Thêm thôn",
    "household.add": "Thêm hộ",
    "household.edit": "Sửa thông tin hộ",
    "household.move_out": "Hộ chuyển đi",
    "household.change_head": "Đổi chủ hộ",
    "household.split": "Tách hộ",
    "household.merge": "Nhập hộ",
    "person.add": "Thêm nhân khẩu",
    "person.edit": "Sửa nhân khẩu",
    "person.move": "Chuyển nhân khẩu",
    "person.deceased": "Khai tử",
    "person.moved_away": "Nhân khẩu chuyển đi",
    "person.delete": "Xóa nhân khẩu nhập nhầm",
    "household.delete": "Xóa hộ nhập nhầm",
    "generate": "Tạo dữ liệu mẫu",
    "visit.add": "Thêm lượt kiểm tra",
    "incident.add": "Ghi nhận vụ việc",
    "incident.correct": "Sửa vụ việc",
    "incident.delete": "Xóa vụ việc nhập nhầm",
    "commitment.sign": "Ký cam kết Hộ an toàn",
    "storage.repair": "Sửa cơ sở dữ liệu (ghi lại từ tệp bảng)",
    "sync.resolve": "Giải quyết xung đột",
    "sync.same": "Gộp hai bản ghi trùng",
    "sync.attach": "Chuyển dữ liệu nhập trước vào thôn của xã",
    "roster.import": "Nhập danh sách từ tệp",
    "roster.import_undo": "Hoàn tác nhập danh sách từ tệp",
}
"""Vietnamese names of journal events."""

_VALUE_VOCABS = {
    "relation": vocab.RELATIONS,
    "sex": vocab.SEXES,
    "residence_status": vocab.RESIDENCE_STATUSES,
    "status": vocab.PERSON_STATUSES,
}
_DATE_FIELDS = {"birth", "status_on", "moved_out_on", "date", "signed_on", "follow_up_on"}
_WHO = {tables.VISITS: "Kiểm tra", tables.COMMITMENTS: "Cam kết"}
"""Records of the household other than its own and its members' (shown by summary)."""
_HIDDEN = {"household_id", "head_id", "village_id", "merged_into", "split_from", "id"}


_ORDER = {key: rank for rank, key in enumerate(dict.fromkeys(["code", *FIELD_LABELS]))}


@dataclass(slots=True)
class HistoryLine:
    """One saved change as the officer sees it."""

    at: str
    by: str
    event: str
    summary: str
    changes: list[str] = field(default_factory=list)
    device: str = ""
    seq: int = 0
    accepted: list[str] = field(default_factory=list)
    """Warnings the officer accepted to make this change (e.g. a CCCD/birth-year mismatch)."""
    source: str = ""
    """Where it was made when not on this laptop ("Công an xã", "máy khác"), and whether a
    decision leaves it out ("đang bị giữ lại", "đã hoàn tác gói")."""


def household_history(store: Store, household_id: str,
                      member_ids: set[str] | None = None) -> list[HistoryLine]:
    """Every journal entry touching the household or a person who was ever in it, oldest first."""
    hid = household_id.encode()
    people = set(member_ids or ())
    lines = list(iter_raw_lines(store.journal_dir))
    records: set[str] = set()  # the household's visits and commitments
    for line in lines:
        if hid in line:
            for entry in _expand(line):
                for op in entry["ops"]:
                    if op.get("set", {}).get("household_id") == household_id:
                        (people if op["t"] == tables.PERSONS else records).add(op["id"])
    keys = [hid, *(p.encode() for p in people | records)]
    wanted = {household_id, *people, *records}
    entries = [entry for line in lines if any(k in line for k in keys)
               for entry in _expand(line)
               if any(op["id"] in wanted for op in entry["ops"])]
    entries.sort(key=replay_key)
    decisions = store.decisions()
    seen: dict[tuple[str, str], Any] = {}
    names: dict[str, str] = {}
    known: set[str] = set()
    result: list[HistoryLine] = []
    # A batch line's (device, seq) → how many of the household's records it saved.
    batches: dict[tuple[str, int], Counter[str]] = {}
    for entry in entries:
        changes = []
        touched = False
        for op in entry["ops"]:
            rid = op["id"]
            fields = op.get("set", {})
            if "full_name" in fields:
                names[rid] = fields["full_name"]
            if op["t"] in _WHO:  # a visit or commitment: its summary line says it all
                touched = touched or rid in wanted
                continue
            who = names.get(rid, "") if op["t"] == tables.PERSONS else "Hộ"
            created = rid not in known
            known.add(rid)
            shown = []
            for key, value in sorted(fields.items(), key=lambda kv: _ORDER.get(kv[0], 99)):
                old = seen.get((rid, key))
                seen[(rid, key)] = value
                if rid not in wanted or key in _HIDDEN or (old or "") == (value or ""):
                    continue
                label = FIELD_LABELS.get(key, key)
                if created:
                    if key != "full_name":
                        shown.append(f"{label}: {show_value(key, value)}")
                else:
                    changes.append(f"{who} · {label}: {show_value(key, old)} → "
                                   f"{show_value(key, value)}")
            if shown:
                changes.append(f"{who} · thêm mới: " + "; ".join(shown))
            touched = touched or rid in wanted
        if not touched:
            continue
        decision = decisions.get(f"{entry['dev']}:{entry['seq']}") or {}
        line = HistoryLine(
            at=entry["at"], by=entry.get("by", ""),
            event=EVENT_LABELS.get(entry["ev"], entry["ev"]),
            summary=entry.get("sum", ""), changes=changes,
            device=entry["dev"], seq=entry["seq"], accepted=entry.get("warn", []),
            source=_source(entry, decision),
        )
        if entry["ev"] in _BATCH_EVENTS:
            own = Counter(op["t"] for op in entry["ops"] if op["id"] in wanted)
            previous = result[-1] if result else None
            key = (previous.device, previous.seq) if previous else None
            if previous is not None and key in batches and _same_batch(previous, line):
                batches[key].update(own)  # consecutive entries: one line
                previous.changes += changes
                previous.summary = _batch_summary(previous.event, batches[key])
                continue
            batches[(line.device, line.seq)] = own
            line.summary = _batch_summary(line.event, own)
        result.append(line)
    return result


_BATCH_EVENTS = {"generate", "sync.attach"}
"""Events that save many households at once: a household's history shows its own part."""


def _same_batch(a: HistoryLine, b: HistoryLine) -> bool:
    return (a.event, a.by, a.device, a.source) == (b.event, b.by, b.device, b.source)


def _batch_summary(event: str, counts: Counter[str]) -> str:
    """"Tạo dữ liệu mẫu: 1 hộ, 4 nhân khẩu, 12 lượt kiểm tra" (this household's part)."""
    parts = [f"{vn_number(n)} {vocab.TABLE_LABELS.get(table, table)}"
             for table, n in counts.items() if n]
    return f"{event}: {', '.join(parts)}" if parts else event


def _expand(line: bytes) -> list[dict[str, Any]]:
    """A journal line's entry and the other laptops' entries it carries (a merged bundle)."""
    entry = orjson.loads(line)
    carried = carried_entries(entry)
    for item in carried:
        item["_carried"] = True
    return [{k: v for k, v in entry.items() if k != "carry"}, *carried]


def _source(entry: dict[str, Any], decision: dict[str, Any]) -> str:
    """Where a change was made, when not on this laptop; and whether it is left out."""
    where = ""
    if entry.get("proj"):
        where = "Công an xã"
    elif entry.get("_carried"):
        where = "máy khác"
    if decision.get("excluded"):
        kind = "đã hoàn tác gói" if decision.get("kind") == "undo" else "đang bị giữ lại"
        where = f"{where}, {kind}" if where else kind
    return where


def show_value(key: str, value: Any) -> str:
    """A stored value in words: "Nữ" for `sex` "nu", "24/07/1975" for a birth date,
    "(trống)" for nothing."""
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    table = _VALUE_VOCABS.get(key)
    if table is not None and isinstance(value, str):
        return table.get(value, value)
    if key in _DATE_FIELDS and isinstance(value, str):
        parts = value.split("-")
        return "/".join(reversed(parts))
    return str(value)
