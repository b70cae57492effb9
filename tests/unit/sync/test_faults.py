"""Faults in the USB round trip: each gives a clear Vietnamese message and leaves the receiving
database exactly as it was (state hash, journal and the village's hash).

Truncated and bit-flipped bundles, a wrong recipient, a sender that never joined, a bundle
twice, a laptop restored from a backup (a fork), a laptop clock in 2035, a bundle from a newer
program, and a stick that fills up or is pulled out while a bundle is written.
"""

from __future__ import annotations

import dataclasses
import errno
import io
import os
import shutil
from collections import namedtuple
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from antt_tui.storage.journal import parse_hlc, read_lines
from antt_tui.sync import bundle as bundles
from antt_tui.sync import container, enrol, export, merge, stick
from antt_tui.sync.errors import (
    BadSignature,
    BundleDamaged,
    NewerBundle,
    NotForThisDatabase,
    StickError,
)
from antt_tui.sync.identity import commune_identity
from antt_tui.sync.keys import KeyPair
from tests.builders import add_three_heads, init_tan_lap
from tests.unit.sync.world import Side

START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
DAMAGED = BundleDamaged().message
NOT_FOR_US = NotForThisDatabase().message
BAD_SIGNATURE = BadSignature().message


@dataclasses.dataclass
class World:
    """A commune (DH with two households, TL with one) and one joined laptop of DH, each with
    its own clock, so that one of them can be set wrong."""

    tmp: Path
    commune: Side
    village: Side
    stick: Path
    commune_now: list[datetime]
    village_now: list[datetime]
    pack: enrol.Pack

    def restart_village(self) -> None:
        """Close the village laptop and open its folder again (after a copy or a clock fix)."""
        self.village.close()
        self.village = Side(self.tmp / "thon", self.village_now, "may-thon")

    def up(self) -> Path:
        """The village laptop writes its bundle for the commune."""
        return export.export_up(self.village.roster, self.village.me(), self.stick,
                                clock=self.village.clock).path

    def down(self) -> Path:
        """The commune writes the return bundle for the village laptop."""
        [written] = export.export_down(self.commune.roster, self.commune.me(), self.stick,
                                       clock=self.commune.clock, village="DH")
        return written.path

    def at_commune(self, *paths: Path) -> merge.Plan:
        """Merge bundles at the commune."""
        return merge.merge(self.commune.roster, self.commune.me(), list(paths),
                           clock=self.commune.clock)

    def at_village(self, *paths: Path) -> merge.Plan:
        """Merge bundles on the village laptop."""
        return merge.merge(self.village.roster, self.village.me(), list(paths),
                           clock=self.village.clock)


def make_commune(folder: Path, now: list[datetime], host: str) -> Side:
    """Xã Tân Lập with two villages, its key made."""
    side = Side(folder, now, host)
    init_tan_lap(side.roster)
    add_three_heads(side.roster)
    commune_identity(side.store, side.roster.commune().id, create=True)
    return side


def join_village(commune: Side, folder: Path, now: list[datetime], host: str,
                 stick_dir: Path) -> tuple[Side, enrol.Pack]:
    """Enrol a laptop of DH at `commune` and join it."""
    pack = enrol.enroll(commune.roster, commune.me(), "DH", stick_dir, clock=commune.clock)
    village = Side(folder, now, host)
    enrol.join(village.store, pack.path, pack.code, clock=village.clock)
    village.reopen()
    return village, pack


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    commune_now, village_now = [START], [START]
    commune = make_commune(tmp_path / "xa", commune_now, "may-xa")
    usb = tmp_path / "usb"
    usb.mkdir()
    village, pack = join_village(commune, tmp_path / "thon", village_now, "may-thon", usb)
    w = World(tmp_path, commune, village, usb, commune_now, village_now, pack)
    yield w
    w.commune.close()
    w.village.close()


def state(side: Side, *villages: str) -> tuple[str, ...]:
    """What must not change: the state hash, the last journal number, the villages' hashes."""
    assert side.store.journal is not None
    return (side.store.state_hash(), str(side.store.journal.last_seq),
            *(side.hash(code) for code in villages))


def errors(plan: merge.Plan) -> list[str]:
    """The error of each bundle of a merge ("" for one that was used)."""
    return [b.error for b in plan.bundles]


def last_entry(side: Side) -> dict[str, Any]:
    """The newest line of this database's own journal."""
    return read_lines(side.store.journal_dir / side.store.device_id)[-1][0]


