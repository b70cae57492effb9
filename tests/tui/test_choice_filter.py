"""Long choice lists narrow as the officer types: the incident category, a relation.

The matching itself is checked on a small list; the pilot tests type into the incident form
at 80×24, as an officer does, with and without diacritics.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from textual.widgets import OptionList

from antt_tui.paths import Paths
from antt_tui.roster.incidents import Incidents
from antt_tui.session import Session
from antt_tui.tui.screens.form import FormScreen
from antt_tui.tui.screens.household import HouseholdScreen
from antt_tui.tui.widgets.choice_filter import ChoiceFilter, matching_options
from tests.conftest import TODAY
from tests.tui.conftest import (
    OFFICER,
    SIZE,
    add_small_commune,
    burst,
    choose,
    open_household,
    reopen,
    screen_text,
    settle,
    tab_to,
    type_text,
    wait_for,
    wait_for_screen,
)
from tests.tui.test_visits_incidents import open_incident_list

THEFT = "Trộm cắp tài sản"
"""The label of TP_TTXH_TROM_CAP, the officers' most frequent category."""

OPTIONS = [
    ("Phá hoại mục tiêu, công trình trọng điểm", "ANCT_PHA_HOAI"),
    ("Cướp tài sản", "TP_TTXH_CUOP"),
    ("Trộm cắp tài sản", "TP_TTXH_TROM_CAP"),
    ("Tai nạn giao thông", "TNGT"),
    ("Bạo lực gia đình", "BLGĐ"),
    ("Đánh bạc, tổ chức đánh bạc", "TP_TTXH_DANH_BAC"),
    ("Thôn Đông Hạ", "0b6c0e0a-52f4-4c57-9d7e-1f0c2d3e4f5a"),
]


def labels(text: str) -> list[str]:
    return [OPTIONS[n][0] for n in matching_options(OPTIONS, text)]


@pytest.mark.parametrize("typed", [
    "trom", "trộm", "TROM", unicodedata.normalize("NFD", "trộm"), "TROM CAP", "trộm cắp",
    "cap tai", "tc", "ttxh trom", "  trom  ",
])
def test_the_theft_comes_first_however_it_is_typed(typed: str) -> None:
    assert labels(typed)[0] == THEFT


@pytest.mark.parametrize("typed, expected", [
    ("", [label for label, _ in OPTIONS]),  # nothing typed: every option, in its order
    ("tai san", ["Cướp tài sản", "Trộm cắp tài sản"]),
    ("dong", ["Thôn Đông Hạ"]),  # đ is d
    ("blgd", ["Bạo lực gia đình"]),  # by its code (and initials)
    ("tai", ["Tai nạn giao thông", "Cướp tài sản", "Trộm cắp tài sản"]),  # the start first
    ("0b6c", []),  # a record's id means nothing to the officer
    ("xyz", []),
])
def test_what_a_filter_keeps(typed: str, expected: list[str]) -> None:
    assert labels(typed) == expected


def test_the_real_taxonomy_finds_the_theft_among_few() -> None:
    from antt_tui.criteria.taxonomy import load_taxonomy

    options = [(c.label, c.code) for c in load_taxonomy().categories.values()]
    assert len(options) > 10  # a long list: the form shows a ChoiceFilter
    for typed in ("trom", "trộm", "TROM CAP"):
        found = [options[n][1] for n in matching_options(options, typed)]
        assert found[0] == "TP_TTXH_TROM_CAP" and len(found) <= 3


# ---------------------------------------------------------------------- in the incident form


async def incident_form(pilot) -> tuple[FormScreen, ChoiceFilter]:
    """The incident form opened with `v` from DH-0001, the focus on the category."""
    await open_household(pilot, "DH-0001")
    await pilot.press("v")
    form = await wait_for_screen(pilot, FormScreen)
    category = form.query_one("#f-category", ChoiceFilter)
    await tab_to(pilot, category)
    return form, category


@pytest.mark.parametrize("typed", ["trom", "trộm", unicodedata.normalize("NFD", "trộm")],
                         ids=["plain", "nfc", "nfd"])
async def test_typing_trom_chooses_the_theft(make_app, paths: Paths, small_db: Path,
                                             typed: str) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        form, category = await incident_form(pilot)
        await type_text(pilot, typed)
        shown = [label for label, _ in category.listed]
        assert THEFT in shown and len(shown) <= 3
        assert category.listed[category.highlighted or 0] == (THEFT, "TP_TTXH_TROM_CAP")
        assert THEFT in screen_text(app)
        await pilot.press("enter")
        assert category.value == "TP_TTXH_TROM_CAP"
        assert not category.expanded and app.focused is category
        assert form.values()["category"] == "TP_TTXH_TROM_CAP" and form.is_dirty
        role = form.query_one("#f-role_1")
        await tab_to(pilot, role)
        await choose(pilot, role, "Bị hại")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HouseholdScreen),
                       what="the form to close")
        await settle(pilot, app)

    with reopen(paths, small_db) as session:
        [incident] = Incidents(session.roster).list()
        assert incident.category == "TP_TTXH_TROM_CAP"


