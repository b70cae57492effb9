"""Household numbers: the blocks the commune gives each village laptop.

Two laptops never mint the same household code: each takes numbers only from its own blocks
(`Roster.next_household_code`), the commune skips every block it gave, and a block that is
running out is followed by a new one in the next return bundle.
"""

from __future__ import annotations

from antt_tui.roster import Roster
from antt_tui.roster.entities import VillageRecord
from antt_tui.roster.service import new_id
from antt_tui.storage import tables

BLOCK = 500
"""Household numbers given to a laptop at a time."""
_STEP = 100
RENEW_AT = 0.8
"""A laptop that has used this share of its numbers gets another block."""


def allocate_block(roster: Roster, village: VillageRecord) -> tuple[int, int]:
    """A block of household numbers nobody uses or holds yet, for one laptop."""
    prefix = village.code.upper() + "-"
    used = [int(code[len(prefix):]) for code in roster.index.household_by_code
            if code.startswith(prefix) and code[len(prefix):].isdigit()]
    ends = [b["end"] for b in roster.store.records(tables.CODE_BLOCKS)
            if b.get("village_id") == village.id and not b.get("deleted")]
    start = (max([*used, *ends], default=0) // _STEP + 1) * _STEP + 1
    return start, start + BLOCK - 1


def renew_if_needed(roster: Roster, village: VillageRecord, holder: str) -> tuple[int, int] | None:
    """Give a laptop another block when it has used most of its numbers; the new block."""
    store = roster.store
    prefix = village.code.upper() + "-"
    blocks = [(b["start"], b["end"]) for b in store.records(tables.CODE_BLOCKS)
              if b.get("village_id") == village.id and b.get("holder") == holder
              and not b.get("deleted")]
    total = sum(end - start + 1 for start, end in blocks)
    if not total:
        return None
    used = sum(1 for code in roster.index.household_by_code
               if code.startswith(prefix) and code[len(prefix):].isdigit()
               and any(s <= int(code[len(prefix):]) <= e for s, e in blocks))
    if used < RENEW_AT * total:
        return None
    start, end = allocate_block(roster, village)
    store.commit("sync.block", store.op_set(tables.CODE_BLOCKS, new_id(), {
        "village_id": village.id, "holder": holder, "start": start, "end": end}, new=True),
        summary=f"Cấp thêm số hộ {start}–{end} của {village.name} cho máy {holder}")
    return start, end