def year_of(hlc: str) -> int:
    """The calendar year of a clock stamp."""
    return datetime.fromtimestamp(parse_hlc(hlc)[0] / 1000, tz=UTC).year


# --------------------------------------------------------------------------- damaged files


@pytest.mark.parametrize("cut", [0, 3, 7, 9, 40, 0.5, -65, -1],
                         ids=lambda c: f"cut{c}")
def test_a_truncated_bundle_is_refused_and_changes_nothing(world: World, cut: float) -> None:
    world.village.roster.edit_household("DH-0001", {"address": "Xóm 2"})
    data = world.up().read_bytes()
    short = world.tmp / "cut.anttb"
    short.write_bytes(data[:int(len(data) * cut) if isinstance(cut, float) else cut])
    before = state(world.commune, "DH", "TL")
    preview = merge.plan(world.commune.roster, world.commune.me(), [short],
                         clock=world.commune.clock)
    result = world.at_commune(short)
    assert errors(preview) == errors(result) == [DAMAGED]
    assert "chưa chép xong" in DAMAGED and "gửi lại" in DAMAGED
    assert result.changes == 0
    assert state(world.commune, "DH", "TL") == before


def test_a_flipped_bit_anywhere_is_refused_and_changes_nothing(world: World) -> None:
    world.village.roster.edit_household("DH-0001", {"address": "Xóm 2"})
    data = world.up().read_bytes()
    head_end = len(container.MAGIC) + 4 + int.from_bytes(data[7:11], "big") + 8
    # every byte of the framing and the clear header, then a sample of the sealed payload
    # and the signature; each with every bit
    positions = [*range(head_end), *range(head_end, len(data), 11), len(data) - 1]
    damaged = world.tmp / "flip.anttb"
    before = state(world.commune, "DH", "TL")
    seen: set[str] = set()
    for pos in positions:
        for bit in range(8):
            flipped = bytearray(data)
            flipped[pos] ^= 1 << bit
            damaged.write_bytes(bytes(flipped))
            [error] = errors(world.at_commune(damaged))
            assert error, f"byte {pos}, bit {bit}: the damaged bundle was accepted"
            if error.startswith("Gói này đến từ một máy chưa tham gia xã (mã khóa "):
                error = "unknown sender"   # a flipped letter of the sender's fingerprint
            elif error.startswith("Gói được tạo bởi phiên bản mới hơn (định dạng "):
                error = "newer"            # a flipped digit of the header's format
            seen.add(error)
    assert state(world.commune, "DH", "TL") == before
    assert BAD_SIGNATURE in seen and DAMAGED in seen
    assert seen <= {BAD_SIGNATURE, DAMAGED, NOT_FOR_US, "unknown sender", "newer",
                    "Tệp này không phải gói dữ liệu của chương trình"}


def test_a_bundle_from_a_newer_program_is_refused_naming_the_version(world: World) -> None:
    me = world.village.me()
    head = bundles.header("up", commune=me.commune_id, village_code="DH",
                          device=world.village.store.device_id, bundle="f" * 16,
                          made_at=START, entries=1)
    payload = {"format": 99, "kind": "up", "bundle": "f" * 16, "commune": me.commune_id,
               "village": me.village_id, "chains": {"d-ffffffffffff": [{"line": "{}"}]}}
    newer = world.stick / "antt-newer.anttb"
    newer.write_bytes(container.write_container(head, orjson.dumps(payload), sender=me.keys,
                                                recipient=me.commune_public))
    before = state(world.commune, "DH", "TL")
    result = world.at_commune(newer)
    assert errors(result) == [NewerBundle(99).message]
    assert "định dạng 99" in result.bundles[0].error
    assert "cập nhật chương trình" in result.bundles[0].error
    assert state(world.commune, "DH", "TL") == before


# --------------------------------------------------------------------------- who sent it


@pytest.fixture
def other_commune(world: World) -> Iterator[tuple[Side, Side]]:
    """A second commune with its own joined laptop of its own DH."""
    now = [START]
    usb = world.tmp / "usb-2"
    usb.mkdir()
    commune = make_commune(world.tmp / "xa-2", now, "may-xa-2")
    village, _ = join_village(commune, world.tmp / "thon-2", now, "may-thon-2", usb)
    yield commune, village
    commune.close()
    village.close()


