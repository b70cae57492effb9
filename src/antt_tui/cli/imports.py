"""`antt import`: a village roster from an .xlsx, .xls or CSV file, previewed, then saved in
one go; the list of imports, and undoing one. The steps live in
`antt_tui.roster.roster_import`, which the TUI calls too."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from antt_tui.cli.common import (
    CliContext,
    CliError,
    confirm_or_refuse,
    confirm_output,
    echo,
    echo_json,
    json_option,
    overwrite_option,
    pass_ctx,
    progress,
    stdin_is_interactive,
    table,
)
from antt_tui.domain.numbers import vn_number

if TYPE_CHECKING:
    from antt_tui.roster.entities import VillageRecord
    from antt_tui.roster.roster_import import ColumnView, Imported, RosterFile, RosterPlan

_FIELD_HELP = ("full_name, name_family, name_middle, name_given, birth, birth_male, "
               "birth_female, sex, cccd, cmnd, relation, ethnicity, religion, occupation, phone, "
               "notes, household_no, legacy_book_no, head_name, address, village, "
               "residence_status, person_status; “-” để bỏ cột")


@click.group("import")
def import_group() -> None:
    """Nhập danh sách hộ, nhân khẩu của thôn từ tệp Excel (.xlsx, .xls) hoặc CSV.

    Ví dụ: antt import roster danh-sach-dong-ha.xls --village DH
    """


@import_group.command("roster")
@click.argument("path", metavar="TỆP", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--village", "-t", default=None,
              help="Thôn nhận danh sách (mã hoặc tên); mặc định: theo cột Thôn/Địa chỉ, tiêu "
                   "đề tệp, hoặc thôn duy nhất.")
@click.option("--yes", "-y", "assume_yes", is_flag=True,
              help="Nhập luôn, không hỏi (cho tệp lệnh). Không có: xem trước rồi hỏi.")
@click.option("--cot", "columns", multiple=True, metavar="CỘT=TRƯỜNG",
              help=f"Đọc một cột theo trường khác (cột theo tiêu đề hoặc chữ cái; trường: "
                   f"{_FIELD_HELP}). Dùng nhiều lần được.")
@click.option("--ma-hoa", "encodings", multiple=True, metavar="CỘT=BẢNG_MÃ",
              help="Đọc một cột theo bảng mã: unicode, tcvn3, tcvn3h (.VnTimeH), vni, cp1258; "
                   "“*=tcvn3” cho mọi cột.")
@click.option("--luu-cot", "save_as", metavar="TÊN", default=None,
              help="Lưu cách đọc cột (và bảng mã đã chọn) dưới tên này để dùng lại.")
@click.option("--dung-cot", "use_saved", metavar="TÊN", default=None,
              help="Dùng cách đọc cột đã lưu (--cot, --ma-hoa vẫn được áp dụng sau).")
@click.option("--trang", "sheet", metavar="TÊN_TRANG", default=None,
              help="Trang của tệp Excel (mặc định: trang đầu có cột Họ và tên).")
@click.option("--dong-tieu-de", "heading_row", metavar="N", default=None,
              type=click.IntRange(min=0),
              help="Dòng ghi tên các cột (số dòng như Excel hiện; 0: tệp không có dòng tiêu "
                   "đề, gọi cột bằng chữ cái). Mặc định: tự tìm trong 25 dòng đầu.")
@click.option("--bo-dong-loi", "skip_errors", is_flag=True,
              help="Nhập các dòng hợp lệ, bỏ các dòng lỗi (mặc định: có dòng lỗi thì không "
                   "nhập gì).")
@click.option("--ghi-loi", "errors_to", metavar="TỆP_LỖI", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Ghi các hộ có dòng lỗi ra tệp .xlsx để sửa rồi nhập lại.")
@overwrite_option
@json_option
@pass_ctx
def import_roster(ctx: CliContext, path: Path, village: str | None, assume_yes: bool,
                  columns: tuple[str, ...], encodings: tuple[str, ...], save_as: str | None,
                  use_saved: str | None, sheet: str | None, heading_row: int | None,
                  skip_errors: bool, errors_to: Path | None, overwrite: bool,
                  as_json: bool) -> None:
    """Nhập danh sách hộ, nhân khẩu của một thôn: xem trước, rồi lưu một lần.

    Đọc tệp .xlsx, .xls hoặc .csv (Unicode, TCVN3/ABC, VNI, Windows-1258; phông .VnTime,
    .VnTimeH, VNI-Times), tự nhận các cột theo tiêu đề (“Họ và tên”, “Năm sinh”, “QH với
    CH”, “Số hộ” …) và cách xếp hộ (cột số hộ, dòng chủ hộ rồi các thành viên, hoặc cột họ
    tên chủ hộ). Xem trước: số hộ, nhân khẩu, mẫu trước → sau, dòng lỗi và lý do, người nghi
    trùng, thay đổi với dữ liệu đã có. Người đã có (cùng CCCD, hoặc cùng họ tên, ngày sinh
    trong cùng hộ) không bị thêm lần nữa: chỉ sửa những gì tệp ghi khác. Cả tệp là một lần
    lưu; hoàn tác bằng: antt import undo MÃ.

    Ví dụ: antt import roster danh-sach-dong-ha.xlsx --village DH

    Ví dụ: antt import roster ds.xls --cot "Họ tên NK=full_name" --ma-hoa "Họ tên NK=tcvn3" --yes

    Ví dụ: antt import roster ds.xlsx --trang "Trung Lập" --dong-tieu-de 4
    """
    from antt_tui.roster import roster_import as ri

    with ctx.session() as s:
        file = ri.read_roster(path, sheet=sheet, heading_row=heading_row)
        mapping, chosen = dict(file.mapping), {}
        if use_saved:
            mapping, chosen = ri.apply_saved(file, ri.load_columns(ctx.paths, use_saved),
                                             mapping)
        mapping = ri.with_columns(file, mapping, columns)
        chosen = ri.with_encodings(file, chosen, encodings)
        if file.heading_missing and not columns and not use_saved:
            _no_headings(file, mapping, chosen, as_json)
        try:
            plan = ri.plan(s.roster, file, village=village, mapping=mapping, encodings=chosen)
        except ri.MappingError as exc:
            if not as_json:
                _print_columns(ri.column_views(file, mapping, chosen))
            raise CliError(f"{exc} Chọn cột bằng --cot \"CỘT=TRƯỜNG\" (ví dụ --cot "
                           "\"B=full_name\"; cột theo tiêu đề hoặc chữ cái).") from exc
        if save_as:
            saved = ri.save_columns(ctx.paths, save_as, file, mapping, chosen)
            progress(f"Đã lưu cách đọc cột “{saved.name}”: dùng lại bằng --dung-cot "
                     f"\"{saved.name}\".")
        if errors_to is not None and (plan.errors or any(h.status == ri.REFUSED
                                                         for h in plan.households)):
            _write_errors(ctx, plan, errors_to, overwrite)
        if not as_json:
            _print_plan(plan, s.roster.villages())
        doing = _decide(plan, assume_yes, as_json, skip_errors)
        result = ri.commit(s.roster, plan, skip_errors=skip_errors) if doing else None
    if as_json:
        echo_json({**plan.to_json(), "da_nhap": _result_json(result)})
        return
    _print_result(plan, result, skip_errors)


def _decide(plan: RosterPlan, assume_yes: bool, as_json: bool, skip_errors: bool) -> bool:
    """Whether to write: `--yes`, or the officer says so at the keyboard."""
    if plan.nothing_to_do:
        return False
    if assume_yes:
        return True
    if as_json or not stdin_is_interactive() or (not plan.ok and not skip_errors):
        return False
    return click.confirm("Nhập danh sách này?", default=False, err=True)


def _write_errors(ctx: CliContext, plan: RosterPlan, target: Path, overwrite: bool) -> None:
    from antt_tui.outputs import check_output_path
    from antt_tui.roster.roster_import import error_rows_xlsx
    from antt_tui.storage.atomic import write_bytes

    resolved = confirm_output(lambda ok: check_output_path(
        target, overwrite=ok, paths=ctx.paths, protected=[ctx.database]), overwrite)
    resolved.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(resolved, error_rows_xlsx(plan))
    progress(f"Đã ghi các hộ có dòng lỗi vào {target}: sửa rồi nhập lại tệp đó (những dòng "
             "đã nhập không bị thêm lần nữa).")


_LISTED = 50
"""Rows of each list printed one by one before "… và N dòng nữa"."""
_EXAMPLE_WIDTH = 30
"""Characters of a column's first value shown in the table of columns."""


