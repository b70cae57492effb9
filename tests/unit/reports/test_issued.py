"""Issued reports: frozen with their hash, reprinted identically, verified against today's
records; a late incident makes version 2 with the list of what changed."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date

import orjson
import pytest

from antt_tui.domain.errors import NotFound, ValidationError
from antt_tui.reports import settings as report_settings
from antt_tui.reports.document import NewerFormat, Signature
from antt_tui.reports.figures import compute
from antt_tui.reports.issued import IssuedReports, content_hash, from_data, to_data
from antt_tui.reports.periods import period
from antt_tui.reports.settings import ReportSettings, missing_signer
from tests.unit.criteria.scenario import Town

SETTINGS = ReportSettings("UBND XÃ TÂN LẬP", "THÔN ĐÔNG HẠ", "TH", "Tân Lập",
                          ("TRƯỞNG THÔN",), "Trần Văn Lộc", ("Lưu: Thôn.",))


def fake_render(doc) -> bytes:
    """A stand-in for the PDF: the document's bytes (the PDF tests cover the real one)."""
    return orjson.dumps(to_data(doc), option=orjson.OPT_SORT_KEYS)


def register(town: Town) -> IssuedReports:
    return town.reports().register


@pytest.fixture(autouse=True)
def signer(town: Town) -> None:
    """The village's reports are signed by its head (a report is issued only with one)."""
    town.reports().save_settings(town.vid(), {"signer_name": "Trần Văn Lộc"})


def issue(town: Town, **over):
    kwargs = dict(kind="thang", spec="2026-10", scope=town.vid(), number=5,
                  as_of=date(2026, 11, 5), issued_on=date(2026, 11, 5), render=fake_render)
    return register(town).issue(**{**kwargs, **over})


def test_issue_stores_the_document_and_its_hash_in_one_change(town: Town) -> None:
    town.incident("15/10/2026", "TP_TTXH_TROM_CAP")
    saved = len(town.archive.saves)
    report = issue(town)
    assert town.archive.saves[saved:] == [
        "Ban hành báo cáo Số: 05/BC-TH (tháng 10 năm 2026 — Thôn Đông Hạ, phiên bản 1)"]
    stored = register(town).get(report.id)
    doc = register(town).document(stored)
    assert doc.header.number == "Số: 05/BC-TH"
    assert content_hash(doc) == stored.doc_hash
    assert doc.footer_note == f"Số: 05/BC-TH · phiên bản 1 · mã kiểm tra {stored.doc_hash[:16]}"
    assert doc.signature.name == "Trần Văn Lộc"
    assert doc.format_version == 2 and stored.figures["format"] == 2
    # Reprinting renders the stored document: the same bytes as when it was issued.
    assert fake_render(doc) == report.pdf
    assert register(town).get(stored.doc_hash[:12]).id == report.id
    assert from_data(to_data(doc)) == doc


def test_verify_finds_the_file_and_sees_late_changes(town: Town) -> None:
    town.incident("15/10/2026", "TP_TTXH_TROM_CAP")
    report = issue(town)
    reports = register(town)
    found = reports.find_by_pdf(report.pdf)
    assert found is not None and found.id == report.id
    check = reports.verify(found, report.pdf)
    assert check.file_matches and check.current
    assert reports.verify(found, report.pdf + b" ").file_matches is False
    # A late incident of October, recorded after the report was issued.
    town.incident("20/10/2026", "TP_TTXH_TROM_CAP")
    check = register(town).verify(found, report.pdf)
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
    assert second.version == 2
    doc = register(town).document(second)
    assert doc.summary.endswith("(phiên bản 2)")
    last = doc.blocks[-1]
    assert last.title == "Bảng 3. Số liệu thay đổi so với phiên bản 1"
    assert ("Tổng số vụ việc, kỳ này", "1", "2") in last.rows
    assert ("Vụ việc “Tội phạm về trật tự xã hội”, kỳ này", "1", "2") in last.rows
    assert "phiên bản 2" in doc.footer_note
    assert [r.version for r in register(town).list()] == [1, 2]


