"""`household show --json`, `household list --json` and `search --json` print the typed
read records exactly as the dict views they replaced did: same keys, same order, same values
(roster/records.py, roster/overview.py `HouseholdRow`)."""

from __future__ import annotations

import json
from typing import Any

from antt_tui.domain import vocab
from antt_tui.domain.cccd import mask_cccd
from antt_tui.domain.dates import PartialDate
from antt_tui.roster import Roster
from antt_tui.roster.search import Hit
from antt_tui.session import Session
from tests.cli.helpers import run

# ----------------------------------------------------------------- the views as they were


def _birth(iso: str) -> str:
    return PartialDate.from_iso(iso).display if iso else ""


def old_person_view(person: dict[str, Any], *, number: int | None = None,
                    mask: bool = False) -> dict[str, Any]:
    relation = vocab.label(vocab.RELATIONS, person.get("relation", ""), "")
    if person.get("relation") == "khac" and person.get("relation_text"):
        relation = f"{relation} ({person['relation_text']})"
    view = {
        "id": person["id"],
        "ho_ten": person.get("full_name", ""),
        "ngay_sinh": _birth(person.get("birth", "")),
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


def old_household_view(roster: Roster, household: dict[str, Any]) -> dict[str, Any]:
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
        "nhan_khau": [old_person_view(m, number=i) for i, m in enumerate(members, 1)],
    }


def old_household_list(roster: Roster, *, village: str | None = None,
                       status: str | None = None, limit: int = 0) -> list[dict[str, Any]]:
    rows = []
    for h in roster.households(village=village, status=status):
        head = roster.store.get("persons", h.get("head_id", "")) or {}
        rows.append({
            "id": h["id"], "ma_ho": h["code"], "chu_ho": head.get("full_name", ""),
            "dia_chi": h.get("address", ""),
            "tinh_trang_cu_tru": vocab.label(vocab.RESIDENCE_STATUSES,
                                             h.get("residence_status", ""), ""),
            "so_nhan_khau": len(roster.members(h["id"], present_only=True)),
        })
        if limit and len(rows) >= limit:
            break
    return rows


def old_hit_view(hit: Hit) -> dict[str, Any]:
    person = hit.person or {}
    return {
        "khop_theo": hit.matched,
        "ho_ten": person.get("full_name", ""),
        "ngay_sinh": _birth(person.get("birth", "")),
        "cccd": person.get("cccd", ""),
        "quan_he": vocab.label(vocab.RELATIONS, person.get("relation", ""), ""),
        "tinh_trang": vocab.label(vocab.PERSON_STATUSES, person.get("status", "present"), ""),
        "ma_ho": hit.household.get("code", ""),
        "thon": (hit.village or {}).get("name", ""),
        "dia_chi": hit.household.get("address", ""),
        "person_id": person.get("id", ""),
        "household_id": hit.household.get("id", ""),
    }


# ----------------------------------------------------------------- tests


def _same(stdout: str, expected: Any) -> None:
    # Key order too: the CLI serialises the dict it is given as it is.
    assert json.dumps(json.loads(stdout), ensure_ascii=False) == json.dumps(
        expected, ensure_ascii=False)


def _varied(s: Session) -> None:
    """DH-0001 with a lodger ("Khác" with wording), a death and notes; DH-0002 moved out."""
    roster = s.roster
    roster.add_person("DH-0001", {"full_name": "Phạm Thị Dung", "sex": "nu", "birth": "1990",
                                  "relation": "khac", "relation_text": "Cháu họ",
                                  "phone": "0912345678", "occupation": "Giáo viên",
                                  "notes": "Ở nhờ"})
    cuong = next(m for m in roster.members(roster.household("DH-0001")["id"])
                 if m["full_name"] == "Nguyễn Văn Cường")
    roster.mark_deceased(cuong["id"], on="01/03/2026")
    roster.edit_household("DH-0001", {"notes": "Nhà có chó dữ"})
    roster.add_household("TL", household={"address": "Xóm 5"},
                         head={"full_name": "Trần Văn Em", "sex": "nam", "birth": "1960"})
    roster.household_move_out("TL-0001", on="02/03/2026")


def test_household_show_json_unchanged(commune: Session) -> None:
    _varied(commune)
    expected = {code: old_household_view(commune.roster, commune.roster.household(code))
                for code in ("DH-0001", "TL-0001")}
    commune.close()
    for code, view in expected.items():
        _same(run("household", "show", code, "--json").stdout, view)


def test_search_json_unchanged(commune: Session) -> None:
    _varied(commune)
    queries = ("nguyen", "0912345678", "dh1", "033178005555", "tran van em")
    expected = {q: [old_hit_view(h) for h in commune.roster.search(q, limit=50)]
                for q in queries}
    commune.close()
    for query, rows in expected.items():
        assert rows
        _same(run("search", *query.split(), "--json").stdout, rows)


def test_household_list_json_unchanged(commune: Session) -> None:
    _varied(commune)
    commune.roster.add_household("DH", household={"address": "Xóm 3"},
                                 head={"full_name": "Đỗ Văn Giang", "sex": "nam",
                                       "birth": "1970"})
    cases: list[tuple[dict[str, Any], tuple[str, ...]]] = [
        ({}, ()), ({"village": "DH"}, ("-t", "DH")),
        ({"status": "da_chuyen_di"}, ("--status", "da_chuyen_di")),
        ({"limit": 1}, ("--limit", "1")), ({"limit": -1}, ("--limit", "-1")),
    ]
    expected = [(args, old_household_list(commune.roster, **kwargs)) for kwargs, args in cases]
    commune.close()
    for args, rows in expected:
        assert rows
        _same(run("household", "list", *args, "--json").stdout, rows)
