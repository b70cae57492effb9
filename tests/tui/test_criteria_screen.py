"""The criteria screens: a village's criteria with status and evidence, by group as the
evaluation form lists them, drilling into the unsigned households, what is missing, the
commune with its villages, and the day from which incident records are complete (80×24)."""

from __future__ import annotations

from pathlib import Path

from antt_tui.paths import Paths
from antt_tui.roster.documents import Documents
from antt_tui.roster.visits import Activities
from antt_tui.tui.screens.criteria import CriteriaScreen, EvidenceScreen, MissingScreen
from antt_tui.tui.screens.household import HouseholdScreen
from tests.tui.conftest import (
    SIZE,
    active_actions,
    reopen,
    screen_text,
    table_rows,
    text_of,
    wait_for,
    wait_for_overview,
    wait_for_screen,
)
from tests.tui.test_help_palette_quit import run_palette


def rows_by_id(screen: CriteriaScreen) -> dict[str, list[str]]:
    """Group and criterion rows by id (sub-criteria are indented by one space)."""
    return {row[0].strip(): row for row in table_rows(screen.query_one("#criteria")) if row[0]}


def set_rows(screen: CriteriaScreen) -> dict[str, list[str]]:
    """The rows that head a rule set (the unit as a whole), by the rule set's name."""
    return {row[2]: row for row in table_rows(screen.query_one("#criteria")) if not row[0]}


async def open_criteria(pilot) -> CriteriaScreen:
    await wait_for_overview(pilot)
    await pilot.press("c")
    screen = await wait_for_screen(pilot, CriteriaScreen)
    await wait_for(pilot, lambda: screen.evaluations, what="the evaluation")
    return screen


async def test_village_criteria_show_status_and_drill_into_unsigned_households(
        make_app, paths: Paths, small_db: Path) -> None:
    with reopen(paths, small_db) as s:
        Documents(s.roster).add({"kind": "nghi_quyet", "number": "05-NQ/CB",
                                 "issued_on": "12/02/2026"}, village="DH")
        Activities(s.roster).sign_commitment("DH-0001", year=2026, signed_on="15/02/2026",
                                             signer="Nguyễn Văn An")
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_criteria(pilot)   # the first village: Thôn Đông Hạ
        title = text_of(screen.query_one("#criteria-title"))
        assert title.startswith("Thôn Đông Hạ · năm 2026 · tính đến 20/11/2026")
        assert set_rows(screen)["Khu dân cư “An toàn về…"][1] == "Chưa đạt"
        rows = rows_by_id(screen)
        assert rows["K1"][1] == "Chưa đạt"     # the group, then its sub-criteria
        assert rows["K1.1"][1] == "Đạt"
        assert rows["K1.2"][1] == "Chưa đạt"
        assert rows["K1.3"][1] == "Chưa đạt"
        assert rows["K2"][1] == "Chưa đủ dữ liệu"
        assert rows["K3"][1] == "Đạt"
        assert rows["K3a"][1] == "Đạt"
        # The detail under the table follows the cursor: the rule set, K1, K1.1 … K1.3.
        await pilot.press("down", "down", "down", "down")
        detail = text_of(screen.query_one("#criteria-detail"))
        assert detail.startswith("K1.3 Quý I, 100% hộ gia đình đang cư trú")
        assert "1/2 hộ đang cư trú đã ký cam kết" in detail
        assert "Còn thiếu: Còn 1 hộ chưa ký cam kết năm 2026." in detail

        await pilot.press("enter")
        evidence = await wait_for_screen(pilot, EvidenceScreen)
        assert table_rows(evidence.query_one("#evidence")) == [
            ["Hộ", "DH-0002 Hoàng Văn Giang: chưa ký"]]
        await pilot.press("enter")
        household = await wait_for_screen(pilot, HouseholdScreen)
        assert household.household_id == evidence.result.items[0].id
        await pilot.press("escape")
        await wait_for_screen(pilot, EvidenceScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, CriteriaScreen)

        await pilot.press("m")
        missing = await wait_for_screen(pilot, MissingScreen)
        lines = table_rows(missing.query_one("#missing"))
        assert ["K1.3", "Chưa đạt", "Còn 1 hộ chưa ký cam kết năm 2026."] in lines
        assert any(line[0] == "K5.1" and "Xác nhận năm 2026" in line[2] for line in lines)
        assert "K1.1" not in [line[0] for line in lines]


