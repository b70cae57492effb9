"""What every command shares: the context object, opening the database, output and errors."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click
import orjson

from antt_tui.domain.errors import DomainError, NeedsConfirmation
from antt_tui.paths import Paths
from antt_tui.session import Session
from antt_tui.storage.errors import StoreError


class CliError(click.ClickException):
    """A plain Vietnamese message on stderr and a non-zero exit, never a traceback."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", err=True, file=file)


class NeedsConfirmationError(CliError):
    """The change was refused pending the officer's confirmation (exit code 3)."""

    exit_code = 3


@dataclass(slots=True)
class CliContext:
    """Options of the `antt` group, shared by every command."""

    paths: Paths
    database: Path
    officer: str
    today: date

    @contextmanager
    def session(self, *, create: bool = False) -> Iterator[Session]:
        """Open the database for one command; domain and storage errors become messages."""
        with domain_errors():
            session = Session.open(self.database, paths=self.paths, officer=self.officer,
                                   create=create, today=lambda: self.today)
        try:
            with domain_errors():
                yield session
        finally:
            session.close()


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn the core's errors into CLI errors with the same Vietnamese message."""
    try:
        yield
    except NeedsConfirmation as exc:
        lines = "\n".join(f"  - {w}" for w in exc.warnings)
        raise NeedsConfirmationError(
            f"Cần xác nhận trước khi lưu:\n{lines}\n"
            "Nếu thông tin đúng, chạy lại lệnh với --chap-nhan."
        ) from exc
    except (DomainError, StoreError) as exc:
        raise CliError(str(exc)) from exc


pass_ctx = click.make_pass_decorator(CliContext)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--json`: print machine-readable JSON on stdout instead of a table."""
    return click.option("--json", "as_json", is_flag=True,
                        help="In kết quả dạng JSON (cho chương trình khác đọc).")(func)


def accept_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--chap-nhan`: save despite warnings (e.g. a CCCD that disagrees with the birth year)."""
    return click.option("--chap-nhan", "accept", is_flag=True,
                        help="Vẫn lưu dù có cảnh báo (đã kiểm tra thông tin là đúng).")(func)


def echo_json(data: Any) -> None:
    """Write JSON (UTF-8, indented) to stdout."""
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


def progress(message: str) -> None:
    """Progress and warnings go to stderr, data to stdout."""
    click.echo(message, err=True)


def table(rows: list[list[str]], headers: list[str]) -> None:
    """Print an aligned text table to stdout."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False))
    click.echo(line)
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        click.echo("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)))


def fields_from(**options: Any) -> dict[str, Any]:
    """The options the user gave (not None), as a fields dict."""
    return {k: v for k, v in options.items() if v is not None}


def with_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator for commands that call the core without a session."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with domain_errors():
            return func(*args, **kwargs)

    return wrapper


def day_option(text: str | None, default: date, option: str) -> date:
    """A date typed for an option ("30/06/2026"), or `default` when none was given."""
    if not text:
        return default
    from antt_tui.domain.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise CliError(f"{option}: {exc}") from exc
