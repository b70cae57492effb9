"""The roster's records as the front ends receive them: the commune, a village, a household
and a person, typed and read-only.

`Roster` looks them up (`village`, `household`, `person`, `members`, `households`, the
`*_record` lookups by id) and returns them from the changes it saves (`add_household`,
`edit_person` …). The stored dicts stay inside the roster and the store: a front end reads
these fields, and a form that edits a record starts from `form_values()`.

A form may gain questions without a change of code (forms/README.md): what a record holds
beyond the fields named here is kept, read-only, in `extra`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from types import MappingProxyType
from typing import Any, Self

from antt_tui.domain import vocab

__all__ = ["CommuneRecord", "HouseholdRecord", "PersonRecord", "VillageRecord"]

_NOTHING: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class _Saved:
    """What every saved record has: its id, and whether it was deleted (a tombstone)."""

    id: str
    deleted: bool = False
    deleted_reason: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: _NOTHING, repr=False, compare=False)
    """Fields a form added that this class does not name (read-only)."""

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> Self:
        """The typed record of a stored one."""
        names = _names(cls)
        known = {k: v for k, v in record.items() if k in names and v is not None}
        rest = {k: v for k, v in record.items() if k not in names}
        if rest:
            known["extra"] = MappingProxyType(rest)
        if "deleted" in known:
            known["deleted"] = bool(known["deleted"])
        return cls(**known)

    @classmethod
    def maybe(cls, record: Mapping[str, Any] | None) -> Self | None:
        """`of(record)`, or None when there is no record."""
        return None if record is None else cls.of(record)

    def form_values(self) -> dict[str, Any]:
        """Every saved field, for a form that edits the record to start from (a new dict)."""
        out = {f: getattr(self, f) for f in _names(type(self)) if f != "extra"}
        out.update(self.extra)
        return out


@cache
def _names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


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


@dataclass(frozen=True, slots=True)
class PersonRecord(_Saved):
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

    @property
    def present(self) -> bool:
        """Whether the person still lives in the household."""
        return self.status == vocab.PRESENT

    @property
    def is_head(self) -> bool:
        """Whether the person is the head of household."""
        return self.relation == vocab.HEAD
