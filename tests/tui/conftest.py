"""Pilot-test fixtures: small databases under tmp_path, the app built like the entry point.

Async tests run under `asyncio.run` (see `pytest_pyfunc_call`): the project has no asyncio
plugin, and Textual needs nothing more than a running loop.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, TextArea

from antt_tui.paths import Paths
from antt_tui.session import Session
from antt_tui.tui import AnttApp, AppState
from tests.builders import three_person_commune
from tests.conftest import TODAY

OFFICER = "Cán bộ Kiểm Thử"
"""The officer of every app run in these tests (written into the journal)."""

SIZE = (80, 24)
"""The smallest terminal the app must work in."""


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors stay still, so screens and snapshots do not depend on timing: every text box
    is made with `cursor_blink` off."""
    for kind in (Input, TextArea):
        def still(self: Any, *args: Any, made: Callable[..., None] = kind.__init__,
                  **kwargs: Any) -> None:
            made(self, *args, **kwargs)
            self.cursor_blink = False

        monkeypatch.setattr(kind, "__init__", still)


# ---------------------------------------------------------------------- databases


def add_small_commune(session: Session) -> None:
    """The `commune` fixture's data, and two more households to move people between.

    DH-0001 Nguyễn Văn An (head), Lê Thị Bình (wife), Nguyễn Văn Cường (son);
    TL-0001 Trần Văn Dũng (head), Phạm Thị Hoa (wife); DH-0002 Hoàng Văn Giang alone.
    """
    r = session.roster
    three_person_commune(r)
    t = r.add_household("Trung Lập", household={"address": "Xóm 1, Thôn Trung Lập"}, head={
        "full_name": "Trần Văn Dũng", "sex": "nam", "birth": "1980"})
    r.add_person(t.code, {"full_name": "Phạm Thị Hoa", "sex": "nu", "birth": "1982",
                             "relation": "Vợ"})
    r.add_household("DH", household={"address": "Xóm 3, Thôn Đông Hạ"}, head={
        "full_name": "Hoàng Văn Giang", "sex": "nam", "birth": "1990"})


@pytest.fixture
def small_db(paths: Paths) -> Path:
    """A closed database folder with the small commune (three households)."""
    folder = paths.database
    with Session.open(folder, paths=paths, officer=OFFICER, create=True,
                      today=lambda: TODAY) as session:
        add_small_commune(session)
    return folder


def generate_db(paths: Paths, folder: Path, *, households: int = 30, seed: int = 7) -> Path:
    """A closed database folder with a generated commune (deterministic for a seed), in which
    two villages in three had every household sign each year's commitment."""
    from antt_tui.generate.blueprint import make_commune
    from antt_tui.generate.load import load_commune

    commune = make_commune(households=households, years=2, seed=seed, today=TODAY)
    with Session.open(folder, paths=paths, officer=OFFICER, create=True,
                      today=lambda: TODAY) as session:
        load_commune(session.store, commune)
    return folder


@pytest.fixture
def generated_db(paths: Paths) -> Path:
    """A closed database folder with a generated commune of 30 households."""
    return generate_db(paths, paths.database)


def reopen(paths: Paths, folder: Path) -> Session:
    """A fresh session on the folder, to check what was stored (close it after)."""
    return Session.open(folder, paths=paths, officer="kiểm tra", today=lambda: TODAY)


# ---------------------------------------------------------------------- the app


@pytest.fixture
def make_app(paths: Paths) -> Callable[[Path], AnttApp]:
    """Build the app the way `antt` does, on a database folder of this test."""

    def factory(folder: Path) -> AnttApp:
        paths.ensure()
        return AnttApp(AppState(paths=paths, folder=folder, officer=OFFICER,
                                today=lambda: TODAY))

    return factory


async def settle(pilot: Pilot, app: AnttApp) -> None:
    """Let workers finish and their results reach the screen: until no worker runs and a list
    screen is no longer `loading` (a loaded list may start another read; on a busy machine a
    result can reach the screen after one pause). Fails after 5 seconds."""
    for _ in range(250):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        running = any(worker.is_running for worker in app.workers)
        if not running and not getattr(app.screen, "loading", False):
            return
        await pilot.pause(0.02)
    raise AssertionError("the screen did not settle in 5 seconds")


async def wait_for(pilot: Pilot, condition: Callable[[], Any], *, timeout: float = 5.0,
                   what: str = "condition") -> None:
    """Poll until `condition()` is true (workers, screen switches), failing after `timeout`."""
    from textual.css.query import NoMatches

    for _ in range(int(timeout / 0.05)):
        try:
            if condition():
                return
        except NoMatches:  # the screen is still mounting its widgets
            pass
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}; screen is {pilot.app.screen!r}")


