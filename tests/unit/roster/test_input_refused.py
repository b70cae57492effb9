"""Every roster entry point refuses unsafe text, bad codes and over-long text, saving nothing.

The rules themselves are tested in tests/unit/domain/test_input_limits.py; here each
operation that takes text from an officer is shown to apply them before it saves.
"""

from __future__ import annotations

from datetime import date

import pytest

from antt_tui.domain.errors import NeedsConfirmation, ValidationError
from antt_tui.reports.compose import ReportText
from antt_tui.roster.documents import Documents
from antt_tui.roster.incidents import Incidents
from antt_tui.roster.visits import Activities
from antt_tui.session import Session
from tests.unit.roster.test_life_events import head_payload, pid, refused, snapshot

ESC = "\x1b"


def test_villages_and_the_commune(open_session) -> None:
    s = open_session()
    before = snapshot(s)
    for kwargs, fragment in (
        ({"province": f"Hưng{ESC} Yên", "name": "Xã A"}, "Tỉnh/thành phố có ký tự điều khiển"),
        ({"province": "Hưng Yên", "name": "Xã\u202eA"}, "Tên xã có ký tự đảo chiều chữ"),
        ({"province": "Hưng Yên", "name": "Xã A", "villages": ["Thôn\u200bB"]},
         "Tên thôn có ký tự ẩn"),
        ({"province": "Hưng Yên", "name": "X" * 201}, "Tên xã tối đa 200 ký tự"),
    ):
        with pytest.raises(ValidationError, match=fragment):
            s.roster.init_commune(**kwargs)
        assert snapshot(s) == before
    s.roster.init_commune(province="Hưng Yên", name="Xã A", villages=["Thôn B"])
    refused(s, ValidationError, "Tên thôn có ký tự điều khiển (U+0007 BEL)", "add_village",
            "Thôn\x07 C")
    refused(s, ValidationError, "Mã thôn có ký tự điều khiển", "add_village", "Thôn C",
            code=f"C{ESC}")


def test_household_codes_and_heads(commune: Session) -> None:
    s = commune
    for code in ("ab c", "ĐH-1", "DH_1", "D" * 21):
        refused(s, ValidationError, "Mã hộ", "add_household", "DH",
                household={"address": "Xóm 1"}, code=code, head=head_payload())
    refused(s, ValidationError, "Họ và tên phải có ít nhất một chữ cái.", "add_household", "DH",
            household={"address": "Xóm 1"}, head=head_payload(full_name="- -"))
    refused(s, ValidationError, "Mã hộ “dh 2” không hợp lệ", "split_household", "DH-0001",
            [pid(s, "Nguyễn Văn Cường")], new_head_id=pid(s, "Nguyễn Văn Cường"),
            household={"address": "Xóm 9"}, code="dh 2")


def test_reasons(commune: Session) -> None:
    s = commune
    cuong = pid(s, "Nguyễn Văn Cường")
    refused(s, ValidationError, "Lý do xóa có ký tự điều khiển", "delete_person", cuong,
            reason=f"nhập{ESC}[8m trùng")
    refused(s, ValidationError, "Lý do xóa tối đa 200 ký tự", "delete_household", "DH-0001",
            reason="x" * 201)
    refused(s, ValidationError, "Lý do thay đổi tình trạng có ký tự ẩn", "mark_moved_away", cuong,
            reason="Hà\ufeffNội")
    refused(s, ValidationError, "Lý do chuyển đi có ký tự đảo chiều chữ", "household_move_out",
            "DH-0001", reason="\u202eđi")
    # A warning accepted with a reason: the reason is checked like any text.
    with pytest.raises(NeedsConfirmation):
        s.roster.add_person("DH-0001", {"full_name": "Mai Thị Lan", "sex": "nu",
                                        "birth": "1992", "relation": "Con dâu",
                                        "cccd": "033190001111"})
    refused(s, ValidationError, "Lý do chấp nhận cảnh báo có ký tự điều khiển", "add_person",
            "DH-0001", {"full_name": "Mai Thị Lan", "sex": "nu", "birth": "1992",
                        "relation": "Con dâu", "cccd": "033190001111"},
            accept_warnings=f"đã xem{ESC}")


