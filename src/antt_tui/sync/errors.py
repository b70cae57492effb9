"""Errors of the sync layer; each message is the Vietnamese text shown to the officer as it is."""

from __future__ import annotations


class SyncError(Exception):
    """Base class of every sync error; `str(error)` is the message for the officer."""

    default_message = "Lỗi đồng bộ dữ liệu"
    """Shown when the error is raised without a message of its own."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        """The Vietnamese text shown to the officer."""
        return str(self)


class BadInput(SyncError, ValueError):
    """Text the officer typed or data a file carried is not valid (also a `ValueError`)."""

    default_message = "Dữ liệu nhập vào không hợp lệ"


class WrongWords(BadInput):
    """The 24 recovery words of the commune key have a wrong word or a wrong checksum."""

    default_message = "Các từ khôi phục không đúng; hãy kiểm tra lại từng từ trên phiếu khôi phục"


class BadSignature(SyncError):
    """A signature does not match: the data was altered, damaged or signed by another key."""

    default_message = (
        "Chữ ký của gói không khớp: gói đã bị sửa hoặc hỏng trên đường chuyển; "
        "không nhập gói này, hãy xin gửi lại gói khác"
    )


class WrongPassphrase(SyncError):
    """The passphrase does not open the key backup."""

    default_message = "Mật khẩu không đúng; hãy nhập lại (chú ý chữ hoa, chữ thường và dấu)"


class KeyFileDamaged(SyncError):
    """A key file or key backup cannot be read."""

    default_message = "Tệp khóa bị hỏng hoặc không phải tệp khóa của chương trình"


class WrongCode(SyncError):
    """The one-time code does not open the enrolment pack."""

    default_message = (
        "Mã dùng một lần không đúng; hãy kiểm tra lại mã do Công an xã đọc "
        "(16 ký tự, ví dụ ABCD-EFGH-KMNP-QRST)"
    )


class BundleDamaged(SyncError):
    """A bundle is truncated, malformed or cannot be decrypted."""

    default_message = (
        "Gói dữ liệu bị hỏng hoặc chưa chép xong (có thể USB bị rút ra giữa chừng); "
        "hãy xin gửi lại gói khác"
    )


class NotForThisDatabase(SyncError):
    """A bundle is addressed to another database's key."""

    default_message = "Gói này không gửi cho cơ sở dữ liệu này (được mã hóa cho một máy khác)"


class UnknownSender(SyncError):
    """A bundle comes from a device that never joined the commune."""

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        """The fingerprint of the sender's key, as written in the bundle."""
        super().__init__(f"Gói này đến từ một máy chưa tham gia xã (mã khóa {fingerprint})")


class NewerBundle(SyncError):
    """A bundle or file was made by a newer version of the program."""

    def __init__(self, version: int) -> None:
        self.version = version
        """The format version the file needs."""
        super().__init__(
            f"Gói được tạo bởi phiên bản mới hơn (định dạng {version}); hãy cập nhật chương trình"
        )


class StickError(SyncError):
    """A bundle could not be written to the USB stick (full, removed, read-only)."""

    default_message = "Không ghi được vào USB"


__all__ = [
    "BadInput",
    "BadSignature",
    "BundleDamaged",
    "KeyFileDamaged",
    "NewerBundle",
    "NotForThisDatabase",
    "StickError",
    "SyncError",
    "UnknownSender",
    "WrongCode",
    "WrongPassphrase",
    "WrongWords",
]
