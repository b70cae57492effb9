"""Rolling backups of a database folder: one zip per generation, the newest few kept."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from antt_tui.storage import atomic

KEEP = 7
"""Generations kept per database folder."""

BACKUP_INTERVAL_HOURS = 20
"""A closing session makes a new backup when the newest is older than this."""


def _members(folder: Path) -> list[Path]:
    files = [folder / "antt-db.json"]
    files += sorted((folder / "tables").glob("*.json"))
    files += sorted((folder / "journal").glob("*/*.jsonl"))
    return [f for f in files if f.is_file()]


def make_backup(folder: Path, dest: Path, *, label: str = "", when: datetime | None = None,
                keep: int = KEEP) -> Path:
    """Zip the folder's data files into `dest`, then drop generations beyond `keep`.

    The caller checkpoints first so that the table files are current.
    """
    when = when or datetime.now()
    dest.mkdir(parents=True, exist_ok=True)
    name = when.strftime("%Y%m%d-%H%M%S") + (f"-{label}" if label else "") + ".zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for path in _members(folder):
            zf.write(path, path.relative_to(folder).as_posix())
    target = dest / name
    atomic.write_bytes(target, buffer.getvalue())
    for old in list_backups(dest)[keep:]:
        old.unlink(missing_ok=True)
    return target


def list_backups(dest: Path) -> list[Path]:
    """Backups of one database folder, newest first."""
    if not dest.is_dir():
        return []
    return sorted(dest.glob("*.zip"), key=lambda p: p.name, reverse=True)


def newest_age_hours(dest: Path, now: datetime) -> float | None:
    """Hours since the newest backup was made, or None when there is none."""
    backups = list_backups(dest)
    if not backups:
        return None
    stamp = datetime.strptime(backups[0].name[:15], "%Y%m%d-%H%M%S")
    return (now.replace(tzinfo=None) - stamp).total_seconds() / 3600


def read_member(backup: Path, relpath: str) -> bytes | None:
    """One file of a backup, or None when the backup lacks it or is unreadable."""
    try:
        with zipfile.ZipFile(backup) as zf:
            return zf.read(relpath)
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
