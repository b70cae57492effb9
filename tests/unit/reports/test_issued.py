"""Issued reports: frozen with their hash, reprinted identically, verified against today's
records; a late incident makes version 2 with the list of what changed."""

from __future__ import annotations

import dataclasses
from datetime import date

import orjson
import pytest

from antt_tui.domain.errors import NotFound, ValidationError
from antt_tui.reports.issued import IssuedReports, content_hash, from_data, to_data
from tests.unit.criteria.scenario import Town


def fake_render(doc) -> bytes:
    """A stand-in for the PDF: the document's bytes (the PDF tests cover the real one)."""
    return orjson.dumps(to_data(doc), option=orjson.OPT_SORT_KEYS)


def register(town: Town) -> IssuedReports:
    return IssuedReports(town.roster, town.facts)


def issue(town: Town, **over):
    kwargs = dict(kind="thang", spec="2026-10", scope=town.vid(), number=5,
                  as_of=date(2026, 11, 5), issued_on=date(2026, 11, 5), render=fake_render)
    return register(town).issue(**{**kwargs, **over})


def test_issue_stores_the_document_and_its_hash_in_one_entry(town: Town) -> None:
    town.incident("15/10/2026", "TP_TTXH_TROM_CAP")
    seq = town.store.journal.last_seq
    report = issue(town)
    assert town.store.journal.last_seq == seq + 1
    stored = register(town).get(report["id"])
    doc = register(town).document(stored)
    assert doc.header.number == "Số: 05/BC-TH"
    assert content_hash(doc) == stored["doc_hash"]
    assert stored["doc_hash"][:16] in doc.footer_note
    assert "phiên bản 1" in doc.footer_note
    # Reprinting renders the stored document: the same bytes as when it was issued.
    assert fake_render(doc) == report["pdf"]
    assert register(town).get(stored["doc_hash"][:12])["id"] == report["id"]
    assert from_data(to_data(doc)) == doc


def test_verify_finds_the_file_and_sees_late_changes(town: Town) -> None:
    town.incident("15/10/2026", "TP_TTXH_TROM_CAP")
    report = issue(town)
    reports = register(town)
    found = reports.find_by_pdf(report["pdf"])
    assert found is not None and found["id"] == report["id"]
    check = reports.verify(found, report["pdf"])
    assert check.file_matches and check.current
    assert reports.verify(found, report["pdf"] + b" ").file_matches is False
    # A late incident of October, recorded after the report was issued.
    town.incident("20/10/2026", "TP_TTXH_TROM_CAP")
    check = register(town).verify(found, report["pdf"])
    assert check.file_matches and not check.current
    changed = dict((name, (a, b)) for name, a, b in check.changes)
    assert changed["incidents.Tội phạm về trật tự xã hội.now"] == (1, 2)
    assert changed["incidents.Tổng số.now"] == (1, 2)


def test_reissuing_after_late_data_makes_version_2_with_the_changes(town: Town) -> None:
    town.incident("15/10/2026", "TP_TTXH_TROM_CAP")
    issue(town)
    with pytest.raises(ValidationError, match="số liệu không đổi"):
        issue(town, issued_on=date(2026, 11, 10))
    town.incident("20/10/2026", "TP_TTXH_TROM_CAP")
    second = issue(town, issued_on=date(2026, 11, 10), as_of=date(2026, 11, 10))
    assert second["version"] == 2
    doc = register(town).document(second)
    assert doc.summary.endswith("(phiên bản 2)")
    last = doc.blocks[-1]
    assert ("incidents.Tổng số.now", "1", "2") in last.rows
    assert "phiên bản 2" in doc.footer_note
    assert [r["version"] for r in register(town).list()] == [1, 2]


def test_a_number_is_used_once_a_year(town: Town) -> None:
    issue(town)
    with pytest.raises(ValidationError, match="Số 05 năm 2026 đã dùng"):
        issue(town, spec="2026-09")
    assert issue(town, spec="2026-09", number=6)["number"] == 6
    with pytest.raises(NotFound):
        register(town).get("khong-co-bao-cao")


def test_the_hash_ignores_the_footer_only(town: Town) -> None:
    report = issue(town)
    doc = register(town).document(report)
    assert content_hash(dataclasses.replace(doc, footer_note="khác")) == report["doc_hash"]
    assert content_hash(dataclasses.replace(doc, kind="BÁO CÁO KHÁC")) != report["doc_hash"]
