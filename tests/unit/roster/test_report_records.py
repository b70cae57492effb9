"""What the reports keep in the database (roster/reports.py), through the report workflow
both front ends call (`Session.reports`): settings and issued reports, each one journal entry,
and nothing saved when they are refused."""

from __future__ import annotations

from datetime import date

import pytest

from antt_tui.domain.errors import ValidationError
from antt_tui.reports.settings import SignerMissing
from antt_tui.reports.workflow import ReportRequest, issued_text
from antt_tui.roster.reports import ReportRecords
from antt_tui.session import Session


def last_entry(s: Session) -> dict:
    from antt_tui.storage.journal import device_segments, read_segment

    entries = [e for device in s.store.journal_dir.iterdir() if device.is_dir()
               for segment in device_segments(device) for e in read_segment(segment.path)]
    return max(entries, key=lambda e: e["hlc"])


def test_settings_are_one_entry_and_read_back(commune: Session) -> None:
    s = commune
    reports = s.reports()
    seq = s.store.journal.last_seq
    stored = reports.save_settings("", {"signer_name": "Nguyễn Văn Ba", "boundary_day": 15})
    assert s.store.journal.last_seq == seq + 1
    entry = last_entry(s)
    assert (entry["ev"], entry["sum"]) == (
        "settings.report", "Thiết lập báo cáo của Xã Tân Lập: Người ký, Ngày bắt đầu kỳ báo cáo")
    assert stored == {"signer_name": "Nguyễn Văn Ba", "boundary_day": 15}
    assert s.store.get("settings", "report:xa")["boundary_day"] == 15
    assert reports.settings("").signer_name == "Nguyễn Văn Ba"
    assert (reports.boundary_day(""), reports.stored_settings("")) == (15, stored)
    assert ReportRecords(s.roster).save_settings("report:xa", {}, summary="") == stored
    assert s.store.journal.last_seq == seq + 1  # nothing to save: no entry


@pytest.mark.parametrize("changes", [{"boundary_day": 31}, {"issuing_body": "  "},
                                     {"colour": "đỏ"}])
def test_bad_settings_save_nothing(commune: Session, changes: dict) -> None:
    before = commune.store.state_hash()
    with pytest.raises(ValidationError):
        commune.reports().save_settings("", changes)
    assert commune.store.state_hash() == before


def test_an_issued_report_is_one_entry_and_refusals_save_nothing(commune: Session) -> None:
    s = commune
    reports = s.reports()
    request = ReportRequest(kind="thang", spec="2026-10", scope="", as_of=date(2026, 11, 5),
                            number=5, issued_on=date(2026, 11, 5))
    before = s.store.state_hash()
    with pytest.raises(SignerMissing):
        reports.issue(request)
    assert s.store.state_hash() == before
    reports.save_settings("", {"signer_name": "Nguyễn Văn Ba"})
    seq = s.store.journal.last_seq
    issued = reports.issue(request, render=lambda doc: b"%PDF")
    assert s.store.journal.last_seq == seq + 1
    entry = last_entry(s)
    assert (entry["ev"], entry["sum"]) == (
        "report.issue", "Ban hành báo cáo Số: 05/BC-CAX (tháng 10 năm 2026 — Xã Tân Lập, "
                        "phiên bản 1)")
    assert issued_text(issued) == (f"Đã ban hành báo cáo số 05 (tháng 10 năm 2026 — Xã Tân "
                                   f"Lập, phiên bản 1, mã kiểm tra {issued.doc_hash[:16]})")
    records = ReportRecords(s.roster)
    assert [r["id"] for r in records.issued()] == [issued.id]
    assert records.issued_report(issued.id)["doc_hash"] == issued.doc_hash
    assert records.issued_report("khong-co") is None
    assert reports.register.get(issued.doc_hash[:12]).id == issued.id
    before = s.store.state_hash()
    with pytest.raises(ValidationError, match="số liệu không đổi"):
        reports.issue(request)
    assert s.store.state_hash() == before
    with pytest.raises(ValueError):
        reports.issue(ReportRequest(kind="thang", spec="2026-10", scope="",
                                    as_of=date(2026, 11, 5), number=None,
                                    issued_on=date(2026, 11, 5)))