def _no_headings(file: RosterFile, mapping: dict[int, str], chosen: dict[int, str],
                 as_json: bool) -> NoReturn:
    """A file whose heading row was not found, without --dong-tieu-de or --cot: its first
    rows and its columns as guessed, and how to say which row holds the headings."""
    from antt_tui.roster.roster_import import column_views

    if not as_json:
        echo(f"{file.name} · {file.heading_label}")
        echo("Các dòng đầu của tệp:")
        for number, text in file.first_rows:
            echo(f"  Dòng {number}: {text}")
        _print_columns(column_views(file, mapping, chosen))
    missing = file.heading_missing
    raise CliError(f"{file.name}: {missing[:1].upper()}{missing[1:-1]}. Chỉ dòng ghi tên các "
                   "cột bằng --dong-tieu-de N (0 nếu tệp không có dòng tiêu đề), hoặc chọn "
                   "cột bằng --cot \"CỘT=TRƯỜNG\" (ví dụ --cot \"B=full_name\").")


def _print_columns(columns: list[ColumnView]) -> None:
    """The table of columns: heading, what each is read as, encoding, a first value."""
    table([[c.letter, c.heading, c.field_label, c.encoding, _short(c.example)]
           for c in columns], ["Cột", "Tiêu đề", "Đọc là", "Bảng mã", "Ví dụ"])


