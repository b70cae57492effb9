"""Who this database is in the USB round trip: the commune office, or one village laptop.

The commune's key pair signs return bundles and opens what villages send; each village
laptop has its own key pair, made by the commune at enrolment and handed over in the
enrolment pack, and knows the commune's public keys. Secret keys live in the database
folder's `keys/` (never in the journal, never on a stick except inside a pack or a
passphrase-protected backup). The database's meta (`antt-db.json`) says the role.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from antt_tui.storage import tables
from antt_tui.storage.store import Store
from antt_tui.sync.errors import SyncError
from antt_tui.sync.keys import KeyPair, PublicKeys, load_keypair, save_keypair

COMMUNE = "commune"
VILLAGE = "village"
KEYS_DIR = "keys"
COMMUNE_KEY = "commune.key"
DEVICE_KEY = "device.key"


@dataclass(frozen=True, slots=True)
class Identity:
    """This database's part in the round trip."""

    role: str
    """`COMMUNE` or `VILLAGE`."""
    keys: KeyPair
    """The commune's key pair, or this village laptop's."""
    commune_public: PublicKeys
    """The commune's public keys (its own, at the commune)."""
    commune_id: str
    village_id: str = ""
    """The village this laptop holds (empty at the commune)."""
    village_code: str = ""
    cert: dict[str, str] | None = None
    """The commune's signed word that this laptop's key belongs to its village."""

    @property
    def fingerprint(self) -> str:
        """This side's key fingerprint."""
        return self.keys.fingerprint()


def key_path(store: Store, name: str) -> Path:
    """Where one of this database's keys is kept."""
    return store.folder / KEYS_DIR / name


def _save(path: Path, keys: KeyPair, meta: dict[str, Any]) -> None:
    path.parent.mkdir(exist_ok=True)
    save_keypair(path, keys, meta=meta)


def commune_identity(store: Store, commune_id: str, *, create: bool) -> Identity:
    """The commune's identity, its key made on first use (`create`)."""
    role = (store.meta.get("sync") or {}).get("role")
    if role == VILLAGE:
        raise SyncError("Đây là máy của thôn; việc này chỉ làm được ở máy của Công an xã.")
    path = key_path(store, COMMUNE_KEY)
    try:
        keys, _ = load_keypair(path)
    except FileNotFoundError:
        had = (store.meta.get("sync") or {}).get("commune_key")
        if had:
            # A new key would cut off every enrolled village laptop: only the old one will do.
            raise SyncError(f"Khóa của xã (mã {had}) không còn trên máy này (có thể thư mục dữ "
                            "liệu được chép thiếu). Hãy khôi phục khóa từ bản sao hoặc từ 24 "
                            "từ trên phiếu khôi phục; không tạo khóa mới.") from None
        if not create:
            raise SyncError("Máy này chưa có khóa của xã: hãy tạo khóa mới, hoặc khôi phục "
                            "khóa từ bản sao.") from None
        keys = KeyPair.new()
        _save(path, keys, {"commune_id": commune_id})
    if role != COMMUNE:
        set_sync_meta(store, {"role": COMMUNE, "code_holder": "commune",
                              "commune_key": keys.fingerprint()})
    return Identity(COMMUNE, keys, keys.public, commune_id)


def install_commune_key(store: Store, keys: KeyPair, commune_id: str) -> None:
    """Put a restored commune key in place (refused if another key is already here)."""
    path = key_path(store, COMMUNE_KEY)
    try:
        current, _ = load_keypair(path)
    except FileNotFoundError:
        current = None
    if current is not None and current.fingerprint() != keys.fingerprint():
        raise SyncError(f"Máy này đã có một khóa xã khác ({current.fingerprint()}); không ghi "
                        "đè. Hãy khôi phục vào một thư mục dữ liệu khác.")
    had = (store.meta.get("sync") or {}).get("commune_key")
    if current is None and had and had != keys.fingerprint():
        raise SyncError(f"Bản sao này là khóa {keys.fingerprint()}, nhưng dữ liệu này dùng khóa "
                        f"{had}: các máy thôn chỉ nhận khóa {had}. Hãy tìm đúng bản sao.")
    _save(path, keys, {"commune_id": commune_id})
    set_sync_meta(store, {"role": COMMUNE, "code_holder": "commune",
                          "commune_key": keys.fingerprint()})


def village_identity(store: Store) -> Identity:
    """This village laptop's identity (after `antt sync join`)."""
    try:
        keys, meta = load_keypair(key_path(store, DEVICE_KEY))
    except FileNotFoundError:
        raise SyncError("Máy này chưa tham gia xã. Hãy nhận gói tham gia từ Công an xã rồi "
                        "chạy `antt sync join`.") from None
    return Identity(VILLAGE, keys, PublicKeys.from_json(meta["commune_public"]),
                    meta["commune_id"], meta["village_id"], meta["village_code"],
                    meta.get("cert"))


def install_device_key(store: Store, keys: KeyPair, meta: dict[str, Any]) -> None:
    """Keep this village laptop's key and what it knows of the commune."""
    _save(key_path(store, DEVICE_KEY), keys, meta)
    set_sync_meta(store, {"role": VILLAGE, "code_holder": keys.fingerprint(),
                          "village_id": meta["village_id"], "commune_id": meta["commune_id"]})


def identity(store: Store) -> Identity:
    """This database's identity, whichever side it is."""
    role = (store.meta.get("sync") or {}).get("role")
    if role == VILLAGE:
        return village_identity(store)
    if role == COMMUNE:
        commune = next((c for c in store.records(tables.COMMUNES) if not c.get("deleted")), None)
        return commune_identity(store, commune["id"] if commune else "", create=False)
    raise SyncError("Cơ sở dữ liệu này chưa tham gia đồng bộ. Ở xã: `antt sync keys`; ở thôn: "
                    "`antt sync join GÓI --code MÃ`.")


def set_sync_meta(store: Store, values: dict[str, Any]) -> None:
    """Record the sync role in the database's meta (written atomically)."""
    store.set_meta("sync", {**(store.meta.get("sync") or {}), **values})
