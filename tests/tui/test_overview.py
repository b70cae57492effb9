"""The overview: one line per village and the commune total; Enter opens a village."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Select

from antt_tui.tui.screens.overview import OverviewScreen
from tests.tui.conftest import (
    SIZE,
    table_rows,
    text_of,
    wait_for_list,
    wait_for_overview,
    wait_for_screen,
)


async def test_overview_lists_villages_and_the_commune_total(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        table = app.screen.query_one(DataTable)
        assert app.focused is table
        assert [str(c.label) for c in table.columns.values()] == [
            "Mã", "Thôn", "Hộ", "NK", "Cam kết", "Kiểm tra", "Vụ việc", "Chưa thăm"]
        assert table_rows(table) == [
            ["DH", "Thôn Đông Hạ", "2", "4", "0/2 (0%)", "0", "0", "2"],
            ["TL", "Thôn Trung Lập", "1", "2", "0/1 (0%)", "0", "0", "1"],
            ["", "Cả xã", "3", "6", "0/3 (0%)", "0", "0", "3"],
        ]
        title = text_of(app.screen.query_one("#overview-title"))
        assert title.startswith("Xã Tân Lập, Hưng Yên · ngày 20/11/2026")
        assert "Cam kết: hộ đã ký năm 2026" in title


async def test_overview_counts_commitments_of_a_generated_commune(make_app,
                                                                  generated_db: Path) -> None:
    app = make_app(generated_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        rows = table_rows(app.screen.query_one(DataTable))
        assert [row[1] for row in rows] == [
            "Thôn Đông Thượng", "Thôn Hậu Trạch", "Thôn Lạc Thiện", "Cả xã"]
        assert rows[-1][2] == "30"
        roster = app.state.roster
        signed = len({c["household_id"] for c in roster.store.records("commitments")
                      if c["year"] == 2026})
        assert 0 < signed < 30
        assert rows[-1][4] == f"{signed}/30 ({100 * signed / 30:.0f}%)"
        assert sum(int(row[2]) for row in rows[:-1]) == 30


async def test_enter_on_a_village_opens_its_households(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        await pilot.press("down", "enter")
        screen = await wait_for_list(pilot)
        village = app.state.roster.village("TL")
        assert screen.query_one("#village", Select).value == village.id
        rows = table_rows(screen.query_one("#households", DataTable))
        assert [row[:4] for row in rows] == [["TL-0001", "Trần Văn Dũng", "2", "Trung Lập"]]
        assert text_of(screen.query_one("#list-status")).startswith("1 hộ · trang 1/1")

        await pilot.press("escape")
        await wait_for_screen(pilot, OverviewScreen)
        await pilot.press("down", "enter")  # the commune total: every village
        screen = await wait_for_list(pilot)
        assert screen.query_one("#village", Select).value == Select.NULL
        codes = [row[0] for row in table_rows(screen.query_one("#households", DataTable))]
        assert codes == ["DH-0001", "DH-0002", "TL-0001"]


async def test_thousands_are_written_the_vietnamese_way(make_app, paths) -> None:
    """1.115 as in the PDFs, never 1,115."""
    from tests.tui.conftest import generate_db, wait_for

    folder = generate_db(paths, paths.database, households=1100, seed=5)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_overview(pilot)
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: "…" not in str(table_rows(table)), what="the counts")
        total = table_rows(table)[-1]
        for cell in total[2:4]:  # households living there, people
            assert int(cell.replace(".", "")) > 1000 and cell[-4] == ".", cell
