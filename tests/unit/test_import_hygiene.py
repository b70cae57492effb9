"""The core never imports the front ends' libraries, and importing it does nothing else."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import antt_tui

FRONT_ENDS = ("antt_tui.cli", "antt_tui.tui")
CORE = sorted(
    m.name for m in pkgutil.walk_packages(antt_tui.__path__, "antt_tui.")
    if not m.name.startswith(FRONT_ENDS) and m.name != "antt_tui.__main__"
)


def test_core_modules_exist() -> None:
    assert {"antt_tui.storage.store", "antt_tui.roster.service", "antt_tui.domain.rules"} <= set(
        CORE)


def test_core_imports_neither_textual_nor_click(tmp_path) -> None:
    code = (
        "import sys, importlib\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'click'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, check=True)
    assert out.stdout.strip() == ""


def test_importing_creates_no_files(tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("ANTT_HOME", str(home))
    code = "import antt_tui.cli, antt_tui.session, antt_tui.paths"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
    assert not home.exists()
