"""`antt household`: register, list, show, edit households, and household life events."""

from __future__ import annotations

import click

from antt_tui.cli.common import (
    CliContext,
    accept_option,
    echo,
    echo_json,
    fields_from,
    json_option,
    pass_ctx,
    table,
)
from antt_tui.domain import vocab
from antt_tui.domain.text import printable
from antt_tui.roster import Roster
from antt_tui.roster.overview import household_row
from antt_tui.roster.views import household_card

STATUS_CHOICE = click.Choice(list(vocab.RESIDENCE_STATUSES), case_sensitive=False)
LIVING_CHOICE = click.Choice(list(vocab.LIVING), case_sensitive=False)


@click.group()
def household() -> None:
    """Hộ gia đình: thêm, xem, sửa, chuyển đi, đổi chủ hộ, nhập hộ.

    Ví dụ: antt household show DH-0012
    """


@household.command("add")
@click.option("--village", "-t", required=True, help="Mã hoặc tên thôn.")
@click.option("--address", required=True, help="Địa chỉ của hộ.")
@click.option("--status", type=LIVING_CHOICE, default=vocab.PERMANENT, show_default=True,
              help="Tình trạng cư trú.")
@click.option("--code", default="", help="Mã hộ (mặc định: mã thôn + số tiếp theo).")
@click.option("--head-name", required=True, help="Họ và tên chủ hộ.")
@click.option("--head-birth", default="", help="Ngày sinh chủ hộ: 24/07/1988, 05/1985 hoặc 1960.")
@click.option("--head-sex", required=True, help="Giới tính chủ hộ: Nam hoặc Nữ.")
@click.option("--head-cccd", default="", help="Số định danh cá nhân (CCCD) của chủ hộ.")
@click.option("--head-phone", default="", help="Số điện thoại của chủ hộ.")
@click.option("--notes", default="", help="Ghi chú.")
@click.option("--ngay-den", "moved_in_on", default="",
              help="Ngày đến cư trú (hộ mới chuyển đến), ví dụ 10/06/2026.")
@accept_option
@pass_ctx
def household_add(ctx: CliContext, village: str, address: str, status: str, code: str,
                  head_name: str, head_birth: str, head_sex: str, head_cccd: str,
                  head_phone: str, notes: str, moved_in_on: str, accept: bool) -> None:
    """Thêm một hộ cùng chủ hộ.

    Ví dụ: antt household add -t DH --address "Xóm 2" --head-name "Nguyễn Văn An"
    --head-sex Nam --head-birth 1975
    """
    head = {"full_name": head_name, "birth": head_birth, "sex": head_sex, "cccd": head_cccd,
            "phone": head_phone}
    with ctx.session() as s:
        h = s.roster.add_household(village, head=head, code=code, accept_warnings=accept,
                                   household={"address": address, "residence_status": status,
                                              "notes": notes,
                                              **({"moved_in_on": moved_in_on}
                                                 if moved_in_on else {})})
    echo(f"Đã thêm hộ {h.code}.")


@household.command("list")
@click.option("--village", "-t", default=None, help="Chỉ một thôn (mã hoặc tên).")
@click.option("--status", type=STATUS_CHOICE, default=None, help="Chỉ một tình trạng cư trú.")
@click.option("--limit", type=int, default=0, help="Tối đa bao nhiêu hộ (0 = tất cả).")
@json_option
@pass_ctx
def household_list(ctx: CliContext, village: str | None, status: str | None, limit: int,
                   as_json: bool) -> None:
    """Danh sách hộ theo mã.

    Ví dụ: antt household list -t DH --status tam_tru
    """
    with ctx.session() as s:
        households = s.roster.households(village=village, status=status)
        if limit:
            households = households[:max(limit, 1)]
        rows = [household_row(s.roster, h.id) for h in households]
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    table([[r.code, r.head, str(r.people), r.status, r.address] for r in rows],
          ["Mã hộ", "Chủ hộ", "NK", "Cư trú", "Địa chỉ"])
    echo(f"Tổng: {len(rows)} hộ", err=True)


@household.command("show")
@click.argument("code", metavar="MÃ_HỘ")
@json_option
@pass_ctx
def household_show(ctx: CliContext, code: str, as_json: bool) -> None:
    """Thông tin một hộ và các nhân khẩu (đánh số để dùng trong lệnh khác: DH-0012/2).

    Ví dụ: antt household show DH-0012
    """
    with ctx.session() as s:
        card = household_card(s.roster, s.roster.household(code))
    if as_json:
        echo_json(card.to_json())
        return
    echo(f"Hộ {card.code} – {card.village_name}")
    echo(f"  Chủ hộ: {card.head_name}")
    echo(f"  Địa chỉ: {card.address}")
    echo(f"  Cư trú: {card.residence_label}; đang ở: {card.present_count} người")
    if card.notes:
        echo(f"  Ghi chú: {card.notes}")
    echo("")
    table([[f"{card.code}/{m.number}", m.full_name, m.birth, m.sex_label,
            m.relation_label, m.cccd, m.status_label] for m in card.members],
          ["Số", "Họ và tên", "Ngày sinh", "Giới", "Quan hệ", "CCCD", "Tình trạng"])