async def wait_for_screen(pilot: Pilot, kind: type, *, what: str = "") -> Any:
    """Wait until a screen of `kind` is on top and has put the focus on one of its widgets."""
    app = pilot.app

    def ready() -> bool:
        focused = app.focused
        return isinstance(app.screen, kind) and focused is not None and focused.screen is app.screen

    await wait_for(pilot, ready, what=what or kind.__name__)
    await pilot.pause()
    return app.screen


async def wait_for_list(pilot: Pilot) -> Any:
    """Wait until the household list is on top and shows its first results."""
    from antt_tui.tui.screens.households import HouseholdListScreen

    screen = await wait_for_screen(pilot, HouseholdListScreen)
    await wait_for(pilot, lambda: bool(text_of(screen.query_one("#list-status"))),
                   what="the list's results")
    await settle(pilot, pilot.app)
    return screen


async def wait_for_overview(pilot: Pilot) -> None:
    """Wait until the start screen has opened the database and switched to the overview, and
    both passes of its figures (people first, then visits and incidents) are on screen."""
    from antt_tui.tui.screens.overview import OverviewScreen

    app = pilot.app

    def figures_done() -> bool:
        rows = table_rows(app.screen.query_one(DataTable))
        return bool(rows) and "…" not in rows[-1]

    def figures_drawn() -> bool:  # the table has measured its new cells: none is cut short
        last = table_rows(app.screen.query_one(DataTable))[-1]
        return any(all(cell in line for cell in last) for line in screen_text(app).splitlines())

    await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen), what="the overview")
    await wait_for(pilot, figures_done, what="the overview figures")
    await settle(pilot, app)
    await wait_for(pilot, figures_drawn, what="the overview figures on screen")


