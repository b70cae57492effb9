"""Which household numbers of a village this database may hand out.

Laptops never mint the same code: a village laptop takes numbers only from the blocks the
commune gave it (table `code_blocks`); the commune, or a laptop not in sync, goes on after the
highest number and skips every block given to a laptop. `Roster.next_household_code` mints one
number, the roster import many at once (keeping a file's own numbers where allowed).
"""

from __future__ import annotations

from collections.abc import Iterable

from antt_tui.roster.entities import VillageRecord
from antt_tui.storage import tables
from antt_tui.storage.store import Store


class CodeNumbers:
    """The numbers of one village's household codes: used, and which may be handed out."""

    def __init__(self, store: Store, codes: Iterable[str], village: VillageRecord) -> None:
        """`codes`: every household code in use (the roster index's)."""
        self.prefix = village.code.upper() + "-"
        self.used = {int(code[len(self.prefix):]) for code in codes
                     if code.startswith(self.prefix) and code[len(self.prefix):].isdigit()}
        blocks = [b for b in store.records(tables.CODE_BLOCKS)
                  if b.get("village_id") == village.id and not b.get("deleted")]
        holder = (store.meta.get("sync") or {}).get("code_holder")
        mine = sorted((b["start"], b["end"]) for b in blocks if b.get("holder") == holder)
        self.laptop = bool(holder and mine)
        """True on a village laptop with blocks of its own: numbers only from them."""
        self.spans = mine if self.laptop else sorted((b["start"], b["end"]) for b in blocks)
        """The laptop's own blocks, or (elsewhere) every block given to a laptop."""

    def code(self, number: int) -> str:
        """ "DH-0013"."""
        return f"{self.prefix}{number:04d}"

    def allowed(self, number: int) -> bool:
        """A number this database may hand out (free or not)."""
        inside = any(start <= number <= end for start, end in self.spans)
        return inside if self.laptop else not inside

    def mint(self, count: int) -> list[int]:
        """`count` free numbers, in order; fewer when a laptop's blocks run out (the caller
        says so in its own words)."""
        numbers: list[int] = []
        if count <= 0:
            return numbers
        if self.laptop:
            for start, end in self.spans:
                numbers += [n for n in range(start, end + 1)
                            if n not in self.used][:count - len(numbers)]
                if len(numbers) == count:
                    break
            return numbers
        number = max(self.used, default=0) + 1
        while len(numbers) < count:
            for start, end in self.spans:
                if start <= number <= end:
                    number = end + 1
            numbers.append(number)
            number += 1
        return numbers
