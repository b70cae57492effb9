"""Entering many incidents at once: a list from a spreadsheet, a CSV file or cells pasted from
Excel, previewed, then saved in one go.

`plan_import` reads the rows (roster/spreadsheet.py), finds the heading row by its Vietnamese
headings ("Ngày", "Thôn", "Loại vụ việc" …, case and diacritics do not matter), checks every
row with the incident form (`forms/incident.toml`: the same rules as one incident typed in) and
sorts the rows into those to add, those refused (row number and reason) and those that look
like an incident already stored (same village, date, category and place), which are skipped
unless the officer asks for them. Nothing is written.

`commit_import` saves the rows to add as one journal entry: all of them, or, when the save
fails, none. Duplicates are looked up again at that moment, so committing the same file (or
the same plan) a second time adds nothing.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from antt_tui.criteria.taxonomy import Taxonomy, load_taxonomy
from antt_tui.domain.dates import format_date, vn_date
from antt_tui.domain.errors import NotFound
from antt_tui.domain.legacy import ENCODING_NAMES, from_tcvn3, from_vni, reinterpret
from antt_tui.domain.text import fold
from antt_tui.forms import FieldDef, FormDef, validate
from antt_tui.roster.formcheck import forms
from antt_tui.roster.incidents import Incidents
from antt_tui.roster.service import Roster
from antt_tui.roster.spreadsheet import (
    Cell,
    SheetRows,
    SheetUnreadable,
    legacy_columns,
    read_bytes,
    read_path,
    read_text,
)
from antt_tui.storage import tables

__all__ = ["DUPLICATE", "NEW", "REFUSED", "REQUIRED", "TEMPLATE_FIELDS", "ImportPlan",
           "ImportResult", "PlannedRow", "SheetUnreadable", "commit_import", "heading_of",
           "plan_bytes", "plan_file", "plan_import", "plan_text"]

NEW, DUPLICATE, REFUSED = "new", "duplicate", "refused"
"""What happens to a row: added, skipped as already stored, refused."""

REQUIRED = ("date", "village", "category")
"""Fields whose column a list must have."""

TEMPLATE_FIELDS = ("date", "time", "village", "place", "category", "severity", "deaths",
                   "injuries", "damage", "caused_by_resident", "own_fault", "status",
                   "handling", "fine", "note")
"""The template's columns, in order."""

