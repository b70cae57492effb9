"""`antt export`: the roster written out as a file the officer asked for (Excel or CSV)."""

from __future__ import annotations

from pathlib import Path

import click

from antt_tui.cli.common import (
    CliContext,
    CliError,
    confirm_output,
    domain_errors,
    echo,
    overwrite_option,
    pass_ctx,
)
from antt_tui.domain.numbers import vn_number
from antt_tui.outputs import check_output_path


@click.group("export")
def export() -> None:
    """Xuất dữ liệu ra tệp Excel (.xlsx) hoặc CSV để làm việc ngoài chương trình.

    Tệp xuất ra chứa thông tin cá nhân: cất giữ cẩn thận, không gửi cho người không có
    nhiệm vụ.

    Ví dụ: antt export roster --village DH -o danh-sach-DH.xlsx
    """


@export.command("roster")
@click.option("--village", "-t", default=None,
              help="Thôn cần xuất (mã, ví dụ DH, hoặc tên). Bỏ trống: cả xã, mỗi thôn một "
                   "trang tính (.xlsx) hoặc một bảng có cột Thôn (.csv).")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp sẽ ghi: .xlsx (Excel) hoặc .csv (UTF-8, mở được bằng Excel).")
@click.option("--ca-da-chuyen", "include_departed", is_flag=True,
              help="Kèm cả người đã chuyển đi, đã mất và hộ không còn cư trú, với tình trạng "
                   "và ngày thay đổi.")
@overwrite_option
@pass_ctx
def roster(ctx: CliContext, village: str | None, output: Path, include_departed: bool,
           overwrite: bool) -> None:
    """Xuất danh sách nhân khẩu của một thôn (hoặc cả xã) ra Excel hoặc CSV.

    Mỗi người một dòng, xếp theo hộ (chủ hộ đứng đầu), các cột như sổ nhân khẩu của thôn:
    STT, Mã hộ, Họ và tên, Ngày sinh, Giới tính, Quan hệ với chủ hộ, Số CCCD, Dân tộc, Tôn
    giáo, Nghề nghiệp, Số điện thoại, Địa chỉ, Thôn, Tình trạng cư trú, Ghi chú. Mặc định chỉ
    người đang cư trú.

    LƯU Ý: tệp xuất ra mang thông tin cá nhân (họ tên, ngày sinh, số CCCD, số điện thoại…)
    ra khỏi cơ sở dữ liệu. Chỉ xuất khi cần; cất giữ, chuyển giao và xóa tệp theo quy định
    bảo vệ dữ liệu cá nhân. Chương trình không ghi nội dung tệp vào nhật ký.

    Tệp .csv mở bằng Excel sẽ bỏ số 0 ở đầu số CCCD, số điện thoại: để xem bằng Excel, hãy
    xuất .xlsx.

    Ví dụ: antt export roster --village DH -o danh-sach-DH.xlsx
    """
    from antt_tui.roster import roster_export

    with domain_errors():
        roster_export.format_for(output)
    # Checked before the database is read: a refused path leaves nothing half done.
    target = confirm_output(lambda ok: check_output_path(
        output, overwrite=ok, paths=ctx.paths, protected=[ctx.database]), overwrite)
    with ctx.session() as s:
        taken = roster_export.collect(s.roster, village, include_departed=include_departed)
    try:
        roster_export.write(target, taken)
    except OSError as exc:
        raise CliError(f"Không ghi được {output}: {exc.strerror or exc}") from exc
    where = (f"cả {taken.commune or 'xã'} ({len(taken.villages)} thôn)" if taken.whole_commune
             else taken.villages[0].name)
    echo(f"Đã ghi {vn_number(taken.people)} nhân khẩu của {vn_number(taken.households)} "
               f"hộ, {where}, vào {output}.")


COMMANDS = [export]
