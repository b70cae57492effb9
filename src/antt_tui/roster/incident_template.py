"""The empty workbook a commune fills in to enter a year of incidents (`antt incident import
--mau`): the headings the import reads, and a sheet listing the category codes and labels."""

from __future__ import annotations

import io

from antt_tui.criteria.taxonomy import Taxonomy, load_taxonomy
from antt_tui.roster.formcheck import forms
from antt_tui.roster.incident_import import REQUIRED, TEMPLATE_FIELDS, heading_of

__all__ = ["CATEGORY_SHEET", "INCIDENT_SHEET", "template_xlsx"]

INCIDENT_SHEET = "Vụ việc"
CATEGORY_SHEET = "Danh mục"
_ROWS = 2000
"""Rows of the incident sheet that get the drop-down lists."""
_WIDTHS = {"date": 12, "time": 7, "village": 18, "place": 22, "category": 36, "severity": 18,
           "status": 20, "handling": 24, "note": 40}


def template_xlsx(taxonomy: Taxonomy | None = None) -> bytes:
    """The template as .xlsx bytes: sheet "Vụ việc" with the headings (required ones bold
    and marked *), and sheet "Danh mục" with every category, severity and status."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    taxonomy = taxonomy or load_taxonomy()
    form = forms()["incident"]
    book = Workbook()
    sheet = book.active
    sheet.title = INCIDENT_SHEET
    bold, fill = Font(bold=True), PatternFill("solid", start_color="DDEBF7")
    columns: dict[str, str] = {}
    for index, field_id in enumerate(TEMPLATE_FIELDS, start=1):
        letter = get_column_letter(index)
        columns[field_id] = letter
        cell = sheet.cell(row=1, column=index,
                          value=heading_of(field_id) + (" *" if field_id in REQUIRED else ""))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = _WIDTHS.get(field_id, 14)
    sheet.freeze_panes = "A2"
    sheet.column_dimensions[columns["date"]].number_format = "DD/MM/YYYY"
    sheet.column_dimensions[columns["time"]].number_format = "@"  # "21:30" stays as typed

    lists = book.create_sheet(CATEGORY_SHEET)
    lists.append(["Mã loại", "Loại vụ việc", "Nhóm", "", "Mức độ", "", "Tình trạng"])
    for cell in lists[1]:
        cell.font = bold
    categories = list(taxonomy.categories.values())
    severities = [c.label for c in form.field("severity").choices]
    statuses = [c.label for c in form.field("status").choices]
    for i in range(max(len(categories), len(severities), len(statuses))):
        category = categories[i] if i < len(categories) else None
        lists.append([category.code if category else None,
                      category.label if category else None,
                      taxonomy.groups.get(category.group, "") if category else None, None,
                      severities[i] if i < len(severities) else None, None,
                      statuses[i] if i < len(statuses) else None])
    for letter, width in (("A", 30), ("B", 60), ("C", 28), ("E", 22), ("G", 24)):
        lists.column_dimensions[letter].width = width
    lists.freeze_panes = "A2"

    # Drop-down lists of labels; a code typed instead is read as well, so Excel only offers.
    for field_id, source, count in (("category", "B", len(categories)),
                                    ("severity", "E", len(severities)),
                                    ("status", "G", len(statuses))):
        check = DataValidation(type="list", allow_blank=True, showErrorMessage=False,
                               formula1=f"='{CATEGORY_SHEET}'!${source}$2:${source}${count + 1}")
        check.add(f"{columns[field_id]}2:{columns[field_id]}{_ROWS + 1}")
        sheet.add_data_validation(check)
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()
