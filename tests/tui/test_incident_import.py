"""Nhập vụ việc từ tệp Excel, from the keyboard at 80×24: Ctrl+O on the incident list (or the
palette), a path or pasted cells, the preview with the refused rows, then Ctrl+S or Esc."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from textual import events
from textual.widgets import DataTable, Input, TextArea

from antt_tui.paths import Paths
from antt_tui.roster.incidents import Incidents
from antt_tui.tui.screens.incident_import import IncidentImportScreen
from tests.tui.conftest import (
    SIZE,
    reopen,
    settle,
    table_rows,
    text_of,
    toasts,
    type_text,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.test_help_palette_quit import run_palette
from tests.tui.test_visits_incidents import list_rows, open_incident_list


def year_file(folder: Path) -> Path:
    """300 incidents of 2026 and three rows with a mistake (rows 12, 52, 102)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Vụ việc 2026"
    sheet.append(["Ngày", "Thôn", "Loại vụ việc", "Nơi xảy ra", "Ghi chú"])
    for i in range(303):
        sheet.append([date(2026, 1 + i % 10, 1 + i % 28), "DH" if i % 2 else "TL",
                      "Trộm cắp tài sản", f"Nhà số {i}", f"Vụ {i + 1}"])
    sheet["A12"] = "30/02/2026"
    sheet["B52"] = "Thôn Bắc"
    sheet["C102"] = "đánh bạc"
    path = folder / "vu-viec-2026.xlsx"
    book.save(path)
    return path


async def preview_ready(pilot, screen: IncidentImportScreen) -> None:
    await wait_for(pilot, lambda: screen.plan is not None and not screen.busy,
                   what="the preview")
    await settle(pilot, pilot.app)


def summary(screen: IncidentImportScreen) -> str:
    return text_of(screen.query_one("#ii-summary"))


async def test_a_year_from_excel_previewed_then_saved(make_app, paths: Paths, small_db: Path,
                                                      tmp_path: Path) -> None:
    path = year_file(tmp_path)
    app = make_app(small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        listing = await open_incident_list(pilot)
        await pilot.press("ctrl+o")
        screen = await wait_for_screen(pilot, IncidentImportScreen)
        assert app.focused is screen.query_one("#ii-path", Input)
        assert "save" not in {b.binding.action for b in app.active_bindings.values()
                              if b.enabled} and screen.check_action("commit", ()) is None
        await type_text(pilot, str(path))
        await pilot.press("enter")
        await preview_ready(pilot, screen)

        text = summary(screen)
        assert "vu-viec-2026.xlsx, trang “Vụ việc 2026” · dòng tiêu đề 1" in text
        assert "Sẽ thêm 300 vụ việc" in text and "từ chối: 3" in text
        table = screen.query_one("#ii-table", DataTable)
        assert app.focused is table
        rows = table_rows(table)
        assert [r[:2] for r in rows[:3]] == [["12", "Từ chối"], ["52", "Từ chối"],
                                             ["102", "Từ chối"]]
        detail = text_of(screen.query_one("#ii-detail"))
        assert detail.startswith("Dòng 12 (Từ chối)")
        assert "Ngày xảy ra: Ngày không hợp lệ: “30/02/2026”" in detail
        await pilot.press("down")
        assert "Thôn: “Thôn Bắc” không có trong danh sách" in text_of(
            screen.query_one("#ii-detail"))
        assert Incidents(app.state.roster).list() == []  # nothing written by the preview

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is listing and len(listing.rows) == 300,
                       what="the list with the new incidents")
        await settle(pilot, app)
        assert text_of(listing.query_one("#incident-status")).startswith(
            "300 vụ việc · trang 1/2")
        assert len(list_rows(listing)) == 200
        assert any("Đã nhập 300 vụ việc từ vu-viec-2026.xlsx" in t and "3 dòng bị từ chối" in t
                   for t in toasts(app))

    with reopen(paths, small_db) as session:
        stored = Incidents(session.roster).list()
        assert len(stored) == 300
        assert {i.note for i in stored} >= {"Vụ 1", "Vụ 303"}


async def test_pasted_cells_then_esc_keeps_nothing(make_app, paths: Paths,
                                                   small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await run_palette(pilot, "nhap vu viec tu tep")  # "Nhập vụ việc từ tệp Excel"
        screen = await wait_for_screen(pilot, IncidentImportScreen)
        await pilot.press("tab")
        paste = screen.query_one("#ii-paste", TextArea)
        assert app.focused is paste
        app.post_message(events.Paste(  # as the terminal sends a paste
            "Ngày\tThôn\tLoại vụ việc\tNơi xảy ra\n"
            "02/03/2026\tĐông Hạ\tCháy\tNhà ông Giang\n"
            "03/03/2026\tTrung Lập\tva cham giao thong\tNgã tư\n"))
        await preview_ready(pilot, screen)
        assert "Sẽ thêm 2 vụ việc" in summary(screen)
        assert app.focused is paste  # typing is not interrupted
        assert [r[:5] for r in table_rows(screen.query_one("#ii-table", DataTable))] == [
            ["2", "Thêm", "02/03/2026", "Thôn Đông Hạ", "Cháy"],
            ["3", "Thêm", "03/03/2026", "Thôn Trung…", "Va chạm giao thông"]]
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, IncidentImportScreen),
                       what="the screen to close")

    with reopen(paths, small_db) as session:
        assert Incidents(session.roster).list() == []


async def test_enter_on_the_preview_saves_and_the_same_file_adds_nothing(
        make_app, paths: Paths, small_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "hai-vu.csv"
    path.write_text("Ngày;Thôn;Loại vụ việc\n05/04/2026;DH;CHAY\n06/04/2026;TL;TNGT\n",
                    encoding="utf-8")
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        listing = await open_incident_list(pilot)
        for attempt in (1, 2):
            await pilot.press("ctrl+o")
            screen = await wait_for_screen(pilot, IncidentImportScreen)
            screen.query_one("#ii-path", Input).value = str(path)
            await pilot.press("enter")
            await preview_ready(pilot, screen)
            if attempt == 1:
                await pilot.press("enter")  # on the preview table: save
                await wait_for(pilot, lambda: app.screen is listing and len(listing.rows) == 2,
                               what="the list with two incidents")
                continue
            assert "Sẽ thêm 0 vụ việc" in summary(screen)
            assert "trùng vụ việc đã có (bỏ qua, F6): 2" in summary(screen)
            assert screen.check_action("commit", ()) is None  # nothing to save: greyed
            await pilot.press("f6")  # import the look-alikes after all
            assert "Sẽ thêm 2 vụ việc" in summary(screen)
            await pilot.press("f6")
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is listing, what="the list")

    with reopen(paths, small_db) as session:
        assert len(Incidents(session.roster).list()) == 2
