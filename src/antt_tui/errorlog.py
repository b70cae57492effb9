"""The error log for technical staff: what failed and where in the code, never the data.

An entry holds the time, the program, Python and OS versions, the command and the names of
the options it was given, then for the exception and every exception chained to it the type
name and the traceback's frames (file relative to its package, line, function). Messages,
arguments, option values, source lines and local variables are left out: any of them can hold
a CCCD, a name or a phone number, and officers are asked to send this file to someone else.

The file rotates at `MAX_BYTES`, keeping `BACKUPS` older files (`antt-errors.log.1` …).
"""

from __future__ import annotations

import errno
import os
import platform
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType

from antt_tui import __version__
from antt_tui.paths import Paths

MAX_BYTES = 1024 * 1024
"""Size at which the log is rotated."""

BACKUPS = 3
"""Rotated files kept besides the current one."""

MAX_CHAIN = 8
"""Chained exceptions described at most (a cycle or a long chain ends here)."""

MAX_FRAMES = 60
"""Frames listed per exception at most: the outermost few and the innermost rest."""


def log_path(paths: Paths | None = None) -> Path:
    """Where the error log is written (`Paths.error_log`)."""
    return (paths or Paths.from_env()).error_log


def type_name(exc: BaseException) -> str:
    """The exception's class ("RuntimeError", "antt_tui.storage.errors.DatabaseDamaged"),
    with the symbolic errno of an OSError ("PermissionError [EACCES]"). Never its message."""
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else (
        f"{kind.__module__}.{kind.__qualname__}")
    code = getattr(exc, "errno", None)
    if isinstance(exc, OSError) and isinstance(code, int) and code in errno.errorcode:
        name += f" [{errno.errorcode[code]}]"
    return name


def describe(exc: BaseException, *, command: str = "", options: Iterable[str] = (),
             when: datetime | None = None) -> str:
    """The log entry for `exc`, as text (see the module docstring for what it holds)."""
    when = when or datetime.now().astimezone()
    lines = [
        f"=== {when.isoformat(timespec='seconds')} · antt {__version__} · Python "
        f"{platform.python_version()} · {platform.platform()} ({os.name})",
        f"command: {command or '(unknown)'}",
        f"options: {', '.join(options) or '(none)'}",
    ]
    for label, current in _chain(exc):
        lines.append(f"{label}{type_name(current)}")
        lines.extend(f"    {frame}" for frame in _frames(current.__traceback__))
    return "\n".join(lines)


def log_exception(exc: BaseException, *, command: str = "", options: Iterable[str] = (),
                  paths: Paths | None = None) -> Path | None:
    """Append the entry for `exc` to the error log (rotated); the log's path, or None when
    it could not be written. Never raises: it runs while an error is being reported."""
    try:
        path = log_path(paths)
        path.parent.mkdir(parents=True, exist_ok=True)
        _append(path, describe(exc, command=command, options=list(options)))
        return path
    except Exception:  # the officer still gets the message; the log is best effort
        return None


# ---------------------------------------------------------------------- the entry


def _chain(exc: BaseException) -> Iterator[tuple[str, BaseException]]:
    """The exception, then what caused it or what was being handled when it was raised, and
    the members of an exception group, each with a label saying how it is linked."""
    seen: set[int] = set()
    todo: list[tuple[str, BaseException]] = [("exception: ", exc)]
    while todo and len(seen) < MAX_CHAIN:
        label, current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield label, current
        if isinstance(current, BaseExceptionGroup):
            todo.extend(("in group: ", member) for member in current.exceptions)
        if current.__cause__ is not None:
            todo.append(("caused by: ", current.__cause__))
        elif current.__context__ is not None:
            todo.append(("while handling: ", current.__context__))


def _frames(tb: TracebackType | None) -> list[str]:
    """"antt_tui/cli/group.py:55 in VietnameseGroup.main" per frame, outermost first; a frame
    repeated (recursion) is counted, not listed again. Only code objects are read: no
    source lines, no locals."""
    out: list[str] = []
    last, repeats = "", 0
    while tb is not None:
        code = tb.tb_frame.f_code
        frame = f"{_where(code.co_filename)}:{tb.tb_lineno} in {code.co_qualname}"
        if frame == last:
            repeats += 1
        else:
            if repeats:
                out.append(f"(the frame above {repeats} more times)")
            out.append(frame)
            last, repeats = frame, 0
        tb = tb.tb_next
    if repeats:
        out.append(f"(the frame above {repeats} more times)")
    if len(out) > MAX_FRAMES:
        head = MAX_FRAMES // 4
        cut = len(out) - MAX_FRAMES
        out = [*out[:head], f"(… {cut} frames left out)", *out[head + cut:]]
    return out


def _where(filename: str) -> str:
    """A source file relative to the folder its package lives in ("antt_tui/cli/group.py",
    "click/core.py", "json/decoder.py"); else its name alone, since a full path can carry
    the user's name (C:\\Users\\…)."""
    if filename.startswith("<"):  # <frozen …>, <string>
        return filename
    path = os.path.normcase(os.path.abspath(filename))
    for root in _roots():
        if path.startswith(root + os.sep):
            return path[len(root) + 1:].replace(os.sep, "/")
    return os.path.basename(filename)


def _roots() -> list[str]:
    """Folders that hold packages: this package's parent, site-packages, the standard
    library; the longest first, so the most specific one wins."""
    import sysconfig

    roots = {str(Path(__file__).resolve().parents[1])}
    roots.update(v for k, v in sysconfig.get_paths().items()
                 if k in ("stdlib", "platstdlib", "purelib", "platlib"))
    roots.update(p for p in sys.path if p and os.path.isdir(p))
    cleaned = {os.path.normcase(os.path.abspath(r)).rstrip(os.sep) for r in roots}
    return sorted((r for r in cleaned if r), key=len, reverse=True)


# ---------------------------------------------------------------------- the file


def _append(path: Path, text: str) -> None:
    """Append one entry through a rotating handler built for this call (nothing is
    configured at import time, and no logger is left behind)."""
    import logging
    import logging.handlers

    class Handler(logging.handlers.RotatingFileHandler):
        def handleError(self, record: logging.LogRecord) -> None:
            raise  # logging calls this inside its `except`: the caller learns of the failure

    handler = Handler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8",
                      delay=True)
    try:
        handler.handle(logging.makeLogRecord({"msg": text, "levelno": logging.ERROR,
                                              "levelname": "ERROR"}))
    finally:
        handler.close()
