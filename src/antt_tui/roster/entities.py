"""The roster's records as the front ends receive them: the commune, a village, a household
and a person, and the programme's documents, teams, team activities and confirmations; typed
and read-only.

`Roster` looks them up (`village`, `household`, `person`, `members`, `households`, the
`*_record` lookups by id) and returns them from the changes it saves (`add_household`,
`edit_person` …). The stored dicts stay inside the roster and the store: a front end reads
these fields, and a form that edits a record starts from `form_values()`.

A form may gain questions without a change of code (forms/README.md): what a record holds
beyond the fields named here is in `extra`; `saved` keeps the record as it was saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from types import MappingProxyType
from typing import Any, Self

from antt_tui.domain import vocab

__all__ = ["CommuneRecord", "ConfirmationRecord", "DocumentRecord", "HouseholdRecord",
           "PersonRecord", "TeamActivityRecord", "TeamRecord", "VillageRecord"]

_NOTHING: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class _Saved:
    """What every saved record has: its id, whether it was deleted (a tombstone), and every
    field as saved."""

    id: str
    deleted: bool = False
    deleted_reason: str = ""
    saved: Mapping[str, Any] = field(default_factory=lambda: _NOTHING, repr=False,
                                     compare=False)
    """The record as saved, read-only: `form_values` and `to_json` give copies of it."""

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> Self:
        """The typed record of a stored one (a field saved empty, None, takes the default)."""
        # Set through object.__setattr__ rather than the generated __init__: a third faster,
        # which counts when a listing types thousands of records.
        typed = object.__new__(cls)
        put = object.__setattr__
        put(typed, "id", record["id"])
        get = record.get
        for name, default in _defaults(cls):
            value = get(name)
            put(typed, name, default if value is None else value)
        if typed.deleted is not False:
            put(typed, "deleted", bool(typed.deleted))
        put(typed, "saved", MappingProxyType(dict(record)))
        return typed

    @classmethod
    def maybe(cls, record: Mapping[str, Any] | None) -> Self | None:
        """`of(record)`, or None when there is no record."""
        return None if record is None else cls.of(record)

    @property
    def extra(self) -> dict[str, Any]:
        """Fields a form added that this class does not name."""
        names = _names(type(self))
        return {k: v for k, v in self.saved.items() if k not in names}

    def form_values(self) -> dict[str, Any]:
        """Every saved field, for a form that edits the record to start from (a new dict)."""
        return dict(self.saved)

    def to_json(self) -> dict[str, Any]:
        """The record as saved, for the CLI's --json (a new dict)."""
        return dict(self.saved)


@cache
def _names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


@cache
def _defaults(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, default) of every field but `id` and `saved` (all of them have a default)."""
    return tuple((f.name, f.default) for f in fields(cls) if f.name not in ("id", "saved"))


@dataclass(frozen=True, slots=True)
class CommuneRecord(_Saved):
    """The commune (xã, phường)."""

    name: str = ""
    province: str = ""
    legacy_district: str = ""
    """The district (huyện) before the 2025 reorganisation, when the commune had one."""


@dataclass(frozen=True, slots=True)
class VillageRecord(_Saved):
    """A village (thôn, tổ dân phố)."""

    code: str = ""
    """Short code, the prefix of its households' codes ("DH")."""
    name: str = ""
    commune_id: str = ""


@dataclass(frozen=True, slots=True)
class HouseholdRecord(_Saved):
    """A household (hộ gia đình) as saved."""

    code: str = ""
    """"DH-0012"."""
    village_id: str = ""
    head_id: str = ""
    address: str = ""
    residence_status: str = ""
    """``vocab.RESIDENCE_STATUSES`` code."""
    moved_in_on: str = ""
    legacy_book_no: str = ""
    notes: str = ""
    moved_out_on: str = ""
    moved_out_reason: str = ""
    split_from: str = ""
    """The household it was split from (tách hộ), when it was."""
    merged_into: str = ""
    """The household it was merged into (nhập hộ), when it was."""

    @property
    def living(self) -> bool:
        """Whether the household still lives in the village (thường trú or tạm trú)."""
        return self.residence_status in vocab.LIVING


class PersonCodes:
    """What a person's codes say, for every record of a person (this module's
    `PersonRecord`, the listings' `records.PersonRow`)."""

    __slots__ = ()
    status: str
    relation: str

    @property
    def present(self) -> bool:
        """Whether the person still lives in the household."""
        return self.status == vocab.PRESENT

    @property
    def is_head(self) -> bool:
        """Whether the person is the head of household."""
        return self.relation == vocab.HEAD


@dataclass(frozen=True, slots=True)
class PersonRecord(_Saved, PersonCodes):
    """A person (nhân khẩu) as saved."""

    household_id: str = ""
    full_name: str = ""
    birth: str = ""
    """As entered and cleaned: "24/07/1988", "05/1985" or "1960"."""
    sex: str = ""
    cccd: str = ""
    cmnd: str = ""
    relation: str = ""
    """``vocab.RELATIONS`` code."""
    relation_text: str = ""
    """The officer's words for a relation "khác"."""
    ethnicity: str = ""
    religion: str = ""
    occupation: str = ""
    phone: str = ""
    notes: str = ""
    status: str = vocab.PRESENT
    """``vocab.PERSON_STATUSES`` code."""
    status_on: str = ""
    """The day the status was recorded (death, moving away)."""
    status_reason: str = ""


# ---------------------------------------------------------------- the programme's registers


@dataclass(frozen=True, slots=True)
class DocumentRecord(_Saved):
    """A yearly document of a village or the commune (nghị quyết, đăng ký, kế hoạch)."""

    scope: str = ""
    """"thon" (a village's) or "xa" (the commune's)."""
    village_id: str = ""
    kind: str = ""
    """``roster.documents.KINDS`` code."""
    number: str = ""
    issued_on: str = ""
    year: int = 0
    """The assessment year it counts for."""
    issuer: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class TeamRecord(_Saved):
    """A self-management team or model (tổ tự quản, mô hình) of a village or the commune."""

    scope: str = ""
    village_id: str = ""
    """"" for a commune-wide model."""
    name: str = ""
    model: str = ""
    established_on: str = ""
    leader: str = ""
    members: int | None = None
    dissolved_on: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class TeamActivityRecord(_Saved):
    """A patrol, meeting, mediation or outreach session of a team."""

    team_id: str = ""
    village_id: str = ""
    date: str = ""
    kind: str = ""
    """tuan_tra, hop, hoa_giai or tuyen_truyen."""
    shifts: int | None = None
    officer_turns: int | None = None
    mediation_result: str = ""
    attendance: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ConfirmationRecord(_Saved):
    """What an authority confirmed by hand for a unit and year."""

    scope: str = ""
    village_id: str = ""
    subject: str = ""
    year: int = 0
    value: bool = False
    """True: confirmed "đạt"."""
    confirmed_by: str = ""
    confirmed_on: str = ""
    note: str = ""
