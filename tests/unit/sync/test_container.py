"""The bundle container: round trips, tampering, truncation, addressing and the clear header."""

from __future__ import annotations

import json
import unicodedata

import pytest

from antt_tui.domain.text import fold
from antt_tui.sync import container, keys
from antt_tui.sync.container import (
    MAGIC,
    open_container,
    open_locked,
    read_header,
    verify_locked,
    write_container,
    write_locked,
)
from antt_tui.sync.errors import (
    BadInput,
    BadSignature,
    BundleDamaged,
    NewerBundle,
    NotForThisDatabase,
    SyncError,
    UnknownSender,
    WrongCode,
)
from antt_tui.sync.keys import KeyPair

HEADER = {"kind": "bundle", "commune": "c-7f3a", "village": "DH", "device": "d-3f2a",
          "bundle": "b-0001", "created": "2026-11-20T10:00:00+07:00", "schema": 3,
          "seq_from": 1, "seq_to": 17}
CODE = "7KQ4-MXDA-92HT-PC5E"
NAME = "Nguyễn Thị Hạnh"
CCCD = "001203004567"
ADDRESS = "Xóm 2, Thôn Đông Hạ"
NOTE = "Hay đi làm ăn xa, vắng nhà"


def _payload() -> bytes:
    doc = {"ops": [{"t": "persons", "set": {"full_name": NAME, "cccd": CCCD, "address": ADDRESS,
                                            "note": NOTE}}] * 3}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def bundle(commune_kp: KeyPair, village_kp: KeyPair) -> bytes:
    """A bundle from the village laptop to the commune."""
    return write_container(HEADER, _payload(), sender=village_kp, recipient=commune_kp.public)


def test_round_trip(bundle: bytes, commune_kp: KeyPair, village_kp: KeyPair) -> None:
    assert bundle.startswith(MAGIC)
    header, payload = open_container(bundle, sender_public=village_kp.public, recipient=commune_kp)
    assert payload == _payload()
    assert header == HEADER | {"format": 1, "sender": village_kp.fingerprint(),
                               "recipient": commune_kp.fingerprint()}
    assert read_header(bundle) == header


def test_empty_and_large_payloads(commune_kp: KeyPair, village_kp: KeyPair) -> None:
    import os

    for payload in (b"", os.urandom(300_000) + bytes(700_000)):
        data = write_container({}, payload, sender=commune_kp, recipient=village_kp.public)
        assert open_container(data, sender_public=commune_kp.public, recipient=village_kp)[1] == payload


def test_writer_sets_format_sender_and_recipient(commune_kp, village_kp) -> None:
    forged = {"format": 9, "sender": "AAAA-AAAA-AAAA-AAAA", "recipient": "BBBB-BBBB-BBBB-BBBB"}
    header = read_header(write_container(forged, b"x", sender=village_kp, recipient=commune_kp.public))
    assert header == {"format": 1, "sender": village_kp.fingerprint(),
                      "recipient": commune_kp.fingerprint()}


@pytest.mark.parametrize("extra", [
    {"name": "Nguyen"}, {"full_name": "x"}, {"cccd": "001203004567"}, {"address": "x"},
    {"note": "x"}, {"village_name": "DH"},
    {"village": NAME}, {"village": "Thon Dong Ha"}, {"device": "máy-1"}, {"bundle": "x" * 65},
    {"schema": True}, {"schema": 1.5}, {"schema": "3"}, {"schema": -1}, {"seq_to": 2**60},
    {"village": ["DH"]}, {"village": {"code": "DH"}}, {"village": None},
])
def test_writer_refuses_anything_but_ids_in_the_header(commune_kp, village_kp, extra) -> None:
    with pytest.raises(BadInput, match=r"[Tt]iêu đề gói") as info:
        write_container(HEADER | extra, b"x", sender=village_kp, recipient=commune_kp.public)
    assert isinstance(info.value, ValueError)
    with pytest.raises(BadInput):
        write_locked(HEADER | extra, b"x", CODE, sender=commune_kp)


