"""The same person twice: suggested pairs, merging them, and "not the same" for good.

Where two laptops enter the same family (a village that typed its roster before joining, a
person entered at the commune and at the village), the same CCCD, or the same folded name
with the same birth date, makes a suggested pair. An officer merges it (`same`: per detail
where the two differ, the officer chooses which record's value the person keeps, by default
the first's, or the second's where the first has none; the second becomes a tombstone pointing
at the first) or says they are different people (`not-same`: never suggested again).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from antt_tui.domain import vocab
from antt_tui.domain.errors import NeedsConfirmation, ValidationError
from antt_tui.domain.rules import FIELD_LABELS, PERSON_FIELDS, check_birth_before, clean_person
from antt_tui.domain.text import fold
from antt_tui.roster.entities import PersonRecord
from antt_tui.roster.index import is_living
from antt_tui.storage import tables
from antt_tui.storage.store import Store


def person_key(person: dict[str, Any]) -> str:
    """The folded name and birth date ("" when either is missing)."""
    name, birth = fold(person.get("full_name") or ""), person.get("birth") or ""
    return f"{name}|{birth}" if name and birth else ""


def pair_id(a: str, b: str) -> str:
    """The id of a pair, the same whichever way round."""
    return "|".join(sorted((a, b)))


@dataclass(frozen=True, slots=True)
class Pair:
    """Two records that may be one person, and why."""

    first: PersonRecord
    second: PersonRecord
    reason: str

    @property
    def id(self) -> str:
        """The pair's id."""
        return pair_id(self.first.id, self.second.id)

    @property
    def differences(self) -> list[str]:
        """The fields where the two records say different things."""
        a, b = self.first.saved, self.second.saved
        keys = {*a, *b} - {"id", "household_id"}
        return sorted(k for k in keys if (a.get(k) or "") != (b.get(k) or ""))


def suggest(store: Store) -> list[Pair]:
    """Every suggested pair not settled yet (by CCCD first, then by name and birth)."""
    settled = {r["id"] for r in store.records(tables.SYNC_PAIRS) if not r.get("deleted")}
    people = [p for p in store.records(tables.PERSONS) if not p.get("deleted")]
    pairs: dict[str, Pair] = {}
    for key_of, reason in ((lambda p: p.get("cccd") or "", "cùng số CCCD"),
                           (person_key, "cùng họ tên và ngày sinh")):
        groups: dict[str, list[dict[str, Any]]] = {}
        for person in people:
            key = key_of(person)
            if key:
                groups.setdefault(key, []).append(person)
        for group in groups.values():
            group.sort(key=lambda p: p["id"])
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    pid = pair_id(a["id"], b["id"])
                    if pid not in settled and pid not in pairs:
                        pairs[pid] = Pair(PersonRecord.of(a), PersonRecord.of(b), reason)
    return sorted(pairs.values(), key=lambda p: (p.reason, p.first.full_name))


def find_person(store: Store, ref: str) -> dict[str, Any]:
    """A person by id (a unique prefix), CCCD or "code/number" (DH-0012/2)."""
    from antt_tui.roster import Roster
    from antt_tui.sync.errors import SyncError

    ref = ref.strip()
    matches = [p for p in store.records(tables.PERSONS) if not p.get("deleted")
               and (p["id"].startswith(ref) or (ref.isdigit() and p.get("cccd") == ref))]
    if len(matches) == 1:
        return matches[0]
    if not matches and "/" in ref:
        person = Roster(store).person(ref)
        return store.get(tables.PERSONS, person.id) or {}
    raise SyncError(f"Không tìm thấy nhân khẩu {ref}." if not matches
                    else f"{ref} khớp nhiều người; gõ đủ mã.")


CHOOSABLE = tuple(f for f in PERSON_FIELDS if f not in ("relation", "relation_text"))
"""Details the merged person may take from either record. The household, the relation to its
head and the status are not among them: they stay with the record kept."""

FOLLOW_KEPT = ("household", "household_id", "relation", "relation_text", "status")
"""Names of what stays with the record kept (refused as a choice, with a word why)."""


@dataclass(frozen=True, slots=True)
class FieldChoice:
    """One detail where the two records differ, and which one the merged person keeps."""

    field: str
    kept: Any
    """The value in the record kept (record 1)."""
    other: Any
    """The value in the record merged into it (record 2)."""
    side: int
    """1: keep the kept record's value; 2: take the other record's."""

    @property
    def value(self) -> Any:
        """The value the merged person ends up with."""
        return self.other if self.side == 2 else self.kept


@dataclass(frozen=True, slots=True)
class Merge:
    """What merging a pair writes: the record kept, the one merged into it, each differing
    detail with the side chosen, the cleaned values that change, and the warnings (a CCCD
    that disagrees with the birth year) that merging accepts."""

    kept: PersonRecord
    other: PersonRecord
    fields: list[FieldChoice]
    changes: dict[str, Any]
    warnings: list[str]

    @property
    def taken(self) -> list[str]:
        """The fields whose value comes from the other record."""
        return [c.field for c in self.fields if c.field in self.changes]


def _blank(value: Any) -> bool:
    return value in (None, "")


def default_side(kept: dict[str, Any], other: dict[str, Any], field: str) -> int:
    """The side a detail comes from unless the officer chooses: the kept record's value, or
    the other's where the kept record has none."""
    return 2 if _blank(kept.get(field)) and not _blank(other.get(field)) else 1


def choices(kept: dict[str, Any], other: dict[str, Any],
            take: Mapping[str, int] | None = None) -> list[FieldChoice]:
    """Each detail (of `CHOOSABLE`) where the two records differ, with its side: `take`
    (field → 1 or 2) where given, else `default_side`."""
    take = take or {}
    return [FieldChoice(f, kept.get(f), other.get(f),
                        take.get(f) or default_side(kept, other, f))
            for f in CHOOSABLE if (kept.get(f) or "") != (other.get(f) or "")]


