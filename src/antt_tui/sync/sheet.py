"""The printed recovery sheet of the commune's key: 24 words and a QR code of them.

Kept in the office safe, it brings the commune's key back on a new laptop (`antt sync keys
restore --words "…"`), so that losing the commune laptop never makes the villages' bundles
unreadable. Laid out in the style of the reports (Nghị định 30: national name and motto,
Times-metric Liberation Serif).
"""

from __future__ import annotations

import io
from datetime import date

from antt_tui.reports.pdf import FAMILY, fonts_dir


def recovery_sheet(words: str, fingerprint: str, commune: str, made_on: date) -> bytes:
    """The sheet as PDF bytes."""
    import segno
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(30, 20, 15)
    for style, name in (("", "LiberationSerif-Regular.ttf"), ("B", "LiberationSerif-Bold.ttf"),
                        ("I", "LiberationSerif-Italic.ttf")):
        pdf.add_font(FAMILY, style, str(fonts_dir() / name))
    pdf.set_producer("antt_tui (fpdf2)")
    pdf.set_title("Phiếu khôi phục khóa của xã")
    pdf.add_page()
    width = pdf.w - 45
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(width, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.cell(width, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(width, 7, "PHIẾU KHÔI PHỤC KHÓA ĐỒNG BỘ CỦA XÃ", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 13)
    pdf.cell(width, 7, f"{commune} – lập ngày {made_on:%d/%m/%Y}", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FAMILY, "", 13)
    pdf.multi_cell(width, 6.5, (
        "Phiếu này khôi phục khóa của xã khi máy của Công an xã bị hỏng hoặc mất. Ai có phiếu "
        "này đọc được mọi gói dữ liệu các thôn gửi về: cất trong tủ khóa, không chụp ảnh, "
        "không gửi qua mạng."), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(width, 7, f"Mã khóa: {fingerprint}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 13)
    column = width / 3
    listed = words.split()
    for start in range(0, 24, 3):
        y = pdf.get_y()
        for col in range(3):
            pdf.set_xy(30 + col * column, y)
            pdf.cell(column, 8, f"{start + col + 1:2d}. {listed[start + col]}", border=1)
        pdf.ln(8)
    pdf.ln(6)
    buffer = io.BytesIO()
    segno.make(words, error="m").save(buffer, kind="png", scale=4, border=2)
    buffer.seek(0)
    pdf.image(buffer, x=30, y=pdf.get_y(), w=50)
    pdf.set_xy(85, pdf.get_y() + 5)
    pdf.multi_cell(width - 55, 6.5, (
        "Khôi phục: antt sync keys restore --words \"24 từ theo thứ tự\" (hoặc quét mã QR). "
        "Sau khi khôi phục, mã khóa hiện ra phải trùng với mã in trên phiếu."))
    return bytes(pdf.output())
