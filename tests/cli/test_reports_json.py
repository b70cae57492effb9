"""`antt report list --json` and `antt report monthly … --so N --json` print the issued
reports exactly as they did when the register handed out the stored dicts: the same keys in
the same order and the same values (reports/record.py `IssuedReport.to_json`), read here from
the records as stored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from antt_tui.paths import Paths
from antt_tui.session import Session
from tests.cli.helpers import run

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "report-v1"


def stored_reports(database: Path, paths: Paths) -> list[dict[str, Any]]:
    """The issued reports as the store holds them (not deleted), oldest first: what the
    register listed before it handed out typed records."""
    with Session.open(database, paths=paths) as s:
        rows = [dict(r) for r in s.store.records("reports") if not r.get("deleted")]
    return sorted(rows, key=lambda r: (r.get("issued_on", ""), r.get("number", 0),
                                       r.get("version", 0)))


def old_list_view(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`report list --json` as it was: each stored report without its document and figures."""
    return [{k: v for k, v in r.items() if k not in ("document", "figures")} for r in rows]


def _same(stdout: str, expected: Any) -> None:
    # Key order too: the CLI serialises the dict it is given as it is.
    assert json.dumps(json.loads(stdout), ensure_ascii=False) == json.dumps(
        expected, ensure_ascii=False)


def test_issue_and_list_json_unchanged(report_db: Session, paths: Paths) -> None:
    issued: list[tuple[int, int, str]] = []  # (number, version, stdout of the issue)

    def issue(*args: Any, number: int, version: int) -> None:
        out = run("report", "monthly", "--period", "2026-10", "--so", number, *args,
                  "--json").stdout
        issued.append((number, version, out))

    issue("--commune", number=5, version=1)
    issue("--village", "DH", "--ton-tai", "Còn 1 hộ chưa ký cam kết.", number=6, version=1)
    # A late incident of October: the commune's report again, version 2 with its changes.
    run("incident", "add", "-t", "DH", "--date", "28/10/2026", "--category",
        "TP_TTXH_TROM_CAP", "--note", "Mất trộm xe đạp")
    issue("--commune", number=5, version=2)
    rows = stored_reports(paths.database, paths)
    assert [(r["number"], r["version"]) for r in rows] == [(5, 1), (5, 2), (6, 1)]
    assert next(r for r in rows if r["version"] == 2)["changes"]
    by_issue = {(r["number"], r["version"]): r for r in rows}
    for number, version, out in issued:
        _same(out, by_issue[number, version]["figures"])
    _same(run("report", "list", "--json").stdout, old_list_view(rows))


def test_list_json_of_reports_issued_by_an_earlier_version_unchanged(
        tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "cu"
    shutil.copytree(FIXTURE / "database", db)
    monkeypatch.setenv("ANTT_DB", str(db))
    listed = run("report", "list", "--json").stdout
    rows = stored_reports(db, paths)
    assert len(rows) == 3
    _same(listed, old_list_view(rows))