def test_a_bundle_sealed_to_another_commune_is_refused(world: World, other_commune) -> None:
    _, stranger = other_commune
    stranger.roster.edit_household("DH-0001", {"address": "Xã khác"})
    theirs = export.export_up(stranger.roster, stranger.me(), world.stick,
                              clock=stranger.clock).path
    before = state(world.commune, "DH", "TL")
    mine, others = bundles.addressed_to([theirs], world.commune.me().fingerprint)
    assert (mine, others) == ([], [theirs])      # `antt sync import` skips it
    result = world.at_commune(theirs)            # and handed over anyway, it is refused
    assert errors(result) == [NOT_FOR_US]
    assert state(world.commune, "DH", "TL") == before
    assert world.commune.roster.household("DH-0001").address == "Xóm 1"


def test_a_return_bundle_for_another_laptop_is_refused(world: World) -> None:
    second, _ = join_village(world.commune, world.tmp / "thon-b", world.village_now, "may-b",
                             world.stick)
    try:
        world.commune.roster.edit_household("DH-0002", {"notes": "Xã sửa"})
        paths = [w.path for w in export.export_down(world.commune.roster, world.commune.me(),
                                                    world.stick, clock=world.commune.clock)]
        theirs = [p for p in paths if bundles.addressed_to([p], second.me().fingerprint)[0]]
        assert len(paths) == 2 and len(theirs) == 1
        before = state(world.village, "DH")
        assert errors(world.at_village(*theirs)) == [NOT_FOR_US]
        assert state(world.village, "DH") == before
    finally:
        second.close()


def _says_never_joined(error: str, fingerprint: str) -> None:
    assert error == f"Gói này đến từ một máy chưa tham gia xã (mã khóa {fingerprint})"


def test_a_laptop_of_another_commune_that_never_joined_here_is_named(world: World,
                                                                      other_commune) -> None:
    # A laptop enrolled at another commune that somehow holds this commune's public key.
    _, stranger = other_commune
    stranger.roster.edit_household("DH-0001", {"address": "Xã khác"})
    readdressed = dataclasses.replace(stranger.me(),
                                      commune_public=world.commune.me().commune_public)
    theirs = export.export_up(stranger.roster, readdressed, world.stick,
                              clock=stranger.clock).path
    before = state(world.commune, "DH", "TL")
    result = world.at_commune(theirs)
    _says_never_joined(result.bundles[0].error, stranger.me().fingerprint)
    assert state(world.commune, "DH", "TL") == before


def test_a_key_that_was_never_enrolled_is_named(world: World) -> None:
    me, forger = world.village.me(), KeyPair.new()
    head = bundles.header("up", commune=me.commune_id, village_code="DH",
                          device="d-000000000000", bundle="e" * 16, made_at=START, entries=0)
    forged = world.stick / "antt-forged.anttb"
    forged.write_bytes(container.write_container(
        head, bundles.dumps({"kind": "up", "bundle": "e" * 16, "commune": me.commune_id,
                             "village": me.village_id, "chains": {}}),
        sender=forger, recipient=me.commune_public))
    before = state(world.commune, "DH", "TL")
    _says_never_joined(world.at_commune(forged).bundles[0].error, forger.fingerprint())
    assert state(world.commune, "DH", "TL") == before


def test_a_laptop_whose_enrolment_was_withdrawn_is_named(world: World) -> None:
    world.village.roster.edit_household("DH-0001", {"address": "Xóm 2"})
    sent = world.up()
    store = world.commune.store
    store.commit("sync.enrol", store.op_set("sync_devices", world.pack.device, {"deleted": True}),
                 summary="Thu hồi máy")
    before = state(world.commune, "DH", "TL")
    _says_never_joined(world.at_commune(sent).bundles[0].error, world.pack.device)
    assert state(world.commune, "DH", "TL") == before
    assert world.commune.roster.household("DH-0001").address == "Xóm 1"


# --------------------------------------------------------------------------- twice, forks


def test_a_replayed_bundle_writes_nothing_on_either_side(world: World) -> None:
    world.village.roster.edit_household("DH-0001", {"address": "Xóm 2"})
    up = world.up()
    assert world.at_commune(up).changes >= 1
    world.commune.roster.edit_household("DH-0002", {"notes": "Xã sửa"})
    down = world.down()
    assert world.at_village(down).changes >= 1
    for side, merge_again, path, villages in (
            (world.commune, world.at_commune, up, ("DH", "TL")),
            (world.village, world.at_village, down, ("DH",))):
        before = state(side, *villages)
        for _ in range(2):
            again = merge_again(path)
            assert again.changes == 0 and again.quarantined == 0 and again.held == 0
            assert all(b.already for b in again.bundles)
            assert state(side, *villages) == before
    assert world.commune.hash("DH") == world.village.hash("DH")


