"""Writing a planned import: one journal entry for the whole file, or nothing.

A new household keeps the household number the file gives it when that is a free code of
its village, else gets one the way the roster mints them (a village laptop only from the
blocks the commune gave it); stored people and households get the file's changes as edits.
The entry keeps, for audit and for undoing, each imported row as the file held it, the ids
it created and the values it replaced.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from antt_tui.domain import vocab
from antt_tui.domain.errors import DomainError, ValidationError
from antt_tui.domain.numbers import vn_number
from antt_tui.roster.code_numbers import CodeNumbers
from antt_tui.roster.entities import VillageRecord
from antt_tui.roster.roster_import import planning, values
from antt_tui.roster.roster_import.fields import IGNORED
from antt_tui.roster.roster_import.imports_log import IMPORT_EVENT
from antt_tui.roster.roster_import.planned import (
    CHANGED,
    NEW,
    REFUSED,
    PlannedHousehold,
    RosterPlan,
)
from antt_tui.roster.service import Roster, new_id
from antt_tui.storage import tables

__all__ = ["ImportRefused", "Imported", "commit", "household_codes"]

Progress = Callable[[int, int], None]
"""Told (households done, households in all) while the import is prepared."""
_PROGRESS_EVERY = 50


class ImportRefused(DomainError):
    """The file has rows with errors and the user did not ask to import the valid rows."""


@dataclass(frozen=True, slots=True)
class Imported:
    """What `commit` wrote."""

    import_id: str
    """"" when there was nothing to write."""
    households: tuple[str, ...]
    """Codes of the households added."""
    persons: int
    """People added (in new and in stored households)."""
    changed: int
    """Stored households and people changed."""
    left_out: tuple[int, ...]
    """Rows not imported: those with an error, and the other rows of their households."""
    plan: RosterPlan = field(repr=False, compare=False)
    """The plan written (planned again when the database changed since the preview)."""

    @property
    def left_out_text(self) -> str:
        """What was not imported, in words ("" when every row was): "Không nhập 6 dòng: 5
        dòng có lỗi và 1 dòng khác của hộ có lỗi." """
        if not self.left_out:
            return ""
        wrong = len(set(self.left_out) & set(self.plan.error_rows))
        others = len(self.left_out) - wrong
        if not others:
            return f"Không nhập {vn_number(wrong)} dòng có lỗi."
        return (f"Không nhập {vn_number(len(self.left_out))} dòng: {vn_number(wrong)} dòng có "
                f"lỗi và {vn_number(others)} dòng khác của hộ có lỗi.")

    @property
    def code(self) -> str:
        """The short id an officer types to undo the import."""
        return self.import_id[:8]


def commit(roster: Roster, plan: RosterPlan, *, skip_errors: bool = False,
           progress: Progress | None = None) -> Imported:
    """Write `plan` as one journal entry: all of it, or (on a failed save) nothing.

    When the database changed since the plan was made, the file is planned again first, so
    committing the same plan (or file) twice adds nothing the second time. A plan with
    errors is refused (`ImportRefused`) unless `skip_errors`: then the rows with errors, and
    the households whose head's row has one, are left out. Raises `SaveFailed` when the
    journal cannot be written. `progress(done, total)` is told the households prepared
    (every fifty, and all of them just before the one save).
    """
    if plan.basis != tuple(sorted(roster.store.position.items())):
        plan = planning.plan(roster, plan.file, village=plan.village or None,
                             mapping=plan.mapping, encodings=plan.encoding_choices,
                             today=plan.today)
    if not plan.ok and not skip_errors:
        rows = plan.error_rows
        raise ImportRefused(
            f"Có {len(rows)} dòng lỗi (dòng {_rows(rows)}): chưa nhập gì. Sửa các dòng đó rồi "
            "nhập lại, hoặc chọn nhập các dòng hợp lệ.")
    store = roster.store
    import_id = str(uuid.uuid4())
    ops: list[dict[str, Any]] = []
    created: list[list[str]] = []
    before: list[list[Any]] = []
    added_codes: list[str] = []
    persons = changed = 0
    by_village: dict[str, list[PlannedHousehold]] = {}
    for household in plan.households:
        if household.status == NEW:
            by_village.setdefault(household.village_id, []).append(household)
    codes = {vid: iter(household_codes(roster, roster.village(vid),
                                       [h.number for h in items]))
             for vid, items in by_village.items()}
    total = len(plan.households)
    for done, household in enumerate(plan.households, start=1):
        if progress is not None and done % _PROGRESS_EVERY == 0 and done < total:
            progress(done, total)
        if household.status == NEW:
            hid, code = new_id(), next(codes[household.village_id])
            head = household.head
            assert head is not None
            head_id = new_id()
            ops += store.op_set(tables.HOUSEHOLDS, hid, {
                "code": code, "village_id": household.village_id, "head_id": head_id,
                "notes": "", **{k: v for k, v in household.fields.items() if v}}, new=True)
            created.append([tables.HOUSEHOLDS, hid])
            added_codes.append(code)
            for person in household.people:
                if person.status != NEW:
                    continue
                pid = head_id if person is head else new_id()
                ops += store.op_set(tables.PERSONS, pid, {**person.fields, "household_id": hid,
                                                     "status": vocab.PRESENT}, new=True)
                created.append([tables.PERSONS, pid])
                persons += 1
        elif household.status == CHANGED:
            hid = household.existing_id
            if household.changes:
                ops += store.op_set(tables.HOUSEHOLDS, hid,
                                    {c.field: c.new for c in household.changes})
                before += [[tables.HOUSEHOLDS, hid, c.field, c.old] for c in household.changes]
                changed += 1
            for person in household.people:
                if person.status == NEW:
                    pid = new_id()
                    ops += store.op_set(tables.PERSONS, pid, {**person.fields, "household_id": hid,
                                                         "status": vocab.PRESENT}, new=True)
                    created.append([tables.PERSONS, pid])
                    persons += 1
                elif person.status == CHANGED:
                    ops += store.op_set(tables.PERSONS, person.existing_id,
                                        {c.field: c.new for c in person.changes})
                    before += [[tables.PERSONS, person.existing_id, c.field, c.old]
                               for c in person.changes]
                    changed += 1
    left_out = tuple(plan.error_rows) + tuple(
        r for h in plan.households if h.status == REFUSED for r in h.rows
        if r not in plan.error_rows)
    if progress is not None and total:
        progress(total, total)
    if not ops:
        return Imported("", (), 0, 0, tuple(sorted(set(left_out))), plan)
    info = _audit(plan, import_id, created, before,
                  {"households": len(added_codes), "persons": persons, "changed": changed})
    summary = (f"Nhập danh sách {plan.file.source} (mã {import_id[:8]}): "
               f"{len(added_codes)} hộ mới, {persons} nhân khẩu mới, {changed} bản ghi sửa")
    store.commit(IMPORT_EVENT, ops, summary=summary, extra={"imp": info})
    return Imported(import_id, tuple(added_codes), persons, changed,
                    tuple(sorted(set(left_out))), plan)


