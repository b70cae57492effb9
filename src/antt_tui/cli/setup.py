"""Setting up and looking after a database: init, demo, generate, check, paths."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from antt_tui.cli.common import CliContext, CliError, domain_errors, pass_ctx, progress

if TYPE_CHECKING:
    from antt_tui.storage.check import CheckReport


@click.command("init")
@click.option("--province", required=True, help="Tỉnh/thành phố.")
@click.option("--commune", required=True, help="Tên xã/phường, ví dụ 'Xã Tân Lập'.")
@click.option("--legacy-district", default="", help="Huyện cũ (trước 1/7/2025), nếu cần.")
@click.option("--village", "villages", multiple=True, help="Tên thôn (lặp lại cho từng thôn).")
@pass_ctx
def init(ctx: CliContext, province: str, commune: str, legacy_district: str,
         villages: tuple[str, ...]) -> None:
    """Tạo cơ sở dữ liệu mới cho một xã.

    Ví dụ: antt init --province "Hưng Yên" --commune "Xã Tân Lập" --village "Thôn A" --village "Thôn B"
    """
    with ctx.session(create=True) as s:
        s.roster.init_commune(province=province, name=commune, legacy_district=legacy_district,
                              villages=villages)
        made = s.roster.villages()
    click.echo(f"Đã tạo cơ sở dữ liệu {commune} tại {ctx.database}")
    for v in made:
        click.echo(f"  {v.code:6} {v.name}")


@click.command("paths")
@pass_ctx
def paths(ctx: CliContext) -> None:
    """In mọi thư mục chương trình dùng (dữ liệu, sao lưu, xuất, nhật ký).

    Ví dụ: antt paths
    """
    for label, path in ctx.paths.describe():
        if path == ctx.paths.database:
            path = ctx.database
        click.echo(f"{label + ':':28} {path}")


@click.command("generate")
@click.option("--households", type=click.IntRange(1, 200_000), default=300, show_default=True,
              help="Số hộ.")
@click.option("--years", type=click.IntRange(1, 20), default=3, show_default=True,
              help="Số năm lịch sử kiểm tra và vụ việc.")
@click.option("--seed", type=int, default=42, show_default=True, help="Hạt giống ngẫu nhiên.")
@click.option("--villages", type=click.IntRange(1, 24), default=None, help="Số thôn.")
@pass_ctx
def generate(ctx: CliContext, households: int, years: int, seed: int,
             villages: int | None) -> None:
    """Tạo một xã mẫu (giống thật, cố định theo --seed) vào thư mục dữ liệu hiện tại.

    Ví dụ: antt --db /tmp/xa-mau generate --households 10000 --years 3 --seed 42
    """
    summary = generate_into(ctx, ctx.database, households=households, years=years, seed=seed,
                            villages=villages)
    _print_summary(ctx.database, summary)


def generate_into(ctx: CliContext, folder: Path, *, households: int, years: int, seed: int,
                  villages: int | None = None, village_names: Sequence[str] = ()
                  ) -> dict[str, int]:
    """Generate a commune into `folder` (created when missing) with progress on stderr."""
    from antt_tui.domain.numbers import vn_number
    from antt_tui.domain.vocab import TABLE_LABELS
    from antt_tui.generate.blueprint import make_commune, summary
    from antt_tui.generate.load import load_into

    started = time.perf_counter()
    progress(f"Đang tạo dữ liệu mẫu ({households} hộ, {years} năm)…")
    commune = make_commune(households=households, years=years, seed=seed, today=ctx.today,
                           villages=villages, village_names=village_names)
    shown: dict[str, int] = {}

    def report(table: str, done: int, total: int) -> None:
        step = max(1, total // 4)
        if done == total or done // step != shown.get(table, -1):
            shown[table] = done // step
            progress(f"  {TABLE_LABELS.get(table, table)}: {vn_number(done)}/{vn_number(total)}")

    sub = CliContext(ctx.paths, folder, ctx.officer or "Dữ liệu mẫu", ctx.today)
    with sub.session(create=True) as s, domain_errors():
        load_into(s.roster, commune, report)
    progress(f"Xong sau {time.perf_counter() - started:.1f} giây.")
    return summary(commune)


def _print_summary(folder: Path, counts: dict[str, int]) -> None:
    from antt_tui.domain.numbers import vn_number
    from antt_tui.domain.vocab import TABLE_LABELS

    def said(tables: tuple[str, ...]) -> str:
        return ", ".join(f"{vn_number(counts[t])} {TABLE_LABELS[t]}" for t in tables)

    click.echo(f"Cơ sở dữ liệu: {folder}")
    click.echo(f"  {said(('villages', 'households', 'persons', 'visits', 'incidents'))}")
    click.echo(f"  {said(('commitments', 'documents', 'teams', 'team_activities', 'confirmations'))}")


DEMO_VILLAGES = ("Thôn Đông Hạ", "Thôn Trung Lập", "Thôn Phú Mỹ")
"""The demo commune's villages: DH and TL are the README's examples."""


@click.command("demo")
@click.option("--households", type=click.IntRange(10, 5000), default=300, show_default=True,
              help="Số hộ của xã mẫu (chỉ khi tạo mới).")
@click.option("--reset", is_flag=True, help="Tạo lại xã mẫu từ đầu.")
@pass_ctx
def demo(ctx: CliContext, households: int, reset: bool) -> None:
    """Mở xã mẫu (tạo lần đầu, khoảng 300 hộ) để làm quen với chương trình.

    Mọi lệnh khác dùng được trên xã mẫu khi thêm --demo: antt --demo household list -t DH

    Ví dụ: antt demo
    """
    folder = ensure_demo(ctx, households=households, reset=reset)
    open_app(ctx, folder)
    click.echo(f"Xã mẫu nằm ở {folder}. Dùng từ dòng lệnh bằng --demo, ví dụ:\n"
               "  antt --demo household list -t DH\n"
               "  antt --demo report monthly -t DH --period 2026-10 -o bao-cao.pdf")


def ensure_demo(ctx: CliContext, *, households: int = 300, reset: bool = False) -> Path:
    """The demo commune's folder, generated first when missing (or when `reset`)."""
    folder = ctx.paths.demo_database
    ctx.paths.ensure()
    if folder.exists() and (reset or not (folder / "antt-db.json").exists()):
        import shutil

        shutil.rmtree(folder)
    if not (folder / "antt-db.json").exists():
        generate_into(ctx, folder, households=households, years=3, seed=2026,
                      village_names=DEMO_VILLAGES)
    return folder


