"""Key material for sync, all of it from libsodium (PyNaCl): never a hand-made cipher.

One key pair for the commune and one per village device. A key pair is one 32-byte seed,
from which both keys are derived, so 24 printed words (BIP39) bring the whole pair back:

- an Ed25519 signing key (`SigningKey(seed)`) signs every bundle;
- an X25519 key receives bundles sealed to it (`SealedBox`).

Secrets at rest: the key file (`save_keypair`) holds the seed in clear, beside the database;
the passphrase backup (`backup_blob`) and the enrolment pack (`lock_with_code`) are encrypted
with `SecretBox` under a key stretched from the passphrase or the one-time code by argon2id.
Both encrypted blobs share one layout, every integer big-endian:

    magic (8 B) | version (1 B) | opslimit (4 B) | memlimit (4 B) | salt (16 B)
    | SecretBox (nonce 24 B, MAC 16 B, ciphertext) | BLAKE2b-128 of everything before (16 B)

The trailing checksum is no security measure (anyone can recompute it); it only tells a
damaged file (`KeyFileDamaged`) from a wrong passphrase (`WrongPassphrase`), which the
SecretBox MAC alone cannot. A header altered on purpose changes the derived key, so it
fails as a wrong passphrase and never decrypts.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.hash
import nacl.pwhash.argon2id as argon2id
import nacl.secret
import nacl.utils
from mnemonic import Mnemonic
from nacl.encoding import RawEncoder
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from antt_tui.storage import atomic
from antt_tui.sync.errors import (
    BadInput,
    BadSignature,
    BundleDamaged,
    KeyFileDamaged,
    NewerBundle,
    SyncError,
    WrongCode,
    WrongPassphrase,
    WrongWords,
)

SEED_BYTES = 32
"""Length of a key pair's seed, which is also the entropy of the 24 recovery words."""

KEY_BYTES = 32
"""Length of an Ed25519 verify key and of an X25519 public key."""

SIGNATURE_BYTES = 64
"""Length of a detached Ed25519 signature."""

KEY_FILE_FORMAT = "antt key"
"""The `format` field of a key file."""

KEY_FILE_VERSION = 1
"""The newest key file version this program writes and reads."""

BACKUP_OPSLIMIT = 4
"""argon2id passes for the passphrase backup (measured: about 0.17 s on a 2024 server core)."""

BACKUP_MEMLIMIT = 96 * 1024 * 1024
"""argon2id memory for the passphrase backup: 96 MiB, within 64–128 MiB for 2 GB laptops.

Not the full 128 MiB: a 32-bit Windows build must find this much contiguous address space
beside the running app. Tests lower it with monkeypatch; one test checks the real value.
"""

CODE_OPSLIMIT = argon2id.OPSLIMIT_INTERACTIVE
"""argon2id passes for an enrolment pack's one-time code (a code has 76 random bits)."""

CODE_MEMLIMIT = argon2id.MEMLIMIT_INTERACTIVE
"""argon2id memory for a one-time code: 64 MiB, libsodium's "interactive" setting."""

MAX_READ_OPSLIMIT = 16
"""The most argon2id passes a file may ask for; more means the header is damaged."""

MAX_READ_MEMLIMIT = 256 * 1024 * 1024
"""The most argon2id memory a file may ask for; more would exhaust a 2 GB laptop."""

BACKUP_MAGIC = b"ANTTKEYB"
"""The first bytes of a passphrase-protected key backup."""

LOCK_MAGIC = b"ANTTLOCK"
"""The first bytes of data locked with a one-time code (inside an enrolment pack)."""

BLOB_VERSION = 1
"""The version of the passphrase and code blob layout."""

MIN_PASSPHRASE = 8
"""The fewest characters a backup passphrase may have."""

CODE_ALPHABET = "23456789ABCDEGHKMNPQRSTUVXY"
"""Characters of a one-time code: digits 2–9 and the letters of the Vietnamese alphabet.

No 0/O, 1/I/L look-alikes, and none of F, J, W, Z, which have no Vietnamese name and are
hard to read out over the phone. 27 characters carry 4.75 bits each.
"""

