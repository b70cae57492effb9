"""Rolling backups of a database folder: one verified zip per generation, the newest few kept.

A backup is made only of a folder that verifies (every journal chain, every table file's
checksum), so a damaged state never becomes a new generation. Each zip carries a manifest
(`sao-luu.json`) with the SHA-256 of every member and, per journal segment, how far its chain
was verified; the next backup re-verifies only what was appended since. A backup is verified
again before anything is taken from it (`verify_backup`), and pruning keeps the newest
`KEEP` generations that verify, however many damaged ones are newer.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from antt_tui.storage import atomic
from antt_tui.storage.errors import StoreError
from antt_tui.storage.journal import (
    JournalDamaged,
    chain_hash,
    device_segments,
    parse_segment,
    verify_chain,
)
from antt_tui.storage.tinyfile import TableFileDamaged, decode_table

KEEP = 7
"""Good generations kept per database folder."""

BACKUP_INTERVAL_HOURS = 20
"""A closing session makes a new backup when the newest is older than this."""

MANIFEST = "sao-luu.json"
"""The manifest member of every backup zip."""

_VERIFIED_CACHE = "da-kiem-tra.json"
"""Per backup folder: zips already verified (name → [size, mtime_ns, good])."""


class BackupRefused(StoreError):
    """The folder does not verify, so it is not zipped as a new generation."""


class BackupDamaged(StoreError):
    """A backup zip that fails its own manifest; nothing is taken from it."""


def _members(folder: Path) -> list[Path]:
    files = [folder / "antt-db.json"]
    files += sorted((folder / "tables").glob("*.json"))
    files += sorted((folder / "journal").glob("*/*.jsonl"))
    return [f for f in files if f.is_file()]


def verify_folder(folder: Path, trusted: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check every table file and journal chain of `folder`; `BackupRefused` names a problem.

    `trusted` is the journal part of the newest good backup's manifest: a segment whose
    first bytes are unchanged since then is verified only from where that backup stopped.
    Returns the journal part of the new manifest.
    """
    from antt_tui.storage.layout import parse_catalog, read_meta

    try:
        meta = read_meta(folder)
    except StoreError as exc:
        raise BackupRefused(str(exc)) from exc
    require = int(meta.get("schema_version", 0)) >= 2
    for path in sorted((folder / "tables").glob("*.json")):
        try:
            if path.stem == "catalog":
                parse_catalog(path.read_bytes())
            else:
                decode_table(path.read_bytes(), require_checksum=require)
        except (TableFileDamaged, ValueError) as exc:
            raise BackupRefused(f"tệp bảng {path.name} bị hỏng ({exc}); hãy chạy `antt check`"
                                ) from exc
    journal: dict[str, Any] = {}
    trusted = trusted or {}
    for device_dir in sorted(p for p in (folder / "journal").glob("*") if p.is_dir()):
        seen = trusted.get(device_dir.name, {})
        state: dict[str, Any] = {}
        prev_hash, prev_seq = "", 0
        for seg in device_segments(device_dir):
            raw = seg.path.read_bytes()
            known = seen.get(seg.path.name)
            start = 0
            if (known and len(raw) >= known["size"] and known["prev_seq"] == prev_seq
                    and hashlib.sha256(raw[:known["size"]]).hexdigest() == known["sha256"]):
                start, prev_hash, prev_seq = known["size"], known["last_link"], known["last_seq"]
            try:
                chunk, _ = parse_segment(raw[start:], seg.path.name)
                verify_chain(chunk, prev_hash=prev_hash, prev_seq=prev_seq)
            except JournalDamaged as exc:
                raise BackupRefused(f"nhật ký {device_dir.name}/{seg.path.name} bị hỏng ({exc});"
                                    " hãy chạy `antt check`") from exc
            seg_prev_seq = known["prev_seq"] if start else prev_seq
            if chunk:
                prev_hash, prev_seq = chain_hash(chunk[-1]), chunk[-1]["seq"]
            end = raw.rfind(b"\n") + 1  # a torn last line is not part of the chain
            state[seg.path.name] = {"size": end, "sha256": hashlib.sha256(raw[:end]).hexdigest(),
                                    "prev_seq": seg_prev_seq, "last_seq": prev_seq,
                                    "last_link": prev_hash}
        journal[device_dir.name] = state
    return journal


