"""Start-up: create a database in an empty folder, a locked folder, a damaged table file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static, TextArea

from antt_tui.paths import Paths
from antt_tui.session import Session
from antt_tui.tui.screens.dialogs import ConfirmDialog
from antt_tui.tui.screens.form import FormScreen
from antt_tui.tui.screens.overview import OverviewScreen
from antt_tui.tui.screens.start import StartScreen
from tests.tui.conftest import (
    SIZE,
    active_actions,
    reopen,
    table_rows,
    text_of,
    toasts,
    type_text,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)


async def wait_for_first_use(pilot) -> StartScreen:
    """Wait until the start screen found no database and offers the two ways to begin."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, StartScreen)
                   and app.screen.query_one("#start-choices").display
                   and app.focused is app.screen.query_one("#start-create"),
                   what="the first-use choices")
    return app.screen


async def test_empty_folder_asks_for_the_commune_and_creates_it(make_app, paths: Paths,
                                                               tmp_path: Path) -> None:
    folder = tmp_path / "xa-moi"
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_first_use(pilot)
        await pilot.press("x")
        form = await wait_for_screen(pilot, FormScreen, what="the creation form")
        assert text_of(form.query_one(".dialog-title")) == "Tạo cơ sở dữ liệu xã"
        assert "Nhập thông tin xã để bắt đầu" in text_of(form.query_one(".form-intro"))
        assert app.focused is form.query_one("#f-province")

        await type_text(pilot, "Hưng Yên")
        await pilot.press("tab")
        await type_text(pilot, "Xã Tân Lập")
        await pilot.press("tab", "tab")  # past the optional old district
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "Thôn Đông Hạ")
        await pilot.press("enter")
        await type_text(pilot, "Thôn Trung Lập")
        await pilot.press("ctrl+s")

        await wait_for_overview(pilot)
        rows = table_rows(app.screen.query_one(DataTable))
        assert [row[1] for row in rows] == ["Thôn Đông Hạ", "Thôn Trung Lập", "Cả xã"]
        assert [row[2] for row in rows] == ["0", "0", "0"]
        title = text_of(app.screen.query_one("#overview-title"))
        assert "Xã Tân Lập, Hưng Yên" in title
        assert "20/11/2026" in title

    with reopen(paths, folder) as session:
        commune = session.roster.commune()
        assert (commune.province, commune.name) == ("Hưng Yên", "Xã Tân Lập")
        villages = session.roster.villages()
        assert [v.name for v in villages] == ["Thôn Đông Hạ", "Thôn Trung Lập"]
        assert [v.code for v in villages] == ["DH", "TL"]


async def test_leaving_the_creation_form_quits_without_creating(make_app, tmp_path: Path) -> None:
    folder = tmp_path / "xa-moi"
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_first_use(pilot)
        await pilot.press("enter")  # the first choice has the focus
        await wait_for_screen(pilot, FormScreen, what="the creation form")
        await pilot.press("escape")
        await pilot.pause()
    assert not (folder / "antt-db.json").exists()


async def test_locked_folder_explains_and_r_retries(make_app, paths: Paths, small_db: Path) -> None:
    other = Session.open(small_db, paths=paths, officer="máy khác")
    try:
        app = make_app(small_db)
        async with app.run_test(size=SIZE) as pilot:
            start = app.screen
            assert isinstance(start, StartScreen)
            message = start.query_one("#start-message", Static)
            await wait_for(pilot, lambda: start.problem is not None, what="the lock message")
            assert "đang được mở bởi một chương trình antt khác" in text_of(message)
            assert "Nhấn r để thử lại" in text_of(message)
            assert message.has_class("error")
            assert "retry" in active_actions(app)
            assert "repair" not in active_actions(app)

            other.close()
            await pilot.press("r")
            await wait_for_overview(pilot)
            assert isinstance(app.screen, OverviewScreen)
            assert len(table_rows(app.screen.query_one(DataTable))) == 3
    finally:
        other.close()


async def test_damaged_table_file_is_rebuilt_and_said(make_app, paths: Paths,
                                                     small_db: Path) -> None:
    (small_db / "tables" / "persons.json").write_bytes(b"\x00\x00 garbage {{{")
    app = make_app(small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_overview(pilot)
        rows = table_rows(app.screen.query_one(DataTable))
        assert rows[-1][1:4] == ["Cả xã", "3", "6"]
        said = " ".join(toasts(app))
        assert "persons.json bị hỏng" in said and "dựng lại từ nhật ký" in said

    with reopen(paths, small_db) as session:
        names = sorted(p["full_name"] for p in session.store.records("persons"))
        assert len(names) == 6
        assert "Lê Thị Bình" in names
    assert list(paths.set_aside_for(small_db).glob("*/tables/persons.json"))


async def test_damaged_journal_explains_and_k_repairs_after_asking(make_app, paths: Paths,
                                                                  small_db: Path) -> None:
    """A save after the last checkpoint whose journal line was damaged exists nowhere else:
    the repair names it and asks before it goes on; everything else is kept."""
    with reopen(paths, small_db) as session:
        code = session.roster.add_household("DH", household={"address": "Xóm Mới"}, head={
            "full_name": "Trần Văn Mới", "sex": "nam", "birth": "1990"}).code
        session.roster.add_household("DH", household={"address": "Xóm Sau"}, head={
            "full_name": "Phạm Văn Sau", "sex": "nam", "birth": "1991"})
        session.store.abandon()  # like a kill: the two saves are only in the journal
    segment = next(small_db.glob("journal/*/*.jsonl"))
    lines = segment.read_bytes().split(b"\n")
    index = next(i for i, line in enumerate(lines) if "Xóm Mới".encode() in line)
    lines[index] = lines[index].replace("Xóm Mới".encode(), "Xóm Cũ".encode())
    segment.write_bytes(b"\n".join(lines))

    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        start = app.screen
        message = start.query_one("#start-message", Static)
        await wait_for(pilot, lambda: start.problem is not None, what="the damage message")
        assert "bị hỏng" in text_of(message)
        assert "Nhấn k để kiểm tra và khôi phục" in text_of(message)
        assert "repair" in active_actions(app)
        assert "retry" not in active_actions(app)

        await pilot.press("k")
        dialog = await wait_for_screen(pilot, ConfirmDialog, what="the question")
        assert "không còn bản nào" in text_of(dialog.query_one(".dialog-title"))
        assert "hộ" in text_of(dialog.query_one(".dialog-body"))
        await pilot.press("shift+tab", "enter")  # "Sửa"
        await wait_for_overview(pilot)
        rows = table_rows(app.screen.query_one(DataTable))
        assert rows[-1][1:4] == ["Cả xã", "4", "7"]  # the later save is kept

    with reopen(paths, small_db) as session:
        names = {p["full_name"] for p in session.store.records("persons")}
        assert "Phạm Văn Sau" in names and "Lê Thị Bình" in names
        assert code
    from antt_tui.storage.check import check_database
    assert check_database(small_db, backup_dir=paths.backups_for(small_db)).ok


