"""Tests for the generated documents, teams, team activities and confirmations
(antt_tui.generate.movement)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from antt_tui.generate import Commune, make_commune
from antt_tui.generate.movement import assessment_years
from tests.unit.generate.conftest import TODAY

MODELS = {
    "to_tu_quan", "5_tu_quan", "to_lien_gia", "camera_an_ninh", "tieng_keng", "dong_ho_tu_quan",
    "to_5_trong_1", "khac",
}  # fmt: skip


def _iso(text: str) -> date:
    return date.fromisoformat(text)


def test_assessment_years_cover_every_overlapping_window() -> None:
    assert assessment_years(date(2022, 11, 16), TODAY) == [2023, 2024, 2025, 2026]
    # 16/11 is still in the commune window of the year before.
    assert assessment_years(date(2022, 11, 15), date(2023, 1, 1)) == [2022, 2023]
    assert assessment_years(date(2024, 3, 1), date(2024, 3, 2)) == [2024]


def test_documents_per_year_and_unit(commune: Commune) -> None:
    kinds = Counter((d["scope"], d["village_id"], d["year"], d["kind"]) for d in commune.documents)
    assert max(kinds.values()) == 1
    years = {d["year"] for d in commune.documents}
    assert years == {2023, 2024, 2025}  # 2026's are not issued yet on 15/11/2025
    village_ids = {v["id"] for v in commune.villages}
    for doc in commune.documents:
        issued = _iso(doc["issued_on"])
        assert issued <= TODAY
        assert issued.year == doc["year"] and date(doc["year"], 1, 5) <= issued
        assert issued <= date(doc["year"], 4, 30)
        if doc["scope"] == "thon":
            assert doc["village_id"] in village_ids
            assert doc["kind"] in {"nghi_quyet", "dang_ky"}
            assert doc["issuer"].startswith(("Chi bộ ", "Ban công tác Mặt trận "))
        else:
            assert doc["scope"] == "xa" and doc["village_id"] == ""
            assert doc["kind"] in {"nghi_quyet", "ke_hoach", "dang_ky"}
            assert doc["issuer"].startswith(("Đảng ủy xã ", "UBND xã "))
        assert re.fullmatch(r"\d{2}(-NQ/(CB|ĐU)|/KH-UBND|/ĐK-(KDC|UBND))", doc["number"])
        assert doc["note"] == ""
    expected = 3 * (2 * len(commune.villages) + 3)
    assert expected * 0.9 <= len(commune.documents) <= expected  # about 3% are missing


def test_documents_are_mostly_on_time_in_a_large_commune() -> None:
    big = make_commune(households=500, years=3, seed=9, today=TODAY, villages=24)
    days = [_iso(d["issued_on"]) for d in big.documents]
    late = sum(d.month == 4 for d in days) / len(days)
    assert late <= 0.1
    assert sum(d <= date(d.year, 3, 25) for d in days) / len(days) >= 0.9
    expected = 3 * (2 * 24 + 3)
    assert 0.92 * expected <= len(days) < expected


def test_teams(commune: Commune) -> None:
    per_village = Counter(t["village_id"] for t in commune.teams)
    assert all(1 <= per_village[v["id"]] <= 3 for v in commune.villages)
    assert 1 <= per_village[""] <= 2
    for team in commune.teams:
        assert team["model"] in MODELS
        assert team["scope"] == ("xa" if team["village_id"] == "" else "thon")
        assert 5 <= team["members"] <= 20
        assert len(team["leader"].split()) >= 2
        assert _iso(team["established_on"]) <= TODAY
        if team["dissolved_on"]:
            assert team["established_on"] < team["dissolved_on"] <= TODAY.isoformat()
        assert team["note"] == ""
    village_names = {v["id"]: v["name"].split(maxsplit=1)[1] for v in commune.villages}
    for team in commune.teams:
        if team["village_id"]:
            assert team["name"].endswith(village_names[team["village_id"]])


def test_team_activities_happen_only_while_the_team_exists(commune: Commune) -> None:
    teams = {t["id"]: t for t in commune.teams}
    for act in commune.team_activities:
        team = teams[act["team_id"]]
        assert act["village_id"] == team["village_id"]
        assert team["established_on"] <= act["date"] <= TODAY.isoformat()
        assert act["date"] >= "2022-11-16"
        if team["dissolved_on"]:
            assert act["date"] <= team["dissolved_on"]
        kind = act["kind"]
        assert kind in {"tuan_tra", "hop", "hoa_giai", "tuyen_truyen"}
        assert act["shifts"] == (1 if kind == "tuan_tra" else 0)
        assert (2 <= act["officer_turns"] <= 6) if kind == "tuan_tra" else act["officer_turns"] == 0
        if kind in ("hop", "tuyen_truyen"):
            assert 10 <= act["attendance"] <= 80
        else:
            assert act["attendance"] == 0
        if kind == "hoa_giai":
            assert act["mediation_result"] in {"thanh", "khong_thanh"}
        else:
            assert act["mediation_result"] == ""
        assert act["note"]
    dates = [a["date"] for a in commune.team_activities]
    assert dates == sorted(dates)


def test_team_activity_volume(commune: Commune) -> None:
    kinds = Counter(a["kind"] for a in commune.team_activities)
    patrol_teams = {a["team_id"] for a in commune.team_activities if a["kind"] == "tuan_tra"}
    # About weekly for each patrolling team over three years.
    assert 100 * len(patrol_teams) <= kinds["tuan_tra"] <= 160 * len(patrol_teams)
    assert kinds["hop"] >= 20 * len(commune.teams)
    # A few mediations a year per village.
    assert 3 * len(commune.villages) <= kinds["hoa_giai"] <= 20 * len(commune.villages)
    mediations = [a for a in commune.team_activities if a["kind"] == "hoa_giai"]
    assert sum(a["mediation_result"] == "thanh" for a in mediations) / len(mediations) >= 0.6


def test_confirmations_only_for_finished_windows(commune: Commune) -> None:
    subjects = {
        "thon": {"luc_luong_hoan_thanh", "thuc_hien_chu_truong"},
        "xa": {
            "cong_an_xa_tien_tien",
            "khong_xa_trong_diem",
            "thuc_hien_chu_truong",
            "luc_luong_hoan_thanh",
            "khong_ky_luat",
        },
    }
    seen = Counter()
    for c in commune.confirmations:
        assert c["subject"] in subjects[c["scope"]]
        assert (c["village_id"] == "") == (c["scope"] == "xa")
        confirmed = _iso(c["confirmed_on"])
        assert confirmed <= TODAY and confirmed.month == 11 and confirmed.year == c["year"]
        end = date(c["year"], 10, 31) if c["scope"] == "thon" else date(c["year"], 11, 15)
        assert end < confirmed
        assert isinstance(c["value"], bool)
        assert c["confirmed_by"]
        assert (c["note"] == "") == c["value"]
        seen[(c["scope"], c["village_id"], c["year"], c["subject"])] += 1
    assert max(seen.values()) == 1
    # Windows 2023 and 2024 are complete; the commune window of 2025 ends on 15/11/2025.
    for year in (2023, 2024):
        for village in commune.villages:
            for subject in subjects["thon"]:
                assert seen[("thon", village["id"], year, subject)] == 1
        for subject in subjects["xa"]:
            assert seen[("xa", "", year, subject)] == 1
    assert not any(c["scope"] == "xa" and c["year"] == 2025 for c in commune.confirmations)
    assert sum(c["value"] for c in commune.confirmations) / len(commune.confirmations) >= 0.8


def test_nothing_is_dated_after_today() -> None:
    """An earlier `today` moves every date with it (follow-ups are appointments, left out)."""
    today = date(2024, 2, 20)
    small = make_commune(households=60, years=2, seed=3, today=today)
    fields = {
        "visits": ("date",),
        "incidents": ("date",),
        "commitments": ("signed_on",),
        "documents": ("issued_on",),
        "teams": ("established_on", "dissolved_on"),
        "team_activities": ("date",),
        "confirmations": ("confirmed_on",),
    }
    for table, keys in fields.items():
        for record in getattr(small, table):
            for key in keys:
                assert record[key] <= today.isoformat(), (table, record)
    # Mid-Q1: some of this year's documents exist already, none after today.
    assert any(d["year"] == 2024 for d in small.documents)
