"""Per-field registers: how an op's values meet what a record already holds.

Every field of every record keeps its *heads*: the writes of it that no other write has
overwritten. An op says, per field, which heads its author saw (`pred`); applying it removes
those and adds itself. So the heads are the writes that nobody has seen overwritten, the same
set whatever order the ops arrive in (a late op that a later one already overwrote only
removes what it overwrote itself: it is remembered as *dominated* when the later op names it
before it arrives). One head: the field's value. Several: a conflict; the visible value is the
head with the greatest (hlc, device, seq) — the same on every side — and the others are kept,
with their values, until someone settles it with an op that names them all.

`deleted` is a register too, and every op on an existing record writes it (alive, unless the
op deletes), so a delete and an edit made without seeing each other leave two heads: the
record stays visible and the clash is a conflict (SYNC.md §3).

A *ref* names one write: `"<hlc>@<device>:<seq>"`. A record's clock is stored compactly: one
ref when every field was written by the same op, else a dict with a `"*"` default, a ref per
field written later, and `[[ref, value], …]` for a field with several heads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

LIFE = "deleted"
"""The register that says whether a record is deleted; written by every op on a record."""

LEGACY = None
"""`pred` of an entry written before sync existed: its author saw whatever was current."""

Clock = str | dict[str, Any]
Heads = list[tuple[str, Any]]


def make_ref(hlc: str, dev: str, seq: int) -> str:
    """The ref of the writes of entry (dev, seq) stamped `hlc`."""
    return f"{hlc}@{dev}:{seq}"


def ref_key(ref: str) -> tuple[int, int, str, int]:
    """Sort key of a ref: clock milliseconds, clock counter, device, sequence number."""
    hlc, _, rest = ref.partition("@")
    dev, _, seq = rest.rpartition(":")
    ms, _, counter = hlc.partition("-")
    return (int(ms or 0), int(counter or 0), dev, int(seq or 0))


def op_id(ref: str) -> str:
    """`"<device>:<seq>"`: the entry a ref belongs to."""
    return ref.partition("@")[2]


def heads(clock: Clock | None, record: dict[str, Any] | None, field: str) -> Heads:
    """The heads of one field: [(ref, value), …], empty when it was never written."""
    if clock is None or record is None:
        return []
    if isinstance(clock, str):
        entry: Any = clock
    else:
        entry = clock.get(field)
        if entry is None:
            entry = clock.get("*")
    if entry is None or (field != LIFE and field not in record and not isinstance(entry, list)):
        return []
    if isinstance(entry, str):
        return [(entry, _visible(record, field))]
    return [(ref, value) for ref, value in entry]


def _visible(record: dict[str, Any], field: str) -> Any:
    if field == LIFE:
        return True if record.get(LIFE) else None
    return record.get(field)


def apply(record: dict[str, Any] | None, clock: Clock | None, dominated: dict[str, list[str]],
          rid: str, ref: str, fields: dict[str, Any], pred: dict[str, list[str]] | None,
          adds: dict[str, list[Any]] | None = None) -> tuple[dict[str, Any], Clock]:
    """Apply one op's `fields` to `record` (None: not held yet); returns the record and clock.

    `pred` is None for an entry written before sync (its author saw what is current now).
    `dominated` (field → refs) is updated in place. `adds` are elements added to list fields
    that merge by element (an incident's corrections): two laptops adding one each keep both.
    """
    if record is None:
        record = {"id": rid}
        clock = None
    for name, items in (adds or {}).items():
        record[name] = union(record.get(name) or [], items)
    writes = dict(fields)
    if clock is not None and LIFE not in writes:
        writes[LIFE] = None  # an edit says the record is alive
    for field, value in writes.items():
        current = heads(clock, record, field)
        seen = {r for r, _ in current} if pred is LEGACY else set(pred.get(field, ()))
        seen.add(ref)  # an entry that writes a field twice overwrites itself
        kept = [(r, v) for r, v in current if r not in seen]
        unknown = seen - {r for r, _ in current}
        mine = dominated.get(field)
        if mine and ref in mine:
            mine.remove(ref)  # a later write already overwrote this one
            new = kept
        else:
            new = [*kept, (ref, True if field == LIFE and value else value)]
        if unknown:
            dominated.setdefault(field, []).extend(sorted(unknown - {ref}))
        if not dominated.get(field):
            dominated.pop(field, None)
        clock = _set_heads(record, clock, field, new)
    return record, clock  # type: ignore[return-value]


def union(current: list[Any], added: list[Any]) -> list[Any]:
    """A list field merged by element: every element once (by its `id`, or its whole value),
    in a fixed order (its `on` date, then id), whatever order the additions came in."""
    seen: dict[str, Any] = {}
    for item in [*current, *added]:
        key = item.get("id") if isinstance(item, dict) and item.get("id") else repr(item)
        seen.setdefault(key, item)
    return sorted(seen.values(), key=lambda i: (str(i.get("on", "")) if isinstance(i, dict)
                                                else "", str(i.get("id", "")) if isinstance(i, dict)
                                                else repr(i)))


def _set_heads(record: dict[str, Any], clock: Clock | None, field: str, new: Heads) -> Clock:
    if not new:
        return clock if clock is not None else {}
    if len(new) == 1:
        ref, value = new[0]
        entry: Any = ref
    else:
        new.sort(key=lambda h: ref_key(h[0]))
        entry = [[r, v] for r, v in new]
        # A deleted record with a concurrent edit stays visible; otherwise the latest wins.
        value = (True if all(v for _, v in new) else None) if field == LIFE else new[-1][1]
    if field == LIFE:
        if value:
            record[LIFE] = True
        else:
            record.pop(LIFE, None)
    else:
        record[field] = value
    if clock is None:
        return entry if isinstance(entry, str) else {field: entry}
    if isinstance(clock, str):
        if entry == clock:
            return clock
        clock = {"*": clock}
    clock[field] = entry
    return clock


def conflicted(clock: Clock | None) -> list[str]:
    """The fields of a record whose several heads disagree (two concurrent writes of the same
    value, e.g. two edits that both left the record alive, are no conflict)."""
    if not isinstance(clock, dict):
        return []
    return [f for f, entry in clock.items() if f != "*" and isinstance(entry, list)
            and len({_hashable(v) for _, v in entry}) > 1]


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | None) else repr(value)


def seen_refs(clock: Clock | None, record: dict[str, Any] | None,
              fields: Iterable[str]) -> dict[str, list[str]]:
    """`pred` for writing `fields` now: the heads of each, as this replica sees them."""
    out: dict[str, list[str]] = {}
    for field in fields:
        refs = [r for r, _ in heads(clock, record, field)]
        if refs:
            out[field] = refs
    return out
