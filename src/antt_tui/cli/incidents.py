"""`antt incident`: record, list, correct and remove incidents (vụ việc)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from antt_tui.cli.common import (
    CliContext,
    CliError,
    confirm_output,
    day_option,
    echo,
    echo_json,
    fields_from,
    json_option,
    overwrite_option,
    pass_ctx,
    progress,
    table,
)
from antt_tui.criteria.taxonomy import Category
from antt_tui.domain.dates import format_date
from antt_tui.domain.errors import ValidationError

if TYPE_CHECKING:
    from antt_tui.roster.incident_import import ImportPlan


@click.group()
def incident() -> None:
    """Vụ việc về an ninh, trật tự: ghi nhận, xem, sửa (kèm lý do).

    Ví dụ: antt incident list --village DH
    """


@incident.command("add")
@click.option("--village", "-t", required=True, help="Mã hoặc tên thôn.")
@click.option("--date", "day", required=True, help="Ngày xảy ra, ví dụ 15/10/2026.")
@click.option("--category", required=True, help="Mã loại vụ việc (xem antt incident categories).")
@click.option("--time", default=None, help="Giờ, ví dụ 21:30.")
@click.option("--place", default=None, help="Nơi xảy ra.")
@click.option("--severity", default=None, help="it_nghiem_trong, nghiem_trong, …")
@click.option("--deaths", default=None, help="Số người chết.")
@click.option("--injuries", default=None, help="Số người bị thương.")
@click.option("--damage", default=None, help="Thiệt hại (đồng).")
@click.option("--resident/--no-resident", default=None,
              help="Do người của khu dân cư gây ra (hay không).")
@click.option("--own-fault/--no-own-fault", default=None, help="Do chủ quan (hay không).")
@click.option("--status", default=None, help="dang_xu_ly, da_giai_quyet, chuyen_co_quan_dieu_tra.")
@click.option("--handling", default=None, help="Biện pháp xử lý.")
@click.option("--fine", default=None, help="Tiền phạt (đồng).")
@click.option("--note", default=None, help="Diễn biến, ghi chú.")
@click.option("--person", "persons", multiple=True, metavar="NGƯỜI=VAI_TRÒ",
              help="Người liên quan: DH-0012/2=doi_tuong (bi_hai, nhan_chung).")
@pass_ctx
def incident_add(ctx: CliContext, village: str, day: str, category: str,
                 resident: bool | None, own_fault: bool | None, persons: tuple[str, ...],
                 **options: str | None) -> None:
    """Ghi nhận một vụ việc.

    Để trống một trường quyết định tiêu chí (mức độ, số người chết, do người của khu dân cư
    gây ra, do chủ quan) thì chương trình nhắc trên stderr.

    Ví dụ: antt incident add -t DH --date 15/10/2026 --category TP_TTXH_TROM_CAP --note "Mất xe"
    """
    from antt_tui.roster.incidents import Incidents

    with ctx.session() as s:
        answers = {"village": s.roster.village(village).id, "date": day, "category": category,
                   "caused_by_resident": bool(resident), "own_fault": bool(own_fault),
                   **fields_from(**options)}
        involved = []
        for pair in persons:
            who, _, role = pair.rpartition("=")
            involved.append({"person": who or pair, "role": role or "doi_tuong"})
        with _category_hint():
            register = Incidents(s.roster)
            found = register.add(answers, persons=involved)
        given = {"severity": bool(options.get("severity")), "deaths": bool(options.get("deaths")),
                 "caused_by_resident": resident is not None
                 or any(p.role == "doi_tuong" for p in found.persons),
                 "own_fault": own_fault is not None}
        category_ = register.taxonomy.category(found.category)
    echo(f"Đã ghi nhận vụ việc (mã {found.id[:8]}).")
    for line in _empty_deciding_fields(category_, given, found.id[:8]):
        echo(line, err=True)


_DECIDING = {
    "severity": ("Mức độ", "--severity MỨC_ĐỘ"),
    "deaths": ("Số người chết", "--deaths SỐ"),
    "caused_by_resident": ("Do người của khu dân cư gây ra", "--resident (hoặc --no-resident)"),
    "own_fault": ("Do chủ quan", "--own-fault (hoặc --no-own-fault)"),
}
"""The incident fields that may decide a criterion: label, and the option that fills it."""


def _empty_deciding_fields(category: Category, given: dict[str, bool], ref: str) -> list[str]:
    """A warning for each field left empty that decides a criterion for this category."""
    from antt_tui.criteria.deciding import deciding_fields
    from antt_tui.criteria.facts import SEVERITY_LABELS
    from antt_tui.criteria.rules import load_rule_sets

    lines = []
    for name, ids in deciding_fields(category, load_rule_sets().values()).items():
        if given.get(name):
            continue
        label, option = _DECIDING[name]
        line = f"Lưu ý: chưa ghi “{label}”, trường quyết định tiêu chí {', '.join(ids)}."
        if name == "severity" and category.severity_by_law:
            line += (f" Loại “{category.label}” được tính ít nhất là "
                     f"{SEVERITY_LABELS[category.severity_by_law]} (Bộ luật Hình sự).")
        lines.append(f"{line} Ghi thêm: antt incident correct {ref} {option} --reason \"…\"")
    return lines


@contextmanager
def _category_hint() -> Iterator[None]:
    """A wrong --category also points to the list of codes."""
    try:
        yield
    except ValidationError as exc:
        if "category" in exc.errors:
            raise CliError(f"{exc}\nXem danh mục: antt incident categories") from exc
        raise


@incident.command("list")
@click.option("--village", "-t", default=None, help="Chỉ một thôn.")
@click.option("--from", "start", default=None, help="Từ ngày, ví dụ 01/11/2025.")
@click.option("--to", "end", default=None, help="Đến ngày, ví dụ 31/10/2026.")
@click.option("--category", default="", help="Chỉ một loại vụ việc.")
@json_option
@pass_ctx
def incident_list(ctx: CliContext, village: str | None, start: str | None, end: str | None,
                  category: str, as_json: bool) -> None:
    """Danh sách vụ việc, mới nhất trước.

    Ví dụ: antt incident list -t DH --from 01/11/2025 --to 31/10/2026
    """
    from antt_tui.roster.incidents import Incidents

    with ctx.session() as s:
        register = Incidents(s.roster)
        vid = s.roster.village(village).id if village else ""
        rows = register.list(village_id=vid, category=category,
                             start=day_option(start, None, "--from"),
                             end=day_option(end, None, "--to"))
        villages = {v.id: v.name for v in s.roster.villages()}
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    table([[r.id[:8], format_date(date.fromisoformat(r.date)), villages.get(r.village_id, ""),
            r.category_label, r.note[:30]]
           for r in rows], ["Mã", "Ngày", "Thôn", "Loại", "Ghi chú"])
    echo(f"Tổng: {len(rows)} vụ việc", err=True)


@incident.command("correct")
@click.argument("incident_id", metavar="MÃ_VỤ_VIỆC")
@click.option("--reason", required=True, help="Vì sao sửa.")
@click.option("--date", "day", default=None, help="Ngày xảy ra đúng.")
@click.option("--category", default=None, help="Loại vụ việc đúng.")
@click.option("--severity", default=None, help="Mức độ: it_nghiem_trong, nghiem_trong, …")
@click.option("--deaths", default=None, help="Số người chết.")
@click.option("--resident/--no-resident", default=None,
              help="Do người của khu dân cư gây ra (hay không).")
@click.option("--own-fault/--no-own-fault", default=None, help="Do chủ quan (hay không).")
@click.option("--status", default=None, help="Tình trạng xử lý.")
@click.option("--note", default=None, help="Ghi chú.")
@pass_ctx
def incident_correct(ctx: CliContext, incident_id: str, reason: str, day: str | None,
                     category: str | None, severity: str | None, deaths: str | None,
                     resident: bool | None, own_fault: bool | None, status: str | None,
                     note: str | None) -> None:
    """Sửa một vụ việc; lý do được lưu cùng thay đổi.

    Ví dụ: antt incident correct 3f2a9c1e --status da_giai_quyet --reason "Đã hòa giải"
    """
    from antt_tui.roster.incidents import Incidents

    with ctx.session() as s, _category_hint():
        Incidents(s.roster).correct(incident_id, fields_from(
            date=day, category=category, severity=severity, deaths=deaths,
            caused_by_resident=resident, own_fault=own_fault, status=status, note=note),
            reason=reason)
    echo("Đã sửa vụ việc.")


@incident.command("delete")
@click.argument("incident_id", metavar="MÃ_VỤ_VIỆC")
@click.option("--reason", required=True, help="Vì sao xóa (ví dụ: nhập trùng).")
@pass_ctx
def incident_delete(ctx: CliContext, incident_id: str, reason: str) -> None:
    """Xóa vụ việc nhập nhầm (không được xóa vụ việc thuộc tiêu chí “không để xảy ra”).

    Ví dụ: antt incident delete 3f2a9c1e --reason "Nhập trùng"
    """
    from antt_tui.roster.incidents import Incidents

    with ctx.session() as s:
        Incidents(s.roster).delete(incident_id, reason=reason)
    echo("Đã xóa vụ việc.")


@incident.command("categories")
@json_option
def incident_categories(as_json: bool) -> None:
    """Danh mục loại vụ việc và tiêu chí mà mỗi loại ảnh hưởng.

    Ví dụ: antt incident categories
    """
    from antt_tui.criteria import load_taxonomy

    tax = load_taxonomy()
    rows = [{"ma": c.code, "nhom": tax.groups[c.group], "ten": c.label,
             "tieu_chi": list(c.feeds), "khong_de_xay_ra": c.zero_tolerance}
            for c in tax.categories.values()]
    if as_json:
        echo_json(rows)
        return
    table([[r["ma"], r["ten"], ", ".join(_FEEDS.get(f, f) for f in r["tieu_chi"])]
           for r in rows], ["Mã", "Loại vụ việc", "Dùng cho"])


_FEEDS = {"reports": "báo cáo"}
"""Feeds of a category that are not criteria, as the table names them."""


@incident.command("import")
@click.argument("path", metavar="TỆP", required=False,
                type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--yes", "-y", "assume_yes", is_flag=True,
              help="Nhập thật các dòng hợp lệ (không có: chỉ xem trước, không ghi gì).")
@click.option("--ca-trung", "include_duplicates", is_flag=True,
              help="Nhập cả những dòng giống vụ việc đã có (mặc định bỏ qua).")
@click.option("--mau", "template", metavar="TỆP_MẪU", default=None,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Ghi tệp Excel mẫu: các cột và danh mục loại vụ việc.")
@overwrite_option
@json_option
@pass_ctx
def incident_import(ctx: CliContext, path: Path | None, assume_yes: bool,
                    include_duplicates: bool, template: Path | None, overwrite: bool,
                    as_json: bool) -> None:
    """Nhập nhiều vụ việc một lần từ tệp Excel (.xlsx), CSV, hoặc các ô dán từ Excel.

    Dòng tiêu đề cần các cột Ngày, Thôn, Loại vụ việc (mã hoặc tên); các cột khác: Giờ,
    Nơi xảy ra, Mức độ, Số người chết, Số người bị thương, Thiệt hại, Tình trạng, Ghi chú.
    Không có --yes: chỉ xem trước (số dòng sẽ thêm, dòng trùng, dòng bị từ chối kèm lý do),
    không ghi gì. Có --yes: lưu mọi dòng hợp lệ trong một lần (tất cả hoặc không gì). Dòng
    giống vụ việc đã có (cùng thôn, ngày, loại, nơi xảy ra) được bỏ qua, nên nhập lại cùng
    một tệp không thêm gì. TỆP là "-": đọc các ô dán vào đầu vào chuẩn.

    Ví dụ: antt incident import vu-viec-2026.xlsx --yes

    Ví dụ: antt incident import --mau mau-vu-viec.xlsx
    """
    if template is not None:
        _write_template(ctx, template, overwrite)
        if path is None:
            return
    if path is None:
        raise CliError("Cho tên tệp cần nhập, ví dụ: antt incident import vu-viec.xlsx "
                       "(hoặc --mau TỆP_MẪU để lấy tệp mẫu).")
    from antt_tui.roster.incident_import import commit_import, plan_bytes, plan_file

    with ctx.session() as s:
        if str(path) == "-":
            plan = plan_bytes(s.roster, sys.stdin.buffer.read(), "văn bản dán")
        else:
            plan = plan_file(s.roster, path)
        result = None
        if assume_yes:
            result = commit_import(s.roster, plan, include_duplicates=include_duplicates)
    if as_json:
        echo_json({**plan.to_json(), "da_nhap": len(result.added) if result else 0})
        return
    _print_import(plan, include_duplicates)
    if result is None:
        count = len(plan.new) + (len(plan.duplicates) if include_duplicates else 0)
        echo("Chưa ghi gì." + (f" Chạy lại với --yes để nhập {count} vụ việc." if count
                                else ""), err=True)
    elif result.added:
        echo(f"Đã nhập {len(result.added)} vụ việc trong một lần lưu.")
    else:
        echo("Không có vụ việc nào để nhập.", err=True)


def _write_template(ctx: CliContext, target: Path, overwrite: bool) -> None:
    """`--mau`: the empty workbook, never over data (`antt_tui.outputs`)."""
    from antt_tui.outputs import check_output_path
    from antt_tui.roster.incident_template import template_xlsx
    from antt_tui.storage.atomic import write_bytes

    resolved = confirm_output(lambda ok: check_output_path(
        target, overwrite=ok, paths=ctx.paths, protected=[ctx.database]), overwrite)
    resolved.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(resolved, template_xlsx())
    progress(f"Đã ghi tệp mẫu {target}: điền từ dòng 2 của trang “Vụ việc”; danh mục loại "
             "vụ việc ở trang “Danh mục”.")


_LISTED, _LISTED_SAME = 50, 10
"""Refused and duplicate rows printed one by one before "… và N dòng nữa"."""


def _print_import(plan: ImportPlan, include_duplicates: bool) -> None:
    """The preview: where it read, the counts, then each refused and duplicate row."""
    echo(f"{plan.source} · dòng tiêu đề {plan.heading_row} · bảng mã {plan.encoding}")
    if plan.ignored:
        echo(f"Cột không dùng: {', '.join(plan.ignored)}")
    skipped = "sẽ nhập cả" if include_duplicates else "bỏ qua"
    echo(f"Sẽ thêm: {len(plan.new)} vụ việc · giống vụ việc đã có ({skipped}): "
         f"{len(plan.duplicates)} · bị từ chối: {len(plan.refused)}")
    if not plan.rows:
        echo("Không có dòng vụ việc nào dưới dòng tiêu đề.")
    for title, rows, listed in (("Dòng bị từ chối:", plan.refused, _LISTED),
                                ("Dòng giống vụ việc đã có:", plan.duplicates, _LISTED_SAME)):
        if not rows:
            continue
        echo(title)
        for row in rows[:listed]:
            echo(f"  Dòng {row.row}: " + " · ".join(row.reasons))
        if len(rows) > listed:
            echo(f"  … và {len(rows) - listed} dòng nữa (xem đủ với --json).")


COMMANDS = [incident]
