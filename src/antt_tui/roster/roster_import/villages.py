"""Which village a household of the file belongs to.

In order: the village the user chose; the "Thôn" column (a code or a name, with or without
"Thôn"); a village named inside the "Địa chỉ" column; a village named in the title above the
headings, else by the sheet's name (a commune's workbook has a sheet per village: "Đông Hạ");
the only village there is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from antt_tui.domain.errors import NotFound
from antt_tui.domain.text import fold
from antt_tui.roster.entities import VillageRecord
from antt_tui.roster.service import Roster

__all__ = ["Villages"]

_PREFIXES = ("thon", "xom", "to dan pho", "tdp", "ap", "ban", "lang", "khu dan cu", "khu",
             "khom", "buon", "soc", "phum", "to")


def _core(name: str) -> str:
    """A village name without "Thôn", "Xóm" … and without diacritics or case."""
    key = " ".join(re.sub(r"[^0-9a-z]+", " ", fold(name)).split())
    for prefix in _PREFIXES:
        if key.startswith(prefix + " "):
            return key[len(prefix) + 1:].strip()
    return key


class Villages:
    """The villages of the database, found by what a file writes."""

    def __init__(self, roster: Roster, chosen: str | None, title: Sequence[str],
                 sheet: str = "") -> None:
        self.roster = roster
        self.all = roster.villages()
        self.chosen = roster.village(chosen) if chosen else None
        self._cores = [(v, _core(v.name)) for v in self.all]
        self._named: dict[str, VillageRecord | None] = {}
        self.default = (self.chosen or self._in_text(" ".join(title))
                        or (self.named(sheet) if sheet.strip() else None)
                        or (self.all[0] if len(self.all) == 1 else None))

    def named(self, text: str) -> VillageRecord | None:
        """The village a cell names (code, name, "Thôn …"), None when none does."""
        if text not in self._named:
            try:
                found: VillageRecord | None = self.roster.village(text)
            except NotFound:
                core = _core(text)
                matches = [v for v, c in self._cores if c == core]
                found = matches[0] if len(matches) == 1 else None
            self._named[text] = found
        return self._named[text]

    def in_address(self, text: str) -> VillageRecord | None:
        """The one village whose name an address holds ("Xóm 2, thôn Đông Hạ")."""
        return self._in_text(text)

    def _in_text(self, text: str) -> VillageRecord | None:
        key = f" {' '.join(re.sub(r'[^0-9a-z]+', ' ', fold(text)).split())} "
        if key.strip() == "":
            return None
        found = [v for v, core in self._cores if core and f" {core} " in key]
        return found[0] if len(found) == 1 else None
