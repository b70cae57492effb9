"""Key pairs, fingerprints, recovery words, key files, passphrase backups and one-time codes."""

from __future__ import annotations

import base64
import json
import math
import os
import re
import struct
import unicodedata

import nacl.pwhash.argon2id as argon2id
import pytest

from antt_tui.sync import keys
from antt_tui.sync.errors import (
    BadInput,
    BadSignature,
    BundleDamaged,
    KeyFileDamaged,
    SyncError,
    WrongCode,
    WrongPassphrase,
    WrongWords,
)
from antt_tui.sync.keys import (
    KeyPair,
    PublicKeys,
    backup_blob,
    load_keypair,
    lock_with_code,
    new_code,
    restore_blob,
    save_keypair,
    seal,
    unlock_with_code,
    verify,
)

FINGERPRINT = re.compile(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}")
CODE = re.compile(r"[2-9A-Z]{4}(-[2-9A-Z]{4}){3}")
META = {"commune": "c-1", "role": "commune", "note": "Công an xã Tân Lập"}
PASSPHRASE = "Mật khẩu Đông Hạ 2026"


# --- derivation and fingerprints ------------------------------------------------------------


def test_keys_are_derived_from_the_seed_alone(commune_kp: KeyPair) -> None:
    again = KeyPair.from_seed(bytes(range(32)))
    assert again.public == commune_kp.public
    assert again.seed == commune_kp.seed == bytes(range(32))
    assert again.sign(b"data") == commune_kp.sign(b"data")  # Ed25519 is deterministic
    assert again.unseal(seal(commune_kp.public, b"secret")) == b"secret"


def test_known_answer_for_a_fixed_seed(commune_kp: KeyPair) -> None:
    # RFC 8032-style Ed25519 public key of seed 00 01 … 1f; the fingerprint must never change,
    # since villages store it and officers compare it by eye.
    assert commune_kp.public.sign.hex() == (
        "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8")
    assert commune_kp.fingerprint() == "SKXZ-AB6P-OIEM-3GJT"


def test_box_key_is_independent_of_the_signing_key(commune_kp: KeyPair) -> None:
    import nacl.bindings

    converted = nacl.bindings.crypto_sign_ed25519_pk_to_curve25519(commune_kp.public.sign)
    assert commune_kp.public.box != commune_kp.public.sign
    assert commune_kp.public.box != converted


def test_fingerprints_are_stable_readable_and_distinct() -> None:
    prints = {KeyPair.new().fingerprint() for _ in range(200)}
    assert len(prints) == 200
    assert all(FINGERPRINT.fullmatch(p) for p in prints)


def test_fingerprint_covers_both_keys(commune_kp: KeyPair, village_kp: KeyPair) -> None:
    a, b = commune_kp.public, village_kp.public
    assert PublicKeys(a.sign, b.box).fingerprint() not in (a.fingerprint(), b.fingerprint())
    assert PublicKeys(b.sign, a.box).fingerprint() not in (a.fingerprint(), b.fingerprint())


def test_repr_never_shows_the_seed(commune_kp: KeyPair) -> None:
    text = repr(commune_kp)
    assert commune_kp.fingerprint() in text
    for form in (commune_kp.seed.hex(), base64.b64encode(commune_kp.seed).decode()):
        assert form not in text


@pytest.mark.parametrize("seed", [b"", bytes(31), bytes(33), "x" * 32])
def test_seed_must_be_32_bytes(seed) -> None:
    with pytest.raises(BadInput, match=r"32 byte"):
        KeyPair.from_seed(seed)


# --- public keys as JSON --------------------------------------------------------------------


def test_public_keys_json_round_trip(commune_kp: KeyPair) -> None:
    d = commune_kp.public.to_json()
    assert set(d) == {"sign", "box"} and all(isinstance(v, str) for v in d.values())
    assert PublicKeys.from_json(json.loads(json.dumps(d))) == commune_kp.public


@pytest.mark.parametrize("bad", [
    None, [], "abc", {}, {"sign": "AAAA"},
    {"sign": base64.b64encode(bytes(32)).decode(), "box": 5},
    {"sign": base64.b64encode(bytes(32)).decode(), "box": "không phải base64!"},
    {"sign": base64.b64encode(bytes(31)).decode(), "box": base64.b64encode(bytes(32)).decode()},
])
def test_public_keys_from_bad_json_is_a_vietnamese_value_error(bad) -> None:
    with pytest.raises(ValueError, match=r"[Kk]hóa") as info:
        PublicKeys.from_json(bad)
    assert isinstance(info.value, SyncError)


