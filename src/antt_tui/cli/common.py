"""What every command shares: the context object, opening the database, output and errors.

Everything printed goes through `echo`, `table` or `echo_json`, which escape control,
bidirectional and invisible characters (`printable`): a value stored by an older version, or
typed into a refused option, can never recolour, rewrite or reorder the terminal.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
import orjson

from antt_tui.domain.errors import DomainError, NeedsConfirmation
from antt_tui.domain.text import printable
from antt_tui.paths import Paths
from antt_tui.session import Session
from antt_tui.storage.errors import StoreError

T = TypeVar("T")


class CliError(click.ClickException):
    """A plain Vietnamese message on stderr and a non-zero exit, never a traceback."""

    def show(self, file: Any = None) -> None:
        click.echo(printable(f"Lỗi: {self.format_message()}", multiline=True), err=True,
                   file=file)


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
        show_messages(session.take_messages())
        try:
            with domain_errors():
                yield session
        finally:
            # Closing never fails a command whose saves are on disk: what went wrong after
            # them is a warning ("Đã lưu, nhưng …"), so nobody retries and duplicates a save.
            session.close()
            show_messages(session.take_messages())


def show_messages(messages: list[str]) -> None:
    """Notices and warnings of the store, on stderr."""
    for message in messages:
        click.echo(f"Lưu ý: {message}", err=True)


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


def overwrite_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--ghi-de`: replace an output file that is already there, without asking."""
    return click.option("--ghi-de", "overwrite", is_flag=True,
                        help="Ghi đè tệp đã có mà không hỏi.")(func)


def stdin_is_interactive() -> bool:
    """A person at the keyboard who can answer a question (not a script or a pipe)."""
    return sys.stdin.isatty()


def confirm_or_refuse(question: str, refused: str, *, assume_yes: bool) -> None:
    """Go on with `--yes`, or when the person at the keyboard answers yes to `question`;
    otherwise `CliError(refused)` (a script without `--yes` is never asked, and changes
    nothing)."""
    if assume_yes:
        return
    if not (stdin_is_interactive() and click.confirm(question, default=False, err=True)):
        raise CliError(refused)


def confirm_output(check: Callable[[bool], T], overwrite: bool) -> T:
    """Run a core output check (`antt_tui.outputs`) the way the CLI asks about it.

    `check(overwrite)` returns what may be written or raises. A path in a database or backup
    folder is refused; an existing file without `--ghi-de` is asked about when a person is at
    the keyboard and refused otherwise (a script must not hang on a question).
    """
    from antt_tui.outputs import OutputExists, OutputRefused

    try:
        return check(overwrite)
    except OutputExists as exc:
        if not stdin_is_interactive():
            raise CliError(f"{exc}; thêm --ghi-de để ghi đè.") from exc
        if not click.confirm(f"{exc}. Ghi đè?", default=False, err=True):
            raise click.Abort() from exc
        try:
            return check(True)
        except OutputRefused as again:
            raise CliError(str(again)) from again
    except OutputRefused as exc:
        raise CliError(str(exc)) from exc


# orjson escapes C0 controls itself; these it writes as they are, though a terminal acts on
# them (DEL, the C1 controls such as U+009B "CSI", bidirectional and invisible characters).
_JSON_RAW = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                       "\u2060-\u206f\ufeff\ufff9-\ufffb]")


def echo_json(data: Any) -> None:
    """Write JSON (UTF-8, indented) to stdout; characters a terminal would act on are written
    as \\u escapes, which any JSON reader turns back into the same text."""
    out = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    if not out.isascii() or b"\x7f" in out:
        out = _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", out.decode()).encode()
    sys.stdout.buffer.write(out + b"\n")
    sys.stdout.flush()


def echo(message: str = "", *, err: bool = False) -> None:
    """Print a line that may hold record values (names, notes), escaped by `printable`.

    Line breaks in ``message`` are kept; everything else a terminal would act on is shown as
    an escape ("\\x1b").
    """
    click.echo(printable(message, multiline=True), err=err)


def progress(message: str) -> None:
    """Progress and warnings go to stderr, data to stdout."""
    echo(message, err=True)


def table(rows: list[list[str]], headers: list[str]) -> None:
    """Print an aligned text table to stdout; each cell is one line, escaped by `printable`."""
    cells = [[printable(str(c)) for c in row] for row in rows]
    widths = [max(len(x) for x in col) for col in zip(headers, *cells, strict=False)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False))
    click.echo(line)
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)))


def fields_from(**options: Any) -> dict[str, Any]:
    """The options the user gave (not None), as a fields dict."""
    return {k: v for k, v in options.items() if v is not None}


def day_option(text: str | None, default: T, option: str) -> date | T:
    """A date typed for an option ("30/06/2026"), or `default` (a date, or None) when none was
    given; a wrong date is a Vietnamese error naming `option`."""
    if not text:
        return default
    from antt_tui.domain.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise CliError(f"{option}: {exc}") from exc
