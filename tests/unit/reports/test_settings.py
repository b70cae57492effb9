"""Report settings: set once per unit, kept in the database, used by every report."""

from __future__ import annotations

from datetime import date

import pytest

from antt_tui.domain.errors import ValidationError
from antt_tui.reports import settings as rs
from antt_tui.reports.compose import build
from antt_tui.reports.periods import period
from tests.unit.criteria.scenario import Town


def test_defaults_come_from_the_commune_and_village_names(town: Town) -> None:
    commune = rs.settings_for(town.facts(), "")
    assert (commune.parent_body, commune.issuing_body, commune.abbreviation, commune.place) == (
        "CÔNG AN TỈNH HƯNG YÊN", "CÔNG AN XÃ TÂN LẬP", "CAX", "Tân Lập")
    village = rs.settings_for(town.facts(), town.vid())
    assert (village.parent_body, village.issuing_body, village.signer_authority) == (
        "UBND XÃ TÂN LẬP", "THÔN ĐÔNG HẠ", ("TRƯỞNG THÔN",))
    assert rs.boundary_day(town.snapshot, "") == 1


def test_saved_settings_are_used_by_reports_and_kept_in_one_change(town: Town) -> None:
    stored = rs.save(town.archive, "", {"signer_name": "Nguyễn Văn Ba",
                                        "signer_authority": ["KT. TRƯỞNG CÔNG AN XÃ",
                                                             "PHÓ TRƯỞNG CÔNG AN XÃ"],
                                        "recipients": ["Công an tỉnh Hưng Yên;", "Lưu: VT, CAX."],
                                        "boundary_day": 15}, "Xã Tân Lập")
    assert town.archive.saves == ["Thiết lập báo cáo của Xã Tân Lập: Người ký, Chức vụ người "
                                  "ký, Nơi nhận, Ngày bắt đầu kỳ báo cáo"]
    assert stored == rs.stored(town.snapshot, "") and stored["boundary_day"] == 15
    doc, _ = build(town.facts(), "", period("thang", "2026-10"), date(2026, 11, 5))
    assert doc.signature.name == "Nguyễn Văn Ba"
    assert doc.signature.authority == ("KT. TRƯỞNG CÔNG AN XÃ", "PHÓ TRƯỞNG CÔNG AN XÃ")
    assert doc.recipients == ("Công an tỉnh Hưng Yên;", "Lưu: VT, CAX.")
    assert rs.boundary_day(town.snapshot, "") == 15
    # The village keeps its own (default) settings.
    assert rs.settings_for(town.facts(), town.vid()).signer_name == ""


@pytest.mark.parametrize(("changes", "field"), [
    ({"boundary_day": 31}, "boundary_day"),
    ({"issuing_body": "  "}, "issuing_body"),
    ({"signer_authority": []}, "signer_authority"),
    ({"colour": "đỏ"}, "colour"),
])
def test_bad_settings_change_nothing(town: Town, changes: dict, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        rs.save(town.archive, "", changes, "Xã Tân Lập")
    assert field in info.value.errors
    assert town.archive.saves == [] and town.snapshot.settings == {}
