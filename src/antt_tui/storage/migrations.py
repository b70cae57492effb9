"""Schema versions of the database folder and the steps that upgrade an older one.

Each step upgrades a folder from version N to N+1 in place. The caller has the folder's
lock; a backup is made before the first step, so a failed upgrade can be rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from antt_tui.storage import atomic

SCHEMA_VERSION = 3
"""The layout this program writes: see storage/store.py. Version 2 adds a checksum to every
table file (storage/tinyfile.py); version 3 the records' clocks (storage/registers.py)."""

Step = Callable[[Path], None]


def _add_table_checksums(folder: Path) -> None:
    """1 → 2: rewrite each table file with its checksum (atomically; records unchanged).

    A file that does not parse is left as it is: opening rebuilds it from the journal.
    """
    from antt_tui.storage.tinyfile import TableFileDamaged, decode_table, encode_table

    for path in sorted((folder / "tables").glob("*.json")):
        if path.stem == "catalog":
            continue
        try:
            docs, meta = decode_table(path.read_bytes(), require_checksum=False)
        except TableFileDamaged:
            continue
        meta = {k: v for k, v in meta.items() if k != "sha256"}
        atomic.write_bytes(path, encode_table(docs, {**meta, "schema_version": 2}))


def _add_clocks(folder: Path) -> None:
    """2 → 3: give every record the clock of the writes that made it, from the journal.

    The journal is folded from empty (every entry written before sync applies in order, as it
    always did) and each table file is rewritten atomically with the same records and their
    clocks, so that a village that receives these entries holds the same writes as the
    commune. A journal that cannot be read refuses the upgrade (nothing changed).
    """
    from antt_tui.storage.errors import DatabaseDamaged
    from antt_tui.storage.fold import fold_entries
    from antt_tui.storage.journal import JournalDamaged, read_device, replay_key
    from antt_tui.storage.shard import Shard, table_of
    from antt_tui.storage.tinyfile import TableFileDamaged

    journal_dir = folder / "journal"
    try:
        entries = sorted((e for d in sorted(journal_dir.iterdir()) if d.is_dir()
                          for e in read_device(d)), key=replay_key)
    except (JournalDamaged, FileNotFoundError) as exc:
        raise DatabaseDamaged(f"Không nâng cấp được dữ liệu vì nhật ký thay đổi bị hỏng ({exc})."
                              " Chạy `antt check --repair` rồi mở lại.") from exc
    folded = fold_entries(entries)
    for path in sorted((folder / "tables").glob("*.json")):
        if path.stem == "catalog" or table_of(path.stem) == "catalog":
            continue
        try:
            shard = Shard.from_bytes(path.stem, path, path.read_bytes(), require_checksum=False)
        except TableFileDamaged:
            continue  # opening rebuilds it from the journal
        fresh = folded.get(path.stem)
        for rid in shard.records:
            clock = fresh.clocks.get(rid) if fresh else None
            if clock is not None:
                shard.clocks[rid] = clock
        shard.write(3)


STEPS: dict[int, Step] = {1: _add_table_checksums, 2: _add_clocks}
"""`STEPS[n]` upgrades a folder from version n to n + 1."""


def upgrade(folder: Path, meta: dict[str, Any], *, backup_dir: Path,
            steps: dict[int, Step] | None = None, target: int = SCHEMA_VERSION) -> int:
    """Run every step from the folder's version up to `target`; returns the new version.

    Each finished step records its version in `antt-db.json`, so an interrupted upgrade
    resumes where it stopped.
    """
    from antt_tui.storage.errors import DatabaseDamaged
    from antt_tui.storage.layout import META_FILE

    steps = STEPS if steps is None else steps
    version = int(meta.get("schema_version", 0))
    if version < target:
        from antt_tui.storage.backup import make_backup

        make_backup(folder, backup_dir, label=f"truoc-nang-cap-v{version}")
    while version < target:
        step = steps.get(version)
        if step is None:
            raise DatabaseDamaged(
                f"Không có bước nâng cấp dữ liệu từ phiên bản lược đồ {version}."
            )
        step(folder)
        version += 1
        meta = {**meta, "schema_version": version}
        atomic.write_bytes(folder / META_FILE, orjson.dumps(meta, option=orjson.OPT_INDENT_2))
    return version