async def test_nothing_missing_is_said_in_words(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_criteria(pilot)
        criteria = app.screen
        app.push_screen(MissingScreen("Thôn Đông Hạ", 2026, []))
        await wait_for(pilot, lambda: isinstance(app.screen, MissingScreen)
                       and bool(app.screen.query("#missing-none")), what="the screen")
        screen = app.screen
        assert not screen.query("#missing")  # no empty table
        assert "Không còn việc nào phải ghi nhận" in text_of(screen.query_one("#missing-none"))
        assert "drill" not in active_actions(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is criteria, what="back to the criteria")


async def test_long_missing_items_wrap_instead_of_being_cut(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_criteria(pilot)
        await pilot.press("m")
        await wait_for_screen(pilot, MissingScreen)
        await pilot.pause(0.2)
        lines = screen_text(app).splitlines()
        start = next(line for line in lines if "Việc cần làm" in line).index("Việc cần làm")
        column = " ".join(" ".join(line[start:] for line in lines).split())  # the third column
        for result in app.screen.results:
            assert " ".join(result.missing.split()) in column, result.missing


async def test_another_year_and_the_commune_with_its_villages(make_app,
                                                              small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_criteria(pilot)
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: "năm 2025" in text_of(screen.query_one("#criteria-title")),
                       what="the 2025 evaluation")
        assert "tính đến 31/12/2025" in text_of(screen.query_one("#criteria-title"))
        await pilot.press("escape")

        await run_palette(pilot, "danh gia tieu chi xa")
        commune = await wait_for_screen(pilot, CriteriaScreen)
        await wait_for(pilot, lambda: commune.evaluations, what="the commune evaluation")
        title = text_of(commune.query_one("#criteria-title"))
        assert title.startswith("Xã Tân Lập · năm 2026")
        sets = set_rows(commune)
        assert sets["Chỉ tiêu 19.2 – xã nông…"][1] == "Chưa đạt"
        assert sets["Xã “An toàn về ANTT”…"][1] == "Chưa đạt"
        rows = table_rows(commune.query_one("#criteria"))
        ids = [row[0].strip() for row in rows]
        assert {"X1", "X1.1", "X2", "19.2a", "19.2a.1", "19.2đ", "19.2h", "19.2h.2"} <= set(ids)
        villages = [row for row in rows if row[0] in ("DH", "TL")]
        assert [(row[0], row[2]) for row in villages] == [("DH", "Thôn Đông Hạ"),
                                                          ("TL", "Thôn Trung Lập")]
        assert all(row[1] == "Chưa đạt" for row in villages)
        # Enter on a village line opens that village's criteria.
        commune.query_one("#criteria").move_cursor(row=ids.index("TL"))
        await pilot.press("enter")
        village = await wait_for_screen(pilot, CriteriaScreen)
        assert village is not commune
        await wait_for(pilot, lambda: village.evaluations, what="the village evaluation")
        assert text_of(village.query_one("#criteria-title")).startswith("Thôn Trung Lập")


async def test_record_a_document_a_team_and_a_confirmation_from_the_criteria_screen(
        make_app, paths: Paths, small_db: Path) -> None:
    from textual.widgets import Select

    from antt_tui.tui.screens.form import FormScreen
    from tests.tui.conftest import choose, tab_to, type_text

    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_criteria(pilot)
        assert rows_by_id(screen)["K1.1"][1] == "Chưa đạt"

        await pilot.press("v")  # the chi bộ resolution of 2026
        form = await wait_for_screen(pilot, FormScreen)
        await tab_to(pilot, form.query_one("#f-kind", Select))
        await choose(pilot, form.query_one("#f-kind", Select), "Nghị quyết của chi bộ / Đảng ủy")
        await tab_to(pilot, form.query_one("#f-number"))
        await type_text(pilot, "05-NQ/CB")
        await tab_to(pilot, form.query_one("#f-issued_on"))
        await type_text(pilot, "12/02/2026")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, CriteriaScreen)
        await wait_for(pilot, lambda: rows_by_id(screen)["K1.1"][1] == "Đạt",
                       what="K1.1 evaluated again")

        await pilot.press("t")  # a team, then six patrols would make K5.2 pass
        form = await wait_for_screen(pilot, FormScreen)
        await tab_to(pilot, form.query_one("#f-name"))
        await type_text(pilot, "Tổ tự quản thôn Đông Hạ")
        await tab_to(pilot, form.query_one("#f-established_on"))
        await pilot.press("end", "ctrl+u")  # the field holds today's date: clear it
        await type_text(pilot, "10/01/2024")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, CriteriaScreen)

        await pilot.press("h")
        form = await wait_for_screen(pilot, FormScreen)
        assert form.query_one("#f-team", Select).value is not Select.NULL
        await pilot.press("ctrl+s")  # a patrol today by default
        await wait_for_screen(pilot, CriteriaScreen)

        await pilot.press("x")
        form = await wait_for_screen(pilot, FormScreen)
        await tab_to(pilot, form.query_one("#f-subject", Select))
        await choose(pilot, form.query_one("#f-subject", Select),
                     "Lực lượng bảo đảm ANTT ở cơ sở hoàn thành nhiệm vụ trở lên, không có cá "
                     "nhân vi phạm kỷ luật")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, CriteriaScreen)
        await wait_for(pilot, lambda: rows_by_id(screen)["K5.1"][1] == "Đạt",
                       what="K5.1 confirmed")

    with reopen(paths, small_db) as s:
        [doc] = [d for d in s.store.records("documents")]
        assert (doc["kind"], doc["number"], doc["issued_on"], doc["year"]) == (
            "nghi_quyet", "05-NQ/CB", "2026-02-12", 2026)
        [team] = list(s.store.records("teams"))
        [activity] = list(s.store.records("team_activities"))
        assert (activity["team_id"], activity["kind"], activity["date"]) == (
            team["id"], "tuan_tra", "2026-11-20")
        [confirmation] = list(s.store.records("confirmations"))
        assert (confirmation["subject"], confirmation["value"], confirmation["year"]) == (
            "luc_luong_hoan_thanh", True, 2026)



