"""The report screen never replaces a file: an earlier PDF of the same name is kept and the
new one takes the next free name; a reports folder inside a database is refused."""

from __future__ import annotations

from pathlib import Path

from antt_tui.paths import Paths
from antt_tui.session import Session
from antt_tui.tui.screens.dialogs import MessageDialog
from antt_tui.tui.screens.report_form import ReportFormScreen
from antt_tui.tui.screens.reports import ReportScreen
from tests.conftest import TODAY
from tests.tui.conftest import (
    OFFICER,
    SIZE,
    add_small_commune,
    settle,
    text_of,
    toasts,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)

DRAFT = "bao-cao-thang-10-2026-thon-dong-ha.pdf"


async def draft_screen(pilot) -> ReportScreen:
    """b on the overview (Thôn Đông Hạ, last month), Ctrl+S, wait for the figures."""
    await wait_for_overview(pilot)
    await pilot.press("b")
    await wait_for_screen(pilot, ReportFormScreen)
    await pilot.press("ctrl+s")
    screen = await wait_for_screen(pilot, ReportScreen)
    await wait_for(pilot, lambda: screen.figures is not None and not screen.busy,
                   what="the report's figures")
    return screen


async def test_an_earlier_pdf_is_kept(make_app, paths: Paths, small_db: Path) -> None:
    folder = paths.exports / "bao-cao"
    folder.mkdir(parents=True)
    (folder / DRAFT).write_bytes(b"ban da ky, da gui")
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await draft_screen(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: screen.written is not None, what="the draft PDF")
        assert screen.written == folder / "bao-cao-thang-10-2026-thon-dong-ha-2.pdf"
        assert screen.written.read_bytes().startswith(b"%PDF")
        assert str(screen.written) in text_of(screen.query_one("#report-status"))
    assert (folder / DRAFT).read_bytes() == b"ban da ky, da gui"


async def test_a_reports_folder_inside_a_database_is_refused(make_app, paths: Paths) -> None:
    # A database kept (oddly) where the PDFs would go: writing there would damage it.
    folder = paths.exports / "bao-cao"
    with Session.open(folder, paths=paths, officer=OFFICER, create=True,
                      today=lambda: TODAY) as session:
        add_small_commune(session)
    before = sorted(p.name for p in folder.iterdir())
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await draft_screen(pilot)
        await pilot.press("p")
        dialog = await wait_for_screen(pilot, MessageDialog)
        assert text_of(dialog.query_one(".dialog-title")) == "Chưa ghi được tệp PDF"
        assert "thư mục cơ sở dữ liệu" in text_of(dialog.query_one(".dialog-body"))
        await pilot.press("escape")
        await settle(pilot, app)
        assert screen.written is None
    assert sorted(p.name for p in folder.iterdir()) == before


async def test_no_pdf_viewer_is_said_in_words(make_app, paths: Paths, small_db: Path,
                                              tmp_path: Path, monkeypatch) -> None:
    import sys

    if sys.platform.startswith("win"):
        return  # Windows always has a default program for files
    monkeypatch.setenv("PATH", str(tmp_path / "khong-co-gi"))  # no xdg-open, no open
    app = make_app(small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await draft_screen(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: screen.written is not None, what="the draft PDF")
        await pilot.press("o")
        await wait_for(pilot, lambda: any("chưa có chương trình xem PDF" in t
                                          for t in toasts(app)), what="the notification")
        said = toasts(app)
        assert any("chưa có chương trình xem PDF" in m and str(screen.written) in m
                   for m in said), said
        assert not any("Errno" in m for m in said)
