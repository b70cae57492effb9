"""The user's corrections to what was detected, written as "CỘT=GIÁ_TRỊ".

`"Họ tên NK=full_name"` reads a column as a field (by its heading or its letter, the field by
its id or its label; "-" leaves the column out); `"Họ và tên=tcvn3"` reads a column in an
encoding, and `"*=vni"` every column with text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from antt_tui.roster.roster_import.encodings import encoding_named
from antt_tui.roster.roster_import.fields import (
    IGNORED,
    MappingError,
    field_named,
    resolve_column,
    split_assignment,
)
from antt_tui.roster.roster_import.reading import RosterFile

__all__ = ["with_columns", "with_encodings"]


def with_columns(file: RosterFile, mapping: Mapping[int, str], specs: Iterable[str]
                 ) -> dict[int, str]:
    """`mapping` with each "CỘT=TRƯỜNG" applied (a field given to a column leaves any other
    column that had it)."""
    out = dict(mapping)
    headings = file.headings()
    for spec in specs:
        column, value = split_assignment(spec, option="Cột")
        col = resolve_column(column, headings)
        field_id = field_named(value)
        if field_id == IGNORED:
            out.pop(col, None)
            continue
        for other, had in list(out.items()):
            if had == field_id and other != col:
                del out[other]
        out[col] = field_id
    return out


def with_encodings(file: RosterFile, encodings: Mapping[int, str], specs: Iterable[str]
                   ) -> dict[int, str]:
    """`encodings` (column → encoding chosen) with each "CỘT=BẢNG_MÃ" applied."""
    out = dict(encodings)
    headings = file.headings()
    for spec in specs:
        column, value = split_assignment(spec, option="Bảng mã")
        try:
            encoding = encoding_named(value)
        except ValueError as exc:
            raise MappingError(str(exc)) from exc
        if column.strip() in ("*", "tất cả", "tat ca"):
            for col in file.encodings:
                out[col] = encoding
            continue
        out[resolve_column(column, headings)] = encoding
    return out
