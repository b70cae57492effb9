"""`antt sync` through the real CLI: a commune database and a village laptop's database, with a
folder standing in for the USB stick."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from antt_tui.storage.store import Store
from antt_tui.sync.keys import load_keypair
from tests.cli.helpers import run, run_json
from tests.conftest import TODAY
from tests.unit.sync.conftest import cheap_kdf

__all__ = ["cheap_kdf"]

PASSPHRASE = "mật khẩu sao lưu của xã"


@dataclass
class Sides:
    """The commune office (`xa`) and one village laptop (`thon`) of DH, and the stick."""

    root: Path
    usb: Path

    @property
    def commune_db(self) -> Path:
        return self.root / "xa"

    @property
    def village_db(self) -> Path:
        return self.root / "thon"

    def xa(self, *args: Any, code: int = 0) -> Result:
        """`antt` on the commune's database."""
        return run("--db", self.commune_db, "--can-bo", "Cán bộ Xã", *args, code=code)

    def thon(self, *args: Any, code: int = 0) -> Result:
        """`antt` on the village laptop's database."""
        return run("--db", self.village_db, "--can-bo", "Trưởng thôn", *args, code=code)

    def xa_json(self, *args: Any) -> Any:
        return run_json("--db", self.commune_db, "--can-bo", "Cán bộ Xã", *args)

    def thon_json(self, *args: Any) -> Any:
        return run_json("--db", self.village_db, "--can-bo", "Trưởng thôn", *args)

    def up(self) -> str:
        """The village laptop writes its bundle; its path."""
        [written] = self.thon_json("sync", "export", "--to", self.usb)
        return written["file"]

    def down(self) -> str:
        """The commune writes the return bundle for DH; its path."""
        [written] = self.xa_json("sync", "export", "--to", self.usb, "--village", "DH")
        return written["file"]

    def round_trip(self) -> None:
        """Village to commune and back, everything merged."""
        self.xa("sync", "import", self.up(), "--yes")
        self.thon("sync", "import", self.down(), "--yes")

    def hashes(self) -> tuple[str, str]:
        """`antt sync hash -t DH` at the commune and on the laptop."""
        return (self.xa("sync", "hash", "-t", "DH").stdout.strip(),
                self.thon("sync", "hash", "-t", "DH").stdout.strip())


def snapshot(folder: Path) -> tuple[str, int]:
    """The state hash and the last journal number of a database folder."""
    store = Store.open(folder)
    try:
        assert store.journal is not None
        return store.state_hash(), store.journal.last_seq
    finally:
        store.close(backup=False)


def _init_commune(db: Path) -> None:
    run("--db", db, "init", "--province", "Hưng Yên", "--commune", "Xã Tân Lập",
        "--village", "Thôn Đông Hạ", "--village", "Thôn Trung Lập")


@pytest.fixture
def sides(tmp_path: Path) -> Iterator[Sides]:
    """A commune with two households in DH, and a laptop of DH joined to it."""
    s = Sides(tmp_path, tmp_path / "usb")
    s.usb.mkdir()
    _init_commune(s.commune_db)
    s.xa("household", "add", "-t", "DH", "--address", "Xóm 1", "--head-name", "Nguyễn Văn An",
         "--head-sex", "Nam", "--head-birth", "1975", "--head-cccd", "001075012345")
    s.xa("household", "add", "-t", "DH", "--address", "Xóm 2", "--head-name", "Lê Văn Bình",
         "--head-sex", "Nam", "--head-birth", "1970")
    assert s.xa("sync", "keys").stdout.startswith("Mã khóa của xã: ")
    pack = s.xa_json("sync", "enroll", "--village", "DH", "-o", s.usb)
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", pack["code"])
    wrong = s.thon("sync", "join", pack["file"], "--code", "AAAA-BBBB-CCCC-DDDD", code=1)
    assert wrong.stderr.startswith("Lỗi: ")
    assert not s.village_db.exists()  # a new laptop: no database until the join succeeds
    joined = s.thon("sync", "join", pack["file"], "--code", pack["code"])
    assert joined.stdout.startswith("Đã tham gia xã: thôn DH")
    yield s