def test_no_name_cccd_address_or_note_in_clear(bundle: bytes, commune_kp: KeyPair) -> None:
    locked = write_locked(HEADER, _payload(), CODE, sender=commune_kp)
    for data in (bundle, locked):
        clear_header = json.dumps(read_header(data)).encode()
        for text in (NAME, CCCD, ADDRESS, NOTE):
            forms = {text, unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text),
                     fold(text), fold(text).upper(), text.upper(), text.lower()}
            for form in forms:
                for encoded in (form.encode("utf-8"), form.encode("utf-16-le")):
                    assert encoded not in data, form
                    assert encoded not in clear_header, form
        # nor a long enough piece of one, whatever the encoding
        assert b"Nguy" not in data and b"0012030" not in data and b"Hanh" not in data


# --- tampering ------------------------------------------------------------------------------


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every attempt to decrypt or decompress a payload."""
    calls: list[str] = []
    real_unseal, real_unlock = KeyPair.unseal, keys.unlock_with_code

    def unseal(self, ciphertext):
        calls.append("unseal")
        return real_unseal(self, ciphertext)

    def unlock(blob, code):
        calls.append("unlock")
        return real_unlock(blob, code)

    monkeypatch.setattr(KeyPair, "unseal", unseal)
    monkeypatch.setattr(keys, "unlock_with_code", unlock)
    monkeypatch.setattr(container, "_decompress", lambda data: calls.append("decompress"))
    return calls


def test_every_flipped_bit_is_caught_before_decryption(bundle, commune_kp, village_kp, spy) -> None:
    assert len(bundle) < 1200  # every bit of the file, not a sample
    seen: set[type] = set()
    for pos in range(len(bundle)):
        for bit in range(8):
            damaged = bytearray(bundle)
            damaged[pos] ^= 1 << bit
            with pytest.raises(SyncError) as info:
                open_container(bytes(damaged), sender_public=village_kp.public, recipient=commune_kp)
            seen.add(type(info.value))
    assert spy == []
    assert BadSignature in seen and BundleDamaged in seen
    assert seen <= {BadSignature, BundleDamaged, NotForThisDatabase, UnknownSender, NewerBundle}


def test_a_signature_by_another_key_is_refused(bundle, commune_kp, village_kp, spy) -> None:
    forged = bundle[:-64] + KeyPair.new().sign(bundle[:-64])
    with pytest.raises(BadSignature, match="Chữ ký"):
        open_container(forged, sender_public=village_kp.public, recipient=commune_kp)
    assert spy == []


@pytest.mark.parametrize("cut", [0, 1, 6, 7, 8, 11, 40, -200, -65, -64, -63, -1])
def test_truncated_files_are_damaged(bundle, commune_kp, village_kp, spy, cut: int) -> None:
    short = bundle[:cut]
    with pytest.raises(BundleDamaged, match="hỏng hoặc chưa chép xong"):
        open_container(short, sender_public=village_kp.public, recipient=commune_kp)
    with pytest.raises(BundleDamaged):
        read_header(short)
    assert spy == []


def test_every_truncation_is_damaged(bundle, commune_kp, village_kp, spy) -> None:
    for cut in range(len(bundle)):
        with pytest.raises(BundleDamaged):
            open_container(bundle[:cut], sender_public=village_kp.public, recipient=commune_kp)
    with pytest.raises(BundleDamaged):
        open_container(bundle + b"\0", sender_public=village_kp.public, recipient=commune_kp)
    assert spy == []


@pytest.mark.parametrize("extra", [{"name": "Nguyen"}, {"village": NAME}, {"schema": True}])
def test_reader_refuses_a_header_the_writer_would_not_write(village_kp, extra) -> None:
    head = json.dumps({"format": 1, "sender": village_kp.fingerprint(), "recipient": "X"} | extra,
                      ensure_ascii=False).encode()
    body = MAGIC + len(head).to_bytes(4, "big") + head + (3).to_bytes(8, "big") + b"abc"
    with pytest.raises(BundleDamaged, match="hỏng"):
        read_header(body + village_kp.sign(body))


@pytest.mark.parametrize("data", [b"PK\x03\x04" + bytes(200), b"{}", "Nguyễn".encode()])
def test_other_files_are_not_bundles(data: bytes) -> None:
    with pytest.raises(BundleDamaged, match="không phải gói"):
        read_header(data)


def test_wrong_recipient(bundle: bytes, village_kp: KeyPair, spy) -> None:
    with pytest.raises(NotForThisDatabase, match="không gửi cho cơ sở dữ liệu này"):
        open_container(bundle, sender_public=village_kp.public, recipient=KeyPair.new())
    assert spy == []


def test_unknown_sender_is_named(bundle: bytes, commune_kp: KeyPair, village_kp: KeyPair) -> None:
    with pytest.raises(UnknownSender) as info:
        open_container(bundle, sender_public=KeyPair.new().public, recipient=commune_kp)
    assert str(info.value) == (
        f"Gói này đến từ một máy chưa tham gia xã (mã khóa {village_kp.fingerprint()})")


def test_newer_format_is_refused_naming_the_version(commune_kp, village_kp, monkeypatch) -> None:
    monkeypatch.setattr(container, "FORMAT", 2)
    data = write_container(HEADER, b"x", sender=village_kp, recipient=commune_kp.public)
    monkeypatch.setattr(container, "FORMAT", 1)
    for read in (read_header, lambda d: open_locked(d, CODE),
                 lambda d: open_container(d, sender_public=village_kp.public, recipient=commune_kp)):
        with pytest.raises(NewerBundle, match="phiên bản mới hơn \\(định dạng 2\\); hãy cập nhật"):
            read(data)


def test_a_later_framing_is_a_newer_bundle(bundle: bytes) -> None:
    with pytest.raises(NewerBundle, match=r"định dạng 2"):
        read_header(b"ANTTB2\n" + bundle[len(MAGIC):])


def test_decompression_bomb_is_refused(commune_kp, village_kp, monkeypatch) -> None:
    data = write_container({}, bytes(2_000_000), sender=village_kp, recipient=commune_kp.public)
    assert len(data) < 10_000
    monkeypatch.setattr(container, "MAX_PAYLOAD_BYTES", 1_000_000)
    with pytest.raises(BundleDamaged, match="quá lớn"):
        open_container(data, sender_public=village_kp.public, recipient=commune_kp)


# --- enrolment packs ------------------------------------------------------------------------


def test_locked_round_trip(commune_kp: KeyPair) -> None:
    payload = json.dumps({"commune": commune_kp.public.to_json(), "village": "DH"}).encode()
    data = write_locked(HEADER | {"kind": "enrol"}, payload, CODE, sender=commune_kp)
    header, got = open_locked(data, CODE.lower().replace("-", " "))
    assert got == payload
    assert header["lock"] == "code" and header["sender"] == commune_kp.fingerprint()
    assert "recipient" not in header
    public = keys.PublicKeys.from_json(json.loads(got)["commune"])
    verify_locked(data, public)


def test_locked_pack_wrong_code(commune_kp: KeyPair) -> None:
    data = write_locked(HEADER, b"x", CODE, sender=commune_kp)
    with pytest.raises(WrongCode):
        open_locked(data, "7KQ4-MXDA-92HT-PC5A")


def test_locked_pack_signed_by_someone_else(commune_kp: KeyPair, village_kp: KeyPair) -> None:
    data = write_locked(HEADER, b"x", CODE, sender=commune_kp)
    with pytest.raises(BadSignature, match="không khớp với khóa của Công an xã"):
        verify_locked(data, village_kp.public)
    flipped = data[:-1] + bytes([data[-1] ^ 1])
    with pytest.raises(BadSignature):
        verify_locked(flipped, commune_kp.public)


def test_locked_and_sealed_containers_are_not_mixed_up(bundle, commune_kp, village_kp, spy) -> None:
    locked = write_locked(HEADER, b"x", CODE, sender=commune_kp)
    with pytest.raises(NotForThisDatabase, match="gói tham gia"):
        open_container(locked, sender_public=commune_kp.public, recipient=village_kp)
    with pytest.raises(BundleDamaged, match="không phải gói tham gia"):
        open_locked(bundle, CODE)
    assert spy == []
