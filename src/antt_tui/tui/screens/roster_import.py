"""Nhập danh sách từ Excel: a village's roster (.xlsx, .xls, .csv) read, previewed, then saved
in one journal entry.

The file is picked on the drives and in the folders (`FileDialog`, Ctrl+O); the columns page
shows what each column is read as and its encoding, both changed from the keyboard (Enter,
m), with the village (t), the sheet of a workbook with several (s: a commune's workbook has
one per village), the heading row (h: when it was not found, or was found wrong) and a saved
way of reading the columns (l saves, u uses); every change plans the file again
(`RosterPreview`). Ctrl+S imports in one save, only the valid
rows when some have errors (after asking); e writes the rows to fix to an .xlsx file, beside
the file or in a folder chosen, never among the data. c opens the list of imports made
(`RosterImportsScreen`), where one is undone.

Importing and writing the error file run in thread workers, which post their results to the
screen as messages. The steps live in `antt_tui.roster.roster_import`, which
`antt import roster` calls too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Static

from antt_tui.domain.errors import DomainError
from antt_tui.domain.numbers import vn_number
from antt_tui.outputs import write_new
from antt_tui.roster.roster_import import (
    ENCODINGS,
    FIELDS,
    NEW,
    NOT_USED,
    Imported,
    RosterPlan,
    apply_saved,
    commit,
    error_rows_xlsx,
    load_columns,
    save_columns,
    saved_names,
)
from antt_tui.storage.errors import describe_os_error
from antt_tui.tui.messages import DataChanged
from antt_tui.tui.screens import roster_import_view as view
from antt_tui.tui.screens.dialogs import ConfirmDialog, ReasonDialog
from antt_tui.tui.screens.roster_import_dialogs import ChoiceDialog
from antt_tui.tui.screens.roster_import_preview import STEP_ERRORS, RosterPreview
from antt_tui.tui.screens.sync_drives import DriveDialog
from antt_tui.tui.views import shorten


@dataclass
class Committed(Message, bubble=False):
    """The import was written, or `error` says why nothing was."""

    result: Imported | None
    error: str = ""


@dataclass
class ErrorsWritten(Message, bubble=False):
    """The rows to fix were written to `path`, or `error` says why not."""

    path: Path | None
    error: str = ""


class RosterImportScreen(RosterPreview):
    """Nhập danh sách từ Excel: pick the file, check the columns, preview, import."""

    HELP_TITLE = "Nhập danh sách từ Excel"
    BINDINGS = [
        Binding("f1", "app.help", "Trợ giúp", tooltip="Mọi phím của màn hình này", id="help"),
        Binding("escape", "back", "Quay lại", tooltip="Không nhập gì, về màn hình trước",
                id="back"),
        Binding("ctrl+s", "import", "Nhập",
                tooltip="Nhập danh sách đã xem trước trong một lần lưu (có dòng lỗi: hỏi "
                        "trước khi nhập các dòng hợp lệ)", id="import"),
        Binding("ctrl+o", "choose_file", "Chọn tệp",
                tooltip="Chọn tệp khác trên USB hoặc trong thư mục", id="choose_file"),
        Binding("enter", "change_field", "Đọc cột là",
                tooltip="Đổi trường mà cột đang chọn được đọc là", show=False,
                id="change_field"),
        Binding("m", "encoding", "Bảng mã",
                tooltip="Đổi bảng mã của cột đang chọn (Unicode, TCVN3, VNI…)", id="encoding"),
        Binding("e", "export_errors", "Xuất lỗi",
                tooltip="Ghi các hộ có dòng lỗi ra tệp .xlsx để sửa rồi nhập lại",
                id="export_errors"),
        Binding("c", "imports", "Lần nhập",
                tooltip="Các lần nhập danh sách đã làm; hoàn tác một lần nhập",
                id="imports"),
        Binding("t", "village", "Thôn", tooltip="Chọn thôn nhận danh sách khi tệp không ghi",
                show=False, id="village"),
        Binding("s", "sheet", "Trang", tooltip="Đọc trang khác của tệp Excel (tệp của cả xã: "
                                                "mỗi thôn một trang, nhập lần lượt)",
                show=False, id="sheet"),
        Binding("h", "heading_row", "Dòng tiêu đề",
                tooltip="Chọn dòng ghi tên các cột (khi không tự nhận ra, hoặc nhận sai)",
                show=False, id="heading_row"),
        Binding("l", "save_columns", "Lưu cách đọc",
                tooltip="Lưu cách đọc cột và bảng mã dưới một tên để dùng lại", show=False,
                id="save_columns"),
        Binding("u", "use_saved", "Dùng cách đã lưu",
                tooltip="Đọc các cột theo một cách đã lưu", show=False, id="use_saved"),
        Binding("1", "page('ri-columns')", "Các cột",
                tooltip="Cột, tiêu đề, đọc là, bảng mã", show=False, id="page_columns"),
        Binding("2", "page('ri-preview')", "Xem trước",
                tooltip="Dòng lỗi, nghi trùng, thay đổi, mẫu trước → sau", show=False,
                id="page_preview"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing but F1 and Esc while a step runs (not Esc while importing)."""
        if action == "back":
            return None if self.busy.startswith("Đang nhập") else True
        if action == "help":
            return True
        if action == "village":
            if self.file is None or not self._several_villages():
                return False
            return None if self.busy else True
        if action == "sheet":
            if self.file is None or len(self.file.sheets) < 2:
                return False
            return None if self.busy else True
        if self.busy:
            return None
        if action == "import":
            ready = self.plan is not None and self.plan.has_work and self.done is None
            return True if ready else None
        if action == "export_errors":
            # Hidden with no row to fix: at 80 columns the footer then has room for c.
            return bool(self.plan is not None and self.plan.rows_to_fix)
        if action in ("change_field", "encoding", "save_columns", "use_saved", "page",
                      "heading_row"):
            return True if self.file is not None else None
        return True

    # ------------------------------------------------------------------ the columns

    @on(DataTable.RowSelected, "#ri-columns")
    def _enter_on_column(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_change_field()

    @on(DataTable.RowSelected, "#ri-preview")
    def _enter_on_preview(self, event: DataTable.RowSelected) -> None:
        event.stop()  # the line is already written out in full under the table

    def _on_columns_page(self) -> int | None:
        """The highlighted column, the columns page shown first if it was not."""
        if self.check_action("change_field", ()) is not True:
            return None
        if self.query_one(ContentSwitcher).current != "ri-columns":
            self.action_page("ri-columns")
        return self._column()

    def _column_name(self, col: int) -> str:
        """"B “Họ và tên”", or "B" for a column without a heading."""
        line = next((c for c in self.columns if c.index == col), None)
        return line.name if line is not None else str(col)

    def action_change_field(self) -> None:
        """Choose what the highlighted column is read as."""
        col = self._on_columns_page()
        if col is None or self.file is None:
            return
        example = next((c.example for c in self.columns if c.index == col), "")
        self.app.push_screen(ChoiceDialog(
            f"Cột {self._column_name(col)} đọc là…",
            (f"Ví dụ: {shorten(example, 40)}. " if example else "")
            + "Gõ chữ cái đầu để nhảy tới, Enter để chọn. Mỗi trường chỉ đọc ở một cột: cột "
            "khác đang đọc trường này sẽ thành “không dùng”.",
            [("-", NOT_USED), *FIELDS.items()], self.mapping.get(col) or "-"),
            lambda chosen: self._set_field(col, chosen))

    def _set_field(self, col: int, field_id: str | None) -> None:
        if field_id is None:
            return
        self.mapping = {c: f for c, f in self.mapping.items() if c != col and f != field_id}
        if field_id != "-":
            self.mapping[col] = field_id
        self._replan()

    def action_encoding(self) -> None:
        """Choose the encoding of the highlighted column, or of every column."""
        col = self._on_columns_page()
        if col is None or self.file is None:
            return
        detected = self.file.encodings.get(col)
        if detected is None:
            self.notify(f"Cột {self._column_name(col)} không có chữ: không cần bảng mã.",
                        timeout=4)
            return
        options = [("auto", f"Như đã nhận: {detected.label}")]
        options += [(f"col:{code}", label) for code, label in ENCODINGS.items()]
        options += [(f"all:{code}", f"Mọi cột có chữ: {label}") for code, label in
                    ENCODINGS.items()]
        current = f"col:{self.chosen[col]}" if col in self.chosen else "auto"
        self.app.push_screen(ChoiceDialog(
            f"Bảng mã của cột {self._column_name(col)}",
            "Chữ hiện sai dấu (“NguyÔn”, “Nguyeãn”) là đọc sai bảng mã. Xem cột Ví dụ sau khi "
            "chọn.", options, current), lambda chosen: self._set_encoding(col, chosen))

    def _set_encoding(self, col: int, choice: str | None) -> None:
        if choice is None or self.file is None:
            return
        where, _, code = choice.partition(":")
        if where == "auto":
            self.chosen.pop(col, None)
        elif where == "all":
            self.chosen = dict.fromkeys(self.file.encodings, code)
        else:
            self.chosen[col] = code
        self._replan()

    def action_village(self) -> None:
        """Choose the village that receives the file's households."""
        villages = self._villages()
        options = [("*", "Theo tệp (cột Thôn, Địa chỉ, tiêu đề, tên trang)")]
        options += [(v.code, f"{v.name} ({v.code})") for v in villages]
        self.app.push_screen(ChoiceDialog(
            "Thôn nhận danh sách", "Các hộ của tệp vào thôn nào? Hộ mà tệp ghi thôn khác sẽ "
            "bị báo lỗi.", options, self.village or "*"), self._set_village)

    def _set_village(self, code: str | None) -> None:
        if code is None:
            return
        self.village = "" if code == "*" else code
        self._replan()

    def action_sheet(self) -> None:
        """Read another sheet of the workbook (a commune's workbook: a sheet per village)."""
        if self.check_action("sheet", ()) is not True or self.file is None:
            return
        current = self.file.sheet
        options = [(title, f"{title} (đang xem)" if title == current else title)
                   for title in self.file.sheets]
        self.app.push_screen(ChoiceDialog(
            "Đọc trang khác của tệp",
            f"Tệp có {vn_number(len(self.file.sheets))} trang. Mỗi lần nhập một trang (tệp của "
            "cả xã: mỗi thôn một trang); thôn theo tên trang hoặc cột Thôn, hoặc chọn bằng t.",
            options, current), self._set_sheet)

    def _set_sheet(self, title: str | None) -> None:
        if title is None or self.file is None or title == self.file.sheet:
            return
        self._read_again(title, None)

    def action_heading_row(self) -> None:
        """Choose the row that holds the columns' headings."""
        if self.check_action("heading_row", ()) is not True or self.file is None:
            return
        options = [(value, shorten(label, 70)) for value, label in view.heading_rows(self.file)]
        self.app.push_screen(ChoiceDialog(
            "Dòng tiêu đề: dòng ghi tên các cột",
            "Chọn dòng có “Họ và tên”, “Ngày sinh”… (các dòng trên nó là tiêu đề của tệp). "
            "Sau đó Enter trên từng cột để chọn cột đọc là gì.",
            options, str(self.file.heading_row)), self._set_heading_row)

    def _set_heading_row(self, value: str | None) -> None:
        if value is None or self.file is None:
            return
        self._read_again(self.file.sheet, int(value))

    def action_save_columns(self) -> None:
        """Save how the columns are read under a name."""
        if self.check_action("save_columns", ()) is not True:
            return
        self.app.push_screen(ReasonDialog(
            "Lưu cách đọc cột", "Lưu cách đọc các cột và bảng mã đã chọn để dùng lại cho tệp "
            "cùng mẫu (phím u). Cột được nhận theo tiêu đề.", prompt="Tên:",
            confirm="Lưu (Enter)", variant="primary", placeholder="ví dụ: Mẫu thôn Đông Hạ",
            empty="Hãy đặt tên cho cách đọc cột."), self._save_columns)

    def _save_columns(self, name: str | None) -> None:
        if name is None or self.file is None:
            return
        try:
            saved = save_columns(self.antt.state.paths, name, self.file,
                                 self.mapping, self.chosen)
        except DomainError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        except OSError as exc:
            self.notify(f"Chưa lưu được: {describe_os_error(exc)}.", severity="error", timeout=8)
            return
        self.notify(f"Đã lưu cách đọc cột “{saved.name}”: dùng lại bằng phím u.",
                    title="Đã lưu", timeout=5)

    def action_use_saved(self) -> None:
        """Read the columns the way saved under a name."""
        if self.check_action("use_saved", ()) is not True:
            return
        names = saved_names(self.antt.state.paths)
        if not names:
            self.notify("Chưa lưu cách đọc cột nào: nhấn l để lưu cách đọc của tệp này.",
                        timeout=5)
            return
        self.app.push_screen(ChoiceDialog(
            "Dùng cách đọc cột đã lưu", "Các cột được nhận theo tiêu đề.",
            [(name, name) for name in names]), self._use_saved)

    def _use_saved(self, name: str | None) -> None:
        if name is None or self.file is None:
            return
        try:
            saved = load_columns(self.antt.state.paths, name)
        except DomainError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.mapping, self.chosen = apply_saved(self.file, saved, self.mapping)
        self._replan()

    # ------------------------------------------------------------------ importing

    def action_import(self) -> None:
        """Import the plan in one save; with errors, only after choosing the valid rows."""
        if self.check_action("import", ()) is not True or self.plan is None:
            return
        if self.plan.ok:
            self._start_import(True)
            return
        rows = vn_number(len(self.plan.error_rows))
        self.app.push_screen(ConfirmDialog(
            f"Tệp có {rows} dòng lỗi",
            "Các dòng lỗi không được nhập; hộ có dòng chủ hộ bị lỗi bị loại cả hộ. Nhập các "
            "dòng hợp lệ bây giờ, rồi sửa các dòng lỗi (e: xuất ra tệp) và nhập lại tệp đã "
            "sửa: những dòng đã nhập không bị thêm lần nữa.",
            confirm="Nhập các dòng hợp lệ", cancel="Quay lại"), self._start_import)

    def _start_import(self, ok: bool | None) -> None:
        # None: Ctrl+S pressed again in the dialog, the import key itself: import.
        if ok is False or self.plan is None:
            return
        self._set_busy(f"Đang nhập {vn_number(self.plan.count(NEW))} hộ mới, "
                       f"{vn_number(self.plan.people(NEW))} nhân khẩu mới…")
        self._commit(self.plan, not self.plan.ok, self._ask)

    @work(thread=True, exclusive=True, group="roster-commit")
    def _commit(self, planned: RosterPlan, skip_errors: bool, ask: int) -> None:
        state = self.antt.state
        progress = self._reporter(ask, "Đang nhập:", "hộ", "Đang lưu:")
        try:
            result = state.run(commit, state.roster, planned, skip_errors=skip_errors,
                               progress=progress)
        except STEP_ERRORS as exc:
            self.post_message(Committed(None, str(exc)))
            return
        self.post_message(Committed(result))

    @on(Committed)
    def _committed(self, message: Committed) -> None:
        self._set_busy("")
        result = message.result
        if result is None:
            self.query_one("#ri-hint", Static).update(
                f"[b red]{escape(message.error)}[/] Chưa nhập gì: dữ liệu không thay đổi.")
            self.notify(f"{message.error} Chưa nhập gì.", title="Chưa nhập",
                        severity="error", timeout=10)
            return
        if not result.import_id:
            self.notify("Không có gì để nhập.", timeout=5)
            return
        self.done = result
        self._show()
        self.app.post_message(DataChanged(view.imported_line(result)))

    # ------------------------------------------------------------------ the rows to fix

    def action_export_errors(self) -> None:
        """Write the households with a row to fix to an .xlsx file."""
        if self.check_action("export_errors", ()) is not True or self.source is None:
            return
        self.app.push_screen(ChoiceDialog(
            "Xuất các dòng lỗi ra tệp",
            "Các hộ có dòng lỗi (cả hộ) được ghi ra một tệp .xlsx, cột “Lỗi” ghi lý do. Sửa "
            "trong Excel rồi nhập lại tệp đó.",
            [("beside", f"Cạnh tệp gốc: {self.source.parent}"),
             ("other", "Chọn USB hoặc thư mục khác…")]), self._export_where)

    def _export_where(self, where: str | None) -> None:
        if where == "beside" and self.source is not None:
            self._export_to(self.source.parent)
        elif where == "other":
            self.app.push_screen(DriveDialog("Ghi các dòng lỗi vào: chọn USB hoặc thư mục"),
                                 self._export_to)

    def _export_to(self, folder: Path | None) -> None:
        if folder is None or self.plan is None:
            return
        self._set_busy("Đang ghi các dòng lỗi…")
        self._export(self.plan, folder)

    @work(thread=True, exclusive=True, group="roster-errors")
    def _export(self, planned: RosterPlan, folder: Path) -> None:
        state = self.antt.state
        name = f"{Path(planned.file.source).stem}-dong-loi.xlsx"
        try:
            written = write_new(folder / name, error_rows_xlsx(planned), paths=state.paths,
                                protected=[state.folder])
        except DomainError as exc:
            self.post_message(ErrorsWritten(None, str(exc)))
            return
        except OSError as exc:
            self.post_message(ErrorsWritten(None, f"Không ghi được tệp: "
                                                  f"{describe_os_error(exc)}."))
            return
        self.post_message(ErrorsWritten(written))

    @on(ErrorsWritten)
    def _errors_written(self, message: ErrorsWritten) -> None:
        self._set_busy("")
        if message.path is None:
            self.notify(f"{message.error} (e: chọn thư mục khác)", title="Chưa ghi được",
                        severity="error", timeout=10)
            return
        said = (f"Đã ghi các hộ có dòng lỗi vào {message.path}: sửa rồi nhập lại tệp đó (những "
                "dòng đã nhập không bị thêm lần nữa).")
        self.query_one("#ri-hint", Static).update(escape(said))
        self.notify(said, title="Đã ghi", timeout=8)

    def action_imports(self) -> None:
        """The roster imports made (this one too), to undo one."""
        if self.check_action("imports", ()) is True:
            self.antt.action_roster_imports()

    def action_back(self) -> None:
        """Leave (whatever was not imported is not)."""
        if self.check_action("back", ()) is True:
            self.app.pop_screen()
