"""The layers of STYLE.md hold (import-linter, the contracts in pyproject.toml) and no module
imports another that imports it back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).parents[2]


def test_the_import_contracts_are_kept(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("lint-imports")
    if not script.exists():  # Windows
        script = script.with_suffix(".exe")
    out = subprocess.run([str(script), "--no-cache", str(ROOT / "pyproject.toml")],
                         capture_output=True, text=True, cwd=ROOT / "src")
    assert out.returncode == 0, out.stdout + out.stderr
    assert " broken" in out.stdout and ", 0 broken." in out.stdout
    # STYLE.md: criteria and reports take their data as arguments, never the database.
    assert "they never open the database KEPT" in out.stdout


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("antt_tui", cache_dir=None, exclude_type_checking_imports=True)
    cycles = sorted({tuple(sorted((a, b)))
                     for a in graph.modules
                     for b in graph.find_modules_directly_imported_by(a)
                     if graph.find_shortest_chain(importer=b, imported=a)})
    assert cycles == []
