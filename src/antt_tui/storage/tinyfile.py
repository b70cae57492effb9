"""TinyDB storage on orjson with atomic, durable rewrites.

Each table shard of the database is one TinyDB file ({"_default": {doc_id: doc}, "_meta":
{...}}), readable with plain `tinydb.TinyDB(path)`. This storage holds no open handle
between calls, so Windows can replace the file and a backup can copy it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from antt_tui.storage import atomic


class OrjsonAtomicStorage(Storage):
    """TinyDB `Storage`: orjson bytes, written by temp file + fsync + replace."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole file as TinyDB's dict, or None when the file does not exist or is empty."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        return orjson.loads(raw)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with `data`; returns when it is on disk."""
        atomic.write_bytes(self.path, orjson.dumps(data))
