"""Render a made-up monthly report of a commune police station to PDF, to look at the layout.

The document resembles what the report builders produce: ND 30 header, sections I–V with
paragraphs, a 12-row incident table with a total row, a 12-month bar chart, the signature
block with Nơi nhận, and an appendix listing households. Prints the render time.

Run:  python scripts/sample_report_pdf.py OUT.pdf [--appendix-rows 200]
Then: pdftoppm -r 60 -png OUT.pdf page   (and open the PNG files)
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from antt_tui.reports.document import (
    Appendix,
    BarChart,
    Column,
    Document,
    Header,
    Heading,
    Paragraph,
    Signature,
    Table,
)

INCIDENTS = (
    "Trộm cắp tài sản", "Cố ý gây thương tích", "Đánh bạc", "Tàng trữ, sử dụng trái phép chất ma túy",
    "Tai nạn giao thông", "Va chạm giao thông", "Cháy, nổ", "Gây rối trật tự công cộng",
    "Tranh chấp đất đai", "Mâu thuẫn gia đình, hàng xóm", "Vi phạm hành chính về cư trú",
    "Tố giác, tin báo khác",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Thị Thu", "Hữu", "Minh", "Ngọc", "Quang")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hưng", "Khánh", "Lan", "Mạnh", "Nga",
         "Phương", "Quỳnh", "Sơn", "Thắng", "Tuyết", "Uyên", "Việt", "Xuân", "Yến", "Ước", "Ỷ")
VILLAGES = ("Thôn Đông", "Thôn Đoài", "Thôn Thượng", "Thôn Hạ", "Thôn Ấp Mới", "Thôn Ưu Điềm")

TEXT = (
    "Trong tháng, tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn xã cơ bản ổn "
    "định; không xảy ra vụ việc phức tạp, đột xuất, bất ngờ. Công an xã đã tham mưu Đảng ủy, Ủy "
    "ban nhân dân xã chỉ đạo các thôn tiếp tục thực hiện mô hình “Hộ an toàn – Thôn bình yên”, "
    "tổ chức tuyên truyền, vận động quần chúng nhân dân tham gia phong trào toàn dân bảo vệ an "
    "ninh Tổ quốc, tố giác tội phạm và các hành vi vi phạm pháp luật."
)


def sample(appendix_rows: int) -> Document:
    """The sample report; the appendix has `appendix_rows` households."""
    rng = random.Random(5)
    rows = []
    for name in INCIDENTS:
        now, before = rng.randint(0, 9), rng.randint(0, 9)
        change = now - before
        pct = f"{change / before * 100:+.1f}%".replace(".", ",") if before else "–"
        rows.append((name, str(now), str(before), f"{change:+d}", pct, str(now + rng.randint(5, 60))))
    totals = [sum(int(r[k]) for r in rows) for k in (1, 2, 5)]
    rows.append(("Tổng cộng", str(totals[0]), str(totals[1]), f"{totals[0] - totals[1]:+d}", "",
                 str(totals[2])))
    incidents = Table(
        title="Bảng 1. Tình hình vụ việc về an ninh, trật tự tháng 10 năm 2026",
        columns=(Column("Loại vụ việc", 3.2), Column("Kỳ này", 1, "R"),
                 Column("Cùng kỳ năm trước", 1.2, "R"), Column("Tăng/giảm (vụ)", 1.1, "R"),
                 Column("Tăng/giảm (%)", 1.1, "R"), Column("Lũy kế từ đầu năm", 1.2, "R")),
        rows=tuple(rows), bold_rows=(len(rows) - 1,),
    )
    chart = BarChart(
        title="Biểu đồ 1. Số vụ việc theo tháng, năm 2025 và năm 2026",
        categories=tuple(f"T{m}" for m in range(1, 13)),
        series=(("Năm 2025", tuple(float(rng.randint(3, 18)) for _ in range(12))),
                ("Năm 2026", tuple(float(rng.randint(2, 15)) if m < 10 else 0.0 for m in range(12)))),
    )
    households = tuple(
        (str(i + 1), f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
         rng.choice(VILLAGES), f"Số {rng.randint(1, 200)}, ngõ {rng.randint(1, 30)}",
         str(rng.randint(1, 9)), rng.choice(("Đạt", "Đạt", "Đạt", "Chưa đạt")))
        for i in range(appendix_rows)
    )
    listing = Table(
        columns=(Column("STT", 0.6, "R"), Column("Chủ hộ", 2.4), Column("Thôn", 1.6),
                 Column("Địa chỉ", 2.2), Column("Số nhân khẩu", 1, "R"), Column("Kết quả", 1, "C")),
        rows=households,
    )
    section = (
        Paragraph(TEXT),
        Paragraph("Tổng số hộ trên địa bàn: 2.614 hộ (thường trú 2.402 hộ, tạm trú 212 hộ) với "
                  "10.347 nhân khẩu; số hộ ký cam kết “Hộ an toàn” 2.588/2.614 hộ, đạt 99,0%."),
    )
    return Document(
        header=Header("CÔNG AN TỈNH HƯNG YÊN", "CÔNG AN XÃ TÂN LẬP", "Số: 05/BC-CAX",
                      "Tân Lập, ngày 05 tháng 11 năm 2026"),
        kind="BÁO CÁO",
        summary=("Kết quả thực hiện mô hình “Hộ an toàn – Thôn bình yên” và công tác bảo đảm "
                 "ANTT tháng 10 năm 2026"),
        kinh_gui=("Công an tỉnh Hưng Yên",),
        blocks=(
            Heading("I. ĐẶC ĐIỂM TÌNH HÌNH"), *section,
            Heading("II. KẾT QUẢ THỰC HIỆN"),
            Heading("1. Công tác tuyên truyền, ký cam kết", 2), *section,
            Heading("2. Tình hình an ninh, trật tự", 2), Paragraph(TEXT), incidents, chart,
            Heading("a) Tai nạn giao thông", 3), Paragraph(TEXT),
            Heading("III. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN"), Paragraph(TEXT),
            Heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 11 NĂM 2026"), *section,
            Heading("V. ĐỀ XUẤT, KIẾN NGHỊ"), Paragraph(TEXT),
            Paragraph("Trên đây là báo cáo kết quả thực hiện mô hình “Hộ an toàn – Thôn bình yên” "
                      "và công tác bảo đảm ANTT tháng 10 năm 2026 của Công an xã Tân Lập./."),
        ),
        signature=Signature(("TRƯỞNG CÔNG AN XÃ",), "Nguyễn Văn Ba"),
        recipients=("Công an tỉnh Hưng Yên;", "Đảng ủy, UBND xã;", "Lưu: VT, CAX."),
        appendices=(Appendix(
            "I", "Danh sách hộ gia đình được đánh giá “Hộ an toàn” tháng 10 năm 2026",
            "(Kèm theo Báo cáo số 05/BC-CAX ngày 05 tháng 11 năm 2026 của Công an xã Tân Lập)",
            (listing,),
        ),),
        footer_note="antt_tui – bản in thử",
        title_meta="Báo cáo ANTT tháng 10 năm 2026 – Công an xã Tân Lập",
        metadata={"created": "2026-11-05T08:00:00+07:00"},
    )


def main(argv: list[str] | None = None) -> int:
    """Write the sample report and print how long rendering took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the PDF")
    parser.add_argument("--appendix-rows", type=int, default=200, help="households in Phụ lục I")
    args = parser.parse_args(argv)
    from antt_tui.reports.pdf import render

    document = sample(args.appendix_rows)
    start = time.perf_counter()
    data = render(document)
    elapsed = time.perf_counter() - start
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data) / 1024:.0f} KiB in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
