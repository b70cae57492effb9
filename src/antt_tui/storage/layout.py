"""The fixed files of a database folder: the meta file that says it is ours, the catalog of
table positions, and the dated folders damaged files are set aside in. Kept apart from the
store so that backups and migrations can read a folder without importing the store."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from antt_tui.storage.errors import DatabaseDamaged, NotADatabase
from antt_tui.storage.shard import TABLES, table_of

__all__ = ["FORMAT_NAME", "META_FILE", "new_aside_folder", "parse_catalog", "read_meta"]

META_FILE = "antt-db.json"
FORMAT_NAME = "antt_tui database"


def parse_catalog(raw: bytes) -> dict[str, dict[str, int]]:
    """The shard positions of `catalog.json`; `ValueError` (Vietnamese) when it is not one."""
    data = orjson.loads(raw)
    shards = data.get("shards") if isinstance(data, dict) else None
    if not isinstance(shards, dict):
        raise ValueError("không có danh sách bảng")
    for name, position in shards.items():
        if table_of(name) not in TABLES or not isinstance(position, dict) or not all(
                isinstance(k, str) and isinstance(v, int) for k, v in position.items()):
            raise ValueError(f"mục {name!r} không đúng cấu trúc")
    return {name: dict(position) for name, position in shards.items()}


def new_aside_folder(aside_dir: Path, now: datetime) -> Path:
    """A new dated folder for files set aside, e.g. `20261204-193000` (never reused)."""
    base = aside_dir / now.strftime("%Y%m%d-%H%M%S")
    folder, n = base, 1
    while folder.exists():
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    return folder


def read_meta(folder: Path) -> dict[str, Any]:
    """The folder's `antt-db.json`, checked to be ours."""
    path = folder / META_FILE
    try:
        meta = orjson.loads(path.read_bytes())
    except FileNotFoundError as exc:
        raise NotADatabase(f"Thư mục {folder} chưa có cơ sở dữ liệu antt.") from exc
    except ValueError as exc:
        raise DatabaseDamaged(
            f"Tệp {META_FILE} bị hỏng. Chạy `antt check --repair` để khôi phục từ bản sao lưu."
        ) from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise NotADatabase(f"Thư mục {folder} không phải cơ sở dữ liệu antt.")
    return meta
