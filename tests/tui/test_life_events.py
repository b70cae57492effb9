"""Life events from the household screen: death, change of head, split, merge, moving a
member, the whole household moving away. Each leaves exactly one head per active household."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Select, SelectionList

from antt_tui.paths import Paths
from antt_tui.tui.screens.form import FormScreen
from antt_tui.tui.screens.household import HouseholdScreen
from antt_tui.tui.widgets.choice_filter import ChoiceFilter
from tests.tui.conftest import (
    SIZE,
    active_actions,
    choose,
    heads_are_consistent,
    open_household,
    reopen,
    select_member,
    settle,
    tab_to,
    table_rows,
    text_of,
    type_text,
    wait_for,
    wait_for_screen,
)


async def open_form(pilot, key: str, title: str) -> FormScreen:
    await pilot.press(key)
    form = await wait_for_screen(pilot, FormScreen, what=f"the form of {key!r}")
    assert text_of(form.query_one(".dialog-title")) == title
    return form


async def save(pilot, screen: HouseholdScreen) -> None:
    """Ctrl+S, then wait for the form to close and the household screen to refresh."""
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: pilot.app.screen is screen, what="the form to close")
    await settle(pilot, pilot.app)


def members(screen: HouseholdScreen) -> list[tuple[str, str, str]]:
    """(name, relation, status) of every member shown."""
    return [(row[1], row[4], row[6]) for row in table_rows(screen.query_one("#members", DataTable))]


def field_error(form: FormScreen, field_id: str) -> str:
    error = form.query_one(f"#err-f-{field_id}")
    return text_of(error) if error.display else ""


async def test_deaths_of_a_member_and_of_the_head(make_app, paths: Paths, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0001")
        await select_member(pilot, "Lê Thị Bình")
        form = await open_form(pilot, "x", "Khai tử: Lê Thị Bình")
        assert form.query_one("#f-status_on", Input).value == "20/11/2026"  # today, from TODAY
        assert not form.query("#f-new_head_id")  # not the head: no new head to choose
        assert app.focused is form.query_one("#f-status_on")
        await type_text(pilot, "03/11/2026")  # replaces the selected date
        await save(pilot, screen)
        assert members(screen) == [
            ("Nguyễn Văn An", "Chủ hộ", "Đang cư trú"),
            ("Lê Thị Bình", "Vợ", "Đã mất"),
            ("Nguyễn Văn Cường", "Con đẻ", "Đang cư trú"),
        ]
        assert "Đang cư trú: 2 người" in text_of(screen.query_one("#household-info"))

        # a member who has died can no longer die, move or be moved: those keys are greyed
        await select_member(pilot, "Lê Thị Bình")
        assert not {"person_deceased", "person_moved_away", "move_member"} & active_actions(app)

        await select_member(pilot, "Nguyễn Văn An")
        form = await open_form(pilot, "x", "Khai tử: Nguyễn Văn An")
        new_head = form.query_one("#f-new_head_id", Select)
        assert form.query_one("#box-f-new_head_id").display
        await pilot.press("ctrl+s")  # no new head chosen: refused, the reason beside the field
        await settle(pilot, app)
        assert app.screen is form
        assert "chọn chủ hộ mới" in field_error(form, "new_head_id")
        assert "Nguyễn Văn Cường" in field_error(form, "new_head_id")
        assert app.focused is new_head
        await choose(pilot, new_head, "Nguyễn Văn Cường")
        await save(pilot, screen)
        assert members(screen)[0] == ("Nguyễn Văn Cường", "Chủ hộ", "Đang cư trú")
        assert "Chủ hộ: Nguyễn Văn Cường" in text_of(screen.query_one("#household-info"))

    with reopen(paths, small_db) as session:
        people = {p["full_name"]: p for p in session.store.records("persons")}
        assert (people["Lê Thị Bình"]["status"], people["Lê Thị Bình"]["status_on"]) == (
            "deceased", "2026-11-03")
        assert (people["Nguyễn Văn An"]["status"], people["Nguyễn Văn An"]["status_on"]) == (
            "deceased", "2026-11-20")
        household = session.roster.household("DH-0001")
        assert household.head_id == people["Nguyễn Văn Cường"]["id"]
        heads_are_consistent(session)


async def test_change_head_then_split(make_app, paths: Paths, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0001")
        form = await open_form(pilot, "c", "Đổi chủ hộ DH-0001")
        new_head = form.query_one("#f-new_head_id", Select)
        assert app.focused is new_head
        await choose(pilot, new_head, "Lê Thị Bình")
        relation = form.query_one("#f-old_head_relation", ChoiceFilter)
        await tab_to(pilot, relation)
        await choose(pilot, relation, "Chồng")
        await save(pilot, screen)
        assert members(screen)[:2] == [("Lê Thị Bình", "Chủ hộ", "Đang cư trú"),
                                       ("Nguyễn Văn An", "Chồng", "Đang cư trú")]

        form = await open_form(pilot, "t", "Tách hộ từ hộ DH-0001")
        chosen = form.query_one("#f-member_ids", SelectionList)
        assert app.focused is chosen
        labels = [str(chosen.get_option_at_index(i).prompt) for i in range(chosen.option_count)]
        target = next(i for i, label in enumerate(labels) if label.startswith("Nguyễn Văn Cường"))
        await pilot.press(*["down"] * (target - (chosen.highlighted or 0)), "space")
        assert len(chosen.selected) == 1
        await pilot.press("tab")
        await choose(pilot, form.query_one("#f-new_head_id", Select), "Nguyễn Văn Cường")
        await pilot.press("tab")
        await type_text(pilot, "Xóm 5")
        await save(pilot, screen)
        assert [m[0] for m in members(screen)] == ["Lê Thị Bình", "Nguyễn Văn An"]

    with reopen(paths, small_db) as session:
        roster = session.roster
        old = roster.household("DH-0001")
        new = roster.household("DH-0003")
        assert roster.store.get("persons", old.head_id)["full_name"] == "Lê Thị Bình"
        an = next(m for m in roster.members(old.id) if m.full_name == "Nguyễn Văn An")
        assert an.relation == "chong"
        assert new.address == "Xóm 5"
        assert new.split_from == old.id
        assert [m.full_name for m in roster.members(new.id)] == ["Nguyễn Văn Cường"]
        assert roster.store.get("persons", new.head_id)["full_name"] == "Nguyễn Văn Cường"
        heads_are_consistent(session)


async def test_merge_and_move_a_member(make_app, paths: Paths, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "DH-0001")
        form = await open_form(pilot, "g", "Nhập một hộ khác vào hộ DH-0001")
        await type_text(pilot, "dh-0002")
        await save(pilot, screen)
        assert ("Hoàng Văn Giang", "Khác", "Đang cư trú") in members(screen)
        assert "Đang cư trú: 4 người" in text_of(screen.query_one("#household-info"))

        await pilot.press("escape")
        screen = await open_household(pilot, "TL-0001")
        await select_member(pilot, "Phạm Thị Hoa")
        form = await open_form(pilot, "m", "Chuyển Phạm Thị Hoa sang hộ khác")
        assert not form.query("#f-new_head_id")  # not the head
        await type_text(pilot, "DH-0001")
        await pilot.press("tab")
        await choose(pilot, form.query_one("#f-relation", ChoiceFilter), "Con dâu")
        await save(pilot, screen)
        assert [m[0] for m in members(screen)] == ["Trần Văn Dũng"]

    with reopen(paths, small_db) as session:
        roster = session.roster
        keep, gone = roster.household("DH-0001"), roster.household("DH-0002")
        assert gone.residence_status == "giai_the"
        assert gone.merged_into == keep.id
        names = {m.full_name: m for m in roster.members(keep.id, present_only=True)}
        assert set(names) == {"Nguyễn Văn An", "Lê Thị Bình", "Nguyễn Văn Cường",
                              "Hoàng Văn Giang", "Phạm Thị Hoa"}
        assert names["Phạm Thị Hoa"].relation == "con_dau"
        heads_are_consistent(session)


async def test_whole_household_moves_away_and_actions_grey_out(make_app, paths: Paths,
                                                               small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_household(pilot, "TL-0001")
        before = active_actions(app)
        assert {"add_person", "split", "merge", "change_head", "move_out"} <= before
        form = await open_form(pilot, "o", "Hộ TL-0001 chuyển đi")
        assert form.query_one("#f-moved_out_on", Input).value == "20/11/2026"
        await pilot.press("tab")
        await type_text(pilot, "Hà Nội")
        await save(pilot, screen)
        assert text_of(screen.query_one("#household-info")).startswith(
            "Hộ TL-0001 · Thôn Trung Lập · Đã chuyển đi")
        assert {m[2] for m in members(screen)} == {"Đã chuyển đi"}
        assert not {"add_person", "split", "merge", "change_head", "move_out", "edit_household",
                    "person_deceased", "person_moved_away", "move_member", "record_visit",
                    "sign_commitment", "add_incident"} & active_actions(app)

        await pilot.press("a")  # greyed: nothing opens
        await pilot.pause()
        assert app.screen is screen

    with reopen(paths, small_db) as session:
        household = session.roster.household("TL-0001")
        assert (household.residence_status, household.moved_out_on) == (
            "da_chuyen_di", "2026-11-20")
        assert {p.status for p in session.roster.members(household.id)} == {"moved_away"}
        heads_are_consistent(session)
