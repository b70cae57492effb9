"""Typed read records of the sync for the front ends: an entry set aside at a merge, and a
bundle merged here. `SyncService` hands these out; the stored dicts stay in the sync."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

__all__ = ["ImportedBundle", "QuarantinedEntry"]


@dataclass(frozen=True, slots=True)
class QuarantinedEntry:
    """An entry of another laptop set aside at a merge (quarantine), and why."""

    id: str
    """"<device>:<seq>"."""
    dev: str = ""
    """The device (laptop key) that wrote the entry."""
    seq: int = 0
    """Its number in that device's journal."""
    reason: str = ""
    """Why it was set aside, in Vietnamese."""
    fork: bool = False
    """Set aside because the sender's journal forked (never retried)."""
    village_id: str = ""
    """The village the entry came from."""

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> Self:
        """The typed entry of a stored `sync_quarantine` record."""
        return cls(id=record.get("id", ""), dev=record.get("dev", ""), seq=record.get("seq", 0),
                   reason=record.get("reason", ""), fork=bool(record.get("fork")),
                   village_id=record.get("village_id", ""))

    def to_json(self) -> dict[str, Any]:
        """The entry as `antt sync quarantine --json` prints it."""
        return {"device": self.dev, "seq": self.seq, "reason": self.reason, "fork": self.fork}


@dataclass(frozen=True, slots=True)
class ImportedBundle:
    """A bundle merged here (the record of its import, not its entries)."""

    id: str
    file: str = ""
    """The bundle's file name on the stick (its id when none was recorded)."""
    at: str = ""
    """When it was merged here (ISO stamp)."""
    sender: str = ""
    """The device that wrote it."""
    village_id: str = ""
    carried: tuple[str, ...] = ()
    """The journal entries it brought."""
    undone: bool = False
    """Taken back (undo); importing it again lets it in."""

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> Self:
        """The typed bundle of a stored `sync_bundles` record."""
        return cls(id=record["id"], file=record.get("file", record["id"]),
                   at=record.get("at", ""), sender=record.get("sender", ""),
                   village_id=record.get("village_id", ""),
                   carried=tuple(record.get("carried", [])), undone=bool(record.get("undone")))

    @property
    def count(self) -> int:
        """How many entries it brought."""
        return len(self.carried)