# --------------------------------------------------------------------------- the round trip


def test_a_round_trip_through_the_cli(sides: Sides) -> None:
    sides.thon("household", "add", "-t", "DH", "--address", "Xóm 9", "--head-name",
               "Phạm Thị Dung", "--head-sex", "Nữ", "--head-birth", "1990")
    sent = sides.up()
    assert Path(sent).name.startswith("antt-gui-xa-DH-") and sent.endswith(".anttb")

    before = snapshot(sides.commune_db)
    preview = sides.xa_json("sync", "import", sent, "--preview")
    assert preview["merged"] is False
    assert preview["changes"] >= 1 and preview["new_records"] >= 2
    assert [b["error"] for b in preview["bundles"]] == [""]
    text = sides.xa("sync", "import", sent, "--preview").stdout
    assert "Tổng: " in text and "bản ghi mới" in text
    assert "Chưa nhập gì" in sides.xa("sync", "import", sent).stderr   # neither --yes nor a tty
    assert snapshot(sides.commune_db) == before
    sides.xa("household", "show", "DH-0101", code=1)

    merged = sides.xa_json("sync", "import", sent, "--yes")
    assert merged["merged"] is True and merged["changes"] == preview["changes"]
    assert "Phạm Thị Dung" in sides.xa("household", "show", "DH-0101").stdout
    again = snapshot(sides.commune_db)
    assert sides.xa_json("sync", "import", sent, "--yes")["changes"] == 0   # twice: harmless
    assert snapshot(sides.commune_db) == again

    sides.xa("household", "edit", "DH-0002", "--notes", "Xã ghi chú")
    back = sides.xa("sync", "export", "--to", sides.usb)
    assert "Đã ghi và đọc lại đúng: có thể rút USB." in back.stdout
    # the whole stick: the laptop takes its return bundle and skips the rest
    taken = sides.thon("sync", "import", sides.usb, "--yes")
    assert "Bỏ qua" in taken.stderr and "Đã nhập: " in taken.stdout
    assert "Xã ghi chú" in sides.thon("household", "show", "DH-0002").stdout
    commune_hash, village_hash = sides.hashes()
    assert re.fullmatch(r"[0-9a-f]{64}", commune_hash)
    assert commune_hash == village_hash


def test_status_shows_the_laptop_and_the_days_since_its_last_bundle(sides: Sides) -> None:
    [row] = sides.xa_json("sync", "status")
    assert row["label"] == "Thôn Đông Hạ, máy 1" and row["last_bundle"] == ""
    assert row["days_since"] is None                      # nothing received yet
    sides.thon("household", "edit", "DH-0001", "--address", "Xóm 5")
    sent = sides.up()
    sides.xa("sync", "import", sent, "--yes")
    [row] = sides.xa_json("sync", "status")
    assert row["village"] == "Thôn Đông Hạ" and row["last_bundle"] == Path(sent).name
    assert row["gaps"] == [] and row["quarantined"] == row["conflicts"] == 0
    # counted from the bundle's date to the working day (ANTT_TODAY), never below 0
    received = date.fromisoformat(row["last_at"][:10])
    assert row["days_since"] == max(0, (TODAY - received).days)
    table = sides.xa("sync", "status").stdout
    assert "Thôn Đông Hạ, máy 1" in table and "Số ngày" in table
    [village_row] = sides.thon_json("sync", "status")
    assert village_row["label"] == "Công an xã"