_HEADINGS: dict[str, tuple[str, ...]] = {
    "date": ("Ngày", "Ngày xảy ra", "Ngày vụ việc", "Ngày tháng"),
    "time": ("Giờ", "Giờ xảy ra"),
    "village": ("Thôn", "Tên thôn", "Mã thôn", "Thôn, xóm", "Thôn/xóm", "Thôn, tổ dân phố",
                "Tổ dân phố", "Khu dân cư"),
    "place": ("Nơi xảy ra", "Địa điểm", "Nơi xảy ra vụ việc", "Địa điểm xảy ra"),
    "category": ("Loại vụ việc", "Loại", "Mã loại", "Mã loại vụ việc", "Loại vụ"),
    "severity": ("Mức độ", "Mức độ nghiêm trọng"),
    "deaths": ("Số người chết", "Người chết", "Chết", "Số người tử vong"),
    "injuries": ("Số người bị thương", "Người bị thương", "Bị thương"),
    "damage": ("Thiệt hại", "Giá trị thiệt hại", "Thiệt hại (đồng)"),
    "caused_by_resident": ("Do người của khu dân cư gây ra", "Do người trong thôn"),
    "own_fault": ("Do chủ quan",),
    "status": ("Tình trạng", "Tình trạng xử lý", "Kết quả xử lý"),
    "handling": ("Biện pháp xử lý", "Xử lý"),
    "fine": ("Tiền phạt", "Số tiền phạt", "Tiền phạt (đồng)"),
    "note": ("Ghi chú", "Diễn biến", "Diễn biến, ghi chú", "Nội dung", "Nội dung vụ việc",
             "Tóm tắt"),
}
"""Headings each column is known by, besides its label in the form. The first is the one the
template writes (with "(đồng)" for amounts)."""
_SILENT = frozenset({"stt", "tt", "so tt", "so thu tu"})
"""Headings of columns that are expected and not worth a mention when left unused."""
_HEADING_ROWS = 20
"""The heading row is looked for among this many rows at the top (a title may come first)."""
_EXCEL_EPOCH = date(1899, 12, 30)
_NONE_MARKS = frozenset({"-", "–", "—"})
"""What spreadsheets put in a number cell for "none"."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """One row of the list and what would happen to it."""

    row: int
    """The row number Excel shows (the line number for pasted text)."""
    status: str
    """NEW, DUPLICATE or REFUSED."""
    date: str = ""
    village: str = ""
    category: str = ""
    place: str = ""
    """What the row says, as the preview shows it (names and labels where known)."""
    reasons: tuple[str, ...] = ()
    """Why a row is refused ("Ngày xảy ra: …"), or a note on a row that is added."""
    same_as: str = ""
    """For a duplicate: the id of the stored incident it matches."""
    record: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    """The incident to store (None for a refused row)."""
    key: tuple[str, str, str, str] = ()  # type: ignore[assignment]
    """Village, date, category and folded place: what makes two incidents look the same."""


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What importing a list would do: nothing has been written."""

    source: str
    """The file and sheet, or "văn bản dán"."""
    encoding: str
    """The encoding the text was read in, as the officer names it ("Unicode", "TCVN3 (ABC)")."""
    heading_row: int
    columns: tuple[str, ...]
    """The form's fields the columns were read as (their labels), in the list's order."""
    ignored: tuple[str, ...]
    """Headings of columns that are not used."""
    rows: tuple[PlannedRow, ...]

    @property
    def new(self) -> list[PlannedRow]:
        """Rows that would be added."""
        return [r for r in self.rows if r.status == NEW]

    @property
    def duplicates(self) -> list[PlannedRow]:
        """Rows that look like incidents already stored (skipped unless asked for)."""
        return [r for r in self.rows if r.status == DUPLICATE]

    @property
    def refused(self) -> list[PlannedRow]:
        """Rows that break a rule of the incident form."""
        return [r for r in self.rows if r.status == REFUSED]

    def to_json(self) -> dict[str, Any]:
        """The plan for `--json`: counts, and the refused and duplicate rows."""
        return {
            "nguon": self.source, "bang_ma": self.encoding, "dong_tieu_de": self.heading_row,
            "cot": list(self.columns), "cot_khong_dung": list(self.ignored),
            "se_them": len(self.new), "trung": len(self.duplicates),
            "tu_choi": len(self.refused),
            "dong_tu_choi": [{"dong": r.row, "ly_do": list(r.reasons)} for r in self.refused],
            "dong_trung": [{"dong": r.row, "vu_viec_da_co": r.same_as} for r in self.duplicates],
        }


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What `commit_import` saved."""

    added: tuple[str, ...]
    """Ids of the incidents added (empty when there was nothing to add)."""
    skipped: int
    """Rows left out because an incident like them is stored."""
    refused: int
    """Rows refused by the form (never saved)."""


# ---------------------------------------------------------------------- planning


def plan_file(roster: Roster, path: Path, *, progress: Progress | None = None,
              taxonomy: Taxonomy | None = None) -> ImportPlan:
    """The plan for an .xlsx, CSV or text file (the first sheet with the headings)."""
    return plan_import(roster, read_path(path), progress=progress, taxonomy=taxonomy)


def plan_bytes(roster: Roster, data: bytes, source: str, *, progress: Progress | None = None,
               taxonomy: Taxonomy | None = None) -> ImportPlan:
    """The plan for CSV or tab-separated bytes (standard input)."""
    return plan_import(roster, [read_bytes(data, source)], progress=progress, taxonomy=taxonomy)


def plan_text(roster: Roster, text: str, *, progress: Progress | None = None,
              taxonomy: Taxonomy | None = None) -> ImportPlan:
    """The plan for cells pasted from Excel (or CSV text)."""
    return plan_import(roster, [read_text(text)], progress=progress, taxonomy=taxonomy)


def plan_import(roster: Roster, sheets: Iterable[SheetRows], *,
                progress: Progress | None = None, taxonomy: Taxonomy | None = None
                ) -> ImportPlan:
    """Check every row of the first sheet that has the headings; write nothing.

    Raises `SheetUnreadable` when no sheet has a heading row with the required columns.
    """
    form = forms()["incident"]
    known = _known_headings(form)
    failure = ""
    for sheet in sheets:
        found = _find_headings(sheet, known)
        if isinstance(found, str):
            failure = failure or found
            continue
        heading_row, mapping, ignored = found
        return _Planner(roster, form, taxonomy).plan(sheet, heading_row, mapping, ignored,
                                                     progress)
    raise SheetUnreadable(failure or "Tệp không có dòng nào.")


def heading_of(field_id: str) -> str:
    """The heading the template writes for a field ("Thiệt hại (đồng)")."""
    first = _HEADINGS[field_id][0]
    return f"{first} (đồng)" if field_id in ("damage", "fine") else first


class _Planner:
    """Checks the rows of one sheet against the form and the stored incidents."""

    def __init__(self, roster: Roster, form: FormDef, taxonomy: Taxonomy | None) -> None:
        self.roster = roster
        self.form = form
        self.register = Incidents(roster, taxonomy or load_taxonomy())
        self.sources = self.register.sources()
        self.fields = {f.id: f for f in form.fields}
        self.village_names = {v.id: v.name for v in roster.villages()}
        self.labels = {c.code: c.label for c in self.register.taxonomy.categories.values()}
        self._villages: dict[str, str] = {}

    def plan(self, sheet: SheetRows, heading_row: int, mapping: dict[str, int],
             ignored: list[str], progress: Progress | None) -> ImportPlan:
        data = [(n, cells) for n, cells in sheet.rows if n > heading_row]
        legacy = legacy_columns([cells for _, cells in data])
        planned: list[PlannedRow] = []
        today = self.roster.today()
        for done, (number, cells) in enumerate(data, start=1):
            row = self._row(number, cells, mapping, legacy, today)
            if row is not None:
                planned.append(row)
            if progress is not None and (done % 25 == 0 or done == len(data)):
                progress(done, len(data))
        rows = _mark_duplicates(planned, _stored(self.roster))
        encoding = (ENCODING_NAMES[Counter(legacy.values()).most_common(1)[0][0]] if legacy
                    else sheet.encoding_name)
        order = sorted(mapping, key=lambda f: mapping[f])
        return ImportPlan(sheet.source, encoding, heading_row,
                          tuple(self.fields[f].label for f in order), tuple(ignored),
                          tuple(rows))

    def _row(self, number: int, cells: list[Cell], mapping: dict[str, int],
             legacy: dict[int, str], today: date) -> PlannedRow | None:
        answers: dict[str, Any] = {}
        for field_id, col in mapping.items():
            value = cells[col] if col < len(cells) else None
            if isinstance(value, str) and col in legacy:
                value = reinterpret(value, legacy[col])
            value = _prepare(self.fields[field_id], value)
            if value is not None and value != "":
                answers[field_id] = value
        if not answers:
            return None  # an empty row between the entries
        if isinstance(answers.get("village"), str):
            answers["village"] = self._village(answers["village"])
        shown = {k: _shown(answers.get(k)) for k in ("date", "village", "category", "place")}
        result = validate(self.form, answers, today=today, sources=self.sources)
        if not result.ok:
            reasons = tuple(f"{self.form.field(fid).label}: {message}"
                            for fid, message in result.errors.items())
            village = self.village_names.get(shown["village"], shown["village"])
            return PlannedRow(number, REFUSED, shown["date"], village, shown["category"],
                              shown["place"], reasons)
        record = dict(result.cleaned)
        record["village_id"] = record.pop("village")
        record["persons"], record["household_ids"] = [], []
        key = (record["village_id"], record["date"], record["category"],
               fold(record.get("place") or ""))
        return PlannedRow(number, NEW, vn_date(record["date"]),
                          self.village_names.get(record["village_id"], ""),
                          self.labels.get(record["category"], record["category"]),
                          record.get("place") or "", record=record, key=key)

    def _village(self, text: str) -> str:
        """The id of the village a cell names (code, name, "Thôn …"), or the text itself so
        that the form says it is not in the list."""
        if text not in self._villages:
            try:
                self._villages[text] = self.roster.village(text).id
            except NotFound:
                self._villages[text] = text
        return self._villages[text]


def _stored(roster: Roster) -> dict[tuple[str, str, str, str], list[str]]:
    """The stored incidents (not deleted) by what makes two incidents look the same."""
    found: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for incident in roster.store.records(tables.INCIDENTS):
        if incident.get("deleted"):
            continue
        found[(incident.get("village_id", ""), incident.get("date", ""),
               incident.get("category", ""), fold(incident.get("place") or ""))].append(
            incident["id"])
    return found


def _mark_duplicates(rows: Sequence[PlannedRow],
                     stored: dict[tuple[str, str, str, str], list[str]]) -> list[PlannedRow]:
    """Rows that look like a stored incident become DUPLICATE, one stored incident per row:
    with one theft stored and two in the list, the second is still added."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    first_row: dict[tuple[str, str, str, str], int] = {}
    out: list[PlannedRow] = []
    for row in rows:
        if row.status == REFUSED:
            out.append(row)
            continue
        matches = stored.get(row.key, [])
        index = seen[row.key]
        seen[row.key] += 1
        if index < len(matches):
            out.append(replace(row, status=DUPLICATE, same_as=matches[index], reasons=(
                f"Giống vụ việc đã lưu (mã {matches[index][:8]}): cùng thôn, ngày, loại và "
                "nơi xảy ra.",)))
            continue
        note: tuple[str, ...] = ()
        if row.key in first_row:
            note = (f"Giống dòng {first_row[row.key]} của danh sách; vẫn thêm như một vụ "
                    "việc khác.",)
        first_row.setdefault(row.key, row.row)
        out.append(replace(row, status=NEW, same_as="", reasons=note))
    return out


