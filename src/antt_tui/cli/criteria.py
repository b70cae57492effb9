"""`antt criteria`: evaluate a village, the commune or a household against the rule sets."""

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
from antt_tui.criteria.results import CHUA_DAT, DAT, Evaluation
from antt_tui.domain.dates import format_date

MARKS = {DAT: "✓", CHUA_DAT: "✗"}


def _print(evaluation: Evaluation, details: bool) -> None:
    echo(f"{evaluation.unit_name} — {evaluation.name}")
    echo(f"Năm {evaluation.year} (kỳ {evaluation.window.label}), tính đến "
               f"{format_date(evaluation.as_of)}: {evaluation.status.upper()}")
    for result in evaluation.results:
        mark = MARKS.get(result.status, "?")
        echo(f"  {mark} {result.id:<8} {result.status:<16} {result.summary}")
        if details:
            for item in result.items[:50]:
                echo(f"        · {item.label}")
            if len(result.items) > 50:
                echo(f"        · … và {len(result.items) - 50} mục nữa")
    missing = evaluation.missing()
    if missing:
        echo("Còn phải ghi nhận, xác nhận:")
        for result in missing:
            echo(f"  - {result.id}: {result.missing}")
    echo("")


@click.command("criteria")
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
@pass_ctx
def criteria(ctx: CliContext, village: str | None, commune: bool, household: str | None,
             year: int | None, as_of: str | None, details: bool, as_json: bool) -> None:
    """Đánh giá tiêu chí an ninh, trật tự: thôn, xã hoặc hộ, kèm căn cứ.

    Mỗi tiêu chí: đạt, chưa đạt hoặc chưa đủ dữ liệu, với căn cứ (hộ chưa ký cam kết,
    vụ việc, văn bản, xác nhận) và việc còn phải ghi nhận.

    Ví dụ: antt criteria --village DH --year 2026 --as-of 30/06/2026

    Ví dụ: antt criteria --commune --year 2026 --json
    """
    if sum(map(bool, (village, commune, household))) != 1:
        raise CliError("Chọn một trong --village MÃ_THÔN, --commune hoặc --household MÃ_HỘ.")
    day = day_option(as_of, ctx.today, "--as-of")
    year = year or day.year
    with ctx.session() as s:
        facts = facts_of(s.store)
        try:
            if village:
                evaluations = evaluate_village(facts, s.roster.village(village)["id"], year, day)
            elif household:
                evaluations = [evaluate_household(facts, s.roster.household(household)["id"],
                                                  year, day)]
            else:
                evaluations = evaluate_commune(facts, year, day)
        except LookupError as exc:
            raise CliError(str(exc).strip("'\"")) from exc
    if as_json:
        echo_json([{**r.to_json(), "rule_set": e.rule_set} for e in evaluations
                   for r in e.results])
        return
    for evaluation in evaluations:
        _print(evaluation, details)


COMMANDS = [criteria]