def test_incidents_documents_commitments(commune: Session) -> None:
    s = commune
    incidents = Incidents(s.roster)
    village = s.roster.village("DH").id
    answers = {"village": village, "date": "15/10/2026", "category": "TP_TTXH_TROM_CAP"}
    before = snapshot(s)
    with pytest.raises(ValidationError) as caught:
        incidents.add({**answers, "deaths": "1.5", "fine": "1e40", "note": f"a{ESC}b"})
    assert caught.value.errors == {
        "deaths": "Số người chết: Phải là số nguyên, không có phần lẻ (đã nhập “1.5”).",
        "fine": "Tiền phạt (đồng): “1e40” không phải là số (ví dụ: 12 hoặc 2,5).",
        "note": ("Diễn biến, ghi chú: Có ký tự điều khiển (U+001B ESC), không được phép; "
                 "hãy xóa và gõ lại."),
    }
    assert snapshot(s) == before
    found = incidents.add(answers)
    before = snapshot(s)
    with pytest.raises(ValidationError, match="Lý do sửa có ký tự điều khiển"):
        incidents.correct(found.id, {"status": "da_giai_quyet"}, reason=f"xong{ESC}")
    with pytest.raises(ValidationError, match="Lý do xóa có ký tự ẩn"):
        incidents.delete(found.id, reason="nhầm\u200b")
    with pytest.raises(ValidationError, match="Số, ký hiệu: Có ký tự đảo chiều chữ"):
        Documents(s.roster).add({"kind": "nghi_quyet", "number": "05\u202e-NQ",
                                 "issued_on": "12/02/2026"}, village="DH")
    with pytest.raises(ValidationError, match="Năm đánh giá: Phải là số nguyên"):
        Documents(s.roster).add({"kind": "nghi_quyet", "number": "05-NQ",
                                 "issued_on": "12/02/2026", "year": "2026,5"}, village="DH")
    with pytest.raises(ValidationError, match="Người ký phải có ít nhất một chữ cái"):
        Activities(s.roster).sign_commitment("DH-0001", year=2026, signed_on="15/02/2026",
                                             signer="...")
    with pytest.raises(ValidationError, match="Cán bộ kiểm tra: Có ký tự điều khiển"):
        Activities(s.roster).add_visit("DH-0001", {"date": "15/11/2026",
                                                   "officer": f"Trần{ESC}[31m Hùng"})
    assert snapshot(s) == before


def test_report_settings_and_issued_reports(commune: Session) -> None:

    s = commune
    before = snapshot(s)
    with pytest.raises(ValidationError, match="Nơi nhận có ký tự điều khiển"):
        s.reports().save_settings("", {"recipients": ["Công an tỉnh;", f"Lưu{ESC}"]})
    with pytest.raises(ValidationError, match="Người ký tối đa 200 ký tự"):
        s.reports().save_settings("", {"signer_name": "x" * 201})
    register = s.reports().register
    issue = {"kind": "thang", "spec": "2026-10", "scope": "", "as_of": date(2026, 11, 5),
             "issued_on": date(2026, 11, 5)}
    with pytest.raises(ValidationError, match="Số báo cáo phải từ 1 đến 999"):
        register.issue(number=10**40, **issue)
    with pytest.raises(ValidationError, match=r"Phần III \(tồn tại, hạn chế\) có ký tự điều khiển"):
        register.issue(number=1, text=ReportText(shortcomings=f"a{ESC}[2J"), **issue)
    with pytest.raises(ValidationError, match=r"Phần V \(đề xuất, kiến nghị\) tối đa 5000 ký tự"):
        register.issue(number=1, text=ReportText(proposals="x" * 5001), **issue)
    assert snapshot(s) == before
