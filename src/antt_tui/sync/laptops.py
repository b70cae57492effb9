"""Laptops as an officer knows them: "Thôn Đông Hạ, máy 1", "Công an xã (máy này)".

A journal entry names its laptop by a device id ("d-3f2a…"). Both front ends show the name
instead; this is where it comes from.
"""

from __future__ import annotations

from antt_tui.storage import tables
from antt_tui.storage.store import Store
from antt_tui.sync.identity import COMMUNE, VILLAGE

UNKNOWN = "không rõ"
"""Said where the journal does not tell (who, when, which laptop)."""


def laptop_names(store: Store) -> dict[str, str]:
    """Device id → the laptop as an officer knows it ("Thôn Đông Hạ, máy 1", "máy này")."""
    role = (store.meta.get("sync") or {}).get("role")
    villages = {v["id"]: v.get("name", "") for v in store.records(tables.VILLAGES)}
    names: dict[str, str] = {}
    for peer in store.records(tables.SYNC_PEERS):
        if peer["id"].startswith("ack:"):
            continue
        device = store.get(tables.SYNC_DEVICES, peer.get("key") or "") if peer.get("key") else None
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
    """One laptop in words: its name, else "máy <id>", else "không rõ"."""
    return names.get(dev) or (f"máy {dev}" if dev else UNKNOWN)
