"""Errors of the storage layer; each carries a message an officer can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: the message is Vietnamese and shown as it is."""


class NotADatabase(StoreError):
    """The folder is not an antt_tui database."""


class DatabaseLocked(StoreError):
    """Another copy of the program has the folder open."""


class NewerSchema(StoreError):
    """The folder was written by a newer version of the program."""


class DatabaseDamaged(StoreError):
    """A file of the database cannot be read; `antt check` can restore it."""


class SaveFailed(StoreError):
    """A save did not reach the disk; nothing of it was kept, so it can simply be retried."""


def describe_os_error(exc: OSError) -> str:
    """Why a file could not be written, in words an officer can act on."""
    import errno

    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if code == errno.ENOSPC or winerror in (39, 112):
        return "ổ đĩa đã đầy; hãy xóa bớt tệp không cần rồi thử lại"
    if code == errno.EROFS:
        return "ổ đĩa chỉ cho đọc (bị khóa ghi hoặc USB đã rút); hãy kiểm tra ổ đĩa"
    if code in (errno.EACCES, errno.EPERM) or winerror == 5:
        return "không có quyền ghi vào thư mục dữ liệu"
    if winerror in (32, 33):
        return "tệp đang bị chương trình khác (phần mềm diệt virus, OneDrive…) giữ; hãy thử lại"
    if code == errno.EIO:
        return "lỗi đọc/ghi ổ đĩa (ổ đĩa hỏng hoặc đã bị rút ra)"
    return f"lỗi ghi tệp ({exc.strerror or type(exc).__name__})"
