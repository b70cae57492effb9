"""The bundle file format, also used for enrolment packs.

A container is, every length big-endian:

    MAGIC "ANTTB1\\n" (7 B) | header length (4 B) | header (UTF-8 JSON)
    | ciphertext length (8 B) | ciphertext | Ed25519 signature (64 B)

The signature covers every byte before it and is checked before anything is decrypted, so a
truncated, bit-flipped or forged file is refused without touching the payload.

The header is in clear, because the receiver reads it to find the sender's key before it can
check anything. It may therefore hold ONLY ids, kinds, versions, dates and key fingerprints:
never a name, a CCCD, an address or a note. This is enforced, not just documented: the
header accepts only the keys in `HEADER_KEYS`, each with the type given there, and every
string must match `HEADER_TEXT` (ASCII letters, digits and `._:+-`, at most 64 characters;
no spaces, so no full name fits, and no Vietnamese letter).

The payload is compressed with zlib level 6, prefixed with a one-byte method id so a later
version can change it. Measured on 5 MB of journal-like JSON: zlib 6 gives 1.05 MB in 0.07 s;
lzma -6 gives 0.82 MB (22 % smaller) but takes 2.1 s, 29 times as long, and a USB stick has
room to spare while an old laptop has no time to spare. It is then either sealed to the
recipient's box key (`write_container`, a bundle) or locked with a one-time code
(`write_locked`, an enrolment pack).
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Callable
from typing import Any

from antt_tui.sync import keys
from antt_tui.sync.errors import (
    BadInput,
    BadSignature,
    BundleDamaged,
    NewerBundle,
    NotForThisDatabase,
    UnknownSender,
)
from antt_tui.sync.keys import KeyPair, PublicKeys

MAGIC = b"ANTTB1\n"
"""The first bytes of every bundle and enrolment pack; the digit is the framing's generation."""

FORMAT = 1
"""The newest container format this program writes and reads (the header's `format`)."""

HEADER_KEYS: dict[str, type] = {
    "format": int,       # container format, set by the writer
    "kind": str,         # "bundle", "return", "enrol"…
    "sender": str,       # fingerprint of the signing key, set by the writer
    "recipient": str,    # fingerprint of the box key it is sealed to (sealed containers only)
    "lock": str,         # "code" for a container locked with a one-time code
    "commune": str,      # commune id
    "village": str,      # village code such as "DH"
    "device": str,       # device id ("d-…")
    "bundle": str,       # bundle id
    "created": str,      # ISO date and time of writing
    "schema": int,       # database schema version
    "rules": int,        # rule-set version
    "app": str,          # program version that wrote it
    "seq_from": int,     # first journal sequence number carried
    "seq_to": int,       # last journal sequence number carried
    "entries": int,      # number of journal entries carried
}
"""Every key the cleartext header may hold, with the type of its value."""

HEADER_TEXT = re.compile(r"[A-Za-z0-9._:+\-]{0,64}")
"""What a header string may look like: an id, a date, a version or a fingerprint."""

MAX_HEADER_BYTES = 16 * 1024
"""A longer header means a damaged file."""

MAX_PAYLOAD_BYTES = 512 * 1024 * 1024
"""The most a payload may decompress to (a guard against decompression bombs)."""

COMPRESS_LEVEL = 6
"""zlib level of the payload."""

_ZLIB = b"z"
_SIG = keys.SIGNATURE_BYTES
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")


def _check_header(header: dict[str, Any]) -> None:
    """Raise `BadInput` unless every key is allowed and every value is a plain id-like value."""
    for key, value in header.items():
        expected = HEADER_KEYS.get(key)
        if expected is None:
            raise BadInput(f"Tiêu đề gói không được chứa trường «{key}»: chỉ mã, loại, phiên bản, "
                           "ngày và mã khóa được ghi không mã hóa")
        if type(value) is not expected:  # bool is an int subclass: refused on purpose
            kind = "số nguyên" if expected is int else "chuỗi ký tự"
            raise BadInput(f"Trường «{key}» của tiêu đề gói phải là {kind}")
        if expected is str and not HEADER_TEXT.fullmatch(value):
            raise BadInput(f"Trường «{key}» của tiêu đề gói chỉ được chứa mã (chữ không dấu, số, ._:+-)")
        if expected is int and not 0 <= value < 2**53:
            raise BadInput(f"Trường «{key}» của tiêu đề gói nằm ngoài giới hạn")


