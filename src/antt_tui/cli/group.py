"""The `antt` group class: click's own usage errors in Vietnamese, without a traceback, and
unexpected errors as a short message plus an entry in the error log (no personal data)."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import click

from antt_tui.cli import click_vi

# Before any command is declared: the help and version options take their text then.
click_vi.install()

# "'--output' / '-o'" in click's messages → "--output": the name the help shows first.
_OPTION_HINT = re.compile(r"'(-{1,2}[\w-]+)'(?: / '-{1,2}[\w-]+')*")


class VietnameseGroup(click.Group):
    """A click group whose usage errors read "Lỗi: …" in Vietnamese on stderr (exit 2), and
    whose unexpected errors are logged by type and code location only (exit 1)."""

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            hint = f"\nXem hướng dẫn: {exc.ctx.command_path} --help" if exc.ctx else ""
            message = _OPTION_HINT.sub(r"\1", exc.format_message())
            click.echo(f"Lỗi: {message}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Đã hủy.", err=True)
            sys.exit(1)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            saved = _log_exception(exc, self, args, prog_name)
            click.echo(f"Lỗi đọc/ghi tệp{where}: {exc.strerror or type(exc).__name__}. "
                       f"{saved}", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug: the officer gets a message, support gets the log
            # Only the exception's type is shown: its text may quote what the officer typed.
            saved = _log_exception(exc, self, args, prog_name)
            click.echo(f"Lỗi không mong muốn ({type(exc).__name__}). Dữ liệu đã lưu trước đó "
                       f"không bị ảnh hưởng. {saved}", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _log_exception(exc: BaseException, group: click.Group, args: Any,
                   prog_name: str | None) -> str:
    """Log `exc` without personal data (`antt_tui.errorlog`); the sentence that says where."""
    from antt_tui.errorlog import log_exception, log_path

    try:
        command, options = invocation(group, sys.argv[1:] if args is None else args,
                                      prog_name or "antt")
    except Exception:  # reporting an error must not fail in turn
        command, options = prog_name or "antt", []
    path = log_exception(exc, command=command, options=options)
    if path is None:
        return f"Không ghi được nhật ký lỗi ({log_path()})."
    return f"Chi tiết đã ghi vào {path}; hãy gửi tệp này cho cán bộ kỹ thuật."


def invocation(group: click.Command, args: Sequence[Any],
               prog_name: str) -> tuple[str, list[str]]:
    """The command path ("antt incident add") and the names of the options given
    (["--village", "--note"]), read from the command line against the commands' own
    definitions. Values and positional arguments are skipped: only words the program itself
    defines (command and option names) are returned."""
    command = group
    path = [prog_name]
    names: list[str] = []
    tokens = [str(a) for a in args]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token == "--":
            break  # everything after is positional
        if token.startswith("-") and token != "-":
            name, attached = (token.split("=", 1)[0], True) if (
                token.startswith("--") and "=" in token) else (token, False)
            option = _option(command, name)
            if option is None and not token.startswith("--") and len(token) > 2:
                name, attached = token[:2], True  # "-tDH": click reads -t with value DH
                option = _option(command, name)
            if option is None:
                continue  # not an option of this command: a value, never recorded
            if name not in names:
                names.append(name)
            if not (option.is_flag or option.count or attached):
                i += option.nargs  # skip its value(s)
            continue
        sub = command.commands.get(token) if isinstance(command, click.Group) else None
        if sub is not None:
            path.append(token)
            command = sub
    return " ".join(path), names


def _option(command: click.Command, name: str) -> click.Option | None:
    for param in command.params:
        if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
            return param
    return None
