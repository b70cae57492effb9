"""What the screens that settle a merge's open items share (the conflict queue, the duplicate
pairs, the entries set aside): the errors they show, dates in words; laptops in words come
from the core (sync/laptops.py).

Every call goes through `SyncService` in a thread worker; a save runs under `state.run` and
then posts `DataChanged`, which makes every screen (these too) read again, so a settled item
disappears. An error of the layers below arrives as its Vietnamese message (a `Notice`) and
leaves the screen as it was.
"""

from __future__ import annotations

from antt_tui.domain import dates
from antt_tui.domain.errors import DomainError
from antt_tui.storage.errors import StoreError
from antt_tui.sync.errors import SyncError
from antt_tui.sync.laptops import UNKNOWN, laptop_label
from antt_tui.tui.messages import failure

__all__ = ["ERRORS", "UNKNOWN", "failure", "laptop_label", "sentence", "vn_stamp"]

ERRORS = (SyncError, StoreError, DomainError)
"""What the layers below raise with a message for the officer; anything else is a bug."""


def vn_stamp(stamp: str) -> str:
    """"2026-11-01T08:00:15.000+00:00" → "01/11/2026 08:00", as the laptop wrote it."""
    return dates.vn_stamp(stamp) or UNKNOWN


# ====================================================================== typing a new value


def sentence(text: str) -> str:
    """"bị giữ lại" → "Bị giữ lại.": a reason as a sentence."""
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else ""
