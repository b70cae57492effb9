"""`antt incident …` through the CLI."""

from __future__ import annotations

import json

from tests.cli.helpers import run


def test_record_list_correct_and_refuse_to_delete(antt_home) -> None:
    run("init", "--province", "Hưng Yên", "--commune", "Xã Tân Lập", "--village", "Thôn Đông Hạ")
    run("household", "add", "-t", "DH", "--address", "Xóm 1", "--head-name", "Trần Văn Em",
        "--head-sex", "Nam", "--head-birth", "1970")
    out = run("incident", "add", "-t", "DH", "--date", "15/10/2026", "--category",
              "TP_TTXH_TROM_CAP", "--note", "Mất xe máy", "--person", "DH-0001/1=bi_hai").stdout
    assert out.startswith("Đã ghi nhận vụ việc")
    rows = json.loads(run("incident", "list", "-t", "DH", "--json").stdout)
    assert [(r["category"], r["note"]) for r in rows] == [("TP_TTXH_TROM_CAP", "Mất xe máy")]
    run("incident", "correct", rows[0]["id"][:8], "--status", "da_giai_quyet", "--reason",
        "Đã tìm lại xe")
    rows = json.loads(run("incident", "list", "--json").stdout)
    assert rows[0]["status"] == "da_giai_quyet"
    run("incident", "add", "-t", "DH", "--date", "01/09/2026", "--category", "KK_DONG_NGUOI")
    zero = next(r for r in json.loads(run("incident", "list", "--json").stdout)
            if r["category"] == "KK_DONG_NGUOI")
    refused = run("incident", "delete", zero["id"], "--reason", "nhầm", code=1)
    assert refused.stderr.startswith("Lỗi: ") and "không được xóa" in refused.stderr
    bad = run("incident", "add", "-t", "DH", "--date", "15/10/2026", "--category", "XYZ", code=1)
    assert bad.stderr.startswith("Lỗi: ")
    cats = json.loads(run("incident", "categories", "--json").stdout)
    assert any(c["ma"] == "ANCT_CHONG_PHA" and c["khong_de_xay_ra"] for c in cats)


def test_a_wrong_category_names_the_closest_codes_and_the_list(antt_home) -> None:
    run("init", "--province", "Hưng Yên", "--commune", "Xã Tân Lập", "--village", "Thôn Đông Hạ")
    bad = run("incident", "add", "-t", "DH", "--date", "15/10/2026", "--category", "trom cap",
              code=1)
    assert bad.stderr.splitlines() == [
        "Lỗi: Loại vụ việc: “trom cap” không có trong danh sách. "
        "Có phải là: TP_TTXH_TROM_CAP (Trộm cắp tài sản)?",
        "Xem danh mục: antt incident categories"]
    assert json.loads(run("incident", "list", "--json").stdout) == []


def test_the_category_table_speaks_vietnamese(antt_home) -> None:
    out = run("incident", "categories").stdout
    row = next(line for line in out.splitlines() if line.startswith("MT_TRANH_CHAP "))
    assert row.split()[-2:] == ["báo", "cáo"] and "reports" not in out
