"""What the list screens share: rows read in a thread worker, shown a page at a time, with a
search box and a word when there are none. The household list, the incidents, the
conflicts, duplicate pairs and entries set aside that a merge leaves, and the roster imports
are built on it."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from textual import on, work
from textual.screen import Screen
from textual.widgets import Input

from antt_tui.tui.context import AnttMixin
from antt_tui.tui.messages import WorkerResult, failure
from antt_tui.tui.widgets.paged_table import PagedTable

__all__ = ["ListScreen", "Listing"]

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Listing(Generic[RowT]):
    """What a list screen's worker read: the rows, and what they are shown with (village
    names, the taxonomy …), read at the same moment."""

    rows: Sequence[RowT]
    context: Any = None


class ListScreen(AnttMixin, Screen[None], Generic[RowT]):
    """Rows read in a worker and shown `PAGE` at a time.

    A subclass says how to read (`reader`, called on the screen's thread so that it can take
    the search text and the filters from the widgets, returns what the worker calls) and how
    to show the page (`show_page`, which may be async). Whatever changes what is read (a
    keystroke in the `#search` box, a filter) calls `search_changed`, which goes back to the
    first page; a save elsewhere calls `refresh_data`, which keeps the page. F7/F8 (the
    `page` action) and PgUp/PgDn at the ends of a `PagedTable` turn pages.

    While rows are read `loading` is true; an older read that comes back after a newer one
    was asked for is dropped. With no rows the screen has the class `-empty`. A read that
    raises one of `READ_ERRORS` is shown as a notification titled `READ_FAILED`, and the
    rows stay as they were.
    """

    PAGE: ClassVar[int] = 100
    """Rows on a page."""
    READ_ERRORS: ClassVar[tuple[type[Exception], ...]] = ()
    """What reading may raise with a message for the officer; anything else is a bug."""
    READ_FAILED: ClassVar[str] = "Không đọc được"
    """The title of the notification when reading failed."""

    @dataclass
    class Loaded(WorkerResult):
        """The worker read the rows."""

        listing: Listing[Any]

    def __init__(self) -> None:
        super().__init__()
        self.rows: Sequence[RowT] = []
        """Everything found, on every page."""
        self.page = 0
        """The page on screen, from 0."""
        self.loading = False
        """The rows are being read (again)."""
        self._key_state: tuple[Any, ...] | None = None

    # ------------------------------------------------------------------ for subclasses

    def reader(self) -> Callable[[], Listing[RowT]]:
        """What the worker calls to read the rows (with the search and filters now shown)."""
        raise NotImplementedError

    def show_page(self) -> Awaitable[None] | None:
        """Put `page_rows` on screen."""
        raise NotImplementedError

    def rows_read(self, listing: Listing[RowT]) -> None:
        """The rows arrived (they are in `rows`); choose the page to show: by default the
        same one, or the last there is now."""
        self.page = min(self.page, self.page_count - 1)

    def rows_shown(self) -> None:
        """The rows that arrived are on screen."""

    def key_state(self) -> tuple[Any, ...]:
        """What decides which keys are live; the footer is redrawn (which is costly) only
        when it changes. By default: whether there is a page before and after."""
        return (self.can_page(-1), self.can_page(1))

    # ------------------------------------------------------------------ reading

    def refresh_data(self) -> None:
        """Read the rows again, staying on the page (after a save)."""
        self.loading = True
        self._read(self.reader())

    def search_changed(self) -> None:
        """What to read changed (the search text, a filter): read again from page one."""
        self.page = 0
        self.refresh_data()

    @work(thread=True, exclusive=True, group="list-read")
    def _read(self, reader: Callable[[], Listing[RowT]]) -> None:
        try:
            listing = reader()
        except self.READ_ERRORS as exc:
            self.app.post_message(failure(exc, self.READ_FAILED))
            listing = Listing(self.rows)  # what is on screen stays
        self.post_message(self.Loaded(listing))

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        if message.stale:
            return  # a newer read is under way
        self.loading = False
        self.rows = message.listing.rows
        self.rows_read(message.listing)
        self.set_class(not self.rows, "-empty")
        await self._present()
        self.rows_shown()

    async def _present(self) -> None:
        shown = self.show_page()
        if inspect.isawaitable(shown):
            await shown
        state = self.key_state()
        if state != self._key_state:
            self._key_state = state
            self.refresh_bindings()

    # ------------------------------------------------------------------ pages

    @property
    def page_count(self) -> int:
        """Pages of rows (at least one, which may be empty)."""
        return max(1, -(-len(self.rows) // self.PAGE))

    @property
    def page_rows(self) -> Sequence[RowT]:
        """The rows of the page on screen."""
        return self.rows[self.page * self.PAGE:(self.page + 1) * self.PAGE]

    def can_page(self, step: int) -> bool:
        """Whether there is a page `step` pages from this one."""
        return 0 <= (self.page + step) * self.PAGE < len(self.rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            step = parameters[0] if parameters and isinstance(parameters[0], int) else 0
            return True if self.can_page(step) else None
        return True

    async def action_page(self, step: int) -> None:
        """Show the next (+1) or previous (-1) page."""
        if not self.can_page(step):
            return
        self.page += step
        await self._present()
        for table in self.query(PagedTable):
            # The cursor at the side the page was entered from.
            table.move_cursor(row=0 if step > 0 else table.row_count - 1)

    async def on_paged_table_page_request(self, message: PagedTable.PageRequest) -> None:
        await self.action_page(message.step)

    # ------------------------------------------------------------------ search

    @on(Input.Changed, "#search")
    def _search_typed(self) -> None:
        self.search_changed()

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()
