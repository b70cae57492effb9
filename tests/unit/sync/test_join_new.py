"""A laptop with no database joins: the database is made from the pack, all or nothing; and
what the service says before a database took part in the round trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from antt_tui.roster import Roster
from antt_tui.storage.store import Store
from antt_tui.sync.enrol import Pack
from antt_tui.sync.errors import BundleDamaged, SyncError, WrongCode
from antt_tui.sync.identity import DEVICE_KEY, key_path
from antt_tui.sync.service import SyncService
from tests.builders import add_three_heads, init_tan_lap
from tests.unit.sync.world import Side

NOW = [datetime(2026, 11, 1, 8, 0, tzinfo=UTC)]


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    """The commune's enrolment pack for a laptop of Thôn Đông Hạ (two households there)."""
    commune = Side(tmp_path / "xa", list(NOW), "may-xa")
    init_tan_lap(commune.roster)
    add_three_heads(commune.roster)
    stick = tmp_path / "usb"
    stick.mkdir()
    made = SyncService(commune.roster, clock=commune.clock).enroll("DH", stick)
    commune.close()
    return made


def clock() -> datetime:
    """The laptop's clock: a second on at every reading."""
    NOW[0] += timedelta(seconds=1)
    return NOW[0]


def beside(folder: Path) -> list[str]:
    """The laptop's database folder and anything left beside it by a join."""
    return sorted(p.name for p in folder.parent.iterdir() if folder.name in p.name)


def test_the_database_is_made_from_the_pack(tmp_path: Path, pack: Pack) -> None:
    folder = tmp_path / "may-thon"
    joined = SyncService.join_new(folder, pack.path, pack.code.lower().replace("-", ""),
                                  officer="Trưởng thôn", clock=clock)
    assert (joined.village_code, joined.device, joined.attached) == ("DH", pack.device, 0)
    assert beside(folder) == ["may-thon"]
    with Store.open(folder) as store:
        assert store.meta["sync"]["role"] == "village"
        roster = Roster(store)
        assert sorted(h["code"] for h in roster.store.records("households")) == [
            "DH-0001", "DH-0002"]
        assert SyncService(roster).me().village_code == "DH"


@pytest.mark.parametrize("damage", ["code", "truncated"])
def test_a_wrong_code_or_a_damaged_pack_leaves_nothing(tmp_path: Path, pack: Pack,
                                                       damage: str) -> None:
    folder = tmp_path / "may-thon"
    code = pack.code
    if damage == "code":
        code = "AAAA-BBBB-CCCC-DDDD"
    else:
        data = pack.path.read_bytes()
        pack.path.write_bytes(data[: len(data) // 2])
    with pytest.raises(WrongCode if damage == "code" else BundleDamaged):
        SyncService.join_new(folder, pack.path, code, clock=clock)
    assert beside(folder) == []


def test_an_empty_folder_is_used_and_a_scratch_folder_of_a_power_cut_cleared(
        tmp_path: Path, pack: Pack) -> None:
    folder = tmp_path / "may-thon"
    folder.mkdir()
    scratch = tmp_path / ".may-thon-dang-tham-gia"
    (scratch / "journal").mkdir(parents=True)
    SyncService.join_new(folder, pack.path, pack.code, clock=clock)
    assert beside(folder) == ["may-thon"]
    assert (folder / "antt-db.json").exists()


def test_a_folder_with_other_files_or_a_database_is_refused(tmp_path: Path,
                                                            pack: Pack) -> None:
    folder = tmp_path / "may-thon"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("của ai đó")
    with pytest.raises(SyncError, match="đã có tệp khác"):
        SyncService.join_new(folder, pack.path, pack.code, clock=clock)
    assert sorted(p.name for p in folder.iterdir()) == ["ghi-chu.txt"]

    other = tmp_path / "co-san"
    Store.open(other, create=True).close(backup=False)
    with pytest.raises(SyncError, match="Đã có cơ sở dữ liệu"):
        SyncService.join_new(other, pack.path, pack.code, clock=clock)


def test_the_service_never_names_a_command_of_one_front_end(tmp_path: Path,
                                                            pack: Pack) -> None:
    with Store.open(tmp_path / "moi", create=True) as store, \
            pytest.raises(SyncError) as caught:
        SyncService(Roster(store)).me()
    assert "tham gia xã bằng gói tham gia" in str(caught.value)
    assert "antt" not in str(caught.value)

    folder = tmp_path / "may-thon"
    SyncService.join_new(folder, pack.path, pack.code, clock=clock)
    with Store.open(folder) as store:
        key_path(store, DEVICE_KEY).unlink()
        with pytest.raises(SyncError) as caught:
            SyncService(Roster(store)).me()
    assert "Không tìm thấy khóa của máy thôn" in str(caught.value)
    assert "antt" not in str(caught.value)
