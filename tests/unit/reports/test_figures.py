"""Report figures from hand-made records: each figure counts what happened in the period,
the same period last year and since the start of the year and of the assessment window."""

from __future__ import annotations

from datetime import date

from antt_tui.reports.compose import build, long_date, num, pct
from antt_tui.reports.document import Paragraph, Table
from antt_tui.reports.figures import compute
from antt_tui.reports.periods import period
from antt_tui.roster.teams import Teams
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
    teams = Teams(town.roster)
    teams.add_activity(team["id"], {"date": "03/10/2026", "kind": "tuan_tra", "shifts": 2,
                                    "officer_turns": 6})
    teams.add_activity(team["id"], {"date": "04/10/2026", "kind": "hoa_giai",
                                    "mediation_result": "khong_thanh"})
    teams.add_activity(team["id"], {"date": "05/10/2026", "kind": "tuyen_truyen",
                                    "attendance": 40})
    fig = compute(town.facts(), town.vid(), OCT, AS_OF)
    assert (fig.households_thuong_tru, fig.households_tam_tru, fig.people) == (2, 0, 4)
    assert fig.commitments_signed == 1 and fig.commitments_new == 0
    assert [h["code"] for h in fig.unsigned] == ["DH-0002"]
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
    assert situation.text.startswith("Tính đến ngày 05 tháng 11 năm 2026, thôn Đông Hạ có 2 hộ")
    assert f"1/2 hộ ({pct(1, 2)})" in situation.text
    security = next(b for b in doc.blocks if isinstance(b, Table) and b.title.startswith("Bảng 1"))
    rows = {row[1]: row for row in security.rows}
    assert rows["Tội phạm về trật tự xã hội"][2:4] == ("1", "0")
    assert rows["Tổng số"][2] == "1"
    titles = [a.title for a in doc.appendices]
    assert titles == ["DANH SÁCH HỘ CHƯA KÝ CAM KẾT “HỘ AN TOÀN” NĂM 2026",
                      "DANH SÁCH VỤ VIỆC TRONG KỲ"]
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


def test_table_2_holds_traffic_fire_drugs_and_fines(town: Town) -> None:
    town.incident("12/10/2026", "TNGT", deaths=1, injuries=2)
    town.incident("13/10/2026", "CHAY", damage=15000000)
    town.incident("14/10/2025", "VPHC_ANTT", fine=1500000)
    doc, _ = build(town.facts(), "", OCT, AS_OF)
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.title.startswith("Bảng 2"))
    assert table.rows[:2] == (("Tai nạn giao thông", "vụ", "1", "0", "+1"),
                              ("", "người chết", "1", "0", "+1"))
    assert ("", "thiệt hại (đồng)", "15.000.000", "0", "+15.000.000") in table.rows
    assert ("", "tiền phạt (đồng)", "0", "1.500.000", "-1.500.000") in table.rows
