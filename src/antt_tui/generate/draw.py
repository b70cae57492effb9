"""Small helpers shared by the generator modules: weighted tables, ids, dates, and pausing
the garbage collector while a commune is built."""

import gc
import random
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

Record = dict[str, Any]
"""One generated record; the keys are listed in ``make_commune``."""


class Table:
    """A weighted table drawn from with one ``random()`` call and a binary search."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: tuple[tuple[Any, float], ...] | list[tuple[Any, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum: list[float] = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> Any:
        """Draw one item."""
        i = bisect_right(self.cum, rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]


_UUID4_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)


def new_uid(rng: random.Random) -> str:
    """A reproducible uuid4 string made from ``rng``.

    The same string as ``str(uuid.UUID(int=rng.getrandbits(128), version=4))`` (variant and
    version bits set the same way), made without the UUID object: a large commune has
    hundreds of thousands of ids.
    """
    h = f"{(rng.getrandbits(128) & _UUID4_CLEAR) | _UUID4_SET:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def day_in(rng: random.Random, first: date, last: date) -> date:
    """A uniformly drawn day in ``[first, last]`` (``first`` when the range is empty)."""
    span = (last - first).days
    return first + timedelta(days=rng.randint(0, span)) if span > 0 else first


def in_words(name: str) -> str:
    """A unit name as written inside a sentence: "Thôn An Phú" -> "thôn An Phú"."""
    return name[:1].lower() + name[1:]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration.

    A large commune is millions of small dicts and no reference cycles; left on, the collector
    walks all of them again and again while they are made and saved (about a third of the
    time of ``antt generate --households 10000``). Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
