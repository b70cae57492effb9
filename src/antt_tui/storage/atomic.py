"""Durable file writes: temp file, fsync, replace (retried on Windows), folder fsync."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

REPLACE_ATTEMPTS = 12
"""How often a replace held by an antivirus or indexer is retried (about 2.5 s in all)."""


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable.

    Windows cannot open a folder for fsync; NTFS journals the rename itself.
    """
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace(src: Path, dst: Path) -> None:
    """`os.replace` that retries while Windows reports the target as in use."""
    delay = 0.01
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file.

    Returns only when the new content and the rename are on disk.
    """
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        replace(tmp, path)
    except BaseException:
        # A full disk or a pulled stick must not leave a half-written temp file behind.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def copy_file(src: Path, dst: Path) -> None:
    """Copy `src` to `dst` durably (for files set aside before a repair)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(dst, src.read_bytes())


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files a crash left behind in `folder`; returns how many."""
    count = 0
    for stale in folder.glob("*.tmp-*"):
        stale.unlink(missing_ok=True)
        count += 1
    return count