async def test_the_open_list_at_80x24(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        form, category = await incident_form(pilot)
        count = len(category.options)
        assert count > 10 and "— chọn —" in screen_text(app)

        await pilot.press("enter")  # the whole list, the blank first, highlighted
        await settle(pilot, app)
        assert category.expanded and len(category.listed) == count + 1
        assert category.highlighted == 0 and category.value is None
        option_list = category.query_one(OptionList)
        assert 0 < option_list.region.height <= 8
        text = screen_text(app)
        assert f"gõ vài chữ để lọc ({count} mục)" in text
        assert "Lưu vụ việc (Ctrl+S)" in text  # the buttons stay on screen
        await burst(pilot, "down", "down")
        assert category.highlighted == 2
        await burst(pilot, "end")
        assert category.highlighted == count

        await pilot.press("escape")  # closes the list only
        assert app.screen is form and not category.expanded and category.value is None

        await type_text(pilot, "xyz")
        assert category.listed == [] and "Không có mục nào khớp “xyz”" in screen_text(app)
        await pilot.press("enter")  # nothing to choose: the list stays open
        assert category.expanded and category.value is None
        await burst(pilot, "backspace", "backspace", "backspace")
        assert len(category.listed) == count + 1  # empty filter: the whole list again
        await type_text(pilot, "TROM CAP")
        assert category.listed[0] == (THEFT, "TP_TTXH_TROM_CAP")
        await pilot.press("tab")  # leaves the field: the list closes, nothing chosen
        assert app.focused is not category and not category.expanded
        assert category.value is None and THEFT not in screen_text(app)

        await pilot.press("escape")  # the list is closed: Esc leaves the form
        await wait_for(pilot, lambda: isinstance(app.screen, HouseholdScreen),
                       what="the form to close")


@pytest.fixture
def theft_db(paths: Paths) -> Path:
    """The small commune with one theft in Đông Hạ."""
    folder = paths.database
    with Session.open(folder, paths=paths, officer=OFFICER, create=True,
                      today=lambda: TODAY) as session:
        add_small_commune(session)
        Incidents(session.roster).add({"date": "15/10/2026", "category": "TP_TTXH_TROM_CAP",
                                       "village": session.roster.village("DH").id})
    return folder


async def test_a_stored_category_shows_its_label(make_app, paths: Paths,
                                                 theft_db: Path) -> None:
    app = make_app(theft_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_incident_list(pilot)
        await pilot.press("s")  # correct the theft
        form = await wait_for_screen(pilot, FormScreen)
        category = form.query_one("#f-category", ChoiceFilter)
        assert category.value == "TP_TTXH_TROM_CAP" and not form.is_dirty
        await tab_to(pilot, category)
        assert THEFT in screen_text(app)
        await pilot.press("down")  # opens the list on the stored category
        await settle(pilot, app)
        assert category.listed[category.highlighted or 0] == (THEFT, "TP_TTXH_TROM_CAP")
        await type_text(pilot, "tai nan giao")
        await pilot.press("enter")
        assert category.value == "TNGT" and form.is_dirty
        await tab_to(pilot, form.query_one("#f-reason"))
        await type_text(pilot, "Nhập nhầm loại")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not form, what="the form to close")
        await settle(pilot, app)

    with reopen(paths, theft_db) as session:
        [incident] = Incidents(session.roster).list()
        assert incident.category == "TNGT"


async def test_a_relation_chosen_by_typing_shows_its_conditional_field(make_app,
                                                                       small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_household(pilot, "DH-0002")
        await pilot.press("a")
        form = await wait_for_screen(pilot, FormScreen)
        relation = form.query_one("#f-relation", ChoiceFilter)
        assert not form.query_one("#box-f-relation_text").display
        await tab_to(pilot, relation)
        await type_text(pilot, "khac")
        await pilot.press("enter")
        assert relation.value == "khac"
        assert form.query_one("#box-f-relation_text").display  # "Ghi rõ quan hệ"
        await pilot.press("enter", "home", "enter")  # the blank, on top of the whole list
        assert relation.value is None
        assert not form.query_one("#box-f-relation_text").display
