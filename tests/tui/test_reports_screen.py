"""The report screen: choose a monthly village report, see its figures, write the draft PDF,
issue it with a number (asked first), then the issued list, reprint and verify (80×24)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from textual.widgets import Input, Select

from antt_tui.paths import Paths
from antt_tui.roster.incidents import Incidents
from antt_tui.tui.screens.dialogs import ConfirmDialog, DetailDialog, MessageDialog
from antt_tui.tui.screens.form import FormScreen
from antt_tui.tui.screens.issued_reports import IssuedReportsScreen
from antt_tui.tui.screens.report_form import ReportFormScreen
from antt_tui.tui.screens.reports import ReportScreen
from tests.tui.conftest import (
    SIZE,
    choose,
    reopen,
    settle,
    tab_to,
    table_rows,
    text_of,
    type_text,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.test_help_palette_quit import run_palette

FOLDER = ("exports", "bao-cao")
"""Where PDFs go, under the data root (ANTT_HOME)."""


def figures(screen: ReportScreen) -> dict[str, list[str]]:
    """The preview's rows by their first cell (indentation dropped)."""
    return {row[0].strip(): row[1:] for row in table_rows(screen.query_one("#report-figures"))}


async def preview(pilot) -> ReportScreen:
    """Ctrl+S in the report form, then wait for the figures."""
    await pilot.press("ctrl+s")
    screen = await wait_for_screen(pilot, ReportScreen)
    await wait_for(pilot, lambda: screen.figures is not None and not screen.busy,
                   what="the report's figures")
    return screen