def _short(text: str, width: int = _EXAMPLE_WIDTH) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _print_plan(plan: RosterPlan, known: list[VillageRecord]) -> None:
    """The preview: columns, counts, sample, changes, duplicates, errors, warnings."""
    from antt_tui.roster.roster_import import CHANGED, NEW, REFUSED, SAME

    file = plan.file
    echo(f"{file.name} · {file.heading_label} · cách xếp hộ: {plan.layout_label}")
    _print_columns(plan.columns)
    villages: dict[str, int] = {}
    for household in plan.households:
        if household.village_name:
            villages[household.village_name] = villages.get(household.village_name, 0) + 1
    if villages:
        echo("Thôn: " + "; ".join(f"{name} ({vn_number(n)} hộ)" for name, n in villages.items()))
    echo(f"Hộ mới: {vn_number(plan.count(NEW))} · hộ đã có, có thay đổi: "
         f"{vn_number(plan.count(CHANGED))} · hộ đã có, không đổi: {vn_number(plan.count(SAME))}"
         f" · hộ bị loại vì lỗi: {vn_number(plan.count(REFUSED))}")
    echo(f"Nhân khẩu mới: {vn_number(plan.people(NEW))} · sửa: {vn_number(plan.people(CHANGED))}"
         f" · không đổi: {vn_number(plan.people(SAME))}")
    if plan.sample:
        echo("Mẫu (trong tệp → sẽ lưu):")
        for row in plan.sample:
            cells = [f"{c.heading}: {c.before_seen}" + (f" → {c.after}" if c.after != c.before
                                                          else "")
                     for c in row.cells]
            echo(f"  Dòng {row.row}: " + " · ".join(cells))
    _listed("Thay đổi với dữ liệu đã có:", [
        (f"{h.existing_code}: " if h.existing_code else "") + c.text
        for h in plan.households if h.status == CHANGED for c in h.all_changes])
    _listed("Thành viên mới của hộ đã có:", [
        f"Dòng {p.row}: {p.name} vào hộ {h.existing_code}"
        for h in plan.households if h.status == CHANGED for p in h.people if p.status == NEW])
    _listed("Nghi trùng với người đã có (vẫn thêm; kiểm tra lại):", [
        f"Dòng {d.row}: {d.name} giống {d.existing_name} (hộ {d.household_code}): {d.reason}"
        for d in plan.duplicates])
    _listed("Dòng lỗi (không nhập):", [
        f"Dòng {row}: " + " · ".join(p.message for p in plan.errors if p.row == row)
        for row in plan.error_rows])
    _listed("Cảnh báo (vẫn nhập):", [f"Dòng {p.row}: {p.message}" for p in plan.warnings])
    if plan.needs_village:
        codes = ", ".join(f"{v.code} ({v.name})" for v in known)
        echo(f"Chọn thôn nhận danh sách: --village MÃ_THÔN. Các thôn: {codes or 'chưa có'}.")
    for note in plan.notes:
        echo(f"Ghi chú: {note}")
    if file.heading_missing:
        echo("Chỉ dòng tiêu đề: --dong-tieu-de N (0: tệp không có dòng tiêu đề); chọn cột: "
             "--cot \"CỘT=TRƯỜNG\".")
    if len(file.sheets) > 1:
        echo("Đọc trang khác: --trang \"TÊN TRANG\".")
    if plan.skipped:
        echo("Bỏ qua các dòng không phải nhân khẩu: "
             + ", ".join(str(r) for r in plan.skipped[:_LISTED]))


def _listed(title: str, lines: list[str]) -> None:
    if not lines:
        return
    echo(title)
    for line in lines[:_LISTED]:
        echo(f"  {line}")
    if len(lines) > _LISTED:
        echo(f"  … và {vn_number(len(lines) - _LISTED)} dòng nữa (xem đủ với --json).")


