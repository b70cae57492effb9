"""Where things sit in a definition file's text, so that errors can name a line.

``tomllib`` keeps no positions, so this scans the text: the ``[[fields]]`` headers split the
file into one block per field, and a key is found by its ``key =`` line inside a block. It is
only used for messages, so a file written in an unusual style (fields as inline tables) gets
the nearest line that can be found.
"""

from __future__ import annotations

import re

__all__ = ["Locator"]

_FIELDS_HEADER = re.compile(r"\s*\[\[\s*fields\s*\]\]")
_INLINE_ID = re.compile(r"(?:^|[\s{,])id\s*=")
_ANY_HEADER = re.compile(r"\s*\[\[?\s*([A-Za-z0-9_\-.\"' ]+?)\s*\]\]?\s*(?:#.*)?$")


class Locator:
    """Line numbers (1-based) of top-level keys, fields and the keys inside each field."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        headers = [(n, m.group(1)) for n, line in enumerate(self.lines, 1) if (m := _ANY_HEADER.match(line))]
        self._top_end = headers[0][0] if headers else len(self.lines) + 1
        starts = [n for n, line in enumerate(self.lines, 1) if _FIELDS_HEADER.match(line)]
        self._blocks: list[tuple[int, int]] = []
        for start in starts:
            # A field's block runs to the next header that is not one of its sub-tables.
            end = next(
                (n for n, name in headers if n > start and not name.replace(" ", "").startswith("fields.")),
                len(self.lines) + 1,
            )
            self._blocks.append((start, end))

    def _find(self, key: str, start: int, end: int) -> int:
        """Line of ``key = …`` (or ``key.sub = …`` or ``[fields.key]``) in lines start..end-1."""
        pattern = re.compile(rf"\s*(?:\[\[?\s*fields\s*\.\s*)?[\"']?{re.escape(key)}[\"']?\s*[.=\]]")
        for n in range(start, min(end, len(self.lines) + 1)):
            if pattern.match(self.lines[n - 1]):
                return n
        return 0

    def top(self, key: str | None = None) -> int:
        """Line of a top-level key, or 1 when it is missing or not given."""
        if key is None:
            return 1
        return self._find(key, 1, self._top_end) or 1

    def field(self, index: int, key: str = "id", field_id: str = "") -> int:
        """Line of ``key`` in the field at ``index`` (0-based), else its ``id``, else its header.

        Without ``[[fields]]`` headers, the line of ``id = "<field_id>"`` is searched for
        anywhere, and the ``fields`` key is the last resort.
        """
        if index < len(self._blocks):
            start, end = self._blocks[index]
            return self._find(key, start, end) or self._find("id", start, end) or start
        # Inline tables: the index-th "id =" after the fields key, else the id's own text.
        start = self.top("fields")
        ids = [n for n, line in enumerate(self.lines[start - 1 :], start) for _ in _INLINE_ID.finditer(line)]
        if index < len(ids):
            return ids[index]
        if field_id:
            pattern = re.compile(rf"""(?:^|[\s{{,])id\s*=\s*["']{re.escape(field_id)}["']""")
            for n, line in enumerate(self.lines, 1):
                if pattern.search(line):
                    return n
        return start