async def test_monthly_village_report_draft_issue_list_and_verify(
        make_app, paths: Paths, small_db: Path) -> None:
    with reopen(paths, small_db) as s:
        village = s.roster.village("DH").id
        Incidents(s.roster).add({"date": "15/10/2026", "village": village,
                                 "category": "TP_TTXH_TROM_CAP", "note": "Mất trộm xe máy"})
    folder = paths.home.joinpath(*FOLDER)
    app = make_app(small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_overview(pilot)  # the cursor is on Thôn Đông Hạ
        await pilot.press("b")
        form = await wait_for_screen(pilot, ReportFormScreen)
        assert form.query_one("#f-kind", Select).value == "thang"
        assert form.query_one("#f-unit", Select).value == village
        assert form.query_one("#f-period", Input).value == "2026-10"  # last month
        assert form.query_one("#f-as_of", Input).value == "20/11/2026"
        await tab_to(pilot, form.query_one("#f-shortcomings"))
        await type_text(pilot, "Còn 1 hộ chưa ký cam kết.")

        screen = await preview(pilot)
        title = text_of(screen.query_one("#report-title"))
        # Made on 20/11, the October report counts to the end of October.
        assert title.startswith("Thôn Đông Hạ · Báo cáo tháng 10 năm 2026 · tính đến 31/10/2026")
        assert "Bản nháp: p xuất PDF" in title
        rows = figures(screen)
        assert rows["Hộ đang cư trú"][0] == "2 hộ"
        assert rows["Hộ ký cam kết năm 2026"][0] == "0/2 (0,0%)"
        assert rows["Vụ việc (tổng số)"] == ["1", "0", "+1"]
        assert rows["Tội phạm về trật tự xã hội"] == ["1", "0", "+1"]
        assert "Lượt kiểm tra hộ" in rows and "Tuần tra" in rows

        await pilot.press("p")  # the draft
        await wait_for(pilot, lambda: screen.written is not None, what="the draft PDF")
        draft = folder / "bao-cao-thang-10-2026-thon-dong-ha.pdf"
        assert screen.written == draft
        assert draft.read_bytes().startswith(b"%PDF")
        assert str(draft) in text_of(screen.query_one("#report-status"))

        await pilot.press("e")  # number 5: issue
        form = await wait_for_screen(pilot, ReportFormScreen)
        assert form.query_one("#f-shortcomings").text == "Còn 1 hộ chưa ký cam kết."
        await tab_to(pilot, form.query_one("#f-number"))
        await type_text(pilot, "5")
        screen = await preview(pilot)
        title = text_of(screen.query_one("#report-title"))
        assert "Số 05/BC-TH: p ban hành · chưa có người ký (s: thiết lập)" in title
        # No signer yet: p opens the report settings first, then asks to issue.
        await pilot.press("p")
        settings = await wait_for_screen(pilot, FormScreen)
        assert settings.title_text == "Thiết lập báo cáo — Thôn Đông Hạ: cần người ký để ban hành"
        await tab_to(pilot, settings.query_one("#f-signer_name", Input))
        await type_text(pilot, "Nguyễn Văn Tâm")
        await pilot.press("ctrl+s")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        assert text_of(dialog.query_one(".dialog-title")) == "Ban hành báo cáo số 05/BC-TH?"
        assert "người ký Nguyễn Văn Tâm" in text_of(dialog.query_one(".dialog-body"))
        await pilot.press("shift+tab", "enter")  # "Ban hành"
        await wait_for(pilot, lambda: screen.written is not None and "so-05" in screen.written.name,
                       what="the issued PDF")
        issued = folder / "bao-cao-so-05-thang-10-2026-thon-dong-ha.pdf"
        assert screen.written == issued and issued.read_bytes().startswith(b"%PDF")

        await pilot.press("l")
        listing = await wait_for_screen(pilot, IssuedReportsScreen)
        await wait_for(pilot, lambda: listing.rows, what="the issued reports")
        [row] = table_rows(listing.query_one("#issued"))
        assert row[:4] == ["05/BC-TH", "20/11/2026", "tháng 10 năm 2026 — Thôn…", "1"]
        assert row[4] == listing.rows[0].doc_hash[:16]

        issued.unlink()
        await pilot.press("enter")  # print again: the same bytes
        await wait_for(pilot, issued.exists, what="the reprint")
        await settle(pilot, app)
        assert hashlib.sha256(issued.read_bytes()).hexdigest() == listing.rows[0].pdf_hash

        await pilot.press("k")
        check = await wait_for_screen(pilot, DetailDialog)
        assert "Số liệu hiện nay khớp với báo cáo." in text_of(check.query_one("#detail-text"))
        await pilot.press("escape")
        await wait_for_screen(pilot, IssuedReportsScreen)

    with reopen(paths, small_db) as s:
        [stored] = [r for r in s.store.records("reports")]
        assert (stored["number"], stored["kind"], stored["spec"], stored["version"]) == (
            5, "thang", "2026-10", 1)
        assert stored["text"]["shortcomings"] == "Còn 1 hộ chưa ký cam kết."
        assert stored["document"]["signature"]["name"] == "Nguyễn Văn Tâm"


async def test_a_number_already_used_and_a_late_incident(make_app, paths: Paths,
                                                         small_db: Path) -> None:
    from antt_tui.reports.pdf import render
    from antt_tui.tui.screens.reports import register

    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        for code, signer in (("DH", "Nguyễn Văn Tâm"), ("TL", "Trần Văn Dũng")):
            app.state.run(app.state.session.reports().save_settings,
                          app.state.roster.village(code).id, {"signer_name": signer})
        app.state.run(register(app).issue, kind="thang", spec="2026-09",
                      scope=app.state.roster.village("DH").id, number=5,
                      as_of=app.state.today(), issued_on=app.state.today(), render=render)
        # Another village's quarterly report (from the palette) with the same number: the
        # villages' reports share one series ("/BC-TH").
        await run_palette(pilot, "bao cao")
        form = await wait_for_screen(pilot, ReportFormScreen)
        await choose(pilot, form.query_one("#f-kind", Select), "Báo cáo quý")
        assert form.query_one("#f-period", Input).value == "2026-Q3"  # followed the kind
        await tab_to(pilot, form.query_one("#f-unit", Select))
        await choose(pilot, form.query_one("#f-unit", Select), "Thôn Trung Lập")
        await tab_to(pilot, form.query_one("#f-number"))
        await type_text(pilot, "5")
        screen = await preview(pilot)
        assert text_of(screen.query_one("#report-title")).startswith("Thôn Trung Lập · Báo cáo "
                                                                     "quý III năm 2026")
        rows = figures(screen)
        assert rows["Khu dân cư “An toàn về ANTT”"] == ["Chưa đạt", "", ""]  # a quarter's criteria
        await pilot.press("p")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("shift+tab", "enter")
        message = await wait_for_screen(pilot, MessageDialog)
        body = text_of(message.query_one(".dialog-body"))
        assert body.startswith("Số 05 năm 2026 đã dùng cho báo cáo tháng 09 năm 2026 — Thôn "
                               "Đông Hạ.")
        await pilot.press("escape")
        await wait_for_screen(pilot, ReportScreen)
        assert screen.written is None

        # A late incident in September: the issued village report no longer matches.
        app.state.run(Incidents(app.state.roster).add, {
            "date": "20/09/2026", "village": "Thôn Đông Hạ", "category": "TP_TTXH_TROM_CAP"})
        await pilot.press("l")
        listing = await wait_for_screen(pilot, IssuedReportsScreen)
        await wait_for(pilot, lambda: listing.rows, what="the issued reports")
        await pilot.press("k")
        check = await wait_for_screen(pilot, DetailDialog)
        text = text_of(check.query_one("#detail-text"))
        assert "Số liệu đã thay đổi sau khi ban hành" in text
        assert "Tổng số vụ việc, kỳ này: 0 → 1" in text
        assert "phiên bản 2" in text
        await pilot.press("escape")

        await pilot.press("r")  # issue it again: version 2
        again = await wait_for_screen(pilot, ReportScreen)
        await wait_for(pilot, lambda: again.figures is not None and not again.busy,
                       what="the figures")
        await pilot.press("p")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("shift+tab", "enter")
        await wait_for(pilot, lambda: again.written is not None, what="version 2")
        assert again.written.name == "bao-cao-so-05-thang-09-2026-thon-dong-ha-phien-ban-2.pdf"
        await pilot.press("l")  # back to the list, which shows version 2
        await wait_for(pilot, lambda: isinstance(app.screen, IssuedReportsScreen)
                       and len(app.screen.rows) == 2, what="version 2 in the list")
        assert app.screen is listing
        assert [row[3] for row in table_rows(listing.query_one("#issued"))] == ["2", "1"]


async def test_help_lists_the_report_keys_and_escape_leaves_the_form(make_app,
                                                                     small_db: Path) -> None:
    from antt_tui.tui.screens.help import HelpScreen
    from antt_tui.tui.screens.overview import OverviewScreen

    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        assert ("b", "Báo cáo: Của thôn đang chọn; dòng Cả xã: của xã"
                ) in help_screen.screen_keys()
        await pilot.press("escape")

        await pilot.press("b")
        await wait_for_screen(pilot, ReportFormScreen)
        await pilot.press("escape")  # nothing chosen: back to the overview
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen), what="overview")

        await pilot.press("b")
        await wait_for_screen(pilot, ReportFormScreen)
        screen = await preview(pilot)
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        keys = {d.split(":")[0]: k for k, d in help_screen.screen_keys()}
        assert keys == {"Trợ giúp": "F1", "Quay lại": "Esc", "Xuất PDF": "p", "Ban hành": "p",
                        "Sửa": "e", "Đã ban hành": "l", "Tính lại": "F5", "Mở PDF": "o",
                        "Thiết lập": "s"}
        await pilot.press("escape")
        assert app.screen is screen


async def test_report_settings_are_edited_once_and_used(make_app, paths: Paths,
                                                        small_db: Path) -> None:
    from antt_tui.reports import settings as report_settings
    from antt_tui.tui.screens.form import FormScreen

    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("b")
        await wait_for_screen(pilot, ReportFormScreen)
        screen = await preview(pilot)           # the village's monthly report
        await pilot.press("s")
        form = await wait_for_screen(pilot, FormScreen)
        assert form.query_one("#f-issuing_body", Input).value == "THÔN ĐÔNG HẠ"
        await tab_to(pilot, form.query_one("#f-signer_name", Input))
        await type_text(pilot, "Nguyễn Văn Tâm")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ReportScreen)
        await wait_for(pilot, lambda: screen.document is not None
                       and screen.document.signature.name == "Nguyễn Văn Tâm",
                       what="the report built again with the new signer")
        # No PDF written yet: "o" says so instead of failing.
        await pilot.press("o")
        await settle(pilot, app)
    with reopen(paths, small_db) as s:
        village = s.roster.village("DH").id
        assert report_settings.stored(s.roster.snapshot(), village)["signer_name"] == "Nguyễn Văn Tâm"
