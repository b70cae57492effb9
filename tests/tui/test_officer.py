"""Who uses the laptop: asked at the first start (with the report signer), remembered, shown
in the title bar, changed from the palette; the README's "k rồi Ctrl+S" then just works."""

from __future__ import annotations

from pathlib import Path

import orjson
from textual.widgets import Input

from antt_tui.laptop import remembered_officer
from antt_tui.paths import Paths
from antt_tui.reports import settings as report_settings
from antt_tui.storage.journal import iter_raw_lines
from antt_tui.tui import AnttApp, AppState
from antt_tui.tui.screens.form import FormScreen
from antt_tui.tui.screens.household import HouseholdScreen
from antt_tui.tui.screens.officer import OfficerDialog
from antt_tui.tui.widgets.title_bar import TitleBar
from tests.conftest import TODAY
from tests.tui.conftest import (
    SIZE,
    reopen,
    text_of,
    type_text,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.test_help_palette_quit import run_palette


def app_as_antt_starts_it(paths: Paths, folder: Path) -> AnttApp:
    """`antt` with no --can-bo: the officer this laptop remembers, if any."""
    paths.ensure()
    return AnttApp(AppState(paths=paths, folder=folder, officer=remembered_officer(paths),
                            today=lambda: TODAY))


def title(app: AnttApp) -> str:
    return text_of(app.screen.query_one(TitleBar))


async def test_the_first_start_asks_who_uses_the_laptop_and_the_signer(
        paths: Paths, small_db: Path) -> None:
    app = app_as_antt_starts_it(paths, small_db)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await wait_for_screen(pilot, OfficerDialog)
        assert "chưa có tên cán bộ" in text_of(app.screen_stack[-2].query_one(TitleBar))
        await type_text(pilot, "Nguyễn Văn Hùng")
        dialog.query_one("#signer", Input).focus()
        await type_text(pilot, "Trần Văn Ba")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, OfficerDialog),
                       what="the dialog closed")
        assert title(app).endswith("Cán bộ: Nguyễn Văn Hùng")

        # The README's "k rồi Ctrl+S": the visit's officer is already filled in.
        household = app.state.roster.household("DH-0001")
        app.push_screen(HouseholdScreen(household.id))
        await wait_for_screen(pilot, HouseholdScreen)
        await pilot.press("k")
        form = await wait_for_screen(pilot, FormScreen)
        assert form.query_one("#f-officer", Input).value == "Nguyễn Văn Hùng"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HouseholdScreen), what="saved")

    assert remembered_officer(paths) == "Nguyễn Văn Hùng"
    with reopen(paths, small_db) as session:
        [visit] = session.store.records("visits")
        assert visit["officer"] == "Nguyễn Văn Hùng"
        assert report_settings.stored(session.roster.snapshot(), "")["signer_name"] == "Trần Văn Ba"

    # The next start knows who it is and asks nothing.
    app = app_as_antt_starts_it(paths, small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        assert "Cán bộ: Nguyễn Văn Hùng" in title(app)
        assert not any(isinstance(s, OfficerDialog) for s in app.screen_stack)

        # Another officer takes over: one palette entry.
        await run_palette(pilot, "doi can bo")
        dialog = await wait_for_screen(pilot, OfficerDialog)
        field = dialog.query_one("#officer", Input)
        assert field.value == "Nguyễn Văn Hùng"
        field.value = ""
        await pilot.press("enter")  # empty: refused, the dialog stays
        assert "Nhập họ và tên cán bộ" in text_of(dialog.query_one("#officer-error"))
        await type_text(pilot, "Lê Thị Mai")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Cán bộ: Lê Thị Mai" in title(app), what="the new name")
        app.state.run(app.state.roster.edit_household, "DH-0001", {"address": "Xóm 9"})

    assert remembered_officer(paths) == "Lê Thị Mai"
    with reopen(paths, small_db) as session:
        entries = [e for e in map(orjson.loads, iter_raw_lines(session.store.journal_dir))
                   if e.get("ev") == "household.edit"]
        assert entries and entries[-1]["by"] == "Lê Thị Mai"