# ---------------------------------------------------------------------- saving


def commit_import(roster: Roster, plan: ImportPlan, *, include_duplicates: bool = False
                  ) -> ImportResult:
    """Save the plan's rows to add as one journal entry (all or nothing).

    Duplicates are found again against what is stored now: a plan committed twice, or a file
    imported twice, adds nothing the second time. `include_duplicates` adds them as well.
    Raises `SaveFailed` (nothing saved) when the journal cannot be written.
    """
    candidates = [r for r in plan.rows if r.status != REFUSED]
    rows = _mark_duplicates(candidates, _stored(roster))
    adding = [r for r in rows if include_duplicates or r.status == NEW]
    skipped = len(rows) - len(adding)
    if not adding:
        return ImportResult((), skipped, len(plan.refused))
    store = roster.store
    ops: list[dict[str, Any]] = []
    ids = []
    for row in adding:
        assert row.record is not None
        iid = str(uuid.uuid4())
        ops += store.op_set(tables.INCIDENTS, iid, dict(row.record), new=True)
        ids.append(iid)
    store.commit("incident.import", ops,
                 summary=f"Nhập {len(ids)} vụ việc từ {plan.source}")
    return ImportResult(tuple(ids), skipped, len(plan.refused))


# ---------------------------------------------------------------------- headings


