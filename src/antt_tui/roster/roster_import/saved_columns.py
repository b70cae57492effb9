"""Column mappings saved under a name, to reuse for the next file laid out the same way.

Kept in the program's settings file (`Paths.config`, beside the officer's name), not in a
database: a mapping describes how a village's spreadsheet is laid out, holds no personal
data, is the same for every database on the laptop (the demo one too), and must not travel
in sync bundles. Columns are remembered by their heading (case and diacritics aside), so a
file with the columns in another order still matches.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from antt_tui.domain.text import check_text
from antt_tui.laptop import read_config
from antt_tui.paths import Paths
from antt_tui.roster.roster_import.encodings import ENCODINGS
from antt_tui.roster.roster_import.fields import FIELDS, IGNORED, MappingError, heading_key
from antt_tui.roster.roster_import.reading import RosterFile
from antt_tui.storage.atomic import write_bytes

__all__ = ["SavedColumns", "apply_saved", "load_columns", "save_columns", "saved_names"]

_KEY = "roster_columns"


@dataclass(frozen=True, slots=True)
class SavedColumns:
    """A saved mapping: heading key → field, and heading key → encoding."""

    name: str
    fields: dict[str, str]
    encodings: dict[str, str]


def saved_names(paths: Paths) -> list[str]:
    """The names of the saved mappings, in order."""
    saved = read_config(paths).get(_KEY)
    return sorted(saved) if isinstance(saved, dict) else []


def load_columns(paths: Paths, name: str) -> SavedColumns:
    """A saved mapping; `MappingError` naming the saved ones when there is none by `name`."""
    saved = read_config(paths).get(_KEY)
    entry = saved.get(name) if isinstance(saved, dict) else None
    if not isinstance(entry, dict):
        names = ", ".join(f"“{n}”" for n in saved_names(paths)) or "chưa có"
        raise MappingError(f"Chưa lưu cách đọc cột nào tên “{name}” (đã lưu: {names}).")
    fields = {str(k): str(v) for k, v in (entry.get("fields") or {}).items()
              if v in FIELDS or v == IGNORED}
    encodings = {str(k): str(v) for k, v in (entry.get("encodings") or {}).items()
                 if v in ENCODINGS}
    return SavedColumns(name, fields, encodings)


def save_columns(paths: Paths, name: str, file: RosterFile, mapping: Mapping[int, str],
                 encodings: Mapping[int, str]) -> SavedColumns:
    """Remember how `file`'s columns are read (`mapping`) and the encodings the user chose,
    under `name` (replacing a mapping of that name)."""
    name = check_text(name, what="Tên cách đọc cột", max_len=60)
    if not name:
        raise MappingError("Hãy đặt tên cho cách đọc cột (ví dụ: “Mẫu thôn Đông Hạ”).")
    headings = file.headings()
    fields = {heading_key(headings[c]): f for c, f in mapping.items()
              if c < len(headings) and heading_key(headings[c])}
    for col, heading in enumerate(headings):  # a column left unused stays unused
        key = heading_key(heading)
        if key and col not in mapping:
            fields.setdefault(key, IGNORED)
    chosen = {heading_key(headings[c]): e for c, e in encodings.items()
              if c < len(headings) and heading_key(headings[c])}
    config = read_config(paths)
    saved = config.get(_KEY) if isinstance(config.get(_KEY), dict) else {}
    saved[name] = {"fields": fields, "encodings": chosen}
    config[_KEY] = saved
    paths.home.mkdir(parents=True, exist_ok=True)
    write_bytes(paths.config, json.dumps(config, ensure_ascii=False, indent=2).encode("utf-8"))
    return SavedColumns(name, fields, chosen)


def apply_saved(file: RosterFile, saved: SavedColumns, mapping: Mapping[int, str]
                ) -> tuple[dict[int, str], dict[int, str]]:
    """`mapping` with the saved mapping over it, and the saved encodings, for `file`'s
    columns (matched by heading)."""
    out = dict(mapping)
    encodings: dict[int, str] = {}
    for column in file.columns:
        key = heading_key(column.heading)
        if not key:
            continue
        if key in saved.fields:
            if saved.fields[key] == IGNORED:
                out.pop(column.index, None)
            else:
                for col, field_id in list(out.items()):  # the field moves to this column
                    if field_id == saved.fields[key] and col != column.index:
                        del out[col]
                out[column.index] = saved.fields[key]
        if key in saved.encodings and column.index in file.encodings:
            encodings[column.index] = saved.encodings[key]
    return out, encodings
