"""A choice from a long list: type a few letters and the list narrows to the options that match.

"trom", "trộm", "TROM CAP" and "tc" all find "Trộm cắp tài sản": what is typed and every
option are folded (no case, no diacritics, đ → d; `antt_tui.domain.text.fold`) and compared
on the label and on the code, best first: the label's start, the start of its words, the
code's words, the label's initials, then anywhere (in the label, the code or the initials).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from antt_tui.domain.text import fold, nfc

__all__ = ["ChoiceFilter", "matching_options", "search_tokens"]

_WORD = re.compile(r"[^\W_]+")
"""A run of letters or digits ("_" separates the words of a code such as TP_TTXH_TROM_CAP)."""

_RECORD_ID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")
"""A record's UUID: a value with no meaning to the officer, never matched."""


def search_tokens(text: str) -> list[str]:
    """The folded words of what was typed ("TROM, cắp" → ["trom", "cap"])."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class _Searchable:
    """One option as the search sees it."""

    label: str
    """The folded words of the label, one space between them."""
    words: tuple[str, ...]
    initials: str
    """The first letter of each word of the label ("tcts" for "Trộm cắp tài sản")."""
    code: str
    code_words: tuple[str, ...]

    @classmethod
    def of(cls, label: str, value: str) -> _Searchable:
        words = tuple(search_tokens(label))
        code_words = () if _RECORD_ID.fullmatch(value) else tuple(search_tokens(value))
        return cls(" ".join(words), words, "".join(w[0] for w in words),
                   " ".join(code_words), code_words)

    def score(self, tokens: Sequence[str]) -> int | None:
        """How well the tokens match, 0 best; None when they do not."""
        phrase = " ".join(tokens)
        if self.label.startswith(phrase):
            return 0
        if all(any(w.startswith(t) for w in self.words) for t in tokens):
            return 1
        if self.code_words and all(any(w.startswith(t) for w in self.code_words)
                                   for t in tokens):
            return 2
        if len(tokens) == 1 and len(phrase) > 1 and self.initials.startswith(phrase):
            return 3
        if all(t in self.label or t in self.code for t in tokens) or (
                len(tokens) == 1 and len(phrase) > 1 and phrase in self.initials):
            return 4
        return None


def _rank(options: Sequence[_Searchable], tokens: Sequence[str]) -> list[int]:
    if not tokens:
        return list(range(len(options)))
    scored = [(score, n) for n, option in enumerate(options)
              if (score := option.score(tokens)) is not None]
    return [n for _, n in sorted(scored)]


def matching_options(options: Sequence[tuple[str, str]], text: str) -> list[int]:
    """Indexes of the (label, value) options that match `text`, best first (all of them, in
    their own order, when `text` has no letter or digit)."""
    return _rank([_Searchable.of(label, value) for label, value in options], search_tokens(text))


def _marked(label: str, tokens: Sequence[str]) -> Content:
    """The label with the first place each token matches underlined (a word start if any)."""
    folded: list[str] = []
    origin: list[int] = []
    for n, ch in enumerate(label):
        for f in (" " if ch.isspace() else fold(ch)):
            folded.append(f)
            origin.append(n)
    text = "".join(folded)
    content = Content(label)
    for token in tokens:
        starts = [m.start() for m in re.finditer(re.escape(token), text)]
        if not starts:
            continue
        at = next((s for s in starts if s == 0 or not text[s - 1].isalnum()), starts[0])
        content = content.stylize("bold underline", origin[at], origin[at + len(token) - 1] + 1)
    return content


class ChoiceFilter(Widget, can_focus=True):
    """One choice among many: shows the chosen label; typing opens the list of the options
    that match, best first.

    ↑/↓ (or Enter on a closed list) open the whole list; in the open list ↑/↓, PgUp/PgDn and
    Home/End move, Enter chooses, Backspace erases a letter, and Esc (or Tab, leaving the
    field) closes it without changing the choice. Esc on a closed list is left to the screen.
    An empty filter shows every option, after a blank one (`prompt`) when `allow_blank`.
    """

    DEFAULT_CSS = """
    ChoiceFilter {
        height: auto;
        & > .choice-line {
            height: auto;
            padding: 0 1 0 0;
            background: $surface;
        }
        & .choice-text {
            width: 1fr;
            height: auto;
            color: $foreground 50%;
        }
        &.-chosen .choice-text {
            color: $foreground;
        }
        & .choice-arrow {
            width: 2;
            padding-left: 1;
            color: $foreground 50%;
        }
        & > OptionList {
            display: none;
            height: auto;
            max-height: 8;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        &.-open > OptionList {
            display: block;
        }
        &:focus > .choice-line {
            background-tint: $foreground 5%;
        }
        &:focus > OptionList > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    BINDINGS = [
        Binding("enter", "confirm", "Chọn", show=False, id="choice_confirm",
                tooltip="Mở danh sách, hoặc chọn mục đang sáng"),
        Binding("down", "move(1)", "Xuống", show=False, id="choice_down",
                tooltip="Mở danh sách, hoặc xuống mục sau"),
        Binding("up", "move(-1)", "Lên", show=False, id="choice_up",
                tooltip="Mở danh sách, hoặc lên mục trước"),
        Binding("pagedown", "page(1)", "Trang sau", show=False, id="choice_page_down",
                tooltip="Xuống một trang của danh sách"),
        Binding("pageup", "page(-1)", "Trang trước", show=False, id="choice_page_up",
                tooltip="Lên một trang của danh sách"),
        Binding("home", "edge(-1)", "Đầu danh sách", show=False, id="choice_first",
                tooltip="Lên mục đầu của danh sách"),
        Binding("end", "edge(1)", "Cuối danh sách", show=False, id="choice_last",
                tooltip="Xuống mục cuối của danh sách"),
        Binding("backspace", "erase", "Xóa chữ", show=False, id="choice_erase",
                tooltip="Xóa chữ cuối của phần đang gõ"),
        Binding("escape", "close", "Đóng danh sách", show=False, id="choice_close",
                tooltip="Đóng danh sách, giữ lựa chọn cũ"),
    ]

    value: var[str | None] = var(None, init=False)
    """The chosen option's value (None: nothing chosen); an unknown value counts as None."""
    typed: var[str] = var("", init=False)
    """What the officer typed to narrow the list ("" when not filtering)."""
    expanded: var[bool] = var(False, init=False, toggle_class="-open")
    """True while the list is shown under the chosen label."""

    @dataclass
    class Changed(Message):
        """The chosen value changed (from the keyboard or the mouse, or set by code)."""

        choice_filter: ChoiceFilter
        value: str | None

        @property
        def control(self) -> ChoiceFilter:
            """The ChoiceFilter that changed."""
            return self.choice_filter

    def __init__(self, options: Sequence[tuple[str, str]], *, value: str | None = None,
                 prompt: str = "— chọn —", allow_blank: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.options = [(nfc(label), val) for label, val in options]
        """(label, value) of every option, in the order given."""
        self.prompt = prompt
        self.allow_blank = allow_blank
        self._search = [_Searchable.of(label, val) for label, val in self.options]
        self._labels = {val: label for label, val in self.options}
        self._shown: list[int | None] = []  # option indexes listed now; None is the blank
        self.set_reactive(ChoiceFilter.value, self.validate_value(value))

    def compose(self) -> ComposeResult:
        with Horizontal(classes="choice-line"):
            yield Static(classes="choice-text")
            yield Static("▼", classes="choice-arrow")
        option_list = OptionList(compact=True)
        option_list.can_focus = False  # the keys stay with this widget: typing goes on
        yield option_list

    def on_mount(self) -> None:
        self._show_line()

    # ------------------------------------------------------------------ state

    def validate_value(self, value: str | None) -> str | None:
        """An unknown value (an option that is gone) is no choice."""
        return value if value in self._labels else None

    def watch_value(self, value: str | None) -> None:
        self._show_line()
        self.post_message(self.Changed(self, value))

    def watch_typed(self) -> None:
        if self.expanded:
            self._fill_list()
        self._show_line()

    def watch_expanded(self, expanded: bool) -> None:
        if expanded:
            self._fill_list()
            self.call_after_refresh(self._reveal)
        self.query_one(".choice-arrow", Static).update("▲" if expanded else "▼")
        self._show_line()

    def _reveal(self) -> None:
        """Once the open list has its size: its highlight in view, and the list in the form."""
        self.query_one(OptionList).scroll_to_highlight()
        self.scroll_visible(animate=False)

    @property
    def listed(self) -> list[tuple[str, str | None]]:
        """(label, value) of the options in the open list, top first (the blank is
        (prompt, None)); [] when the list is closed."""
        if not self.expanded:
            return []
        return [(self.prompt, None) if n is None else self.options[n] for n in self._shown]

    @property
    def highlighted(self) -> int | None:
        """The position in `listed` of the option Enter would choose."""
        if not (self.expanded and self._shown):
            return None
        return self.query_one(OptionList).highlighted

    def _fill_list(self) -> None:
        tokens = search_tokens(self.typed)
        self._shown = [*([None] if self.allow_blank and not tokens else []),
                       *_rank(self._search, tokens)]
        option_list = self.query_one(OptionList)
        if not self._shown:
            option_list.set_options([Option(Content.styled(
                f"Không có mục nào khớp “{nfc(self.typed.strip())}”", "italic"),
                disabled=True)])
            return
        option_list.set_options(
            Option(Content.styled(self.prompt, "dim"), id="blank") if n is None else
            Option(_marked(self.options[n][0], tokens), id=str(n)) for n in self._shown)
        if tokens:
            option_list.highlighted = 0  # the best match
        else:
            current = next((n for n in self._shown if n is not None
                            and self.options[n][1] == self.value), None)
            option_list.highlighted = (self._shown.index(current) if current in self._shown
                                       else 0)

    def _line(self) -> Content:
        """The chosen label (the prompt when none); what is typed while the list is open."""
        if not self.expanded:
            if self.value is not None:
                return Content(self._labels[self.value])
            # Focused with nothing chosen: say that typing finds the option.
            return Content.assemble(self.prompt, ("  gõ vài chữ để tìm", "dim")
                                    if self.has_focus else "")
        count = len([n for n in self._shown if n is not None])
        hint = (f" {count}/{len(self.options)} mục" if self.typed.strip() else
                f" gõ vài chữ để lọc ({len(self.options)} mục)")
        return Content.assemble(nfc(self.typed), ("▏", "bold"), (hint, "dim"))

    def _show_line(self) -> None:
        self.set_class(self.expanded or self.value is not None, "-chosen")
        for text in self.query(".choice-text").results(Static):  # none before compose
            text.update(self._line())

    # ------------------------------------------------------------------ keys

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Printable keys are typed into the filter."""
        return character is not None and character.isprintable()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc, PgUp/PgDn and Home/End work only while the list is open (Esc on a closed list
        reaches the screen, which closes the form); Backspace only when something is typed."""
        if action in ("close", "page", "edge"):
            return self.expanded
        if action == "erase":
            return bool(self.typed)
        return True

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.is_printable:
            event.stop()
            event.prevent_default()
            self._type(event.character)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        lines = event.text.splitlines()
        if lines:
            self._type(lines[0])

    def _type(self, text: str) -> None:
        if not self.typed and not text.strip():
            self.expanded = True  # a space opens the whole list; it filters nothing yet
            return
        self.typed += text
        self.expanded = True

    def action_confirm(self) -> None:
        """Open the list; in the open list, choose the highlighted option."""
        if not self.expanded:
            self.expanded = True
        elif self.highlighted is not None:
            self._choose(self._shown[self.highlighted])

    def action_move(self, step: int) -> None:
        """Open the list; in the open list, move the highlight."""
        option_list = self.query_one(OptionList)
        if not self.expanded:
            self.expanded = True
        elif step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def action_page(self, step: int) -> None:
        """Move the highlight a page of the list."""
        option_list = self.query_one(OptionList)
        if step > 0:
            option_list.action_page_down()
        else:
            option_list.action_page_up()

    def action_edge(self, step: int) -> None:
        """Move the highlight to the last (1) or the first (-1) option of the list."""
        option_list = self.query_one(OptionList)
        if step > 0:
            option_list.action_last()
        else:
            option_list.action_first()

    def action_erase(self) -> None:
        """Erase the last typed character (the whole list again once nothing is left)."""
        self.typed = self.typed[:-1]

    def action_close(self) -> None:
        """Close the list and forget what was typed; the choice stays as it was."""
        self.close()

    def close(self) -> None:
        """Close the list, if open, and forget the typed filter."""
        self.expanded = False
        self.typed = ""

    def _choose(self, index: int | None) -> None:
        self.value = None if index is None else self.options[index][1]
        self.close()

    # ------------------------------------------------------------------ focus and mouse

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)
        if not has_focus:
            self.close()  # Tab or a click elsewhere: the list goes, the choice stays
        self._show_line()

    def on_click(self, event: events.Click) -> None:
        if event.widget is not None and self.query_one(OptionList) in (
                event.widget, *event.widget.ancestors):
            return  # an option: OptionSelected follows
        self.focus()
        if self.expanded:
            self.close()
        else:
            self.expanded = True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id is not None:
            self._choose(None if option_id == "blank" else int(option_id))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # only the choice concerns the screen
