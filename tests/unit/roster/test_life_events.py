"""Every roster operation (life event): what it stores, and that a broken rule saves nothing.

Each success goes through `apply`, which also checks that the event is one journal entry and
that every household still has exactly one head. Each refusal goes through `refused`, which
checks the exception type, its Vietnamese message, and that neither the records nor the
journal changed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from antt_tui.domain.errors import NeedsConfirmation, NotFound, ValidationError
from antt_tui.roster.entities import PersonRecord
from antt_tui.session import Session
from antt_tui.storage.check import records_hash, replay_journal
from antt_tui.storage.journal import device_segments, read_segment

OpenSession = Callable[..., Session]

AN, BINH, CUONG = "Nguyễn Văn An", "Lê Thị Bình", "Nguyễn Văn Cường"
AN_CCCD, BINH_CCCD = "033075001234", "033178005555"


# --------------------------------------------------------------------------- helpers


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def person(s: Session, name: str) -> dict[str, Any]:
    """The one non-deleted person with this full name."""
    found = [p for p in s.store.records("persons")
             if p.get("full_name") == name and not p.get("deleted")]
    assert len(found) == 1, f"{name}: {len(found)} records"
    return found[0]


def pid(s: Session, name: str) -> str:
    return person(s, name)["id"]


def hh(s: Session, code: str) -> dict[str, Any]:
    """The household as stored."""
    found = s.store.get("households", s.roster.household(code).id)
    assert found is not None
    return found


def names(rows: list[dict[str, Any]]) -> list[str]:
    return [r.full_name for r in rows]


def snapshot(s: Session) -> tuple[str, int]:
    assert s.store.journal is not None
    return s.store.state_hash(), s.store.journal.last_seq


def assert_one_head_everywhere(s: Session) -> None:
    """Every household not dissolved has exactly one non-deleted chủ hộ, and it is head_id.

    A household that still lives here (thường trú / tạm trú) also has its head living in it.
    """
    persons = [p for p in s.store.records("persons") if not p.get("deleted")]
    for household in s.store.records("households"):
        if household.get("deleted") or household.get("residence_status") == "giai_the":
            continue
        heads = [p for p in persons
                 if p.get("household_id") == household["id"] and p.get("relation") == "chu_ho"]
        assert [p["id"] for p in heads] == [household["head_id"]], household["code"]
        if household.get("residence_status") in ("thuong_tru", "tam_tru"):
            assert heads[0].get("status") == "present", household["code"]


def apply(s: Session, method: str, *args: Any, **kwargs: Any) -> Any:
    """Run a roster operation that must succeed as exactly one saved transaction."""
    seq = s.store.journal.last_seq  # type: ignore[union-attr]
    result = getattr(s.roster, method)(*args, **kwargs)
    assert s.store.journal.last_seq == seq + 1  # type: ignore[union-attr]
    assert_one_head_everywhere(s)
    return result


def refused(s: Session, exc_type: type[Exception], fragment: str, method: str,
            *args: Any, **kwargs: Any) -> Exception:
    """Run a roster operation that must be refused with `fragment` and save nothing."""
    before = snapshot(s)
    with pytest.raises(exc_type) as info:
        getattr(s.roster, method)(*args, **kwargs)
    assert type(info.value) is exc_type
    assert fragment in str(info.value), str(info.value)
    assert snapshot(s) == before, "a refused change must save nothing"
    assert_one_head_everywhere(s)
    return info.value


def head_payload(**over: Any) -> dict[str, Any]:
    return {"full_name": "Trần Văn Dũng", "sex": "nam", "birth": "1960", **over}


def add_tl_household(s: Session, **head: Any) -> dict[str, Any]:
    """A one-person household in Thôn Trung Lập (TL-0001, TL-0002, …)."""
    return apply(s, "add_household", "TL", household={"address": "Xóm 5, Thôn Trung Lập"},
                 head=head_payload(**head))


# --------------------------------------------------------------------------- the fixture


def test_commune_fixture_holds_one_household_of_three(commune: Session) -> None:
    s = commune
    household = hh(s, "DH-0001")
    assert household["head_id"] == pid(s, AN)
    assert names(s.roster.members(household["id"])) == [AN, BINH, CUONG]
    assert [p.relation for p in s.roster.members(household["id"])] == [
        "chu_ho", "vo", "con_de"]
    assert_one_head_everywhere(s)


# --------------------------------------------------------------------------- init_commune


def test_init_commune_stores_commune_and_villages_with_codes(open_session: OpenSession) -> None:
    s = open_session()
    commune = apply(s, "init_commune", province=nfd("Hưng Yên"), name="  Xã  Tân Lập ",
                    legacy_district="Huyện Kim Động",
                    villages=["Thôn Đông Hạ", nfd("Thôn Trung Lập"), "Xóm Đình"])
    assert commune == s.roster.commune()
    assert (commune.province, commune.name, commune.legacy_district) == (
        "Hưng Yên", "Xã Tân Lập", "Huyện Kim Động")
    villages = {v.name: v for v in s.roster.villages()}
    assert {name: v.code for name, v in villages.items()} == {
        "Thôn Đông Hạ": "DH", "Thôn Trung Lập": "TL", "Xóm Đình": "DI"}
    assert all(v.commune_id == commune.id for v in villages.values())


def test_init_commune_twice_is_refused(commune: Session) -> None:
    refused(commune, ValidationError, "đã có thông tin xã", "init_commune",
            province="Hà Nội", name="Xã Khác")


@pytest.mark.parametrize(("province", "name", "field", "fragment"), [
    ("", "Xã Tân Lập", "province", "Tên tỉnh/thành phố không được để trống"),
    ("Hưng Yên", "   ", "name", "Tên xã không được để trống"),
])
def test_init_commune_needs_province_and_name(open_session: OpenSession, province: str,
                                              name: str, field: str, fragment: str) -> None:
    s = open_session()
    error = refused(s, ValidationError, fragment, "init_commune", province=province, name=name,
                    villages=["Thôn A"])
    assert field in error.errors  # type: ignore[attr-defined]
    assert s.roster.commune() is None
    assert s.roster.villages() == []


@pytest.mark.parametrize(("villages", "fragment"), [
    (["Thôn A", "Thôn A"], "Có tên thôn bị lặp lại"),
    (["Thôn A", nfd("thôn a")], "Có tên thôn bị lặp lại"),
    (["Thôn A", "  "], "Tên thôn không được để trống"),
])
def test_init_commune_refuses_empty_or_repeated_village_names(
        open_session: OpenSession, villages: list[str], fragment: str) -> None:
    s = open_session()
    refused(s, ValidationError, fragment, "init_commune", province="Hưng Yên",
            name="Xã Tân Lập", villages=villages)
    assert s.roster.commune() is None


# --------------------------------------------------------------------------- add_village


def test_add_village_makes_a_code_from_the_name(commune: Session) -> None:
    s = commune
    bac_son = apply(s, "add_village", nfd("Thôn Bắc Sơn"))
    assert (bac_son.name, bac_son.code) == ("Thôn Bắc Sơn", "BS")
    dong_hai = apply(s, "add_village", "Thôn Đông Hải")  # same initials as Đông Hạ
    assert dong_hai.code == "DH2"
    chosen = apply(s, "add_village", "Khu dân cư số 3", code="kd3")
    assert chosen.code == "KD3"
    assert s.roster.village("kd3").id == chosen.id
    assert s.roster.village("bac son").id == bac_son.id
    assert s.roster.village(bac_son.id).id == bac_son.id
    assert sorted(v.code for v in s.roster.villages()) == ["BS", "DH", "DH2", "KD3", "TL"]


def test_villages_are_listed_alphabetically(commune: Session) -> None:
    s = commune
    apply(s, "add_village", "Thôn Bắc Sơn")
    apply(s, "add_village", "Thôn An Phú")
    assert [v.name for v in s.roster.villages()] == [
        "Thôn An Phú", "Thôn Bắc Sơn", "Thôn Đông Hạ", "Thôn Trung Lập"]


@pytest.mark.parametrize(("name", "code", "fragment"), [
    ("   ", "", "Tên thôn không được để trống"),
    ("thon dong ha", "", "Đã có thôn tên 'thon dong ha'"),
    (nfd("Thôn Đông Hạ"), "", "Đã có thôn tên"),
    ("Thôn Mới", "1X", "Mã thôn gồm 1–8 chữ cái"),
    ("Thôn Mới", "Đ", "Mã thôn gồm 1–8 chữ cái"),
    ("Thôn Mới", "ABCDEFGHI", "Mã thôn gồm 1–8 chữ cái"),
    ("Thôn Mới", "dh", "Mã thôn 'DH' đã được dùng"),
])
def test_add_village_rules(commune: Session, name: str, code: str, fragment: str) -> None:
    refused(commune, ValidationError, fragment, "add_village", name, code=code)


def test_add_village_before_the_commune_exists(open_session: OpenSession) -> None:
    refused(open_session(), ValidationError, "antt init", "add_village", "Thôn A")


def test_unknown_village_is_not_found(commune: Session) -> None:
    with pytest.raises(NotFound, match="Không tìm thấy thôn 'XX'"):
        commune.roster.village("XX")


# --------------------------------------------------------------------------- add_household


def test_add_household_stores_household_and_head(commune: Session) -> None:
    s = commune
    household = apply(s, "add_household", "dong ha",
                      household={"address": nfd("Xóm 3, Thôn Đông Hạ"), "notes": "Hộ nghèo"},
                      head={"full_name": nfd("phạm thị  hoa"), "sex": "Nữ", "birth": "02/1990",
                            "cccd": "033 190 012 345", "phone": "0912.345.678"})
    assert household.code == "DH-0002"
    assert household.village_id == s.roster.village("DH").id
    assert household.residence_status == "thuong_tru"
    assert (household.address, household.notes) == ("Xóm 3, Thôn Đông Hạ", "Hộ nghèo")
    head = s.store.get("persons", household.head_id)
    assert head is not None
    assert head["full_name"] == "Phạm Thị Hoa"
    assert unicodedata.is_normalized("NFC", head["full_name"])
    assert (head["relation"], head["status"], head["household_id"]) == (
        "chu_ho", "present", household.id)
    assert (head["sex"], head["birth"], head["cccd"], head["phone"]) == (
        "nu", "1990-02", "033190012345", "0912345678")
    assert (head["ethnicity"], head["religion"]) == ("Kinh", "Không")
    assert names(s.roster.members(household.id)) == ["Phạm Thị Hoa"]


def test_household_codes_count_per_village(commune: Session) -> None:
    s = commune
    assert add_tl_household(s).code == "TL-0001"
    assert add_tl_household(s, full_name="Trần Văn Em").code == "TL-0002"
    own = apply(s, "add_household", "DH", household={"address": "Xóm 1"}, code="dh-0010",
                head=head_payload(full_name="Đỗ Văn Tám"))
    assert own.code == "DH-0010"
    after = apply(s, "add_household", "DH", household={"address": "Xóm 1"},
                  head=head_payload(full_name="Đỗ Văn Chín"))
    assert after.code == "DH-0011"


def test_add_household_temporary_residence(commune: Session) -> None:
    household = apply(commune, "add_household", "TL",
                      household={"address": "Nhà trọ số 4", "residence_status": "Tạm trú"},
                      head=head_payload())
    assert household.residence_status == "tam_tru"


@pytest.mark.parametrize(("village", "household", "head", "code", "exc", "fragment"), [
    ("XX", {"address": "Xóm 1"}, {}, "", NotFound, "Không tìm thấy thôn 'XX'"),
    ("DH", {}, {}, "", ValidationError, "Địa chỉ của hộ không được để trống"),
    ("DH", {"address": "Xóm 1", "residence_status": "ở nhờ"}, {}, "", ValidationError,
     "không có trong danh mục"),
    ("DH", {"address": "Xóm 1", "dien_tich": "100"}, {}, "", ValidationError,
     "không có trong hồ sơ hộ"),
    ("DH", {"address": "Xóm 1"}, {}, "dh-0001", ValidationError, "Mã hộ 'DH-0001' đã được dùng"),
    ("DH", {"address": "Xóm 1"}, {"sex": ""}, "", ValidationError, "Chọn giới tính: Nam hoặc Nữ"),
    ("DH", {"address": "Xóm 1"}, {"full_name": " "}, "", ValidationError,
     "Họ và tên không được để trống"),
    ("DH", {"address": "Xóm 1"}, {"birth": "31/12/2026"}, "", ValidationError,
     "ở sau ngày hôm nay"),
    ("DH", {"address": "Xóm 1"}, {"cccd": BINH_CCCD}, "", ValidationError,
     f"Số CCCD {BINH_CCCD} đã thuộc về Lê Thị Bình (hộ DH-0001)"),
    ("DH", {"address": "Xóm 1"}, {"cccd": "03306000123"}, "", ValidationError,
     "Số CCCD phải có đúng 12 chữ số"),
    ("DH", {"address": "Xóm 5", "moved_in_on": "31/02/2026"}, {}, "", ValidationError,
     "Ngày đến cư trú"),
])
def test_add_household_rules(commune: Session, village: str, household: dict[str, Any],
                             head: dict[str, Any], code: str, exc: type[Exception],
                             fragment: str) -> None:
    refused(commune, exc, fragment, "add_household", village, household=household,
            head=head_payload(**head), code=code)


def test_add_household_with_mismatched_cccd_needs_confirmation(commune: Session) -> None:
    s = commune
    head = head_payload(cccd="033065001111")  # says born 1965, the head was born 1960
    error = refused(s, NeedsConfirmation, "năm sinh 1965", "add_household", "DH",
                    household={"address": "Xóm 1"}, head=head)
    assert error.warnings == [  # type: ignore[attr-defined]
        "Số CCCD cho biết năm sinh 1965 nhưng nhân khẩu ghi năm sinh 1960."]
    household = apply(s, "add_household", "DH", household={"address": "Xóm 1"}, head=head,
                      accept_warnings=True)
    assert s.store.get("persons", household.head_id)["cccd"] == "033065001111"  # type: ignore[index]


ONLY_LIVING_STATUS = "Tình trạng cư trú chỉ chọn Thường trú hoặc Tạm trú"


@pytest.mark.parametrize("status", ["giai_the", "da_chuyen_di", "Đã giải thể"])
def test_add_household_cannot_start_dissolved_or_moved_away(commune: Session, status: str
                                                            ) -> None:
    refused(commune, ValidationError, ONLY_LIVING_STATUS, "add_household", "DH",
            household={"address": "Xóm 1", "residence_status": status}, head=head_payload())


# --------------------------------------------------------------------------- edit_household


def test_edit_household_changes_address_status_and_notes(commune: Session) -> None:
    s = commune
    apply(s, "edit_household", "dh-1", {"address": nfd("Xóm 4, Thôn Đông Hạ"),
                                        "residence_status": "tạm trú", "notes": "Có chó dữ",
                                        "legacy_book_no": "123/HK"})
    household = hh(s, "DH-0001")
    assert household["address"] == "Xóm 4, Thôn Đông Hạ"
    assert household["residence_status"] == "tam_tru"
    assert (household["notes"], household["legacy_book_no"]) == ("Có chó dữ", "123/HK")
    assert household["head_id"] == pid(s, AN)


def test_edit_household_without_changes_saves_nothing(commune: Session) -> None:
    s = commune
    before = snapshot(s)
    s.roster.edit_household("DH-0001", {"address": "Xóm 2, Thôn Đông Hạ"})
    assert snapshot(s) == before


@pytest.mark.parametrize(("ref", "fields", "exc", "fragment"), [
    ("DH-0001", {"address": "  "}, ValidationError, "Địa chỉ của hộ không được để trống"),
    ("DH-0001", {"residence_status": "da_chuyen_di"}, ValidationError, "hộ chuyển đi"),
    ("DH-0001", {"residence_status": "Đã chuyển đi"}, ValidationError, "hộ chuyển đi"),
    ("DH-0001", {"head_id": "x"}, ValidationError, "không có trong hồ sơ hộ"),
    ("DH-0099", {"notes": "x"}, NotFound, "Không tìm thấy hộ có mã 'DH-0099'"),
])
def test_edit_household_rules(commune: Session, ref: str, fields: dict[str, Any],
                              exc: type[Exception], fragment: str) -> None:
    refused(commune, exc, fragment, "edit_household", ref, fields)


def test_edit_household_cannot_dissolve_a_household(commune: Session) -> None:
    refused(commune, ValidationError, ONLY_LIVING_STATUS, "edit_household", "DH-0001",
            {"residence_status": "giai_the"})


def test_edit_household_cannot_revive_a_moved_out_household(commune: Session) -> None:
    # The members (and the head) stay moved away: reviving the household would leave an
    # active household without its head.
    s = commune
    apply(s, "household_move_out", "DH-0001")
    refused(s, ValidationError, "Hộ DH-0001 không còn cư trú (Đã chuyển đi)", "edit_household",
            "DH-0001", {"residence_status": "thuong_tru"})
    # Notes of a departed household can still be corrected.
    apply(s, "edit_household", "DH-0001", {"notes": "Chuyển vào TP.HCM"})


# --------------------------------------------------------------------------- household_move_out


def test_household_move_out_marks_household_and_present_members(commune: Session) -> None:
    s = commune
    apply(s, "mark_deceased", pid(s, CUONG), on="03/03/2024")
    apply(s, "household_move_out", "DH-0001", on="01/11/2026", reason=nfd("Chuyển vào TP.HCM"))
    household = hh(s, "DH-0001")
    assert household["residence_status"] == "da_chuyen_di"
    assert household["moved_out_on"] == "2026-11-01"
    assert household["moved_out_reason"] == "Chuyển vào TP.HCM"
    assert household["head_id"] == pid(s, AN)
    statuses = {p.full_name: (p.status, p.status_on)
                for p in s.roster.members(household["id"])}
    assert statuses == {AN: ("moved_away", "2026-11-01"), BINH: ("moved_away", "2026-11-01"),
                        CUONG: ("deceased", "2024-03-03")}
    assert s.roster.members(household["id"], present_only=True) == []


def test_household_move_out_defaults_to_today(commune: Session) -> None:
    apply(commune, "household_move_out", "DH-0001")
    assert hh(commune, "DH-0001")["moved_out_on"] == "2026-11-20"


def test_household_move_out_rules(commune: Session) -> None:
    s = commune
    refused(s, ValidationError, "Ngày chuyển đi 21/11/2026 ở sau ngày hôm nay",
            "household_move_out", "DH-0001", on="21/11/2026")
    refused(s, ValidationError, "Ngày không hợp lệ", "household_move_out", "DH-0001",
            on="32/01/2026")
    refused(s, NotFound, "Không tìm thấy hộ", "household_move_out", "DH-0404")
    apply(s, "household_move_out", "DH-0001")
    refused(s, ValidationError, "Hộ DH-0001 không còn cư trú", "household_move_out", "DH-0001")


# --------------------------------------------------------------------------- add_person


def test_add_person_stores_the_member(commune: Session) -> None:
    s = commune
    added = apply(s, "add_person", "dh1", {
        "full_name": nfd("nguyễn thị  mai"), "sex": "NỮ", "birth": "24/07/2010",
        "relation": "con", "cccd": "033.310.000.777", "phone": "+84 912 000 111",
        "ethnicity": "Tày", "religion": "Phật giáo", "occupation": "Học sinh"})
    stored = s.store.get("persons", added.id)
    assert PersonRecord.of(stored) == added
    assert stored["full_name"] == "Nguyễn Thị Mai"
    assert (stored["sex"], stored["birth"], stored["relation"]) == ("nu", "2010-07-24", "con_de")
    assert (stored["cccd"], stored["phone"]) == ("033310000777", "0912000111")
    assert (stored["ethnicity"], stored["religion"], stored["occupation"]) == (
        "Tày", "Phật giáo", "Học sinh")
    assert (stored["status"], stored["household_id"]) == ("present", hh(s, "DH-0001")["id"])
    assert names(s.roster.members(stored["household_id"])) == [AN, BINH, CUONG, "Nguyễn Thị Mai"]
    assert hh(s, "DH-0001")["head_id"] == pid(s, AN)


@pytest.mark.parametrize(("fields", "exc", "fragment"), [
    ({"relation": "Chủ hộ"}, ValidationError, "Hộ đã có chủ hộ"),
    ({"relation": ""}, ValidationError, "Chọn quan hệ với chủ hộ"),
    ({"relation": "Hàng xóm"}, ValidationError, "không có trong danh mục"),
    ({"birth": "2027"}, ValidationError, "Ngày sinh 2027 ở sau ngày hôm nay"),
    ({"birth": "21/11/2026"}, ValidationError, "Ngày sinh 21/11/2026 ở sau ngày hôm nay"),
    ({"birth": "30/02/2000"}, ValidationError, "Ngày sinh không hợp lệ"),
    ({"sex": "khác"}, ValidationError, "không có trong danh mục"),
    ({"full_name": "Nguyễn Văn 2"}, ValidationError, "Họ và tên không được chứa chữ số"),
    ({"phone": "12345"}, ValidationError, "Số điện thoại '12345' không hợp lệ"),
    ({"cmnd": "12345"}, ValidationError, "Số CMND cũ phải có đúng 9 chữ số"),
    ({"status": "deceased"}, ValidationError, "không có trong hồ sơ nhân khẩu"),
    ({"cccd": "03309000123"}, ValidationError,
     "Số CCCD phải có đúng 12 chữ số (số đã nhập có 11 chữ số)"),
    ({"cccd": "03309000123A"}, ValidationError, "Số CCCD chỉ được gồm chữ số"),
    ({"cccd": "999090001234"}, ValidationError, "Mã tỉnh “999”"),
    ({"cccd": AN_CCCD}, ValidationError,
     f"Số CCCD {AN_CCCD} đã thuộc về Nguyễn Văn An (hộ DH-0001)"),
])
def test_add_person_rules(commune: Session, fields: dict[str, Any], exc: type[Exception],
                          fragment: str) -> None:
    base = {"full_name": "Nguyễn Văn Dũng", "sex": "nam", "birth": "1990", "relation": "Con"}
    refused(commune, exc, fragment, "add_person", "DH-0001", {**base, **fields})


def test_malformed_cccd_is_an_error_even_when_warnings_are_accepted(commune: Session) -> None:
    refused(commune, ValidationError, "Mã tỉnh", "add_person", "DH-0001",
            {"full_name": "Nguyễn Văn Dũng", "sex": "nam", "birth": "1990", "relation": "con",
             "cccd": "999090001234"}, accept_warnings=True)


def test_add_person_to_unknown_or_departed_household(commune: Session) -> None:
    s = commune
    fields = {"full_name": "Nguyễn Văn Dũng", "sex": "nam", "relation": "con"}
    refused(s, NotFound, "Không tìm thấy hộ có mã 'DH-0002'", "add_person", "DH-0002", fields)
    apply(s, "household_move_out", "DH-0001")
    refused(s, ValidationError, "Hộ DH-0001 không còn cư trú (Đã chuyển đi)", "add_person",
            "DH-0001", fields)


@pytest.mark.parametrize(("cccd", "sex", "birth", "warning"), [
    ("033090001234", "nu", "1990", "Số CCCD cho biết giới tính Nam nhưng nhân khẩu ghi Nữ"),
    ("033092001234", "nam", "1990", "năm sinh 1992 nhưng nhân khẩu ghi năm sinh 1990"),
    ("033290001234", "nam", "1990", "năm sinh 2090 nhưng nhân khẩu ghi năm sinh 1990"),
])
def test_cccd_that_disagrees_with_the_person_needs_confirmation(
        commune: Session, cccd: str, sex: str, birth: str, warning: str) -> None:
    s = commune
    fields = {"full_name": "Nguyễn Văn Dũng", "sex": sex, "birth": birth, "relation": "con",
              "cccd": cccd}
    error = refused(s, NeedsConfirmation, warning, "add_person", "DH-0001", fields)
    assert str(error).startswith("Cần xác nhận: ")
    saved = apply(s, "add_person", "DH-0001", fields, accept_warnings=True)
    assert s.store.get("persons", saved.id)["cccd"] == cccd  # type: ignore[index]


def test_cccd_of_a_deceased_person_may_be_given_again(commune: Session) -> None:
    s = commune
    fields = {"full_name": "Lê Thị Bình", "sex": "nu", "birth": "1978", "relation": "con",
              "cccd": BINH_CCCD}
    apply(s, "mark_deceased", pid(s, BINH), on="01/10/2026")
    again = apply(s, "add_person", "DH-0001", {**fields, "full_name": "Lê Thị Bính"})
    assert again.cccd == BINH_CCCD
    # The number now belongs to the living person.
    assert s.roster.person(BINH_CCCD).id == again.id
    refused(s, ValidationError, "đã thuộc về Lê Thị Bính", "add_person", "DH-0001",
            {**fields, "full_name": "Lê Thị Bịnh"})


def test_cccd_of_a_person_who_moved_away_is_still_taken(commune: Session) -> None:
    s = commune
    apply(s, "mark_moved_away", pid(s, BINH), on="01/10/2026")
    refused(s, ValidationError, f"Số CCCD {BINH_CCCD} đã thuộc về Lê Thị Bình", "add_person",
            "DH-0001", {"full_name": "Lê Thị Hồng", "sex": "nu", "birth": "1978",
                        "relation": "con", "cccd": BINH_CCCD})


def test_cccd_of_a_deleted_person_may_be_given_again(commune: Session) -> None:
    s = commune
    apply(s, "delete_person", pid(s, BINH), reason="Nhập trùng")
    again = apply(s, "add_person", "DH-0001", {"full_name": "Lê Thị Bình", "sex": "nu",
                                               "birth": "1978", "relation": "vợ",
                                               "cccd": BINH_CCCD})
    assert s.roster.person(BINH_CCCD).id == again.id


# --------------------------------------------------------------------------- edit_person


def test_edit_person_corrects_details(commune: Session) -> None:
    s = commune
    cuong = pid(s, CUONG)
    apply(s, "edit_person", cuong, {"full_name": nfd("Nguyễn Văn Cương"), "birth": "12/05/2001",
                                    "cccd": "033201009999", "occupation": "Thợ hàn",
                                    "relation": "Con nuôi"})
    stored = s.store.get("persons", cuong)
    assert stored is not None
    assert stored["full_name"] == "Nguyễn Văn Cương"
    assert unicodedata.is_normalized("NFC", stored["full_name"])
    assert (stored["birth"], stored["cccd"], stored["occupation"], stored["relation"]) == (
        "2001-05-12", "033201009999", "Thợ hàn", "con_nuoi")
    assert (stored["status"], stored["household_id"]) == ("present", hh(s, "DH-0001")["id"])


def test_edit_person_without_changes_saves_nothing(commune: Session) -> None:
    s = commune
    before = snapshot(s)
    s.roster.edit_person(pid(s, BINH), {"full_name": nfd(BINH), "cccd": "033 178 005 555"})
    assert snapshot(s) == before


@pytest.mark.parametrize(("who", "fields", "exc", "fragment"), [
    (CUONG, {"relation": "chủ hộ"}, ValidationError, "Dùng 'đổi chủ hộ' để thay chủ hộ"),
    (AN, {"relation": "chồng"}, ValidationError, "Dùng 'đổi chủ hộ' để thay chủ hộ"),
    (CUONG, {"cccd": BINH_CCCD}, ValidationError, "đã thuộc về Lê Thị Bình (hộ DH-0001)"),
    (CUONG, {"cccd": "12345678901"}, ValidationError, "Số CCCD phải có đúng 12 chữ số"),
    (CUONG, {"cccd": "999201001234"}, ValidationError, "Mã tỉnh “999”"),
    (CUONG, {"birth": "12/2026"}, ValidationError, "Ngày sinh 12/2026 ở sau ngày hôm nay"),
    (CUONG, {"full_name": ""}, ValidationError, "Họ và tên không được để trống"),
    (CUONG, {"sex": ""}, ValidationError, "Chọn giới tính"),
    (CUONG, {"household_id": "x"}, ValidationError, "không có trong hồ sơ nhân khẩu"),
    (AN, {"birth": "1976"}, NeedsConfirmation, "năm sinh 1975 nhưng nhân khẩu ghi năm sinh 1976"),
    (AN, {"sex": "nu"}, NeedsConfirmation, "giới tính Nam nhưng nhân khẩu ghi Nữ"),
    (CUONG, {"cccd": "033101001234"}, NeedsConfirmation, "giới tính Nữ nhưng nhân khẩu ghi Nam"),
])
def test_edit_person_rules(commune: Session, who: str, fields: dict[str, Any],
                           exc: type[Exception], fragment: str) -> None:
    refused(commune, exc, fragment, "edit_person", pid(commune, who), fields)


def test_edit_person_saves_a_confirmed_mismatch(commune: Session) -> None:
    s = commune
    apply(s, "edit_person", pid(s, AN), {"birth": "1976"}, accept_warnings=True)
    assert person(s, AN)["birth"] == "1976"


def test_edit_unknown_person_is_not_found(commune: Session) -> None:
    refused(commune, NotFound, "Không tìm thấy nhân khẩu 'DH-0001/7'", "edit_person",
            "DH-0001/7", {"notes": "x"})


def test_edit_person_cannot_move_birth_after_death(commune: Session) -> None:
    s = commune
    apply(s, "mark_deceased", pid(s, CUONG), on="01/06/2020")
    refused(s, ValidationError, "Ngày sinh 2023 ở sau ngày ghi nhận đã mất (01/06/2020)",
            "edit_person", pid(s, CUONG), {"birth": "2023"})
    apply(s, "edit_person", pid(s, CUONG), {"birth": "2000"})
    assert person(s, CUONG)["birth"] == "2000"


def test_edit_person_cannot_move_birth_after_moving_away(commune: Session) -> None:
    s = commune
    apply(s, "mark_moved_away", pid(s, CUONG), on="01/06/2020")
    refused(s, ValidationError, "Ngày sinh 07/2020 ở sau ngày ghi nhận đã chuyển đi (01/06/2020)",
            "edit_person", pid(s, CUONG), {"birth": "07/2020"})


# --------------------------------------------------------------------------- change_head


def test_change_head_hands_over_and_gives_the_old_head_a_relation(commune: Session) -> None:
    s = commune
    an, binh = pid(s, AN), pid(s, BINH)
    apply(s, "change_head", "DH-0001", binh, old_head_relation="Chồng")
    household = hh(s, "DH-0001")
    assert household["head_id"] == binh
    relations = {p.full_name: p.relation for p in s.roster.members(household["id"])}
    assert relations == {BINH: "chu_ho", AN: "chong", CUONG: "con_de"}
    assert names(s.roster.members(household["id"]))[0] == BINH
    assert s.store.get("persons", an)["status"] == "present"  # type: ignore[index]


def test_change_head_by_default_makes_the_old_head_khac(commune: Session) -> None:
    s = commune
    apply(s, "change_head", "DH-0001", pid(s, CUONG))
    assert person(s, AN)["relation"] == "khac"


def test_change_head_rules(commune: Session) -> None:
    s = commune
    other = add_tl_household(s)
    refused(s, ValidationError, "Người này đã là chủ hộ", "change_head", "DH-0001", pid(s, AN))
    refused(s, ValidationError, "Chủ hộ mới phải là nhân khẩu đang ở trong hộ", "change_head",
            "DH-0001", other.head_id)
    refused(s, ValidationError, "Chủ hộ cũ cần một quan hệ khác 'Chủ hộ'", "change_head",
            "DH-0001", pid(s, BINH), old_head_relation="chủ hộ")
    refused(s, ValidationError, "không có trong danh mục", "change_head", "DH-0001",
            pid(s, BINH), old_head_relation="Bạn thân")
    refused(s, NotFound, "Không tìm thấy hộ", "change_head", "DH-0002", pid(s, BINH))
    apply(s, "mark_deceased", pid(s, CUONG), on="01/01/2026")
    refused(s, ValidationError, "Chủ hộ mới phải là nhân khẩu đang ở trong hộ", "change_head",
            "DH-0001", pid(s, CUONG))


# --------------------------------------------------------------------------- mark_deceased


def test_mark_deceased_member(commune: Session) -> None:
    s = commune
    cuong = pid(s, CUONG)
    apply(s, "mark_deceased", cuong, on="15/10/2026", reason=nfd("Tai nạn giao thông"))
    stored = s.store.get("persons", cuong)
    assert stored is not None
    assert (stored["status"], stored["status_on"], stored["status_reason"]) == (
        "deceased", "2026-10-15", "Tai nạn giao thông")
    assert stored["household_id"] == hh(s, "DH-0001")["id"]
    assert names(s.roster.members(stored["household_id"], present_only=True)) == [AN, BINH]
    assert hh(s, "DH-0001")["residence_status"] == "thuong_tru"


def test_mark_deceased_on_a_date_object_and_by_default_today(commune: Session) -> None:
    s = commune
    apply(s, "mark_deceased", pid(s, CUONG), on=date(2026, 1, 2))
    apply(s, "mark_deceased", pid(s, BINH))
    assert person(s, CUONG)["status_on"] == "2026-01-02"
    assert person(s, BINH)["status_on"] == "2026-11-20"


def test_head_who_dies_hands_over_to_the_new_head(commune: Session) -> None:
    s = commune
    an, binh = pid(s, AN), pid(s, BINH)
    error = refused(s, ValidationError,
                    "Nguyễn Văn An là chủ hộ: chọn chủ hộ mới trong số Lê Thị Bình, "
                    "Nguyễn Văn Cường.", "mark_deceased", an, on="01/11/2026")
    assert "new_head_id" in error.errors  # type: ignore[attr-defined]
    apply(s, "mark_deceased", an, on="01/11/2026", new_head_id=binh)
    household = hh(s, "DH-0001")
    assert household["head_id"] == binh
    old = s.store.get("persons", an)
    assert old is not None
    assert (old["status"], old["relation"], old["relation_text"]) == (
        "deceased", "khac", "Nguyên chủ hộ")
    assert s.store.get("persons", binh)["relation"] == "chu_ho"  # type: ignore[index]
    assert household["residence_status"] == "thuong_tru"


def test_last_member_who_dies_dissolves_the_household(commune: Session) -> None:
    s = commune
    apply(s, "mark_deceased", pid(s, CUONG), on="01/01/2025")
    apply(s, "mark_moved_away", pid(s, BINH), on="01/02/2025")
    apply(s, "mark_deceased", pid(s, AN), on="01/03/2025")  # alone now: no new head needed
    household = hh(s, "DH-0001")
    assert household["residence_status"] == "giai_the"
    assert household["moved_out_on"] == "2025-03-01"
    assert household["head_id"] == pid(s, AN)


@pytest.mark.parametrize(("who", "kwargs", "fragment"), [
    (CUONG, {"on": "30/04/2001"}, "Ngày qua đời 30/04/2001 ở trước ngày sinh"),
    (AN, {"on": "01/01/1970", "new_head_id": "x"}, "ở trước ngày sinh"),
    (CUONG, {"on": "21/11/2026"}, "Ngày qua đời 21/11/2026 ở sau ngày hôm nay"),
    (CUONG, {"on": "hôm qua"}, "Ngày không hợp lệ"),
    (AN, {"new_head_id": "không-có"}, "Chủ hộ mới phải là nhân khẩu đang ở trong hộ"),
])
def test_mark_deceased_rules(commune: Session, who: str, kwargs: dict[str, Any],
                             fragment: str) -> None:
    refused(commune, ValidationError, fragment, "mark_deceased", pid(commune, who), **kwargs)


def test_death_within_a_partial_birth_month_is_allowed(commune: Session) -> None:
    # Cường was born "05/2001": a death on 10/05/2001 cannot be proved to be before birth.
    apply(commune, "mark_deceased", pid(commune, CUONG), on="10/05/2001")


def test_a_person_cannot_die_twice_or_after_leaving(commune: Session) -> None:
    s = commune
    cuong, binh = pid(s, CUONG), pid(s, BINH)
    apply(s, "mark_deceased", cuong, on="01/01/2026")
    refused(s, ValidationError, "Nguyễn Văn Cường không còn cư trú trong hộ", "mark_deceased",
            cuong)
    apply(s, "mark_moved_away", binh, on="01/02/2026")
    refused(s, ValidationError, "Lê Thị Bình không còn cư trú trong hộ", "mark_deceased", binh)


def test_a_moved_away_member_cannot_become_head(commune: Session) -> None:
    s = commune
    apply(s, "mark_moved_away", pid(s, BINH), on="01/02/2026")
    refused(s, ValidationError, "chọn chủ hộ mới trong số Nguyễn Văn Cường", "mark_deceased",
            pid(s, AN))
    refused(s, ValidationError, "Chủ hộ mới phải là nhân khẩu đang ở trong hộ", "mark_deceased",
            pid(s, AN), new_head_id=pid(s, BINH))


# --------------------------------------------------------------------------- mark_moved_away


def test_mark_moved_away_member(commune: Session) -> None:
    s = commune
    binh = pid(s, BINH)
    apply(s, "mark_moved_away", binh, on="01/09/2026", reason="Đi làm ở Bình Dương")
    stored = s.store.get("persons", binh)
    assert stored is not None
    assert (stored["status"], stored["status_on"], stored["status_reason"]) == (
        "moved_away", "2026-09-01", "Đi làm ở Bình Dương")
    assert BINH in names(s.roster.members(stored["household_id"]))
    assert BINH not in names(s.roster.members(stored["household_id"], present_only=True))


def test_head_who_moves_away_needs_a_new_head(commune: Session) -> None:
    s = commune
    refused(s, ValidationError, "Nguyễn Văn An là chủ hộ: chọn chủ hộ mới", "mark_moved_away",
            pid(s, AN))
    apply(s, "mark_moved_away", pid(s, AN), new_head_id=pid(s, CUONG))
    assert hh(s, "DH-0001")["head_id"] == pid(s, CUONG)
    assert person(s, AN)["relation"] == "khac"


def test_last_member_who_moves_away_moves_the_household(commune: Session) -> None:
    s = commune
    household = add_tl_household(s)
    apply(s, "mark_moved_away", household.head_id, on="02/11/2026")
    after = hh(s, household.code)
    assert (after["residence_status"], after["moved_out_on"]) == ("da_chuyen_di", "2026-11-02")


def test_mark_moved_away_rules(commune: Session) -> None:
    s = commune
    refused(s, ValidationError, "Ngày chuyển đi 01/01/2027 ở sau ngày hôm nay",
            "mark_moved_away", pid(s, CUONG), on="01/01/2027")
    refused(s, ValidationError, "ở trước ngày sinh", "mark_moved_away", pid(s, CUONG),
            on="01/01/2000")
    refused(s, NotFound, "Không tìm thấy nhân khẩu", "mark_moved_away", "000000000000")


# --------------------------------------------------------------------------- move_person


def test_move_person_to_another_household(commune: Session) -> None:
    s = commune
    target = add_tl_household(s)
    cuong = pid(s, CUONG)
    apply(s, "move_person", cuong, "tl-1", relation="Con rể")
    stored = s.store.get("persons", cuong)
    assert stored is not None
    assert (stored["household_id"], stored["relation"], stored["status"]) == (
        target.id, "con_re", "present")
    assert names(s.roster.members(target.id)) == ["Trần Văn Dũng", CUONG]
    assert names(s.roster.members(hh(s, "DH-0001")["id"])) == [AN, BINH]


def test_moving_the_head_hands_over_the_old_household(commune: Session) -> None:
    s = commune
    target = add_tl_household(s)
    an, binh = pid(s, AN), pid(s, BINH)
    refused(s, ValidationError, "Chủ hộ rời hộ DH-0001: chọn chủ hộ mới trong số "
            "Lê Thị Bình, Nguyễn Văn Cường.", "move_person", an, "TL-0001", relation="khác")
    apply(s, "move_person", an, "TL-0001", relation="Anh ruột", new_head_id=binh)
    assert hh(s, "DH-0001")["head_id"] == binh
    moved = s.store.get("persons", an)
    assert moved is not None
    assert (moved["household_id"], moved["relation"]) == (target.id, "anh_ruot")


def test_move_person_rules(commune: Session) -> None:
    s = commune
    target = add_tl_household(s)
    cuong = pid(s, CUONG)
    refused(s, ValidationError, "Nhân khẩu đã ở trong hộ này", "move_person", cuong, "DH-0001",
            relation="con")
    refused(s, ValidationError, "Hộ chuyển đến đã có chủ hộ", "move_person", cuong, "TL-0001",
            relation="Chủ hộ")
    refused(s, ValidationError, "không có trong danh mục", "move_person", cuong, "TL-0001",
            relation="Bạn")
    refused(s, NotFound, "Không tìm thấy hộ có mã 'TL-0009'", "move_person", cuong, "TL-0009",
            relation="con")
    refused(s, ValidationError, "Hộ TL-0001 sẽ không còn ai", "move_person", target.head_id,
            "DH-0001", relation="khác")
    refused(s, ValidationError, "chọn chủ hộ mới", "move_person", pid(s, AN), "TL-0001",
            relation="khác", new_head_id=target.head_id)
    apply(s, "mark_deceased", cuong, on="01/01/2026")
    refused(s, ValidationError, "Nguyễn Văn Cường không còn cư trú", "move_person", cuong,
            "TL-0001", relation="con")
    apply(s, "household_move_out", "TL-0001")
    refused(s, ValidationError, "Hộ TL-0001 không còn cư trú (Đã chuyển đi)", "move_person",
            pid(s, BINH), "TL-0001", relation="con")


# --------------------------------------------------------------------------- split_household


def test_split_household_makes_a_new_household(commune: Session) -> None:
    s = commune
    an, binh, cuong = pid(s, AN), pid(s, BINH), pid(s, CUONG)
    wife = apply(s, "add_person", "DH-0001", {"full_name": "Phạm Thị Duyên", "sex": "nu",
                                              "birth": "2002", "relation": "Con dâu"})
    apply(s, "edit_household", "DH-0001", {"residence_status": "tam_tru"})
    new = apply(s, "split_household", "DH-0001", [cuong, wife.id], new_head_id=cuong,
                household={"address": nfd("Xóm 6, Thôn Đông Hạ")},
                relations={wife.id: "Vợ"})
    assert new.code == "DH-0002"
    assert (new.head_id, new.split_from) == (cuong, hh(s, "DH-0001")["id"])
    assert (new.address, new.residence_status) == ("Xóm 6, Thôn Đông Hạ", "tam_tru")
    assert new.village_id == s.roster.village("DH").id
    assert [(p.full_name, p.relation) for p in s.roster.members(new.id)] == [
        (CUONG, "chu_ho"), ("Phạm Thị Duyên", "vo")]
    old = hh(s, "DH-0001")
    assert old["head_id"] == an
    assert [p.id for p in s.roster.members(old["id"])] == [an, binh]


def test_split_taking_the_old_head_needs_a_head_for_the_old_household(commune: Session
                                                                        ) -> None:
    s = commune
    an, binh, cuong = pid(s, AN), pid(s, BINH), pid(s, CUONG)
    refused(s, ValidationError, "Chủ hộ rời hộ DH-0001: chọn chủ hộ mới trong số Lê Thị Bình.",
            "split_household", "DH-0001", [an, cuong], new_head_id=an,
            household={"address": "Xóm 7"})
    refused(s, ValidationError, "chọn chủ hộ mới", "split_household", "DH-0001", [an, cuong],
            new_head_id=an, household={"address": "Xóm 7"}, source_new_head_id=cuong)
    new = apply(s, "split_household", "DH-0001", [an, cuong], new_head_id=an,
                household={"address": "Xóm 7"}, relations={cuong: "con"},
                source_new_head_id=binh, code="dh-0100")
    assert new.code == "DH-0100"
    assert hh(s, "DH-0001")["head_id"] == binh
    assert person(s, BINH)["relation"] == "chu_ho"
    assert [(p.full_name, p.relation) for p in s.roster.members(new.id)] == [
        (AN, "chu_ho"), (CUONG, "con_de")]


@pytest.mark.parametrize(("leaving", "head", "kwargs", "fragment"), [
    ([CUONG], BINH, {}, "Chủ hộ mới phải là một người được tách ra"),
    ([AN, BINH, CUONG], BINH, {"source_new_head_id": "x"},
     "Không thể tách tất cả nhân khẩu; hộ cũ phải còn ít nhất một người"),
    ([], CUONG, {}, "Chọn các nhân khẩu đang ở trong hộ để tách"),
    ([CUONG, "Trần Văn Dũng"], CUONG, {}, "Chọn các nhân khẩu đang ở trong hộ để tách"),
    ([CUONG, BINH], CUONG, {"relations": "chủ hộ"}, "Hộ mới chỉ có một chủ hộ"),
    ([CUONG, BINH], CUONG, {"relations": "Hàng xóm"}, "không có trong danh mục"),
    ([CUONG], CUONG, {"household": {}}, "Địa chỉ của hộ không được để trống"),
    ([CUONG], CUONG, {"code": "DH-0001"}, "Mã hộ 'DH-0001' đã được dùng"),
])
def test_split_household_rules(commune: Session, leaving: list[str], head: str,
                               kwargs: dict[str, Any], fragment: str) -> None:
    s = commune
    add_tl_household(s)
    ids = [pid(s, n) for n in leaving]
    if "relations" in kwargs:
        kwargs["relations"] = {pid(s, BINH): kwargs["relations"]}
    kwargs.setdefault("household", {"address": "Xóm 7"})
    refused(s, ValidationError, fragment, "split_household", "DH-0001", ids,
            new_head_id=pid(s, head), **kwargs)


def test_split_leaves_out_members_who_are_not_present(commune: Session) -> None:
    s = commune
    apply(s, "mark_deceased", pid(s, BINH), on="01/01/2026")
    refused(s, ValidationError, "Chọn các nhân khẩu đang ở trong hộ để tách", "split_household",
            "DH-0001", [pid(s, CUONG), pid(s, BINH)], new_head_id=pid(s, CUONG),
            household={"address": "Xóm 7"})


def test_split_cannot_make_a_dissolved_household(commune: Session) -> None:
    s = commune
    refused(s, ValidationError, ONLY_LIVING_STATUS, "split_household", "DH-0001", [pid(s, CUONG)],
            new_head_id=pid(s, CUONG),
            household={"address": "Xóm 7", "residence_status": "giai_the"})


# --------------------------------------------------------------------------- merge_households


def test_merge_households_moves_present_members_and_dissolves(commune: Session) -> None:
    s = commune
    absorb = add_tl_household(s)
    dung = absorb.head_id
    child = apply(s, "add_person", "TL-0001", {"full_name": "Trần Thị Én", "sex": "nu",
                                               "birth": "1985", "relation": "con"})
    gone = apply(s, "add_person", "TL-0001", {"full_name": "Trần Văn Giàu", "sex": "nam",
                                              "birth": "1987", "relation": "con"})
    apply(s, "mark_deceased", gone.id, on="01/01/2020")
    keep = apply(s, "merge_households", "DH-0001", "tl1",
                 relations={dung: "Bố vợ", child.id: "Em ruột"})
    assert keep.code == "DH-0001"
    dissolved = s.store.get("households", absorb.id)
    assert dissolved is not None
    assert (dissolved["residence_status"], dissolved["merged_into"], dissolved["moved_out_on"]
            ) == ("giai_the", keep.id, "2026-11-20")
    assert hh(s, "DH-0001")["head_id"] == pid(s, AN)
    relations = {p.full_name: p.relation for p in s.roster.members(keep.id)}
    assert relations == {AN: "chu_ho", BINH: "vo", CUONG: "con_de", "Trần Văn Dũng": "bo_vo",
                         "Trần Thị Én": "em_ruot"}
    # The member who died before the merge stays on the old household's record.
    assert names(s.roster.members(absorb.id)) == ["Trần Văn Giàu"]
    # A dissolved household is still found by its code.
    assert s.roster.household("TL-0001").residence_status == "giai_the"


def test_merged_members_default_to_khac(commune: Session) -> None:
    s = commune
    absorb = add_tl_household(s)
    apply(s, "merge_households", "DH-0001", "TL-0001")
    assert s.store.get("persons", absorb.head_id)["relation"] == "khac"  # type: ignore[index]


def test_merge_households_rules(commune: Session) -> None:
    s = commune
    absorb = add_tl_household(s)
    refused(s, ValidationError, "Chọn hai hộ khác nhau để nhập", "merge_households", "DH-0001",
            "dh-1")
    refused(s, ValidationError, "Hộ DH-0001 đã có chủ hộ", "merge_households", "DH-0001",
            "TL-0001", relations={absorb.head_id: "Chủ hộ"})
    refused(s, ValidationError, "không có trong danh mục", "merge_households", "DH-0001",
            "TL-0001", relations={absorb.head_id: "Bạn"})
    refused(s, NotFound, "Không tìm thấy hộ có mã 'TL-0002'", "merge_households", "DH-0001",
            "TL-0002")
    apply(s, "household_move_out", "TL-0001")
    refused(s, ValidationError, "Hộ TL-0001 không còn cư trú (Đã chuyển đi)", "merge_households",
            "DH-0001", "TL-0001")
    refused(s, ValidationError, "Hộ TL-0001 không còn cư trú", "merge_households", "TL-0001",
            "DH-0001")


def test_a_merged_household_cannot_be_merged_again(commune: Session) -> None:
    s = commune
    add_tl_household(s)
    apply(s, "merge_households", "DH-0001", "TL-0001")
    refused(s, ValidationError, "Hộ TL-0001 không còn cư trú (Đã giải thể)", "merge_households",
            "DH-0001", "TL-0001")


# --------------------------------------------------------------------------- delete_person


def test_delete_person_leaves_a_tombstone(commune: Session) -> None:
    s = commune
    cuong = pid(s, CUONG)
    apply(s, "delete_person", cuong, reason=nfd("Nhập trùng"))
    record = s.store.get("persons", cuong)
    assert record is not None
    assert (record["deleted"], record["deleted_reason"]) == (True, "Nhập trùng")
    assert record["full_name"] == CUONG
    household = hh(s, "DH-0001")
    assert names(s.roster.members(household["id"])) == [AN, BINH]
    assert s.roster.search("cuong") == []
    with pytest.raises(NotFound):
        s.roster.person(cuong)
    with pytest.raises(NotFound):
        s.roster.person("DH-0001/3")
    refused(s, NotFound, "Không tìm thấy nhân khẩu", "delete_person", cuong, reason="lần nữa")
    refused(s, NotFound, "Không tìm thấy nhân khẩu", "edit_person", cuong, {"notes": "x"})


def test_delete_person_rules(commune: Session) -> None:
    s = commune
    refused(s, ValidationError, "Không thể xóa chủ hộ; đổi chủ hộ trước", "delete_person",
            pid(s, AN), reason="Nhập nhầm")
    refused(s, ValidationError, "Ghi lý do xóa", "delete_person", pid(s, CUONG), reason="   ")


# --------------------------------------------------------------------------- references


def test_person_references_resolve(commune: Session) -> None:
    s = commune
    r = s.roster
    binh = pid(s, BINH)
    for ref in ("DH-0001/2", "dh-1/2", "dh1/2", BINH_CCCD, "033 178 005 555", "033.178.005.555",
                binh, binh[:8], f" {binh} "):
        assert r.person(ref).id == binh, ref
    assert r.person("DH-0001/1").full_name == AN
    assert r.person("DH-0001/3").full_name == CUONG


@pytest.mark.parametrize("ref", ["DH-0001/4", "DH-0001/0", "033178005556", "abc", "xyz-123"])
def test_unknown_person_reference_says_how_to_refer(commune: Session, ref: str) -> None:
    with pytest.raises(NotFound, match="dùng số CCCD hoặc mã hộ/số thứ tự"):
        commune.roster.person(ref)


def test_household_references_resolve(commune: Session) -> None:
    r = commune.roster
    hid = r.household("DH-0001").id
    for ref in ("DH-0001", "dh-0001", "dh-1", "DH1", "dh0001", hid):
        assert r.household(ref).id == hid, ref
    with pytest.raises(NotFound, match="Không tìm thấy hộ có mã 'TL-1'"):
        r.household("TL-1")


def test_nfd_input_is_stored_as_nfc_everywhere(open_session: OpenSession) -> None:
    s = open_session()
    apply(s, "init_commune", province=nfd("Thừa Thiên Huế"), name=nfd("Xã Hương Thọ"),
          villages=[nfd("Thôn Ngọc Hồ")])
    household = apply(s, "add_household", nfd("thôn ngọc hồ"),
                      household={"address": nfd("Tổ 3, Thôn Ngọc Hồ"), "notes": nfd("Ghi chú")},
                      head={"full_name": nfd("Hồ Thị Thu Hương"), "sex": nfd("Nữ"),
                            "birth": "1982", "occupation": nfd("Nông dân")})
    apply(s, "add_person", household.code, {"full_name": nfd("Đặng Văn Lợi"), "sex": "nam",
                                               "relation": nfd("Chồng"), "ethnicity": "Mường"})
    texts = [value for table in ("communes", "villages", "households", "persons")
             for record in s.store.records(table) for value in record.values()
             if isinstance(value, str)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert "Hồ Thị Thu Hương" in texts and "Tổ 3, Thôn Ngọc Hồ" in texts
    assert person(s, "Đặng Văn Lợi")["relation"] == "chong"
    assert [h.person["full_name"] for h in s.roster.search(nfd("Hương"))] == ["Hồ Thị Thu Hương"]


# --------------------------------------------------------------------------- reopen and replay


def _many_events(s: Session) -> None:
    r = s.roster
    apply(s, "add_village", "Thôn Bắc Sơn")
    add_tl_household(s, cccd="033060004321", phone="0987654321")
    apply(s, "add_person", "TL-0001", {"full_name": "Trần Thị Én", "sex": "nu", "birth": "1985",
                                       "relation": "con"})
    apply(s, "add_household", "BS", household={"address": "Xóm 1, Thôn Bắc Sơn",
                                               "residence_status": "tam_tru"},
          head={"full_name": "Vũ Văn Hải", "sex": "nam", "birth": "03/1970"})
    apply(s, "add_person", "BS-0001", {"full_name": "Vũ Thị Lan", "sex": "nu", "birth": "1972",
                                       "relation": "vợ"})
    apply(s, "edit_person", pid(s, CUONG), {"full_name": "Nguyễn Văn Cương", "phone": "0912000111"})
    apply(s, "edit_household", "DH-0001", {"notes": "Hộ gương mẫu"})
    apply(s, "change_head", "BS-0001", pid(s, "Vũ Thị Lan"), old_head_relation="Chồng")
    apply(s, "move_person", pid(s, "Trần Thị Én"), "DH-0001", relation="Con dâu")
    apply(s, "split_household", "DH-0001", [pid(s, "Nguyễn Văn Cương"), pid(s, "Trần Thị Én")],
          new_head_id=pid(s, "Nguyễn Văn Cương"), household={"address": "Xóm 8"},
          relations={pid(s, "Trần Thị Én"): "vợ"})
    apply(s, "mark_deceased", pid(s, AN), on="01/11/2026", new_head_id=pid(s, BINH))
    s.store.checkpoint()  # half the history in the table files, half only in the journal
    apply(s, "add_person", "DH-0002", {"full_name": "Nguyễn Thị Na", "sex": "nu",
                                       "birth": "01/10/2026", "relation": "con",
                                       "cccd": "033326000001"})
    apply(s, "mark_moved_away", pid(s, "Vũ Văn Hải"), on="05/11/2026", reason="Đi xuất khẩu lao động")
    apply(s, "merge_households", "DH-0001", "TL-0001", relations={})
    apply(s, "household_move_out", "BS-0001", on="10/11/2026")
    apply(s, "delete_person", pid(s, "Nguyễn Thị Na"), reason="Nhập nhầm hộ")
    assert r.store.journal is not None


def _journal_entries(s: Session) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    devices = [p for p in Path(s.store.journal_dir).iterdir() if p.is_dir()]
    assert devices
    for device_dir in devices:
        for segment in device_segments(device_dir):
            entries.extend(read_segment(segment.path))
    return sorted(entries, key=lambda e: (e["hlc"], e["dev"], e["seq"]))


def test_replaying_the_journal_from_empty_gives_the_same_state(commune: Session) -> None:
    s = commune
    _many_events(s)
    entries = _journal_entries(s)
    assert len(entries) == s.store.journal.last_seq  # type: ignore[union-attr]
    assert records_hash(replay_journal(entries)) == s.store.state_hash()


def test_reopening_the_folder_gives_the_same_state(commune: Session,
                                                   open_session: OpenSession) -> None:
    s = commune
    _many_events(s)
    expected = s.store.state_hash()
    last_seq = s.store.journal.last_seq  # type: ignore[union-attr]
    s.close()
    again = open_session(create=False)
    assert again.store.state_hash() == expected
    assert again.store.journal.last_seq == last_seq  # type: ignore[union-attr]
    assert_one_head_everywhere(again)
    r = again.roster
    assert r.household("DH-0001").head_id == pid(again, BINH)
    assert r.household("TL-0001").residence_status == "giai_the"
    assert r.household("BS-0001").residence_status == "da_chuyen_di"
    assert [h.person["full_name"] for h in r.search("cuong")] == ["Nguyễn Văn Cương"]
    assert r.search("Nguyễn Thị Na") == []
    assert records_hash(replay_journal(_journal_entries(again))) == expected


def test_reopening_after_a_crash_replays_what_was_not_checkpointed(
        commune: Session, open_session: OpenSession) -> None:
    s = commune
    _many_events(s)
    expected = s.store.state_hash()
    s.store.abandon()  # no checkpoint: the table files miss the last events
    again = open_session(create=False)
    assert again.store.replayed > 0
    assert again.store.state_hash() == expected
    assert_one_head_everywhere(again)


# --------------------------------------------------------------------------- delete household


def test_delete_household_leaves_tombstones_and_frees_the_cccd(commune: Session) -> None:
    s = commune
    household_id = hh(s, "DH-0001")["id"]
    refused(s, ValidationError, "Ghi lý do xóa", "delete_household", "DH-0001", reason=" ")
    apply(s, "delete_household", "DH-0001", reason="Nhập trùng")
    record = s.store.get("households", household_id)
    assert record is not None and record["deleted"] and record["deleted_reason"] == "Nhập trùng"
    gone = [p for p in s.store.records("persons") if p.get("household_id") == household_id]
    assert len(gone) == 3 and all(p["deleted"] for p in gone)
    with pytest.raises(NotFound):
        s.roster.household("DH-0001")
    assert s.roster.search("nguyen van an") == []
    # The CCCD of a deleted (mistaken) record can be entered again.
    s.roster.add_household("DH", household={"address": "Xóm 2"}, head={
        "full_name": AN, "sex": "nam", "birth": "24/07/1975", "cccd": AN_CCCD})


# --------------------------------------------------------------------------- accepted warnings


def test_accepted_warning_is_kept_in_the_journal_and_history(commune: Session) -> None:
    from antt_tui.roster.history import household_history

    s = commune
    apply(s, "add_person", "DH-0001", {"full_name": "Nguyễn Thị Dung", "sex": "nu",
                                       "birth": "1990", "relation": "Con đẻ",
                                       "cccd": "033189001111"}, accept_warnings=True)
    last = household_history(s.store, hh(s, "DH-0001")["id"])[-1]
    assert last.summary == "Thêm Nguyễn Thị Dung vào hộ DH-0001"
    assert last.accepted == [
        "Số CCCD cho biết năm sinh 1989 nhưng nhân khẩu ghi năm sinh 1990."]
