"""Write a generated commune into a store, through the journal like any other change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from antt_tui.domain.errors import ValidationError
from antt_tui.domain.numbers import vn_number
from antt_tui.domain.vocab import TABLE_LABELS
from antt_tui.generate.blueprint import Commune
from antt_tui.generate.draw import gc_paused
from antt_tui.storage import tables
from antt_tui.storage.store import Store

if TYPE_CHECKING:
    from antt_tui.roster import Roster

BATCH = 500
"""Records per journal entry: each entry is one transaction of generated records."""


def load_into(roster: Roster, commune: Commune,
              progress: Callable[[str, int, int], None] | None = None) -> None:
    """`load_commune` into the roster's database (what the front ends call)."""
    load_commune(roster.store, commune, progress)


def load_commune(store: Store, commune: Commune,
                 progress: Callable[[str, int, int], None] | None = None) -> None:
    """Save every record of `commune`; refuses a store that already holds a commune."""
    if any(not c.get("deleted") for c in store.records(tables.COMMUNES)):
        raise ValidationError(
            {"commune": "Cơ sở dữ liệu đã có dữ liệu xã; hãy chọn thư mục trống."})
    groups: list[tuple[str, list[dict[str, Any]]]] = [
        (tables.COMMUNES, [commune.commune]),
        (tables.VILLAGES, commune.villages),
        (tables.HOUSEHOLDS, commune.households),
        (tables.PERSONS, commune.persons),
        (tables.VISITS, commune.visits),
        (tables.INCIDENTS, commune.incidents),
        (tables.COMMITMENTS, commune.commitments),
        (tables.DOCUMENTS, commune.documents),
        (tables.TEAMS, commune.teams),  # before the activities that name them
        (tables.TEAM_ACTIVITIES, commune.team_activities),
        (tables.CONFIRMATIONS, commune.confirmations),
    ]
    with store.batch(), gc_paused():
        for table, rows in groups:
            # One household's records in as few entries as possible: its history then shows
            # "3 lượt kiểm tra" once rather than a line per batch it happens to fall in.
            rows = sorted(rows, key=lambda row: row.get("household_id") or "")
            for start in range(0, len(rows), BATCH):
                chunk = rows[start:start + BATCH]
                ops = []
                for row in chunk:
                    fields = dict(row)
                    del fields["id"]
                    ops += store.op_set(table, row["id"], fields, new=True)
                store.commit("generate", ops,
                             summary=f"Tạo dữ liệu mẫu: {vn_number(len(chunk))} "
                                     f"{TABLE_LABELS.get(table, table)}")
                if progress:
                    progress(table, min(start + BATCH, len(rows)), len(rows))
    store.checkpoint()
