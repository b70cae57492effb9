"""`antt village`: the villages (thôn / khu dân cư) of the commune."""

from __future__ import annotations

import click

from antt_tui.cli.common import CliContext, echo, echo_json, json_option, pass_ctx, table


@click.group()
def village() -> None:
    """Thôn, khu dân cư của xã.

    Ví dụ: antt village list
    """


@village.command("add")
@click.argument("name", metavar="TÊN_THÔN")
@click.option("--code", default="", help="Mã thôn ngắn (mặc định lấy chữ đầu: Đông Hạ → DH).")
@pass_ctx
def village_add(ctx: CliContext, name: str, code: str) -> None:
    """Thêm một thôn.

    Ví dụ: antt village add "Thôn Đông Hạ" --code DH
    """
    with ctx.session() as s:
        v = s.roster.add_village(name, code=code)
    echo(f"Đã thêm {v.name} (mã {v.code}).")


@village.command("list")
@json_option
@pass_ctx
def village_list(ctx: CliContext, as_json: bool) -> None:
    """Danh sách thôn với số hộ và nhân khẩu đang cư trú.

    Ví dụ: antt village list --json
    """
    from antt_tui.roster.overview import village_overview

    with ctx.session() as s:
        rows = [{"id": v.village_id, "ma": v.code, "ten": v.name, "so_ho": v.households,
                 "so_nhan_khau": v.people}
                for v in village_overview(s.roster, ctx.today, activity=False)]
    if as_json:
        echo_json(rows)
        return
    table([[r["ma"], r["ten"], str(r["so_ho"]), str(r["so_nhan_khau"])] for r in rows],
          ["Mã", "Tên thôn", "Số hộ", "Nhân khẩu"])


COMMANDS = [village]
