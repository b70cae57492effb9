"""`antt incident`: record, list, correct and remove incidents (vụ việc)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click

from antt_tui.cli.common import (
    CliContext,
    CliError,
    day_option,
    echo,
    echo_json,
    fields_from,
    json_option,
    pass_ctx,
    table,
)
from antt_tui.domain.dates import format_date
from antt_tui.domain.errors import ValidationError


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
@click.option("--resident", is_flag=True, help="Do người của khu dân cư gây ra.")
@click.option("--own-fault", is_flag=True, help="Do chủ quan.")
@click.option("--status", default=None, help="dang_xu_ly, da_giai_quyet, chuyen_co_quan_dieu_tra.")
@click.option("--handling", default=None, help="Biện pháp xử lý.")
@click.option("--fine", default=None, help="Tiền phạt (đồng).")
@click.option("--note", default=None, help="Diễn biến, ghi chú.")
@click.option("--person", "persons", multiple=True, metavar="NGƯỜI=VAI_TRÒ",
              help="Người liên quan: DH-0012/2=doi_tuong (bi_hai, nhan_chung).")
@pass_ctx
def incident_add(ctx: CliContext, village: str, day: str, category: str, resident: bool,
                 own_fault: bool, persons: tuple[str, ...], **options: str | None) -> None:
    """Ghi nhận một vụ việc.

    Ví dụ: antt incident add -t DH --date 15/10/2026 --category TP_TTXH_TROM_CAP --note "Mất xe"
    """
    from antt_tui.roster.incidents import Incidents

    with ctx.session() as s:
        answers = {"village": s.roster.village(village)["id"], "date": day, "category": category,
                   "caused_by_resident": resident, "own_fault": own_fault,
                   **fields_from(**options)}
        involved = []
        for pair in persons:
            who, _, role = pair.rpartition("=")
            involved.append({"person": who or pair, "role": role or "doi_tuong"})
        with _category_hint():
            found = Incidents(s.roster).add(answers, persons=involved)
    echo(f"Đã ghi nhận vụ việc (mã {found['id'][:8]}).")


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
        vid = s.roster.village(village)["id"] if village else ""
        rows = register.list(village_id=vid, category=category,
                             start=day_option(start, None, "--from"),
                             end=day_option(end, None, "--to"))
        villages = {v["id"]: v["name"] for v in s.roster.villages()}
        labels = {c.code: c.label for c in register.taxonomy.categories.values()}
    if as_json:
        echo_json(rows)
        return
    table([[r["id"][:8], format_date(date.fromisoformat(r["date"])),
            villages.get(r.get("village_id"), ""),
            labels.get(r.get("category"), r.get("category", "")), r.get("note", "")[:30]]
           for r in rows], ["Mã", "Ngày", "Thôn", "Loại", "Ghi chú"])
    echo(f"Tổng: {len(rows)} vụ việc", err=True)


@incident.command("correct")
@click.argument("incident_id", metavar="MÃ_VỤ_VIỆC")
@click.option("--reason", required=True, help="Vì sao sửa.")
@click.option("--date", "day", default=None, help="Ngày xảy ra đúng.")
@click.option("--category", default=None, help="Loại vụ việc đúng.")
@click.option("--status", default=None, help="Tình trạng xử lý.")
@click.option("--note", default=None, help="Ghi chú.")
@pass_ctx
def incident_correct(ctx: CliContext, incident_id: str, reason: str, day: str | None,
                     category: str | None, status: str | None, note: str | None) -> None:
    """Sửa một vụ việc; lý do được lưu cùng thay đổi.

    Ví dụ: antt incident correct 3f2a9c1e --status da_giai_quyet --reason "Đã hòa giải"
    """
    from antt_tui.roster.incidents import Incidents

    with ctx.session() as s, _category_hint():
        Incidents(s.roster).correct(incident_id, fields_from(date=day, category=category,
                                                             status=status, note=note),
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


COMMANDS = [incident]