def test_damaged_or_foreign_bundles_are_refused_with_a_message(sides: Sides, tmp_path) -> None:
    sides.thon("household", "edit", "DH-0001", "--address", "Xóm 5")
    data = Path(sides.up()).read_bytes()
    cut = tmp_path / "cut"
    cut.mkdir()
    (cut / "antt-cut.anttb").write_bytes(data[: len(data) // 2])
    before = snapshot(sides.commune_db)
    result = sides.xa("sync", "import", cut, "--yes", code=1)
    assert "hỏng hoặc chưa chép xong" in result.stdout
    assert "Không nhập được gói nào" in result.stderr and "Đã nhập" not in result.stdout
    assert snapshot(sides.commune_db) == before
    # the commune's own return bundle is not for the commune
    own = tmp_path / "own"
    own.mkdir()
    sides.xa("sync", "export", "--to", own)
    result = sides.xa("sync", "import", own, "--yes", code=1)
    assert "Không có gói nào gửi cho máy này" in result.stderr


# --------------------------------------------------------------------------- settling


def test_a_conflict_is_listed_resolved_and_settled_on_both_sides(sides: Sides) -> None:
    sides.thon("household", "edit", "DH-0001", "--address", "Làng sửa")
    sides.xa("household", "edit", "DH-0001", "--address", "Xã sửa")
    plan = sides.xa_json("sync", "import", sides.up(), "--yes")
    assert plan["conflicts"] == 1
    [item] = sides.xa_json("sync", "conflicts")
    assert item["kind"] == "field" and item["field"] == "address"
    assert item["label"] == "Hộ DH-0001"
    assert {side["value"] for side in item["sides"]} == {"Làng sửa", "Xã sửa"}
    assert [side["number"] for side in item["sides"]] == [1, 2]
    assert all(side["by"] and side["at"] and side["device"] for side in item["sides"])
    assert {side["by"] for side in item["sides"]} == {"Cán bộ Xã", "Trưởng thôn"}
    listed = sides.xa("sync", "conflicts").stdout
    assert f"[{item['id']}]" in listed and "Làng sửa" in listed and "Xã sửa" in listed

    kept = item["sides"][1]["value"]
    assert "Đã chọn giá trị" in sides.xa("sync", "resolve", item["id"], "--keep", 2).stdout
    assert sides.xa_json("sync", "conflicts") == []
    assert kept in sides.xa("household", "show", "DH-0001").stdout

    sides.thon("sync", "import", sides.down(), "--yes")
    assert kept in sides.thon("household", "show", "DH-0001").stdout
    assert sides.thon_json("sync", "conflicts") == []
    commune_hash, village_hash = sides.hashes()
    assert commune_hash == village_hash
    sides.round_trip()
    assert sides.hashes()[0] == sides.hashes()[1]
    assert sides.xa_json("sync", "conflicts") == []


def test_conflicts_name_the_laptop_and_the_value_both_sides_started_from(sides: Sides
                                                                        ) -> None:
    sides.thon("household", "edit", "DH-0001", "--address", "Làng sửa")
    sides.xa("household", "edit", "DH-0001", "--address", "Xã sửa")
    sides.xa("sync", "import", sides.up(), "--yes")
    [item] = sides.xa_json("sync", "conflicts")
    assert item["base"] == "Xóm 1" and item["base_known"] is True
    laptops = {side["value"]: side["laptop"] for side in item["sides"]}
    assert laptops == {"Làng sửa": "Thôn Đông Hạ, máy 1", "Xã sửa": "Công an xã (máy này)"}
    listed = sides.xa("sync", "conflicts").stdout
    assert f"[{item['id']}] Hộ DH-0001 · Địa chỉ" in listed
    assert "Giá trị trước khi hai nơi cùng sửa: Xóm 1" in listed
    village_line = next(line for line in listed.splitlines() if "Làng sửa" in line)
    assert village_line.endswith(", Thôn Đông Hạ, máy 1)") and "(Trưởng thôn, " in village_line
    assert not any(side["device"] in listed for side in item["sides"])  # no raw device ids
    # the laptop says the same of the commune's side
    sides.thon("sync", "import", sides.down(), "--yes")
    [there] = sides.thon_json("sync", "conflicts")
    assert there["base"] == "Xóm 1"
    assert {s["laptop"] for s in there["sides"]} == {"Máy này", "Công an xã"}


def test_resolve_value_is_typed_as_in_the_forms(sides: Sides) -> None:
    # The commune changes Lê Văn Bình to Nữ and back to Nam; the laptop, not knowing, to Nữ.
    sides.xa("person", "edit", "DH-0002/1", "--sex", "Nữ")
    sides.xa("person", "edit", "DH-0002/1", "--sex", "Nam")
    sides.thon("person", "edit", "DH-0002/1", "--sex", "Nữ")
    sides.xa("sync", "import", sides.up(), "--yes")
    [item] = sides.xa_json("sync", "conflicts")
    assert item["field"] == "sex" and {s["value"] for s in item["sides"]} == {"nam", "nu"}
    assert item["base"] == "nam" and item["base_known"] is True   # before either laptop's edit
    listed = sides.xa("sync", "conflicts").stdout
    assert "Giá trị trước khi hai nơi cùng sửa: Nam" in listed and "Nữ  (" in listed

    before = snapshot(sides.commune_db)
    refused = sides.xa("sync", "resolve", item["id"], "--value", "Không rõ", code=1)
    assert "không có trong danh mục" in refused.stderr and "Nam, Nữ" in refused.stderr
    assert snapshot(sides.commune_db) == before                  # nothing saved
    assert [c["id"] for c in sides.xa_json("sync", "conflicts")] == [item["id"]]

    assert "Đã chọn giá trị" in sides.xa("sync", "resolve", item["id"], "--value", "Nữ").stdout
    assert sides.xa_json("sync", "conflicts") == []
    store = Store.open(sides.commune_db)
    try:
        person = next(p for p in store.records("persons") if p["full_name"] == "Lê Văn Bình")
        assert person["sex"] == "nu"
    finally:
        store.close(backup=False)


def test_duplicates_same_and_not_same(sides: Sides) -> None:
    # the same man entered at the commune and on the laptop, with his CCCD
    sides.xa("person", "add", "DH-0001", "--name", "Phạm Văn Tú", "--sex", "Nam",
             "--birth", "1990", "--cccd", "001090000111", "--relation", "Con đẻ")
    sides.thon("person", "add", "DH-0002", "--name", "Phạm Văn Tú", "--sex", "Nam",
               "--birth", "1990", "--cccd", "001090000111", "--relation", "Cháu",
               "--phone", "0912345678")
    # two different men of the same name and year
    sides.xa("person", "add", "DH-0001", "--name", "Lê Văn Nam", "--sex", "Nam",
             "--birth", "1985", "--relation", "Con đẻ")
    sides.thon("person", "add", "DH-0002", "--name", "Lê Văn Nam", "--sex", "Nam",
               "--birth", "1985", "--relation", "Con đẻ")
    plan = sides.xa_json("sync", "import", sides.up(), "--yes")
    assert plan["duplicates"] >= 1

    pairs = sides.xa_json("sync", "duplicates")
    by_reason = {p["reason"]: p for p in pairs}
    assert sorted(by_reason) == ["cùng họ tên và ngày sinh", "cùng số CCCD"]
    same, different = by_reason["cùng số CCCD"], by_reason["cùng họ tên và ngày sinh"]
    assert "phone" in same["differences"]
    assert "Phạm Văn Tú" in sides.xa("sync", "duplicates").stdout

    merged = sides.xa("sync", "same", same["first"], same["second"])
    first_line, *taken = merged.stdout.splitlines()
    assert first_line == "Đã gộp vào Phạm Văn Tú."
    # when the first record is the one without a phone, it takes the second's
    assert taken in ([], ["Lấy từ bản 2: Số điện thoại 0912345678."])
    sides.xa("sync", "not-same", different["first"], different["second"])
    assert sides.xa_json("sync", "duplicates") == []
    alive = [m for code in ("DH-0001", "DH-0002")
             for m in sides.xa_json("household", "show", code)["nhan_khau"]
             if m["ho_ten"] == "Phạm Văn Tú"]
    assert len(alive) == 1 and alive[0]["id"] == same["first"]
    assert alive[0]["dien_thoai"] == "0912345678"           # filled from the second record

    sides.round_trip()
    sides.round_trip()
    assert sides.xa_json("sync", "duplicates") == []       # the pair does not come back
    assert sides.hashes()[0] == sides.hashes()[1]


def test_same_takes_the_fields_chosen_with_lay_from_the_second_record(sides: Sides) -> None:
    # the commune knows only his birth year; the laptop has the full date and a phone
    sides.xa("person", "add", "DH-0001", "--name", "Phạm Văn Tú", "--sex", "Nam",
             "--birth", "1990", "--cccd", "001090000111", "--relation", "Con đẻ")
    sides.thon("person", "add", "DH-0002", "--name", "Phạm Văn Tú", "--sex", "Nam",
               "--birth", "15/06/1990", "--cccd", "001090000111", "--relation", "Cháu",
               "--phone", "0912345678")
    sides.xa("sync", "import", sides.up(), "--yes")
    [pair] = sides.xa_json("sync", "duplicates")
    assert {"birth", "phone"} <= set(pair["differences"])
    [at_commune] = [m["id"] for m in sides.xa_json("household", "show", "DH-0001")["nhan_khau"]
                    if m["ho_ten"] == "Phạm Văn Tú"]
    on_laptop = pair["second"] if pair["first"] == at_commune else pair["first"]

    refused = sides.xa("sync", "same", at_commune[:8], on_laptop[:8], "--lay", "quan_he=2",
                       code=1)
    assert ("Không chọn được “quan_he”: hai bản ghi chỉ khác nhau ở birth (Ngày sinh), "
            "phone (Số điện thoại).") in refused.stderr
    relation = sides.xa("sync", "same", at_commune[:8], on_laptop[:8], "--lay", "relation=2",
                        code=1)
    assert "Hộ, quan hệ với chủ hộ và tình trạng luôn theo bản giữ lại." in relation.stderr
    malformed = sides.xa("sync", "same", at_commune[:8], on_laptop[:8], "--lay", "birth",
                         code=2)
    assert "viết TRƯỜNG=1 hoặc TRƯỜNG=2, ví dụ birth=2" in malformed.stderr
    assert len(sides.xa_json("sync", "duplicates")) == 1   # nothing merged

    merged = sides.xa("sync", "same", at_commune[:8], on_laptop[:8], "--lay", "birth=2",
                      "--lay", "phone=1")
    assert merged.stdout.splitlines() == ["Đã gộp vào Phạm Văn Tú.",
                                          "Lấy từ bản 2: Ngày sinh 15/06/1990."]
    [tu] = [m for m in sides.xa_json("household", "show", "DH-0001")["nhan_khau"]
            if m["ho_ten"] == "Phạm Văn Tú"]
    assert (tu["id"], tu["ngay_sinh"], tu["dien_thoai"]) == (at_commune, "15/06/1990", "")
    assert sides.xa_json("sync", "duplicates") == []
    sides.round_trip()
    assert sides.thon_json("sync", "duplicates") == []
    assert sides.hashes()[0] == sides.hashes()[1]


def test_same_help_shows_how_to_choose_a_field() -> None:
    out = run("sync", "same", "--help").stdout
    assert "--lay TRƯỜNG=1|2" in out and "--chap-nhan" in out
    assert "Ví dụ: antt sync same 1a2b3c4d 5e6f7a8b --lay birth=2 --lay cccd=2" in out


def test_undo_a_bundle_then_import_it_again(sides: Sides) -> None:
    sides.thon("household", "add", "-t", "DH", "--address", "Xóm 9", "--head-name",
               "Phạm Thị Dung", "--head-sex", "Nữ", "--head-birth", "1990")
    sent = sides.up()
    plan = sides.xa_json("sync", "import", sent, "--yes")
    [bundle_id] = [b["bundle"] for b in plan["bundles"]]
    sides.xa("household", "show", "DH-0101")

    refused = sides.xa("sync", "undo", bundle_id[:8], "--reason", "Nhận nhầm gói", code=1)
    assert "--yes" in refused.stderr
    sides.xa("household", "show", "DH-0101")                  # nothing undone without --yes
    done = sides.xa("sync", "undo", bundle_id[:8], "--reason", "Nhận nhầm gói", "--yes")
    assert "Đã hoàn tác gói" in done.stdout
    sides.xa("household", "show", "DH-0101", code=1)
    assert "Phạm Thị Dung" not in sides.xa("household", "list").stdout

    again = sides.xa_json("sync", "import", sent, "--yes")
    assert again["merged"] is True
    assert "Phạm Thị Dung" in sides.xa("household", "show", "DH-0101").stdout
    sides.thon("sync", "import", sides.down(), "--yes")
    assert sides.hashes()[0] == sides.hashes()[1]


def test_quarantine_lists_what_was_set_aside_and_retry_merges_it(sides: Sides) -> None:
    # The commune laptop's clock went back to 2024 (a dead battery): the laptop's entries
    # look far ahead and are set aside; once the clock is right again, --retry merges them.
    from antt_tui.storage import store as store_module

    sides.thon("household", "edit", "DH-0001", "--address", "Xóm 5")
    sent = sides.up()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store_module, "local_now",
                   lambda: datetime(2024, 1, 1, 8, 0).astimezone())
        plan = sides.xa_json("sync", "import", sent, "--yes")
    assert plan["quarantined"] == 1 and plan["changes"] == 0
    [row] = sides.xa_json("sync", "quarantine")
    assert row["fork"] is False and "đồng hồ của máy gửi sai" in row["reason"]
    assert "đồng hồ của máy gửi sai" in sides.xa("sync", "quarantine").stdout
    assert "Xóm 5" not in sides.xa("household", "show", "DH-0001").stdout

    retried = sides.xa("sync", "quarantine", "--retry")
    assert "Đã nhập lại 1 thay đổi; còn 0 để riêng." in retried.stderr
    assert "Không có thay đổi nào bị để riêng." in retried.stdout
    assert "Xóm 5" in sides.xa("household", "show", "DH-0001").stdout
    sides.thon("sync", "import", sides.down(), "--yes")
    assert sides.hashes()[0] == sides.hashes()[1]


# --------------------------------------------------------------------------- keys


def test_keys_backup_and_restore_in_another_database(sides: Sides, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fingerprint = sides.xa("sync", "keys").stdout.splitlines()[0].removeprefix(
        "Mã khóa của xã: ")
    backup, sheet = tmp_path / "khoa-xa.anttk", tmp_path / "phieu-khoi-phuc.pdf"
    monkeypatch.setenv("ANTT_PASSPHRASE", PASSPHRASE)
    done = sides.xa("sync", "keys", "backup", "-o", backup, "--sheet", sheet)
    assert f"Đã sao lưu khóa {fingerprint}" in done.stdout
    assert backup.stat().st_size > 0 and sheet.read_bytes().startswith(b"%PDF")
    assert PASSPHRASE.encode() not in backup.read_bytes()

    for n, how in enumerate((("restore", backup),
                             ("restore", "--words",
                              load_keypair(sides.commune_db / "keys" / "commune.key")[0]
                              .words()))):
        other = tmp_path / f"xa-moi-{n}"
        _init_commune(other)
        restored = run("--db", other, "sync", "keys", *how)
        assert restored.stdout.strip() == f"Đã khôi phục khóa của xã: {fingerprint}"
        assert run("--db", other, "sync", "keys").stdout.startswith(
            f"Mã khóa của xã: {fingerprint}")

    monkeypatch.setenv("ANTT_PASSPHRASE", "một mật khẩu khác hẳn")
    other = tmp_path / "xa-sai"
    _init_commune(other)
    wrong = run("--db", other, "sync", "keys", "restore", backup, code=1)
    assert "Mật khẩu không đúng" in wrong.stderr


# --------------------------------------------------------------------------- help


SYNC_COMMANDS = [
    (), ("keys",), ("keys", "backup"), ("keys", "restore"), ("enroll",), ("join",),
    ("export",), ("import",), ("conflicts",), ("resolve",), ("duplicates",), ("same",),
    ("not-same",), ("quarantine",), ("undo",), ("status",), ("hash",),
]


@pytest.mark.parametrize("path", SYNC_COMMANDS, ids=lambda p: " ".join(p) or "sync")
def test_every_sync_command_has_vietnamese_help_with_an_example(path: tuple[str, ...]) -> None:
    out = run("sync", *path, "--help").stdout
    assert "Ví dụ: antt sync" in out
    summary = out.split("\n\n")[1]
    assert re.search(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", summary.lower()), summary
