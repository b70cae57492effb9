"""`household show --json`, `household list --json`, `search --json`, `visit add|list --json`,
`commit list --json` and `incident list --json` print the typed read records exactly as the
dict views they replaced did: same keys, same order, same values (roster/records.py,
roster/overview.py `HouseholdRow`); the visit, commitment and incident tables read the same."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from antt_tui.cli.common import table
from antt_tui.domain import vocab
from antt_tui.domain.cccd import mask_cccd
from antt_tui.domain.dates import PartialDate, format_date, vn_date
from antt_tui.roster import Roster
from antt_tui.roster.incidents import Incidents
from antt_tui.roster.search import Hit
from antt_tui.roster.visits import Activities
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


def _stored(roster: Roster, table: str, record_id: str) -> dict[str, Any]:
    """The record as saved (the dict the old views read)."""
    found = roster.store.get(table, record_id)
    assert found is not None
    return found


def old_household_view(roster: Roster, household: dict[str, Any]) -> dict[str, Any]:
    village = roster.store.get("villages", household.get("village_id", "")) or {}
    head = roster.store.get("persons", household.get("head_id", "")) or {}
    members = [_stored(roster, "persons", m.id) for m in roster.members(household["id"])]
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
    for record in roster.households(village=village, status=status):
        h = _stored(roster, "households", record.id)
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


def _with_code(roster: Roster, record: dict[str, Any]) -> dict[str, Any]:
    """A stored visit or commitment with its household code (the old `cli/activities.py`)."""
    household = roster.store.get("households", record["household_id"]) or {}
    return {**record, "household_code": household.get("code", "")}


def old_visit_list(roster: Roster, household_id: str) -> list[dict[str, Any]]:
    rows = [v for v in roster.store.records("visits")
            if v.get("household_id") == household_id and not v.get("deleted")]
    rows.sort(key=lambda v: (v.get("date", ""), v["id"]), reverse=True)
    return [_with_code(roster, v) for v in rows]


def old_commit_list(roster: Roster, year: int, village_id: str | None = None
                    ) -> list[dict[str, Any]]:
    rows = [c for c in roster.store.records("commitments")
            if not c.get("deleted") and c.get("year") == year
            and (village_id is None or c.get("village_id") == village_id)]
    rows = [_with_code(roster, c) for c in rows]
    return sorted(rows, key=lambda c: (c["household_code"], c["id"]))


def old_incident_list(roster: Roster, *, village_id: str = "", start: str = "", end: str = "",
                      category: str = "") -> list[dict[str, Any]]:
    rows = [i for i in roster.store.records("incidents")
            if not i.get("deleted")
            and (not village_id or i.get("village_id") == village_id)
            and (not start or i.get("date", "") >= start) and (not end or i.get("date", "") <= end)
            and (not category or i.get("category") == category)]
    rows.sort(key=lambda i: (i.get("date", ""), i.get("time", "")), reverse=True)
    return rows


RESULTS = {"dat": "Đạt", "chua_dat": "Chưa đạt", "khong_ro": "Không rõ"}


def _table(capsys: pytest.CaptureFixture[str], rows: list[list[str]], headers: list[str]
           ) -> str:
    capsys.readouterr()
    table(rows, headers)
    return capsys.readouterr().out


def old_visit_table(capsys: pytest.CaptureFixture[str], rows: list[dict[str, Any]]) -> str:
    return _table(capsys, [
        [vn_date(v["date"]), v.get("officer", ""), RESULTS.get(v.get("result", ""), ""),
         ", ".join(f"{k.upper()}: {c.get('note') or RESULTS.get(c.get('result', ''), '')}"
                   for k, c in (v.get("checklist") or {}).items() if c.get("result") != "dat"),
         vn_date(v.get("follow_up_on", ""))]
        for v in rows], ["Ngày", "Cán bộ", "Kết quả", "Mục chưa đạt", "Hẹn lại"])


def old_commit_table(capsys: pytest.CaptureFixture[str], rows: list[dict[str, Any]]) -> str:
    return _table(capsys, [[r["household_code"], vn_date(r["signed_on"]), r["signer"]]
                           for r in rows], ["Mã hộ", "Ngày ký", "Người ký"])


def old_incident_table(capsys: pytest.CaptureFixture[str], roster: Roster,
                       rows: list[dict[str, Any]]) -> str:
    villages = {v["id"]: v["name"] for v in roster.store.records("villages")
                if not v.get("deleted")}
    labels = {c.code: c.label for c in Incidents(roster).taxonomy.categories.values()}
    return _table(capsys, [
        [r["id"][:8], format_date(date.fromisoformat(r["date"])),
         villages.get(r.get("village_id"), ""),
         labels.get(r.get("category"), r.get("category", "")), r.get("note", "")[:30]]
        for r in rows], ["Mã", "Ngày", "Thôn", "Loại", "Ghi chú"])


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
    cuong = next(m for m in roster.members(roster.household("DH-0001").id)
                 if m.full_name == "Nguyễn Văn Cường")
    roster.mark_deceased(cuong.id, on="01/03/2026")
    roster.edit_household("DH-0001", {"notes": "Nhà có chó dữ"})
    roster.add_household("TL", household={"address": "Xóm 5"},
                         head={"full_name": "Trần Văn Em", "sex": "nam", "birth": "1960"})
    roster.household_move_out("TL-0001", on="02/03/2026")


def test_household_show_json_unchanged(commune: Session) -> None:
    _varied(commune)
    roster = commune.roster
    expected = {code: old_household_view(roster, _stored(roster, "households",
                                                         roster.household(code).id))
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


OFFICER = "Trần Văn Hùng"


def _activities(s: Session) -> None:
    """Commitments of 2025 and 2026 in DH and TL; visits of DH-0001 (passed, not passed, and
    an older one kept with a note and no items) and of DH-0002; incidents in both villages,
    one with a person and a correction, one deleted."""
    roster = s.roster
    roster.add_household("DH", household={"address": "Xóm 3"},
                         head={"full_name": "Đỗ Văn Giang", "sex": "nam", "birth": "1970"})
    roster.add_household("TL", household={"address": "Xóm 5"},
                         head={"full_name": "Trần Văn Em", "sex": "nam", "birth": "1960"})
    activities = Activities(roster)
    for code, year, day, signer in (("DH-0002", 2026, "01/03/2026", "Đỗ Văn Giang"),
                                    ("DH-0001", 2026, "15/02/2026", "Nguyễn Văn An"),
                                    ("TL-0001", 2026, "10/01/2026", "Trần Văn Em"),
                                    ("DH-0001", 2025, "20/11/2024", "Lê Thị Bình")):
        activities.sign_commitment(code, year=year, signed_on=day, signer=signer)
    activities.add_visit("DH-0001", {"date": "15/03/2025"}, officer=OFFICER)
    activities.add_visit("DH-0001", {
        "date": "20/11/2026", "h3": "chua_dat", "h3_note": "Con trai đánh bạc",
        "h5": "khong_ro", "findings": "Có vi phạm", "advice": "Nhắc nhở gia đình",
        "follow_up_on": "20/12/2026"}, officer=OFFICER)
    activities.add_visit("DH-0002", {"date": "01/06/2026", "h1": "chua_dat"}, officer=OFFICER)
    household = roster.household("DH-0001")
    s.store.commit("visit.add", s.store.op_set("visits", str(uuid.uuid4()), {
        "household_id": household.id, "village_id": household.village_id,
        "date": "2024-05-02", "officer": "Lê Văn Tư", "result": "chua_dat",
        "note": "Cãi nhau với hàng xóm"}, new=True), summary="lượt kiểm tra cũ")
    register = Incidents(roster)
    dh, tl = roster.village("DH").id, roster.village("TL").id
    theft = register.add({"date": "15/10/2026", "time": "21:30", "village": dh,
                          "category": "TP_TTXH_TROM_CAP", "place": "Chợ thôn",
                          "damage": "5000000", "note": "Mất trộm xe máy ở chợ thôn buổi tối"},
                         persons=[{"person": "DH-0001/3", "role": "doi_tuong"}])
    register.correct(theft.id, {"status": "da_giai_quyet"}, reason="Đã trả lại tài sản")
    register.add({"date": "01/09/2026", "village": tl, "category": "KK_DONG_NGUOI"})
    register.add({"date": "02/02/2025", "village": dh, "category": "TP_TTXH_TROM_CAP",
                  "note": "Mất gà"})
    wrong = register.add({"date": "03/03/2026", "village": dh, "category": "TP_TTXH_TROM_CAP"})
    register.delete(wrong.id, reason="Nhập nhầm")


def test_visit_list_json_and_table_unchanged(commune: Session,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _activities(commune)
    roster = commune.roster
    expected = {code: old_visit_list(roster, roster.household(code).id)
                for code in ("DH-0001", "DH-0002", "TL-0001")}
    tables = {code: old_visit_table(capsys, rows) for code, rows in expected.items()}
    commune.close()
    assert [len(rows) for rows in expected.values()] == [3, 1, 0]
    for code, rows in expected.items():
        _same(run("visit", "list", code, "--json").stdout, rows)
        assert run("visit", "list", code).stdout == tables[code]


def test_visit_add_json_unchanged(commune: Session,
                                  open_session: Callable[..., Session]) -> None:
    commune.close()
    for args in (("--date", "15/03/2025"),
                 ("--officer", "Lê Văn Tư", "--h3", "chua_dat", "--note-h3", "Con trai đánh bạc",
                  "--h5", "Không rõ", "--findings", "Có vi phạm", "--advice", "Nhắc nhở",
                  "--follow-up", "20/12/2026")):
        out = run("--can-bo", OFFICER, "visit", "add", "DH-0001", *args, "--json").stdout
        s = open_session(create=False)
        stored = s.store.get("visits", json.loads(out)["id"])
        assert stored is not None
        expected = _with_code(s.roster, stored)
        s.close()
        _same(out, expected)


def test_commit_list_json_and_table_unchanged(commune: Session,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    _activities(commune)
    roster = commune.roster
    cases: list[tuple[tuple[Any, ...], list[dict[str, Any]]]] = [
        (("--year", 2026), old_commit_list(roster, 2026)),
        (("--year", 2026, "--village", "DH"), old_commit_list(roster, 2026, roster.village("DH").id)),
        (("--year", 2025), old_commit_list(roster, 2025)),
        (("--year", 2024), old_commit_list(roster, 2024)),
    ]
    tables = [old_commit_table(capsys, rows) for _, rows in cases]
    commune.close()
    assert [len(rows) for _, rows in cases] == [3, 2, 1, 0]
    for (args, rows), text in zip(cases, tables, strict=True):
        _same(run("commit", "list", *args, "--json").stdout, rows)
        assert run("commit", "list", *args).stdout == text


def test_incident_list_json_and_table_unchanged(commune: Session,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _activities(commune)
    roster = commune.roster
    dh = roster.village("DH").id
    cases: list[tuple[tuple[str, ...], list[dict[str, Any]]]] = [
        ((), old_incident_list(roster)),
        (("-t", "DH"), old_incident_list(roster, village_id=dh)),
        (("--from", "01/01/2026", "--to", "30/09/2026"),
         old_incident_list(roster, start="2026-01-01", end="2026-09-30")),
        (("--category", "TP_TTXH_TROM_CAP"), old_incident_list(roster,
                                                                category="TP_TTXH_TROM_CAP")),
    ]
    tables = [old_incident_table(capsys, roster, rows) for _, rows in cases]
    commune.close()
    assert [len(rows) for _, rows in cases] == [3, 2, 1, 2]
    assert any(r.get("corrections") and r.get("persons") for r in cases[0][1])
    for (args, rows), text in zip(cases, tables, strict=True):
        _same(run("incident", "list", *args, "--json").stdout, rows)
        assert run("incident", "list", *args).stdout == text
