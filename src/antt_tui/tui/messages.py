"""Messages shared between screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """Something was saved; screens showing data refresh themselves."""

    what: str = ""
    """A short Vietnamese description of the change, shown as a notification."""