CODE_LENGTH = 16
"""Characters in a one-time code: 16 × 4.75 = 76 random bits, in four groups of four."""

_HEADER = struct.Struct(">8sBII16s")
_CHECKSUM_BYTES = 16
_BOX_PERSON = b"antt.box.x25519"
_FINGERPRINT_PERSON = b"antt.fingerprint"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, what: str, length: int) -> bytes:
    """Decode a base64 field of exactly `length` bytes, or raise `BadInput` naming it."""
    if not isinstance(text, str):
        raise BadInput(f"Thiếu hoặc sai kiểu trường «{what}» của khóa")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise BadInput(f"Trường «{what}» của khóa không phải base64 hợp lệ") from None
    if len(raw) != length:
        raise BadInput(f"Trường «{what}» của khóa phải dài {length} byte, nhận được {len(raw)}")
    return raw


@dataclass(frozen=True)
class PublicKeys:
    """The public half of a key pair: what the other side stores to check and seal to."""

    sign: bytes
    """Ed25519 verify key (32 bytes): checks this key pair's signatures."""

    box: bytes
    """X25519 public key (32 bytes): bundles for this key pair are sealed to it."""

    def __post_init__(self) -> None:
        for name in ("sign", "box"):
            value = getattr(self, name)
            if not isinstance(value, bytes) or len(value) != KEY_BYTES:
                raise BadInput(f"Khóa công khai «{name}» phải dài {KEY_BYTES} byte")

    def fingerprint(self) -> str:
        """A short id of both keys, read out and compared by people: "K7QF-2M9X-ABCD-EFGH".

        BLAKE2b (80 bits) of the sign and box keys with a personalisation of its own,
        base32 upper case without padding, in four groups of four.
        """
        digest = nacl.hash.blake2b(self.sign + self.box, digest_size=10,
                                   person=_FINGERPRINT_PERSON, encoder=RawEncoder)
        text = base64.b32encode(digest).decode("ascii").rstrip("=")
        return "-".join(text[i:i + 4] for i in range(0, len(text), 4))

    def to_json(self) -> dict[str, str]:
        """Both keys as base64 strings, for a JSON file."""
        return {"sign": _b64(self.sign), "box": _b64(self.box)}

    @classmethod
    def from_json(cls, d: Any) -> PublicKeys:
        """Read keys written by `to_json`; raises `BadInput` (a `ValueError`) on bad input."""
        if not isinstance(d, dict):
            raise BadInput("Khóa công khai phải là một đối tượng JSON có «sign» và «box»")
        return cls(sign=_unb64(d.get("sign"), "sign", KEY_BYTES),
                   box=_unb64(d.get("box"), "box", KEY_BYTES))


