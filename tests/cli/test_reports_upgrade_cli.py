"""Reports issued by an earlier version survive an upgrade: `verify` compares what that
version computed (not the figures added or counted better since), and `print` gives the
issued PDF byte for byte.

`tests/data/report-v1/` was written by the version before figures and documents carried a
format (see tests/data/README.md): a monthly village report, a quarterly and an annual
commune report, issued on 2026-11-20 with their PDFs.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import run, run_json

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "report-v1"
ISSUED = {  # file → (number, what)
    "thang-10-dong-ha-so-05.pdf": (5, "tháng 10 năm 2026 — Thôn Đông Hạ"),
    "quy-3-xa-so-12.pdf": (12, "quý III năm 2026 — Xã Tân Lập"),
    "nam-2026-xa-so-20.pdf": (20, "năm 2026 — Xã Tân Lập"),
}


@pytest.fixture
def old_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the database with the three reports issued by the earlier version."""
    db = tmp_path / "cu"
    shutil.copytree(FIXTURE / "database", db)
    monkeypatch.setenv("ANTT_DB", str(db))
    return db


def issued() -> dict[int, dict]:
    return {r["number"]: r for r in run_json("report", "list")}


def stored(db: Path) -> list[dict]:
    """The issued reports as the table file holds them (document and figures too)."""
    table = json.loads((db / "tables" / "reports.json").read_text("utf-8"))
    return list(table["_default"].values())


def test_old_reports_verify_unchanged_and_reprint_byte_for_byte(old_db: Path,
                                                                tmp_path: Path) -> None:
    reports = issued()
    assert sorted(reports) == [5, 12, 20]
    for name, (number, label) in ISSUED.items():
        original = FIXTURE / name
        assert reports[number]["label"] == label
        assert reports[number]["pdf_hash"] == hashlib.sha256(original.read_bytes()).hexdigest()
        said = run("report", "verify", original).stdout  # exit code 0
        assert "Tệp đúng là bản đã ban hành (không bị sửa)." in said, name
        assert "Số liệu hiện nay khớp với báo cáo." in said, name
        code = reports[number]["doc_hash"][:16]
        assert "khớp" in run("report", "verify", "--ma", code).stdout
        again = tmp_path / f"in-lai-{name}"
        run("report", "print", code, "-o", again)
        assert again.read_bytes() == original.read_bytes(), name


def test_the_old_annual_report_keeps_its_window_and_a_new_one_counts_the_right_one(
        old_db: Path) -> None:
    # The earlier version counted the 2026 annual report's "lũy kế kỳ đánh giá" from
    # 16/11/2026 (one theft, on 17/11); the criteria judge 16/11/2025 – 15/11/2026.
    [annual] = [r for r in stored(old_db) if r["number"] == 20]
    assert "format" not in annual["figures"] and "format_version" not in annual["document"]
    assert annual["figures"]["incidents"][-1]["window_to_date"] == 1
    assert "khớp" in run("report", "verify", "--ma", issued()[20]["doc_hash"][:16]).stdout
    new = run_json("report", "annual", "--commune", "--period", "2026")
    assert new["format"] == 2
    assert new["spans"]["window_to_date"] == ["2025-11-16", "2026-11-15"]
    assert new["incidents"][-1]["window_to_date"] == 5


def test_a_late_incident_shows_only_itself_and_version_2_lists_it_in_words(
        old_db: Path, tmp_path: Path) -> None:
    run("incident", "add", "-t", "DH", "--date", "20/10/2026", "--category",
        "TP_TTXH_TROM_CAP", "--note", "Báo muộn")
    code = issued()[5]["doc_hash"][:16]
    late = run("report", "verify", "--ma", code, code=4).stdout
    changes = [line for line in late.splitlines() if line.startswith("  - ")]
    assert changes == ["  - Vụ việc “Tội phạm về trật tự xã hội”, kỳ này: 2 → 3",
                       "  - Vụ việc “Tội phạm về trật tự xã hội”, lũy kế từ đầu năm: 2 → 3",
                       "  - Vụ việc “Tội phạm về trật tự xã hội”, lũy kế kỳ đánh giá: 2 → 3",
                       "  - Tổng số vụ việc, kỳ này: 2 → 3",
                       "  - Tổng số vụ việc, lũy kế từ đầu năm: 2 → 3",
                       "  - Tổng số vụ việc, lũy kế kỳ đánh giá: 3 → 4",
                       "  - Vụ việc tháng 10 năm nay: 2 → 3"]
    # Version 2 is a report of today's format, with the changes in the old one's terms.
    run("report", "settings", "--village", "DH", "--nguoi-ky", "Lê Văn Tư")
    v2 = tmp_path / "v2.pdf"
    run("report", "monthly", "--village", "DH", "--period", "2026-10", "--so", 5,
        "--as-of", "05/11/2026", "--ngay-ky", "21/11/2026", "-o", v2)
    [second] = [r for r in run_json("report", "list") if r["version"] == 2]
    [new] = [r for r in stored(old_db) if r["version"] == 2]
    assert new["figures"]["format"] == 2 and new["document"]["format_version"] == 2
    assert second["changes"] == [[name, a, b] for name, a, b in (
        ("incidents.Tội phạm về trật tự xã hội.now", 2, 3),
        ("incidents.Tội phạm về trật tự xã hội.year_to_date", 2, 3),
        ("incidents.Tội phạm về trật tự xã hội.window_to_date", 2, 3),
        ("incidents.Tổng số.now", 2, 3), ("incidents.Tổng số.year_to_date", 2, 3),
        ("incidents.Tổng số.window_to_date", 3, 4), ("monthly.0.9", 2, 3))]
    assert "khớp" in run("report", "verify", v2).stdout
