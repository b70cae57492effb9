"""80×24, the old laptop's terminal: the main keys and F1 must stay visible in the footer."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Footer

from tests.tui.conftest import SIZE, open_household, screen_text, settle, wait_for_overview


def footer_line(app) -> str:
    footer = app.screen.query_one(Footer)
    return screen_text(app).splitlines()[footer.region.y]


async def test_the_overview_footer_shows_help(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        line = footer_line(app)
        assert "f1 Trợ giúp" in line
        assert "^n Thêm hộ" in line


async def test_household_footer_keeps_f1_visible(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(pilot, "DH-0001")
        await settle(pilot, app)
        assert "f1 Trợ giúp" in footer_line(app)