def _heading_key(text: str) -> str:
    """A heading as compared: no diacritics, case, brackets or punctuation."""
    folded = re.sub(r"\(.*?\)|\[.*?\]|\*", " ", fold(text))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


def _known_headings(form: FormDef) -> dict[str, str]:
    """Heading key → field id: each field's label in the form and the other names above."""
    known: dict[str, str] = {}
    for f in form.fields:
        for text in (f.label, *_HEADINGS.get(f.id, ())):
            known.setdefault(_heading_key(text), f.id)
    return known


def _cell_headings(value: Cell) -> list[str]:
    """The keys a heading cell may mean: as written, and read as TCVN3 or VNI."""
    if not isinstance(value, str):
        return []
    keys = [_heading_key(value)]
    if not value.isascii():
        keys += [_heading_key(from_tcvn3(value)), _heading_key(from_vni(value))]
    return keys


def _find_headings(sheet: SheetRows, known: dict[str, str]
                   ) -> tuple[int, dict[str, int], list[str]] | str:
    """(heading row, field id → column, unused headings), or why the sheet has none."""
    best: tuple[int, dict[str, int]] | None = None
    for number, cells in sheet.rows[:_HEADING_ROWS]:
        mapping: dict[str, int] = {}
        for col, value in enumerate(cells):
            field_id = next((known[k] for k in _cell_headings(value) if k in known), None)
            if field_id is not None and field_id not in mapping:
                mapping[field_id] = col
        if all(f in mapping for f in REQUIRED):
            ignored = [str(v) for col, v in enumerate(cells)
                       if v is not None and col not in mapping.values()
                       and _heading_key(str(v)) not in _SILENT]
            return number, mapping, ignored
        if len(mapping) >= 2 and (best is None or len(mapping) > len(best[1])):
            best = (number, mapping)
    needed = ", ".join(f"“{heading_of(f)}”" for f in REQUIRED)
    if best is None:
        return (f"{sheet.source}: không thấy dòng tiêu đề có các cột {needed} "
                f"trong {_HEADING_ROWS} dòng đầu. Tạo tệp mẫu bằng: antt incident import "
                "--mau mau.xlsx")
    missing = ", ".join(f"“{heading_of(f)}”" for f in REQUIRED if f not in best[1])
    return f"{sheet.source}: dòng tiêu đề (dòng {best[0]}) thiếu cột {missing}."


