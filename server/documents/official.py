"""An official document of the council (Nghị định 30/2020/NĐ-CP) — the minutes, a report — as one payload:
the heading (issuing body, number, place and date), the title, the body's blocks (headings, paragraphs,
tables), the seal, the signatures and the recipients. The worker renders it as a PDF (worker.official_pdf),
docx_bytes as a Word file in the same layout."""
from __future__ import annotations

import io
from datetime import date
from zoneinfo import ZoneInfo

from server.documents import storage

VN = ZoneInfo("Asia/Ho_Chi_Minh")  # the dates an official document prints
NBSP = "\u00a0"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNITS = ("tỉnh", "thành phố", "xã", "phường", "đặc khu", "huyện", "quận", "thị xã")


def issuer_lines(council_name: str) -> list[str]:
    """The issuing body as the heading's left column prints it, upper-case: 'HỘI ĐỒNG NHÂN DÂN' over
    'TỈNH VÂN SƠN' for 'Hội đồng nhân dân tỉnh Vân Sơn'; any other name on one line."""
    prefix = "hội đồng nhân dân "
    if council_name.lower().startswith(prefix) and len(council_name) > len(prefix):
        return ["HỘI ĐỒNG NHÂN DÂN", council_name[len(prefix):].upper()]
    return [council_name.upper()]


def place_of(council_name: str) -> str:
    """The place of the date line: 'Vân Sơn' for 'Hội đồng nhân dân tỉnh Vân Sơn' or 'HĐND tỉnh Vân Sơn'."""
    lowered = council_name.lower()
    for unit in sorted(UNITS, key=len, reverse=True):
        at = lowered.find(f" {unit} ")
        if at >= 0:
            return council_name[at + len(unit) + 2:].strip()
    return council_name


def date_line(place: str, day: date) -> str:
    """'Vân Sơn, ngày 10 tháng 12 năm 2026': day and month with two digits (NĐ 30/2020: 01–09 and 01–02
    are written with a leading zero)."""
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def heading(council_name: str, kind: str, day: date) -> dict:
    """The heading of a document of `kind` (BB biên bản, BC báo cáo) issued by the council on `day`; the
    office writes the number in by hand."""
    return {"issuer": issuer_lines(council_name), "number": f"Số:{NBSP * 8}/{kind}-HĐND",
            "date_line": date_line(place_of(council_name), day)}


def pdf_bytes(cfg, payload: dict, about: str) -> bytes | None:
    """The document as a PDF, rendered in the worker process (None if it failed: the log says why)."""
    tmp = storage.tmp_path(cfg, ".pdf")
    try:
        result = storage.run_worker("official_pdf", {**payload, "dst": str(tmp), "fonts": str(storage.FONT.parent)},
                                    about=about)
        return tmp.read_bytes() if result.get("ok") else None
    finally:
        tmp.unlink(missing_ok=True)


def docx_bytes(p: dict) -> bytes:
    """The same layout as the PDF, as far as Word allows: a borderless two-column heading, Times New Roman 13,
    numbered sections, tables, the seal, the signature block with names (the recipients left of a single
    signer)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt
    from docx.table import _Cell

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(2), Cm(2), Cm(3), Cm(2)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    style.paragraph_format.space_after = Pt(6)
    align_of = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}

    def para(cell_or_doc, body: str, bold=False, italic=False, underline=False, size=13, align=WD_ALIGN_PARAGRAPH.CENTER):
        pars = cell_or_doc.paragraphs
        fresh = isinstance(cell_or_doc, _Cell) and len(pars) == 1 and not pars[0].runs  # a new cell's empty paragraph
        par = pars[0] if fresh else cell_or_doc.add_paragraph()
        par.alignment = align
        run = par.add_run(body)
        run.bold, run.italic, run.underline, run.font.size = bold, italic, underline, Pt(size)
        return par

    def table(t: dict) -> None:
        align = t.get("align") or ["left"] * len(t["columns"])
        grid = doc.add_table(rows=1 + len(t["rows"]), cols=len(t["columns"]))
        grid.style = "Table Grid"
        for n, width in enumerate(t["widths"]):
            grid.columns[n].width = Cm(16 * width)
        for r, row in enumerate([t["columns"], *t["rows"]]):
            bold = r == 0 or (t.get("total") and r == len(t["rows"]))
            for n, value in enumerate(row):
                cell = grid.rows[r].cells[n]
                cell.width = Cm(16 * t["widths"][n])
                cell.paragraphs[0].text = ""
                par = cell.paragraphs[0]
                par.alignment = align_of["center" if r == 0 else align[n]]
                par.paragraph_format.space_after = Pt(0)
                run = par.add_run(str(value))
                run.bold, run.font.size = bold, Pt(11.5)
        doc.add_paragraph()

    head = doc.add_table(rows=2, cols=2)
    head.columns[0].width, head.columns[1].width = Cm(6.2), Cm(9.8)
    left, right = head.rows[0].cells
    for n, line in enumerate(p["issuer"]):
        para(left, line, bold=True, underline=n == len(p["issuer"]) - 1, size=12)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True)
    para(head.rows[1].cells[0], p["number"])
    para(head.rows[1].cells[1], p["date_line"], italic=True)
    para(doc, p["title"], bold=True, size=14)
    para(doc, p["subtitle"], bold=True, size=14)
    for kind, body in p["blocks"]:
        if kind == "table":
            table(body)
            continue
        par = para(doc, body, bold=kind != "p", italic=kind == "h2", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        if kind == "p":
            par.paragraph_format.first_line_indent = Cm(1)
    for line in p.get("seal_lines") or []:
        para(doc, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    sign = doc.add_table(rows=1, cols=2)
    cells = list(sign.rows[0].cells)
    if len(p["signers"]) == 1:
        to = cells.pop(0)
        para(to, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in p.get("recipients") or []:
            para(to, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for cell, signer in zip(cells, p["signers"]):
        for line in signer["role"].split("\n"):
            para(cell, line, bold=True)
        if signer.get("hint"):
            para(cell, signer["hint"], italic=True)
        for _ in range(3):
            cell.add_paragraph()
        para(cell, signer["name"], bold=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
