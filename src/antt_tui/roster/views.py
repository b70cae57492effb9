"""Plain views of roster records for display and JSON: labels instead of codes, dd/mm/yyyy."""

from __future__ import annotations

from typing import Any

from antt_tui.domain import vocab
from antt_tui.domain.cccd import mask_cccd
from antt_tui.domain.dates import PartialDate
from antt_tui.roster.search import Hit
from antt_tui.roster.service import Roster


def birth_display(iso: str) -> str:
    """Stored partial birth date → "24/07/1988", "05/1985" or "1960"."""
    return PartialDate.from_iso(iso).display if iso else ""


def person_view(person: dict[str, Any], *, number: int | None = None,
                mask: bool = False) -> dict[str, Any]:
    """A person with Vietnamese labels; `number` is their place in the household listing."""
    relation = vocab.label(vocab.RELATIONS, person.get("relation", ""), "")
    if person.get("relation") == "khac" and person.get("relation_text"):
        relation = f"{relation} ({person['relation_text']})"
    view = {
        "id": person["id"],
        "ho_ten": person.get("full_name", ""),
        "ngay_sinh": birth_display(person.get("birth", "")),
        "gioi_tinh": vocab.label(vocab.SEXES, person.get("sex", ""), ""),
        "cccd": mask_cccd(person["cccd"]) if mask and person.get("cccd") else person.get("cccd", ""),
        "quan_he": relation,
        "dan_toc": person.get("ethnicity", ""),
        "ton_giao": person.get("religion", ""),
        "nghe_nghiep": person.get("occupation", ""),
        "dien_thoai": person.get("phone", ""),
        "tinh_trang": vocab.label(vocab.PERSON_STATUSES, person.get("status", "present"), ""),
        "ghi_chu": person.get("notes", ""),
    }
    if number is not None:
        view = {"stt": number, **view}
    return view


def household_view(roster: Roster, household: dict[str, Any]) -> dict[str, Any]:
    """A household with its village, head and numbered members."""
    village = roster.store.get("villages", household.get("village_id", "")) or {}
    head = roster.store.get("persons", household.get("head_id", "")) or {}
    members = roster.members(household["id"])
    return {
        "id": household["id"],
        "ma_ho": household.get("code", ""),
        "thon": village.get("name", ""),
        "dia_chi": household.get("address", ""),
        "tinh_trang_cu_tru": vocab.label(vocab.RESIDENCE_STATUSES,
                                         household.get("residence_status", ""), ""),
        "chu_ho": head.get("full_name", ""),
        "so_nhan_khau": sum(1 for m in members if m.get("status", "present") == "present"),
        "ghi_chu": household.get("notes", ""),
        "nhan_khau": [person_view(m, number=i) for i, m in enumerate(members, 1)],
    }


def hit_view(hit: Hit) -> dict[str, Any]:
    """One search result as a flat row."""
    person = hit.person or {}
    return {
        "khop_theo": hit.matched,
        "ho_ten": person.get("full_name", ""),
        "ngay_sinh": birth_display(person.get("birth", "")),
        "cccd": person.get("cccd", ""),
        "quan_he": vocab.label(vocab.RELATIONS, person.get("relation", ""), ""),
        "tinh_trang": vocab.label(vocab.PERSON_STATUSES, person.get("status", "present"), ""),
        "ma_ho": hit.household.get("code", ""),
        "thon": (hit.village or {}).get("name", ""),
        "dia_chi": hit.household.get("address", ""),
        "person_id": person.get("id", ""),
        "household_id": hit.household.get("id", ""),
    }
