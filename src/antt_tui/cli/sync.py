"""`antt sync`: the USB round trip between village laptops and the commune office."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from antt_tui.cli.common import (
    CliContext,
    CliError,
    accept_option,
    confirm_or_refuse,
    confirm_output,
    echo,
    echo_json,
    json_option,
    overwrite_option,
    pass_ctx,
    progress,
    stdin_is_interactive,
    table,
)
from antt_tui.session import Session


@click.group("sync")
def sync() -> None:
    """Đồng bộ qua USB giữa máy các thôn và Công an xã.

    Ví dụ: antt sync status
    """


def _core_errors() -> Any:
    """SyncError (and the store's, the domain's) as "Lỗi: …"."""
    from contextlib import contextmanager

    from antt_tui.cli.common import domain_errors
    from antt_tui.sync.errors import SyncError

    @contextmanager
    def guard() -> Any:
        try:
            with domain_errors():
                yield
        except SyncError as exc:
            raise CliError(str(exc)) from exc

    return guard()


def _me(s: Session) -> Any:
    return _service(s).me()


def _service(s: Session) -> Any:
    """The round trip's workflows (sync/service.py), shared with the app."""
    from antt_tui.storage.store import local_now
    from antt_tui.sync.service import SyncService

    return SyncService(s.roster, clock=local_now)


# ---------------------------------------------------------------------------- keys


@sync.group("keys", invoke_without_command=True)
@pass_ctx
@click.pass_context
def keys(click_ctx: click.Context, ctx: CliContext) -> None:
    """Khóa của xã: xem mã khóa (tạo ở lần dùng đầu), sao lưu, khôi phục.

    Ví dụ: antt sync keys
    """
    if click_ctx.invoked_subcommand is not None:
        return
    with ctx.session() as s, _core_errors():
        me = _service(s).commune_key()
        echo(f"Mã khóa của xã: {me.fingerprint}")
        echo("Sao lưu khóa: antt sync keys backup -o TỆP --sheet PHIẾU.pdf")