# --- signatures and sealing -----------------------------------------------------------------


def test_verify_accepts_good_and_refuses_bad_signatures(commune_kp, village_kp) -> None:
    sig = commune_kp.sign(b"payload")
    assert len(sig) == 64
    verify(commune_kp.public, b"payload", sig)
    bad = [(commune_kp.public, b"payloaD", sig),
           (village_kp.public, b"payload", sig),
           (commune_kp.public, b"payload", sig[:-1]),
           (commune_kp.public, b"payload", bytes([sig[0] ^ 1]) + sig[1:])]
    for public, data, signature in bad:
        with pytest.raises(BadSignature, match=r"Chữ ký"):
            verify(public, data, signature)


def test_sealed_data_opens_only_for_its_recipient(commune_kp, village_kp) -> None:
    box = seal(commune_kp.public, b"du lieu")
    assert commune_kp.unseal(box) == b"du lieu"
    with pytest.raises(BundleDamaged, match=r"giải mã"):
        village_kp.unseal(box)
    with pytest.raises(BundleDamaged):
        commune_kp.unseal(box[:-1])


# --- recovery words -------------------------------------------------------------------------


def test_words_known_answer() -> None:
    assert KeyPair.from_seed(bytes(32)).words() == "abandon " * 23 + "art"


def test_words_round_trip(commune_kp: KeyPair) -> None:
    words = commune_kp.words()
    assert len(words.split()) == 24
    assert KeyPair.from_words(words).seed == commune_kp.seed


def test_words_tolerate_case_spaces_numbering_and_prefixes(commune_kp: KeyPair) -> None:
    words = commune_kp.words().split()
    messy = "  " + "\n".join(f"{i}. {w.upper()}," for i, w in enumerate(words, 1)) + "\t "
    assert KeyPair.from_words(messy).seed == commune_kp.seed
    prefixes = " ".join(w[:4] for w in words)
    assert KeyPair.from_words(prefixes).seed == commune_kp.seed


def test_a_wrong_word_is_named_in_vietnamese(commune_kp: KeyPair) -> None:
    words = commune_kp.words().split()
    words[2] = "xyzzy"
    with pytest.raises(WrongWords, match=r"Từ thứ 3 .*xyzzy.* không có trong danh sách"):
        KeyPair.from_words(" ".join(words))


def test_a_wrong_checksum_is_refused_in_vietnamese(commune_kp: KeyPair) -> None:
    words = commune_kp.words().split()
    words[0], words[1] = words[1], words[0]  # "abandon amount": two different words
    with pytest.raises(WrongWords, match=r"không khớp mã kiểm tra") as info:
        KeyPair.from_words(" ".join(words))
    assert isinstance(info.value, ValueError)


def test_a_missing_word_is_counted(commune_kp: KeyPair) -> None:
    with pytest.raises(WrongWords, match=r"Cần đúng 24 từ.* 23 từ"):
        KeyPair.from_words(" ".join(commune_kp.words().split()[:23]))


# --- key file -------------------------------------------------------------------------------


def test_key_file_round_trip(tmp_path, commune_kp: KeyPair) -> None:
    path = tmp_path / "khoa.json"
    save_keypair(path, commune_kp, meta=META)
    doc = json.loads(path.read_bytes().decode("utf-8"))
    assert doc["format"] == "antt key" and doc["version"] == 1
    assert base64.b64decode(doc["seed"]) == commune_kp.seed
    assert "Công an xã Tân Lập" in path.read_text(encoding="utf-8")  # UTF-8, not \u escapes
    kp, meta = load_keypair(path)
    assert kp.public == commune_kp.public and meta == META
    assert list(tmp_path.iterdir()) == [path]
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0


