"""Rows into households, the way village rosters lay them out.

- `BY_NUMBER`: a column numbers the households (or holds their code, or the old household
  book number); merged cells leave it empty below the first row of a household, so an empty
  cell continues the household above.
- `HEAD_FIRST`: the head's row ("Chủ hộ" in the relation column), then the members'.
- `BY_HEAD_NAME`: each row names its household's head in a column of its own.
- `ONE_PER_ROW`: a list of heads only, one household per row.

Household details (address, village, book number) may sit on the head's row, on any row, or
on a row of their own above the members; they carry down until the next household.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from antt_tui.domain import vocab
from antt_tui.domain.text import fold
from antt_tui.roster.roster_import.rows import CARRIER, PERSON, ParsedRow

__all__ = ["BY_HEAD_NAME", "BY_NUMBER", "HEAD_FIRST", "LAYOUTS", "ONE_PER_ROW", "Group",
           "group_rows", "layout_of"]

BY_NUMBER, HEAD_FIRST, BY_HEAD_NAME, ONE_PER_ROW = ("by_number", "head_first", "by_head_name",
                                                    "one_per_row")
LAYOUTS = {
    BY_NUMBER: "cột số hộ: các dòng cùng số là một hộ",
    HEAD_FIRST: "dòng chủ hộ, tiếp theo là các thành viên",
    BY_HEAD_NAME: "cột họ tên chủ hộ trên mỗi dòng",
    ONE_PER_ROW: "mỗi dòng một hộ (chỉ có chủ hộ)",
}
"""How a layout is named in the preview."""

_CARRIED = ("address", "village", "legacy_book_no", "residence_status")


@dataclass(slots=True, eq=False)
class Group:
    """The rows of one household in the file."""

    key: str
    """What ties the rows (the household number, the head's name), as written."""
    rows: list[ParsedRow] = field(default_factory=list)
    head: ParsedRow | None = None
    household: dict[str, str] = field(default_factory=dict)
    """address, village, legacy_book_no, residence_status, household_no (as written)."""
    errors: list[tuple[int, str]] = field(default_factory=list)
    """Problems of the household as a whole: (row, message)."""

    @property
    def first_row(self) -> int:
        """The row the household starts on."""
        return self.rows[0].number if self.rows else 0

    @property
    def members(self) -> list[ParsedRow]:
        """The rows other than the head's."""
        return [r for r in self.rows if r is not self.head]


def layout_of(fields: Sequence[str]) -> str:
    """The layout a file's columns tell."""
    present = set(fields)
    if present & {"household_no", "legacy_book_no"}:
        return BY_NUMBER
    if "head_name" in present and present & {"full_name", "name_family", "name_given"}:
        return BY_HEAD_NAME
    if "relation" in present:
        return HEAD_FIRST
    return ONE_PER_ROW


def group_rows(rows: Sequence[ParsedRow], layout: str, key_field: str = "household_no"
               ) -> tuple[list[Group], list[tuple[int, str]]]:
    """The households of the file in order, and the rows that belong to none (with why)."""
    groups: list[Group] = []
    orphans: list[tuple[int, str]] = []
    pending: dict[str, str] = {}  # details of a line of its own, for the household below
    by_key: dict[str, Group] = {}
    listed: set[int] = set()
    current: Group | None = None
    for row in rows:
        if row.kind not in (PERSON, CARRIER):
            continue
        details = {k: v for k, v in row.household.items() if k in _CARRIED}
        started = _starts(row, layout, key_field, current, by_key)
        if started is not None:
            if not any(g is started for g in groups[-1:]) and id(started) not in listed:
                listed.add(id(started))
                groups.append(started)
            current = started
            _take(current, pending)
            pending = {}
        if row.kind == CARRIER:
            if started is not None:
                _take(current, details)  # type: ignore[arg-type]
            else:
                pending.update(details)
            continue
        if current is None:
            orphans.append((row.number, _orphan_reason(layout)))
            continue
        current.rows.append(row)
        _take(current, details)
        if layout == BY_NUMBER:
            current.household.setdefault(key_field, current.key)
    for group in groups:
        if group.rows:
            _find_head(group, layout)
    return [g for g in groups if g.rows], orphans


def _starts(row: ParsedRow, layout: str, key_field: str, current: Group | None,
            by_key: dict[str, Group]) -> Group | None:
    """The household a row starts (or, by number, goes back to); None: it continues."""
    if layout == BY_NUMBER:
        key = row.household.get(key_field, "")
        if not key or (current is not None and fold(key) == fold(current.key)):
            return None
        return by_key.setdefault(fold(key), Group(key))
    if layout == BY_HEAD_NAME:
        key = row.household.get("head_name", "")
        if not key or (current is not None and fold(key) == fold(current.key)):
            return None
        return Group(key)
    if row.kind != PERSON:
        return None
    if layout == HEAD_FIRST:
        return Group(row.name) if row.relation == vocab.HEAD else None
    return Group(row.name)


def _take(group: Group, details: Mapping[str, str]) -> None:
    for key, value in details.items():
        group.household.setdefault(key, value)


def _orphan_reason(layout: str) -> str:
    if layout == BY_NUMBER:
        return "Dòng chưa có số hộ (ô số hộ trống và không có hộ nào ở trên)."
    if layout == BY_HEAD_NAME:
        return "Dòng chưa ghi họ tên chủ hộ."
    return "Dòng không thuộc hộ nào: chưa có dòng chủ hộ (quan hệ “Chủ hộ”) ở trên."


def _find_head(group: Group, layout: str) -> None:
    heads = [r for r in group.rows if r.relation == vocab.HEAD]
    if layout == BY_HEAD_NAME and not heads:
        wanted = fold(group.key)
        heads = [r for r in group.rows if fold(r.name) == wanted and not r.relation_given][:1]
    if len(heads) > 1:
        listed = ", ".join(str(r.number) for r in heads)
        group.errors.append((heads[1].number, f"Hộ “{group.key}” có {len(heads)} chủ hộ "
                                              f"(dòng {listed})."))
    if heads:
        group.head = heads[0]
    elif layout == BY_HEAD_NAME:
        group.errors.append((group.first_row, f"Chủ hộ “{group.key}” không có dòng riêng "
                                              "trong danh sách."))
    elif not group.rows[0].relation_given:
        group.head = group.rows[0]  # no relation written: the first row is the head's
    else:
        group.errors.append((group.first_row, f"Hộ “{group.key}” không có ai là chủ hộ "
                                              "(quan hệ “Chủ hộ”)."))
    if group.head is not None:
        group.head.person["relation"] = vocab.HEAD
    for row in group.members:
        if not row.relation_given and row.kind == PERSON:
            row.person["relation"] = "khac"
            row.warnings.append("Không ghi quan hệ với chủ hộ: ghi là Khác.")
