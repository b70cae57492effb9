"""What "Nhập danh sách từ Excel" shows of a roster file and its plan, as plain data: the
file and its heading row, the counts, and the preview's lines (rows with errors first, then
suspected duplicates, changes, warnings, the sample before → after, notes). The columns
come from the core's `column_views`.

The wording follows `antt import roster` (cli/imports.py), so that the screen and the
command say the same things.
"""

from __future__ import annotations

from dataclasses import dataclass

from antt_tui.domain.numbers import vn_number
from antt_tui.roster.roster_import import (
    CHANGED,
    NEW,
    REFUSED,
    SAME,
    Imported,
    RosterFile,
    RosterPlan,
)

ERROR, DUPLICATE, CHANGE, ADDED, WARNING, SAMPLE, NOTE = (
    "Lỗi", "Nghi trùng", "Sửa", "Thêm vào hộ", "Cảnh báo", "Mẫu", "Ghi chú")
"""The kinds of preview line, as the table's second column names them."""

STYLES = {ERROR: "bold red", DUPLICATE: "yellow", WARNING: "yellow", CHANGE: "cyan"}


@dataclass(frozen=True, slots=True)
class PreviewLine:
    """One row of the preview table: the file's row (0 for none), its kind, what to say."""

    row: int
    kind: str
    text: str


def file_line(file: RosterFile) -> str:
    """"ds.xlsx, trang “Đông Hạ” · dòng tiêu đề 2 · trang 1/3 (s: trang khác)"."""
    line = f"{file.name} · {file.heading_label}"
    if len(file.sheets) > 1 and file.sheet in file.sheets:
        line += (f" · trang {file.sheets.index(file.sheet) + 1}/{len(file.sheets)} "
                 "(s: trang khác)")
    return line


def village_line(plan: RosterPlan) -> str:
    """"Thôn Đông Hạ (3 hộ) · xếp hộ: cột số hộ …"."""
    villages: dict[str, int] = {}
    for household in plan.households:
        name = household.village_name or "chưa rõ thôn"
        villages[name] = villages.get(name, 0) + 1
    where = "; ".join(f"{name} ({vn_number(n)} hộ)" for name, n in villages.items())
    return f"{where or 'Không có hộ nào'} · xếp hộ: {plan.layout_label}"


def count_lines(plan: RosterPlan) -> list[str]:
    """The households and people found, as `antt import roster` counts them ("có thay
    đổi", "không đổi": found among the stored ones)."""
    return [f"Hộ mới: {vn_number(plan.count(NEW))} · có thay đổi: "
            f"{vn_number(plan.count(CHANGED))} · không đổi: {vn_number(plan.count(SAME))}"
            f" · bị loại vì lỗi: {vn_number(plan.count(REFUSED))}",
            f"Nhân khẩu mới: {vn_number(plan.people(NEW))} · sửa: "
            f"{vn_number(plan.people(CHANGED))} · không đổi: {vn_number(plan.people(SAME))}"]


def heading_rows(file: RosterFile) -> list[tuple[str, str]]:
    """The rows the heading row can be chosen among (id, label), "none" first."""
    return [("0", "Không có dòng tiêu đề: mọi dòng là dữ liệu, cột gọi bằng chữ cái"),
            *((str(number), f"Dòng {number}: {text}") for number, text in file.first_rows)]


def preview_lines(plan: RosterPlan) -> list[PreviewLine]:
    """Everything the officer should read before importing, the rows to fix first."""
    reasons: dict[int, list[str]] = {}
    for problem in plan.errors:
        reasons.setdefault(problem.row, []).append(problem.message)
    lines = [PreviewLine(row, ERROR, " · ".join(reasons[row])) for row in sorted(reasons)]
    lines += [PreviewLine(d.row, DUPLICATE, f"{d.name} giống {d.existing_name} (hộ "
                                            f"{d.household_code}): {d.reason}")
              for d in plan.duplicates]
    for household in plan.households:
        if household.status != CHANGED:
            continue
        where = f"{household.existing_code}: " if household.existing_code else ""
        lines += [PreviewLine(household.rows[0], CHANGE, where + c.text)
                  for c in household.all_changes]
        lines += [PreviewLine(p.row, ADDED, f"{p.name} vào hộ {household.existing_code}")
                  for p in household.people if p.status == NEW]
    lines += [PreviewLine(p.row, WARNING, p.message) for p in plan.warnings]
    for sample in plan.sample:
        cells = [f"{c.heading}: {c.before_seen}" + (f" → {c.after}" if c.after != c.before
                                                      else "")
                 for c in sample.cells]
        lines.append(PreviewLine(sample.row, SAMPLE, " · ".join(cells)))
    lines += [PreviewLine(0, NOTE, note) for note in plan.notes]
    if plan.skipped:
        shown = ", ".join(str(r) for r in plan.skipped[:50])
        more = f" … và {vn_number(len(plan.skipped) - 50)} dòng nữa" if len(plan.skipped) > 50 \
            else ""
        lines.append(PreviewLine(0, NOTE, f"Bỏ qua các dòng không phải nhân khẩu: {shown}{more}"))
    return lines


def imported_line(result: Imported) -> str:
    """"Đã nhập … (mã 3f9a2c1b): 2 hộ mới, 4 nhân khẩu mới, 0 bản ghi sửa." for the
    notification and the screen."""
    return (f"Đã nhập danh sách {result.plan.file.source} trong một lần lưu (mã "
            f"{result.code}): {vn_number(len(result.households))} hộ mới, "
            f"{vn_number(result.persons)} nhân khẩu mới, {vn_number(result.changed)} bản ghi "
            "sửa." + (f" {result.left_out_text}" if result.left_out else ""))
