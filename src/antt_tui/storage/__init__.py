"""Durable storage: TinyDB table files, the change journal, backups, checks and migrations."""

from antt_tui.storage.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    NewerSchema,
    NotADatabase,
    StoreError,
)
from antt_tui.storage.store import Store

__all__ = [
    "DatabaseDamaged",
    "DatabaseLocked",
    "NewerSchema",
    "NotADatabase",
    "Store",
    "StoreError",
]