def open_app(ctx: CliContext, folder: Path) -> None:
    """Open the database folder in the Textual app (imported only here: the CLI stays fast)."""
    from antt_tui.tui import AnttApp, AppState

    ctx.paths.ensure()
    state = AppState(paths=ctx.paths, folder=folder, officer=ctx.officer,
                     today=lambda: ctx.today)
    AnttApp(state).run()


@click.command("check")
@click.option("--repair", is_flag=True,
              help="Sửa những gì hỏng từ mọi bản còn tốt (tệp bảng, nhật ký, bản sao lưu).")
@click.option("--yes", "assume_yes", is_flag=True,
              help="Với --repair: vẫn sửa khi có thay đổi không còn bản nào để khôi phục.")
@pass_ctx
def check(ctx: CliContext, repair: bool, assume_yes: bool) -> None:
    """Kiểm tra mọi tệp dữ liệu và chuỗi nhật ký thay đổi; --repair để khôi phục.

    Trước khi sửa, các tệp sắp bị thay được cất vào thư mục "Tệp hỏng" (xem antt paths).

    Ví dụ: antt check --repair
    """
    from antt_tui.storage.check import check_database

    def run(accept_loss: bool) -> CheckReport:
        with domain_errors():
            return check_database(ctx.database, backup_dir=ctx.paths.backups_for(ctx.database),
                                  aside_dir=ctx.paths.set_aside_for(ctx.database),
                                  repair=repair, accept_loss=accept_loss, officer=ctx.officer)

    report = run(assume_yes)
    if report.needs_consent:
        _print_report(report)
        click.echo(f"Có {len(report.lost)} thay đổi không còn bản nào để khôi phục (xem trên). "
                   "Chưa sửa gì.", err=True)
        if not click.confirm("Vẫn sửa (những thay đổi trên sẽ mất)?", default=False, err=True):
            raise CliError("Chưa sửa gì. Hãy giữ nguyên thư mục và liên hệ cán bộ kỹ thuật, "
                           "hoặc chạy lại với --yes.")
        report = run(True)
    _print_report(report)
    if not report.ok:
        if not ctx.database.is_dir():
            raise CliError(f"Không có cơ sở dữ liệu ở {ctx.database} (xem antt paths).")
        raise CliError("Cơ sở dữ liệu có lỗi (xem trên)."
                       + ("" if repair else " Chạy `antt check --repair` để khôi phục."))
    if report.lost:
        click.echo(f"Đã sửa; {len(report.lost)} thay đổi không khôi phục được (xem trên).")
    elif report.repaired:
        click.echo("Đã sửa; không mất thay đổi nào đã lưu.")
    else:
        click.echo("Cơ sở dữ liệu tốt.")


def _print_report(report: CheckReport) -> None:
    for note in report.notes:
        click.echo(f"  ✓ {note}")
    for fixed in report.repaired:
        click.echo(f"  ↺ {fixed}")
    for problem in report.problems:
        click.echo(f"  ✗ {problem}")
    for lost in report.lost:
        click.echo(f"  ! Không khôi phục được: {lost}")


COMMANDS = [init, paths, generate, demo, check]