def _rows(rows: list[int], shown: int = 10) -> str:
    text = ", ".join(str(r) for r in rows[:shown])
    return text + (f" … và {len(rows) - shown} dòng nữa" if len(rows) > shown else "")


def _audit(plan: RosterPlan, import_id: str, created: list[list[str]],
           before: list[list[Any]], counts: dict[str, int]) -> dict[str, Any]:
    """What the journal entry keeps of the file: every imported row as the file held it."""
    imported = {p.row for h in plan.households if h.status != REFUSED for p in h.people
                if p.status != REFUSED}
    return {
        "id": import_id, "file": plan.file.source, "sheet": plan.file.sheet,
        "sha256": plan.file.sha256, "layout": plan.layout,
        "heading_row": plan.file.heading_row,
        "headings": plan.file.headings(),
        "cols": {plan.file.columns[c].letter: f for c, f in plan.mapping.items()
                 if f != IGNORED and c < len(plan.file.columns)},
        "enc": {plan.file.columns[c].letter: e.encoding for c, e in plan.encodings.items()
                if c < len(plan.file.columns)},
        "n": counts, "new": created, "before": before,
        "rows": [[r.number, list(r.raw)] for r in plan.parsed if r.number in imported],
        "left_out": plan.error_rows,
    }


def household_codes(roster: Roster, village: VillageRecord, wanted: Sequence[str]
                    ) -> list[str]:
    """A free household code of a village for each new household, in order.

    A household keeps the number the file gives it ("DH-0008") when that is a code of this
    village, free, and one this database may hand out: on a village laptop with blocks of
    codes from the commune, only inside its own blocks; elsewhere, outside every block given
    to a laptop. The others get codes as `Roster.next_household_code` mints them: a laptop
    only from its blocks, the commune after the highest number, skipping every block.
    `ValidationError` when a laptop's blocks run out.
    """
    if not wanted:
        return []
    numbers = CodeNumbers(roster.store, roster.index.household_by_code, village)
    out: list[int | None] = []
    for text in wanted:
        number = values.code_number(text, village.code)
        if number is not None and number not in numbers.used and numbers.allowed(number):
            numbers.used.add(number)
            out.append(number)
        else:
            out.append(None)
    needed = out.count(None)
    fresh = numbers.mint(needed)
    if len(fresh) < needed:
        raise ValidationError({"code": (
            f"Máy này còn {len(fresh)} số mã hộ xã cấp cho {village.name}, cần "
            f"{needed}. Hãy gửi dữ liệu về xã để nhận thêm số, rồi nhập lại.")})
    minted = iter(fresh)
    return [numbers.code(n if n is not None else next(minted)) for n in out]
