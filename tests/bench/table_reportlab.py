#!/usr/bin/python3
"""The ReportLab reference of the page benchmark (tests/bench/table_bench.c).

    table_reportlab.py N OUT.pdf

Renders the same table as table_bench: the same rows (the generator below
mirrors the C one step by step), the same A4 page and margins (top 20,
bottom 20, left 30, right 15 mm), the same TrueType font embedded (Liberation
Serif regular and bold, found with fc-match), the same column widths, cell
padding, 11 pt text on the same line pitch (1.107 em), a gray bold header row
repeated on every page (platypus Table, repeatRows=1) and page numbers,
13 pt, centred in the top margin from the second page on.

Text cells that may wrap (content, unit, header) are Paragraphs; the number,
amount and percentage cells are plain strings, ReportLab's fastest path.
Run it with /usr/bin/python3 (python3-reportlab).
"""
import subprocess
import sys

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

# ---- the shared row generator (mirror of table_bench.c) -------------------

PREFIXES = ["Triển khai", "Hỗ trợ", "Xây dựng", "Ứng dụng", "Đánh giá", "Phát triển",
            "Nâng cao", "Chuyển giao", "Tổ chức", "Thẩm định"]
WORDS = ["khoa học", "công nghệ", "đổi mới", "sáng tạo", "doanh nghiệp", "sở hữu",
         "trí tuệ", "nhãn hiệu", "chỉ dẫn", "địa lý", "hồi Lạng Sơn", "na Chi Lăng",
         "thạch đen", "Tràng Định", "quế Văn Quan", "hợp tác xã", "chuyển đổi số",
         "tiêu chuẩn", "đo lường", "chất lượng", "nhiệm vụ", "cấp tỉnh", "nông thôn",
         "miền núi", "mô hình", "sản xuất", "giống cây", "năng suất", "thị trường",
         "truy xuất", "nguồn gốc", "kết quả", "nghiên cứu", "thử nghiệm", "cơ sở",
         "dữ liệu", "nhân lực", "đào tạo", "ươm tạo", "khởi nghiệp"]
UNITS = ["Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Công Thương",
         "Sở Nông nghiệp và Môi trường", "UBND xã Chi Lăng", "UBND phường Đông Kinh",
         "UBND xã Tràng Định", "Ban Quản lý Khu kinh tế", "Sở Y tế"]
HEAD = ["STT", "Nội dung", "Đơn vị thực hiện", "Kinh phí (triệu đồng)", "Tỷ lệ hoàn thành"]
TITLE = "PHỤ LỤC: SỐ LIỆU CHI TIẾT THEO ĐƠN VỊ BÁO CÁO"


class Rng:
    def __init__(self):
        self.state = 20230303

    def next(self):
        self.state = (self.state * 1103515245 + 12345) & 0xFFFFFFFF
        return (self.state >> 16) & 0x7FFF

    def below(self, n):
        return self.next() % n


def grouped(v):
    return "{:,}".format(v).replace(",", ".")


def rows(n):
    rng = Rng()
    for i in range(1, n + 1):
        text = PREFIXES[rng.below(len(PREFIXES))]
        nw = 4 + rng.below(15)
        for _ in range(nw):
            text += " " + WORDS[rng.below(len(WORDS))]
        unit = UNITS[rng.below(len(UNITS))]
        hi = rng.next()
        lo = rng.next()
        tenths = hi * 32768 + lo
        amount = "%s,%d" % (grouped(tenths // 10), tenths % 10)
        pct = rng.below(2000)
        yield str(i), text, unit, amount, "%d,%d%%" % (pct // 10, pct % 10)


# ---- the document -----------------------------------------------------------

SIZE = 11
LEADING = SIZE * (0.891 + 0.216)        # baocao's line pitch for Liberation Serif
MARGINS = dict(topMargin=20 * mm, bottomMargin=20 * mm, leftMargin=30 * mm,
               rightMargin=15 * mm)
COLS = [12 * mm, 67 * mm, 32 * mm, 30 * mm, 24 * mm]


def font_file(pattern):
    return subprocess.run(["fc-match", "-f", "%{file}", pattern], check=True,
                          capture_output=True, text=True).stdout


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        print("usage: table_reportlab.py N OUT.pdf", file=sys.stderr)
        return 2
    n, out = int(sys.argv[1]), sys.argv[2]

    pdfmetrics.registerFont(TTFont("Serif", font_file("Liberation Serif")))
    pdfmetrics.registerFont(TTFont("Serif-Bold", font_file("Liberation Serif:bold")))

    cell = ParagraphStyle("cell", fontName="Serif", fontSize=SIZE, leading=LEADING,
                          alignment=TA_LEFT)
    head = ParagraphStyle("head", parent=cell, fontName="Serif-Bold", alignment=TA_CENTER)
    title = ParagraphStyle("title", fontName="Serif-Bold", fontSize=14,
                           leading=14 * (0.891 + 0.216), alignment=TA_CENTER, spaceAfter=6)

    data = [[Paragraph(h, head) for h in HEAD]]
    for num, text, unit, amount, pct in rows(n):
        data.append([num, Paragraph(text, cell), Paragraph(unit, cell), amount, pct])

    table = Table(data, colWidths=COLS, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Serif", SIZE, LEADING),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (3, 1), (4, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
    ]))

    width, height = A4
    mid = (MARGINS["leftMargin"] + width - MARGINS["rightMargin"]) / 2
    base = height - MARGINS["topMargin"] / 2 - (0.891 - 0.216) * 13 / 2

    def later_pages(canvas, doc):
        canvas.saveState()
        canvas.setFont("Serif", 13)
        canvas.drawCentredString(mid, base, str(doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(out, pagesize=A4, pageCompression=1, title="table_reportlab",
                            **MARGINS)
    doc.build([Paragraph(TITLE, title), table], onLaterPages=later_pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
