"""`antt report`: monthly, quarterly, annual and assessment-window reports as PDF."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from antt_tui.cli.common import (
    CliContext,
    CliError,
    confirm_output,
    day_option,
    domain_errors,
    echo_json,
    overwrite_option,
    pass_ctx,
    table,
)
from antt_tui.domain.dates import vn_date
from antt_tui.outputs import check_output_folder, check_output_path
from antt_tui.reports import settings as report_settings
from antt_tui.reports.compose import ReportText
from antt_tui.reports.document import Document
from antt_tui.reports.issued import figure_name
from antt_tui.reports.workflow import ReportRequest, draft_text, issued_text
from antt_tui.storage.atomic import write_bytes

KINDS = {"monthly": "thang", "quarterly": "quy", "annual": "nam", "window": None}


def _file_target(ctx: CliContext, path: Path | None, overwrite: bool) -> Path | None:
    """`-o`/`--xlsx`, checked before anything is computed: the resolved file to write.

    Refused inside a database or backup folder; an existing file is asked about (`--ghi-de`).
    """
    if path is None:
        return None
    return confirm_output(lambda ok: check_output_path(
        path, overwrite=ok, paths=ctx.paths, protected=[ctx.database]), overwrite)


def _csv_folder(ctx: CliContext, folder: Path | None, names: Iterable[str],
                overwrite: bool) -> dict[str, Path]:
    """`--csv`: the resolved file of each table name (the folder alone when `names` is empty,
    before the document exists). The files already there count as existing files."""
    if folder is None:
        return {}
    names = list(names)
    files = confirm_output(lambda ok: check_output_folder(
        folder, names, overwrite=ok, paths=ctx.paths, protected=[ctx.database]), overwrite)
    return dict(zip(names, files, strict=True))


def _csv_names(document: Document) -> list[str]:
    from antt_tui.reports.sheets import tables

    return [item.file for item in tables(document)]


def _export(document: Document, xlsx: Path | None, xlsx_target: Path | None,
            csv_dir: Path | None, csv_files: dict[str, Path], *, err: bool = False) -> None:
    """Write the report's tables to an Excel workbook and/or one CSV file per table, at the
    targets checked beforehand (`_file_target`, `_csv_folder`)."""
    from antt_tui.reports.sheets import to_csv, to_xlsx

    tables = to_csv(document) if csv_dir is not None else {}
    try:
        if xlsx_target is not None:
            write_bytes(xlsx_target, to_xlsx(document))
            click.echo(f"Đã ghi các bảng vào {xlsx}.", err=err)
        if csv_dir is not None:
            for name, data in tables.items():
                target = csv_files[name]
                target.parent.mkdir(parents=True, exist_ok=True)
                write_bytes(target, data)
            click.echo(f"Đã ghi {len(tables)} tệp CSV vào {csv_dir}.", err=err)
    except OSError as exc:
        raise CliError(f"Không ghi được {exc.filename or ''}: {exc.strerror or exc}") from exc


def export_options(func):
    """`--xlsx TỆP` and `--csv THƯ_MỤC`: the report's tables for offices that use Excel."""
    func = click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=None, help="Ghi mỗi bảng ra một tệp CSV trong thư mục này.")(func)
    return click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="Ghi các bảng của báo cáo ra tệp Excel (.xlsx).")(func)


@click.group()
def report() -> None:
    """Báo cáo tháng, quý, năm của thôn hoặc của xã (PDF theo Nghị định 30/2020).

    Ví dụ: antt report monthly --village DH --period 2026-10 -o bao-cao-thang-10.pdf
    """


PERIOD_HELP = {
    "monthly": "Tháng báo cáo, dạng NĂM-THÁNG: 2026-10 là tháng 10 năm 2026 (01/10–31/10; "
               "với --ngay-chot 15: 15/09–14/10).",
    "quarterly": "Quý báo cáo, dạng NĂM-QSỐ: 2026-Q3 là quý III năm 2026 (01/07–30/09; với "
                 "--ngay-chot 15: 15/06–14/09).",
    "annual": "Năm báo cáo: 2026 là năm 2026 (01/01–31/12; với --ngay-chot 15: "
              "15/12/2025–14/12/2026). Tiêu chí và lũy kế kỳ đánh giá theo kỳ đánh giá năm "
              "2026 (thôn 01/11/2025–31/10/2026, xã 16/11/2025–15/11/2026).",
    "window": "Năm của kỳ đánh giá Thông tư 124: 2026 là kỳ của năm 2026 (thôn "
              "01/11/2025–31/10/2026, xã 16/11/2025–15/11/2026).",
}
"""What `--period` means for each command (the help of each command says its own)."""


