"""Table files: TinyDB's JSON layout on orjson, with a checksum, written atomically.

Each table shard of the database is one TinyDB file, readable with plain `tinydb.TinyDB`::

    {"_default": {"<doc_id>": {record}, …}, "_meta": {"1": {"position": …,
     "schema_version": 2, "sha256": "<hex>"}}}

`sha256` covers every byte before `,"_meta":`, so a byte flipped anywhere in the records is
noticed when the file is read, not only by `antt check`. The storage class holds no open
handle between calls, so Windows can replace the file and a backup can copy it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from antt_tui.storage import atomic

_META_MARK = b',"_meta":'


class TableFileDamaged(ValueError):
    """A table file that cannot be trusted; the message (Vietnamese) says why."""


def encode_table(docs: dict[str, dict[str, Any]], meta: dict[str, Any],
                 extra: dict[str, Any] | None = None) -> bytes:
    """The bytes of a table file holding `docs`, with `meta` and the checksum added.

    `extra` adds TinyDB tables of bookkeeping (e.g. `_clk`, the records' clocks); they are
    covered by the checksum like the records.
    """
    body = orjson.dumps({"_default": docs, **(extra or {})})[:-1]
    meta = {**meta, "sha256": hashlib.sha256(body).hexdigest()}
    return body + _META_MARK + orjson.dumps({"1": meta}) + b"}"


def decode_table(raw: bytes, *, require_checksum: bool = True
                 ) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """The records (by doc id) and the meta of a table file; `TableFileDamaged` if untrusted.

    The meta gains `"_tables"`: every other table of the file (see `encode_table`).

    `require_checksum=False` accepts files written before checksums existed (schema 1).
    """
    try:
        data = orjson.loads(raw)
    except ValueError as exc:
        raise TableFileDamaged(f"không phải JSON hợp lệ ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("_default", {}), dict):
        raise TableFileDamaged("cấu trúc tệp không đúng")
    meta_table = data.get("_meta", {})
    meta = meta_table.get("1", {}) if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict):
        raise TableFileDamaged("phần thông tin (_meta) không đúng cấu trúc")
    expected = meta.get("sha256")
    if expected is not None or require_checksum:
        cut = raw.rfind(_META_MARK)
        if expected is None or cut < 0 or hashlib.sha256(raw[:cut]).hexdigest() != expected:
            raise TableFileDamaged("sai mã kiểm tra (tệp đã bị thay đổi hoặc hỏng)")
    position = meta.get("position", {})
    if not isinstance(position, dict) or not all(
            isinstance(k, str) and isinstance(v, int) for k, v in position.items()):
        raise TableFileDamaged("vị trí nhật ký (_meta.position) không đúng cấu trúc")
    docs = data.get("_default", {})
    meta = {**meta, "_tables": {k: v for k, v in data.items() if k not in ("_default", "_meta")}}
    for doc_id, rec in docs.items():
        if not (doc_id.isdigit() and isinstance(rec, dict) and isinstance(rec.get("id"), str)
                and rec["id"]):
            raise TableFileDamaged(f"bản ghi số {doc_id} thiếu mã định danh")
    return docs, meta


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