def _result_json(result: Imported | None) -> dict[str, object] | None:
    if result is None:
        return None
    return {"ma": result.code, "ho_moi": list(result.households), "nhan_khau_moi": result.persons,
            "ban_ghi_sua": result.changed, "dong_khong_nhap": list(result.left_out)}


def _print_result(plan: RosterPlan, result: Imported | None, skip_errors: bool) -> None:
    if plan.nothing_to_do:
        echo("Không có gì mới: mọi hộ, nhân khẩu trong tệp đã có và không có gì khác.",
             err=True)
        return
    if result is None:
        if not plan.ok and not skip_errors:
            echo(f"Chưa ghi gì: có {vn_number(len(plan.error_rows))} dòng lỗi. Sửa tệp (--ghi-loi "
                 "loi.xlsx để lấy các dòng cần sửa), hoặc thêm --bo-dong-loi để nhập các dòng "
                 "hợp lệ.", err=True)
        else:
            echo("Chưa ghi gì. Thêm --yes để nhập.", err=True)
        return
    if not result.import_id:
        echo("Không có gì để nhập.", err=True)
        return
    echo(f"Đã nhập trong một lần lưu (mã {result.code}): {vn_number(len(result.households))} "
         f"hộ mới, {vn_number(result.persons)} nhân khẩu mới, {vn_number(result.changed)} bản "
         "ghi sửa.")
    if result.left_out:
        echo(result.left_out_text)
    echo(f"Hoàn tác nếu cần: antt import undo {result.code} --reason \"…\"")


@import_group.command("list")
@json_option
@pass_ctx
def import_list(ctx: CliContext, as_json: bool) -> None:
    """Các lần nhập danh sách, mới nhất trước (mã để hoàn tác, tệp, số hộ, nhân khẩu).

    Ví dụ: antt import list
    """
    from antt_tui.domain.dates import vn_stamp

    with ctx.session() as s:
        rows = s.imports()
    if as_json:
        echo_json([{"ma": r.code, "luc": r.at, "can_bo": r.by, "tep": r.file,
                    "ho_moi": r.households, "nhan_khau_moi": r.persons, "ban_ghi_sua": r.changed,
                    "da_hoan_tac": bool(r.undone_at), "ly_do_hoan_tac": r.undo_reason}
                   for r in rows])
        return
    if not rows:
        echo("Chưa nhập danh sách nào.")
        return
    table([[r.code, vn_stamp(r.at), r.file, vn_number(r.households), vn_number(r.persons),
            vn_number(r.changed), f"đã hoàn tác: {r.undo_reason}" if r.undone_at else ""]
           for r in rows], ["Mã", "Lúc", "Tệp", "Hộ mới", "NK mới", "Sửa", "Ghi chú"])


@import_group.command("undo")
@click.argument("ref", metavar="MÃ")
@click.option("--reason", required=True, help="Vì sao hoàn tác (ví dụ: nhập nhầm thôn).")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Không hỏi lại.")
@pass_ctx
def import_undo(ctx: CliContext, ref: str, reason: str, assume_yes: bool) -> None:
    """Hoàn tác cả một lần nhập danh sách: xóa các hộ, nhân khẩu đã thêm, trả lại các giá trị
    đã sửa (lần nhập vẫn còn trong nhật ký).

    Ví dụ: antt import undo 3f9a2c1b --reason "Nhập nhầm danh sách thôn khác" --yes
    """
    from antt_tui.domain.errors import DomainError
    from antt_tui.roster.roster_import import find_import, undo

    with ctx.session() as s:
        try:
            found, _entry = find_import(s.roster, ref)
        except DomainError as exc:
            raise CliError(f"{exc} Xem các lần nhập: antt import list") from exc
        echo(f"Lần nhập {found.code} ({found.file}): {vn_number(found.households)} hộ, "
             f"{vn_number(found.persons)} nhân khẩu mới, {vn_number(found.changed)} bản ghi sửa.")
        confirm_or_refuse("Hoàn tác lần nhập này?", "Chưa hoàn tác (thêm --yes để hoàn tác).",
                          assume_yes=assume_yes)
        done = undo(s.roster, ref, reason=reason)
    echo(f"Đã hoàn tác lần nhập {done.summary.code}: xóa {vn_number(done.households)} hộ, "
         f"{vn_number(done.persons)} nhân khẩu; trả lại {vn_number(done.restored)} giá trị đã "
         "sửa.")
    if done.kept:
        echo(f"Giữ nguyên {vn_number(done.kept)} giá trị đã được sửa lại sau lần nhập.")


COMMANDS = [import_group]
