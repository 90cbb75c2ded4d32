"""Vietnamese administrative PDFs generated for the demo session and for tests (invented content)."""
from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS = Path(__file__).resolve().parent.parent / "fonts"
_registered = False

PARAGRAPHS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương; căn cứ Luật Ngân sách nhà nước và các văn bản hướng dẫn thi hành;",
    "Xét đề nghị của Ủy ban nhân dân tỉnh và báo cáo thẩm tra của Ban Kinh tế – Ngân sách Hội đồng nhân dân tỉnh;",
    "Điều 1. Thông qua dự toán thu ngân sách nhà nước trên địa bàn, thu, chi ngân sách địa phương năm 2027.",
    "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện nghị quyết; Thường trực Hội đồng nhân dân, các Ban, "
    "các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện.",
    "Tổng thu ngân sách nhà nước trên địa bàn ước đạt theo kế hoạch; chi đầu tư phát triển ưu tiên giao thông, "
    "giáo dục, y tế và hạ tầng nông thôn; tiết kiệm chi thường xuyên, không bố trí dự toán cho nhiệm vụ chưa cấp thiết.",
]


def _fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
        _registered = True


def _wrap(text: str, width: int = 88) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def make_pdf(title: str, pages: int = 2, issuer: str = "HỘI ĐỒNG NHÂN DÂN TỈNH VÂN SƠN", number: str = "",
             extra: str = "") -> bytes:
    """A4 pages in the layout of a Vietnamese administrative document: national header, title, articles."""
    _fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(title)
    w, h = A4
    for p in range(1, pages + 1):
        y = h - 60
        if p == 1:
            c.setFont("DejaVu-Bold", 10)
            c.drawCentredString(150, y, issuer)
            c.drawCentredString(w - 170, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
            c.setFont("DejaVu", 10)
            c.drawCentredString(w - 170, y - 14, "Độc lập – Tự do – Hạnh phúc")
            if number:
                c.drawCentredString(150, y - 14, number)
            c.setFont("DejaVu-Bold", 13)
            y -= 60
            for line in _wrap(title.upper(), 60):
                c.drawCentredString(w / 2, y, line)
                y -= 18
            y -= 10
        c.setFont("DejaVu", 11)
        for para in PARAGRAPHS + ([extra] if extra else []):
            for line in _wrap(para):
                c.drawString(60, y, line)
                y -= 15
            y -= 6
            if y < 80:
                break
        c.setFont("DejaVu", 9)
        c.drawCentredString(w / 2, 30, f"Trang {p}/{pages}")
        c.showPage()
    c.save()
    return buf.getvalue()


def make_pages(texts: list[str]) -> bytes:
    """One A4 page per text (wrapped), with 'Trang n/N' at the foot: revisions to compare (tests, bench)."""
    _fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    w, h = A4
    for n, text in enumerate(texts, 1):
        c.setFont("DejaVu", 11)
        y = h - 60
        for line in _wrap(text):
            c.drawString(60, y, line)
            y -= 15
        c.setFont("DejaVu", 9)
        c.drawCentredString(w / 2, 30, f"Trang {n}/{len(texts)}")
        c.showPage()
    c.save()
    return buf.getvalue()
