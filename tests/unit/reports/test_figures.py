"""Report figures from hand-made records: each figure counts what happened in the period,
the same period last year and since the start of the year and of the assessment window."""

from __future__ import annotations

from datetime import date

from antt_tui.reports.compose import build
from antt_tui.reports.document import BarChart, Paragraph, Signature, Table
from antt_tui.reports.figures import compute
from antt_tui.reports.periods import period
from antt_tui.reports.wording import long_date, num, pct
from tests.unit.criteria.scenario import Town

OCT = period("thang", "2026-10")
AS_OF = date(2026, 11, 5)


def by_label(fig) -> dict[str, tuple[int, int, int, int]]:
    return {c.label: (c.now, c.before, c.year_to_date, c.window_to_date) for c in fig.incidents}


def test_incident_counts_by_period_last_year_and_cumulative(town: Town) -> None:
    town.incident("15/10/2026", "TP_TTXH_TROM_CAP")      # this month
    town.incident("31/10/2026", "TP_TTXH_TROM_CAP")      # this month, last day
    town.incident("01/11/2026", "TP_TTXH_TROM_CAP")      # next month: not counted
    town.incident("20/10/2025", "TP_TTXH_TROM_CAP")      # same month last year
    town.incident("10/03/2026", "TP_TTXH_CUOP_GIAT")     # earlier this year
    town.incident("05/11/2025", "TP_TTXH_CUOP_GIAT")     # last year, in the 2026 village window
    town.incident("12/10/2026", "TNGT", deaths=1, injuries=2, village="TL")  # the other village
    fig = compute(town.facts(), town.vid(), OCT, AS_OF)
    counts = by_label(fig)
    assert counts["Tội phạm về trật tự xã hội"] == (2, 1, 3, 4)
    assert counts["Tai nạn, va chạm giao thông"] == (0, 0, 0, 0)
    assert counts["Tổng số"] == (2, 1, 3, 4)
    commune = compute(town.facts(), "", OCT, AS_OF)
    assert by_label(commune)["Tai nạn, va chạm giao thông"] == (1, 0, 1, 1)
    assert (commune.traffic["cases_now"], commune.traffic["deaths_now"],
            commune.traffic["injuries_now"]) == (1, 1, 2)
    assert commune.monthly[0][9] == 3 and commune.monthly[0][2] == 1   # October, March 2026
    assert len(commune.monthly[0]) == 10 and len(commune.monthly[1]) == 12  # to the period end
    assert commune.monthly[1][9] == 1 and commune.monthly[1][10] == 1


def test_as_of_cuts_the_period_and_last_year_alike(town: Town) -> None:
    town.incident("10/10/2026", "TNXH_CO_BAC")
    town.incident("20/10/2026", "TNXH_CO_BAC")
    town.incident("10/10/2025", "TNXH_CO_BAC")
    town.incident("20/10/2025", "TNXH_CO_BAC")
    fig = compute(town.facts(), town.vid(), OCT, date(2026, 10, 15))
    assert by_label(fig)["Tệ nạn xã hội"][:2] == (1, 1)


def test_situation_commitments_visits_teams(town: Town) -> None:
    town.household(name="Phạm Văn Dũng")              # DH-0002, not signed
    town.sign(on="15/02/2026")
    town.visit("10/10/2026")
    town.visit("12/10/2026", h3="chua_dat", h3_note="Con trai đánh bạc",
               follow_up_on="20/10/2026")
    town.visit("12/09/2026")                           # not in October
    team = town.team(established="01/01/2025")
    town.activity(team, "03/10/2026", "tuan_tra", shifts=2, officer_turns=6)
    town.activity(team, "04/10/2026", "hoa_giai", mediation_result="khong_thanh")
    town.activity(team, "05/10/2026", "tuyen_truyen", attendance=40)
    fig = compute(town.facts(), town.vid(), OCT, AS_OF)
    assert (fig.households_thuong_tru, fig.households_tam_tru, fig.people) == (2, 0, 4)
    assert fig.commitments_signed == 1 and fig.commitments_new == 0
    assert [h.code for h in fig.unsigned] == ["DH-0002"]
    assert (fig.visits, fig.households_visited, fig.follow_ups) == (2, 1, 1)
    assert fig.findings["h3"] == {"chua_dat": 1, "khong_ro": 0}
    assert fig.teams["patrols"] == 2 and fig.teams["patrol_turns"] == 6
    assert (fig.teams["mediations_ok"], fig.teams["mediations_failed"]) == (0, 1)
    assert (fig.teams["outreach"], fig.teams["outreach_attendance"]) == (1, 40)