def _signer_refusal(missing: dict[str, str], unit: str, village_code: str | None) -> str:
    """Why issuing is refused, and the `antt report settings` line that mends it."""
    what = " và ".join(text.removeprefix("Báo cáo chưa có ").rstrip(".")
                       for text in missing.values())
    command = "antt report settings" + (f" --village {village_code}" if village_code else "")
    if "signer_name" in missing:
        command += ' --nguoi-ky "Họ và tên"'
    if "signer_authority" in missing:
        command += ' --chuc-vu "TRƯỞNG THÔN"' if village_code else \
            ' --chuc-vu "TRƯỞNG CÔNG AN XÃ"'
    unit = unit[:1].lower() + unit[1:] if unit.split(" ", 1)[0] in ("Thôn", "Xã") else unit
    return (f"Chưa ban hành: báo cáo của {unit} chưa có {what}. Đặt một lần bằng lệnh\n"
            f"  {command}\nrồi ban hành lại. Không có gì được lưu.")


def _report_command(name: str, help_text: str, example: str) -> click.Command:
    @click.option("--village", "-t", default=None, help="Báo cáo của một thôn (mã, ví dụ DH).")
    @click.option("--commune", "-x", is_flag=True, help="Báo cáo của Công an xã (cả xã).")
    @click.option("--period", "spec", required=True, help=PERIOD_HELP[name])
    @click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                  default=None, help="Tệp PDF sẽ ghi (mặc định: không ghi, chỉ in số liệu).")
    @click.option("--so", "number", type=int, default=None,
                  help="Số báo cáo: có số là BAN HÀNH (lưu lại, in mã kiểm tra; cần có người "
                       "ký: antt report settings --nguoi-ky); không có số là bản nháp.")
    @click.option("--as-of", "as_of", default=None,
                  help="Tính số liệu đến ngày (mặc định hôm nay; sau khi hết kỳ thì tính đến "
                       "ngày cuối kỳ).")
    @click.option("--ngay-ky", "issued_on", default=None,
                  help="Ngày ghi trên báo cáo (mặc định hôm nay).")
    @click.option("--ngay-chot", "boundary_day", type=int, default=None,
                  help="Ngày bắt đầu kỳ: 1 (tháng dương lịch) hoặc 15 (từ 15 đến 14); mặc "
                       "định theo thiết lập (antt report settings), không có thì 1.")
    @click.option("--ton-tai", "shortcomings", default="", help="Phần III: tồn tại, hạn chế.")
    @click.option("--phuong-huong", "next_tasks", default="", help="Phần IV: nhiệm vụ kỳ tới.")
    @click.option("--de-xuat", "proposals", default="", help="Phần V: đề xuất, kiến nghị.")
    @click.option("--khong-phu-luc", "no_appendix", is_flag=True, help="Không in phụ lục.")
    @click.option("--json", "as_json", is_flag=True, help="In số liệu của báo cáo dạng JSON.")
    @export_options
    @overwrite_option
    @pass_ctx
    def command(ctx: CliContext, village: str | None, commune: bool, spec: str,
                output: Path | None, number: int | None, as_of: str | None,
                issued_on: str | None, boundary_day: int | None, shortcomings: str,
                next_tasks: str,
                proposals: str, no_appendix: bool, as_json: bool, xlsx: Path | None,
                csv_dir: Path | None, overwrite: bool) -> None:
        if bool(village) == commune:
            raise CliError("Chọn --village MÃ_THÔN hoặc --commune.")
        kind = KINDS[name] or ("ky_thon" if village else "ky_xa")
        day = day_option(as_of, ctx.today, "--as-of")
        signed = day_option(issued_on, ctx.today, "--ngay-ky")
        text = ReportText(shortcomings, next_tasks, proposals)
        # Every output is checked before anything is computed, issued or written: a refused
        # path leaves no report issued and no file half written.
        pdf_target = _file_target(ctx, output, overwrite)
        xlsx_target = _file_target(ctx, xlsx, overwrite)
        _csv_folder(ctx, csv_dir, (), overwrite)
        csv_files: dict[str, Path] = {}
        with ctx.session() as s:
            reports = s.reports()
            found = s.roster.village(village) if village else None
            scope = found.id if found else ""
            request = ReportRequest(kind=kind, spec=spec, scope=scope, as_of=day, number=number,
                                    issued_on=signed, text=text,
                                    boundary_day=boundary_day or reports.boundary_day(scope),
                                    appendices=not no_appendix)
            try:
                chosen = request.period
            except ValueError as exc:
                raise CliError(str(exc)) from exc
            if number is not None:
                from antt_tui.reports.pdf import render

                def checked_render(document: Document) -> bytes:
                    # Called by `issue` with the final document, before the report is
                    # saved: the CSV names are known only now, and a refusal saves nothing.
                    csv_files.update(_csv_folder(ctx, csv_dir, _csv_names(document), overwrite))
                    return render(document)

                try:
                    issued = reports.issue(request, render=checked_render)
                except report_settings.SignerMissing as exc:
                    # No report is issued without its signer: say which settings to set.
                    raise CliError(_signer_refusal(
                        exc.errors, reports.unit_name(scope),
                        found.code if found else None)) from exc
                data, figures_json = issued.pdf, dict(issued.figures)
                said = issued_text(issued)
            else:
                doc, figures = reports.draft(request)
                csv_files = _csv_folder(ctx, csv_dir, _csv_names(doc), overwrite)
                figures_json = figures.to_json()
                data = b""
                if output is not None:
                    from antt_tui.reports.pdf import render

                    data = render(doc)
                said = draft_text(figures)
        if pdf_target is not None:
            write_bytes(pdf_target, data)
            click.echo(f"{said}: đã ghi {output}.", err=as_json)
        elif number is not None:
            click.echo(f"{said}. In bằng: antt report print {issued.doc_hash[:16]} "
                       "-o TỆP.pdf", err=as_json)
        if xlsx is not None or csv_dir is not None:
            from antt_tui.reports.issued import from_data

            _export(doc if number is None else from_data(dict(issued.document)), xlsx,
                    xlsx_target, csv_dir, csv_files, err=as_json)
        if as_json:
            echo_json(figures_json)
        elif output is None and number is None:
            total = figures_json["incidents"][-1]["now"]
            click.echo(f"{figures_json['unit_name']}, {chosen.label} ({chosen.span}): "
                       f"{total} vụ việc, {figures_json['visits']} lượt kiểm tra. "
                       "Thêm -o TỆP.pdf để ghi bản nháp, --so SỐ để ban hành.")

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


