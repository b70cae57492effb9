"""The benchmarks in scripts/ still run against today's code (on a small commune, one run of
each: a smoke check, not a measurement; the figures are read from the full runs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def run(*argv: str) -> str:
    done = subprocess.run([sys.executable, *argv], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.slow
def test_the_benchmarks_run_on_a_small_commune(tmp_path: Path) -> None:
    table = run(str(SCRIPTS / "bench.py"), "--smoke", "--dir", str(tmp_path))
    assert "300 households" in table
    for row in ("cold open → first query", "durable save", "search query",
                "full commune evaluation, again", "annual commune report",
                "sync: merge that month at the commune", "roster export, biggest village",
                "roster import 300 people: import", "open, long journal / fresh"):
        assert row in table, row
    tui = run(str(SCRIPTS / "bench_tui.py"), "--dir", str(tmp_path), "--runs", "1")
    for row in ("start → usable household list", "search keystroke", "open a household"):
        assert row in tui, row
