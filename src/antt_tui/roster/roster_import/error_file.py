"""The rows with errors as an .xlsx file to fix and import again.

Each household with an error comes whole (its rows without errors too, so that a member's
row still has its head above it, and the line of household details above it, if any: its
number, its address), in Unicode, with two columns in front: the row number in
the original file and what is wrong. Importing the fixed file again adds only what is new:
the rows already imported are found and left as they are. The two added columns are ignored
on import.
"""

from __future__ import annotations

import io

from antt_tui.roster.roster_import.fields import FIELDS
from antt_tui.roster.roster_import.planned import RosterPlan
from antt_tui.roster.roster_import.rows import CARRIER, PERSON, ParsedRow

__all__ = ["ERROR_HEADINGS", "error_rows_xlsx"]

ERROR_HEADINGS = ("Dòng gốc", "Lỗi")
"""The columns the error file puts in front of the roster's own."""


def error_rows_xlsx(plan: RosterPlan) -> bytes:
    """The rows to fix (see the module docstring) as .xlsx bytes; empty rows when none."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wanted = set(plan.error_rows)
    for household in plan.households:
        if wanted & set(household.rows) or household.status == "refused":
            wanted |= set(household.rows)
    reasons: dict[int, list[str]] = {}
    for problem in plan.errors:
        reasons.setdefault(problem.row, []).append(problem.message)
    book = Workbook()
    sheet = book.active
    sheet.title = "Dòng cần sửa"
    # A column without a heading (a file read without a heading row) is headed by what it
    # was read as, so that the fixed file is read the same way on its own.
    headings = [h or FIELDS.get(plan.mapping.get(i, ""), "")
                for i, h in enumerate(plan.file.headings())]
    sheet.append([*ERROR_HEADINGS, *headings])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    pending: list[ParsedRow] = []  # a line of household details waits for its first member
    for row in plan.parsed:
        if row.kind == CARRIER:
            pending.append(row)
            continue
        if row.kind != PERSON:  # a group title, a total: not part of a household
            continue
        if row.number in wanted:
            for line in [*pending, row]:
                cells = [line.shown.get(i, line.raw[i] if i < len(line.raw) else "")
                         for i in range(len(headings))]
                sheet.append([line.number, "; ".join(reasons.get(line.number, [])),
                              *[c or None for c in cells]])
        pending = []
    sheet.column_dimensions["B"].width = 60
    for cell in sheet["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