class KeyPair:
    """A signing key and a box key, both derived from one 32-byte seed.

    The box key is an X25519 private key made from the seed by BLAKE2b with its own
    personalisation, rather than converted from the Ed25519 key
    (`crypto_sign_ed25519_sk_to_curve25519`): the two keys are then independent, so the
    safety of one never rests on the joint use of one scalar for signing and key exchange,
    and the words still restore both.
    """

    __slots__ = ("_box_key", "_seed", "_signing_key")

    def __init__(self, seed: bytes) -> None:
        if not isinstance(seed, bytes) or len(seed) != SEED_BYTES:
            raise BadInput(f"Hạt giống khóa phải dài {SEED_BYTES} byte")
        self._seed = seed
        self._signing_key = SigningKey(seed)
        box_seed = nacl.hash.blake2b(seed, digest_size=32, person=_BOX_PERSON, encoder=RawEncoder)
        self._box_key = PrivateKey(box_seed)

    @classmethod
    def new(cls) -> KeyPair:
        """A fresh key pair from libsodium's random generator."""
        return cls(nacl.utils.random(SEED_BYTES))

    @classmethod
    def from_seed(cls, seed: bytes) -> KeyPair:
        """The key pair of a known seed (the same seed always gives the same keys)."""
        return cls(seed)

    @property
    def seed(self) -> bytes:
        """The 32-byte secret everything is derived from."""
        return self._seed

    @property
    def public(self) -> PublicKeys:
        """The public half, to hand to the other side."""
        return PublicKeys(sign=bytes(self._signing_key.verify_key),
                          box=bytes(self._box_key.public_key))

    def fingerprint(self) -> str:
        """The fingerprint of the public half."""
        return self.public.fingerprint()

    def __repr__(self) -> str:
        # Never the seed: a repr ends up in logs and tracebacks.
        return f"KeyPair({self.fingerprint()})"

    def sign(self, data: bytes) -> bytes:
        """A detached 64-byte Ed25519 signature of `data`."""
        return self._signing_key.sign(data).signature

    def unseal(self, ciphertext: bytes) -> bytes:
        """Open data sealed to this key pair; raises `BundleDamaged` if it does not open."""
        try:
            return SealedBox(self._box_key).decrypt(ciphertext)
        except (nacl.exceptions.CryptoError, ValueError, TypeError):
            raise BundleDamaged(
                "Không giải mã được gói: gói bị hỏng hoặc không được mã hóa cho máy này"
            ) from None

    def words(self) -> str:
        """The seed as 24 English BIP39 words, for the printed recovery sheet."""
        return Mnemonic("english").to_mnemonic(self._seed)

    @classmethod
    def from_words(cls, text: str) -> KeyPair:
        """The key pair of 24 recovery words; raises `WrongWords` naming what is wrong.

        Case and extra spaces, commas or numbering ("1. abandon 2. ability") do not
        matter, and a word may be shortened to its first four letters, which BIP39 makes
        unique.
        """
        m = Mnemonic("english")
        known = set(m.wordlist)
        tokens = unicodedata.normalize("NFKC", text).lower().replace(",", " ").split()
        words: list[str] = []
        for token in tokens:
            token = token.rstrip(".):")
            if not token or token.isdigit():
                continue
            if token not in known and len(token) >= 4:
                token = m.expand_word(token)
            if token not in known:
                raise WrongWords(
                    f"Từ thứ {len(words) + 1} («{token}») không có trong danh sách từ khôi phục; "
                    "hãy kiểm tra lại chính tả trên phiếu"
                )
            words.append(token)
        if len(words) != 24:
            raise WrongWords(f"Cần đúng 24 từ khôi phục, nhận được {len(words)} từ")
        phrase = " ".join(words)
        if not m.check(phrase):
            raise WrongWords(
                "Các từ khôi phục không khớp mã kiểm tra: có từ bị chép sai hoặc sai thứ tự"
            )
        return cls(bytes(m.to_entropy(phrase)))


def verify(public: PublicKeys, data: bytes, signature: bytes) -> None:
    """Check a detached signature made by `public`'s key pair; raises `BadSignature`."""
    if len(signature) != SIGNATURE_BYTES:
        raise BadSignature()
    try:
        VerifyKey(public.sign).verify(data, signature)
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.CryptoError, ValueError):
        raise BadSignature() from None


def seal(recipient: PublicKeys, data: bytes) -> bytes:
    """Encrypt `data` so that only `recipient`'s key pair can open it (anonymous sender)."""
    return SealedBox(PublicKey(recipient.box)).encrypt(data)


# --- key file -------------------------------------------------------------------------------


def save_keypair(path: Path, kp: KeyPair, *, meta: dict[str, Any]) -> None:
    """Write the key file: UTF-8 JSON with the seed in base64, replaced atomically.

    The seed is in clear: the file stays beside the database; `backup_blob` is the copy
    that may travel. On POSIX the file is made readable by its owner only (best effort,
    after the atomic write: `atomic.write_bytes` takes no file mode).
    """
    doc = {"format": KEY_FILE_FORMAT, "version": KEY_FILE_VERSION, "seed": _b64(kp.seed),
           "meta": meta}
    data = json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")
    atomic.write_bytes(Path(path), data)
    with contextlib.suppress(OSError, NotImplementedError):
        Path(path).chmod(0o600)


