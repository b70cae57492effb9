"""Files written for the officer (PDF, Excel, CSV) never replace data.

One rule for the CLI and the TUI alike: an output may not go into a database folder (the
current one, the demo, or any folder holding an `antt-db.json`) or into the backups, and an
existing file is replaced only when the caller says so (the CLI's `--ghi-de`, or after asking).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from antt_tui.domain.errors import DomainError
from antt_tui.paths import Paths
from antt_tui.storage.store import META_FILE


class OutputRefused(DomainError):
    """An output path that must not be written; `path` is the resolved target."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class ProtectedOutput(OutputRefused):
    """The path is a database or backup folder, or lies inside one: writing would damage it."""


class OutputExists(OutputRefused):
    """The file (or, for a folder of CSV files, some of them) exists and may not be replaced.

    `existing` lists the resolved files that are already there. The message ("Tệp … đã có")
    has no full stop, so that a front end can append what the officer may do about it.
    """

    def __init__(self, message: str, path: Path, existing: Sequence[Path]) -> None:
        super().__init__(message, path)
        self.existing = list(existing)


def check_output_path(path: Path, *, overwrite: bool, paths: Paths | None = None,
                      protected: Iterable[Path] = ()) -> Path:
    """The resolved `path`, when a file may be written there.

    Raises `ProtectedOutput` for a path in (or equal to) a database or backup folder, or the
    settings file; `OutputRefused` when it is a folder; `OutputExists` when the file is
    already there and `overwrite` is false. `protected` adds folders to guard (the database
    open now, which may live outside the data root).
    """
    paths = paths or Paths.from_env()
    target = _resolve(path)
    _refuse_protected(target, path, paths, protected)
    if target.is_dir():
        raise OutputRefused(f"{path} là một thư mục; hãy cho tên tệp cần ghi.", target)
    if target.exists() and not overwrite:
        raise OutputExists(f"Tệp {path} đã có", target, [target])
    return target


def check_output_folder(folder: Path, names: Iterable[str], *, overwrite: bool,
                        paths: Paths | None = None, protected: Iterable[Path] = ()) -> list[Path]:
    """The resolved files `names` inside `folder`, when all may be written (CSV exports).

    The folder itself is checked like a file path (`ProtectedOutput`, or `OutputRefused` when
    it is a file); each file already there counts as an existing file (`OutputExists` names
    them all at once, so the officer is asked only once).
    """
    paths = paths or Paths.from_env()
    target = _resolve(folder)
    _refuse_protected(target, folder, paths, protected)
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"{folder} là một tệp, không phải thư mục.", target)
    files = [target / name for name in names]
    for file in files:  # a name could climb out of the folder; never trust it blindly
        _refuse_protected(_resolve(file), file, paths, protected)
    existing = [f for f in files if f.exists()]
    if existing and not overwrite:
        shown = ", ".join(f.name for f in existing[:5]) + (", …" if len(existing) > 5 else "")
        raise OutputExists(f"Thư mục {folder} đã có {len(existing)} tệp sẽ bị ghi đè ({shown})",
                           target, existing)
    return files


def free_path(path: Path) -> Path:
    """`path` when nothing is there, else the first free "name-2.pdf", "name-3.pdf" …"""
    if not path.exists():
        return path
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate


def write_new(path: Path, data: bytes, *, paths: Paths | None = None,
              protected: Iterable[Path] = ()) -> Path:
    """Write `data` at `path` without replacing anything; returns the path written.

    A file already there with the same bytes is kept as it is (a report printed again); one
    with other bytes is left alone and `data` goes to the next free name ("…-2.pdf").
    Raises `ProtectedOutput`/`OutputRefused` like `check_output_path`.
    """
    from antt_tui.storage.atomic import write_bytes

    paths = paths or Paths.from_env()
    protected = list(protected)
    target = check_output_path(path, overwrite=True, paths=paths, protected=protected)
    if target.is_file() and _same_bytes(target, data):
        return target
    target = check_output_path(free_path(target), overwrite=False, paths=paths,
                               protected=protected)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(target, data)
    return target


# ---------------------------------------------------------------------- the rule


def _refuse_protected(target: Path, shown: Path, paths: Paths, extra: Iterable[Path]) -> None:
    """Raise `ProtectedOutput` when `target` (resolved) is or lies in a guarded place."""
    guarded = [(paths.database, "thư mục cơ sở dữ liệu"),
               (paths.demo_database, "thư mục cơ sở dữ liệu mẫu"),
               (paths.backups, "thư mục sao lưu"),
               (paths.set_aside, "thư mục tệp hỏng cất riêng"),
               *((folder, "thư mục cơ sở dữ liệu") for folder in extra)]
    for folder, what in guarded:
        folder = _resolve(folder)
        if _within(target, folder):
            _refuse(target, shown, what, folder, paths)
    if _same(target, _resolve(paths.config)):
        raise ProtectedOutput(f"Không ghi được vào {shown}: đây là tệp cấu hình của chương "
                              "trình.", target)
    # Any other database: a folder up the path that holds the database's own marker file.
    for folder in (target, *target.parents):
        try:
            if (folder / META_FILE).is_file():
                _refuse(target, shown, "thư mục cơ sở dữ liệu", folder, paths)
        except OSError:  # a folder we may not read is not ours either
            continue


def _refuse(target: Path, shown: Path, what: str, folder: Path, paths: Paths) -> None:
    raise ProtectedOutput(
        f"Không ghi được vào {shown}: đường dẫn này nằm trong {what} ({folder}); ghi vào đó "
        f"sẽ làm hỏng dữ liệu. Hãy chọn thư mục khác, ví dụ {paths.exports}.", target)


def _resolve(path: Path) -> Path:
    """Absolute, with symlinks and ".." resolved (the parts that exist)."""
    return Path(os.path.expanduser(path)).resolve()


def _case_insensitive() -> bool:
    """Windows (and macOS by default) treat "Data" and "data" as the same folder."""
    return os.name == "nt" or sys.platform == "darwin"


def _key(path: Path) -> tuple[str, ...]:
    if _case_insensitive():
        return tuple(part.casefold() for part in path.parts)
    return path.parts


def _within(path: Path, folder: Path) -> bool:
    """`path` is `folder` or lies somewhere below it."""
    inner, outer = _key(path), _key(folder)
    return inner[:len(outer)] == outer


def _same(a: Path, b: Path) -> bool:
    return _key(a) == _key(b)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
