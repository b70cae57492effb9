"""F1 / ?: every key of the screen below, and the keys that mean the same everywhere."""

from __future__ import annotations

import textwrap
from typing import Any

from rich.markup import escape
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

KEY_NAMES = {
    "escape": "Esc", "enter": "Enter", "tab": "Tab", "pageup": "PgUp", "pagedown": "PgDn",
    "question_mark": "?", "delete": "Delete", "space": "Space",
}

COMMON = [
    ("F1 hoặc ?", "Trợ giúp: các phím của màn hình"),
    ("↑ ↓, Enter", "Chọn dòng trong bảng, mở dòng đang chọn"),
    ("Ctrl+P", "Bảng lệnh: Tìm hộ, Thêm hộ, Mở thôn…"),
    ("Tab / Shift+Tab", "Chuyển giữa các ô"),
    ("Ctrl+S", "Lưu biểu mẫu"),
    ("Esc", "Quay lại, đóng hộp thoại (hỏi trước khi bỏ thay đổi)"),
    ("Ctrl+Q", "Thoát chương trình"),
]


def key_label(key: str) -> str:
    """How a key is written for officers: "ctrl+n" → "Ctrl+N", "f5" → "F5"; a letter alone
    as it is typed ("k" is k, "X" is Shift+x), as the footer shows it."""
    parts = key.split("+")
    if len(parts) == 1 and len(key) == 1:
        return key
    names = []
    for part in parts:
        name = KEY_NAMES.get(part)
        if name is None:
            name = part.upper() if len(part) <= 3 else part.capitalize()
        names.append(name)
    return "+".join(names)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen that was open, then the common keys."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Đóng", id="close")]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def screen_keys(self) -> list[tuple[str, str]]:
        """(key, description) of every binding of the screen below and its widgets."""
        rows: dict[str, tuple[str, str]] = {}
        # The screen's own keys (the widgets' editing keys are standard and not listed).
        for node in [self.below]:
            for binding in getattr(node, "BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                if binding.description in rows:
                    continue
                keys = " / ".join(key_label(k) for k in binding.key.split(","))
                text = binding.description
                if binding.tooltip and binding.tooltip != binding.description:
                    text = f"{binding.description}: {binding.tooltip}"
                rows[binding.description] = (keys, text)
        return list(rows.values())

    def compose(self) -> ComposeResult:
        title = getattr(self.below, "HELP_TITLE", "") or "Màn hình hiện tại"
        with VerticalScroll(id="help-box", classes="dialog"):
            yield KeyTable([(title, self.screen_keys()), ("Ở mọi màn hình", COMMON)],
                           "Esc để đóng.", id="help-text")


KEY_WIDTH = 16
"""Width of the key column; a description wraps in its own column to the right of it."""


class KeyTable(Static):
    """Headed blocks of (key, what it does) rows, each description wrapped within its own
    column at the width the widget has."""

    def __init__(self, blocks: list[tuple[str, list[tuple[str, str]]]], last: str,
                 **kwargs: Any) -> None:
        self.blocks, self.last = blocks, last
        super().__init__(self.text(72), **kwargs)

    def on_resize(self, event: events.Resize) -> None:
        self.update(self.text(event.size.width))

    def text(self, width: int) -> str:
        """The blocks as markup lines, fitted to `width` columns."""
        indent = 2 + KEY_WIDTH + 1
        lines: list[str] = []
        for title, rows in self.blocks:
            lines += [f"[b]{escape(title)}[/b]", ""]
            for key, words in rows:
                wrapped = textwrap.wrap(words, max(20, width - indent)) or [""]
                lines.append(f"  [b]{escape(key):<{KEY_WIDTH}}[/b] {escape(wrapped[0])}")
                lines += [" " * indent + escape(more) for more in wrapped[1:]]
            lines.append("")
        return "\n".join([*lines, self.last])
