"""Fixtures shared by the CLI tests."""

from __future__ import annotations

import pytest

from antt_tui.session import Session
from tests.cli.helpers import run


@pytest.fixture
def report_db(commune: Session) -> Session:
    """Xã Tân Lập (DH, TL), DH-0001 signed for 2026, two thefts in October 2026 in DH; the
    commune's and DH's reports have their signers (a report is issued only with one)."""
    commune.close()
    run("report", "settings", "--nguoi-ky", "Nguyễn Văn Ba")
    run("report", "settings", "--village", "DH", "--nguoi-ky", "Trần Văn Lộc")
    run("commit", "sign", "DH-0001", "--year", 2026, "--date", "15/02/2026",
        "--signer", "Nguyễn Văn An")
    for day in ("05/10/2026", "25/10/2026"):
        run("incident", "add", "-t", "DH", "--date", day, "--category", "TP_TTXH_TROM_CAP",
            "--note", "Mất trộm xe máy")
    return commune