def load_keypair(path: Path) -> tuple[KeyPair, dict[str, Any]]:
    """Read a key file written by `save_keypair`: the key pair and its meta.

    Raises `KeyFileDamaged` if the file is not a readable key file; `OSError` (such as
    `FileNotFoundError`) passes through so the caller can create a key on first use.
    """
    raw = Path(path).read_bytes()
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise KeyFileDamaged(f"Tệp khóa {path} bị hỏng (không đọc được JSON)") from None
    if not isinstance(doc, dict) or doc.get("format") != KEY_FILE_FORMAT:
        raise KeyFileDamaged(f"Tệp {path} không phải tệp khóa của chương trình")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise KeyFileDamaged(f"Tệp khóa {path} bị hỏng (phiên bản không hợp lệ)")
    if version > KEY_FILE_VERSION:
        raise KeyFileDamaged(
            f"Tệp khóa {path} do phiên bản mới hơn tạo (định dạng {version}); "
            "hãy cập nhật chương trình"
        )
    meta = doc.get("meta", {})
    if not isinstance(meta, dict):
        raise KeyFileDamaged(f"Tệp khóa {path} bị hỏng (phần «meta» không hợp lệ)")
    try:
        seed = _unb64(doc.get("seed"), "seed", SEED_BYTES)
    except BadInput as exc:
        raise KeyFileDamaged(f"Tệp khóa {path} bị hỏng ({exc})") from None
    return KeyPair(seed), meta


# --- argon2id + SecretBox blobs -------------------------------------------------------------