def test_a_number_is_used_once_a_year(town: Town) -> None:
    issue(town)
    with pytest.raises(ValidationError, match="Số 05 năm 2026 đã dùng"):
        issue(town, spec="2026-09")
    assert issue(town, spec="2026-09", number=6).number == 6
    with pytest.raises(NotFound):
        register(town).get("khong-co-bao-cao")


def test_the_hash_ignores_the_footer_only(town: Town) -> None:
    report = issue(town)
    doc = register(town).document(report)
    assert content_hash(dataclasses.replace(doc, footer_note="khác")) == report.doc_hash
    assert content_hash(dataclasses.replace(doc, kind="BÁO CÁO KHÁC")) != report.doc_hash


def test_no_report_is_issued_without_a_signer(town: Town) -> None:
    commune = dict(kind="quy", spec="2026-Q3", scope="", number=12)
    saved = len(town.archive.saves)
    with pytest.raises(report_settings.SignerMissing) as refused:
        issue(town, **commune)
    assert refused.value.errors == {"signer_name": "Báo cáo chưa có họ tên người ký."}
    assert len(town.archive.saves) == saved and register(town).list() == []
    town.reports().save_settings("", {"signer_name": "Nguyễn Văn Ba"})
    doc = register(town).document(issue(town, **commune))
    assert doc.signature == Signature(("TRƯỞNG CÔNG AN XÃ",), "Nguyễn Văn Ba")


def test_missing_signer_names_what_is_missing() -> None:
    assert missing_signer(replace(SETTINGS, signer_name=" ")) == {
        "signer_name": "Báo cáo chưa có họ tên người ký."}
    assert set(missing_signer(replace(SETTINGS, signer_name="", signer_authority=()))) == {
        "signer_name", "signer_authority"}
    assert missing_signer(SETTINGS) == {}


def test_stored_documents_without_a_format_are_format_1(town: Town) -> None:
    report = issue(town)
    data = dict(report.document)
    assert from_data(data).format_version == 2
    del data["format_version"]  # as the first version stored it
    old = from_data(data)
    assert old.format_version == 1
    assert dataclasses.replace(old, format_version=2) == from_data(dict(report.document))


def test_verify_computes_the_figures_of_the_report_s_own_format(town: Town) -> None:
    town.incident("20/12/2025", "TNXH_CO_BAC")
    town.incident("14/10/2026", "VA_CHAM_GT")
    report = issue(town, kind="nam", spec="2026", number=20, as_of=date(2026, 12, 31),
                   issued_on=date(2026, 12, 31))
    reports = register(town)
    assert reports.verify(report).current
    # The same report as the first version stored it: its figures in format 1.
    old_figures = compute(town.facts(), town.vid(), period("nam", "2026"), date(2026, 12, 31),
                          with_criteria=True, with_lists=False, figures_format=1).to_json()
    assert "format" not in old_figures and "accidents_now" not in old_figures["traffic"]
    assert old_figures["incidents"][-1]["window_to_date"] == 0   # from 01/11/2026
    assert report.figures["incidents"][-1]["window_to_date"] == 2
    old = replace(report, figures=old_figures)
    assert reports.verify(old).current
    # Format 1 counted traffic without minor collisions: a late collision changes nothing it
    # printed about traffic, but the group's count in the security table.
    town.incident("15/10/2026", "VA_CHAM_GT")
    names = [name for name, _, _ in reports.verify(old).changes]
    assert "traffic.cases_now" not in names
    assert "incidents.Tai nạn, va chạm giao thông.now" in names
    assert "traffic.collisions_now" in [n for n, _, _ in reports.verify(report).changes]


def test_a_report_of_a_newer_version_is_refused_in_words(town: Town) -> None:
    report = issue(town)
    newer = replace(report, figures={**report.figures, "format": 3})
    with pytest.raises(NewerFormat, match="Số liệu của báo cáo dạng 3 do phiên bản mới hơn"):
        register(town).verify(newer)