@household.command("edit")
@click.argument("code", metavar="MÃ_HỘ")
@click.option("--address", default=None, help="Địa chỉ mới.")
@click.option("--status", type=LIVING_CHOICE, default=None,
              help="Tình trạng cư trú mới.")
@click.option("--notes", default=None, help="Ghi chú.")
@click.option("--legacy-book-no", default=None, help="Số sổ hộ khẩu cũ.")
@click.option("--ngay-den", "moved_in_on", default=None, help="Ngày đến cư trú.")
@pass_ctx
def household_edit(ctx: CliContext, code: str, address: str | None, status: str | None,
                   notes: str | None, legacy_book_no: str | None,
                   moved_in_on: str | None) -> None:
    """Sửa địa chỉ, tình trạng cư trú hoặc ghi chú của hộ.

    Ví dụ: antt household edit DH-0012 --address "Xóm 3, Thôn Đông Hạ"
    """
    fields = fields_from(address=address, residence_status=status, notes=notes,
                         legacy_book_no=legacy_book_no, moved_in_on=moved_in_on)
    if not fields:
        raise click.UsageError("Không có gì để sửa: dùng --address, --status hoặc --notes.")
    with ctx.session() as s:
        h = s.roster.edit_household(code, fields)
    echo(f"Đã lưu hộ {h.code}.")


@household.command("move-out")
@click.argument("code", metavar="MÃ_HỘ")
@click.option("--date", "on", default="", help="Ngày chuyển đi (mặc định hôm nay).")
@click.option("--reason", default="", help="Lý do, nơi chuyển đến.")
@pass_ctx
def household_move_out(ctx: CliContext, code: str, on: str, reason: str) -> None:
    """Ghi nhận cả hộ chuyển đi khỏi địa bàn.

    Ví dụ: antt household move-out DH-0012 --date 01/11/2026 --reason "Chuyển vào TP.HCM"
    """
    with ctx.session() as s:
        h = s.roster.household_move_out(code, on=on or None, reason=reason)
    echo(f"Đã ghi nhận hộ {h.code} chuyển đi.")


@household.command("change-head")
@click.argument("code", metavar="MÃ_HỘ")
@click.argument("new_head", metavar="CHỦ_HỘ_MỚI")
@click.option("--old-relation", default=vocab.OTHER_RELATION, show_default=True,
              help="Quan hệ của chủ hộ cũ với chủ hộ mới (ví dụ: Bố, Mẹ, Vợ).")
@pass_ctx
def household_change_head(ctx: CliContext, code: str, new_head: str, old_relation: str) -> None:
    """Đổi chủ hộ (CHỦ_HỘ_MỚI: số CCCD hoặc mã hộ/số thứ tự).

    Ví dụ: antt household change-head DH-0012 DH-0012/2 --old-relation Bố
    """
    with ctx.session() as s:
        person = s.roster.person(new_head)
        h = s.roster.change_head(code, person.id, old_head_relation=old_relation)
    echo(f"Chủ hộ {h.code} nay là {person.full_name}.")


@household.command("merge")
@click.argument("keep", metavar="HỘ_GIỮ")
@click.argument("absorb", metavar="HỘ_NHẬP")
@click.option("--relation", "relations", multiple=True, metavar="NGƯỜI=QUAN_HỆ",
              help="Quan hệ mới với chủ hộ của từng người nhập vào (mặc định: Khác).")
@pass_ctx
def household_merge(ctx: CliContext, keep: str, absorb: str, relations: tuple[str, ...]) -> None:
    """Nhập hộ HỘ_NHẬP vào hộ HỘ_GIỮ; hộ HỘ_NHẬP được ghi là đã giải thể.

    Ví dụ: antt household merge DH-0012 DH-0040 --relation DH-0040/1=con_de
    """
    with ctx.session() as s:
        rel = _relations(s.roster, relations)
        absorbed = s.roster.household(absorb).code
        h = s.roster.merge_households(keep, absorb, relations=rel)
    echo(f"Đã nhập hộ {absorbed} vào hộ {h.code}.")


@household.command("delete")
@click.argument("code", metavar="MÃ_HỘ")
@click.option("--reason", required=True, help="Vì sao xóa (ví dụ: nhập trùng).")
@pass_ctx
def household_delete(ctx: CliContext, code: str, reason: str) -> None:
    """Xóa hộ nhập nhầm cùng các nhân khẩu của hộ (vẫn lưu vết trong nhật ký).

    Ví dụ: antt household delete DH-0040 --reason "Nhập trùng với DH-0012"
    """
    with ctx.session() as s:
        found = s.roster.household(code).code
        s.roster.delete_household(code, reason=reason)
    echo(f"Đã xóa hộ {found}.")


def _relations(roster: Roster, pairs: tuple[str, ...]) -> dict[str, str]:
    """`PERSON=relation` options → {person id: relation}."""
    result = {}
    for pair in pairs:
        who, sep, relation = pair.rpartition("=")
        if not sep or not who:
            raise click.UsageError("--relation cần dạng NGƯỜI=QUAN_HỆ, nhận được "
                                   f"'{printable(pair)}'.")
        result[roster.person(who).id] = relation
    return result


COMMANDS = [household]