def _header_bytes(header: dict[str, Any]) -> bytes:
    _check_header(header)
    return json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _compress(payload: bytes) -> bytes:
    return _ZLIB + zlib.compress(payload, COMPRESS_LEVEL)


def _decompress(data: bytes) -> bytes:
    """Undo `_compress`, refusing output above `MAX_PAYLOAD_BYTES`."""
    if data[:1] != _ZLIB:
        raise BundleDamaged("Gói dùng kiểu nén không biết; gói bị hỏng hoặc do phiên bản khác tạo")
    d = zlib.decompressobj()
    try:
        out = d.decompress(data[1:], MAX_PAYLOAD_BYTES + 1)
    except zlib.error:
        raise BundleDamaged() from None
    if len(out) > MAX_PAYLOAD_BYTES or d.unconsumed_tail:
        raise BundleDamaged("Nội dung gói quá lớn khi giải nén; gói bị hỏng hoặc không an toàn")
    if not d.eof:
        raise BundleDamaged()
    return out


def _assemble(header: dict[str, Any], ciphertext: bytes, sender: KeyPair) -> bytes:
    head = _header_bytes(header)
    body = b"".join([MAGIC, _U32.pack(len(head)), head, _U64.pack(len(ciphertext)), ciphertext])
    return body + sender.sign(body)