def table_rows(table: DataTable) -> list[list[str]]:
    """Every row of a table as plain strings."""
    return [[_plain(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def _plain(cell: Any) -> str:
    from rich.text import Text

    if isinstance(cell, Text):
        return cell.plain
    return Text.from_markup(cell).plain if isinstance(cell, str) else str(cell)


def text_of(widget: Any) -> str:
    """The plain text a Static/Label shows."""
    from rich.text import Text

    content = widget.render()
    if isinstance(content, Text):
        return content.plain
    return str(getattr(content, "plain", content))


def help_rows(text: str) -> list[tuple[str, str]]:
    """The (key, description) rows of the help screen's text, a description that wraps under
    its own column joined back into one line."""
    rows: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line.startswith("  ") and line[2:3] != " ":
            key, _, words = line[2:].partition("  ")
            rows.append((key.strip(), words.strip()))
        elif line.startswith("   ") and rows:
            rows[-1] = (rows[-1][0], f"{rows[-1][1]} {line.strip()}")
    return rows


def active_actions(app: AnttApp) -> set[str]:
    """Actions of the focused chain that are enabled now (greyed ones are left out)."""
    return {b.binding.action for b in app.active_bindings.values() if b.enabled}


async def burst(pilot: Pilot, *keys: str) -> None:
    """Send keys in one burst, as a quick typist (or Unikey) does, then let the app settle.

    `pilot.press` waits for the app to go idle after every key, which makes a long test ten
    times slower. A burst is only for keys that stay on one screen: the keys after one that
    opens a screen could reach the old one.
    """
    from textual import events
    from textual.keys import REPLACED_KEYS, key_to_character

    app = pilot.app
    for key in keys:
        if len(key) == 1:
            # A character arrives as itself, combining marks too (Textual's own `press`
            # turns U+0303 into a named key and loses the character).
            app.post_message(events.Key(_key_name(key), key))
            continue
        app.post_message(events.Key(key, key_to_character(REPLACED_KEYS.get(key, key))))
    for _ in range(3):
        await pilot.pause()


def _key_name(char: str) -> str:
    """The name a terminal gives the key of one character, as Textual's parser does: a
    letter or digit is itself, anything else its Unicode name in snake case ("full_stop")."""
    import unicodedata

    from textual.keys import KEY_NAME_REPLACEMENTS

    if char.isalnum():
        return char
    try:
        name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        name = {"\t": "tab"}.get(char, char)
    return KEY_NAME_REPLACEMENTS.get(name, name)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type `text`, one key per character (NFD marks are keys of their own, as from Unikey)."""
    await burst(pilot, *text)


def screen_text(app: AnttApp) -> str:
    """Everything the officer sees now (toasts and dialogs included), as plain lines.

    Read from the app's screenshot: an SVG in which Rich writes each run of text as a
    `<text>` element, at `x` = its first cell × the width of a cell, clipped to its line.
    """
    import html
    import re

    svg = app.export_screenshot()
    width = float(re.search(r'<clipPath id="[^"]*-line-0">\s*<rect x="0" y="[\d.]+" '
                            r'width="([\d.]+)"', svg).group(1))
    cell = width / app.size.width
    lines = [""] * app.size.height
    for x, line, text in re.findall(r'<text [^>]*?x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                                    r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>', svg):
        column, row = round(float(x) / cell), int(line)
        lines[row] = lines[row].ljust(column) + html.unescape(text).replace("\xa0", " ")
    return "\n".join(line.rstrip() for line in lines)


async def tab_to(pilot: Pilot, widget: Any) -> None:
    """Press Tab as many times as it takes for `widget` to get the focus."""
    chain = pilot.app.screen.focus_chain
    assert widget in chain, f"{widget!r} cannot be reached with Tab"
    here = chain.index(pilot.app.focused) if pilot.app.focused in chain else -1
    await burst(pilot, *["tab"] * ((chain.index(widget) - here) % len(chain)))
    assert pilot.app.focused is widget, f"focus is on {pilot.app.focused!r}, not {widget!r}"


async def choose(pilot: Pilot, select: Any, label: str) -> None:
    """Pick `label` in the focused choice field from the keyboard.

    A `Select` (a short list): Enter, arrows, Enter. A `ChoiceFilter` (a long list): type the
    label, arrows to it among the options left, Enter. A member is chosen by name:
    "Lê Thị Bình" picks "Lê Thị Bình (Vợ, 1978)".
    """
    from antt_tui.tui.widgets.choice_filter import ChoiceFilter

    def wanted(prompt: str) -> bool:
        return prompt == label or prompt.startswith(label + " (")

    assert pilot.app.focused is select, f"focus is on {pilot.app.focused!r}, not {select!r}"
    if isinstance(select, ChoiceFilter):
        await type_text(pilot, label)
        seen = [prompt for prompt, _ in select.listed]
        index = next((i for i, prompt in enumerate(seen) if wanted(prompt)), None)
        assert index is not None, f"no option {label!r} in {seen}"
        here = select.highlighted or 0
        await burst(pilot, *["down" if index >= here else "up"] * abs(index - here), "enter")
        assert not select.expanded and pilot.app.focused is select
        return
    await pilot.press("enter")
    overlay = select.query_one("SelectOverlay", OptionList)
    seen = [_plain(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
    for index, prompt in enumerate(seen):
        if wanted(prompt):
            here = overlay.highlighted or 0
            step = "down" if index >= here else "up"
            await burst(pilot, *[step] * abs(index - here), "enter")
            assert pilot.app.focused is select
            return
    raise AssertionError(f"no option {label!r} in {seen}")


async def open_household(pilot: Pilot, code: str) -> Any:
    """Show a household's screen over the overview.

    The keyboard way there (F2, the code, Enter) is tested on its own; here the screen is
    pushed directly, which saves a screen and half a second per test.
    """
    from antt_tui.tui.screens.household import HouseholdScreen

    app = pilot.app
    await wait_for_overview(pilot)
    household = app.state.roster.household(code)
    await app.push_screen(HouseholdScreen(household.id))
    await settle(pilot, app)
    assert app.focused is app.screen.query_one("#members")
    return app.screen


async def select_member(pilot: Pilot, name: str) -> None:
    """Move the members table's cursor to the member called `name` with the arrow keys."""
    table = pilot.app.screen.query_one("#members", DataTable)
    assert pilot.app.focused is table
    names = [row[1] for row in table_rows(table)]
    target = names.index(name)
    await burst(pilot, *(["down"] * (target - table.cursor_row) if target >= table.cursor_row
                         else ["up"] * (table.cursor_row - target)))
    assert table.cursor_row == target


def heads_are_consistent(session: Session) -> None:
    """Every household that lives here has exactly one head: a present member, its head_id."""
    from antt_tui.roster.service import ACTIVE_STATUSES

    for household in session.store.records("households"):
        if household.get("deleted") or household.get("residence_status") not in ACTIVE_STATUSES:
            continue
        present = session.roster.members(household["id"], present_only=True)
        heads = [p for p in present if p.relation == "chu_ho"]
        assert [p.id for p in heads] == [household["head_id"]], household["code"]


def toasts(app: AnttApp) -> list[str]:
    """The notifications on screen now, each as its title and message on one line.

    `run_test` hides notifications unless it is given `notifications=True`.
    """
    return [" ".join(text_of(toast).split()) for toast in app.screen.query("Toast")]
