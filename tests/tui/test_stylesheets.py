"""Each screen's stylesheet lies beside it and is read with the app's at start."""

from __future__ import annotations

from pathlib import Path

from antt_tui.tui import app as app_module
from antt_tui.tui.app import SCREEN_STYLES, AnttApp


def test_every_stylesheet_beside_a_screen_is_read_at_start() -> None:
    screens = Path(app_module.__file__).parent / "screens"
    assert sorted(SCREEN_STYLES) == sorted(p.stem for p in screens.glob("*.tcss"))
    assert len(AnttApp.CSS_PATH) == 1 + len(SCREEN_STYLES)
