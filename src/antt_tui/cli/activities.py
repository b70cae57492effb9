"""`antt commit` and `antt visit`: household commitments and inspection visits."""

from __future__ import annotations

from typing import Any

import click

from antt_tui.cli.common import CliContext, echo, echo_json, json_option, pass_ctx, table
from antt_tui.domain.dates import format_date, parse_date, vn_date
from antt_tui.roster.visits import CHECKLIST, Activities

RESULTS = {"dat": "Đạt", "chua_dat": "Chưa đạt", "khong_ro": "Không rõ"}
"""Vietnamese labels of the checklist answers and visit results."""


# ================================================================ commit


@click.group()
def commit() -> None:
    """Cam kết "Hộ an toàn" hằng năm: ký cam kết, danh sách hộ đã ký.

    Ví dụ: antt commit sign DH-0012 --year 2026 --date 15/02/2026 --signer "Nguyễn Văn An"
    """


@commit.command("sign")
@click.argument("household", metavar="MÃ_HỘ")
@click.option("--year", type=int, default=None,
              help="Năm cam kết (mặc định: năm của ngày ký).")
@click.option("--date", "signed_on", default=None,
              help="Ngày ký: 15/02/2026 (mặc định hôm nay).")
@click.option("--signer", required=True, help="Họ tên người ký (thường là chủ hộ).")
@pass_ctx
def commit_sign(ctx: CliContext, household: str, year: int | None, signed_on: str | None,
                signer: str) -> None:
    """Ghi nhận hộ MÃ_HỘ ký cam kết "Hộ an toàn" trong năm.

    Ví dụ: antt commit sign DH-0012 --year 2026 --date 15/02/2026 --signer "Nguyễn Văn An"
    """
    with ctx.session() as s:
        day = signed_on or ctx.today.isoformat()
        activities = Activities(s.roster)
        code = s.roster.household(household).code
        if year is None:
            year = ctx.today.year if not signed_on else _year_of(day)
        c = activities.sign_commitment(household, year=year, signed_on=day, signer=signer)
    echo(f"Đã ghi nhận hộ {code} ký cam kết năm {c.year} ngày {vn_date(c.signed_on)}.")


def _year_of(text: str) -> int:
    """The year of a date typed by the officer (checked again by the core)."""
    try:
        return parse_date(text).year
    except ValueError:
        return 0  # the core refuses the date with its own message


@commit.command("list")
@click.option("--year", type=int, default=None, help="Năm cam kết (mặc định: năm nay).")
@click.option("--village", "-t", default=None, help="Chỉ một thôn (mã, ví dụ DH).")
@json_option
@pass_ctx
def commit_list(ctx: CliContext, year: int | None, village: str | None, as_json: bool) -> None:
    """Danh sách hộ đã ký cam kết "Hộ an toàn" trong năm.

    Ví dụ: antt commit list --year 2026 --village DH
    """
    year = year or ctx.today.year
    with ctx.session() as s:
        activities = Activities(s.roster)
        vid = s.roster.village(village).id if village else None
        rows = activities.commitments(year, vid)
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    table([[r.household_code, vn_date(r.signed_on), r.signer] for r in rows],
          ["Mã hộ", "Ngày ký", "Người ký"])
    echo(f"{len(rows)} hộ đã ký cam kết năm {year}.", err=True)


# ================================================================ visit


@click.group()
def visit() -> None:
    """Kiểm tra hộ theo tiêu chí "Hộ an toàn" (H1–H6): ghi lượt kiểm tra, xem các lượt.

    Ví dụ: antt visit add DH-0012 --officer "Trần Văn Hùng" --h3 chua_dat --note-h3 "Con đánh bạc"
    """


def checklist_options(func):
    """`--h1` … `--h6` and `--note-h1` … `--note-h6`."""
    for item in reversed(CHECKLIST):
        func = click.option(f"--note-{item}", f"note_{item}", default=None,
                            help=f"Lý do chưa đạt mục {item.upper()}.")(func)
        func = click.option(f"--{item}", item, default=None, metavar="KẾT_QUẢ",
                            help=f"Mục {item.upper()}: dat, chua_dat hoặc khong_ro "
                                 "(mặc định dat).")(func)
    return func


@visit.command("add")
@click.argument("household", metavar="MÃ_HỘ")
@click.option("--date", "day", default=None, help="Ngày kiểm tra: 20/11/2026 (mặc định hôm nay).")
@click.option("--officer", default=None,
              help="Cán bộ kiểm tra (mặc định: tên trong --can-bo / ANTT_OFFICER).")
@checklist_options
@click.option("--findings", default=None, help="Kết quả kiểm tra, tình hình phát hiện.")
@click.option("--advice", default=None, help="Nội dung tuyên truyền, hướng dẫn.")
@click.option("--follow-up", "follow_up", default=None, help="Ngày hẹn kiểm tra lại.")
@json_option
@pass_ctx
def visit_add(ctx: CliContext, household: str, day: str | None, officer: str | None,
              findings: str | None, advice: str | None, follow_up: str | None, as_json: bool,
              **checklist: str | None) -> None:
    """Ghi một lượt kiểm tra hộ MÃ_HỘ; các mục không ghi là Đạt.

    Ví dụ: antt visit add DH-0012 --date 20/11/2026 --officer "Trần Văn Hùng" --h3 chua_dat
    --note-h3 "Con trai đánh bạc" --advice "Nhắc nhở gia đình"
    """
    answers: dict[str, Any] = {"date": day or format_date(ctx.today)}
    for item in CHECKLIST:
        if checklist.get(item) is not None:
            answers[item] = checklist[item]
        if checklist.get(f"note_{item}") is not None:
            answers[f"{item}_note"] = checklist[f"note_{item}"]
    for key, value in (("officer", officer), ("findings", findings), ("advice", advice),
                       ("follow_up_on", follow_up)):
        if value is not None:
            answers[key] = value
    with ctx.session() as s:
        activities = Activities(s.roster)
        v = activities.add_visit(household, answers, officer=ctx.officer)
    if as_json:
        echo_json(v.to_json())
        return
    echo(f"Đã ghi lượt kiểm tra hộ {v.household_code} ngày {vn_date(v.date)}: "
         f"{RESULTS[v.result]}.")


@visit.command("list")
@click.argument("household", metavar="MÃ_HỘ")
@json_option
@pass_ctx
def visit_list(ctx: CliContext, household: str, as_json: bool) -> None:
    """Các lượt kiểm tra của hộ MÃ_HỘ, mới nhất trước.

    Ví dụ: antt visit list DH-0012 --json
    """
    with ctx.session() as s:
        activities = Activities(s.roster)
        found = s.roster.household(household)
        rows = activities.visits_of(found.id)
    if as_json:
        echo_json([v.to_json() for v in rows])
        return
    table([[vn_date(v.date), v.officer, RESULTS.get(v.result, ""),
            ", ".join(f"{c.item.upper()}: {c.note or RESULTS.get(c.answer, '')}"
                      for c in v.checklist if not c.passed),
            vn_date(v.follow_up_on)]
           for v in rows],
          ["Ngày", "Cán bộ", "Kết quả", "Mục chưa đạt", "Hẹn lại"])
    echo(f"{len(rows)} lượt kiểm tra hộ {found.code}.", err=True)


COMMANDS = [commit, visit]