def _parse(data: bytes) -> tuple[dict[str, Any], bytes, bytes, bytes]:
    """Split a container: (header, signed part, ciphertext, signature); checks framing only."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise BundleDamaged()
    data = bytes(data)
    if not data.startswith(MAGIC):
        if data[:5] == MAGIC[:5] and data[5:6].isdigit() and data[6:7] == b"\n" \
                and int(data[5:6]) > 1:
            raise NewerBundle(int(data[5:6]))  # a later framing announces itself in the magic
        if MAGIC.startswith(data[: len(MAGIC)]):
            raise BundleDamaged()  # a file cut inside the magic
        raise BundleDamaged("Tệp này không phải gói dữ liệu của chương trình")
    pos = len(MAGIC)
    if len(data) < pos + _U32.size:
        raise BundleDamaged()
    (head_len,) = _U32.unpack_from(data, pos)
    pos += _U32.size
    if head_len > MAX_HEADER_BYTES or len(data) < pos + head_len + _U64.size:
        raise BundleDamaged()
    head = data[pos:pos + head_len]
    pos += head_len
    (ct_len,) = _U64.unpack_from(data, pos)
    pos += _U64.size
    if len(data) != pos + ct_len + _SIG:
        raise BundleDamaged()
    try:
        header = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleDamaged() from None
    if not isinstance(header, dict):
        raise BundleDamaged()
    fmt = header.get("format")
    if type(fmt) is not int or fmt < 1:
        raise BundleDamaged()
    if fmt > FORMAT:
        raise NewerBundle(fmt)
    try:
        _check_header(header)
    except BadInput:
        raise BundleDamaged() from None  # the writer never lets such a header through
    if not isinstance(header.get("sender"), str):
        raise BundleDamaged()
    if ("recipient" in header) == ("lock" in header):
        raise BundleDamaged()  # exactly one: sealed to a key, or locked with a code
    return header, data[:-_SIG], data[pos:pos + ct_len], data[-_SIG:]


def read_header(data: bytes) -> dict[str, Any]:
    """The cleartext header of a container, checked but not authenticated.

    Enough to pick the sender's key and see where it is addressed; raises `BundleDamaged`
    for a truncated or malformed file and `NewerBundle` for a newer format.
    """
    return _parse(data)[0]


def write_container(header: dict[str, Any], payload: bytes, *, sender: KeyPair,
                    recipient: PublicKeys) -> bytes:
    """A bundle: `payload` compressed, sealed to `recipient` and signed by `sender`.

    The header gains `format`, `sender` and `recipient` (fingerprints), replacing any
    value the caller gave; a key outside `HEADER_KEYS` raises `BadInput`.
    """
    full = {k: v for k, v in header.items() if k != "lock"}
    full.update(format=FORMAT, sender=sender.fingerprint(), recipient=recipient.fingerprint())
    _check_header(full)
    return _assemble(full, keys.seal(recipient, _compress(payload)), sender)


def open_container(data: bytes, *, sender_public: PublicKeys,
                   recipient: KeyPair) -> tuple[dict[str, Any], bytes]:
    """Check and open a bundle: (header, payload).

    In this order: framing (`BundleDamaged`, `NewerBundle`), the recipient
    (`NotForThisDatabase`), the sender's fingerprint (`UnknownSender`), the signature
    (`BadSignature`); only then is the payload unsealed and decompressed.
    """
    header, signed, ciphertext, signature = _parse(data)
    if header.get("recipient") != recipient.fingerprint():
        if "lock" in header:
            raise NotForThisDatabase("Đây là gói tham gia (cần mã dùng một lần), không phải gói đồng bộ")
        raise NotForThisDatabase()
    if header["sender"] != sender_public.fingerprint():
        raise UnknownSender(header["sender"])
    keys.verify(sender_public, signed, signature)
    return header, _decompress(recipient.unseal(ciphertext))


def write_locked(header: dict[str, Any], payload: bytes, code: str, *, sender: KeyPair) -> bytes:
    """An enrolment pack: `payload` compressed, locked with `code`, signed by `sender`.

    The header gains `format`, `sender` and `lock: "code"`; it has no recipient, because
    the village laptop that will open it has no key yet.
    """
    full = {k: v for k, v in header.items() if k != "recipient"}
    full.update(format=FORMAT, sender=sender.fingerprint(), lock="code")
    _check_header(full)
    return _assemble(full, keys.lock_with_code(_compress(payload), code), sender)


def open_locked(data: bytes, code: str) -> tuple[dict[str, Any], bytes]:
    """Open an enrolment pack with its one-time code: (header, payload).

    The signature is NOT checked here: the village laptop learns the commune's public key
    only from inside the payload. The caller takes that key from the payload and calls
    `verify_locked(data, public)`, which checks that its fingerprint is the header's
    sender and that the signature is right. What really vouches for the pack is the code,
    read out by the commune over the phone or in person: whoever lacks it can neither read
    the pack nor forge one that opens with it. Raises `BundleDamaged`, `NewerBundle` or
    `WrongCode`.
    """
    header, _signed, ciphertext, _signature = _parse(data)
    if header.get("lock") != "code":
        raise BundleDamaged("Đây là gói đồng bộ, không phải gói tham gia")
    return header, _decompress(keys.unlock_with_code(ciphertext, code))


def verify_locked(data: bytes, public: PublicKeys) -> None:
    """Check that `public` signed this enrolment pack; raises `BadSignature`."""
    header, signed, _ciphertext, signature = _parse(data)
    if header["sender"] != public.fingerprint():
        raise BadSignature("Gói tham gia không khớp với khóa của Công an xã ghi bên trong gói")
    keys.verify(public, signed, signature)


def open_with_certificate(data: bytes, *, recipient: KeyPair,
                          certified: Callable[[bytes], PublicKeys]) -> tuple[dict[str, Any], bytes]:
    """Open a bundle from a sender this database has no record of (the commune key restored
    on a new laptop), trusting the certificate the commune signed at enrolment.

    The payload is unsealed first (it is addressed to this key), then `certified(payload)`
    must return the sender's public keys from a certificate signed by this same key — or
    raise — and the container's signature is checked with them before the payload is used.
    """
    header, signed, ciphertext, signature = _parse(data)
    if header.get("recipient") != recipient.fingerprint():
        raise NotForThisDatabase()
    payload = _decompress(recipient.unseal(ciphertext))
    public = certified(payload)
    if header["sender"] != public.fingerprint():
        raise UnknownSender(header["sender"])
    keys.verify(public, signed, signature)
    return header, payload