def test_a_replayed_bundle_with_entries_waiting_for_a_gap_writes_nothing(world: World) -> None:
    # The laptop believes the commune holds more of it than it does (the commune's folder
    # was put back from an older copy): its next bundle starts after a gap.
    for n in range(5):
        world.village.roster.edit_household("DH-0001", {"address": f"Xóm {n}"})
    store, me = world.village.store, world.village.me()
    store.commit("test", store.op_set("sync_peers", f"ack:{me.commune_public.fingerprint()}", {
        "seen": {store.device_id: 4}}))
    sent = world.up()
    first = world.at_commune(sent)
    [report] = first.bundles[0].devices.values()
    assert report.gap == (1, 4) and first.held == 3 and first.changes == 0
    before = state(world.commune, "DH", "TL")
    again = world.at_commune(sent)
    assert again.held == 3 and again.changes == 0
    assert state(world.commune, "DH", "TL") == before


def _copy(src: Path, dst: Path) -> None:
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)


def test_a_laptop_restored_from_a_backup_is_a_fork_set_aside(world: World) -> None:
    folder, saved = world.tmp / "thon", world.tmp / "thon-copy"
    world.village.close()
    _copy(folder, saved)                        # the backup the laptop will be put back from
    world.restart_village()
    world.village.roster.edit_household("DH-0001", {"address": "Xóm 3"})
    world.village.roster.add_household("DH", household={"address": "Xóm 7"}, head={
        "full_name": "Lê Thị Hoa", "sex": "nu", "birth": "1980"})
    assert world.at_commune(world.up()).changes == 2
    merged = world.commune.roster.household("DH-0001").form_values()

    world.village.close()
    _copy(saved, folder)                        # the laptop is restored: same device id
    world.restart_village()
    world.village.roster.edit_household("DH-0001", {"address": "Xóm 9"})
    world.village.roster.edit_household("DH-0002", {"notes": "Nhánh khác"})
    forked = world.up()
    before = state(world.commune, "DH", "TL")
    households = {h.id: h.form_values() for h in world.commune.roster.households()}
    result = world.at_commune(forked)

    assert result.changes == 0 and result.quarantined >= 1
    [report] = result.bundles[0].devices.values()
    assert report.fork is not None and report.dev == world.village.store.device_id
    [(seq, why)] = report.quarantined
    assert "nhánh nhật ký khác" in why and "tham gia lại" in why
    [row] = [q for q in world.commune.store.records("sync_quarantine") if q.get("fork")]
    assert row["seq"] == seq and "tham gia lại" in row["reason"]
    # the rest of the commune is unchanged: both villages' records, every household
    assert state(world.commune, "DH", "TL")[2:] == before[2:]
    assert {h.id: h.form_values() for h in world.commune.roster.households()} == households
    assert world.commune.roster.household("DH-0001").form_values() == merged
    assert world.commune.roster.household("DH-0001").address == "Xóm 3"

    # the same forked bundle again writes nothing more
    after = state(world.commune, "DH", "TL")
    assert world.at_commune(forked).quarantined >= 1
    assert state(world.commune, "DH", "TL") == after


# --------------------------------------------------------------------------- clocks


def test_a_laptop_clock_in_2035_is_set_aside_and_does_not_drag_the_commune(world: World) -> None:
    world.village_now[0] = datetime(2035, 3, 1, 8, 0, tzinfo=UTC)
    world.restart_village()
    world.village.roster.edit_household("DH-0001", {"address": "Xóm 35"})
    world.village.roster.add_household("DH", household={"address": "Xóm 8"}, head={
        "full_name": "Lê Thị Hoa", "sex": "nu", "birth": "1980"})
    assert year_of(last_entry(world.village)["hlc"]) == 2035
    sent = world.up()
    before = state(world.commune, "DH", "TL")

    result = world.at_commune(sent)
    assert result.changes == 0 and result.quarantined == 2
    for _seq, why in next(iter(result.bundles[0].devices.values())).quarantined:
        assert why == "đồng hồ của máy gửi sai (ghi ngày 01/03/2035, quá xa so với hôm nay)"
    assert state(world.commune, "DH", "TL")[2:] == before[2:]   # no record changed
    assert world.commune.roster.household("DH-0001").address == "Xóm 1"

    # the commune's own saves afterwards are stamped 2026, also after reopening
    world.commune.roster.edit_household("DH-0002", {"notes": "Sau khi nhận"})
    assert year_of(last_entry(world.commune)["hlc"]) == 2026
    world.commune.reopen()
    world.commune.roster.edit_household("DH-0002", {"notes": "Mở lại"})
    entry = last_entry(world.commune)
    assert year_of(entry["hlc"]) == 2026 and entry["at"].startswith("2026-")

    # nothing changes when they are tried again while the dates are still wrong
    assert merge.retry_quarantine(world.commune.roster, world.commune.me(),
                                  clock=world.commune.clock) == (0, 2)


