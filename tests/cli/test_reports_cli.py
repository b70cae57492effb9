"""`antt report`: drafts, issuing, reprinting and verifying, read back with pdftotext
(working day 2026-11-20)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from antt_tui.session import Session
from tests.cli.helpers import run, run_json

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="needs pdftotext (poppler-utils; .ci/run installs it)")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True, encoding="utf-8").stdout


def test_a_draft_prints_the_computed_figures(report_db: Session, tmp_path: Path) -> None:
    figures = run_json("report", "monthly", "--village", "DH", "--period", "2026-10")
    out = tmp_path / "draft.pdf"
    run("report", "monthly", "--village", "DH", "--period", "2026-10", "-o", out)
    text = pdf_text(out)
    flat = " ".join(text.split())
    assert "BÁO CÁO" in flat and "tháng 10 năm 2026" in flat
    assert "Bản nháp, chưa ban hành" in flat
    total = figures["incidents"][-1]
    assert total["now"] == 2 and total["before"] == 0
    assert ("Số liệu trong báo cáo này tính đến ngày 31 tháng 10 năm 2026. Thôn Đông Hạ có "
            f"{figures['households']['thuong_tru'] + figures['households']['tam_tru']} hộ") in flat
    theft = next(c for c in figures["incidents"] if c["label"] == "Tội phạm về trật tự xã hội")
    line = next(row for row in text.splitlines() if "Tội phạm về trật tự xã hội" in row)
    assert line.split()[-6:] == [str(theft["now"]), str(theft["before"]), "+2", "tăng",
                                 str(theft["year_to_date"]), str(theft["window_to_date"])]
    assert "Số: /BC-TH" in flat  # the number is written by hand on a draft


def test_issue_reprint_verify_and_version_2(report_db: Session, tmp_path: Path) -> None:
    issued = tmp_path / "bc-05.pdf"
    said = run("report", "monthly", "--commune", "--period", "2026-10", "--so", 5,
               "-o", issued).stdout
    assert said.startswith("Đã ban hành báo cáo số 05 (tháng 10 năm 2026 — Xã Tân Lập")
    [row] = run_json("report", "list")
    code = row["doc_hash"][:16]
    text = " ".join(pdf_text(issued).split())
    assert f"mã kiểm tra {code}" in text and "Số: 05/BC-CAX" in text
    # The QR code of the check code is on every page (one image, drawn on each page).
    images = subprocess.run(["pdfimages", "-list", str(issued)], check=True,
                            capture_output=True, text=True).stdout.splitlines()[2:]
    pages = int(subprocess.run(["pdfinfo", str(issued)], check=True, capture_output=True,
                               text=True).stdout.split("Pages:")[1].split()[0])
    assert len(images) == pages
    again = tmp_path / "again.pdf"
    run("report", "print", code, "-o", again)
    assert again.read_bytes() == issued.read_bytes()
    ok = run("report", "verify", issued).stdout
    assert "Tệp đúng là bản đã ban hành" in ok and "Số liệu hiện nay khớp" in ok
    # A theft of 30/10 reported late.
    run("incident", "add", "-t", "TL", "--date", "30/10/2026", "--category",
        "TP_TTXH_TROM_CAP")
    late = run("report", "verify", issued, code=4).stdout
    assert "Số liệu đã thay đổi sau khi ban hành" in late
    assert "  - Tổng số vụ việc, kỳ này: 2 → 3" in late.splitlines()
    v2 = tmp_path / "bc-05-v2.pdf"
    run("report", "monthly", "--commune", "--period", "2026-10", "--so", 5, "-o", v2)
    text2 = " ".join(pdf_text(v2).split())
    assert "phiên bản 2" in text2
    assert "NHỮNG THAY ĐỔI SO VỚI PHIÊN BẢN 1" in text2
    assert re.search(r"Tổng số vụ việc, kỳ này\s+2\s+3", pdf_text(v2))
    for name in (issued, v2):  # a document names no command
        assert not re.search(r"antt|--\w|verify", pdf_text(name)), name
    assert [r["version"] for r in run_json("report", "list")] == [1, 2]
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(issued.read_bytes() + b"%")
    assert "không phải một báo cáo đã ban hành" in run("report", "verify", tampered,
                                                        code=1).stderr


@pytest.mark.parametrize(("args", "fragment"), [
    (("monthly", "--period", "2026-10"), "Chọn --village"),
    (("monthly", "--village", "DH", "--commune", "--period", "2026-10"), "Chọn --village"),
    (("monthly", "--village", "DH", "--period", "10/2026"), "2026-10"),
    (("quarterly", "--commune", "--period", "2026-Q5"), "2026-Q3"),
    (("verify",), "Cho tệp PDF"),
    (("print", "khongco12", "-o", "x.pdf"), "Không tìm thấy báo cáo"),
])
def test_bad_requests_get_a_message(report_db: Session, args: tuple[str, ...], fragment: str) -> None:
    result = run("report", *args, code=1)
    assert result.stderr.startswith("Lỗi: ") and fragment in result.stderr


def test_settings_are_set_once_and_used(report_db: Session, tmp_path: Path) -> None:
    run("report", "settings", "--nguoi-ky", "Nguyễn Văn Ba", "--chuc-vu", "KT. TRƯỞNG CÔNG AN XÃ",
        "--chuc-vu", "PHÓ TRƯỞNG CÔNG AN XÃ", "--ngay-chot", 15)
    shown = run("report", "settings").stdout
    assert "Người ký                   Nguyễn Văn Ba" in shown
    assert "KT. TRƯỞNG CÔNG AN XÃ / PHÓ TRƯỞNG CÔNG AN XÃ" in shown
    figures = run_json("report", "monthly", "--commune", "--period", "2026-10")
    assert (figures["period"]["start"], figures["period"]["end"]) == ("2026-09-15",
                                                                     "2026-10-14")
    out = tmp_path / "x.pdf"
    run("report", "monthly", "--commune", "--period", "2026-10", "-o", out)
    text = " ".join(pdf_text(out).split())
    assert "PHÓ TRƯỞNG CÔNG AN XÃ" in text and "Nguyễn Văn Ba" in text
    assert "Ngày bắt đầu kỳ báo cáo phải từ 1 đến 28" in run(
        "report", "settings", "--ngay-chot", 40, code=1).stderr
