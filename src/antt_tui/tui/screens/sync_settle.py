"""What the screens that settle a merge's open items share (the conflict queue, the duplicate
pairs, the entries set aside): the errors they show, dates and laptops in words.

Every call goes through `SyncService` in a thread worker; a save runs under `state.run` and
then posts `DataChanged`, which makes every screen (these too) read again, so a settled item
disappears. An error of the layers below arrives as its Vietnamese message and leaves the
screen as it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.screen import Screen

from antt_tui.domain.errors import DomainError, ValidationError
from antt_tui.storage.errors import StoreError
from antt_tui.storage.store import Store
from antt_tui.sync.errors import SyncError
from antt_tui.sync.identity import COMMUNE, VILLAGE

ERRORS = (SyncError, StoreError, DomainError)
"""What the layers below raise with a message for the officer; anything else is a bug."""

UNKNOWN = "không rõ"
"""Shown where the journal does not say (who, when, which laptop)."""

def vn_stamp(stamp: str) -> str:
    """"2026-11-01T08:00:15.000+00:00" → "01/11/2026 08:00", as the laptop wrote it."""
    try:
        return f"{datetime.fromisoformat(stamp):%d/%m/%Y %H:%M}"
    except ValueError:
        return stamp or UNKNOWN


def laptop_names(store: Store) -> dict[str, str]:
    """Device id → the laptop as an officer knows it ("Thôn Đông Hạ, máy 1", "máy này")."""
    role = (store.meta.get("sync") or {}).get("role")
    villages = {v["id"]: v.get("name", "") for v in store.records("villages")}
    names: dict[str, str] = {}
    for peer in store.records("sync_peers"):
        if peer["id"].startswith("ack:"):
            continue
        device = store.get("sync_devices", peer.get("key") or "") if peer.get("key") else None
        if device is not None:
            village = villages.get(device.get("village_id", ""), "") or "thôn ?"
            names[peer["id"]] = f"{village}, máy {device.get('number', 1)}"
        elif role == VILLAGE and not peer.get("key"):
            names[peer["id"]] = "Công an xã"  # what the commune sends comes without a key
    own = "Công an xã (máy này)" if role == COMMUNE else "Máy này"
    for dev in (store.device_id, *store.meta.get("previous_device_ids", [])):
        names[dev] = own
    return names


def laptop_label(names: dict[str, str], dev: str) -> str:
    return names.get(dev) or (f"máy {dev}" if dev else UNKNOWN)


def household_of(store: Store, table: str, record_id: str) -> str:
    """The household a record belongs to ("" for none)."""
    if not table or not record_id:
        return ""
    if table == "households":
        return record_id
    record = store.get(table, record_id) or {}
    return record.get("household_id", "") or ""


def fail(screen: Screen[Any], exc: Exception, title: str) -> None:
    """Say what went wrong (called in the app's thread)."""
    text = "\n".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
    screen.app.notify(text, title=title, severity="error", timeout=10)


# ====================================================================== typing a new value


def sentence(text: str) -> str:
    """"bị giữ lại" → "Bị giữ lại.": a reason as a sentence."""
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else ""
