"""The `antt` group class: click's own usage errors, in Vietnamese, without a traceback."""

from __future__ import annotations

import re
import sys
from typing import Any

import click

# click's English messages → Vietnamese; the first matching pattern wins.
_MESSAGES = [
    (r"Missing option '([^']+)'(?: / '([^']+)')?\.", r"Thiếu tùy chọn bắt buộc \1."),
    (r"Missing argument '([^']+)'\.", r"Thiếu tham số \1."),
    (r"No such option: (\S+)(?:\s+Did you mean (\S+)\?)?", r"Không có tùy chọn \1."),
    (r"No such command '([^']+)'\.", r"Không có lệnh '\1'."),
    (r"Option '([^']+)' requires an argument\.", r"Tùy chọn \1 cần một giá trị."),
    (r"Got unexpected extra arguments? \((.*)\)", r"Thừa tham số: \1."),
    (r"Invalid value for '([^']+)': (.*)", r"Giá trị không hợp lệ cho \1: \2"),
]
_DETAILS = [
    (r"'([^']*)' is not one of (.*)\.", r"'\1' không thuộc các lựa chọn \2."),
    (r"'([^']*)' is not a valid integer( range)?\.", r"'\1' không phải là số nguyên."),
    (r"(\S+) is not in the range (.*)\.", r"\1 không nằm trong khoảng \2."),
]


def vietnamese(message: str) -> str:
    """Translate one of click's usage messages (unknown ones are kept as they are)."""
    for pattern, replacement in _MESSAGES:
        if re.match(pattern, message):
            message = re.sub(pattern, replacement, message, count=1)
            break
    for pattern, replacement in _DETAILS:
        message = re.sub(pattern, replacement, message)
    return message


class VietnameseGroup(click.Group):
    """A click group whose usage errors read "Lỗi: …" in Vietnamese on stderr (exit 2)."""

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            hint = f"\nXem hướng dẫn: {exc.ctx.command_path} --help" if exc.ctx else ""
            click.echo(f"Lỗi: {vietnamese(exc.format_message())}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Đã hủy.", err=True)
            sys.exit(1)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            log = _log_exception()
            click.echo(f"Lỗi đọc/ghi tệp{where}: {exc.strerror or exc}. "
                       f"Chi tiết: {log}", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug: the officer gets a message, support gets the log
            log = _log_exception()
            click.echo(f"Lỗi không mong muốn: {exc}. Dữ liệu đã lưu trước đó không bị ảnh "
                       f"hưởng. Chi tiết đã ghi vào {log}; hãy gửi tệp này cho cán bộ kỹ thuật.",
                       err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _log_exception() -> str:
    """Append the current traceback to the program's error log; returns its path."""
    import traceback
    from datetime import datetime

    from antt_tui.paths import Paths

    try:
        folder = Paths.from_env().logs
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "antt-errors.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"\n=== {datetime.now().isoformat(timespec='seconds')} {sys.argv!r}\n")
            fh.write(traceback.format_exc())
        return str(path)
    except OSError:
        return "(không ghi được nhật ký lỗi)"