@report.command("list")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@pass_ctx
def report_list(ctx: CliContext, as_json: bool) -> None:
    """Các báo cáo đã ban hành (số, kỳ, phiên bản, mã kiểm tra).

    Ví dụ: antt report list
    """
    with ctx.session() as s:
        rows = s.reports().register.list()
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    table([[f"{r.number:02d}/BC-{r.abbreviation}", vn_date(r.issued_on),
            r.label, str(r.version), r.doc_hash[:16]] for r in rows],
          ["Số", "Ngày", "Báo cáo", "Phiên bản", "Mã kiểm tra"])


@report.command("print")
@click.argument("ref", metavar="MÃ")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tệp PDF sẽ ghi.")
@export_options
@overwrite_option
@pass_ctx
def report_print(ctx: CliContext, ref: str, output: Path | None, xlsx: Path | None,
                 csv_dir: Path | None, overwrite: bool) -> None:
    """In lại báo cáo đã ban hành MÃ (mã kiểm tra hoặc mã báo cáo): giống hệt bản đã ban hành.

    Ví dụ: antt report print 3f9a0c12d4e5b6a7 -o bc-so-05.pdf
    """
    from antt_tui.reports.pdf import render

    if output is None and xlsx is None and csv_dir is None:
        raise CliError("Cho -o TỆP.pdf, --xlsx TỆP.xlsx hoặc --csv THƯ_MỤC.")
    pdf_target = _file_target(ctx, output, overwrite)
    xlsx_target = _file_target(ctx, xlsx, overwrite)
    _csv_folder(ctx, csv_dir, (), overwrite)
    with ctx.session() as s:
        register = s.reports().register
        report_ = register.get(ref)
        document = register.document(report_)
    csv_files = _csv_folder(ctx, csv_dir, _csv_names(document), overwrite)
    if pdf_target is not None:
        with domain_errors():  # a report of a newer version: a message, not a traceback
            data = render(document)
        write_bytes(pdf_target, data)
        click.echo(f"Đã in lại báo cáo số {report_.number:02d} ({report_.label}, "
                   f"phiên bản {report_.version}) vào {output}.")
    _export(document, xlsx, xlsx_target, csv_dir, csv_files)


@report.command("verify")
@click.argument("pdf", metavar="TỆP_PDF", required=False, type=click.Path(exists=True, dir_okay=False,
                                                         path_type=Path))
