"""Read form definitions from ``forms/*.toml`` and check them before anything is drawn.

Every mistake an editor can make in a definition (a TOML typo, an unknown key or type, a
repeated id, a condition on a field that comes later, a default that is not a choice) is a
``FormError`` naming the file and the line, in Vietnamese. The format is described in
``forms/README.md``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from antt_tui.domain.text import nfc
from antt_tui.forms.fields import read_field
from antt_tui.forms.locate import Locator
from antt_tui.forms.model import FieldDef, FormDef, FormError
from antt_tui.paths import forms_dir

__all__ = ["load_form", "load_forms"]

_TOP_KEYS = ("id", "title", "description", "submit_label", "fields")
_FORM_ID = re.compile(r"[a-z][a-z0-9_]*")
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")


def load_forms(folder: Path | None = None) -> dict[str, FormDef]:
    """Load every ``*.toml`` in ``folder`` (default: ``paths.forms_dir()``), keyed by form id.

    Files are read in name order; the first broken one raises ``FormError``, and so does a form
    id used by two files.
    """
    folder = forms_dir() if folder is None else folder
    if not folder.is_dir():
        raise FormError(folder, 0, f"Không tìm thấy thư mục định nghĩa biểu mẫu {folder}.")
    forms: dict[str, FormDef] = {}
    for path in sorted(folder.glob("*.toml")):
        form = load_form(path)
        if form.id in forms:
            raise FormError(
                path,
                _Reader.top_line(path, "id"),
                f"Mã biểu mẫu “{form.id}” đã dùng trong tệp {forms[form.id].path.name}.",
            )
        forms[form.id] = form
    return forms


def load_form(path: Path) -> FormDef:
    """Read and check one definition file; ``FormError`` names the file and line of a mistake."""
    with path.open("rb") as fp:
        data = fp.read()
    try:
        text = data.decode("utf-8-sig")  # Notepad may add a byte-order mark; TOML forbids it
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormError(path, line, "Tệp phải được lưu với bảng mã UTF-8.") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, text, exc) from None
    return _Reader(path, text).form(raw)


def _syntax_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> FormError:
    """A FormError at the line tomllib reports, with its (English) detail kept."""
    message = str(exc)
    m = _TOML_POSITION.search(message)
    line = int(m.group(1)) if m and m.group(1) else text.rstrip().count("\n") + 1
    detail = message[: m.start()] if m else message
    column = f", cột {m.group(2)}" if m and m.group(2) else ""
    return FormError(
        path, line, f"Sai cú pháp TOML{column} ({detail}). Kiểm tra dấu ngoặc kép, dấu = và dấu phẩy."
    )


class _Reader:
    """Turns one parsed file into a FormDef, raising FormError at the right line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.at = Locator(text)

    @staticmethod
    def top_line(path: Path, key: str) -> int:
        """Line of a top-level key in an already loaded file (for errors across files)."""
        return Locator(path.read_bytes().decode("utf-8-sig")).top(key)

    def error(self, line: int, reason: str) -> FormError:
        """A FormError in this file."""
        return FormError(self.path, line, reason)

    # ----------------------------------------------------------------- the form

    def form(self, raw: dict[str, Any]) -> FormDef:
        """The whole form: top-level keys, then each field in order."""
        for key in raw:
            if key not in _TOP_KEYS:
                raise self.error(
                    self.at.top(key),
                    f"Khóa “{key}” không dùng được ở đầu tệp. Các khóa hợp lệ: {', '.join(_TOP_KEYS)}.",
                )
        form_id = self.top_text(raw, "id", required=True)
        if not _FORM_ID.fullmatch(form_id):
            raise self.error(
                self.at.top("id"),
                f"Mã biểu mẫu “{form_id}” chỉ được gồm chữ thường không dấu, chữ số và dấu _.",
            )
        title = self.top_text(raw, "title", required=True)
        description = self.top_text(raw, "description")
        submit_label = self.top_text(raw, "submit_label") or "Lưu"
        entries = raw.get("fields")
        if not isinstance(entries, list) or not entries:
            raise self.error(self.at.top("fields"), "Biểu mẫu chưa có trường nào ([[fields]]).")
        all_ids = {e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}
        fields: list[FieldDef] = []
        for index, entry in enumerate(entries):
            fields.append(self.field(index, entry, fields, all_ids))
        return FormDef(form_id, title, description, tuple(fields), self.path, submit_label)

    def top_text(self, raw: dict[str, Any], key: str, *, required: bool = False) -> str:
        """A top-level text value, NFC and stripped."""
        value = raw.get(key, "")
        if not isinstance(value, str):
            raise self.error(self.at.top(key), f"Khóa “{key}” phải là một chuỗi trong dấu ngoặc kép.")
        value = nfc(value).strip()
        if required and not value:
            raise self.error(self.at.top(key), f"Thiếu khóa “{key}” ở đầu tệp.")
        return value

    def field(self, index: int, entry: Any, before: list[FieldDef], all_ids: set[str]) -> FieldDef:
        """One ``[[fields]]`` table, with errors placed at the line of the key at fault."""
        if not isinstance(entry, dict):
            raise self.error(self.at.field(index), f"Trường thứ {index + 1} phải là một bảng [[fields]].")
        field_id = entry.get("id")
        named = isinstance(field_id, str) and bool(field_id)
        line = self.at.field(index, "id", field_id if named else "")

        def fail(key: str | None, reason: str) -> FormError:
            where = self.at.field(index, key, field_id if named else "") if key else line
            name = f"Trường “{field_id}”" if named else f"Trường thứ {index + 1}"
            return self.error(where, f"{name}: {reason}")

        return read_field(entry, before, line=line, all_ids=all_ids, fail=fail)
