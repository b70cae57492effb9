"""Tests for antt_tui.generate.blueprint: a deterministic, plausible generated commune."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from typing import Any

import pytest

from antt_tui.domain import vocab
from antt_tui.domain.cccd import check_cccd
from antt_tui.domain.rules import PERSON_FIELDS, clean_person
from antt_tui.generate import Commune, default_village_count, make_commune, summary
from antt_tui.generate.vocabulary import PROVINCES
from tests.unit.generate.conftest import TODAY

KEYS = {
    "commune": {"id", "province", "name", "legacy_district"},
    "villages": {"id", "commune_id", "code", "name"},
    "households": {"id", "code", "village_id", "address", "residence_status", "head_id", "notes"},
    "persons": {
        "id", "household_id", "full_name", "birth", "sex", "cccd", "relation", "ethnicity",
        "religion", "occupation", "phone", "status", "notes",
    },
    "visits": {
        "id", "household_id", "village_id", "date", "officer", "checklist", "findings", "advice",
        "follow_up_on", "note", "result",
    },
    "incidents": {
        "id", "village_id", "date", "time", "place", "category", "severity", "deaths", "injuries",
        "damage", "caused_by_resident", "own_fault", "status", "handling", "fine", "note",
        "household_ids", "persons",
    },
    "commitments": {"id", "household_id", "village_id", "year", "signed_on", "signer"},
    "documents": {
        "id", "scope", "village_id", "year", "kind", "number", "issued_on", "issuer", "note",
    },
    "teams": {
        "id", "scope", "village_id", "name", "model", "established_on", "dissolved_on", "leader",
        "members", "note",
    },
    "team_activities": {
        "id", "team_id", "village_id", "date", "kind", "shifts", "officer_turns", "attendance",
        "mediation_result", "note",
    },
    "confirmations": {
        "id", "subject", "scope", "village_id", "year", "value", "confirmed_by", "confirmed_on",
        "note",
    },
}  # fmt: skip


def _age(birth: str, today: date = TODAY) -> int:
    """Whole years of age; a partial date counts from its earliest possible day."""
    y, m, d = (int(p) for p in (birth + "-01-01")[:10].split("-"))
    return today.year - y - ((today.month, today.day) < (m, d))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_same_arguments_give_identical_output() -> None:
    a = make_commune(households=80, years=2, seed=7, today=TODAY)
    b = make_commune(households=80, years=2, seed=7, today=TODAY)
    assert a == b


def test_different_seed_gives_different_output() -> None:
    a = make_commune(households=80, years=2, seed=7, today=TODAY)
    b = make_commune(households=80, years=2, seed=8, today=TODAY)
    assert [p["full_name"] for p in a.persons] != [p["full_name"] for p in b.persons]
    assert a.commune["id"] != b.commune["id"]


def test_counts_of_a_300_household_commune(commune: Commune) -> None:
    counts = summary(commune)
    assert counts["villages"] == 3
    assert counts["households"] == 300
    assert 1_050 <= counts["persons"] <= 1_350  # about 4 per household
    assert 3_200 <= counts["visits"] <= 4_000  # about 4 per household per year
    assert 65 <= counts["incidents"] <= 115  # about 0.1 per household per year
    # Three villages: two documents each and three for the commune, for 2023-2025.
    assert 24 <= counts["documents"] <= 27
    assert 4 <= counts["teams"] <= 11  # 1-3 per village, 1-2 for the commune
    assert 500 <= counts["team_activities"] <= 1_500
    assert 15 <= counts["confirmations"] <= 30


def test_default_village_count() -> None:
    assert default_village_count(300) == 3
    assert default_village_count(10_000) == 12
    assert default_village_count(1_000_000) == 24


def test_records_have_exactly_the_documented_keys(commune: Commune) -> None:
    assert set(commune.commune) == KEYS["commune"]
    for table in KEYS.keys() - {"commune"}:
        for record in getattr(commune, table):
            if table == "visits" and record["result"] == "dat":
                # A visit that passed every item keeps no checklist.
                assert set(record) == KEYS[table] - {"checklist"}
                continue
            assert set(record) == KEYS[table], table


def test_ids_are_unique_uuid4_strings(commune: Commune) -> None:
    ids = [commune.commune["id"]]
    for table in KEYS.keys() - {"commune"}:
        ids += [r["id"] for r in getattr(commune, table)]
    assert len(ids) == len(set(ids))
    uuid4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
    assert all(uuid4.match(i) for i in ids)


def test_every_string_is_nfc(commune: Commune) -> None:
    texts = _strings([commune.commune, *[getattr(commune, t) for t in KEYS if t != "commune"]])
    assert texts
    assert all(unicodedata.is_normalized("NFC", s) for s in texts)


def test_codes_are_unique(commune: Commune) -> None:
    village_codes = [v["code"] for v in commune.villages]
    assert len(set(village_codes)) == len(village_codes)
    assert all(re.fullmatch(r"[A-Z]{1,4}\d?", c) for c in village_codes)
    codes = [h["code"] for h in commune.households]
    assert len(set(codes)) == len(codes)
    by_id = {v["id"]: v["code"] for v in commune.villages}
    assert all(h["code"].startswith(by_id[h["village_id"]] + "-") for h in commune.households)
    assert all(re.fullmatch(r"[A-Z0-9]+-\d{4}", c) for c in codes)


def test_one_head_per_household_and_head_id_points_to_it(commune: Commune) -> None:
    persons = {p["id"]: p for p in commune.persons}
    heads = Counter(p["household_id"] for p in commune.persons if p["relation"] == "chu_ho")
    for household in commune.households:
        assert heads[household["id"]] == 1
        head = persons[household["head_id"]]
        assert head["relation"] == "chu_ho"
        assert head["household_id"] == household["id"]
        assert head["status"] != "deceased"
    sizes = Counter(p["household_id"] for p in commune.persons)
    assert set(sizes) == {h["id"] for h in commune.households}
    assert set(sizes.values()) <= set(range(1, 10))


def test_cccd_numbers_are_unique_and_match_sex_and_birth_year(commune: Commune) -> None:
    numbers = [p["cccd"] for p in commune.persons if p["cccd"]]
    assert len(numbers) == len(set(numbers))
    for person in commune.persons:
        if _age(person["birth"]) < 14:
            assert person["cccd"] == ""
            continue
        number = person["cccd"]
        assert re.fullmatch(r"\d{12}", number)
        check = check_cccd(number, person["sex"], int(person["birth"][:4]))
        assert check.ok and not check.warnings, (person, check)


def test_births_are_plausible(commune: Commune) -> None:
    shapes = Counter(len(p["birth"]) for p in commune.persons)
    assert set(shapes) <= {4, 7, 10}
    assert shapes[10] > shapes[7] > shapes[4] > 0  # mostly full dates, some partial
    assert all(p["birth"] <= TODAY.isoformat()[: len(p["birth"])] for p in commune.persons)
    by_household: dict[str, list[dict[str, Any]]] = {}
    for p in commune.persons:
        by_household.setdefault(p["household_id"], []).append(p)
    for members in by_household.values():
        couple = {"chu_ho", "vo", "chong"}
        parents = [int(p["birth"][:4]) for p in members if p["relation"] in couple]
        assert max(parents) - min(parents) <= 11, members  # spouses of similar age
        for child in (p for p in members if p["relation"] == "con_de"):
            assert all(18 <= int(child["birth"][:4]) - y <= 40 for y in parents), members


def test_persons_pass_the_domain_rules(commune: Commune) -> None:
    for person in commune.persons:
        raw = {k: person[k] for k in PERSON_FIELDS if k in person}
        cleaned = clean_person(raw, today=TODAY)
        assert cleaned.fields == raw
        assert not cleaned.warnings
        assert person["relation"] in vocab.RELATIONS
        assert person["sex"] in vocab.SEXES
        assert person["status"] in vocab.PERSON_STATUSES
        assert person["ethnicity"] in vocab.ETHNICITIES
        assert person["religion"] in vocab.RELIGIONS
    assert all(h["residence_status"] in vocab.RESIDENCE_STATUSES for h in commune.households)


def test_visits_and_incidents_fall_in_the_window(commune: Commune) -> None:
    start, end = "2022-11-16", TODAY.isoformat()
    village_of = {h["id"]: h["village_id"] for h in commune.households}
    for visit in commune.visits:
        assert start <= visit["date"] <= end
        assert visit["village_id"] == village_of[visit["household_id"]]
        assert visit["result"] in {"dat", "chua_dat"}
    for incident in commune.incidents:
        assert start <= incident["date"] <= end
        assert len(incident["household_ids"]) <= 2
        assert all(village_of[h] == incident["village_id"] for h in incident["household_ids"])
        assert not incident["category"].startswith("ANCT_")
    assert [v["date"] for v in commune.visits] == sorted(v["date"] for v in commune.visits)


def test_province_name_follows_the_2025_merger() -> None:
    before = make_commune(households=5, years=1, seed=3, today=date(2024, 12, 31))
    after = make_commune(households=5, years=1, seed=3, today=date(2025, 7, 1))
    names = (before.commune["province"], after.commune["province"])
    assert names in {(p.legacy_name, p.name) for p in PROVINCES}
    assert before.commune["legacy_district"] == after.commune["legacy_district"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"households": 0, "years": 1},
        {"households": 10, "years": 0},
        {"households": 10, "years": 1, "villages": 0},
        {"households": 10, "years": 1, "villages": 99},
    ],
)
def test_bad_sizes_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        make_commune(seed=1, today=TODAY, **kwargs)
