"""Tests for the generated visit checklists and incident details (antt_tui.generate.details)."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from datetime import date

from antt_tui.forms import load_forms, validate
from antt_tui.generate import Commune
from antt_tui.paths import forms_dir
from antt_tui.roster.visits import CHECKLIST
from tests.unit.generate.conftest import TODAY

START = "2022-11-16"


def test_every_visit_has_a_checklist_consistent_with_its_result(commune: Commune) -> None:
    """A visit keeps only the items not answered "dat" (none when it passed)."""
    for visit in commune.visits:
        checklist = visit.get("checklist", {})
        assert [item for item in CHECKLIST if item in checklist] == list(checklist)
        for answer in checklist.values():
            assert set(answer) == {"result", "note"}
            assert answer["result"] in {"chua_dat", "khong_ro"}
            assert answer["note"] != ""
        passed = not checklist
        assert visit["result"] == ("dat" if passed else "chua_dat")
        assert checklist.get("h2", {}).get("result") != "chua_dat"  # never failed at random
        assert visit["findings"] and visit["advice"]
        assert visit["note"] == visit["findings"]
        if passed:
            assert visit["follow_up_on"] == ""
        elif visit["follow_up_on"]:
            gap = date.fromisoformat(visit["follow_up_on"]) - date.fromisoformat(visit["date"])
            assert 7 <= gap.days <= 30


def test_visit_results_are_mostly_dat_and_khong_ro_is_rare(commune: Commune) -> None:
    passed = sum(v["result"] == "dat" for v in commune.visits) / len(commune.visits)
    assert 0.89 <= passed <= 0.95
    for item in CHECKLIST:
        unknown = sum(v.get("checklist", {}).get(item, {}).get("result") == "khong_ro"
                      for v in commune.visits)
        assert unknown / len(commune.visits) <= 0.02, item
    assert any(v["follow_up_on"] for v in commune.visits)


def test_failed_visits_pass_the_visit_form(commune: Commune) -> None:
    """What `Activities.add_visit` would accept: the answers of every visit not fully passed."""
    form = load_forms()["visit"]
    failed = [v for v in commune.visits if v["result"] != "dat"]
    assert failed
    for visit in failed:
        answers = {
            "date": visit["date"],
            "officer": visit["officer"],
            "findings": visit["findings"],
            "advice": visit["advice"],
            "follow_up_on": visit["follow_up_on"],
        }
        for item, answer in visit["checklist"].items():
            answers[item] = answer["result"]
            answers[f"{item}_note"] = answer["note"]
        result = validate(form, answers, today=TODAY)
        assert result.ok, (visit, result.errors)


def test_incidents_fill_the_incident_form(commune: Commune) -> None:
    form = load_forms()["incident"]
    fields = {f.id: f for f in form.fields if f.id != "village"}
    for incident in commune.incidents:
        assert set(fields) <= set(incident)
        for fid, field in fields.items():
            value = incident[fid]
            if field.choices:
                assert value in {c.value for c in field.choices}, (fid, value)
            if field.type == "number":
                assert isinstance(value, int) and value >= (field.min or 0), (fid, value)
            if field.type == "yes_no":
                assert isinstance(value, bool), fid
            if field.pattern:
                assert re.fullmatch(field.pattern, value), (fid, value)
        assert incident["place"] and incident["handling"]
        if not incident["category"].startswith("VPHC_"):
            assert incident["fine"] == 0
        if incident["category"] not in {"TNGT", "CHAY", "NO", "TNLD"}:
            assert incident["own_fault"] is False
        if incident["own_fault"]:
            assert incident["caused_by_resident"]


def test_incident_people_are_living_members_of_its_households(commune: Commune) -> None:
    persons = {p["id"]: p for p in commune.persons}
    for incident in commune.incidents:
        linked = incident["persons"]
        households = [persons[p["person_id"]]["household_id"] for p in linked]
        assert incident["household_ids"] == list(dict.fromkeys(households))
        for p in linked:
            assert persons[p["person_id"]]["status"] != "deceased"
            assert p["role"] in {"doi_tuong", "bi_hai", "nhan_chung"}
            assert set(p) == {"person_id", "role", "household_id"}
            assert p["household_id"] == persons[p["person_id"]]["household_id"]
    roles = Counter(p["role"] for i in commune.incidents for p in i["persons"])
    assert roles["doi_tuong"] and roles["bi_hai"]


def test_incident_consequences_and_status_are_plausible(commune: Commune) -> None:
    by_category: dict[str, list[dict]] = {}
    for incident in commune.incidents:
        by_category.setdefault(incident["category"], []).append(incident)
    assert all(i["deaths"] == 0 for i in by_category.get("VPHC_GT", []))
    zero = sum(i["deaths"] == 0 and i["injuries"] == 0 for i in commune.incidents)
    assert zero / len(commune.incidents) > 0.8
    assert all(i["damage"] > 0 for i in by_category.get("CHAY", []))
    assert all(
        i["fine"] > 0
        for i in commune.incidents
        if i["category"].startswith("VPHC_") and i["status"] == "da_giai_quyet"
    )
    old = [i for i in commune.incidents if i["date"] < "2025-06-01"]
    assert sum(i["status"] != "dang_xu_ly" for i in old) / len(old) > 0.9


def test_zero_tolerance_incidents_stay_rare(commune: Commune) -> None:
    with open(forms_dir() / "taxonomy" / "incidents.toml", "rb") as fh:
        taxonomy = tomllib.load(fh)
    zero = {c["code"] for c in taxonomy["categories"] if c.get("zero_tolerance")}
    hits = Counter(
        (i["village_id"], int(i["date"][:4]) + (i["date"][5:] >= "11-01"))
        for i in commune.incidents
        if i["category"] in zero
    )
    villages_years = len(commune.villages) * 3
    assert len(hits) <= villages_years // 3  # most villages have none in a year
    assert all(START <= i["date"] <= TODAY.isoformat() for i in commune.incidents)
