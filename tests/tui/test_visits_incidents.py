"""Visits, commitments and incidents from the keyboard: page 3 of a household, the keys k, n
and v there, and the incident list (read, correct with a reason, remove)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select

from antt_tui.paths import Paths
from antt_tui.roster.incidents import Incidents
from antt_tui.roster.visits import Activities
from antt_tui.session import Session
from antt_tui.tui.screens.dialogs import DetailDialog, ReasonDialog
from antt_tui.tui.screens.form import FormScreen
from antt_tui.tui.screens.help import HelpScreen
from antt_tui.tui.screens.household import HouseholdScreen
from antt_tui.tui.screens.incidents import IncidentListScreen
from antt_tui.tui.widgets.choice_filter import ChoiceFilter
from tests.conftest import TODAY
from tests.tui.conftest import (
    OFFICER,
    SIZE,
    active_actions,
    add_small_commune,
    burst,
    choose,
    help_rows,
    open_household,
    reopen,
    settle,
    tab_to,
    table_rows,
    text_of,
    toasts,
    type_text,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.test_help_palette_quit import run_palette


class Keys:
    """Presses keys and counts them, as an officer's fingers would."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.count = 0

    async def __call__(self, *keys: str) -> None:
        """Keys that may open or close a screen, one at a time."""
        self.count += len(keys)
        await self.pilot.press(*keys)

    async def burst(self, *keys: str) -> None:
        """Keys that stay on one screen, typed quickly."""
        self.count += len(keys)
        await burst(self.pilot, *keys)


async def page_three(pilot, screen: HouseholdScreen, saved: Callable[[], bool]) -> None:
    """Wait until the household is back on top, on page 3, showing what was `saved`."""
    app = pilot.app
    await wait_for(pilot, lambda: app.screen is screen, what="the form to close")
    await wait_for(pilot, lambda: screen.query_one("#household-pages").current == "visits"
                   and saved(), what="page 3 after the save")
    await settle(pilot, app)


def page_three_read(screen: HouseholdScreen) -> bool:
    """Page 3 shows what was read (the commitments no longer say "Đang đọc…")."""
    return text_of(screen.query_one("#commitments")) != "Đang đọc…"


def visit_rows(screen: HouseholdScreen) -> list[list[str]]:
    return table_rows(screen.query_one("#visit-table", DataTable))


def field_error(form: FormScreen, field_id: str) -> str:
    error = form.query_one(f"#err-f-{field_id}")
    return text_of(error) if error.display else ""


