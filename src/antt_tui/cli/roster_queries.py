"""`antt search` and `antt history`: find people and see who changed what."""

from __future__ import annotations

import click

from antt_tui.cli.common import CliContext, echo, echo_json, json_option, pass_ctx, table
from antt_tui.domain.dates import vn_stamp
from antt_tui.roster.views import search_row


@click.command("search")
@click.argument("text", metavar="TỪ_KHÓA", nargs=-1, required=True)
@click.option("--limit", type=int, default=50, show_default=True, help="Số kết quả tối đa.")
@json_option
@pass_ctx
def search(ctx: CliContext, text: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Tìm theo tên (gõ có dấu hoặc không dấu), số CCCD, mã hộ hoặc số điện thoại.

    Ví dụ: antt search nguyen van an
    """
    query = " ".join(text)
    with ctx.session() as s:
        rows = [search_row(h) for h in s.roster.search(query, limit=limit)]
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    if not rows:
        echo(f"Không tìm thấy kết quả cho '{query}'.", err=True)
        return
    table([[r.full_name, r.birth, r.cccd, r.household_code, r.relation_label, r.village_name,
            r.status_label] for r in rows],
          ["Họ và tên", "Ngày sinh", "CCCD", "Mã hộ", "Quan hệ", "Thôn", "Tình trạng"])


@click.command("history")
@click.argument("code", metavar="MÃ_HỘ")
@json_option
@pass_ctx
def history(ctx: CliContext, code: str, as_json: bool) -> None:
    """Lịch sử thay đổi của một hộ: ai sửa gì, lúc nào.

    Ví dụ: antt history DH-0012
    """
    with ctx.session() as s:
        household = s.roster.household(code)
        members = {m.id for m in s.roster.members(household.id)}
        lines = s.roster.history(household.id, members)
    if as_json:
        echo_json([{"luc": x.at, "can_bo": x.by, "su_kien": x.event, "noi_dung": x.summary,
                    "thay_doi": x.changes, "canh_bao_da_chap_nhan": x.accepted,
                    "thiet_bi": x.device, "so_thu_tu": x.seq, "noi_lam": x.source}
                   for x in lines])
        return
    echo(f"Lịch sử hộ {household.code}:")
    for x in lines:
        when = vn_stamp(x.at)
        where = f" ({x.source})" if x.source else ""
        echo(f"\n{when}  {x.event} — {x.by or '(không ghi tên cán bộ)'}{where}")
        if x.summary:
            echo(f"  {x.summary}")
        for change in x.changes:
            echo(f"    {change}")
        for warning in x.accepted:
            echo(f"    (đã chấp nhận cảnh báo: {warning})")


COMMANDS = [search, history]
