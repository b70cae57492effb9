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