def test_the_document_prints_the_computed_figures(town: Town) -> None:
    town.household(name="Phạm Văn Dũng")
    town.sign(on="15/02/2026")
    town.incident("15/10/2026", "TP_TTXH_TROM_CAP")
    doc, _ = build(town.facts(), town.vid(), OCT, AS_OF, number=5)
    assert doc.header.number == "Số: 05/BC-TH"
    assert doc.header.place_date == "Tân Lập, ngày 05 tháng 11 năm 2026"
    assert doc.header.issuing_body == "THÔN ĐÔNG HẠ"
    assert "tháng 10 năm 2026" in doc.summary
    situation = next(b for b in doc.blocks if isinstance(b, Paragraph))
    # Written on 05/11, the October report counts to the end of October.
    assert situation.text.startswith("Số liệu trong báo cáo này tính đến ngày 31 tháng 10 năm "
                                     "2026. Thôn Đông Hạ có 2 hộ gia đình (đều là hộ thường "
                                     "trú) với 4 nhân khẩu đang cư trú.")
    assert f"1/2 hộ ({pct(1, 2)})" in situation.text
    security = next(b for b in doc.blocks if isinstance(b, Table) and b.title.startswith("Bảng 1"))
    assert security.title == "Bảng 1. Tình hình vụ việc về an ninh, trật tự"
    assert [c.title for c in security.columns][-2:] == [
        "Lũy kế từ đầu năm (01/01 – 31/10/2026)",
        "Lũy kế kỳ đánh giá (01/11/2025 – 31/10/2026)"]
    rows = {row[1]: row for row in security.rows}
    assert rows["Tội phạm về trật tự xã hội"][2:4] == ("1", "0")
    assert rows["Tổng số"][2] == "1"
    titles = [a.title for a in doc.appendices]
    assert titles == ["DANH SÁCH HỘ CHƯA KÝ CAM KẾT “HỘ AN TOÀN” NĂM 2026",
                      "DANH SÁCH VỤ VIỆC TRONG KỲ"]
    assert [a.blocks[0].title for a in doc.appendices] == [
        "Bảng 3. Danh sách hộ chưa ký cam kết “Hộ an toàn” năm 2026",
        "Bảng 4. Danh sách vụ việc trong kỳ"]
    assert doc.signature == Signature(("TRƯỞNG THÔN",), "(chưa có người ký)")
    assert doc.footer_note == ""  # numbered: no "draft" footer (issuing adds its own)
    assert build(town.facts(), town.vid(), OCT, AS_OF)[0].footer_note == (
        "Bản nháp, chưa ban hành.")
    assert doc.appendices[0].blocks[0].rows[0][1] == "DH-0002"
    assert doc.appendices[0].subtitle == (
        "(Kèm theo Báo cáo số 05/BC-TH ngày 05 tháng 11 năm 2026 của thôn Đông Hạ)")
    assert not any(b for b in doc.blocks if getattr(b, "text", "") == "5. Đánh giá tiêu chí")


def test_quarterly_reports_carry_the_criteria(town: Town) -> None:
    doc, fig = build(town.facts(), "", period("quy", "2026-Q3"), AS_OF)
    assert {e.rule_set for e in fig.criteria} == {"tt124_2021_xa", "hd06_2022_19_2"}
    assert any(getattr(b, "text", "") == "5. Đánh giá tiêu chí" for b in doc.blocks)
    assert doc.header.issuing_body == "CÔNG AN XÃ TÂN LẬP"
    assert doc.header.parent_body == "CÔNG AN TỈNH HƯNG YÊN"