@click.option("--ma", "code", default=None, help="Mã kiểm tra in ở chân trang (khi chỉ có bản giấy).")
@pass_ctx
def report_verify(ctx: CliContext, pdf: Path | None, code: str | None) -> None:
    """Kiểm tra một báo cáo: có đúng bản đã ban hành không, số liệu hiện nay có khác không.

    Ví dụ: antt report verify bc-so-05.pdf

    Ví dụ: antt report verify --ma 3f9a0c12d4e5b6a7
    """
    if bool(pdf) == bool(code):
        raise CliError("Cho tệp PDF hoặc --ma MÃ_KIỂM_TRA.")
    with ctx.session() as s:
        register = s.reports().register
        data = pdf.read_bytes() if pdf else None
        found = register.find_by_pdf(data) if data is not None else register.get(code or "")
        if found is None:
            raise CliError(f"Tệp {pdf} không phải một báo cáo đã ban hành trong cơ sở dữ liệu "
                           "này (hoặc đã bị sửa sau khi ban hành).")
        check = register.verify(found, data)
    click.echo(f"Báo cáo số {found.number:02d}/BC-{found.abbreviation} "
               f"ngày {vn_date(found.issued_on)}: {found.label}, phiên bản {found.version}.")
    if check.file_matches:
        click.echo("Tệp đúng là bản đã ban hành (không bị sửa).")
    if check.current:
        click.echo("Số liệu hiện nay khớp với báo cáo.")
        return
    click.echo(f"Số liệu đã thay đổi sau khi ban hành ({len(check.changes)} mục):")
    for name, before, after in check.changes:
        click.echo(f"  - {figure_name(name)}: {before} → {after}")
    click.echo("Ban hành lại (cùng lệnh, cùng số) để có phiên bản mới kèm danh sách thay đổi.")
    raise SystemExit(4)


@report.command("settings")
@click.option("--village", "-t", default=None, help="Thiết lập của một thôn (mặc định: của xã).")
@click.option("--co-quan-chu-quan", "parent_body", default=None,
              help="Dòng trên của tiêu đề, ví dụ CÔNG AN TỈNH HƯNG YÊN.")
@click.option("--co-quan", "issuing_body", default=None,
              help="Cơ quan ban hành, ví dụ CÔNG AN XÃ TÂN LẬP.")
@click.option("--ky-hieu", "abbreviation", default=None, help="Ký hiệu sau BC-, ví dụ CAX.")
@click.option("--dia-danh", "place", default=None, help="Địa danh ghi trước ngày tháng.")
@click.option("--chuc-vu", "signer_authority", multiple=True,
              help="Chức vụ người ký (mỗi dòng một lần --chuc-vu).")
@click.option("--nguoi-ky", "signer_name", default=None, help="Họ tên người ký.")
@click.option("--noi-nhan", "recipients", multiple=True,
              help="Nơi nhận (mỗi nơi một lần --noi-nhan; dòng cuối: Lưu: VT, CAX.).")
@click.option("--kinh-gui", "kinh_gui", multiple=True, help="Kính gửi (mỗi nơi một lần).")
@click.option("--ngay-chot", "boundary_day", type=int, default=None,
              help="Ngày bắt đầu kỳ báo cáo: 1 hoặc 15.")
@pass_ctx
def report_settings_command(ctx: CliContext, village: str | None, **options: object) -> None:
    """Thiết lập báo cáo (đặt một lần): tiêu đề, ký hiệu, người ký, nơi nhận, ngày chốt.

    Không có tùy chọn: in thiết lập hiện tại.

    Ví dụ: antt report settings --nguoi-ky "Nguyễn Văn Ba" --noi-nhan "Công an tỉnh Hưng Yên;"
    --noi-nhan "Lưu: VT, CAX."
    """
    changes = {k: (list(v) if isinstance(v, tuple) else v) for k, v in options.items()
               if v not in (None, ())}
    with ctx.session() as s:
        scope = s.roster.village(village).id if village else ""
        reports = s.reports()
        if changes:
            reports.save_settings(scope, changes)
        current = reports.settings(scope)
        day = reports.boundary_day(scope)
        name = reports.unit_name(scope)
    if changes:
        click.echo(f"Đã lưu thiết lập báo cáo của {name}.")
    for key, label in report_settings.LABELS.items():
        value = day if key == "boundary_day" else getattr(current, key)
        shown = " / ".join(value) if isinstance(value, tuple) else str(value or "(chưa có)")
        click.echo(f"{label:<26} {shown}")


COMMANDS = [report]
