"""Verified writes to a USB stick, FAT-safe names and the list of drives."""

from __future__ import annotations

import errno
import io
import os
from collections import namedtuple
from pathlib import Path
from types import SimpleNamespace

import pytest

from antt_tui.sync import stick
from antt_tui.sync.errors import StickError, SyncError
from antt_tui.sync.stick import Drive, fat_safe_name, list_drives, write_verified

DATA = bytes(range(256)) * 400  # 100 KiB


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- write_verified -------------------------------------------------------------------------


def test_write_verified_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "antt-DH-d3f2-0101-0517.anttb"
    write_verified(target, DATA)
    assert target.read_bytes() == DATA
    assert _left(tmp_path) == [target.name]
    write_verified(target, b"newer")  # a second export of the same name replaces it
    assert target.read_bytes() == b"newer"
    assert _left(tmp_path) == [target.name]


class _HalfThenFail(io.BufferedWriter):
    """A file whose write stores half the data, then fails like a full or pulled stick."""

    error = errno.ENOSPC

    def write(self, data) -> int:
        super().write(bytes(data)[: len(data) // 2])
        super().flush()
        raise OSError(self.error, os.strerror(self.error))


def _patch_open(monkeypatch, *, writer=None, reader=None) -> None:
    """Replace `open` inside the stick module only."""
    real_open = open

    def fake_open(file, mode="r", *args, **kwargs):
        if "x" in mode and writer is not None:
            return writer(real_open(file, mode, buffering=0))
        if mode == "rb" and reader is not None:
            return reader()
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(stick, "open", fake_open, raising=False)


@pytest.mark.parametrize(("error", "says"), [
    (errno.ENOSPC, "ổ đĩa đã đầy"),
    (errno.EIO, "đã bị rút ra"),
    (errno.ENODEV, "USB đã bị rút ra"),
    (errno.EROFS, "chỉ cho đọc"),
])
def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch, error: int, says: str) -> None:
    writer = type("W", (_HalfThenFail,), {"error": error})
    _patch_open(monkeypatch, writer=writer)
    target = tmp_path / "antt-DH.anttb"
    with pytest.raises(StickError) as info:
        write_verified(target, DATA)
    assert says in str(info.value)
    assert str(info.value).startswith("Không ghi được gói antt-DH.anttb vào ")
    assert "Gói chưa được ghi" in str(info.value)
    assert isinstance(info.value, SyncError)
    assert _left(tmp_path) == []


def test_a_failed_write_keeps_the_previous_complete_file(tmp_path, monkeypatch) -> None:
    target = tmp_path / "antt-DH.anttb"
    write_verified(target, b"old complete bundle")
    _patch_open(monkeypatch, writer=_HalfThenFail)
    with pytest.raises(StickError):
        write_verified(target, DATA)
    assert _left(tmp_path) == [target.name]
    assert target.read_bytes() == b"old complete bundle"


def test_a_read_back_that_differs_removes_the_file(tmp_path, monkeypatch) -> None:
    _patch_open(monkeypatch, reader=lambda: io.BytesIO(DATA[:-1] + b"\0"))
    with pytest.raises(StickError, match="dữ liệu đọc lại khác với dữ liệu đã ghi"):
        write_verified(tmp_path / "antt-DH.anttb", DATA)
    assert _left(tmp_path) == []


def test_a_read_back_that_fails_removes_the_file(tmp_path, monkeypatch) -> None:
    def reader():
        raise OSError(errno.EIO, "I/O error")

    _patch_open(monkeypatch, reader=reader)
    with pytest.raises(StickError, match="rút ra"):
        write_verified(tmp_path / "antt-DH.anttb", DATA)
    assert _left(tmp_path) == []


def test_a_failed_rename_leaves_nothing(tmp_path, monkeypatch) -> None:
    def replace(src, dst):
        raise OSError(errno.ENODEV, "No such device")

    monkeypatch.setattr(stick.atomic, "replace", replace)
    with pytest.raises(StickError, match="USB đã bị rút ra"):
        write_verified(tmp_path / "antt-DH.anttb", DATA)
    assert _left(tmp_path) == []


def test_a_full_stick_is_refused_before_writing(tmp_path, monkeypatch) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(stick.shutil, "disk_usage", lambda p: usage(10**9, 10**9 - 1000, 1000))
    _patch_open(monkeypatch, writer=lambda raw: pytest.fail("wrote to a full stick"))
    with pytest.raises(StickError, match="ổ đĩa đã đầy"):
        write_verified(tmp_path / "antt-DH.anttb", DATA)
    assert _left(tmp_path) == []


def test_an_interrupt_midway_leaves_nothing(tmp_path, monkeypatch) -> None:
    class Interrupted(io.BufferedWriter):
        def write(self, data) -> int:
            super().write(bytes(data)[:10])
            raise KeyboardInterrupt

    _patch_open(monkeypatch, writer=Interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_verified(tmp_path / "antt-DH.anttb", DATA)
    assert _left(tmp_path) == []


def test_a_missing_folder_is_reported_as_a_removed_stick(tmp_path) -> None:
    with pytest.raises(StickError, match="USB đã bị rút ra"):
        write_verified(tmp_path / "gone" / "antt-DH.anttb", DATA)


# --- fat_safe_name --------------------------------------------------------------------------


@pytest.mark.parametrize(("parts", "expected"), [
    (("antt", "DH", "d3f2", "0101", "0517"), "antt-DH-d3f2-0101-0517"),
    (("antt", "Thôn Đông Hạ"), "antt-Thon_Dong_Ha"),
    (("đường", "ĐẠI"), "duong-DAI"),
    (("a<b>c:d\"e/f\\g|h?i*j",), "a_b_c_d_e_f_g_h_i_j"),
    (("tab\there", "new\nline", "nul\x00x"), "tab_here-new_line-nul_x"),
    (("", "  ", "DH", ""), "DH"),
    (("trailing.", "dots..."), "trailing-dots"),
    (("CON",), "_CON"),
    (("nul.anttb",), "_nul.anttb"),
    (("LPT1",), "_LPT1"),
    (("COM10",), "COM10"),
    ((), "_"),
    (("???",), "_"),
    (("日本語", "x"), "x"),
])
def test_fat_safe_name(parts, expected: str) -> None:
    assert fat_safe_name(*parts) == expected


def test_fat_safe_name_is_short_and_safe() -> None:
    name = fat_safe_name("Nguyễn Thị Hạnh " * 20, "x" * 200, "<>:*?")
    assert len(name) <= stick.MAX_NAME
    assert name.isascii()
    assert not set(name) & set('<>:"/\\|?* ')
    assert not any(ord(ch) < 32 for ch in name)
    assert not name.endswith((".", " "))


# --- list_drives ----------------------------------------------------------------------------


def test_list_drives_on_this_machine() -> None:
    drives = list_drives()
    assert drives
    for d in drives:
        assert isinstance(d, Drive) and isinstance(d.path, Path)
        assert d.free_bytes >= 0 and isinstance(d.removable, bool)
        assert isinstance(d.label, str) and d.label and isinstance(d.fstype, str)
    order = [(not d.removable, str(d.path)) for d in drives]
    assert order == sorted(order)


Part = namedtuple("Part", "device mountpoint fstype opts")
Usage = namedtuple("Usage", "total used free percent")


def _fake_psutil(monkeypatch, parts, broken: set[str]) -> None:
    import psutil

    def usage(mountpoint):
        if mountpoint in broken:
            raise OSError(errno.ENODEV, "No such device")
        return Usage(100, 40, 60, 40.0)

    monkeypatch.setattr(psutil, "disk_partitions", lambda all=False: list(parts))
    monkeypatch.setattr(psutil, "disk_usage", usage)


def test_list_drives_linux(monkeypatch) -> None:
    monkeypatch.setattr(stick, "sys", SimpleNamespace(platform="linux"))
    _fake_psutil(monkeypatch, [
        Part("/dev/vda1", "/", "ext4", "rw"),
        Part("/dev/sdc1", "/media/canbo/GONE", "vfat", "rw"),
        Part("/dev/sdb1", "/media/canbo/KINGSTON", "vfat", "rw"),
        Part("/dev/sdd1", "/run/media/canbo/THE", "exfat", "rw"),
        Part("/dev/loop3", "/snap/core/1", "squashfs", "ro"),
    ], broken={"/media/canbo/GONE"})
    drives = list_drives()
    assert [(str(d.path), d.removable) for d in drives] == [
        ("/media/canbo/KINGSTON", True), ("/run/media/canbo/THE", True), ("/", False)]
    assert drives[0].free_bytes == 60 and drives[0].fstype == "vfat"
    assert drives[0].label == "KINGSTON"


def test_list_drives_windows(monkeypatch) -> None:
    monkeypatch.setattr(stick, "sys", SimpleNamespace(platform="win32"))
    _fake_psutil(monkeypatch, [
        Part("C:\\", "C:\\", "NTFS", "rw,fixed"),
        Part("D:\\", "D:\\", "CDFS", "ro,cdrom"),
        Part("E:\\", "E:\\", "", "removable"),          # an empty card reader
        Part("F:\\", "F:\\", "FAT32", "rw,removable"),
        Part("G:\\", "G:\\", "exFAT", "rw,removable"),  # pulled out while listing
    ], broken={"G:\\"})
    drives = list_drives()
    assert [(str(d.path), d.removable, d.fstype) for d in drives] == [
        ("F:\\", True, "FAT32"), ("C:\\", False, "NTFS")]
    assert drives[0].label  # the volume label, or the drive letter where none is known