# ---------------------------------------------------------------------- cells


def _prepare(f: FieldDef, value: Cell) -> Any:
    """A cell as the form reads an answer: dates, times and amounts as spreadsheets hold them
    made into what an officer would type."""
    if value is None:
        return None
    if f.type == "date":
        return _as_date(value)
    if f.id == "time":
        return _as_time(value)
    if f.type == "number":
        return _as_number(value, whole=f.whole)
    if isinstance(value, bool):
        return value if f.type == "yes_no" else ("Có" if value else "Không")
    if isinstance(value, datetime | date | time):
        return format_date(value) if isinstance(value, date) else value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if isinstance(value, int | float) else value


def _as_date(value: Cell) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20_000 <= value < 80_000:
        return _EXCEL_EPOCH + timedelta(days=int(value))  # a date cell left as a number
    if isinstance(value, str):
        # "15/10/2026 00:00:00": a date copied with its time
        m = re.fullmatch(r"(\S+)\s+\d{1,2}:\d{2}(?::\d{2})?", value)
        return m.group(1) if m else value
    return str(value)


def _as_time(value: Cell) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%H:%M")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and 0 <= value < 1:  # a time cell left as a number
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})\s*(?:h|g|giờ|:|\.)\s*(\d{1,2})?\s*(?:p|phút|')?", text.lower())
    if m:
        return f"{int(m.group(1)):02d}:{int(m.group(2) or 0):02d}"
    return text


def _as_number(value: Cell, *, whole: bool) -> Any:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = "".join(str(value).split())
    if text in _NONE_MARKS:
        return None
    text = re.sub(r"(?i)(vnđ|vnd|đồng|đ)\.?$", "", text)
    if whole and re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        text = re.sub(r"[.,]", "", text)  # 5.000.000 đồng
    return text


def _shown(value: Any) -> str:
    """An answer as the preview shows it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    return str(value)
