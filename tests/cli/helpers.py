"""Running `antt` in tests: the helpers shared by the CLI test modules."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result

from antt_tui.cli import main
from antt_tui.paths import Paths
from antt_tui.session import Session


def run(*args: Any, code: int = 0, input: str | None = None) -> Result:
    """Invoke `antt ARGS` (with `input` on stdin); check the exit code and that no exception
    escaped."""
    result = CliRunner().invoke(main, [str(a) for a in args], input=input, prog_name="antt")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {result.exception!r}")
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert result.exit_code == code, (
        f"antt {' '.join(map(str, args))}: exit {result.exit_code}\n"
        f"stdout: {result.stdout}\nstderr: {result.stderr}")
    return result


def run_json(*args: Any) -> Any:
    """`antt ARGS --json`, parsed."""
    return json.loads(run(*args, "--json").stdout)


def fails(*args: Any, fragment: str, code: int = 1) -> Result:
    """A refused command: exit code, a Vietnamese "Lỗi:" line on stderr, no data on stdout."""
    result = run(*args, code=code)
    assert result.stderr.startswith("Lỗi: "), result.stderr
    assert fragment in result.stderr, result.stderr
    assert result.stdout == ""
    return result


def state_hash(paths: Paths) -> str:
    """The database's state hash, read with a session of our own."""
    with Session.open(paths.database, paths=paths) as s:
        return s.store.state_hash()
