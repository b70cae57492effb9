"""Adding and editing: the new-household form, adding a person with a warning to accept,
and leaving a form that has unsaved changes."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from textual.widgets import Button, DataTable, Input, Select, Static

from antt_tui.paths import Paths
from antt_tui.tui.screens.dialogs import AcceptWarningsDialog, ConfirmDialog
from antt_tui.tui.screens.form import FormScreen
from antt_tui.tui.screens.households import HouseholdListScreen
from antt_tui.tui.widgets.choice_filter import ChoiceFilter
from tests.tui.conftest import (
    SIZE,
    choose,
    open_household,
    reopen,
    settle,
    tab_to,
    table_rows,
    text_of,
    toasts,
    type_text,
    wait_for,
    wait_for_list,
    wait_for_overview,
    wait_for_screen,
)


def shown_errors(form: FormScreen) -> dict[str, str]:
    """Field id → the error shown under it (only the errors on screen)."""
    out = {}
    for error in form.query(".field-error"):
        if error.display and error.id and error.id.startswith("err-f-"):
            out[error.id.removeprefix("err-f-").replace("__", ".")] = text_of(error)
    return out


async def test_new_household_form_checks_then_saves(make_app, paths: Paths,
                                                    small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("f2")
        await wait_for_list(pilot)
        await pilot.press("ctrl+n")
        form = await wait_for_screen(pilot, FormScreen)
        assert text_of(form.query_one(".dialog-title")) == "Thêm hộ mới"

        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is form
        assert shown_errors(form) == {
            "village": "Bắt buộc chọn.", "address": "Bắt buộc nhập.",
            "head.full_name": "Bắt buộc nhập.", "head.sex": "Bắt buộc chọn.",
        }
        assert text_of(form.query_one("#form-error")) == "Biểu mẫu còn lỗi; xem các dòng màu đỏ."
        assert app.focused is form.query_one("#f-village")  # the first field in error
        assert app.state.roster.store.count("households") == 3

        await choose(pilot, form.query_one("#f-village", Select), "Thôn Trung Lập")
        await pilot.press("tab")
        await type_text(pilot, "Xóm 4")
        name = form.query_one("#f-head__full_name", Input)
        await tab_to(pilot, name)
        await type_text(pilot, unicodedata.normalize("NFD", "Đỗ Thị Hằng"))
        await pilot.press("tab")
        await type_text(pilot, "1990")
        sex = form.query_one("#f-head__sex", Select)
        await tab_to(pilot, sex)
        await choose(pilot, sex, "Nữ")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HouseholdListScreen),
                       what="the form to close")
        await settle(pilot, app)
        assert toasts(app) == ["Đã lưu Đã thêm hộ TL-0002, chủ hộ Đỗ Thị Hằng."]
        rows = table_rows(app.screen.query_one("#households", DataTable))
        assert ["TL-0002", "Đỗ Thị Hằng", "1", "Trung Lập", "Thường trú", "Xóm 4"] in rows

    with reopen(paths, small_db) as session:
        household = session.roster.household("TL-0002")
        assert household.address == "Xóm 4"
        head = session.store.get("persons", household.head_id)
        assert head["full_name"] == "Đỗ Thị Hằng"
        assert unicodedata.is_normalized("NFC", head["full_name"])
        assert (head["sex"], head["birth"], head["relation"]) == ("nu", "1990", "chu_ho")


async def test_adding_a_person_with_a_cccd_warning_asks_for_a_reason(make_app, paths: Paths,
                                                                   small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0002")
        await pilot.press("a")
        form = await wait_for_screen(pilot, FormScreen)
        assert text_of(form.query_one(".dialog-title")) == "Thêm nhân khẩu vào hộ DH-0002"

        await type_text(pilot, "Mai Thị Lan")
        await pilot.press("tab")
        await type_text(pilot, "1992")
        await pilot.press("tab")
        await choose(pilot, form.query_one("#f-sex", Select), "Nữ")
        await pilot.press("tab")
        await type_text(pilot, "033190001111")  # says born 1990
        relation = form.query_one("#f-relation", ChoiceFilter)
        await tab_to(pilot, relation)
        await choose(pilot, relation, "Vợ")
        await pilot.press("ctrl+s")
        dialog = await wait_for_screen(pilot, AcceptWarningsDialog)
        assert text_of(dialog.query_one(".dialog-title")) == "Cần xác nhận trước khi lưu"
        warning = text_of(dialog.query_one(".dialog-body"))
        assert "năm sinh 1990" in warning and "năm sinh 1992" in warning

        await pilot.press("enter")  # no reason yet: refused, with a message
        await pilot.pause()
        assert app.screen is dialog
        assert text_of(dialog.query_one("#reason-error")) == "Ghi lý do trước khi chấp nhận."

        await type_text(pilot, "đã xem thẻ CCCD")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen, what="the household screen")
        await settle(pilot, app)
        names = [row[1] for row in table_rows(screen.query_one("#members", DataTable))]
        assert names == ["Hoàng Văn Giang", "Mai Thị Lan"]

        await pilot.press("2")  # the history page
        await settle(pilot, app)
        history = text_of(screen.query_one("#history"))
        assert "Thêm nhân khẩu — Cán bộ Kiểm Thử" in history
        assert "đã chấp nhận: " in history
        assert "năm sinh 1990" in history.split("đã chấp nhận: ", 1)[1]

    with reopen(paths, small_db) as session:
        lan = next(p for p in session.store.records("persons") if p["full_name"] == "Mai Thị Lan")
        assert (lan["cccd"], lan["birth"], lan["relation"]) == ("033190001111", "1992", "vo")


async def test_escape_on_a_changed_form_asks_first(make_app, paths: Paths,
                                                   small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0001")
        await pilot.press("e")  # edit the household
        form = await wait_for_screen(pilot, FormScreen)
        assert text_of(form.query_one(".dialog-title")) == "Sửa hộ DH-0001"

        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("e")
        form = await wait_for_screen(pilot, FormScreen)
        assert app.focused is form.query_one("#f-address", Input)
        await pilot.press("end")  # the whole address is selected on focus: typing would replace it
        await type_text(pilot, " (sau cầu)")
        await pilot.press("escape")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        assert text_of(dialog.query_one(".dialog-title")) == "Bỏ các thay đổi?"
        assert app.focused is dialog.query_one("#no", Button)  # the safe answer is the default
        assert str(dialog.query_one("#no", Button).label) == "Tiếp tục nhập"

        await pilot.press("enter")  # keep typing
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#f-address", Input).value == "Xóm 2, Thôn Đông Hạ (sau cầu)"

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("shift+tab", "enter")  # "Bỏ thay đổi"
        await pilot.pause()
        assert app.screen is screen
        assert "Xóm 2, Thôn Đông Hạ ·" in text_of(screen.query_one("#household-info", Static))

    with reopen(paths, small_db) as session:
        assert session.roster.household("DH-0001").address == "Xóm 2, Thôn Đông Hạ"


async def test_ctrl_s_in_the_discard_dialog_never_discards(make_app, paths: Paths,
                                                          small_db: Path) -> None:
    """Ctrl+S means "save" everywhere; an officer who presses it by habit keeps the work."""
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(pilot, "DH-0001")
        await pilot.press("e")
        form = await wait_for_screen(pilot, FormScreen)
        await pilot.press("end")
        await type_text(pilot, " (sau cầu)")
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        kept = app.screen is form and form.query_one("#f-address", Input).value.endswith("cầu)")
        saved = app.state.roster.household("DH-0001").address.endswith("(sau cầu)")
        assert kept or saved


async def test_refused_characters_and_names_show_under_the_field(make_app, paths: Paths,
                                                                 small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(pilot, "DH-0002")
        await pilot.press("a")
        form = await wait_for_screen(pilot, FormScreen)
        await type_text(pilot, "...")
        sex = form.query_one("#f-sex", Select)
        await tab_to(pilot, sex)
        await choose(pilot, sex, "Nữ")
        relation = form.query_one("#f-relation", ChoiceFilter)
        await tab_to(pilot, relation)
        await choose(pilot, relation, "Vợ")
        await pilot.press("ctrl+s")  # the form accepts it; the roster's name rule does not
        await wait_for(pilot, lambda: bool(shown_errors(form)), what="the refusal")
        await settle(pilot, app)
        assert app.screen is form
        assert shown_errors(form) == {"full_name": "Họ và tên phải có ít nhất một chữ cái."}

        # Pasted with an invisible character: refused by the form itself.
        form.query_one("#f-full_name", Input).value = "Mai\u200b Thị Lan"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is form
        assert shown_errors(form) == {
            "full_name": "Có ký tự ẩn (U+200B), không được phép; hãy xóa và gõ lại."}
        assert text_of(form.query_one("#form-error")) == "Biểu mẫu còn lỗi; xem các dòng màu đỏ."

    with reopen(paths, small_db) as session:
        members = session.roster.members(session.roster.household("DH-0002").id)
        assert [m.full_name for m in members] == ["Hoàng Văn Giang"]
