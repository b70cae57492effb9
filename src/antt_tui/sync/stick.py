"""Writing bundles to USB sticks and finding the sticks.

A stick can be full, pulled out or simply lie about having written a file. `write_verified`
therefore writes to a temporary `*.tmp` name, fsyncs, renames, and reads the file back: the
final name either holds exactly the bytes given or does not exist.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from antt_tui.storage import atomic
from antt_tui.storage.errors import describe_os_error
from antt_tui.sync.errors import StickError

MAX_NAME = 120
"""The longest name `fat_safe_name` returns (FAT allows 255; the folder path counts too)."""

_REMOVED_ERRNOS = {errno.ENOENT, errno.ENODEV, errno.ENXIO}
_REMOVED_WINERRORS = {2, 3, 21, 55, 1167}  # file/path gone, not ready, no longer available
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _reason(exc: OSError) -> str:
    """Why writing to the stick failed, in words an officer can act on."""
    if exc.errno in _REMOVED_ERRNOS or getattr(exc, "winerror", None) in _REMOVED_WINERRORS:
        return "USB đã bị rút ra hoặc không còn kết nối"
    return describe_os_error(exc)


def _fail(path: Path, reason: str) -> StickError:
    return StickError(
        f"Không ghi được gói {path.name} vào {path.parent}: {reason}. "
        "Gói chưa được ghi; hãy kiểm tra USB rồi xuất lại"
    )


def _drop_cache(fh: BinaryIO) -> None:
    """Ask the OS to forget the cached pages, so the read-back comes from the stick itself."""
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def write_verified(path: Path, data: bytes) -> None:
    """Write `data` to `path` on a stick and check it by reading it back.

    Free space is checked first; then a temporary name in the same folder, fsync, rename
    (`atomic.replace`, retried on Windows), folder fsync, and a SHA-256 comparison of what
    reads back (with the page cache dropped where POSIX allows). On any failure
    the temporary file and the final name are removed (best effort) and `StickError` says
    whether the stick is full or was pulled out.
    """
    path = Path(path)
    tmp = path.with_name(f"{path.stem}-{secrets.token_hex(4)}.tmp")
    expected = hashlib.sha256(data).digest()
    renamed = False
    try:
        if shutil.disk_usage(path.parent).free < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path.parent))
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            _drop_cache(fh)
        atomic.replace(tmp, path)
        renamed = True
        atomic.fsync_dir(path.parent)
        with open(path, "rb") as fh:
            _drop_cache(fh)
            got = hashlib.sha256(fh.read()).digest()
        if got != expected:
            raise _fail(path, "dữ liệu đọc lại khác với dữ liệu đã ghi (USB có thể bị lỗi)")
    except OSError as exc:
        _cleanup(tmp, path if renamed else None)
        raise _fail(path, _reason(exc)) from exc
    except BaseException:
        _cleanup(tmp, path if renamed else None)
        raise


def _cleanup(tmp: Path, final: Path | None) -> None:
    """Remove what a failed write left (best effort: the stick may be gone)."""
    for p in (tmp, final):
        if p is not None:
            with contextlib.suppress(OSError):
                p.unlink(missing_ok=True)


def fat_safe_name(*parts: str) -> str:
    """A file name every stick and Windows accept, made of `parts` joined by "-".

    ASCII only (Vietnamese letters lose their marks, đ becomes d), no `<>:"/\\|?*`, control
    characters or spaces (each run becomes "_"), no trailing dot, no reserved device name,
    at most `MAX_NAME` characters. Add the extension after: `fat_safe_name(...) + ".anttb"`.
    """
    cleaned: list[str] = []
    for part in parts:
        text = str(part).replace("đ", "d").replace("Đ", "D")
        text = unicodedata.normalize("NFKD", text)
        text = text.encode("ascii", "ignore").decode("ascii")
        text = _UNSAFE.sub("_", text).strip("._-")
        if text:
            cleaned.append(text)
    name = "-".join(cleaned)[:MAX_NAME].rstrip("._-") or "_"
    if name.split(".")[0].upper() in _RESERVED:
        name = ("_" + name)[:MAX_NAME]
    return name


@dataclass(frozen=True)
class Drive:
    """A mounted drive a bundle could be written to."""

    path: Path
    """Where it is mounted ("E:\\\\" on Windows, "/media/user/USB" on Linux)."""

    label: str
    """The volume label if known, else the mount point's name."""

    free_bytes: int
    """Free space in bytes."""

    removable: bool
    """True for a USB stick or card; such drives are listed first."""

    fstype: str
    """File system as the OS names it ("FAT32", "vfat", "exfat", "NTFS", "ext4"…)."""


def list_drives() -> list[Drive]:
    """The mounted drives, removable ones first, then by path; unreadable ones are skipped."""
    import psutil

    drives: list[Drive] = []
    for part in psutil.disk_partitions(all=False):
        opts = {o.strip() for o in part.opts.split(",")}
        if sys.platform == "win32":
            if "cdrom" in opts or not part.fstype:
                continue
            removable = "removable" in opts
        else:
            if part.fstype in ("squashfs", "iso9660"):
                continue  # snap images and CDs are read-only
            removable = _is_removable_posix(part.device, part.mountpoint)
        try:
            free = int(psutil.disk_usage(part.mountpoint).free)
        except (OSError, RuntimeError):
            continue  # an empty card reader, a drive pulled out while listing
        path = Path(part.mountpoint)
        drives.append(Drive(path=path, label=_label(part.device, path), free_bytes=max(free, 0),
                            removable=removable, fstype=part.fstype))
    drives.sort(key=lambda d: (not d.removable, str(d.path)))
    return drives


def _is_removable_posix(device: str, mountpoint: str) -> bool:
    """Linux: mounted under /media or /run/media, or the block device says so; macOS: /Volumes."""
    if mountpoint.startswith(("/media/", "/run/media/", "/Volumes/")):
        return True
    name = os.path.basename(device)
    block = Path("/sys/class/block") / name
    try:
        if (block / "partition").exists():
            block = block.resolve().parent
        return (block / "removable").read_text().strip() == "1"
    except OSError:
        return False


def _label(device: str, path: Path) -> str:
    """The volume label, best effort; the mount point's name (or the drive) otherwise."""
    if sys.platform == "win32":
        with contextlib.suppress(Exception):
            import ctypes

            buf = ctypes.create_unicode_buffer(261)
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            if kernel32.GetVolumeInformationW(str(path), buf, len(buf), None, None, None, None, 0) \
                    and buf.value:
                return buf.value
        return str(path).rstrip("\\")
    by_label = Path("/dev/disk/by-label")
    with contextlib.suppress(OSError):
        real = os.path.realpath(device)
        for link in by_label.iterdir():
            if os.path.realpath(link) == real:
                # udev escapes spaces and other bytes as \xNN
                return re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), link.name)
    return path.name or str(path)
