"""The USB round trip as the front ends see it: one method per thing an officer does.

The CLI (`antt sync …`) and the app's sync screens call these, so a workflow is written once.
Every method may raise `SyncError` (or a storage/domain error) with a Vietnamese message and
then has changed nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from antt_tui.roster import Roster
from antt_tui.roster.entities import PersonRecord
from antt_tui.storage import tables
from antt_tui.storage.store import local_now
from antt_tui.sync import bundle as bundles
from antt_tui.sync import duplicates, enrol, export, merge, settle, status, undo
from antt_tui.sync.errors import SyncError
from antt_tui.sync.identity import (
    COMMUNE,
    DEVICE_KEY,
    VILLAGE,
    Identity,
    commune_identity,
    identity,
    key_path,
)
from antt_tui.sync.records import ImportedBundle, QuarantinedEntry
from antt_tui.sync.stick import Drive, list_drives

SILENT_DAYS = status.SILENT_DAYS

# Shown by both front ends, so they say what to do, never a command of one of them.
NOT_SET_UP = ("Cơ sở dữ liệu này chưa tham gia đồng bộ. Ở Công an xã: tạo khóa của xã (hoặc "
              "khôi phục khóa từ bản sao lưu). Ở thôn: tham gia xã bằng gói tham gia trên USB "
              "và mã dùng một lần Công an xã đọc cho.")
NO_DEVICE_KEY = ("Không tìm thấy khóa của máy thôn này (thư mục keys trong thư mục dữ liệu). "
                 "Hãy chép lại thư mục dữ liệu từ bản sao lưu, hoặc liên hệ Công an xã.")


@dataclass(frozen=True, slots=True)
class LastExchange:
    """When this laptop last sent and last received a bundle (None: never)."""

    sent: date | None
    received: date | None

    def days_since_sent(self, today: date) -> int | None:
        """Days since the last bundle went out (None: never sent)."""
        return None if self.sent is None else max(0, (today - self.sent).days)

    def warning(self, today: date) -> bool:
        """Whether it has been too long since the last bundle went out."""
        days = self.days_since_sent(today)
        return days is None or days > SILENT_DAYS


class SyncService:
    """The round trip for one open database."""

    def __init__(self, roster: Roster, *, clock: Callable[[], datetime] = local_now) -> None:
        self.roster = roster
        self.store = roster.store
        self.clock = clock

    # ---------------------------------------------------------------- who we are

    @property
    def role(self) -> str | None:
        """`COMMUNE`, `VILLAGE`, or None before any sync was set up."""
        return (self.store.meta.get("sync") or {}).get("role")

    def me(self) -> Identity:
        """This database's identity (`SyncError` before it joined or made its key)."""
        if self.role is None:
            raise SyncError(NOT_SET_UP)
        if self.role == VILLAGE and not key_path(self.store, DEVICE_KEY).exists():
            raise SyncError(NO_DEVICE_KEY)
        return identity(self.store)

    def commune_key(self, *, create: bool = True) -> Identity:
        """The commune's identity, its key made on first use."""
        commune = self.roster.commune()
        if commune is None:
            raise SyncError("Chưa có xã trong cơ sở dữ liệu.")
        return commune_identity(self.store, commune.id, create=create)

    # ---------------------------------------------------------------- drives and files

    @staticmethod
    def drives() -> list[Drive]:
        """The drives a stick can be, removable ones first."""
        return list_drives()

    def bundles_on(self, folder: Path) -> tuple[list[Path], list[Path]]:
        """The bundles at `folder` for this database, and the others (not for it)."""
        found = bundles.bundles_in(folder)
        return bundles.addressed_to(found, self.me().fingerprint)

    @staticmethod
    def packs_on(folder: Path) -> list[Path]:
        """Enrolment packs at `folder`."""
        return [p for p in bundles.bundles_in(folder) if "-tham-gia-" in p.name]

    # ---------------------------------------------------------------- village laptop

    def join(self, pack: Path, code: str) -> enrol.Joined:
        """Join the commune with an enrolment pack and its one-time code."""
        return enrol.join(self.store, pack, code, clock=self.clock)

    @staticmethod
    def join_new(folder: Path, pack: Path, code: str, *, officer: str = "",
                 clock: Callable[[], datetime] = local_now) -> enrol.Joined:
        """A laptop with no database yet: create it at `folder` by joining (all or nothing;
        open it afterwards)."""
        return enrol.join_new(folder, pack, code, officer=officer, clock=clock)

    def send(self, folder: Path) -> export.Written:
        """The village laptop's bundle for the commune, written to `folder`."""
        return export.export_up(self.roster, self.me(), folder, clock=self.clock)

    def last_exchange(self) -> LastExchange:
        """When this laptop last sent and received."""
        sent = received = None
        for row in self.store.records(tables.SYNC_BUNDLES):
            day = _day(row.get("at", ""))
            if day is None:
                continue
            if row.get("dir") == "out":
                sent = max(sent or day, day)
            elif row.get("dir") == "in":
                received = max(received or day, day)
        return LastExchange(sent, received)

    # ---------------------------------------------------------------- both sides

    def preview(self, paths: list[Path]) -> merge.Plan:
        """What merging these bundles would do (nothing written)."""
        return merge.plan(self.roster, self.me(), paths, clock=self.clock)

    def receive(self, paths: list[Path]) -> merge.Plan:
        """Merge the bundles, all or nothing."""
        return merge.merge(self.roster, self.me(), paths, clock=self.clock)

    def conflicts(self) -> list[settle.Conflict]:
        """The open conflicts."""
        return settle.conflicts(self.roster)

    def resolve(self, conflict_id: str, *, keep: int | None = None,
                value: str | None = None) -> str:
        """Settle one conflict; what was done, in words. `value` is text as an officer types
        it in a form ("Nữ", "24/07/1975"): checked and stored by the form's rules."""
        return settle.resolve(self.roster, conflict_id, keep=keep, value=value)

    def quarantined(self) -> list[QuarantinedEntry]:
        """The entries set aside, oldest first."""
        rows = sorted((q for q in self.store.records(tables.SYNC_QUARANTINE) if not q.get("deleted")),
                      key=lambda q: (q.get("dev", ""), q.get("seq", 0)))
        return [QuarantinedEntry.of(q) for q in rows]

    def household_of(self, table: str, record_id: str) -> str:
        """The household a conflict's or a set-aside entry's record belongs to ("" for none)."""
        if not table or not record_id:
            return ""
        if table == tables.HOUSEHOLDS:
            return record_id
        record = self.store.get(table, record_id) or {}
        return record.get("household_id", "") or ""

    def laptop_names(self) -> dict[str, str]:
        """Device id → the laptop as an officer knows it (see `laptops.laptop_names`)."""
        from antt_tui.sync.laptops import laptop_names

        return laptop_names(self.store)

    def retry(self) -> tuple[int, int]:
        """Check the entries set aside again; (merged, still set aside)."""
        return merge.retry_quarantine(self.roster, self.me(), clock=self.clock)

    # ---------------------------------------------------------------- commune office

    def enroll(self, village: str, folder: Path) -> enrol.Pack:
        """An enrolment pack for a new laptop of a village, and its one-time code."""
        return enrol.enroll(self.roster, self.commune_key(), village, folder, clock=self.clock)

    def send_back(self, folder: Path, village: str | None = None) -> list[export.Written]:
        """The return bundles for every enrolled laptop (of one village, or all)."""
        return export.export_down(self.roster, self.me(), folder, clock=self.clock,
                                  village=village)

    def status(self, today: date) -> list[status.Row]:
        """Each laptop's state, what needs attention first."""
        return status.status(self.roster, self.me(), today)

    def duplicates(self) -> list[duplicates.Pair]:
        """The suggested pairs."""
        return duplicates.suggest(self.store)

    def merge_plan(self, first: str, second: str,
                   take: dict[str, int] | None = None) -> duplicates.Merge:
        """What merging a pair into the first record would write (nothing saved); `take`
        maps a differing field to 1 or 2, the record whose value the person keeps."""
        return duplicates.plan(self.store, first, second, take, today=self.roster.today())

    def same(self, first: str, second: str, take: dict[str, int] | None = None, *,
             accept_warnings: bool = False) -> PersonRecord:
        """Merge a pair into the first record, with the values chosen in `take`; the person
        kept, as saved."""
        return duplicates.same(self.store, first, second, take, today=self.roster.today(),
                               accept_warnings=accept_warnings)

    def not_same(self, first: str, second: str) -> None:
        """Never suggest this pair again."""
        duplicates.not_same(self.store, first, second)

    def imported(self) -> list[ImportedBundle]:
        """The bundles merged here, newest first."""
        return [ImportedBundle.of(b) for b in undo.imported(self.roster)]

    def imported_bundle(self, ref: str) -> ImportedBundle:
        """A bundle merged here by its id (a prefix is enough) or its file name."""
        return ImportedBundle.of(undo.find_bundle(self.roster, ref))

    def undo(self, bundle_id: str, reason: str) -> int:
        """Take a bundle back; how many entries it had brought."""
        return undo.undo(self.roster, bundle_id, reason=reason)[1]

    def backup_key(self, path: Path, passphrase: str, *, sheet: Path | None = None,
                   today: date | None = None) -> str:
        """Write the commune key, protected by `passphrase`, to `path` (and the printable
        recovery sheet to `sheet`); returns the key's fingerprint."""
        from antt_tui.sync.keys import backup_blob
        from antt_tui.sync.sheet import recovery_sheet
        from antt_tui.sync.stick import write_verified

        me = self.commune_key()
        write_verified(path, backup_blob(me.keys, passphrase, meta={"commune_id": me.commune_id}))
        if sheet is not None:
            commune = self.roster.commune()
            write_verified(sheet, recovery_sheet(me.keys.words(), me.fingerprint,
                                                 commune.name if commune else "",
                                                 today or self.clock().date()))
        return me.fingerprint

    def restore_key(self, *, path: Path | None = None, passphrase: str = "",
                    words: str | None = None) -> str:
        """Bring the commune key back from a backup file or the 24 words; its fingerprint."""
        from antt_tui.sync.identity import install_commune_key
        from antt_tui.sync.keys import KeyPair, restore_blob

        if words is not None:
            keys = KeyPair.from_words(words)
        elif path is not None:
            keys, _ = restore_blob(path.read_bytes(), passphrase)
        else:
            raise SyncError("Cho tệp sao lưu khóa hoặc 24 từ của phiếu khôi phục.")
        commune = self.roster.commune()
        install_commune_key(self.store, keys, commune.id if commune else "")
        return keys.fingerprint()

    def is_commune(self) -> bool:
        """Whether this is the commune office's database."""
        return self.role == COMMUNE

    def is_village(self) -> bool:
        """Whether this is a village laptop that joined."""
        return self.role == VILLAGE


def _day(stamp: str) -> date | None:
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError:
        return None