def make_backup(folder: Path, dest: Path, *, label: str = "", when: datetime | None = None,
                keep: int = KEEP) -> Path:
    """Verify the folder, zip its data files into `dest`, then prune old generations.

    The caller checkpoints first so that the table files are current. Raises
    `BackupRefused` (nothing written) when the folder does not verify.
    """
    when = when or datetime.now()
    dest.mkdir(parents=True, exist_ok=True)
    atomic.remove_stale_temps(dest)
    newest = _newest_good(dest)
    trusted = newest[1].get("journal") if newest else None
    journal = verify_folder(folder, trusted)
    name = when.strftime("%Y%m%d-%H%M%S") + (f"-{label}" if label else "") + ".zip"
    buffer = io.BytesIO()
    files: dict[str, str] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for path in _members(folder):
            data = path.read_bytes()
            rel = path.relative_to(folder).as_posix()
            files[rel] = hashlib.sha256(data).hexdigest()
            zf.writestr(rel, data)
        manifest = {"format": "antt backup", "made_at": when.isoformat(timespec="seconds"),
                    "files": files, "journal": journal}
        zf.writestr(MANIFEST, orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    target = dest / name
    atomic.write_bytes(target, buffer.getvalue())
    _remember(dest, target, good=True)
    prune(dest, keep)
    return target


def verify_backup(backup: Path) -> dict[str, Any]:
    """The manifest of a backup whose every member matches it; `BackupDamaged` otherwise."""
    try:
        with zipfile.ZipFile(backup) as zf:
            if MANIFEST not in zf.namelist():
                # Made before manifests existed: the zip's own CRCs are all there is; what is
                # taken from it is verified entry by entry (hashes and chain links).
                if zf.testzip() is not None:
                    raise BackupDamaged(f"{backup.name}: sai CRC")
                return {"files": {}, "journal": {}, "legacy": True}
            manifest = orjson.loads(zf.read(MANIFEST))
            for rel, digest in manifest["files"].items():
                if hashlib.sha256(zf.read(rel)).hexdigest() != digest:
                    raise BackupDamaged(f"{backup.name}: tệp {rel} không khớp mã kiểm tra")
    except (KeyError, TypeError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise BackupDamaged(f"{backup.name}: không đọc được ({type(exc).__name__})") from exc
    return manifest


def is_good(backup: Path, *, fresh: bool = False) -> bool:
    """Whether the backup verifies: remembered per file size and time (for pruning), or
    read again in full with `fresh` (before anything is taken from it)."""
    cache = _read_cache(backup.parent)
    try:
        st = backup.stat()
    except OSError:
        return False
    known = cache.get(backup.name)
    if not fresh and known and known[:2] == [st.st_size, st.st_mtime_ns]:
        return bool(known[2])
    try:
        verify_backup(backup)
        good = True
    except BackupDamaged:
        good = False
    _remember(backup.parent, backup, good=good)
    return good


def prune(dest: Path, keep: int = KEEP) -> None:
    """Keep the newest `keep` good generations (and damaged ones newer than the oldest kept)."""
    good_seen = 0
    for backup in list_backups(dest):
        if good_seen >= keep:
            backup.unlink(missing_ok=True)
            continue
        if is_good(backup):
            good_seen += 1


def _newest_good(dest: Path) -> tuple[Path, dict[str, Any]] | None:
    for backup in list_backups(dest):
        if is_good(backup):
            try:
                return backup, verify_backup(backup)
            except BackupDamaged:
                continue
    return None


def _read_cache(dest: Path) -> dict[str, list[Any]]:
    try:
        data = orjson.loads((dest / _VERIFIED_CACHE).read_bytes())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _remember(dest: Path, backup: Path, *, good: bool) -> None:
    cache = {k: v for k, v in _read_cache(dest).items() if (dest / k).exists()}
    st = backup.stat()
    cache[backup.name] = [st.st_size, st.st_mtime_ns, good]
    with suppress(OSError):  # only a cache: the zip is verified again next time
        atomic.write_bytes(dest / _VERIFIED_CACHE, orjson.dumps(cache))


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


def good_backups(dest: Path) -> list[Path]:
    """The backups of a folder that verify now, newest first (read in full: for a repair)."""
    return [backup for backup in list_backups(dest) if is_good(backup, fresh=True)]


def read_member(backup: Path, relpath: str, *, verified: bool = False) -> bytes | None:
    """One file of a backup, or None when it lacks the file or does not verify (`verified`:
    the caller has just verified the whole backup)."""
    if not verified and not is_good(backup):
        return None
    try:
        with zipfile.ZipFile(backup) as zf:
            return zf.read(relpath)
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
