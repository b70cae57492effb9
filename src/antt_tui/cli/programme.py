"""`antt document`, `antt team`, `antt confirm`: what the criteria need besides households,
visits and incidents — yearly documents, self-management teams and their activities, and the
confirmations made by hand."""

from __future__ import annotations

from typing import Any

import click

from antt_tui.cli.common import (
    CliContext,
    echo,
    echo_json,
    fields_from,
    json_option,
    pass_ctx,
    table,
)
from antt_tui.domain.dates import format_date, vn_date
from antt_tui.roster.confirmations import Confirmations, subjects
from antt_tui.roster.documents import KINDS, Documents
from antt_tui.roster.entities import ConfirmationRecord, DocumentRecord, TeamRecord
from antt_tui.roster.teams import Teams

UNIT_HELP = "Mã thôn (ví dụ DH); bỏ trống: của xã."


def _unit(s: Any, record: DocumentRecord | TeamRecord | ConfirmationRecord) -> str:
    village = s.roster.village_record(record.village_id)
    return village.name if village else "Xã"


# ================================================================ document


@click.group()
def document() -> None:
    """Văn bản năm của thôn, xã (K1, X1, 19.2a): nghị quyết, đăng ký, kế hoạch.

    Ví dụ: antt document add --village DH --kind nghi_quyet --number 05-NQ/CB --date 12/02/2026
    """


@document.command("add")
@click.option("--village", "-t", default=None, help=UNIT_HELP)
@click.option("--kind", required=True, type=click.Choice(list(KINDS)),
              help="nghi_quyet (chi bộ/Đảng ủy), dang_ky (đăng ký phấn đấu), ke_hoach.")
@click.option("--number", required=True, help="Số, ký hiệu, ví dụ 05-NQ/CB.")
@click.option("--date", "issued_on", required=True, help="Ngày ban hành: 12/02/2026.")
@click.option("--year", type=int, default=None, help="Năm đánh giá (mặc định theo ngày).")
@click.option("--issuer", default=None, help="Cơ quan ban hành.")
@click.option("--note", default=None, help="Trích yếu, ghi chú.")
@json_option
@pass_ctx
def document_add(ctx: CliContext, village: str | None, as_json: bool, **options: Any) -> None:
    """Ghi nhận một văn bản năm của thôn (hoặc của xã khi không có --village).

    Ví dụ: antt document add --village DH --kind dang_ky --number 03/ĐK-KDC --date 20/02/2026
    """
    with ctx.session() as s:
        record = Documents(s.roster).add(fields_from(**options), village=village)
        unit = _unit(s, record)
    if as_json:
        echo_json(record.to_json())
        return
    echo(f"Đã ghi nhận {KINDS[record.kind].lower()} số {record.number} ngày "
               f"{vn_date(record.issued_on)} của {unit} (năm đánh giá {record.year}).")


@document.command("list")
@click.option("--year", type=int, default=None, help="Năm đánh giá (mặc định: tất cả).")
@json_option
@pass_ctx
def document_list(ctx: CliContext, year: int | None, as_json: bool) -> None:
    """Danh sách văn bản năm của các thôn và của xã.

    Ví dụ: antt document list --year 2026
    """
    with ctx.session() as s:
        rows = Documents(s.roster).list(year=year)
        units = [_unit(s, r) for r in rows]
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    table([[str(r.year), u, KINDS.get(r.kind, r.kind), r.number,
            vn_date(r.issued_on), r.issuer] for r, u in zip(rows, units,
                                                                              strict=True)],
          ["Năm", "Đơn vị", "Loại", "Số", "Ngày", "Cơ quan ban hành"])
    echo(f"{len(rows)} văn bản.", err=True)


# ================================================================ team


@click.group()
def team() -> None:
    """Tổ tự quản, mô hình về ANTT và hoạt động của tổ (K5, X1, 19.2e).

    Ví dụ: antt team add --village DH --name "Tổ tự quản thôn Đông Hạ" --established 10/01/2024
    """


@team.command("add")
@click.option("--village", "-t", default=None, help=UNIT_HELP)
@click.option("--name", required=True, help="Tên tổ, mô hình.")
@click.option("--model", default=None, help="Loại: to_tu_quan, 5_tu_quan, to_lien_gia, "
                                            "camera_an_ninh, tieng_keng, khac …")
@click.option("--established", "established_on", required=True, help="Ngày thành lập.")
@click.option("--leader", default=None, help="Tổ trưởng.")
@click.option("--members", type=int, default=None, help="Số thành viên.")
@json_option
@pass_ctx
def team_add(ctx: CliContext, village: str | None, as_json: bool, **options: Any) -> None:
    """Ghi nhận một tổ tự quản, mô hình của thôn (hoặc của xã).

    Ví dụ: antt team add --village DH --name "Tổ tự quản thôn Đông Hạ" --established 10/01/2024
    """
    with ctx.session() as s:
        record = Teams(s.roster).add(fields_from(**options), village=village)
    if as_json:
        echo_json(record.to_json())
        return
    echo(f"Đã ghi nhận {record.name} (thành lập {vn_date(record.established_on)}).")


