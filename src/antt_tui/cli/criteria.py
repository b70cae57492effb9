"""`antt criteria`: evaluate a village, the commune or a household against the rule sets, and
`antt criteria complete-since`: from which day the commune's incident records are complete."""

from __future__ import annotations

import click

from antt_tui.cli.common import (
    CliContext,
    CliError,
    day_option,
    echo,
    echo_json,
    json_option,
    pass_ctx,
)
from antt_tui.criteria.engine import (
    evaluate_commune,
    evaluate_household,
    evaluate_village,
    facts_of,
)
from antt_tui.criteria.results import CHUA_DAT, DAT, Evaluation, Result
from antt_tui.domain.dates import format_date

MARKS = {DAT: "✓", CHUA_DAT: "✗"}
ITEMS_SHOWN = 50


def _line(indent: str, status: str, cid: str, text: str) -> str:
    return f"{indent}{MARKS.get(status, '?')} {cid:<8} {status:<16} {text}"


def _items(result: Result, indent: str) -> None:
    for item in result.items[:ITEMS_SHOWN]:
        echo(f"{indent}    · {item.label}")
    if len(result.items) > ITEMS_SHOWN:
        echo(f"{indent}    · … và {len(result.items) - ITEMS_SHOWN} mục nữa")


def _print(evaluation: Evaluation, details: bool) -> None:
    """The unit as a whole, then each group (K1 … K5, X1, 19.2a …) as the evaluation form
    lists them, with its sub-criteria beneath."""
    echo(f"{evaluation.unit_name} — {evaluation.name}")
    echo(f"Năm {evaluation.year} (kỳ {evaluation.window.label}), tính đến "
         f"{format_date(evaluation.as_of)}: {evaluation.status.upper()}")
    for group in evaluation.group_results():
        if group.single:
            (result,) = group.results
            echo(_line("  ", result.status, result.id, result.summary))
            if details:
                _items(result, "    ")
            continue
        echo(_line("  ", group.status, group.id, group.text))
        for result in group.results:
            echo(_line("      ", result.status, result.id, result.summary))
            if details:
                _items(result, "        ")
    missing = evaluation.missing()
    if missing:
        echo("Còn phải ghi nhận, xác nhận:")
        for result in missing:
            echo(f"  - {result.id}: {result.missing}")
    echo("")


@click.group("criteria", invoke_without_command=True)
@click.option("--village", "-t", default=None, help="Đánh giá một thôn (mã, ví dụ DH).")
@click.option("--commune", "-x", is_flag=True, help="Đánh giá xã (TT 124 Điều 5, chỉ tiêu 19.2).")
@click.option("--household", "household", default=None,
              help="Đánh giá một hộ theo tiêu chí “Hộ an toàn” (H1–H7).")
@click.option("--year", type=int, default=None,
              help="Năm đánh giá (mặc định: năm nay; tháng 11, 12 là kỳ vừa kết thúc).")
@click.option("--as-of", "as_of", default=None,
              help="Tính đến ngày (mặc định hôm nay), ví dụ 30/06/2026.")
@click.option("--chi-tiet", "details", is_flag=True,
              help="Liệt kê hộ, vụ việc, văn bản làm căn cứ của từng tiêu chí.")
@json_option
@click.pass_context
def criteria(click_ctx: click.Context, village: str | None, commune: bool,
             household: str | None, year: int | None, as_of: str | None, details: bool,
             as_json: bool) -> None:
    """Đánh giá tiêu chí an ninh, trật tự: thôn, xã hoặc hộ, kèm căn cứ.

    Kết quả của cả thôn (xã), của từng nhóm tiêu chí (K1–K5, X1–X2, nội dung a–h của chỉ
    tiêu 19.2) và của từng tiêu chí con: đạt, chưa đạt hoặc chưa đủ dữ liệu, với căn cứ (hộ
    chưa ký cam kết, vụ việc, văn bản, xác nhận) và việc còn phải ghi nhận.

    Ví dụ: antt criteria --village DH --year 2026 --as-of 30/06/2026

    Ví dụ: antt criteria --commune --year 2026 --json

    Ví dụ: antt criteria complete-since 01/11/2024
    """
    if click_ctx.invoked_subcommand is not None:
        if village or commune or household or year or as_of or details or as_json:
            raise CliError("Các tùy chọn đánh giá không dùng cùng lệnh "
                           f"“{click_ctx.invoked_subcommand}”.")
        return
    ctx: CliContext = click_ctx.obj
    if sum(map(bool, (village, commune, household))) != 1:
        raise CliError("Chọn một trong --village MÃ_THÔN, --commune hoặc --household MÃ_HỘ.")
    day = day_option(as_of, ctx.today, "--as-of")
    year = year or day.year
    with ctx.session() as s:
        facts = facts_of(s.roster.snapshot())
        try:
            if village:
                evaluations = evaluate_village(facts, s.roster.village(village).id, year, day)
            elif household:
                evaluations = [evaluate_household(facts, s.roster.household(household).id,
                                                  year, day)]
            else:
                evaluations = evaluate_commune(facts, year, day)
        except LookupError as exc:
            raise CliError(str(exc).strip("'\"")) from exc
    if as_json:
        rows = []
        for e in evaluations:
            groups = {g.id: g for g in e.group_results()}
            rows += [{**r.to_json(), "rule_set": e.rule_set, "group_text": groups[r.group].text,
                      "group_status": groups[r.group].status, "unit_status": e.status}
                     for r in e.results]
        echo_json(rows)
        return
    for evaluation in evaluations:
        _print(evaluation, details)


@criteria.command("complete-since")
@click.argument("day", metavar="[NGÀY]", required=False)
@click.option("--bo", "clear", is_flag=True,
              help="Bỏ ngày đã ghi: dùng ngày của hồ sơ sớm nhất trong máy.")
@pass_ctx
def complete_since(ctx: CliContext, day: str | None, clear: bool) -> None:
    """Ngày từ đó số liệu vụ việc của xã đầy đủ (xem, ghi hoặc bỏ).

    Các tiêu chí “giảm so với năm trước” (K4.1, X1.7, 19.2đ) so sánh với cùng kỳ năm trước
    khi số liệu vụ việc đầy đủ từ đầu kỳ đó. Năm đầu dùng chương trình, hãy ghi ngày từ đó
    mọi vụ việc đã được nhập (kể cả khi không xảy ra vụ nào). Không ghi ngày: xem ngày đang
    dùng.

    Ví dụ: antt criteria complete-since 01/11/2024
    """
    from antt_tui.roster.incidents import Incidents

    if day and clear:
        raise CliError("Chọn một trong NGÀY và --bo.")
    with ctx.session() as s:
        register = Incidents(s.roster)
        if day or clear:
            register.set_complete_since({"complete_since": day or ""})
        stated = register.complete_since()
        first = facts_of(s.roster.snapshot()).first_record
    if stated:
        echo(f"Số liệu vụ việc của xã đầy đủ từ ngày {format_date(stated)} (xã đã xác định).")
    elif first:
        echo("Chưa ghi ngày số liệu đầy đủ: các tiêu chí dùng ngày của hồ sơ sớm nhất trong "
             f"máy, {format_date(first)}.")
    else:
        echo("Chưa ghi ngày số liệu đầy đủ và chưa có hồ sơ nào trong máy.")


COMMANDS = [criteria]
