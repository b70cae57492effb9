"""F1 / ?: every key of the screen below, and the keys that mean the same everywhere."""

from __future__ import annotations

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
    """How a key is written for officers: "ctrl+n" → "Ctrl+N"."""
    parts = []
    for part in key.split("+"):
        name = KEY_NAMES.get(part)
        if name is None:
            name = part.upper() if len(part) <= 3 else part.capitalize()
        parts.append(name)
    return "+".join(parts)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen that was open, then the common keys."""

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
        lines = [f"[b]{title}[/b]", ""]
        lines += [f"  [b]{k:<16}[/b] {d}" for k, d in self.screen_keys()]
        lines += ["", "[b]Ở mọi màn hình[/b]", ""]
        lines += [f"  [b]{k:<16}[/b] {d}" for k, d in COMMON]
        lines += ["", "Esc để đóng."]
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static("\n".join(lines), id="help-text")