def test_number_and_date_formats() -> None:
    assert num(1234567) == "1.234.567"
    assert pct(1, 3) == "33,3%"
    assert long_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert long_date(date(2026, 11, 20)) == "ngày 20 tháng 11 năm 2026"


def test_the_details_table_agrees_with_the_security_table(town: Town) -> None:
    town.incident("12/10/2026", "TNGT", deaths=1, injuries=2)
    town.incident("14/10/2026", "VA_CHAM_GT")
    town.incident("15/10/2026", "VA_CHAM_GT", village="TL")
    town.incident("13/10/2026", "CHAY", damage=15000000)
    town.incident("14/10/2025", "VPHC_ANTT", fine=1500000)
    doc, _ = build(town.facts(), "", OCT, AS_OF)
    tables = {t.title.split(".")[0]: t for t in doc.blocks if isinstance(t, Table)}
    security = {row[1]: row[2] for row in tables["Bảng 2"].rows}
    details = tables["Bảng 3"]
    assert details.title == ("Bảng 3. Chi tiết tai nạn, va chạm giao thông, cháy, nổ, ma túy, "
                             "vi phạm hành chính (số vụ như ở Bảng 2)")
    assert details.rows[:5] == (("Tai nạn, va chạm giao thông", "số vụ", "3", "0", "+3"),
                                ("", "trong đó: tai nạn giao thông", "1", "0", "+1"),
                                ("", "trong đó: va chạm giao thông", "2", "0", "+2"),
                                ("", "số người chết", "1", "0", "+1"),
                                ("", "số người bị thương", "2", "0", "+2"))
    cases = {row[0]: row[2] for row in details.rows if row[1] == "số vụ"}
    assert cases == {group: security[group] for group in cases}  # the same names, counts
    assert ("", "thiệt hại (đồng)", "15.000.000", "0", "+15.000.000") in details.rows
    assert ("", "tiền phạt (đồng)", "0", "1.500.000", "-1.500.000") in details.rows


def test_every_table_and_chart_has_a_number_and_a_title(town: Town) -> None:
    town.household(name="Phạm Văn Dũng")
    town.visit("12/09/2026", h3="chua_dat", h3_note="Con trai đánh bạc")
    town.incident("15/09/2026", "TP_TTXH_TROM_CAP")
    doc, _ = build(town.facts(), "", period("nam", "2026"), date(2026, 12, 31))
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    tables += [b for a in doc.appendices for b in a.blocks if isinstance(b, Table)]
    assert [t.title.split(".")[0] for t in tables] == [f"Bảng {n}" for n in
                                                      range(1, len(tables) + 1)]
    assert len(tables) >= 8 and all(len(t.title.split(". ", 1)[1]) > 10 for t in tables)
    [chart] = [b for b in doc.blocks if isinstance(b, BarChart)]
    assert chart.title == "Biểu đồ 1. Số vụ việc theo tháng, năm 2026 so với năm 2025"


def test_one_as_of_day_stated_once_and_used_by_every_part(town: Town) -> None:
    """A Q3 report written on 04/12 counts to 30/09: part I, the tables, the criteria."""
    town.incident("15/09/2026", "TP_TTXH_TROM_CAP")
    town.incident("15/10/2026", "TP_TTXH_TROM_CAP")   # after the quarter: not counted
    town.sign(on="01/10/2026")                       # signed after the quarter
    doc, fig = build(town.facts(), "", period("quy", "2026-Q3"), date(2026, 12, 4))
    assert fig.as_of == date(2026, 9, 30) and doc.metadata["as_of"] == "2026-09-30"
    assert fig.commitments_signed == 0
    assert {e.as_of for e in fig.criteria} == {date(2026, 9, 30)}
    words = " ".join(strings(doc))
    assert words.lower().count("tính đến") == 1
    assert "Số liệu trong báo cáo này tính đến ngày 30 tháng 9 năm 2026." in words
    assert "04/12/2026" not in words and "30/09/2026" in words  # the tables' spans
    # 04/12 is only the day it is signed (header and appendix references).
    assert doc.header.place_date == "Tân Lập, ngày 04 tháng 12 năm 2026"
    criteria = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.bold]
    assert criteria == [f"{e.name}, kỳ đánh giá 16/11/2025 – 15/11/2026, chưa hết kỳ: "
                        f"{e.status.upper()}." for e in fig.criteria]


