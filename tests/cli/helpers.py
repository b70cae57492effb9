"""Running `antt` in tests: one helper shared by the CLI test modules."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result

from antt_tui.cli import main


def run(*args: Any, code: int = 0) -> Result:
    """Invoke `antt ARGS`; check the exit code and that no exception escaped."""
    result = CliRunner().invoke(main, [str(a) for a in args], prog_name="antt")
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