def plan(store: Store, first_ref: str, second_ref: str, take: Mapping[str, int] | None = None,
         *, today: date) -> Merge:
    """What `same` would write, checked with the person form's rules; nothing is saved.

    `take` maps a differing field to 1 (the first record's value) or 2 (the second's).
    Raises `SyncError` for a field that cannot be chosen (naming the ones that can) and
    `ValidationError` when the merged person would break a rule of the person form.
    """
    from antt_tui.sync.errors import SyncError

    first, second = find_person(store, first_ref), find_person(store, second_ref)
    if first["id"] == second["id"]:
        raise SyncError("Hai mã là cùng một bản ghi.")
    home = store.get(tables.HOUSEHOLDS, second.get("household_id") or "") or {}
    if home.get("head_id") == second["id"] and not home.get("deleted"):
        # Merging the head away would leave the household without a head.
        raise SyncError(f"{second.get('full_name', '?')} là chủ hộ {home.get('code', '?')}: "
                        "hãy giữ bản này (đổi bản giữ lại), hoặc đổi chủ hộ của hộ đó trước.")
    take = dict(take or {})
    differing = choices(first, second)
    names = {c.field for c in differing}
    for name, side in take.items():
        if name not in names:
            listed = ", ".join(f"{c.field} ({FIELD_LABELS.get(c.field, c.field)})"
                               for c in differing)
            text = f"Không chọn được “{name}”: " + (
                f"hai bản ghi chỉ khác nhau ở {listed}." if listed
                else "hai bản ghi không khác nhau ở thông tin nào chọn được.")
            if name in FOLLOW_KEPT:
                text += " Hộ, quan hệ với chủ hộ và tình trạng luôn theo bản giữ lại."
            raise SyncError(text)
        if side not in (1, 2):
            raise SyncError(f"Chọn 1 hoặc 2 cho “{name}” (1: bản giữ lại, 2: bản kia).")
    fields = choices(first, second, take)
    taken = {c.field: c.value for c in fields if c.side == 2}
    cleaned = clean_person(taken, today=today, existing=first, require_all=False)
    changes = {k: v for k, v in cleaned.fields.items() if (first.get(k) or "") != (v or "")}
    if changes.get("birth") and first.get("status_on"):
        what = vocab.label(vocab.PERSON_STATUSES, first.get("status", ""), "").lower()
        check_birth_before(changes["birth"], first["status_on"], f"ngày ghi nhận {what}")
    number = changes.get("cccd")
    if number:
        for person in store.records(tables.PERSONS):
            if (person.get("cccd") == number and is_living(person)
                    and person["id"] not in (first["id"], second["id"])):
                household = store.get(tables.HOUSEHOLDS, person.get("household_id") or "") or {}
                raise ValidationError({"cccd": (
                    f"Số CCCD {number} đã thuộc về {person.get('full_name', '?')} "
                    f"(hộ {household.get('code', '?')}).")})
    return Merge(PersonRecord.of(first), PersonRecord.of(second), fields, changes,
                 list(cleaned.warnings))


def same(store: Store, first_ref: str, second_ref: str, take: Mapping[str, int] | None = None,
         *, today: date, accept_warnings: bool = False) -> PersonRecord:
    """The two records are one person: one journal entry sets the details chosen from the
    second (`take`, see `plan`; by default only what the first lacks) on the first, and makes
    the second a tombstone pointing at the first. Returns the first.

    An invalid choice raises (see `plan`) and saves nothing; warnings raise
    `NeedsConfirmation` unless `accept_warnings`.
    """
    merge = plan(store, first_ref, second_ref, take, today=today)
    if merge.warnings and not accept_warnings:
        raise NeedsConfirmation(merge.warnings)
    first, second = merge.kept, merge.other
    name = merge.changes.get("full_name") or first.full_name
    ops = store.op_set(tables.PERSONS, first.id, merge.changes) if merge.changes else []
    ops += store.op_set(tables.PERSONS, second.id, {
        "deleted": True, "merged_into": first.id, "deleted_reason": f"Trùng với {name}"})
    ops += store.op_set(tables.SYNC_PAIRS, pair_id(first.id, second.id),
                        {"verdict": "same", "village_id": _village(store, first.household_id)})
    summary = f"Gộp hai bản ghi trùng của {name}"
    if merge.taken:
        household = store.get(tables.HOUSEHOLDS, second.household_id) or {}
        where = f" ở hộ {household['code']}" if household.get("code") else ""
        summary += (f"; lấy từ bản{where}: "
                    + ", ".join(FIELD_LABELS.get(f, f) for f in merge.taken))
    store.commit("sync.same", ops, summary=summary, accepted=merge.warnings or None)
    return PersonRecord.of(store.get(tables.PERSONS, first.id) or first.saved)


def not_same(store: Store, first_ref: str, second_ref: str) -> None:
    """The two records are different people: never suggested again."""
    first, second = find_person(store, first_ref), find_person(store, second_ref)
    store.commit("sync.not_same", store.op_set(
        tables.SYNC_PAIRS, pair_id(first["id"], second["id"]),
        {"verdict": "not_same", "village_id": _village(store, first.get("household_id") or "")}),
        summary=f"Không trùng: {first.get('full_name', '')} và {second.get('full_name', '')}")


def _village(store: Store, household_id: str) -> str:
    """The village a settled pair travels to (so its laptops stop suggesting it too)."""
    household = store.get(tables.HOUSEHOLDS, household_id) or {}
    return household.get("village_id", "")
