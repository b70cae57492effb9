"""Roster operations: every change to communes, villages, households and persons.

Each public method checks every rule first, then saves the whole change as one journal entry
(one transaction), so a life event such as a split is applied entirely or not at all. Nothing
is physically deleted: a deletion sets `deleted` with a reason (a tombstone).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from antt_tui.domain import vocab
from antt_tui.domain.dates import vn_date
from antt_tui.domain.errors import NeedsConfirmation, NotFound, ValidationError
from antt_tui.domain.rules import (
    FIELD_LABELS,
    check_birth_before,
    clean_field,
    clean_household,
    clean_household_code,
    clean_person,
    event_date,
)
from antt_tui.domain.text import clean, fold, vi_letter_key
from antt_tui.roster.code_numbers import CodeNumbers
from antt_tui.roster.entities import CommuneRecord, HouseholdRecord, PersonRecord, VillageRecord
from antt_tui.roster.index import RosterIndex, is_living
from antt_tui.roster.partition import entry_villages, village_hash
from antt_tui.roster.search import Hit, SearchIndex
from antt_tui.roster.structure import STRUCTURAL_EVENTS, read_set
from antt_tui.storage import tables
from antt_tui.storage.store import Store

if TYPE_CHECKING:
    from antt_tui.roster.history import HistoryLine
    from antt_tui.roster.snapshot import StoreSnapshot

HEAD = vocab.HEAD
ACTIVE_STATUSES = frozenset(vocab.LIVING)
"""Residence statuses of a household that still lives in the village."""


def relation_code(text: str) -> str:
    """The relation code for a code, a label or a common alias ("con" → "con_de")."""
    try:
        return vocab.code_for(vocab.RELATIONS, text, vocab.RELATION_ALIASES)
    except ValueError as exc:
        raise ValidationError({"relation": str(exc)}) from exc


def new_id() -> str:
    """A new record id (UUID 4, its identity everywhere)."""
    return str(uuid.uuid4())


class Roster:
    """The roster of one database: lookups and life events, each saved as one transaction."""

    def __init__(self, store: Store, *, today: Callable[[], date] = date.today) -> None:
        self.store = store
        self.today = today
        store.partitioner = lambda ops: entry_villages(store.get, ops)
        self.index = RosterIndex(store)
        self._search: SearchIndex | None = None
        self._snapshot: StoreSnapshot | None = None
        store.subscribe(self._forget_snapshot)

    # ================================================================ lookups

    # The front ends' lookups: typed records (`roster/entities.py`). The methods below them
    # with a leading underscore return the stored dicts, for the roster's own changes.

    def commune(self) -> CommuneRecord | None:
        """The commune, or None before `init_commune`."""
        return CommuneRecord.maybe(self._commune())

    def villages(self) -> list[VillageRecord]:
        """Villages that exist, in Vietnamese alphabetical order of their names."""
        return [VillageRecord.of(v) for v in self._villages()]

    def village(self, ref: str) -> VillageRecord:
        """A village by code, id or name (diacritics optional); NotFound otherwise."""
        return VillageRecord.of(self._village(ref))

    def household(self, ref: str) -> HouseholdRecord:
        """A household by code (e.g. "DH-0012", case-insensitive) or id; NotFound otherwise."""
        return HouseholdRecord.of(self._household(ref))

    def person(self, ref: str) -> PersonRecord:
        """A person by id, CCCD, "<household code>/<n>" or a unique id prefix (see
        `_person`); NotFound otherwise."""
        return PersonRecord.of(self._person(ref))

    def members(self, household_id: str, *, present_only: bool = False) -> list[PersonRecord]:
        """Members of a household: the head first, then by birth date."""
        return [PersonRecord.of(p) for p in self._members(household_id, present_only=present_only)]

    def households(self, *, village: str | None = None, status: str | None = None
                   ) -> list[HouseholdRecord]:
        """Households (not deleted), optionally of one village or residence status, by code."""
        return [HouseholdRecord.of(h) for h in self._households(village=village, status=status)]


    def _commune(self) -> dict[str, Any] | None:
        """The commune record, or None before `init_commune`."""
        return next((c for c in self.store.records(tables.COMMUNES) if not c.get("deleted")), None)

    def _villages(self) -> list[dict[str, Any]]:
        """Villages that exist, in Vietnamese alphabetical order of their names."""
        live = [v for v in self.store.records(tables.VILLAGES) if not v.get("deleted")]
        return sorted(live, key=lambda v: vi_letter_key(v["name"]))

    def _village(self, ref: str) -> dict[str, Any]:
        """A village by code, id or name (diacritics optional)."""
        ref = clean(ref)
        vid = self.index.village_by_code.get(ref.upper())
        found = self.store.get(tables.VILLAGES, vid or ref)
        if found is None:
            wanted = fold(ref)
            matches = [v for v in self._villages() if fold(v["name"]) in (wanted, f"thon {wanted}")]
            found = matches[0] if len(matches) == 1 else None
        if found is None or found.get("deleted"):
            raise NotFound(f"Không tìm thấy thôn '{ref}'. Xem danh sách: antt village list")
        return found

    def _household(self, ref: str) -> dict[str, Any]:
        """A household by code (e.g. "DH-0012", case-insensitive) or id."""
        ref = clean(ref)
        hid = self.index.household_by_code.get(ref.upper())
        if hid is None:
            hid = self._loose_code(ref)
        found = self.store.get(tables.HOUSEHOLDS, hid or ref)
        if found is None or found.get("deleted"):
            raise NotFound(f"Không tìm thấy hộ có mã '{ref}'.")
        return found

    def _loose_code(self, ref: str) -> str | None:
        # "dh12" or "DH-12" for "DH-0012".
        match = re.fullmatch(r"([A-Za-z]+\d*?)-?0*(\d+)", ref)
        if not match:
            return None
        return self.index.household_by_code.get(f"{match.group(1).upper()}-{int(match.group(2)):04d}")

    def _person(self, ref: str) -> dict[str, Any]:
        """A person by id, by CCCD, by "<household code>/<n>" (n-th member as listed by
        `members`), or by a unique id prefix of at least 6 characters."""
        ref = clean(ref)
        pid = self.index.cccd.get(re.sub(r"[\s.]", "", ref), ref)
        found = self.store.get(tables.PERSONS, pid)
        slot = re.fullmatch(r"(.+)/(\d{1,2})", ref)
        if found is None and slot:
            members = self._members(self._household(slot.group(1))["id"])
            number = int(slot.group(2))
            found = members[number - 1] if 1 <= number <= len(members) else None
        digits = re.sub(r"[\s.]", "", ref)
        if found is None and digits.isdigit() and len(digits) == 12:
            # A deceased person keeps their CCCD in the record but not in the live index.
            matches = [p for p in self.store.records(tables.PERSONS)
                       if p.get("cccd") == digits and not p.get("deleted")]
            found = matches[0] if len(matches) == 1 else None
        if found is None and len(ref) >= 6 and re.fullmatch(r"[0-9a-f-]+", ref):
            matches = [p for p in self.store.records(tables.PERSONS) if p["id"].startswith(ref)]
            found = matches[0] if len(matches) == 1 else None
        if found is None or found.get("deleted"):
            raise NotFound(f"Không tìm thấy nhân khẩu '{ref}' (dùng số CCCD hoặc "
                           "mã hộ/số thứ tự, ví dụ DH-0012/2).")
        return found

    def _members(self, household_id: str, *, present_only: bool = False) -> list[dict[str, Any]]:
        """Members of a household: the head first, then by birth date."""
        people = [self.store.get(tables.PERSONS, pid) for pid in self.index.members.get(household_id, ())]
        rows = [p for p in people if p is not None and not p.get("deleted")]
        if present_only:
            rows = [p for p in rows if p.get("status", vocab.PRESENT) == vocab.PRESENT]
        return sorted(rows, key=lambda p: (p.get("relation") != HEAD, p.get("birth") or "9999",
                                           p["id"]))

    # Lookups by id for the front ends: the record as saved (a deleted one too), None when
    # there is none. The TUI and the CLI read through these, never through the store.

    def village_record(self, village_id: str) -> VillageRecord | None:
        return VillageRecord.maybe(self.store.get(tables.VILLAGES, village_id) if village_id else None)

    def village_name(self, village_id: str, default: str = "") -> str:
        """The village's name ("" or `default` when there is no such village)."""
        found = self.store.get(tables.VILLAGES, village_id) if village_id else None
        return (found or {}).get("name", default)

    def household_record(self, household_id: str) -> HouseholdRecord | None:
        return HouseholdRecord.maybe(
            self.store.get(tables.HOUSEHOLDS, household_id) if household_id else None)

    def person_record(self, person_id: str) -> PersonRecord | None:
        return PersonRecord.maybe(self.store.get(tables.PERSONS, person_id) if person_id else None)

    def village_hash(self, village_id: str) -> str:
        """The village's data checksum, the same on every laptop after a sync (see
        `partition.village_hash`)."""
        return village_hash(self.store.records, self.store.get, village_id)

    def history(self, household_id: str, member_ids: set[str] | None = None
                ) -> list[HistoryLine]:
        """The household's history, oldest first (see `history.household_history`)."""
        from antt_tui.roster.history import household_history

        return household_history(self.store, household_id, member_ids)

    def _households(self, *, village: str | None = None, status: str | None = None
                   ) -> list[dict[str, Any]]:
        """Households (not deleted), optionally of one village or residence status, by code."""
        vid = self._village(village)["id"] if village else None
        rows = [
            h for h in self.store.records(tables.HOUSEHOLDS)
            if not h.get("deleted")
            and (vid is None or h.get("village_id") == vid)
            and (status is None or h.get("residence_status") == status)
        ]
        return sorted(rows, key=lambda h: h.get("code", ""))

    def snapshot(self) -> StoreSnapshot:
        """What the criteria and the reports read of this database (typed records, read
        when first asked for). The same one is handed out until the next change is saved,
        so evaluating again types nothing twice."""
        snapshot = self._snapshot
        if snapshot is None:
            from antt_tui.roster.snapshot import StoreSnapshot  # the criteria's records

            snapshot = self._snapshot = StoreSnapshot(self.store, self.index)
        return snapshot

    def _forget_snapshot(self, table: str, record: dict[str, Any]) -> None:
        """Store listener: a change was saved, so the next `snapshot` reads again."""
        self._snapshot = None

    def search(self, text: str, *, limit: int = 100) -> list[Hit]:
        """Find people and households by name (diacritics optional), CCCD, code or phone."""
        if self._search is None:
            self._search = SearchIndex(self.store, self.index)
        return self._search.search(text, limit=limit)

    # ================================================================ commune, villages

    def init_commune(self, *, province: str, name: str, legacy_district: str = "",
                     villages: Iterable[str] = ()) -> CommuneRecord:
        """Create the commune (xã) and its first villages in one transaction."""
        if self._commune() is not None:
            raise ValidationError({"name": "Cơ sở dữ liệu này đã có thông tin xã."})
        province, name = clean_field("province", province), clean_field("name", name, what="Tên xã")
        legacy_district = clean_field("legacy_district", legacy_district)
        errors = {}
        if not province:
            errors["province"] = "Tên tỉnh/thành phố không được để trống."
        if not name:
            errors["name"] = "Tên xã không được để trống."
        if errors:
            raise ValidationError(errors)
        cid = new_id()
        fields = {"province": province, "name": name, "legacy_district": legacy_district}
        ops = self.store.op_set(tables.COMMUNES, cid, fields)
        names = [clean_field("villages", v, what="Tên thôn") for v in villages]
        if any(not n for n in names):
            raise ValidationError({"villages": "Tên thôn không được để trống."})
        folded = [fold(n) for n in names]
        if len(set(folded)) != len(folded):
            raise ValidationError({"villages": "Có tên thôn bị lặp lại."})
        codes: list[str] = []
        for vname in names:
            code = vocab.village_code(vname, [*self.index.village_by_code, *codes])
            codes.append(code)
            ops += self.store.op_set(tables.VILLAGES, new_id(),
                                     {"commune_id": cid, "code": code, "name": vname})
        self._commit("commune.init", ops, summary=f"Khởi tạo {name}, {province}")
        return CommuneRecord.of(self._saved(tables.COMMUNES, cid))

    def add_village(self, name: str, *, code: str = "") -> VillageRecord:
        """Add a village (thôn / khu dân cư) with a short code (made from its name if empty)."""
        commune = self._commune()
        if commune is None:
            raise ValidationError({"name": "Hãy khởi tạo xã trước (antt init)."})
        name = clean_field("name", name, what="Tên thôn")
        if not name:
            raise ValidationError({"name": "Tên thôn không được để trống."})
        if any(fold(v["name"]) == fold(name) for v in self._villages()):
            raise ValidationError({"name": f"Đã có thôn tên '{name}'."})
        code = clean_field("code", code, what="Mã thôn").upper() or vocab.village_code(
            name, self.index.village_by_code)
        if not re.fullmatch(r"[A-Z][A-Z0-9]{0,7}", code):
            raise ValidationError({"code": "Mã thôn gồm 1–8 chữ cái không dấu hoặc chữ số."})
        if code in self.index.village_by_code:
            raise ValidationError({"code": f"Mã thôn '{code}' đã được dùng."})
        vid = new_id()
        ops = self.store.op_set(tables.VILLAGES, vid,
                                {"commune_id": commune["id"], "code": code, "name": name})
        self._commit("village.add", ops, summary=f"Thêm {name} (mã {code})")
        return VillageRecord.of(self._saved(tables.VILLAGES, vid))

    # ================================================================ households

    def next_household_code(self, village: VillageRecord) -> str:
        """The next free household code of a village ("DH-0013").

        Laptops never mint the same code: a village laptop takes numbers only from the
        blocks the commune gave it (table `code_blocks`), and the commune, or a laptop not
        in sync, skips every block given to a laptop.
        """
        numbers = CodeNumbers(self.store, self.index.household_by_code, village)
        minted = numbers.mint(1)
        if not minted:
            raise ValidationError({"code": "Máy này đã dùng hết các số mã hộ xã cấp. Hãy gửi "
                                           "dữ liệu về xã để nhận thêm, hoặc nhập mã hộ do xã "
                                           "cấp."})
        return numbers.code(minted[0])

    def add_household(self, village_ref: str, *, head: dict[str, Any],
                      household: dict[str, Any], code: str = "",
                      accept_warnings: bool | str = False) -> HouseholdRecord:
        """Register a household with its head (chủ hộ) in one transaction."""
        village = self._village(village_ref)
        hh = clean_household(household).fields
        _require_active_status(hh)
        person, accepted = self._clean_new_person({**head, "relation": HEAD}, accept_warnings)
        code = _household_code(code) or self.next_household_code(VillageRecord.of(village))
        if code in self.index.household_by_code:
            raise ValidationError({"code": f"Mã hộ '{code}' đã được dùng."})
        hid, pid = new_id(), new_id()
        ops = self.store.op_set(tables.HOUSEHOLDS, hid, {
            "code": code, "village_id": village["id"], "head_id": pid,
            "residence_status": vocab.PERMANENT, "notes": "", **hh,
        })
        ops += self.store.op_set(tables.PERSONS, pid, {**person, "household_id": hid,
                                                  "status": vocab.PRESENT})
        self._commit("household.add", ops,
                     summary=f"Thêm hộ {code}, chủ hộ {person['full_name']}", accepted=accepted)
        return HouseholdRecord.of(self._saved(tables.HOUSEHOLDS, hid))

    def edit_household(self, ref: str, fields: dict[str, Any]) -> HouseholdRecord:
        """Change a household's address, residence status, notes or old book number."""
        household = self._household(ref)
        changes = self._changed(household, clean_household(fields, require_all=False).fields)
        if "address" in changes and not changes["address"]:
            raise ValidationError({"address": "Địa chỉ của hộ không được để trống."})
        if "residence_status" in changes:
            self._require_active(household)
            _require_active_status(changes)
        if changes:
            self._commit("household.edit",
                              self.store.op_set(tables.HOUSEHOLDS, household["id"], changes),
                              summary=f"Sửa thông tin hộ {household['code']}")
        return HouseholdRecord.of(self._saved(tables.HOUSEHOLDS, household["id"]))

    def household_move_out(self, ref: str, *, on: str | date | None = None,
                           reason: str = "") -> HouseholdRecord:
        """The whole household moves away: it and its present members are marked moved."""
        household = self._household(ref)
        if household.get("residence_status") not in ACTIVE_STATUSES:
            raise ValidationError({"residence_status": f"Hộ {household['code']} không còn cư trú."})
        day = event_date(on, today=self.today(), what="Ngày chuyển đi")
        ops = self.store.op_set(tables.HOUSEHOLDS, household["id"], {
            "residence_status": vocab.MOVED_OUT, "moved_out_on": day,
            "moved_out_reason": clean_field("reason", reason, what="Lý do chuyển đi"),
        })
        for member in self._members(household["id"], present_only=True):
            ops += self.store.op_set(tables.PERSONS, member["id"],
                                     {"status": vocab.MOVED_AWAY, "status_on": day})
        self._commit("household.move_out", ops,
                          summary=f"Hộ {household['code']} chuyển đi ngày {vn_date(day)}")
        return HouseholdRecord.of(self._saved(tables.HOUSEHOLDS, household["id"]))

    # ================================================================ persons

    def add_person(self, household_ref: str, fields: dict[str, Any], *,
                   accept_warnings: bool | str = False) -> PersonRecord:
        """Add a member (nhân khẩu) to a household."""
        household = self._household(household_ref)
        self._require_active(household)
        person, accepted = self._clean_new_person(fields, accept_warnings)
        if person.get("relation") == HEAD:
            raise ValidationError({"relation": "Hộ đã có chủ hộ; dùng 'đổi chủ hộ' để thay."})
        if not person.get("relation"):
            raise ValidationError({"relation": "Chọn quan hệ với chủ hộ."})
        pid = new_id()
        ops = self.store.op_set(tables.PERSONS, pid, {**person, "household_id": household["id"],
                                                 "status": vocab.PRESENT})
        self._commit("person.add", ops,
                     summary=f"Thêm {person['full_name']} vào hộ {household['code']}",
                     accepted=accepted)
        return PersonRecord.of(self._saved(tables.PERSONS, pid))

    def edit_person(self, pid: str, fields: dict[str, Any], *,
                    accept_warnings: bool | str = False) -> PersonRecord:
        """Correct a person's details (name, birth, CCCD, …); not household or status."""
        person = self._person(pid)
        cleaned = clean_person(fields, today=self.today(), existing=person, require_all=False)
        changes = self._changed(person, cleaned.fields)
        if changes.get("birth") and person.get("status_on"):
            what = vocab.label(vocab.PERSON_STATUSES, person.get("status", ""), "").lower()
            check_birth_before(changes["birth"], person["status_on"], f"ngày ghi nhận {what}")
        if "relation" in changes and HEAD in (changes["relation"], person.get("relation")):
            raise ValidationError({"relation": "Dùng 'đổi chủ hộ' để thay chủ hộ."})
        self._check_cccd_unique({**person, **changes}, exclude=person["id"])
        accepted = self._confirm(cleaned.warnings, accept_warnings)
        if changes:
            self._commit("person.edit", self.store.op_set(tables.PERSONS, person["id"], changes),
                         summary=f"Sửa thông tin {person['full_name']}", accepted=accepted)
        return PersonRecord.of(self._saved(tables.PERSONS, person["id"]))

    def change_head(self, household_ref: str, new_head_id: str, *,
                    old_head_relation: str = vocab.OTHER_RELATION) -> HouseholdRecord:
        """Make another present member the head; the old head takes `old_head_relation`."""
        household = self._household(household_ref)
        ops = self._head_change_ops(household, new_head_id, old_head_relation)
        new_head = self._person(new_head_id)
        self._commit("household.change_head", ops,
                          summary=f"Đổi chủ hộ {household['code']}: {new_head['full_name']}")
        return HouseholdRecord.of(self._saved(tables.HOUSEHOLDS, household["id"]))

    def mark_deceased(self, pid: str, *, on: str | date | None = None,
                      new_head_id: str | None = None, reason: str = "") -> PersonRecord:
        """Record a death; a head who dies hands over to `new_head_id` if others remain."""
        return self._person_leaves(pid, vocab.DECEASED, on, new_head_id, reason,
                                   event="person.deceased", verb="qua đời")

    def mark_moved_away(self, pid: str, *, on: str | date | None = None,
                        new_head_id: str | None = None, reason: str = "") -> PersonRecord:
        """Record that a person moved away from the commune."""
        return self._person_leaves(pid, vocab.MOVED_AWAY, on, new_head_id, reason,
                                   event="person.moved_away", verb="chuyển đi")

    def _person_leaves(self, pid: str, status: str, on: str | date | None,
                       new_head_id: str | None, reason: str, *, event: str, verb: str
                       ) -> PersonRecord:
        person = self._person(pid)
        if person.get("status", vocab.PRESENT) != vocab.PRESENT:
            raise ValidationError({"status": f"{person['full_name']} không còn cư trú trong hộ."})
        household = self.store.get(tables.HOUSEHOLDS, person["household_id"])
        assert household is not None
        day = event_date(on, today=self.today(), birth=person.get("birth", ""),
                         what="Ngày " + verb)
        ops: list[dict[str, Any]] = []
        others = [m for m in self._members(household["id"], present_only=True) if m["id"] != pid]
        if household.get("head_id") == pid and others:
            if not new_head_id:
                raise ValidationError({"new_head_id": (
                    f"{person['full_name']} là chủ hộ: chọn chủ hộ mới trong số "
                    + ", ".join(m["full_name"] for m in others) + ".")})
            ops += self._head_change_ops(household, new_head_id, vocab.OTHER_RELATION)
            ops += self.store.op_set(tables.PERSONS, pid, {"relation_text": "Nguyên chủ hộ"})
        ops += self.store.op_set(tables.PERSONS, pid, {
            "status": status, "status_on": day,
            "status_reason": clean_field("reason", reason,
                                         what=FIELD_LABELS["status_reason"])})
        if not others:
            ops += self.store.op_set(tables.HOUSEHOLDS, household["id"], {
                "residence_status": (vocab.MOVED_OUT if status == vocab.MOVED_AWAY
                                     else vocab.DISSOLVED),
                "moved_out_on": day,
            })
        self._commit(event, ops,
                          summary=f"{person['full_name']} ({household['code']}) {verb} "
                                  f"ngày {vn_date(day)}")
        return PersonRecord.of(self._saved(tables.PERSONS, pid))

    def move_person(self, pid: str, to_household_ref: str, *, relation: str,
                    new_head_id: str | None = None) -> PersonRecord:
        """Move a member to another household in the commune, with their new relation."""
        person = self._person(pid)
        target = self._household(to_household_ref)
        source = self.store.get(tables.HOUSEHOLDS, person["household_id"])
        assert source is not None
        if target["id"] == source["id"]:
            raise ValidationError({"household_id": "Nhân khẩu đã ở trong hộ này."})
        if person.get("status", vocab.PRESENT) != vocab.PRESENT:
            raise ValidationError({"status": f"{person['full_name']} không còn cư trú."})
        self._require_active(target)
        rel = relation_code(relation)
        if rel == HEAD:
            raise ValidationError({"relation": "Hộ chuyển đến đã có chủ hộ."})
        ops = self._leave_source_ops(source, [pid], new_head_id)
        moving = {"household_id": target["id"], "relation": rel}
        if target.get("village_id") != source.get("village_id"):
            # The new village's laptops have never held this person: the move carries the
            # whole record, so that it arrives there complete.
            moving = {**{k: v for k, v in person.items() if k != "id"}, **moving}
        ops += self.store.op_set(tables.PERSONS, pid, moving)
        self._commit("person.move", ops,
                          summary=f"Chuyển {person['full_name']} từ hộ {source['code']} "
                                  f"sang hộ {target['code']}")
        return PersonRecord.of(self._saved(tables.PERSONS, pid))

    def split_household(self, ref: str, member_ids: list[str], *, new_head_id: str,
                        household: dict[str, Any], relations: dict[str, str] | None = None,
                        source_new_head_id: str | None = None, code: str = ""
                        ) -> HouseholdRecord:
        """Split (tách hộ): some members leave with `new_head_id` as head of a new household."""
        source = self._household(ref)
        self._require_active(source)
        members = {m["id"]: m for m in self._members(source["id"], present_only=True)}
        leaving = list(dict.fromkeys(member_ids))
        unknown = [m for m in leaving if m not in members]
        if unknown or not leaving:
            raise ValidationError({"member_ids": "Chọn các nhân khẩu đang ở trong hộ để tách."})
        if new_head_id not in leaving:
            raise ValidationError({"new_head_id": "Chủ hộ mới phải là một người được tách ra."})
        if len(leaving) == len(members):
            raise ValidationError({"member_ids": "Không thể tách tất cả nhân khẩu; hộ cũ phải "
                                                 "còn ít nhất một người."})
        village = self.store.get(tables.VILLAGES, source["village_id"])
        assert village is not None
        fields = clean_household({"residence_status": source.get("residence_status"),
                                  **household}).fields
        _require_active_status(fields)
        code = _household_code(code) or self.next_household_code(VillageRecord.of(village))
        if code in self.index.household_by_code:
            raise ValidationError({"code": f"Mã hộ '{code}' đã được dùng."})
        relations = relations or {}
        hid = new_id()
        ops = self._leave_source_ops(source, leaving, source_new_head_id)
        ops += self.store.op_set(tables.HOUSEHOLDS, hid, {
            "code": code, "village_id": source["village_id"], "head_id": new_head_id,
            "notes": "", **fields, "split_from": source["id"],
        })
        for pid in leaving:
            rel = HEAD if pid == new_head_id else relation_code(relations.get(pid, vocab.OTHER_RELATION))
            if rel == HEAD and pid != new_head_id:
                raise ValidationError({"relations": "Hộ mới chỉ có một chủ hộ."})
            ops += self.store.op_set(tables.PERSONS, pid, {"household_id": hid, "relation": rel})
        head = members[new_head_id]
        self._commit("household.split", ops,
                          summary=f"Tách hộ {code} (chủ hộ {head['full_name']}, "
                                  f"{len(leaving)} nhân khẩu) từ hộ {source['code']}")
        return HouseholdRecord.of(self._saved(tables.HOUSEHOLDS, hid))

    def merge_households(self, keep_ref: str, absorb_ref: str, *,
                         relations: dict[str, str] | None = None) -> HouseholdRecord:
        """Merge (nhập hộ): the present members of `absorb` join `keep`; `absorb` is dissolved."""
        keep, absorb = self._household(keep_ref), self._household(absorb_ref)
        if keep["id"] == absorb["id"]:
            raise ValidationError({"household_id": "Chọn hai hộ khác nhau để nhập."})
        self._require_active(keep)
        self._require_active(absorb)
        relations = relations or {}
        ops: list[dict[str, Any]] = []
        moving = self._members(absorb["id"], present_only=True)
        for member in moving:
            rel = relation_code(relations.get(member["id"], vocab.OTHER_RELATION))
            if rel == HEAD:
                raise ValidationError({"relations": f"Hộ {keep['code']} đã có chủ hộ."})
            ops += self.store.op_set(tables.PERSONS, member["id"],
                                     {"household_id": keep["id"], "relation": rel})
        ops += self.store.op_set(tables.HOUSEHOLDS, absorb["id"], {
            "residence_status": vocab.DISSOLVED, "merged_into": keep["id"],
            "moved_out_on": self.today().isoformat(),
        })
        self._commit("household.merge", ops,
                          summary=f"Nhập hộ {absorb['code']} ({len(moving)} nhân khẩu) "
                                  f"vào hộ {keep['code']}")
        return HouseholdRecord.of(self._saved(tables.HOUSEHOLDS, keep["id"]))

    def delete_person(self, pid: str, *, reason: str) -> None:
        """Remove a person entered by mistake (a tombstone with the reason; never erased)."""
        person = self._person(pid)
        reason = delete_reason(reason)
        household = self.store.get(tables.HOUSEHOLDS, person["household_id"])
        if household is not None and household.get("head_id") == pid:
            raise ValidationError({"relation": "Không thể xóa chủ hộ; đổi chủ hộ trước."})
        self._commit("person.delete",
                          self.store.op_set(tables.PERSONS, pid,
                                            {"deleted": True, "deleted_reason": reason}),
                          summary=f"Xóa {person['full_name']} (nhập nhầm): {reason}")

    def delete_household(self, ref: str, *, reason: str) -> None:
        """Remove a household entered by mistake, with its members (tombstones, never erased)."""
        household = self._household(ref)
        reason = delete_reason(reason)
        ops = self.store.op_set(tables.HOUSEHOLDS, household["id"],
                                {"deleted": True, "deleted_reason": reason})
        for member in self._members(household["id"]):
            ops += self.store.op_set(tables.PERSONS, member["id"],
                                     {"deleted": True, "deleted_reason": reason})
        self._commit("household.delete", ops,
                     summary=f"Xóa hộ {household['code']} (nhập nhầm): {reason}")

    # ================================================================ helpers

    def _saved(self, table: str, record_id: str) -> dict[str, Any]:
        """A record just saved (it exists)."""
        record = self.store.get(table, record_id)
        assert record is not None, (table, record_id)
        return record

    def _clean_new_person(self, fields: dict[str, Any], accept_warnings: bool | str
                          ) -> tuple[dict[str, Any], list[str]]:
        """A new person's fields, and the warnings the officer accepted for them."""
        cleaned = clean_person(fields, today=self.today())
        person = {"ethnicity": "Kinh", "religion": "Không", **cleaned.fields}
        self._check_cccd_unique(person, exclude=None)
        return person, self._confirm(cleaned.warnings, accept_warnings)

    def _check_cccd_unique(self, person: dict[str, Any], exclude: str | None) -> None:
        number = person.get("cccd")
        if not number or not is_living(person):
            return
        owner = self.index.cccd.get(number)
        if owner and owner != exclude:
            other = self.store.get(tables.PERSONS, owner) or {}
            household = self.store.get(tables.HOUSEHOLDS, other.get("household_id", "")) or {}
            raise ValidationError({"cccd": (
                f"Số CCCD {number} đã thuộc về {other.get('full_name', '?')} "
                f"(hộ {household.get('code', '?')}).")})

    @staticmethod
    def _confirm(warnings: list[str], accepted: bool | str) -> list[str]:
        """Refuse until the officer accepts the warnings; returns them for the journal.

        `accepted` may be the officer's reason for accepting, which is kept with them.
        """
        if warnings and not accepted:
            raise NeedsConfirmation(warnings)
        if warnings and isinstance(accepted, str):
            reason = clean_field("reason", accepted, what="Lý do chấp nhận cảnh báo")
            return [*warnings, f"Lý do chấp nhận: {reason}"]
        return list(warnings)

    def _commit(self, event: str, ops: list[dict[str, Any]], summary: str,
                accepted: list[str] | None = None) -> None:
        """Save through the store, with the warnings the officer accepted for this change
        (and, for a life event, what it read: roster/structure.py)."""
        pre = read_set(self.store, ops) if event in STRUCTURAL_EVENTS else None
        self.store.commit(event, ops, summary=summary, accepted=accepted, pre=pre)

    @staticmethod
    def _changed(record: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in fields.items() if record.get(k, "") != v}

    @staticmethod
    def _require_active(household: dict[str, Any]) -> None:
        if household.get("residence_status") not in ACTIVE_STATUSES:
            status = vocab.label(vocab.RESIDENCE_STATUSES, household.get("residence_status", ""))
            raise ValidationError({"household_id":
                                   f"Hộ {household['code']} không còn cư trú ({status})."})

    def _head_change_ops(self, household: dict[str, Any], new_head_id: str,
                         old_head_relation: str | None) -> list[dict[str, Any]]:
        """Ops that make `new_head_id` the head; the old head gets `old_head_relation`."""
        present = {m["id"]: m for m in self._members(household["id"], present_only=True)}
        if new_head_id not in present:
            raise ValidationError({"new_head_id": "Chủ hộ mới phải là nhân khẩu đang ở trong hộ."})
        old_head = household.get("head_id")
        if new_head_id == old_head:
            raise ValidationError({"new_head_id": "Người này đã là chủ hộ."})
        ops = self.store.op_set(tables.HOUSEHOLDS, household["id"], {"head_id": new_head_id})
        ops += self.store.op_set(tables.PERSONS, new_head_id, {"relation": HEAD})
        if old_head and old_head_relation is not None:
            rel = relation_code(old_head_relation)
            if rel == HEAD:
                raise ValidationError({"relation": "Chủ hộ cũ cần một quan hệ khác 'Chủ hộ'."})
            ops += self.store.op_set(tables.PERSONS, old_head, {"relation": rel})
        return ops

    def _leave_source_ops(self, source: dict[str, Any], leaving: list[str],
                          new_head_id: str | None) -> list[dict[str, Any]]:
        """When members leave a household: hand over the headship if the head leaves."""
        if source.get("head_id") not in leaving:
            return []
        remaining = [m for m in self._members(source["id"], present_only=True)
                     if m["id"] not in leaving]
        if not remaining:
            raise ValidationError({"member_ids": f"Hộ {source['code']} sẽ không còn ai; dùng "
                                                 "'nhập hộ' hoặc 'hộ chuyển đi'."})
        if not new_head_id or new_head_id not in {m["id"] for m in remaining}:
            raise ValidationError({"new_head_id": (
                f"Chủ hộ rời hộ {source['code']}: chọn chủ hộ mới trong số "
                + ", ".join(m["full_name"] for m in remaining) + ".")})
        ops = self.store.op_set(tables.HOUSEHOLDS, source["id"], {"head_id": new_head_id})
        ops += self.store.op_set(tables.PERSONS, new_head_id, {"relation": HEAD})
        return ops


def delete_reason(reason: str) -> str:
    """The reason given for removing a record entered by mistake: required, checked text."""
    text = clean_field("reason", reason, what="Lý do xóa")
    if not text:
        raise ValidationError({"reason": "Ghi lý do xóa."})
    return text


def _household_code(code: str) -> str:
    """A household code typed by the officer, upper-cased; "" when none was given."""
    try:
        return clean_household_code(code)
    except ValueError as exc:
        raise ValidationError({"code": str(exc)}) from exc


def _require_active_status(fields: dict[str, Any]) -> None:
    """A household can be given only a living status; moving out and dissolving are events."""
    status = fields.get("residence_status")
    if status is not None and status not in ACTIVE_STATUSES:
        raise ValidationError({"residence_status": (
            "Tình trạng cư trú chỉ chọn Thường trú hoặc Tạm trú; dùng 'hộ chuyển đi' hoặc "
            "'nhập hộ' để ghi nhận hộ chuyển đi hoặc giải thể.")})
