"""What the officer sees in the app when the disk is full or something unexpected breaks."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from antt_tui.paths import Paths
from antt_tui.storage import journal
from antt_tui.tui.screens.form import FormScreen
from tests.tui.conftest import (
    SIZE,
    open_household,
    reopen,
    settle,
    text_of,
    wait_for,
    wait_for_screen,
)


async def test_a_save_on_a_full_disk_keeps_the_form_open_and_says_why(
        make_app, paths: Paths, small_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(pilot, "DH-0001")
        await pilot.press("k")
        form = await wait_for_screen(pilot, FormScreen)
        store = app.state.session.store
        store.journal.close()  # the next save opens its segment again…

        def full(path, mode="r", *a, **k):
            if "a" in mode:  # …on a disk that is full
                raise OSError(errno.ENOSPC, "No space left on device")
            return open(path, mode, *a, **k)

        with monkeypatch.context() as m:
            m.setattr(journal, "open", full, raising=False)
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert app.screen is form
            said = text_of(form.query_one("#form-error"))
            assert "Chưa lưu được" in said and "ổ đĩa đã đầy" in said
        await pilot.press("ctrl+s")  # space was freed: the same form saves
        await wait_for(pilot, lambda: app.screen is not form, what="the form to close")

    with reopen(paths, small_db) as session:
        assert len(list(session.store.records("visits"))) == 1


async def test_an_unexpected_error_is_logged_without_personal_data(
        make_app, paths: Paths, small_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from antt_tui.tui.screens.household import HouseholdScreen

    def broken(self, *args, **kwargs):
        raise RuntimeError("CCCD 001088012345 của Nguyễn Văn Khải, 0912345678")

    app = make_app(small_db)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await open_household(pilot, "DH-0001")
            monkeypatch.setattr(HouseholdScreen, "action_record_visit", broken)
            await pilot.press("k")
            await pilot.pause(0.2)
    log = paths.error_log.read_text(encoding="utf-8")
    assert "RuntimeError" in log and "broken" in log
    for secret in ("001088012345", "Nguyễn Văn Khải", "0912345678"):
        assert secret not in log
