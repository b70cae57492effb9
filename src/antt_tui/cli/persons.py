"""`antt person`: members (nhân khẩu) and their life events."""

from __future__ import annotations

import click

from antt_tui.cli.common import CliContext, accept_option, echo, fields_from, pass_ctx
from antt_tui.cli.households import _relations

PERSON_REF = "NGƯỜI: số CCCD, hoặc mã hộ/số thứ tự như DH-0012/2 (xem antt household show)."


def person_options(func):
    """The editable person fields as options, shared by `add` and `edit`."""
    options = [
        click.option("--name", default=None, help="Họ và tên."),
        click.option("--birth", default=None, help="Ngày sinh: 24/07/1988, 05/1985 hoặc 1960."),
        click.option("--sex", default=None, help="Giới tính: Nam hoặc Nữ."),
        click.option("--cccd", default=None, help="Số định danh cá nhân (12 số)."),
        click.option("--cmnd", default=None, help="Số CMND cũ (9 số)."),
        click.option("--relation", default=None, help="Quan hệ với chủ hộ (Vợ, Con đẻ, …)."),
        click.option("--ethnicity", default=None, help="Dân tộc (mặc định Kinh)."),
        click.option("--religion", default=None, help="Tôn giáo (mặc định Không)."),
        click.option("--occupation", default=None, help="Nghề nghiệp."),
        click.option("--phone", default=None, help="Số điện thoại."),
        click.option("--notes", default=None, help="Ghi chú."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _fields(**options) -> dict:
    options["full_name"] = options.pop("name")
    return fields_from(**options)


@click.group()
def person() -> None:
    """Nhân khẩu: thêm, sửa, chuyển hộ, tách hộ, khai tử, chuyển đi.

    Ví dụ: antt person add DH-0012 --name "Lê Thị Bình" --sex Nữ --birth 1978 --relation Vợ
    """


@person.command("add")
@click.argument("household", metavar="MÃ_HỘ")
@person_options
@accept_option
@pass_ctx
def person_add(ctx: CliContext, household: str, accept: bool, **options) -> None:
    """Thêm nhân khẩu vào hộ MÃ_HỘ.

    Ví dụ: antt person add DH-0012 --name "Nguyễn Thị Bình" --sex Nữ --birth 2001 --relation "Con đẻ"
    """
    with ctx.session() as s:
        p = s.roster.add_person(household, _fields(**options), accept_warnings=accept)
    echo(f"Đã thêm {p.full_name}.")


@person.command("edit", epilog=PERSON_REF)
@click.argument("who", metavar="NGƯỜI")
@person_options
@accept_option
@pass_ctx
def person_edit(ctx: CliContext, who: str, accept: bool, **options) -> None:
    """Sửa thông tin nhân khẩu NGƯỜI.

    Ví dụ: antt person edit DH-0012/2 --cccd 034301001234
    """
    fields = _fields(**options)
    if not fields:
        raise click.UsageError("Không có gì để sửa: dùng --name, --birth, --cccd, …")
    with ctx.session() as s:
        p = s.roster.edit_person(s.roster.person(who).id, fields, accept_warnings=accept)
    echo(f"Đã lưu {p.full_name}.")


@person.command("move", epilog=PERSON_REF)
@click.argument("who", metavar="NGƯỜI")
@click.argument("to_household", metavar="HỘ_ĐẾN")
@click.option("--relation", required=True, help="Quan hệ với chủ hộ của hộ mới.")
@click.option("--new-head", default=None, help="Nếu NGƯỜI là chủ hộ: người thay làm chủ hộ cũ.")
@pass_ctx
def person_move(ctx: CliContext, who: str, to_household: str, relation: str,
                new_head: str | None) -> None:
    """Chuyển nhân khẩu NGƯỜI sang hộ HỘ_ĐẾN trong xã.

    Ví dụ: antt person move DH-0012/3 DH-0040 --relation "Con dâu"
    """
    with ctx.session() as s:
        p = s.roster.person(who)
        head = s.roster.person(new_head).id if new_head else None
        target = s.roster.household(to_household).code
        s.roster.move_person(p.id, to_household, relation=relation, new_head_id=head)
    echo(f"Đã chuyển {p.full_name} sang hộ {target}.")


@person.command("split", epilog=PERSON_REF)
@click.argument("household", metavar="MÃ_HỘ")
@click.option("--member", "members", multiple=True, required=True,
              help="Người tách ra (lặp lại cho từng người).")
@click.option("--new-head", required=True, help="Chủ hộ của hộ mới (một trong các --member).")
@click.option("--address", required=True, help="Địa chỉ hộ mới.")
@click.option("--relation", "relations", multiple=True, metavar="NGƯỜI=QUAN_HỆ",
              help="Quan hệ với chủ hộ mới (mặc định: Khác).")
@click.option("--source-new-head", default=None,
              help="Nếu chủ hộ cũ tách đi: người làm chủ hộ cũ.")
@click.option("--code", default="", help="Mã hộ mới (mặc định: số tiếp theo của thôn).")
@pass_ctx
def person_split(ctx: CliContext, household: str, members: tuple[str, ...], new_head: str,
                 address: str, relations: tuple[str, ...], source_new_head: str | None,
                 code: str) -> None:
    """Tách hộ: một số nhân khẩu của MÃ_HỘ lập hộ mới.

    Ví dụ: antt person split DH-0012 --member DH-0012/3 --member DH-0012/4
    --new-head DH-0012/3 --address "Xóm 2" --relation DH-0012/4=Vợ
    """
    with ctx.session() as s:
        r = s.roster
        ids = [r.person(m).id for m in members]
        rel = _relations(r, relations)
        source_head = r.person(source_new_head).id if source_new_head else None
        h = r.split_household(household, ids, new_head_id=r.person(new_head).id,
                              household={"address": address}, relations=rel,
                              source_new_head_id=source_head, code=code)
    echo(f"Đã tách hộ mới {h.code} ({len(ids)} nhân khẩu).")


def _leave_command(name: str, verb: str, method: str, example: str):
    @person.command(name, epilog=PERSON_REF,
                    help=f"Ghi nhận nhân khẩu NGƯỜI {verb}.\n\nVí dụ: {example}")
    @click.argument("who", metavar="NGƯỜI")
    @click.option("--date", "on", default="", help="Ngày (mặc định hôm nay).")
    @click.option("--new-head", default=None, help="Nếu NGƯỜI là chủ hộ: chủ hộ mới.")
    @click.option("--reason", default="", help="Ghi chú, lý do.")
    @pass_ctx
    def command(ctx: CliContext, who: str, on: str, new_head: str | None, reason: str) -> None:
        with ctx.session() as s:
            p = s.roster.person(who)
            head = s.roster.person(new_head).id if new_head else None
            getattr(s.roster, method)(p.id, on=on or None, new_head_id=head, reason=reason)
        echo(f"Đã ghi nhận {p.full_name} {verb}.")

    return command


_leave_command("deceased", "đã chết", "mark_deceased",
               "antt person deceased DH-0012/1 --date 03/11/2026 --new-head DH-0012/2")
_leave_command("moved-away", "chuyển đi", "mark_moved_away",
               "antt person moved-away DH-0012/3 --date 01/09/2026")


@person.command("delete", epilog=PERSON_REF)
@click.argument("who", metavar="NGƯỜI")
@click.option("--reason", required=True, help="Vì sao xóa (ví dụ: nhập trùng).")
@pass_ctx
def person_delete(ctx: CliContext, who: str, reason: str) -> None:
    """Xóa nhân khẩu nhập nhầm (vẫn lưu vết trong nhật ký, không xóa hẳn).

    Ví dụ: antt person delete DH-0012/5 --reason "Nhập trùng"
    """
    with ctx.session() as s:
        p = s.roster.person(who)
        s.roster.delete_person(p.id, reason=reason)
    echo(f"Đã xóa {p.full_name}.")


COMMANDS = [person]