def test_retry_merges_what_a_wrong_commune_clock_set_aside(world: World) -> None:
    # The commune laptop's battery died and its clock went back to 2024: the village's
    # 2026 entries look far ahead and are set aside. Once the clock is right, retry.
    world.village.roster.edit_household("DH-0001", {"address": "Xóm 2"})
    world.village.roster.add_household("DH", household={"address": "Xóm 8"}, head={
        "full_name": "Lê Thị Hoa", "sex": "nu", "birth": "1980"})
    sent = world.up()
    world.commune_now[0] = datetime(2024, 1, 1, 7, 0, tzinfo=UTC)
    result = world.at_commune(sent)
    assert result.changes == 0 and result.quarantined == 2
    assert world.commune.roster.household("DH-0001").address == "Xóm 1"

    world.commune_now[0] = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert merge.retry_quarantine(world.commune.roster, world.commune.me(),
                                  clock=world.commune.clock) == (2, 0)
    assert world.commune.roster.household("DH-0001").address == "Xóm 2"
    assert world.commune.roster.household("DH-0101").address == "Xóm 8"
    assert not [q for q in world.commune.store.records("sync_quarantine")
                if not q.get("deleted")]
    before = state(world.commune, "DH", "TL")
    assert world.at_commune(sent).changes == 0                    # and the bundle is known
    assert state(world.commune, "DH", "TL") == before
    world.at_village(world.down())
    assert world.village.hash("DH") == world.commune.hash("DH")


def test_entries_made_after_the_laptop_clock_is_set_right_are_merged(world: World) -> None:
    world.village_now[0] = datetime(2035, 3, 1, 8, 0, tzinfo=UTC)
    world.restart_village()
    world.village.roster.edit_household("DH-0001", {"address": "Xóm 35"})
    assert world.at_commune(world.up()).quarantined == 1
    world.village_now[0] = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    world.restart_village()
    assert any("Đồng hồ của máy này" in n for n in world.village.store.notices)
    world.village.roster.edit_household("DH-0002", {"notes": "Đồng hồ đã đúng"})
    assert year_of(last_entry(world.village)["hlc"]) == 2026
    result = world.at_commune(world.up())
    assert result.changes == 1 and result.quarantined == 0
    assert world.commune.roster.household("DH-0002").notes == "Đồng hồ đã đúng"
    # what was stamped 2035 stays set aside: its stamp cannot change without breaking the
    # laptop's signed chain, and letting it in would make it win every edit until 2035
    assert merge.retry_quarantine(world.commune.roster, world.commune.me(),
                                  clock=world.commune.clock) == (0, 1)
    assert world.commune.roster.household("DH-0001").address == "Xóm 1"


# --------------------------------------------------------------------------- the stick


