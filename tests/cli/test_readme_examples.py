"""The README's command examples work as written: the everyday ones on a new database, and
the `--demo` ones on the demo commune."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from antt_tui.paths import Paths
from tests.cli.helpers import run

README = Path(__file__).parents[2] / "README.md"


def examples(predicate) -> list[list[str]]:
    """The `antt …` lines of the README's bash blocks that `predicate` selects, as argv lists
    without "antt" (comments dropped)."""
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("antt ") and predicate(line):
                lines.append(shlex.split(line.replace("<mã kiểm tra>", "{code}"))[1:])
    return lines


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ANTT_TODAY", "2026-12-04")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_everyday_examples_run_in_order_on_a_new_database(workdir: Path) -> None:
    commands = examples(lambda line: not line.startswith(("antt --demo", "antt sync")))
    assert len(commands) > 20 and commands[0][0] == "init"
    for argv in commands:
        if "{code}" in argv:
            issued = json.loads(run("report", "list", "--json").stdout)
            argv = [issued[0]["doc_hash"][:16] if a == "{code}" else a for a in argv]
        run(*argv)
    assert (workdir / "bao-cao-quy-3.pdf").read_bytes().startswith(b"%PDF")
    assert (workdir / "ban-in-lai.pdf").read_bytes().startswith(b"%PDF")


def test_the_demo_examples_run_on_the_demo_commune(workdir: Path, paths: Paths) -> None:
    commands = examples(lambda line: line.startswith("antt --demo"))
    assert len(commands) >= 5
    for argv in commands:
        result = run(*argv)
        assert result.stdout.strip() or Path(argv[-1]).exists(), argv
    assert "Thôn Đông Hạ" in run("--demo", "village", "list").stdout
    assert paths.demo_database.is_dir()
    assert not paths.database.exists()  # the officer's own database is left alone


def test_demo_and_db_together_are_refused(workdir: Path) -> None:
    result = run("--demo", "--db", workdir / "x", "village", "list", code=1)
    assert "--db" in result.stderr and "--demo" in result.stderr
