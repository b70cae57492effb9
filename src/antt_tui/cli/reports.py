"""`antt report`: monthly, quarterly, annual and assessment-window reports as PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from antt_tui.cli.common import CliContext, CliError, echo_json, pass_ctx
from antt_tui.criteria.engine import facts_of
from antt_tui.domain.dates import parse_date
from antt_tui.reports.compose import ReportText, build
from antt_tui.reports.periods import period as make_period
from antt_tui.storage.atomic import write_bytes

KINDS = {"monthly": "thang", "quarterly": "quy", "annual": "nam", "window": None}


def _date(text: str | None, default: date, option: str) -> date:
    if not text:
        return default
    try:
        return parse_date(text)
    except ValueError as exc:
        raise CliError(f"{option}: {exc}") from exc


@click.group()
def report() -> None:
    """Báo cáo tháng, quý, năm của thôn hoặc của xã (PDF theo Nghị định 30/2020).

    Ví dụ: antt report monthly --village DH --period 2026-10 -o bao-cao-thang-10.pdf
    """


def _report_command(name: str, help_text: str, example: str) -> click.Command:
    @click.option("--village", "-t", default=None, help="Báo cáo của một thôn (mã, ví dụ DH).")
    @click.option("--commune", "-x", is_flag=True, help="Báo cáo của Công an xã (cả xã).")
    @click.option("--period", "spec", required=True,
                  help="Kỳ báo cáo: 2026-10 (tháng), 2026-Q3 (quý), 2026 (năm, kỳ đánh giá).")
    @click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                  default=None, help="Tệp PDF sẽ ghi (mặc định: không ghi, chỉ in số liệu).")
    @click.option("--so", "number", type=int, default=None,
                  help="Số báo cáo (để trống: điền tay sau khi in).")
    @click.option("--as-of", "as_of", default=None,
                  help="Tính số liệu đến ngày (mặc định hôm nay).")
    @click.option("--ngay-ky", "issued_on", default=None,
                  help="Ngày ghi trên báo cáo (mặc định hôm nay).")
    @click.option("--ngay-chot", "boundary_day", type=int, default=1, show_default=True,
                  help="Ngày bắt đầu kỳ: 1 (tháng dương lịch) hoặc 15 (từ 15 đến 14).")
    @click.option("--ton-tai", "shortcomings", default="", help="Phần III: tồn tại, hạn chế.")
    @click.option("--phuong-huong", "next_tasks", default="", help="Phần IV: nhiệm vụ kỳ tới.")
    @click.option("--de-xuat", "proposals", default="", help="Phần V: đề xuất, kiến nghị.")
    @click.option("--khong-phu-luc", "no_appendix", is_flag=True, help="Không in phụ lục.")
    @click.option("--json", "as_json", is_flag=True, help="In số liệu của báo cáo dạng JSON.")
    @pass_ctx
    def command(ctx: CliContext, village: str | None, commune: bool, spec: str,
                output: Path | None, number: int | None, as_of: str | None,
                issued_on: str | None, boundary_day: int, shortcomings: str, next_tasks: str,
                proposals: str, no_appendix: bool, as_json: bool) -> None:
        if bool(village) == commune:
            raise CliError("Chọn --village MÃ_THÔN hoặc --commune.")
        kind = KINDS[name] or ("ky_thon" if village else "ky_xa")
        try:
            chosen = make_period(kind, spec, boundary_day=boundary_day)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
        day = _date(as_of, ctx.today, "--as-of")
        signed = _date(issued_on, ctx.today, "--ngay-ky")
        with ctx.session() as s:
            scope = s.roster.village(village)["id"] if village else ""
            doc, figures = build(facts_of(s.store), scope, chosen, day, number=number,
                                 issued_on=signed, appendices=not no_appendix,
                                 text=ReportText(shortcomings, next_tasks, proposals))
        if output is not None:
            from antt_tui.reports.pdf import render

            data = render(doc)
            write_bytes(output, data)
            click.echo(f"Đã ghi báo cáo {chosen.label} của {figures.unit_name} vào {output}.",
                       err=as_json)
        if as_json:
            echo_json(figures.to_json())
        elif output is None:
            click.echo(f"{figures.unit_name}, {chosen.label} ({chosen.span}): "
                       f"{figures.incidents[-1].now} vụ việc, {figures.visits} lượt kiểm tra. "
                       "Thêm -o TỆP.pdf để ghi báo cáo.")

    command.__doc__ = f"{help_text}\n\n    Ví dụ: {example}\n    "
    return click.command(name)(command)


monthly = _report_command("monthly", "Báo cáo tháng của thôn hoặc của xã.",
                          "antt report monthly --village DH --period 2026-10 -o bc-thang-10.pdf")
quarterly = _report_command("quarterly", "Báo cáo quý (kèm đánh giá tiêu chí).",
                            "antt report quarterly --commune --period 2026-Q3 -o bc-quy-3.pdf")
annual = _report_command("annual", "Báo cáo năm (kèm đánh giá tiêu chí và danh sách hộ).",
                         "antt report annual --commune --period 2026 -o bc-nam-2026.pdf")
window = _report_command("window", "Báo cáo theo kỳ đánh giá Thông tư 124 (thôn 01/11–31/10, "
                         "xã 16/11–15/11).",
                         "antt report window --village DH --period 2026 -o bc-ky-2026.pdf")
for _command in (monthly, quarterly, annual, window):
    report.add_command(_command)

COMMANDS = [report]
