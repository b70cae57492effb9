"""The `antt` command: the click group and its subcommands, one module per subject."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from antt_tui import __version__
from antt_tui.cli.common import CliContext, CliError
from antt_tui.cli.group import VietnameseGroup
from antt_tui.paths import Paths


def _officer(value: str) -> str:
    """The officer's name for the journal: no control or invisible character, 100 at most."""
    from antt_tui.domain.text import NAME_MAX, check_text

    try:
        return check_text(click.unstyle(value), what="Tên cán bộ (--can-bo, ANTT_OFFICER)",
                          max_len=NAME_MAX)
    except ValueError as exc:
        raise CliError(str(exc)) from exc


def _parse_today(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CliError(f"Ngày làm việc (ANTT_TODAY) phải có dạng YYYY-MM-DD: {value}") from exc


@click.group(cls=VietnameseGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", "database", type=click.Path(path_type=Path), envvar="ANTT_DB",
              help="Thư mục cơ sở dữ liệu (mặc định: 'data' trong thư mục gốc; xem antt paths).")
@click.option("--demo", "use_demo", is_flag=True,
              help="Dùng xã mẫu của antt demo (tạo nếu chưa có) thay cho --db.")
@click.option("--can-bo", "officer", envvar="ANTT_OFFICER", default="",
              help="Tên cán bộ ghi vào nhật ký thay đổi (hoặc biến ANTT_OFFICER; mặc định: "
                   "tên đã nhập ở giao diện trên máy này).")
@click.option("--today", hidden=True, envvar="ANTT_TODAY",
              help="Ngày làm việc (YYYY-MM-DD), cho kiểm thử.")
@click.version_option(__version__, prog_name="antt")
@click.pass_context
def main(ctx: click.Context, database: Path | None, use_demo: bool, officer: str,
         today: str | None) -> None:
    """antt: quản lý mô hình "Hộ an toàn – Thôn bình yên" của Công an xã.

    Chạy không kèm lệnh con để mở giao diện; `antt demo` mở dữ liệu mẫu.

    Ví dụ: antt household list --village DH

    Trên xã mẫu: antt --demo household list --village DH
    """
    paths = Paths.from_env(os.environ)
    if use_demo and database is not None:
        raise CliError("Chọn một trong --db và --demo.")
    from antt_tui.laptop import remembered_officer

    ctx.obj = CliContext(paths=paths, database=database or paths.database,
                         officer=_officer(officer) or remembered_officer(paths),
                         today=_parse_today(today))
    if use_demo and ctx.invoked_subcommand != "demo":
        from antt_tui.cli.setup import ensure_demo

        ctx.obj.database = ensure_demo(ctx.obj)
    if ctx.invoked_subcommand is None:
        from antt_tui.cli.setup import open_app

        open_app(ctx.obj, ctx.obj.database)


def _register() -> None:
    from antt_tui.cli import (
        activities,
        criteria,
        exports,
        households,
        imports,
        incidents,
        persons,
        programme,
        reports,
        roster_queries,
        setup,
        sync,
        villages,
    )

    for module in (setup, villages, households, persons, roster_queries, activities, incidents,
                   programme, criteria, reports, exports, imports, sync):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