def test_the_annual_report_counts_the_window_its_criteria_judge(town: Town) -> None:
    town.incident("20/11/2025", "TP_TTXH_TROM_CAP")   # in the 2026 commune window
    town.incident("10/03/2026", "TP_TTXH_TROM_CAP")
    town.incident("17/11/2026", "TP_TTXH_TROM_CAP")   # in the next window
    doc, fig = build(town.facts(), "", period("nam", "2026"), date(2026, 12, 31))
    assert fig.window_span == (date(2025, 11, 16), date(2026, 11, 15))
    security = next(b for b in doc.blocks if isinstance(b, Table)
                    and b.title.endswith("Tình hình vụ việc về an ninh, trật tự"))
    # The year's column would repeat "Kỳ này"; the window's names its span.
    assert [c.title for c in security.columns][2:] == [
        "Kỳ này", "Cùng kỳ năm trước", "Tăng/ giảm (vụ)", "Tăng/ giảm (%)",
        "Lũy kế kỳ đánh giá (16/11/2025 – 15/11/2026)"]
    assert security.rows[-1][2] == "2" and security.rows[-1][-1] == "2"
    for evaluation in fig.criteria:
        assert evaluation.window.label == "16/11/2025 – 15/11/2026"
    # A report on the TT 124 window itself needs no cumulative column at all.
    window_doc, _ = build(town.facts(), "", period("ky_xa", "2026"), date(2026, 12, 31))
    security = next(b for b in window_doc.blocks if isinstance(b, Table)
                    and b.title.endswith("Tình hình vụ việc về an ninh, trật tự"))
    assert not any(c.title.startswith("Lũy kế") for c in security.columns)


def test_sentences_say_none_instead_of_zero(town: Town) -> None:
    doc, _ = build(town.facts(), town.vid(), OCT, AS_OF)
    text = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert ("Trong tháng 10 năm 2026, không tổ chức buổi tuyên truyền nào; không có hộ nào "
            "ký thêm cam kết “Hộ an toàn”.") in text
    assert "Trong tháng 10 năm 2026 không có lượt kiểm tra hộ gia đình nào." in text
    assert ("Chưa có tổ tự quản, mô hình nào hoạt động; trong kỳ không ghi nhận buổi tuần "
            "tra, họp hay hòa giải nào.") in text
    assert not any(" 0 " in t for t in text)
    team = town.team(established="01/01/2025")
    town.activity(team, "05/10/2026", "tuyen_truyen")
    town.activity(team, "06/10/2026", "hoa_giai", mediation_result="thanh")
    town.visit("10/10/2026")
    doc, _ = build(town.facts(), town.vid(), OCT, AS_OF)
    text = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert ("Trong tháng 10 năm 2026, tổ chức 1 buổi tuyên truyền; không có hộ nào ký thêm "
            "cam kết “Hộ an toàn”.") in text
    assert ("Thực hiện 1 lượt kiểm tra tại 1 hộ; không phát hiện nội dung nào chưa đạt theo "
            "tiêu chí “Hộ an toàn”.") in text
    assert "Có 1 tổ tự quản, mô hình hoạt động; hòa giải 1 vụ (1 thành)." in text


def strings(value) -> list[str]:
    """Every string of a document, in order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if hasattr(value, "__dataclass_fields__"):
        return [s for k in value.__dataclass_fields__ for s in strings(getattr(value, k))]
    return []