async def test_a_group_row_sums_up_its_sub_criteria(make_app, small_db: Path) -> None:
    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_criteria(pilot)
        rows = table_rows(screen.query_one("#criteria"))
        ids = [row[0] for row in rows]
        k4 = rows[ids.index("K4")]
        assert k4[1:] == ["Chưa đủ dữ liệu", "Tham gia, phối hợp thực…",
                          "3/4 tiêu chí con đạt"]
        assert [row[0] for row in rows[ids.index("K4") + 1:ids.index("K5")]] == [
            " K4.1", " K4.2", " K4.3", " K4.4"]
        screen.query_one("#criteria").move_cursor(row=ids.index("K4"))
        await pilot.pause()
        detail = text_of(screen.query_one("#criteria-detail"))
        assert detail.startswith("K4 Tham gia, phối hợp thực hiện có hiệu quả công tác phòng")
        assert "K4.1: chưa đủ dữ liệu · K4.2: đạt · K4.3: đạt · K4.4: đạt" in detail


async def test_the_day_records_are_complete_is_set_from_the_criteria_screen(
        make_app, paths: Paths, small_db: Path) -> None:
    from datetime import date

    from antt_tui.roster.incidents import Incidents
    from antt_tui.tui.screens.form import FormScreen
    from tests.tui.conftest import tab_to, type_text

    app = make_app(small_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_criteria(pilot)
        title = screen.query_one("#criteria-title")
        assert "chưa ghi ngày số liệu đầy đủ" in text_of(title)
        # A first year in the app: no records before the previous window.
        assert rows_by_id(screen)["K4.1"][1] == "Chưa đủ dữ liệu"

        await pilot.press("s")
        form = await wait_for_screen(pilot, FormScreen)
        await tab_to(pilot, form.query_one("#f-complete_since"))
        await type_text(pilot, "01/11/2024")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, CriteriaScreen)
        await wait_for(pilot, lambda: rows_by_id(screen)["K4.1"][1] == "Đạt",
                       what="K4.1 judged against 0 incidents last year")
        assert "số liệu đầy đủ từ 01/11/2024" in text_of(title)
        ids = [row[0].strip() for row in table_rows(screen.query_one("#criteria"))]
        screen.query_one("#criteria").move_cursor(row=ids.index("K4.1"))
        await pilot.pause()
        assert "số liệu vụ việc đầy đủ từ 01/11/2024 (xã đã xác định)" in text_of(
            screen.query_one("#criteria-detail"))

    with reopen(paths, small_db) as s:
        assert Incidents(s.roster).complete_since() == date(2024, 11, 1)
