"""`antt_tui.errorlog`: what an entry holds (types and code locations, never data) and how
the file rotates."""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path

from antt_tui import errorlog
from antt_tui.errorlog import describe, log_exception, log_path, type_name
from antt_tui.paths import Paths

SECRET = "001088012345 Nguyễn Văn Khải 0912345678"


def raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def failing(depth: int) -> None:
    secret = SECRET  # a local that must never reach the log
    if depth:
        failing(depth - 1)
    raise KeyError(secret)


def test_an_entry_holds_types_and_frames_not_messages_or_source() -> None:
    try:
        try:
            failing(0)
        except KeyError:
            raise ValueError(SECRET) from None  # the context is still described
    except ValueError as exc:
        text = describe(exc, command="antt person add", options=["--cccd", "--name"],
                        when=datetime(2026, 11, 20, 9, 30))
    lines = text.splitlines()
    assert lines[0].startswith("=== 2026-11-20T09:30:00 · antt ")
    assert " · Python 3." in lines[0]
    assert lines[1:4] == ["command: antt person add", "options: --cccd, --name",
                          "exception: ValueError"]
    assert "while handling: KeyError" in lines
    assert any(line.strip().startswith("tests/unit/test_errorlog.py:")
               and line.endswith(" in failing") for line in lines)
    assert "SECRET" not in text and "secret" not in text  # no source line, no local
    assert "001088012345" not in text and "Khải" not in text and "0912345678" not in text


def test_type_names() -> None:
    assert type_name(RuntimeError("x")) == "RuntimeError"
    assert type_name(PermissionError(errno.EACCES, "denied", "/home/khai/x.pdf")) == (
        "PermissionError [EACCES]")
    from antt_tui.domain.errors import NotFound

    assert type_name(NotFound(SECRET)) == "antt_tui.domain.errors.NotFound"


def test_recursion_is_counted_and_long_tracebacks_are_cut() -> None:
    try:
        failing(30)
    except KeyError as exc:
        text = describe(exc)
    assert "(the frame above 29 more times)" in text  # 30 calls, then the raise
    assert text.count(" in failing") == 2

    def deep(n: int) -> None:  # distinct frames: different lines
        if n == 0:
            raise RuntimeError(SECRET)
        (deep if n % 2 else deeper)(n - 1)

    def deeper(n: int) -> None:
        deep(n)

    try:
        deep(200)
    except RuntimeError as exc:
        text = describe(exc)
    frames = [line for line in text.splitlines() if line.startswith("    ")]
    assert len(frames) <= errorlog.MAX_FRAMES + 1
    assert any("frames left out" in line for line in frames)
    assert frames[-1].endswith(" in test_recursion_is_counted_and_long_tracebacks_are_cut"
                               ".<locals>.deep")


def test_groups_and_cycles() -> None:
    group = raised(ExceptionGroup("g", [raised(ValueError(SECRET)), raised(OSError(SECRET))]))
    text = describe(group)
    assert "exception: ExceptionGroup" in text
    assert "in group: ValueError" in text and "in group: OSError" in text
    a, b = RuntimeError("a"), RuntimeError("b")
    a.__context__, b.__context__ = b, a
    assert describe(a).count("RuntimeError") == 2  # the cycle ends
    assert SECRET not in text


def test_log_exception_writes_utf8_and_reports_failure(paths: Paths) -> None:
    path = log_exception(raised(RuntimeError(SECRET)), command="antt thử", paths=paths)
    assert path == log_path(paths) == paths.logs / "antt-errors.log"
    assert "command: antt thử" in path.read_text(encoding="utf-8")
    paths.home.mkdir(parents=True, exist_ok=True)
    blocked = Paths(paths.home / "blocked")
    blocked.home.mkdir()
    (blocked.home / "logs").write_text("a file where the folder should be")
    assert log_exception(raised(RuntimeError(SECRET)), paths=blocked) is None


def test_the_log_rotates_at_one_mebibyte_keeping_three(paths: Paths) -> None:
    options = [f"--option-number-{n:04d}" for n in range(200)]  # about 4.6 KB an entry
    exc = raised(RuntimeError(SECRET))
    entry = len(describe(exc, command="antt x", options=options).encode()) + 1
    written = 0
    while written < 5 * errorlog.MAX_BYTES:
        assert log_exception(exc, command="antt x", options=options, paths=paths) is not None
        written += entry
    files = sorted(p.name for p in paths.logs.iterdir())
    assert files == ["antt-errors.log", "antt-errors.log.1", "antt-errors.log.2",
                     "antt-errors.log.3"]
    for name in files:
        size = (paths.logs / name).stat().st_size
        assert size <= errorlog.MAX_BYTES
        assert name == "antt-errors.log" or size > errorlog.MAX_BYTES - 2 * entry
    assert sum((paths.logs / n).stat().st_size for n in files) < 4 * errorlog.MAX_BYTES + 1
    text = (paths.logs / "antt-errors.log.3").read_text(encoding="utf-8")
    assert text.startswith("=== ") and SECRET not in text


def test_nothing_is_configured_on_import(tmp_path: Path) -> None:
    import logging

    before = dict(logging.Logger.manager.loggerDict)
    log_exception(raised(RuntimeError("x")), paths=Paths(tmp_path))
    assert dict(logging.Logger.manager.loggerDict) == before
    assert not logging.getLogger().handlers or all(
        not getattr(h, "baseFilename", "").endswith("antt-errors.log")
        for h in logging.getLogger().handlers)
