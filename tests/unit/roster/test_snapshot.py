"""The roster's snapshot of the store (roster/snapshot.py): the criteria and the reports get
from the real registers the same typed records as from the in-memory commune their own tests
build (tests/unit/criteria/scenario.py), read only when asked for."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

import orjson
import pytest

from antt_tui.criteria.engine import evaluate_household, facts_of, full_commune
from antt_tui.criteria.snapshot import Household, Incident, Snapshot
from antt_tui.reports.compose import build
from antt_tui.reports.issued import to_data
from antt_tui.reports.periods import period
from antt_tui.roster.confirmations import Confirmations
from antt_tui.roster.documents import Documents
from antt_tui.roster.incidents import Incidents
from antt_tui.roster.snapshot import StoreSnapshot
from antt_tui.roster.teams import Teams
from antt_tui.roster.visits import Activities
from antt_tui.session import Session
from tests.unit.criteria.scenario import CLOSED, DAY, OFFICER, RULE_SETS, TAXONOMY, Town


class StoreTown:
    """The scenario commune of the criteria tests, built through the roster's registers into
    a real store (the same calls and answers as `Town`, which builds it in memory)."""

    def __init__(self, session: Session) -> None:
        self.s, self.roster, self.store = session, session.roster, session.store
        self.roster.init_commune(province="Hưng Yên", name="Xã Tân Lập",
                                 villages=["Thôn Đông Hạ", "Thôn Trung Lập"])
        head = self.roster.add_household("DH", household={"address": "Xóm 2, Thôn Đông Hạ"},
                                         head={"full_name": "Nguyễn Văn An", "sex": "nam",
                                               "birth": "24/07/1975"})
        for name, birth, relation in (("Lê Thị Bình", "1978", "Vợ"),
                                      ("Nguyễn Văn Cường", "05/2001", "Con đẻ")):
            self.roster.add_person(head.code, {"full_name": name, "sex": "nam",
                                                  "birth": birth, "relation": relation})
        self.incidents = Incidents(self.roster, TAXONOMY)

    def vid(self, code: str = "DH") -> str:
        return self.roster.village(code).id

    def household(self, village: str = "DH", name: str = "Phạm Văn Dũng") -> dict[str, Any]:
        return self.roster.add_household(village, household={"address": f"Xóm 1, {village}"},
                                         head={"full_name": name, "sex": "nam",
                                               "birth": "1980"})

    def sign(self, code: str = "DH-0001", on: str = "15/02/2026", year: int = 2026) -> None:
        Activities(self.roster).sign_commitment(code, year=year, signed_on=on, signer="Chủ hộ")

    def visit(self, on: str, code: str = "DH-0001", **answers: str) -> None:
        Activities(self.roster).add_visit(code, {"date": on, **answers}, officer=OFFICER)

    def incident(self, on: str, category: str, village: str = "DH",
                 persons: list[dict[str, str]] | None = None, **answers: Any) -> None:
        self.incidents.add({"date": on, "village": self.vid(village), "category": category,
                            **answers}, persons=persons)

    def document(self, kind: str, on: str, village: str | None = "DH") -> None:
        number = f"{len(list(self.store.records('documents'))) + 1:02d}-VB"
        Documents(self.roster).add({"kind": kind, "number": number, "issued_on": on},
                                   village=village)

    def team(self, name: str = "Tổ tự quản về ANTT", village: str | None = "DH",
             established: str = "01/01/2025") -> dict[str, Any]:
        return Teams(self.roster).add({"name": name, "established_on": established},
                                      village=village)

    def activity(self, team: dict[str, Any], on: str, kind: str = "tuan_tra",
                 **answers: Any) -> None:
        Teams(self.roster).add_activity(team.id, {"date": on, "kind": kind, **answers})

    def confirm(self, subject: str, value: bool = True, on: str = "05/11/2026",
                year: int = 2026, village: str | None = "DH") -> None:
        Confirmations(self.roster).confirm(
            {"subject": subject, "year": year, "value": "dat" if value else "khong_dat",
             "confirmed_by": "Nguyễn Văn Tâm, Trưởng Công an xã", "confirmed_on": on},
            village=village)

    def complete_since(self, day: str) -> None:
        self.incidents.set_complete_since({"complete_since": day})


def story(town: Town | StoreTown) -> None:
    """A year of a commune's records, told to either town."""
    town.household("DH", "Phạm Văn Dũng")
    town.household("TL", "Đỗ Văn Em")
    town.sign(on="15/02/2026")
    town.sign("TL-0001", on="20/11/2025")
    town.sign("DH-0002", on="10/03/2025", year=2025)
    town.visit("01/06/2026")
    town.visit("12/10/2026", h3="chua_dat", h3_note="Con trai đánh bạc",
               follow_up_on="20/10/2026")
    town.visit("20/10/2025", code="DH-0002", h5="khong_ro")
    town.visit("02/06/2026", code="TL-0001")
    town.incident("01/11/2024", "MT_TRANH_CHAP")
    town.incident("15/06/2026", "TNXH_CO_BAC", persons=[{"person": "DH-0001/3",
                                                        "role": "doi_tuong"}])
    town.incident("16/06/2026", "TP_TTXH_CO_Y_GAY_THUONG_TICH", persons=[
        {"person": "TL-0001/1", "role": "doi_tuong"}, {"person": "DH-0001/2", "role": "bi_hai"}])
    town.incident("12/10/2026", "TNGT", village="TL", deaths=1, injuries=2, own_fault="có")
    town.incident("13/10/2026", "CHAY", damage=15000000, severity="nghiem_trong")
    town.incident("14/10/2025", "VPHC_ANTT", fine=1500000, caused_by_resident="có")
    town.document("nghi_quyet", "10/03/2026")
    town.document("ke_hoach", "20/11/2025", village=None)
    team = town.team()
    town.activity(team, "03/10/2026", "tuan_tra", shifts=2, officer_turns=6)
    town.activity(team, "04/10/2026", "hoa_giai", mediation_result="khong_thanh")
    town.activity(team, "05/10/2026", "tuyen_truyen", attendance=40)
    town.confirm("thuc_hien_chu_truong")
    town.confirm("luc_luong_khong_vi_pham_phap_luat", False, village=None)
    town.complete_since("01/11/2024")


