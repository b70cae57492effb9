"""Per-field registers: edits that saw each other apply, edits that did not become conflicts,
and every replica ends with the same record whatever order the writes arrive in."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from antt_tui.storage import registers as reg


def ref(ms: int, dev: str, seq: int) -> str:
    return reg.make_ref(f"{ms:016d}-000000", dev, seq)


def apply_all(ops, start=None):
    record, clock, dominated = (dict(start[0]), start[1], {}) if start else (None, None, {})
    for r, fields, pred in ops:
        record, clock = reg.apply(record, clock, dominated, "r1", r, fields, pred)
    return record, clock, dominated


BASE = ref(1, "a", 1)
CREATED = apply_all([(BASE, {"name": "An", "phone": "1", "note": ""}, {})])


def test_an_edit_that_saw_the_value_replaces_it() -> None:
    edit = ref(2, "b", 1)
    record, clock, _ = apply_all([(edit, {"phone": "2"}, {"phone": [BASE], "deleted": [BASE]})],
                                 CREATED)
    assert record["phone"] == "2"
    assert reg.conflicted(clock) == []


def test_edits_of_different_fields_both_apply() -> None:
    a = (ref(2, "a", 2), {"phone": "2"}, {"phone": [BASE], "deleted": [BASE]})
    b = (ref(3, "b", 1), {"note": "x"}, {"note": [BASE], "deleted": [BASE]})
    for order in ([a, b], [b, a]):
        record, clock, _ = apply_all(order, CREATED)
        assert (record["phone"], record["note"]) == ("2", "x")
        assert reg.conflicted(clock) == []  # both left the record alive: no clash


def test_concurrent_edits_of_one_field_keep_both_and_agree_on_the_winner() -> None:
    a = (ref(5, "a", 2), {"phone": "A"}, {"phone": [BASE], "deleted": [BASE]})
    b = (ref(4, "b", 1), {"phone": "B"}, {"phone": [BASE], "deleted": [BASE]})
    results = [apply_all(order, CREATED) for order in ([a, b], [b, a])]
    assert results[0][:2] == results[1][:2]
    record, clock, _ = results[0]
    assert record["phone"] == "A"                          # the later clock wins
    assert {v for _, v in reg.heads(clock, record, "phone")} == {"A", "B"}  # the loser kept
    settle = (ref(6, "c", 1), {"phone": "B"},
              {"phone": [a[0], b[0]], "deleted": [a[0], b[0]]})
    record, clock, _ = apply_all([a, b, settle], CREATED)
    assert record["phone"] == "B" and "phone" not in reg.conflicted(clock)


def test_a_delete_and_an_edit_that_did_not_see_each_other_keep_the_record_visible() -> None:
    delete = (ref(5, "a", 2), {"deleted": True, "deleted_reason": "nhầm"},
              {"deleted": [BASE], "name": [BASE], "phone": [BASE], "note": [BASE]})
    edit = (ref(4, "b", 1), {"phone": "9"}, {"phone": [BASE], "deleted": [BASE]})
    results = [apply_all(order, CREATED) for order in ([delete, edit], [edit, delete])]
    assert results[0][:2] == results[1][:2]
    record, clock, _ = results[0]
    assert "deleted" not in record and record["phone"] == "9"
    assert "deleted" in reg.conflicted(clock)


def test_an_overwritten_write_arriving_late_changes_nothing() -> None:
    x = (ref(2, "a", 2), {"phone": "X"}, {"phone": [BASE], "deleted": [BASE]})
    o = (ref(3, "b", 1), {"phone": "O"}, {"phone": [x[0]], "deleted": [x[0]]})
    in_order = apply_all([x, o], CREATED)
    late = apply_all([o, x], CREATED)
    assert in_order[:2] == late[:2]
    assert in_order[0]["phone"] == "O" and reg.conflicted(in_order[1]) == []
    assert late[2] == {}  # nothing left waiting


def test_an_entry_writing_a_field_twice_overwrites_itself() -> None:
    r = ref(2, "a", 2)
    record, clock, _ = apply_all([(r, {"phone": "1"}, {"phone": [BASE], "deleted": [BASE]}),
                                  (r, {"phone": "2"}, {"phone": [BASE], "deleted": [BASE]})],
                                 CREATED)
    assert record["phone"] == "2" and reg.conflicted(clock) == []


def test_legacy_entries_apply_in_order() -> None:
    record, clock, _ = apply_all([(ref(2, "a", 2), {"phone": "2"}, reg.LEGACY),
                                  (ref(3, "a", 3), {"phone": "3"}, reg.LEGACY)], CREATED)
    assert record["phone"] == "3" and reg.conflicted(clock) == []


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), authors=st.integers(2, 4), writes=st.integers(2, 12))
def test_every_order_of_the_same_writes_gives_the_same_record(seed, authors, writes) -> None:
    """Authors write from partial views (each has seen a random earlier subset); applying all
    the writes in any order gives one record, one clock and nothing left waiting."""
    rng = random.Random(seed)
    ops = [(BASE, {"name": "An", "phone": "0", "note": ""}, {})]
    for n in range(writes):
        seen = [op for op in ops if rng.random() < 0.7] or ops[:1]
        # The author's view: what the writes they have seen give, in their own order.
        record, clock, _ = apply_all(seen)
        field = rng.choice(["phone", "note", "deleted"])
        value = True if field == "deleted" else f"v{n}"
        fields = {field: value, **({"deleted_reason": "x"} if field == "deleted" else {})}
        names = [*fields, reg.LIFE] if field != "deleted" else [*record, reg.LIFE]
        pred = reg.seen_refs(clock, record, names)
        ops.append((ref(10 + n, f"d{rng.randrange(authors)}", n + 2), fields, pred))
    expected = apply_all(ops)
    for _ in range(4):
        shuffled = ops[1:]
        rng.shuffle(shuffled)
        got = apply_all([ops[0], *shuffled])
        assert got[0] == expected[0]
        assert got[1] == expected[1]