@keys.command("backup")
@click.option("-o", "output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Tệp sao lưu khóa (có mật khẩu).")
@click.option("--sheet", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Phiếu khôi phục in ra giấy (PDF: 24 từ và mã QR).")
@click.option("--passphrase", default=None, hidden=True, envvar="ANTT_PASSPHRASE",
              help="Mật khẩu (cho kiểm thử; bình thường chương trình hỏi).")
@overwrite_option
@pass_ctx
def keys_backup(ctx: CliContext, output: Path, sheet: Path | None, passphrase: str | None,
                overwrite: bool) -> None:
    """Sao lưu khóa của xã vào một tệp có mật khẩu (và in phiếu khôi phục).

    Ví dụ: antt sync keys backup -o E:/khoa-xa.anttk --sheet phieu-khoi-phuc.pdf
    """
    from antt_tui.outputs import check_output_path

    target = confirm_output(lambda ok: check_output_path(
        output, overwrite=ok, paths=ctx.paths, protected=[ctx.database]), overwrite)
    sheet_target = None if sheet is None else confirm_output(lambda ok: check_output_path(
        sheet, overwrite=ok, paths=ctx.paths, protected=[ctx.database]), overwrite)
    if passphrase is None:
        passphrase = click.prompt("Mật khẩu bảo vệ tệp sao lưu", hide_input=True,
                                  confirmation_prompt="Gõ lại mật khẩu", err=True)
    with ctx.session() as s, _core_errors():
        fingerprint = _service(s).backup_key(target, passphrase, sheet=sheet_target,
                                             today=ctx.today)
        echo(f"Đã sao lưu khóa {fingerprint} vào {target}")
        if sheet_target is not None:
            echo(f"Đã in phiếu khôi phục vào {sheet_target}: in ra giấy rồi xóa tệp.")


@keys.command("restore")
@click.argument("backup", metavar="TỆP_SAO_LƯU", required=False,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--words", default=None, help="24 từ trên phiếu khôi phục, theo thứ tự.")
@click.option("--passphrase", default=None, hidden=True, envvar="ANTT_PASSPHRASE")
@pass_ctx
def keys_restore(ctx: CliContext, backup: Path | None, words: str | None,
                 passphrase: str | None) -> None:
    """Khôi phục khóa của xã từ tệp sao lưu hoặc từ 24 từ của phiếu khôi phục.

    Ví dụ: antt sync keys restore --words "abandon ability …"
    """
    if (backup is None) == (words is None):
        raise CliError("Cho tệp sao lưu hoặc --words (một trong hai).")
    if backup is not None and passphrase is None:
        passphrase = click.prompt("Mật khẩu của tệp sao lưu", hide_input=True, err=True)
    with ctx.session() as s, _core_errors():
        fingerprint = _service(s).restore_key(path=backup, passphrase=passphrase or "",
                                              words=words)
        echo(f"Đã khôi phục khóa của xã: {fingerprint}")


# ---------------------------------------------------------------------------- enrolment


@sync.command("enroll")
@click.option("--village", "-t", required=True, help="Mã hoặc tên thôn.")
@click.option("-o", "output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Thư mục (USB) để ghi gói tham gia.")
@json_option
@pass_ctx
def enroll(ctx: CliContext, village: str, output: Path, as_json: bool) -> None:
    """Cấp gói tham gia cho một máy của thôn (kèm dữ liệu của thôn); in mã dùng một lần.

    Ví dụ: antt sync enroll --village DH -o E:/
    """
    _folder_ok(ctx, output)
    with ctx.session() as s, _core_errors():
        pack = _service(s).enroll(village, output)
    if as_json:
        echo_json({"file": str(pack.path), "code": pack.code, "device": pack.device,
                   "block": list(pack.block)})
        return
    echo(f"Đã ghi gói tham gia: {pack.path}")
    echo(f"Số hộ cấp cho máy này: {pack.block[0]}–{pack.block[1]}")
    echo("")
    echo(f"    MÃ THAM GIA:   {pack.code}")
    echo("")
    echo("Đọc mã này cho trưởng thôn qua điện thoại; không ghi cùng USB.")


@sync.command("join")
@click.argument("pack", metavar="GÓI_THAM_GIA", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--code", required=True, help="Mã tham gia Công an xã đọc cho.")
@pass_ctx
def join(ctx: CliContext, pack: Path, code: str) -> None:
    """Cho máy này tham gia xã bằng gói tham gia (tạo cơ sở dữ liệu nếu chưa có).

    Ví dụ: antt sync join E:/antt-tham-gia-DH-….anttb --code K7QF-2M9X-ABCD-EFGH
    """
    if not (ctx.database / "antt-db.json").exists():
        # A new laptop: the database exists only once the join succeeded (a wrong code
        # leaves nothing behind).
        from antt_tui.sync.service import SyncService

        with _core_errors():
            joined = SyncService.join_new(ctx.database, pack, code, officer=ctx.officer)
    else:
        with ctx.session() as s, _core_errors():
            joined = _service(s).join(pack, code)
    echo(f"Đã tham gia xã: thôn {joined.village_code}, máy {joined.device}, "
         f"{joined.entries} thay đổi của xã.")
    if joined.attached:
        echo(f"{joined.attached} hộ đã nhập trước được giữ và sẽ gửi về xã ở lần gửi đầu.")


# ---------------------------------------------------------------------------- export, import


@sync.command("export")
@click.option("--to", "to", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Thư mục (USB) để ghi gói.")
@click.option("--village", "-t", default=None, help="Ở xã: chỉ gửi về thôn này.")
@json_option
@pass_ctx
def export(ctx: CliContext, to: Path, village: str | None, as_json: bool) -> None:
    """Ghi gói gửi đi: ở thôn, gói gửi về xã; ở xã, gói trả về từng thôn.

    Ví dụ: antt sync export --to E:/
    """
    _folder_ok(ctx, to)
    with ctx.session() as s, _core_errors():
        service = _service(s)
        service.me()  # "not joined yet" before anything is written
        written = (service.send_back(to, village) if service.is_commune()
                   else [service.send(to)])
    if as_json:
        echo_json([{"file": str(w.path), "village": w.village_code, "entries": w.entries,
                    "bundle": w.bundle_id} for w in written])
        return
    for w in written:
        echo(f"Đã ghi {w.path.name} (thôn {w.village_code}, {w.entries} thay đổi)")
    echo("Đã ghi và đọc lại đúng: có thể rút USB.")


@sync.command("import")
@click.argument("path", metavar="ĐƯỜNG_DẪN", type=click.Path(exists=True, path_type=Path))
@click.option("--preview", is_flag=True, help="Chỉ xem trước, không nhập.")
@click.option("--yes", "assume_yes", is_flag=True, help="Nhập luôn, không hỏi.")
@json_option
@pass_ctx
def import_(ctx: CliContext, path: Path, preview: bool, assume_yes: bool, as_json: bool) -> None:
    """Nhận gói từ USB (một tệp hoặc cả thư mục): xem trước, rồi nhập tất cả hoặc không gì.

    Ví dụ: antt sync import E:/ --yes
    """
    from antt_tui.sync import bundle as bundles

    if not bundles.bundles_in(path):
        raise CliError(f"Không có gói đồng bộ (.anttb) nào ở {path}.")
    with ctx.session() as s, _core_errors():
        service = _service(s)
        mine, others = service.bundles_on(path)
        if others and not as_json:
            progress(f"Bỏ qua {len(others)} tệp không gửi cho máy này.")
        if not mine:
            raise CliError("Không có gói nào gửi cho máy này ở đó.")
        result = service.preview(mine)
        go = assume_yes and not preview
        if not preview and not assume_yes and not as_json:
            _print_plan(result)
            go = stdin_is_interactive() and click.confirm("Nhập các gói trên?", default=False,
                                                           err=True)
        if go:
            result = service.receive(mine)
    if as_json:
        echo_json(_plan_json(result, merged=go))
        if all(b.error for b in result.bundles):
            raise CliError("Không nhập được gói nào.")
        return
    if go or preview or assume_yes:
        _print_plan(result)
    none_usable = all(b.error for b in result.bundles)
    if go and not none_usable:  # "Đã nhập" above "Lỗi: Không nhập được gói nào" misleads
        echo(f"Đã nhập: {result.changes} thay đổi"
             + (f", {result.held} chờ phần còn thiếu" if result.held else "")
             + (f", {result.quarantined} để riêng" if result.quarantined else "") + ".")
    elif not preview and not go:
        echo("Chưa nhập gì (thêm --yes để nhập).", err=True)
    if none_usable:
        raise CliError("Không nhập được gói nào (xem trên).")


def _print_plan(result: Any) -> None:
    for b in result.bundles:
        if b.error:
            echo(f"  ✗ {b.path.name}: {b.error}")
            continue
        note = " (đã nhận trước đây)" if b.already else ""
        echo(f"  • {b.path.name}{note}")
        for d in b.devices.values():
            line = f"      máy {d.dev}: {d.new} mới, {d.known} đã có"
            if d.gap:
                line += f"; thiếu các thay đổi {d.gap[0]}–{d.gap[1]}, {d.held} chờ"
            if d.fork is not None:
                line += f"; nhánh khác từ số {d.fork}"
            echo(line)
            for seq, why in d.quarantined:
                echo(f"      để riêng số {seq}: {why}")
    echo(f"  Tổng: {result.changes} thay đổi; {result.new_records} bản ghi mới, "
         f"{result.changed_records} sửa; {result.conflicts} xung đột; "
         f"{result.duplicates} nghi trùng; {len(result.held_back)} việc bị giữ lại; "
         f"{result.held} chờ; {result.quarantined} để riêng.")


def _plan_json(result: Any, *, merged: bool) -> dict[str, Any]:
    return {
        "merged": merged, "changes": result.changes, "new_records": result.new_records,
        "changed_records": result.changed_records, "conflicts": result.conflicts,
        "duplicates": result.duplicates, "held_back": result.held_back, "held": result.held,
        "quarantined": result.quarantined,
        "bundles": [{
            "file": b.path.name, "error": b.error, "already": b.already,
            "bundle": b.bundle_id, "kind": b.kind, "village_id": b.village_id,
            "devices": {d.dev: {"new": d.new, "known": d.known, "held": d.held,
                                "gap": list(d.gap) if d.gap else None, "fork": d.fork,
                                "quarantined": [[s, w] for s, w in d.quarantined]}
                        for d in b.devices.values()}} for b in result.bundles],
    }


def _folder_ok(ctx: CliContext, folder: Path) -> None:
    """A bundle folder must exist and lie outside every database folder."""
    from antt_tui.outputs import check_output_folder

    if not folder.is_dir():
        raise CliError(f"Không có thư mục {folder} (USB đã cắm chưa?).")
    confirm_output(lambda ok: check_output_folder(folder, [], overwrite=True, paths=ctx.paths,
                                                  protected=[ctx.database]), True)


# ---------------------------------------------------------------------------- settling


@sync.command("conflicts")
@json_option
@pass_ctx
def conflicts(ctx: CliContext, as_json: bool) -> None:
    """Liệt kê các xung đột đang mở: các giá trị, ai ghi, khi nào, trên máy nào, và giá trị
    trước khi các nơi cùng sửa; việc bị giữ lại cùng thay đổi nó gặp.

    Ví dụ: antt sync conflicts
    """
    with ctx.session() as s, _core_errors():
        items = _service(s).conflicts()
    if as_json:
        echo_json([_conflict_json(c) for c in items])
        return
    if not items:
        echo("Không có xung đột nào.")
        return
    for c in items:
        _print_conflict(c)
    echo(f"Tổng: {len(items)}. Giải quyết: antt sync resolve MÃ --keep N (hoặc --value …)")


def _conflict_json(c: Any) -> dict[str, Any]:
    """One conflict for `--json`: values as stored, the base, laptops by name, the events."""
    who = ("by", "at", "device", "laptop")
    return {"id": c.id, "kind": c.kind, "table": c.table, "record": c.record_id,
            "field": c.field, "label": c.label, "village_id": c.village_id, "text": c.text,
            "base": c.base, "base_known": c.base_known,
            "sides": [{"number": x.number, "value": x.value, **{k: getattr(x, k) for k in who}}
                      for x in c.sides],
            "events": [{"held": e.held, "text": e.text, "entry": e.entry,
                        **{k: getattr(e, k) for k in who}} for e in c.events]}


def _print_conflict(c: Any) -> None:
    """One conflict: what it is about, the base value or the two events, then the choices."""
    from antt_tui.domain.dates import vn_stamp
    from antt_tui.domain.rules import FIELD_LABELS
    from antt_tui.roster.history import show_value
    from antt_tui.sync.laptops import UNKNOWN

    def who(x: Any) -> str:
        text = ", ".join(v for v in (x.by, vn_stamp(x.at), x.laptop) if v)
        return f"  ({text})" if text else ""

    if c.kind == "structural":
        echo(f"[{c.id}] Việc bị giữ lại: {c.label}")
        if c.text:
            echo(f"    Lý do: {c.text}")
        for e in c.events:
            echo(f"    {'Bị giữ lại' if e.held else 'Đã áp dụng trước'}: {e.text}{who(e)}")
    elif c.kind in ("field", "delete_edit"):
        what = "Xóa hay giữ bản ghi" if c.kind == "delete_edit" \
            else FIELD_LABELS.get(c.field, c.field)
        echo(f"[{c.id}] {c.label} · {what}")
        if c.kind == "field":
            base = show_value(c.field, c.base) if c.base_known else UNKNOWN
            echo(f"    Giá trị trước khi {'hai' if len(c.sides) == 2 else len(c.sides)} nơi "
                 f"cùng sửa: {base}")
    else:
        echo(f"[{c.id}] {c.label}" + (f": {c.text}" if c.text else ""))
    for x in c.sides:
        if c.kind == "field":
            value = show_value(c.field, x.value)
        elif c.kind == "delete_edit":
            value = "Xóa bản ghi" if x.value else "Giữ bản ghi"
        else:
            value = str(x.value)
        echo(f"    {x.number}. {value:.80}{who(x)}")


@sync.command("resolve")
@click.argument("conflict_id", metavar="MÃ_XUNG_ĐỘT")
@click.option("--keep", type=int, default=None, help="Giữ giá trị số N.")
@click.option("--value", default=None,
              help="Gõ giá trị mới, như trong biểu mẫu (Nữ, 24/07/1975, 0912 345 678 …).")
@pass_ctx
def resolve(ctx: CliContext, conflict_id: str, keep: int | None, value: str | None) -> None:
    """Giải quyết một xung đột: giữ một giá trị hoặc gõ giá trị mới.

    Ví dụ: antt sync resolve 3fa2c1d0 --keep 2
    """
    with ctx.session() as s, _core_errors():
        echo(_service(s).resolve(conflict_id, keep=keep, value=value))


@sync.command("duplicates")
@json_option
@pass_ctx
def duplicates_(ctx: CliContext, as_json: bool) -> None:
    """Các cặp nghi trùng (cùng CCCD, hoặc cùng họ tên và ngày sinh).

    Ví dụ: antt sync duplicates
    """
    with ctx.session() as s, _core_errors():
        pairs = _service(s).duplicates()
    if as_json:
        echo_json([{"first": p.first.id, "second": p.second.id, "reason": p.reason,
                    "differences": p.differences} for p in pairs])
        return
    if not pairs:
        echo("Không có cặp nghi trùng nào.")
        return
    table([[p.first.id[:8], p.second.id[:8], p.first.full_name, p.reason,
            ", ".join(p.differences)] for p in pairs],
          ["Mã 1", "Mã 2", "Họ và tên", "Lý do", "Khác nhau"])


def _choices(_ctx: click.Context, _param: click.Parameter,
             values: tuple[str, ...]) -> dict[str, int]:
    """`--lay birth=2 --lay cccd=1` as {"birth": 2, "cccd": 1}."""
    take: dict[str, int] = {}
    for value in values:
        name, _, side = value.partition("=")
        if not name.strip() or side.strip() not in ("1", "2"):
            raise click.BadParameter(f"“{value}”: viết TRƯỜNG=1 hoặc TRƯỜNG=2, ví dụ birth=2.")
        take[name.strip()] = int(side)
    return take


@sync.command("same")
@click.argument("first", metavar="MÃ_1")
@click.argument("second", metavar="MÃ_2")
@click.option("--lay", "take", multiple=True, metavar="TRƯỜNG=1|2", callback=_choices,
              help="Ở trường hai bản khác nhau, giữ giá trị của bản 1 hoặc bản 2 (lặp lại "
                   "cho nhiều trường; tên trường xem ở cột Khác nhau của antt sync duplicates).")
@accept_option
@pass_ctx
def same(ctx: CliContext, first: str, second: str, take: dict[str, int],
         accept: bool) -> None:
    """Hai bản ghi là một người: gộp bản thứ hai vào bản thứ nhất.

    Ở trường hai bản khác nhau, người được gộp giữ giá trị của bản 1 (bản 1 để trống thì lấy
    của bản 2), trừ trường chọn bằng --lay. Hộ, quan hệ với chủ hộ và tình trạng theo bản 1.

    Ví dụ: antt sync same 1a2b3c4d 5e6f7a8b --lay birth=2 --lay cccd=2
    """
    with ctx.session() as s, _core_errors():
        service = _service(s)
        merge = service.merge_plan(first, second, take)
        kept = service.same(first, second, take, accept_warnings=accept)
    from antt_tui.domain.rules import FIELD_LABELS
    from antt_tui.roster.history import show_value

    echo(f"Đã gộp vào {kept.full_name or kept.id}.")
    if merge.taken:
        echo("Lấy từ bản 2: " + "; ".join(
            f"{FIELD_LABELS.get(f, f)} {show_value(f, merge.changes[f])}" for f in merge.taken)
            + ".")


@sync.command("not-same")
@click.argument("first", metavar="MÃ_1")
@click.argument("second", metavar="MÃ_2")
@pass_ctx
def not_same(ctx: CliContext, first: str, second: str) -> None:
    """Hai bản ghi là hai người khác nhau: không gợi ý lại.

    Ví dụ: antt sync not-same 1a2b3c4d 5e6f7a8b
    """
    with ctx.session() as s, _core_errors():
        _service(s).not_same(first, second)
    echo("Đã ghi nhận: không trùng.")


@sync.command("quarantine")
@click.option("--retry", is_flag=True, help="Kiểm tra lại và nhập những thay đổi nay đã hợp lệ.")
@json_option
@pass_ctx
def quarantine(ctx: CliContext, retry: bool, as_json: bool) -> None:
    """Các thay đổi bị để riêng (hỏng, đồng hồ sai, ghi sang thôn khác) và lý do.

    Ví dụ: antt sync quarantine --retry
    """
    with ctx.session() as s, _core_errors():
        service = _service(s)
        if retry:
            merged, left = service.retry()
            progress(f"Đã nhập lại {merged} thay đổi; còn {left} để riêng.")
        rows = service.quarantined()
    if as_json:
        echo_json([q.to_json() for q in rows])
        return
    if not rows:
        echo("Không có thay đổi nào bị để riêng.")
        return
    table([[q.dev, str(q.seq), q.reason] for q in rows],
          ["Máy", "Số", "Lý do"])


@sync.command("undo")
@click.argument("bundle", metavar="GÓI")
@click.option("--reason", required=True, help="Vì sao hoàn tác gói.")
@click.option("--yes", "assume_yes", is_flag=True, help="Không hỏi lại.")
@pass_ctx
def undo(ctx: CliContext, bundle: str, reason: str, assume_yes: bool) -> None:
    """Hoàn tác cả một gói đã nhận (các thay đổi vẫn ở nhật ký, được đánh dấu loại ra).

    Ví dụ: antt sync undo 3fa2c1d0 --reason "Nhận nhầm gói của máy khác"
    """
    with ctx.session() as s, _core_errors():
        found = _service(s).imported_bundle(bundle)
        count = found.count
        echo(f"Gói {found.file} nhận lúc {found.at}: "
             f"{count} thay đổi sẽ bị loại ra.")
        confirm_or_refuse("Hoàn tác gói này?", "Chưa hoàn tác (thêm --yes để hoàn tác).",
                          assume_yes=assume_yes)
        _service(s).undo(bundle, reason)
    echo(f"Đã hoàn tác gói ({count} thay đổi). Nhập lại gói đó để đưa vào lại.")


@sync.command("status")
@json_option
@pass_ctx
def status(ctx: CliContext, as_json: bool) -> None:
    """Tình trạng đồng bộ của từng thôn và từng máy (việc cần xử lý ở trên cùng).

    Ví dụ: antt sync status
    """
    with ctx.session() as s, _core_errors():
        rows = _service(s).status(ctx.today)
    if as_json:
        echo_json([r.as_json() for r in rows])
        return
    if not rows:
        echo("Chưa có máy nào tham gia (antt sync enroll).")
        return
    table([[r.label, r.last_at[:10] or "chưa gửi", "" if r.days is None else str(r.days),
            "; ".join(r.gaps) or "-", str(r.quarantined), str(r.conflicts), str(r.duplicates)]
           for r in rows],
          ["Máy", "Gói gần nhất", "Số ngày", "Thiếu", "Để riêng", "Xung đột", "Nghi trùng"])


@sync.command("hash")
@click.option("--village", "-t", required=True, help="Mã hoặc tên thôn.")
@pass_ctx
def hash_(ctx: CliContext, village: str) -> None:
    """Mã kiểm tra dữ liệu của một thôn: giống nhau ở xã và ở mọi máy của thôn sau khi đồng bộ.

    Ví dụ: antt sync hash --village DH
    """
    with ctx.session() as s, _core_errors():
        found = s.roster.village(village)
        echo(s.roster.village_hash(found.id))


COMMANDS = [sync]