@pytest.fixture
def both(open_session: Callable[..., Session]) -> tuple[Snapshot, Snapshot]:
    """The story in the store (read through the roster's snapshot) and in memory."""
    stored, memory = StoreTown(open_session(today=DAY)), Town()
    story(stored)
    story(memory)
    return stored.roster.snapshot(), memory.snapshot


def anonymous(snapshot: Snapshot) -> Callable[[Any], Any]:
    """Data of a snapshot with its record ids (random in the store) replaced by the codes or
    names that tell the records apart, so two snapshots of one story compare equal."""
    names: dict[str, str] = {}
    for v in snapshot.villages.values():
        names[v.id] = f"village {v.code}"
    for h in snapshot.households.values():
        names[h.id] = f"household {h.code}"
    for p in snapshot.persons.values():
        names[p.id] = f"person {p.full_name}"
    for kind, rows in (("incident", snapshot.incidents), ("commitment", snapshot.commitments),
                       ("document", snapshot.documents), ("team", snapshot.teams),
                       ("activity", snapshot.activities),
                       ("confirmation", snapshot.confirmations)):
        for n, row in enumerate(rows):
            names[row.id] = f"{kind} {n}"
    for n, visit in enumerate(snapshot.visits_between(date(2000, 1, 1), date(2100, 1, 1))):
        names[visit.id] = f"visit {visit.date} {n}"

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return names.get(value, value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            # An incident's households are sorted by id, and ids differ: compare them as sets.
            return (type(value).__name__, *(
                sorted(clean(getattr(value, f.name))) if f.name == "household_ids"
                else clean(getattr(value, f.name)) for f in dataclasses.fields(value)))
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value

    return clean


def test_the_store_gives_the_records_the_builder_gives(both: tuple[Snapshot, Snapshot]) -> None:
    stored, memory = both
    for snapshot in (stored, memory):
        assert snapshot.commune is not None and snapshot.commune.name == "Xã Tân Lập"
    a, b = anonymous(stored), anonymous(memory)
    for table in ("villages", "households", "persons"):
        assert sorted(map(a, getattr(stored, table).values())) == sorted(
            map(b, getattr(memory, table).values())), table
    for table in ("incidents", "commitments", "documents", "teams", "activities",
                  "confirmations"):
        assert a(getattr(stored, table)) == b(getattr(memory, table)), table
    whole = (date(2024, 1, 1), date(2026, 12, 31))
    assert a(stored.visits_between(*whole)) == b(memory.visits_between(*whole))
    assert a(stored.latest_visits(*whole)) == b(memory.latest_visits(*whole))
    assert stored.first_visit_day() == memory.first_visit_day() == "2025-10-20"
    assert dict(stored.settings["criteria"]) == memory.settings["criteria"]
    assert list(stored.settings) == ["criteria"] and len(stored.villages) == 2
    hid = next(h.id for h in stored.households.values() if h.code == "DH-0001")
    memory_hid = next(h.id for h in memory.households.values() if h.code == "DH-0001")
    assert sorted(map(a, stored.members(hid))) == sorted(map(b, memory.members(memory_hid)))
    assert a(stored.commitments_of([hid])) == b(memory.commitments_of([memory_hid]))
    assert a(stored.incidents_of(hid)) == b(memory.incidents_of(memory_hid))
    village = next(v.id for v in stored.villages.values() if v.code == "DH")
    assert a(stored.households_in(village)) == b(memory.households_in("v-DH"))
    assert a(stored.latest_visits(*whole, [hid])) == b(memory.latest_visits(*whole,
                                                                           [memory_hid]))


def test_criteria_and_reports_come_out_the_same(both: tuple[Snapshot, Snapshot]) -> None:
    stored, memory = both
    outputs = []
    for snapshot in (stored, memory):
        clean = anonymous(snapshot)
        report = full_commune(facts_of(snapshot), 2026, CLOSED, rule_sets=RULE_SETS)
        village = next(v.id for v in snapshot.villages.values() if v.code == "DH")
        documents = [build(facts_of(snapshot), scope, period(kind, spec), CLOSED)
                     for scope, kind, spec in ((village, "thang", "2026-10"),
                                               ("", "nam", "2026"))]
        outputs.append(clean({
            "commune": [e.to_json() for e in report.commune],
            "villages": {k: [e.to_json() for e in v] for k, v in report.villages.items()},
            "households": report.households,
            "reports": [[to_data(doc), fig.to_json()] for doc, fig in documents],
        }))
    assert orjson.dumps(outputs[0]) == orjson.dumps(outputs[1])


def test_records_as_older_versions_stored_them(open_session: Callable[..., Session]) -> None:
    # No persons list, no household_ids, a category since removed from the taxonomy, an
    # involved person named without the household of the time, no checklist.
    town = StoreTown(open_session(today=DAY))
    store, vid = town.store, town.vid()
    cuong = town.roster.person("DH-0001/3")
    with store.batch():
        for rid, fields in (
                ("cu-1", {"category": "TP_TTXH_GIET_NGUOI", "severity": "it_nghiem_trong"}),
                ("cu-2", {"category": "TINH_DA_BO", "deaths": None, "fine": "200000"}),
                ("cu-3", {"category": "TNXH_CO_BAC", "household_ids": [cuong.household_id],
                          "persons": [{"person_id": cuong.id, "role": "doi_tuong"}]})):
            store.commit("incident.add", store.op_set("incidents", rid, {
                "date": "2026-06-15", "village_id": vid, **fields}, new=True))
        store.commit("visit.add", store.op_set("visits", "cu-kt", {
            "household_id": cuong.household_id, "village_id": vid, "date": "2026-06-01",
            "result": "chua_dat"}, new=True))
    snapshot = town.roster.snapshot()
    assert snapshot.incidents[:2] == (
        Incident("cu-1", vid, "2026-06-15", "TP_TTXH_GIET_NGUOI", "it_nghiem_trong"),
        Incident("cu-2", vid, "2026-06-15", "TINH_DA_BO", fine=200000))
    assert snapshot.incidents[2].persons[0].household_id == cuong.household_id
    (visit,) = snapshot.visits_between(date(2026, 1, 1), date(2026, 12, 31))
    assert (visit.result, visit.checklist, visit.follow_up_on) == ("chua_dat", (), "")
    facts = facts_of(snapshot)
    results = {r.id: r for r in evaluate_household(facts, cuong.household_id, 2026,
                                                   CLOSED).results}
    assert results["H3"].status == "chưa đạt"  # the gambling son
    assert results["H1"].summary.startswith("Chưa ký cam kết năm 2026; kiểm tra ngày "
                                            "01/06/2026: không rõ")


def test_deleted_records_are_not_in_the_snapshot(open_session: Callable[..., Session]) -> None:
    town = StoreTown(open_session(today=DAY))
    town.incident("15/06/2026", "MT_NGUOI_NGHIEN")
    (incident,) = town.roster.snapshot().incidents
    town.incidents.delete(incident.id, reason="Nhập trùng")
    moved = town.household()
    town.roster.delete_household(moved.code, reason="Nhập nhầm")
    snapshot = town.roster.snapshot()
    assert snapshot.incidents == ()
    assert moved.id not in snapshot.households and snapshot.households.get(moved.id) is None
    assert [h.code for h in snapshot.households.values()] == ["DH-0001"]
    assert moved.head_id not in snapshot.persons


def test_the_roster_hands_out_one_snapshot_until_a_change_is_saved(
        open_session: Callable[..., Session]) -> None:
    town = StoreTown(open_session(today=DAY))
    first = town.roster.snapshot()
    assert town.roster.snapshot() is first
    assert [h.code for h in first.households.values()] == ["DH-0001"]
    town.household()
    second = town.roster.snapshot()
    assert second is not first
    assert [h.code for h in second.households.values()] == ["DH-0001", "DH-0002"]


def test_one_household_reads_its_own_records_only(open_session: Callable[..., Session],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    town = StoreTown(open_session(today=DAY))
    other = town.household()
    town.sign(on="15/02/2026")
    town.sign(other.code, on="15/02/2026")
    town.visit("01/06/2026")
    town.visit("01/06/2026", code=other.code)
    town.visit("20/10/2025", code=other.code)
    town.visit("01/06/2024")
    town.incident("15/06/2026", "TNXH_CO_BAC", persons=[{"person": "DH-0001/3",
                                                        "role": "doi_tuong"}])
    typed: list[str] = []
    import antt_tui.roster.snapshot as module

    for name in ("household_of", "commitment_of", "visit_of", "incident_of"):
        original = getattr(module, name)

        def spy(*args: Any, _original: Any = original, _name: str = name) -> Any:
            typed.append(_name)
            return _original(*args)

        monkeypatch.setattr(module, name, spy)
    years: list[Any] = []
    records = town.store.records

    def reading(table: str, **kwargs: Any) -> Any:
        if table == "visits":
            years.append(kwargs.get("years"))
        return records(table, **kwargs)

    monkeypatch.setattr(town.store, "records", reading)
    snapshot = StoreSnapshot(town.store, town.roster.index)
    hid = town.roster.household("DH-0001").id
    evaluation = evaluate_household(facts_of(snapshot), hid, 2026, CLOSED)
    assert evaluation.status == "chưa đạt"
    # One household, its commitment, its latest visit of the window, its incident.
    assert sorted(typed) == ["commitment_of", "household_of", "incident_of", "visit_of"]
    assert years == [[2025, 2026]]  # the window 01/11/2025 – 31/10/2026, not 2024


def test_a_household_s_head_is_named_from_the_roster(both: tuple[Snapshot, Snapshot]) -> None:
    stored, _ = both
    heads = {h.code: h.head_name for h in stored.households.values()}
    assert heads == {"DH-0001": "Nguyễn Văn An", "DH-0002": "Phạm Văn Dũng",
                     "TL-0001": "Đỗ Văn Em"}
    assert isinstance(next(iter(stored.households.values())), Household)


def test_a_village_s_report_types_that_village_s_records(
        open_session: Callable[..., Session], monkeypatch: pytest.MonkeyPatch) -> None:
    town = StoreTown(open_session(today=DAY))
    for _ in range(3):
        town.household()                      # DH-0002 … DH-0004
    town.household("TL", "Đỗ Văn Em")
    for code in ("DH-0001", "DH-0002", "TL-0001"):
        town.sign(code, on="15/02/2026")
        town.visit("01/10/2026", code=code)
    typed: list[str] = []
    import antt_tui.roster.snapshot as module

    for name in ("household_of", "commitment_of", "visit_of"):
        original = getattr(module, name)

        def spy(record: Any, *args: Any, _original: Any = original, _name: str = name) -> Any:
            typed.append(f"{_name} {record.get('village_id')}")
            return _original(record, *args)

        monkeypatch.setattr(module, name, spy)
    snapshot = StoreSnapshot(town.store, town.roster.index)
    _, figures = build(facts_of(snapshot), town.vid("TL"), period("thang", "2026-10"),
                       CLOSED)
    assert (figures.households, figures.commitments_signed, figures.visits) == (1, 1, 1)
    tl = town.vid("TL")
    assert sorted(typed) == [f"commitment_of {tl}", f"household_of {tl}", f"visit_of {tl}"]