async def test_a_typical_visit_takes_two_keys(make_app, paths: Paths, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_household(pilot, "DH-0001")
        press = Keys(pilot)
        await press("k")
        form = await wait_for_screen(pilot, FormScreen)
        assert text_of(form.query_one(".dialog-title")) == "Kiểm tra hộ DH-0001 (Nguyễn Văn An)"
        assert form.query_one("#f-date", Input).value == "20/11/2026"  # the app's today
        assert form.query_one("#f-officer", Input).value == OFFICER
        assert all(form.query_one(f"#f-h{i}", Select).value == "dat" for i in range(1, 7))
        await press("ctrl+s")
        await page_three(pilot, screen, lambda: bool(visit_rows(screen)))
        assert press.count == 2 <= 10
        assert visit_rows(screen) == [["20/11/2026", OFFICER, "Đạt", "", ""]]
        assert app.focused is screen.query_one("#visit-table")
        assert any("Đã lưu lượt kiểm tra hộ DH-0001" in t for t in toasts(app))

    with reopen(paths, small_db) as session:
        household = session.roster.household("DH-0001")
        [visit] = Activities(session.roster).visits_of(household.id)
        assert (visit.date, visit.officer, visit.result) == (
            "2026-11-20", OFFICER, "dat")
        assert visit.result == "dat" and "checklist" not in visit.values  # every item đạt


async def test_a_visit_with_one_item_not_passed(make_app, paths: Paths, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0001")
        press = Keys(pilot)
        await press("k")
        form = await wait_for_screen(pilot, FormScreen)
        # date → officer → H1 → H2 → H3; Enter opens the list, "c" jumps to "Chưa đạt"
        await press.burst("tab", "tab", "tab", "tab")
        assert app.focused is form.query_one("#f-h3")
        await press("enter")  # the list opens (a key that changes the focus: on its own)
        await press.burst("c", "enter")
        assert form.query_one("#f-h3", Select).value == "chua_dat"
        await press.burst("tab")  # the note appeared right under H3
        assert app.focused is form.query_one("#f-h3_note")
        await type_text(pilot, "Con trai đánh bạc")
        await press("ctrl+s")
        await page_three(pilot, screen, lambda: bool(visit_rows(screen)))
        assert press.count == 10  # plus the note's letters
        assert visit_rows(screen)[0][:3] == ["20/11/2026", OFFICER, "Chưa đạt: H3"]

        await pilot.press("enter")  # the whole checklist, read-only
        dialog = await wait_for_screen(pilot, DetailDialog)
        text = text_of(dialog.query_one("#detail-text"))
        assert "H3. Không vi phạm pháp luật, tệ nạn xã hội, bạo lực gia đình:  Chưa đạt" in text
        assert "Lý do: Con trai đánh bạc" in text
        assert "H1. Chấp hành chủ trương, pháp luật:  Đạt" in text
        await pilot.press("escape")
        assert app.screen is screen

    with reopen(paths, small_db) as session:
        household = session.roster.household("DH-0001")
        [visit] = Activities(session.roster).visits_of(household.id)
        assert visit.result == "chua_dat"
        assert visit.values["checklist"]["h3"] == {"result": "chua_dat", "note": "Con trai đánh bạc"}


async def test_a_follow_up_before_the_visit_is_refused(make_app, paths: Paths,
                                                       small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(pilot, "DH-0001")
        await pilot.press("k")
        form = await wait_for_screen(pilot, FormScreen)
        form.query_one("#f-follow_up_on").focus()
        await type_text(pilot, "01/11/2026")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: field_error(form, "follow_up_on") != "",
                       what="the error under the follow-up date")
        assert app.screen is form
        assert field_error(form, "follow_up_on") == (
            "Ngày hẹn kiểm tra lại 01/11/2026 ở trước ngày kiểm tra 20/11/2026.")
        assert app.focused is form.query_one("#f-follow_up_on")

    with reopen(paths, small_db) as session:
        assert not list(session.store.records("visits"))


async def test_in_november_n_signs_next_years_commitment_then_says_it_is_signed(
        make_app, paths: Paths, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_household(pilot, "DH-0001")
        await pilot.press("3")
        await wait_for(pilot, lambda: page_three_read(screen), what="page 3")
        # 20/11/2026 lies in the 2027 window (01/11/2026 – 31/10/2027): nothing recorded yet.
        assert text_of(screen.query_one("#h7-status")) == (
            "Hộ an toàn năm 2027: chưa đủ dữ liệu (thiếu dữ liệu H1, H2, H3, H4, H5, H6) · "
            "Hộ an toàn năm 2026: chưa đủ dữ liệu")
        # November: the commitments for next year are being signed.
        assert text_of(screen.query_one("#commitments")).splitlines() == [
            "Năm 2027: chưa ký", "Năm 2026: chưa ký", "Năm 2025: chưa ký"]
        assert "sign_commitment" in active_actions(app)
        assert text_of(screen.query_one("#commitments-title")) == (
            "Cam kết “Hộ an toàn” · n: ký cam kết năm 2027")

        await pilot.press("n")
        form = await wait_for_screen(pilot, FormScreen)
        assert form.query_one("#f-year", Input).value == "2027"
        assert form.query_one("#f-signed_on", Input).value == "20/11/2026"
        assert form.query_one("#f-signer", Input).value == "Nguyễn Văn An"
        await pilot.press("ctrl+s")
        await page_three(pilot, screen, lambda: "đã ký" in text_of(screen.query_one(
            "#commitments")).splitlines()[0])
        assert text_of(screen.query_one("#commitments")).splitlines()[0] == (
            "Năm 2027: đã ký 20/11/2026 — Nguyễn Văn An")
        assert text_of(screen.query_one("#commitments-title")) == "Cam kết “Hộ an toàn”"
        await pilot.press("n")  # signed: n says so instead of doing nothing
        await wait_for(pilot, lambda: any("Hộ đã ký cam kết “Hộ an toàn” năm 2027." in t
                                          for t in toasts(app)), what="the notice")
        assert app.screen is screen

    with reopen(paths, small_db) as session:
        household = session.roster.household("DH-0001")
        assert Activities(session.roster).has_signed(household.id, 2027)
        assert not Activities(session.roster).has_signed(household.id, 2026)


async def test_an_incident_from_a_household(make_app, paths: Paths, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0001")
        await pilot.press("v")
        form = await wait_for_screen(pilot, FormScreen)
        assert text_of(form.query_one(".dialog-title")) == "Vụ việc liên quan hộ DH-0001"
        village = app.state.roster.village("DH").id
        assert form.query_one("#f-village", Select).value == village
        category = form.query_one("#f-category", ChoiceFilter)
        await tab_to(pilot, category)
        await choose(pilot, category, "Trộm cắp tài sản")
        # one role question per living member, each "Không liên quan" until chosen
        roles = [form.query_one(f"#f-role_{i}", Select) for i in (1, 2, 3)]
        assert [r.value for r in roles] == ["khong"] * 3
        await pilot.press("ctrl+s")  # nobody of the household involved: asked to choose
        await wait_for(pilot, lambda: field_error(form, "role_1") != "", what="the role error")
        assert field_error(form, "role_1").startswith("Chọn vai trò của ít nhất một người")
        await tab_to(pilot, roles[2])
        await choose(pilot, roles[2], "Đối tượng")
        await pilot.press("ctrl+s")
        incidents = screen.query_one("#incident-table", DataTable)
        await page_three(pilot, screen, lambda: incidents.row_count > 0)
        assert table_rows(incidents) == [
            ["20/11/2026", "Trộm cắp tài sản", "Nguyễn Văn Cường (Đối tượng)", "Đang xử lý"]]
        assert app.focused is incidents

        await pilot.press("enter")
        dialog = await wait_for_screen(pilot, DetailDialog)
        text = text_of(dialog.query_one("#detail-text"))
        assert "Loại vụ việc: Trộm cắp tài sản (tiêu chí K4.1, K4.2, H3)" in text
        assert "Nguyễn Văn Cường (hộ DH-0001) — Đối tượng" in text
        await pilot.press("escape")

    with reopen(paths, small_db) as session:
        household = session.roster.household("DH-0001")
        cuong = next(p for p in session.roster.members(household.id)
                     if p.full_name == "Nguyễn Văn Cường")
        [incident] = Incidents(session.roster).list()
        assert [(p.person_id, p.role) for p in incident.persons] == [
            (cuong.id, "doi_tuong")]
        assert incident.values["household_ids"] == [household.id]
        assert (incident.village_id, incident.category, incident.date) == (
            household.village_id, "TP_TTXH_TROM_CAP", "2026-11-20")


@pytest.fixture
def incident_db(paths: Paths) -> Path:
    """The small commune with two incidents in Đông Hạ: a theft (newest) and an
    anti-state activity, which may never be removed."""
    folder = paths.database
    with Session.open(folder, paths=paths, officer=OFFICER, create=True,
                      today=lambda: TODAY) as session:
        add_small_commune(session)
        register = Incidents(session.roster)
        village = session.roster.village("DH").id
        register.add({"date": "02/10/2026", "village": village,
                      "category": "ANCT_CHONG_PHA", "note": "Phát tán tài liệu"})
        register.add({"date": "15/10/2026", "village": village,
                      "category": "TP_TTXH_TROM_CAP", "note": "Mất trộm xe máy"},
                     persons=[{"person": "DH-0001/1", "role": "bi_hai"}])
    return folder


async def open_incident_list(pilot) -> IncidentListScreen:
    await wait_for_overview(pilot)
    await pilot.press("i")
    screen = await wait_for_screen(pilot, IncidentListScreen)
    await wait_for(pilot, lambda: text_of(screen.query_one("#incident-status")),
                   what="the incidents")
    await settle(pilot, pilot.app)
    return screen


def list_rows(screen: IncidentListScreen) -> list[list[str]]:
    return table_rows(screen.query_one("#incident-list", DataTable))


async def test_correct_an_incident_with_a_reason(make_app, paths: Paths,
                                                 incident_db: Path) -> None:
    app = make_app(incident_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_incident_list(pilot)
        assert [row[:3] for row in list_rows(screen)] == [
            ["15/10/2026", "Đông Hạ", "Trộm cắp tài sản"],
            ["02/10/2026", "Đông Hạ", "Hoạt động chống…"]]
        await pilot.press("s")
        form = await wait_for_screen(pilot, FormScreen)
        assert text_of(form.query_one(".dialog-title")) == "Sửa vụ việc ngày 15/10/2026"
        assert app.focused is form.query_one("#f-reason")
        assert form.query_one("#f-date", Input).value == "15/10/2026"
        status = form.query_one("#f-status", Select)
        await tab_to(pilot, status)
        await choose(pilot, status, "Đã giải quyết")
        await pilot.press("ctrl+s")  # no reason: refused under the field
        await settle(pilot, app)
        assert app.screen is form
        assert field_error(form, "reason") == "Bắt buộc nhập."
        assert app.focused is form.query_one("#f-reason")
        await type_text(pilot, "Đã hòa giải xong")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, what="the form to close")
        await wait_for(pilot, lambda: list_rows(screen)[0][4] == "Đã giải quyết",
                       what="the corrected status")

        await pilot.press("enter")
        dialog = await wait_for_screen(pilot, DetailDialog)
        text = text_of(dialog.query_one("#detail-text"))
        assert "Các lần sửa:" in text
        assert "20/11/2026: Đã hòa giải xong (sửa: Tình trạng xử lý)" in text
        assert "Lê Thị Bình" not in text and "Nguyễn Văn An (hộ DH-0001) — Bị hại" in text
        await pilot.press("escape")

    with reopen(paths, incident_db) as session:
        theft = Incidents(session.roster).list(category="TP_TTXH_TROM_CAP")[0]
        assert theft.status == "da_giai_quyet"
        assert theft.corrections[-1].reason == "Đã hòa giải xong"


async def test_delete_refuses_a_zero_tolerance_incident(make_app, paths: Paths,
                                                        incident_db: Path) -> None:
    app = make_app(incident_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_incident_list(pilot)
        await pilot.press("down", "delete")  # the anti-state activity
        await pilot.pause()
        assert app.screen is screen  # refused at once, no reason asked
        [toast] = toasts(app)
        assert toast.startswith("Không xóa được Vụ việc loại “Hoạt động chống Đảng")
        assert "không được xóa, chỉ được sửa kèm lý do" in toast

        await pilot.press("up", "delete")  # the theft, entered twice by mistake
        dialog = await wait_for_screen(pilot, ReasonDialog)
        await type_text(pilot, "Nhập trùng")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and len(list_rows(screen)) == 1,
                       what="the list without the theft")
        assert dialog not in app.screen_stack

    with reopen(paths, incident_db) as session:
        left = Incidents(session.roster).list()
        assert [i.category for i in left] == ["ANCT_CHONG_PHA"]


async def test_incidents_from_the_palette_and_the_keys_in_help(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await run_palette(pilot, "ghi nhan vu viec")  # "Ghi nhận vụ việc"
        form = await wait_for_screen(pilot, FormScreen)
        assert text_of(form.query_one(".dialog-title")) == "Ghi nhận vụ việc"
        assert form.query_one("#f-village", Select).value == Select.NULL  # chosen in the form
        assert not form.query("#f-role_1")
        await pilot.press("escape")

        await run_palette(pilot, "danh sach vu viec")
        screen = await wait_for_screen(pilot, IncidentListScreen)
        assert text_of(screen.query_one("#incident-status")).startswith("Chưa có vụ việc nào")
        assert not {"open", "correct", "delete"} & active_actions(app)  # greyed: nothing to act on
        await pilot.press("escape")

        await open_household(pilot, "DH-0001")
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        rows = help_rows(text_of(help_screen.query_one("#help-text")))
        for key, words in [("k", "Kiểm tra: Ghi lượt kiểm tra, mọi mục sẵn Đạt"),
                           ("n", "Cam kết: Hộ ký cam kết “Hộ an toàn” (từ tháng 11: "
                                 "cam kết năm sau)"),
                           ("v", "Vụ việc: Ghi nhận vụ việc có người trong hộ liên quan")]:
            assert (key, words) in rows, rows