def _derive(secret: bytes, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    """Stretch `secret` into a SecretBox key; a failed allocation becomes a clear message."""
    try:
        return argon2id.kdf(nacl.secret.SecretBox.KEY_SIZE, secret, salt,
                            opslimit=opslimit, memlimit=memlimit)
    except (MemoryError, nacl.exceptions.RuntimeError):
        mib = memlimit // (1024 * 1024)
        raise SyncError(
            f"Máy không đủ bộ nhớ trống để mở khóa (cần khoảng {mib} MiB); "
            "hãy đóng bớt chương trình khác rồi thử lại"
        ) from None


def _checksum(data: bytes) -> bytes:
    return nacl.hash.blake2b(data, digest_size=_CHECKSUM_BYTES, encoder=RawEncoder)


def _lock(magic: bytes, data: bytes, secret: bytes, opslimit: int, memlimit: int) -> bytes:
    """Encrypt `data` under `secret` in the blob layout described in the module docstring."""
    salt = nacl.utils.random(argon2id.SALTBYTES)
    key = _derive(secret, salt, opslimit, memlimit)
    head = _HEADER.pack(magic, BLOB_VERSION, opslimit, memlimit, salt)
    body = head + bytes(nacl.secret.SecretBox(key).encrypt(data))
    return body + _checksum(body)


def _unlock(magic: bytes, blob: bytes, secret: bytes, *, damaged: type[SyncError],
            wrong: type[SyncError], newer: Callable[[int], SyncError]) -> bytes:
    """Open a blob made by `_lock`; raises `damaged()`, `wrong()` or `newer(version)`."""
    minimum = _HEADER.size + nacl.secret.SecretBox.NONCE_SIZE + nacl.secret.SecretBox.MACBYTES
    if not isinstance(blob, bytes | bytearray) or len(blob) < minimum + _CHECKSUM_BYTES:
        raise damaged()
    blob = bytes(blob)
    got_magic, version, opslimit, memlimit, salt = _HEADER.unpack_from(blob)
    if got_magic != magic:
        raise damaged()
    if version > BLOB_VERSION:
        raise newer(version)
    body, checksum = blob[:-_CHECKSUM_BYTES], blob[-_CHECKSUM_BYTES:]
    if version < 1 or _checksum(body) != checksum:
        raise damaged()
    if not (argon2id.OPSLIMIT_MIN <= opslimit <= MAX_READ_OPSLIMIT
            and argon2id.MEMLIMIT_MIN <= memlimit <= MAX_READ_MEMLIMIT):
        raise damaged()
    key = _derive(secret, salt, opslimit, memlimit)
    try:
        return nacl.secret.SecretBox(key).decrypt(body[_HEADER.size:])
    except nacl.exceptions.CryptoError:
        raise wrong() from None


def backup_blob(kp: KeyPair, passphrase: str, *, meta: dict[str, Any]) -> bytes:
    """The key pair and its meta, encrypted under a passphrase (argon2id + SecretBox).

    The passphrase is NFC-normalised, so the same Vietnamese text typed with another
    keyboard method opens it; it must have at least `MIN_PASSPHRASE` characters.
    """
    secret = unicodedata.normalize("NFC", passphrase)
    if len(secret) < MIN_PASSPHRASE:
        raise BadInput(f"Mật khẩu cần ít nhất {MIN_PASSPHRASE} ký tự")
    plain = json.dumps({"format": "antt key backup", "seed": _b64(kp.seed), "meta": meta},
                       ensure_ascii=False).encode("utf-8")
    return _lock(BACKUP_MAGIC, plain, secret.encode("utf-8"), BACKUP_OPSLIMIT, BACKUP_MEMLIMIT)


def _newer_backup(version: int) -> SyncError:
    return KeyFileDamaged(
        f"Tệp sao lưu khóa do phiên bản mới hơn tạo (định dạng {version}); hãy cập nhật chương trình"
    )


def restore_blob(blob: bytes, passphrase: str) -> tuple[KeyPair, dict[str, Any]]:
    """The key pair and meta of a backup; raises `WrongPassphrase` or `KeyFileDamaged`."""
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    plain = _unlock(BACKUP_MAGIC, blob, secret, damaged=KeyFileDamaged,
                    wrong=WrongPassphrase, newer=_newer_backup)
    try:
        doc = json.loads(plain.decode("utf-8"))
        seed = _unb64(doc["seed"], "seed", SEED_BYTES)
        meta = doc.get("meta", {})
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise KeyFileDamaged() from None
    if not isinstance(meta, dict):
        raise KeyFileDamaged()
    return KeyPair(seed), meta


# --- one-time codes -------------------------------------------------------------------------


def new_code() -> str:
    """A fresh one-time code such as "7KQ4-MXDA-92HT-PC5E" (76 bits from libsodium).

    Random bytes are drawn until each character is chosen without bias: a byte is kept
    only below the largest multiple of the alphabet size.
    """
    n = len(CODE_ALPHABET)
    limit = 256 - 256 % n
    chars: list[str] = []
    while len(chars) < CODE_LENGTH:
        for byte in nacl.utils.random(32):
            if byte < limit and len(chars) < CODE_LENGTH:
                chars.append(CODE_ALPHABET[byte % n])
    text = "".join(chars)
    return "-".join(text[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    """The code as stored: upper case, without spaces or dashes; raises `WrongCode`."""
    text = unicodedata.normalize("NFKC", code).upper()
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "-–—_.")
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        raise WrongCode()
    return text


def lock_with_code(data: bytes, code: str) -> bytes:
    """Encrypt `data` under a one-time code (argon2id, moderate cost, + SecretBox)."""
    secret = normalize_code(code).encode("ascii")
    return _lock(LOCK_MAGIC, data, secret, CODE_OPSLIMIT, CODE_MEMLIMIT)


def unlock_with_code(blob: bytes, code: str) -> bytes:
    """Open data locked by `lock_with_code`; raises `WrongCode` or `BundleDamaged`.

    The code may be typed in lower case, with spaces or without dashes.
    """
    secret = normalize_code(code).encode("ascii")
    return _unlock(LOCK_MAGIC, blob, secret, damaged=BundleDamaged, wrong=WrongCode,
                   newer=NewerBundle)