@team.command("list")
@click.option("--village", "-t", default=None, help="Chỉ một thôn (mã).")
@json_option
@pass_ctx
def team_list(ctx: CliContext, village: str | None, as_json: bool) -> None:
    """Danh sách tổ, mô hình và số hoạt động trong năm nay.

    Ví dụ: antt team list --village DH
    """
    with ctx.session() as s:
        teams = Teams(s.roster)
        vid = s.roster.village(village).id if village else None
        rows = teams.teams(village_id=vid, include_dissolved=True)
        start = ctx.today.replace(month=1, day=1)
        counts = {t.id: len(teams.activities(team_id=t.id, start=start)) for t in rows}
        units = [_unit(s, t) for t in rows]
    if as_json:
        echo_json([{**t.to_json(), "activities_this_year": counts[t.id]} for t in rows])
        return
    table([[t.id[:8], u, t.name, vn_date(t.established_on),
            vn_date(t.dissolved_on), str(counts[t.id])]
           for t, u in zip(rows, units, strict=True)],
          ["Mã", "Đơn vị", "Tên", "Thành lập", "Giải thể", f"Hoạt động {ctx.today.year}"])


@team.command("activity")
@click.argument("team_ref", metavar="TỔ")
@click.option("--kind", default=None, help="tuan_tra (mặc định), hop, hoa_giai, tuyen_truyen.")
@click.option("--date", "day", default=None, help="Ngày (mặc định hôm nay).")
@click.option("--shifts", type=int, default=None, help="Số ca tuần tra.")
@click.option("--turns", "officer_turns", type=int, default=None,
              help="Số lượt người tuần tra.")
@click.option("--result", "mediation_result", default=None,
              help="Kết quả hòa giải: thanh hoặc khong_thanh.")
@click.option("--attendance", type=int, default=None, help="Số người dự.")
@click.option("--note", default=None, help="Nội dung, kết quả.")
@json_option
@pass_ctx
def team_activity(ctx: CliContext, team_ref: str, day: str | None, as_json: bool,
                  **options: Any) -> None:
    """Ghi một hoạt động của tổ TỔ (mã, hoặc một phần tên): tuần tra, họp, hòa giải.

    Ví dụ: antt team activity "Tổ tự quản thôn Đông Hạ" --kind tuan_tra --turns 4
    """
    answers = fields_from(**options)
    answers["date"] = day or format_date(ctx.today)
    with ctx.session() as s:
        teams = Teams(s.roster)
        record = teams.add_activity(team_ref, answers)
        name = teams.team(record.team_id).name
    if as_json:
        echo_json(record.to_json())
        return
    echo(f"Đã ghi hoạt động ngày {vn_date(record.date)} của {name}.")


# ================================================================ confirm


@click.group()
def confirm() -> None:
    """Xác nhận tiêu chí không tính tự động được (ai xác nhận, ngày nào, kết quả).

    Ví dụ: antt confirm add --village DH --subject luc_luong_hoan_thanh --year 2026
    --by "Nguyễn Văn Ba, Trưởng Công an xã"
    """


@confirm.command("add")
@click.option("--village", "-t", default=None, help=UNIT_HELP)
@click.option("--subject", required=True, help="Nội dung (xem: antt confirm subjects).")
@click.option("--year", type=int, required=True, help="Năm đánh giá.")
@click.option("--khong-dat", "failed", is_flag=True, help="Kết quả: không đạt.")
@click.option("--by", "confirmed_by", required=True, help="Người xác nhận (họ tên, chức vụ).")
@click.option("--date", "confirmed_on", default=None, help="Ngày xác nhận (mặc định hôm nay).")
@click.option("--note", default=None, help="Căn cứ, ghi chú.")
@json_option
@pass_ctx
def confirm_add(ctx: CliContext, village: str | None, failed: bool, as_json: bool,
                **options: Any) -> None:
    """Ghi một xác nhận cho thôn (hoặc cho xã khi không có --village).

    Ví dụ: antt confirm add --subject khong_xa_trong_diem --year 2026 --by "Chủ tịch UBND xã"
    """
    answers = fields_from(**options)
    answers["value"] = "khong_dat" if failed else "dat"
    answers.setdefault("confirmed_on", format_date(ctx.today))
    with ctx.session() as s:
        record = Confirmations(s.roster).confirm(answers, village=village)
        unit = _unit(s, record)
    if as_json:
        echo_json(record.to_json())
        return
    echo(f"Đã ghi xác nhận “{record.subject}” năm {record.year} cho {unit}: "
               f"{'đạt' if record.value else 'không đạt'}.")


@confirm.command("subjects")
@click.option("--commune", "-x", is_flag=True, help="Nội dung xác nhận của xã.")
def confirm_subjects(commune: bool) -> None:
    """Những nội dung có thể xác nhận cho thôn (hoặc cho xã với --commune).

    Ví dụ: antt confirm subjects --commune
    """
    for choice in subjects("xa" if commune else "thon"):
        echo(f"{choice.value:<24} {choice.label}")


@confirm.command("list")
@click.option("--year", type=int, default=None, help="Năm đánh giá.")
@json_option
@pass_ctx
def confirm_list(ctx: CliContext, year: int | None, as_json: bool) -> None:
    """Các xác nhận đã ghi.

    Ví dụ: antt confirm list --year 2026
    """
    with ctx.session() as s:
        rows = Confirmations(s.roster).list(year=year)
        units = [_unit(s, r) for r in rows]
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    table([[str(r.year), u, r.subject, "đạt" if r.value else "không đạt",
            r.confirmed_by, vn_date(r.confirmed_on)]
           for r, u in zip(rows, units, strict=True)],
          ["Năm", "Đơn vị", "Nội dung", "Kết quả", "Người xác nhận", "Ngày"])


COMMANDS = [document, team, confirm]