class _FailingWrite(io.BufferedWriter):
    """Stores half of what it is given, then fails like a full or pulled stick."""

    error = errno.ENOSPC

    def write(self, data: Any) -> int:
        super().write(bytes(data)[: len(data) // 2])
        super().flush()
        raise OSError(self.error, os.strerror(self.error))


def _break_stick(mp: pytest.MonkeyPatch, error: int) -> None:
    """Make the next stick write fail halfway with `error`."""
    real_open = open
    writer = type("Failing", (_FailingWrite,), {"error": error})

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "x" in mode:
            return writer(real_open(file, mode, buffering=0))
        return real_open(file, mode, *args, **kwargs)

    mp.setattr(stick, "open", fake_open, raising=False)


@pytest.mark.parametrize(("error", "says"), [(errno.ENOSPC, "đầy"),
                                              (errno.ENODEV, "USB đã bị rút ra")],
                         ids=["full", "removed"])
@pytest.mark.parametrize("side", ["village", "commune"])
def test_a_stick_that_fails_midway_leaves_nothing_and_no_record(world: World, side: str,
                                                                error: int, says: str) -> None:
    world.village.roster.edit_household("DH-0001", {"address": "Xóm 2"})
    world.commune.roster.edit_household("DH-0002", {"notes": "Xã sửa"})
    usb = world.tmp / "usb-out"
    usb.mkdir()
    writer = world.village if side == "village" else world.commune
    villages = ("DH",) if side == "village" else ("DH", "TL")
    before = state(writer, *villages)
    with pytest.MonkeyPatch.context() as mp, pytest.raises(StickError) as info:
        _break_stick(mp, error)
        if side == "village":
            export.export_up(world.village.roster, world.village.me(), usb,
                             clock=world.village.clock)
        else:
            export.export_down(world.commune.roster, world.commune.me(), usb,
                               clock=world.commune.clock, village="DH")
    message = str(info.value)
    assert message.startswith("Không ghi được gói antt-") and says in message
    assert "Gói chưa được ghi" in message
    assert list(usb.iterdir()) == []            # neither the final name nor a *.tmp
    assert state(writer, *villages) == before   # the export is not recorded
    assert not [b for b in writer.store.records("sync_bundles") if b.get("dir") == "out"]


def test_a_full_stick_is_refused_before_anything_is_written(world: World) -> None:
    usage = namedtuple("usage", "total used free")
    usb = world.tmp / "usb-full"
    usb.mkdir()
    before = state(world.village, "DH")
    with pytest.MonkeyPatch.context() as mp, pytest.raises(StickError, match="đầy"):
        mp.setattr(stick.shutil, "disk_usage", lambda p: usage(10**9, 10**9 - 10, 10))
        export.export_up(world.village.roster, world.village.me(), usb,
                         clock=world.village.clock)
    assert list(usb.iterdir()) == []
    assert state(world.village, "DH") == before


def test_a_stick_pulled_out_while_writing_an_enrolment_pack_enrols_no_laptop(world: World
                                                                             ) -> None:
    usb = world.tmp / "usb-enrol"
    usb.mkdir()
    before = state(world.commune, "DH", "TL")
    devices = [d["id"] for d in world.commune.store.records("sync_devices")]
    block = enrol.allocate_block(world.commune.roster, world.commune.roster.village("DH"))
    with pytest.MonkeyPatch.context() as mp, pytest.raises(StickError, match="rút ra"):
        _break_stick(mp, errno.ENODEV)
        enrol.enroll(world.commune.roster, world.commune.me(), "DH", usb,
                     clock=world.commune.clock)
    assert list(usb.iterdir()) == []
    assert [d["id"] for d in world.commune.store.records("sync_devices")
            if not d.get("deleted")] == devices
    assert state(world.commune, "DH", "TL")[2:] == before[2:]
    # no laptop that cannot exist is waited for, and its household numbers are free again
    assert [w.village_code for w in export.export_down(
        world.commune.roster, world.commune.me(), usb, clock=world.commune.clock)] == ["DH"]
    again = enrol.enroll(world.commune.roster, world.commune.me(), "DH", usb,
                         clock=world.commune.clock)
    assert again.block == block


def test_a_lost_commune_key_is_never_silently_replaced(world: World) -> None:
    """A data folder copied without its key: making a new key would cut off every village
    laptop, so enrolling, backing up and exporting refuse and ask for the old key back."""
    from antt_tui.sync.identity import COMMUNE_KEY, install_commune_key, key_path
    from antt_tui.sync.service import SyncService

    commune, village, stick_dir = world.commune, world.village, world.stick
    old = commune.me()
    path = key_path(commune.store, COMMUNE_KEY)
    path.unlink()
    service = SyncService(commune.roster)
    for step in (lambda: service.enroll("DH", stick_dir),
                 lambda: commune_identity(commune.store, old.commune_id, create=True),
                 lambda: service.send_back(stick_dir)):
        with pytest.raises(Exception) as caught:
            step()
        assert f"Khóa của xã (mã {old.fingerprint})" in str(caught.value)
        assert "không tạo khóa mới" in str(caught.value)
        assert not path.exists()
    with pytest.raises(Exception, match="các máy thôn chỉ nhận khóa"):
        install_commune_key(commune.store, KeyPair.new(), old.commune_id)
    assert not path.exists()
    install_commune_key(commune.store, old.keys, old.commune_id)  # the right backup
    village.roster.edit_household("DH-0001", {"address": "Xóm 9"})
    assert errors(world.at_commune(world.up())) == [""]
    assert commune.roster.household("DH-0001").address == "Xóm 9"
