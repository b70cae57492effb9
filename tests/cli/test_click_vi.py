"""click's own messages in Vietnamese: the errors an officer makes while typing a command."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest

from antt_tui.cli.click_vi import CATALOGUE
from tests.cli.helpers import run


@pytest.mark.parametrize(("args", "expected"), [
    (("--bogus",), "Lỗi: Không có tùy chọn --bogus.\nXem hướng dẫn: antt --help"),
    (("household", "lis"), "Lỗi: Không có lệnh 'lis'. Có phải là 'list'?"),
    (("report", "monthly", "--period", "2026-10", "--so", "abc"),
     "Lỗi: Giá trị không hợp lệ cho --so: 'abc' không phải là một số."),
    (("report", "monthly", "--village"), "Lỗi: Tùy chọn --village cần một giá trị."),
    (("report", "monthly", "--village", "DH"),
     "Lỗi: Thiếu tùy chọn bắt buộc --period."),
    (("report", "monthly", "--period", "2026-10", "--csv", "{file}"),
     "là một tệp, không phải thư mục."),
    (("household", "list", "--village", "DH", "thừa"), "Lỗi: Thừa tham số: thừa."),
    (("--version",), "antt, phiên bản "),
])
def test_typing_mistakes_are_answered_in_vietnamese(tmp_path: Path, args: tuple[str, ...],
                                                    expected: str) -> None:
    a_file = tmp_path / "tep.txt"
    a_file.write_text("x", encoding="utf-8")
    args = tuple(a.replace("{file}", str(a_file)) for a in args)
    result = run(*args, code=0 if args == ("--version",) else 2)
    assert expected in result.stdout + result.stderr


def _click_msgids() -> set[str]:
    """Every message click passes to gettext/ngettext, read from click's installed source."""
    found: set[str] = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "ngettext")):
                found.update(a.value for a in node.args
                             if isinstance(a, ast.Constant) and isinstance(a.value, str))
            # `_(extra["required"])`: the word is set as `extra["required"] = "required"`.
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and ast.unparse(node.targets[0]) == "extra['required']"):
                found.add(node.value.value)
    return found


def test_every_translation_matches_a_message_click_still_prints() -> None:
    """A click upgrade that rewords a message shows up here, not as English in the field."""
    stale = set(CATALOGUE) - _click_msgids()
    assert not stale, sorted(stale)


def test_translations_keep_the_placeholders_click_fills_in() -> None:
    import string

    for english, vietnamese in CATALOGUE.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(vietnamese) if f}
        wanted = {f for _, f, _, _ in string.Formatter().parse(english) if f}
        assert fields <= wanted, (english, fields - wanted)
