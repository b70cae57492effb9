"""Nothing that names a person leaves the laptop in clear: after a full round trip, no file on
the stick holds a name, CCCD, phone number, address or incident note in any spelling.

The needles are searched in the raw bytes of every file (enrolment packs, the village bundle,
the return bundles, the key backup) and in every file name, as NFC and NFD UTF-8, folded ASCII
(any case) and UTF-16-LE: an encoding slip anywhere in the pipeline would show as a match.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from antt_tui.domain.text import fold
from antt_tui.roster.incidents import Incidents
from antt_tui.sync import bundle as bundles
from antt_tui.sync import enrol, export, merge
from antt_tui.sync.identity import commune_identity
from antt_tui.sync.keys import backup_blob
from antt_tui.sync.stick import write_verified
from tests.builders import init_tan_lap
from tests.unit.sync.world import Side

NAMES = ["Nguyễn Thị Hường", "Đặng Thị Thúy Hằng", "Vũ Đức Thắng", "Trịnh Quốc Khánh"]
CCCDS = ["033186012345", "034190098765", "035201004321"]
PHONES = ["0912345678", "0987654321", "0977111222"]
ADDRESSES = ["Ngõ Hòe Nhai số 17", "Xóm Chùa Quỳnh Lôi", "Số 5 đường Lạc Long Quân"]
NOTES = ["Trộm gà nhà bà Hường ở ngõ Hòe", "Xô xát tại quán nước đầu làng Quỳnh Lôi",
         "Gia đình có người đi cai nghiện", "Đã nhắc nhở về việc đốt rơm"]
PASSPHRASE = "mật khẩu của xã Tân Lập 2026"


def spellings(value: str) -> dict[str, bytes]:
    """Every way the value could reach a file by mistake."""
    folded = fold(value).encode("ascii")
    out = {"utf-8": unicodedata.normalize("NFC", value).encode("utf-8"),
           "nfd": unicodedata.normalize("NFD", value).encode("utf-8"),
           "folded": folded}
    if value in NAMES:
        out["utf-16-le"] = value.encode("utf-16-le")
    for form, needle in out.items():
        assert len(needle) >= 8, f"{value!r} as {form} is too short to search for safely"
    return out


def found_in(data: bytes, value: str) -> list[str]:
    """The spellings of `value` that `data` contains (folded ASCII in any case)."""
    lower = data.lower()
    return [form for form, needle in spellings(value).items()
            if needle in data or (form == "folded" and needle.lower() in lower)]


def test_the_search_would_see_a_value_in_clear() -> None:
    import json

    name = NAMES[1]
    assert found_in(json.dumps({"n": name}, ensure_ascii=False).encode(), name) == ["utf-8"]
    assert "nfd" in found_in(unicodedata.normalize("NFD", name).encode(), name)
    assert found_in(b"...DANG THI THUY HANG...", name) == ["folded"]
    assert found_in(name.encode("utf-16-le"), name) == ["utf-16-le"]


@pytest.fixture
def stick_after_a_round_trip(tmp_path: Path) -> list[Path]:
    """A full round trip with two laptops of DH; every file written to the stick."""
    now = [datetime(2026, 11, 1, 8, 0, tzinfo=UTC)]
    usb = tmp_path / "usb"
    usb.mkdir()
    commune = Side(tmp_path / "xa", now, "may-xa")
    opened = [commune]
    try:
        init_tan_lap(commune.roster)
        dh = commune.roster.village("DH")
        first = commune.roster.add_household("DH", household={"address": ADDRESSES[0]}, head={
            "full_name": NAMES[0], "sex": "nu", "birth": "12/03/1986", "cccd": CCCDS[0],
            "phone": PHONES[0]})
        Incidents(commune.roster).add({"village": dh.id, "date": "02/10/2026",
                                       "category": "TP_TTXH_TROM_CAP", "note": NOTES[0]})
        commune_identity(commune.store, commune.roster.commune().id, create=True)
        write_verified(usb / "khoa-xa.anttk", backup_blob(
            commune.me().keys, PASSPHRASE, meta={"commune_id": commune.me().commune_id}))

        laptops = []
        for n in (1, 2):
            pack = enrol.enroll(commune.roster, commune.me(), "DH", usb, clock=commune.clock)
            laptop = Side(tmp_path / f"thon-{n}", now, f"may-thon-{n}")
            opened.append(laptop)
            enrol.join(laptop.store, pack.path, pack.code, clock=laptop.clock)
            laptop.reopen()
            laptops.append(laptop)
        one, two = laptops

        # the first laptop: a new family, an incident, and an edit of the commune's household
        made = one.roster.add_household("DH", household={"address": ADDRESSES[1],
                                                         "notes": NOTES[2]}, head={
            "full_name": NAMES[1], "sex": "nu", "birth": "1990", "cccd": CCCDS[1],
            "phone": PHONES[1]})
        one.roster.add_person(made.code, {"full_name": NAMES[2], "sex": "nam",
                                          "birth": "05/2001", "relation": "Con đẻ",
                                          "cccd": CCCDS[2]})
        Incidents(one.roster).add({"village": dh.id, "date": "15/10/2026",
                                   "category": "TP_TTXH_TROM_CAP", "note": NOTES[1]})
        one.roster.edit_household(first.code, {"notes": NOTES[3]})
        up = export.export_up(one.roster, one.me(), usb, clock=one.clock)
        assert merge.merge(commune.roster, commune.me(), [up.path], clock=commune.clock).changes

        # the commune corrects the new family and adds a person; both laptops get it back
        commune.roster.edit_household(made.code, {"address": ADDRESSES[2]})
        commune.roster.add_person(made.code, {"full_name": NAMES[3], "sex": "nam",
                                              "birth": "1960", "relation": "Bố đẻ",
                                              "phone": PHONES[2]})
        downs = export.export_down(commune.roster, commune.me(), usb, clock=commune.clock)
        assert len(downs) == 2
        for laptop in laptops:
            mine, _ = bundles.addressed_to([w.path for w in downs], laptop.me().fingerprint)
            assert len(mine) == 1
            merge.merge(laptop.roster, laptop.me(), mine, clock=laptop.clock)
        # the data did travel, so the stick really carried it (sealed)
        assert commune.roster.household(made.code).notes == NOTES[2]
        assert two.roster.household(made.code).address == ADDRESSES[2]
        assert {p.full_name for p in two.roster.members(made.id)} == set(NAMES[1:])
        assert two.hash("DH") == one.hash("DH") == commune.hash("DH")
    finally:
        for side in opened:
            side.close()
    return sorted(p for p in usb.rglob("*") if p.is_file())


def test_no_file_on_the_stick_holds_personal_data(stick_after_a_round_trip: list[Path]) -> None:
    files = stick_after_a_round_trip
    names = [p.name for p in files]
    assert sum(n.startswith("antt-tham-gia-") for n in names) == 2      # enrolment packs
    assert sum(n.startswith("antt-gui-xa-") for n in names) == 1        # the village bundle
    assert sum(n.startswith("antt-tu-xa-") for n in names) == 2         # return bundles
    assert "khoa-xa.anttk" in names                                     # the key backup
    assert not [n for n in names if n.endswith(".tmp")]
    leaks = []
    for path in files:
        data = path.read_bytes()
        for value in [*NAMES, *CCCDS, *PHONES, *ADDRESSES, *NOTES, PASSPHRASE]:
            for form in found_in(data, value):
                leaks.append(f"{path.name}: {value!r} as {form}")
            if found_in(path.name.encode(), value):
                leaks.append(f"file name {path.name}: {value!r}")
    assert leaks == []