def test_missing_key_file_raises_file_not_found(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        load_keypair(tmp_path / "none.json")


@pytest.mark.parametrize("content", [
    b"", b"\xff\xfe", b"[]", b'{"format": "other"}',
    b'{"format": "antt key", "version": 1}',
    b'{"format": "antt key", "version": 1, "seed": "AAAA"}',
    b'{"format": "antt key", "version": "1", "seed": "AAAA"}',
    b'{"format": "antt key", "version": 1, "seed": "' + base64.b64encode(bytes(32)) + b'", "meta": 3}',
])
def test_damaged_key_file(tmp_path, content: bytes) -> None:
    path = tmp_path / "khoa.json"
    path.write_bytes(content)
    with pytest.raises(KeyFileDamaged, match=r"[Tt]ệp"):
        load_keypair(path)


def test_key_file_from_a_newer_version(tmp_path, commune_kp) -> None:
    path = tmp_path / "khoa.json"
    save_keypair(path, commune_kp, meta={})
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["version"] = 2
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(KeyFileDamaged, match=r"phiên bản mới hơn .*định dạng 2.*cập nhật"):
        load_keypair(path)


# --- passphrase backup ----------------------------------------------------------------------


def test_backup_round_trip(commune_kp: KeyPair) -> None:
    blob = backup_blob(commune_kp, PASSPHRASE, meta=META)
    assert blob.startswith(keys.BACKUP_MAGIC)
    assert commune_kp.seed not in blob and b"T\xc3\xa2n L\xe1\xba\xadp" not in blob
    kp, meta = restore_blob(blob, PASSPHRASE)
    assert kp.seed == commune_kp.seed and meta == META


def test_backup_salt_is_fresh(commune_kp: KeyPair) -> None:
    assert backup_blob(commune_kp, PASSPHRASE, meta={}) != backup_blob(commune_kp, PASSPHRASE, meta={})


def test_backup_passphrase_is_nfc_normalised(commune_kp: KeyPair) -> None:
    nfd = unicodedata.normalize("NFD", PASSPHRASE)
    assert nfd != PASSPHRASE
    blob = backup_blob(commune_kp, nfd, meta={})
    assert restore_blob(blob, PASSPHRASE)[0].seed == commune_kp.seed


@pytest.mark.parametrize("wrong", ["Mật khẩu Đông Hạ 2025", "mật khẩu đông hạ 2026",
                                   "Mat khau Dong Ha 2026", ""])
def test_wrong_passphrase(commune_kp: KeyPair, wrong: str) -> None:
    blob = backup_blob(commune_kp, PASSPHRASE, meta={})
    with pytest.raises(WrongPassphrase, match=r"Mật khẩu không đúng"):
        restore_blob(blob, wrong)


def test_short_passphrase_is_refused(commune_kp: KeyPair) -> None:
    with pytest.raises(BadInput, match=r"ít nhất 8 ký tự"):
        backup_blob(commune_kp, "1234567", meta={})


def test_damaged_backup_is_told_from_a_wrong_passphrase(commune_kp: KeyPair) -> None:
    blob = backup_blob(commune_kp, PASSPHRASE, meta={})
    for pos in range(len(blob)):
        damaged = bytearray(blob)
        damaged[pos] ^= 0x10
        # The checksum tells damage from a wrong passphrase, wherever the bit is.
        with pytest.raises(KeyFileDamaged):
            restore_blob(bytes(damaged), PASSPHRASE)
    for cut in (0, 5, 20, 60, len(blob) - 1):
        with pytest.raises(KeyFileDamaged, match=r"hỏng"):
            restore_blob(blob[:cut], PASSPHRASE)
    with pytest.raises(KeyFileDamaged):
        restore_blob(b"PK\x03\x04" + bytes(100), PASSPHRASE)


def _rewrite_header(blob: bytes, **fields) -> bytes:
    """Change header fields of a blob and fix its checksum, as a careful forger would."""
    import nacl.encoding
    import nacl.hash

    magic, version, ops, mem, salt = keys._HEADER.unpack_from(blob)
    values = {"version": version, "ops": ops, "mem": mem} | fields
    head = keys._HEADER.pack(magic, values["version"], values["ops"], values["mem"], salt)
    body = head + blob[keys._HEADER.size:-16]
    return body + nacl.hash.blake2b(body, digest_size=16, encoder=nacl.encoding.RawEncoder)


def test_backup_from_a_newer_version(commune_kp: KeyPair) -> None:
    blob = _rewrite_header(backup_blob(commune_kp, PASSPHRASE, meta={}), version=2)
    with pytest.raises(KeyFileDamaged, match=r"phiên bản mới hơn .*định dạng 2"):
        restore_blob(blob, PASSPHRASE)


@pytest.mark.parametrize("fields", [{"mem": 4 * 1024**3 - 1}, {"ops": 1000}, {"ops": 0}])
def test_backup_asking_for_absurd_costs_is_damaged_not_run(commune_kp, monkeypatch, fields) -> None:
    blob = _rewrite_header(backup_blob(commune_kp, PASSPHRASE, meta={}), **fields)
    monkeypatch.setattr(keys.argon2id, "kdf", lambda *a, **k: pytest.fail("argon2id ran"))
    with pytest.raises(KeyFileDamaged):
        restore_blob(blob, PASSPHRASE)


def test_lowered_costs_in_the_header_only_give_a_wrong_passphrase(commune_kp: KeyPair) -> None:
    blob = _rewrite_header(backup_blob(commune_kp, PASSPHRASE, meta={}), ops=2)
    with pytest.raises(WrongPassphrase):
        restore_blob(blob, PASSPHRASE)


def test_real_backup_costs_fit_a_2gb_laptop(commune_kp: KeyPair, real_kdf: None) -> None:
    assert 64 * 1024**2 <= keys.BACKUP_MEMLIMIT <= 128 * 1024**2
    assert keys.BACKUP_OPSLIMIT >= argon2id.OPSLIMIT_INTERACTIVE
    blob = backup_blob(commune_kp, PASSPHRASE, meta=META)
    _magic, version, ops, mem, _salt = keys._HEADER.unpack_from(blob)
    assert (version, ops, mem) == (1, keys.BACKUP_OPSLIMIT, keys.BACKUP_MEMLIMIT)
    assert 64 * 1024**2 <= mem <= 128 * 1024**2
    assert restore_blob(blob, PASSPHRASE)[0].seed == commune_kp.seed


# --- one-time codes -------------------------------------------------------------------------


def test_new_code_shape_and_entropy() -> None:
    codes = [new_code() for _ in range(500)]
    assert len(set(codes)) == 500
    assert all(CODE.fullmatch(c) for c in codes)
    used = set("".join(codes).replace("-", ""))
    assert used <= set(keys.CODE_ALPHABET)
    assert not used & set("01OIL")
    assert len(used) == len(keys.CODE_ALPHABET)  # every character turns up in 8,000 draws
    assert keys.CODE_LENGTH * math.log2(len(keys.CODE_ALPHABET)) >= 60


def test_code_lock_round_trip() -> None:
    code = new_code()
    blob = lock_with_code(b"goi tham gia", code)
    assert blob.startswith(keys.LOCK_MAGIC) and b"goi tham gia" not in blob
    assert unlock_with_code(blob, code) == b"goi tham gia"


def test_code_may_be_typed_in_lower_case_with_spaces() -> None:
    code = "7KQ4-MXDA-92HT-PC5E"
    blob = lock_with_code(b"x", code)
    for typed in ("7kq4 mxda 92ht pc5e", " 7KQ4MXDA92HTPC5E ", "7kq4-mxda-92ht-pc5e\n",
                  "7KQ4 – MXDA – 92HT – PC5E"):
        assert unlock_with_code(blob, typed) == b"x"


@pytest.mark.parametrize("wrong", ["7KQ4-MXDA-92HT-PC5A", "7KQ4-MXDA-92HT", "7KQ4-MXDA-92HT-PC5E-2222",
                                   "0KQ4-MXDA-92HT-PC5E", ""])
def test_wrong_code(wrong: str) -> None:
    blob = lock_with_code(b"x", "7KQ4-MXDA-92HT-PC5E")
    with pytest.raises(WrongCode, match=r"Mã dùng một lần không đúng"):
        unlock_with_code(blob, wrong)


def test_damaged_locked_blob() -> None:
    blob = lock_with_code(b"x" * 100, "7KQ4-MXDA-92HT-PC5E")
    damaged = bytearray(blob)
    damaged[60] ^= 1
    with pytest.raises(BundleDamaged):
        unlock_with_code(bytes(damaged), "7KQ4-MXDA-92HT-PC5E")
    with pytest.raises(BundleDamaged):
        unlock_with_code(blob[:40], "7KQ4-MXDA-92HT-PC5E")


def test_real_code_costs(real_kdf: None) -> None:
    blob = lock_with_code(b"x", "7KQ4-MXDA-92HT-PC5E")
    _magic, _version, ops, mem, _salt = struct.unpack_from(">8sBII16s", blob)
    assert ops >= argon2id.OPSLIMIT_INTERACTIVE and 32 * 1024**2 <= mem <= 128 * 1024**2
    assert unlock_with_code(blob, "7kq4 mxda 92ht pc5e") == b"x"
