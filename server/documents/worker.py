"""PDF work in a separate, resource-limited process: ingest, stamp, merge.

Run as `python -m server.documents.worker COMMAND` with a JSON payload on stdin; prints one JSON object.
A hostile or broken PDF can make pypdf raise anything, loop or eat memory: here that costs a process
with a memory cap and a deadline (enforced by the caller), never the server's event loop.
"""
from __future__ import annotations

import io
import json
import os
import sys

MAX_TEXT_PER_PAGE = 20_000


def ingest(p: dict) -> dict:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError
    try:
        reader = PdfReader(p["path"], strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return {"ok": False, "code": "encrypted"}
            except Exception:  # noqa: BLE001 - any failure to open with an empty password
                return {"ok": False, "code": "encrypted"}
        pages = len(reader.pages)
        if pages == 0:
            return {"ok": False, "code": "no_pages"}
        if pages > p.get("max_pages", 5000):
            return {"ok": False, "code": "too_many_pages", "pages": pages}
        texts = []
        for page in reader.pages:
            try:
                page.get_contents()  # decodes the content streams, within pypdf's output limits
                texts.append((page.extract_text() or "")[:MAX_TEXT_PER_PAGE])
            except FileNotDecryptedError:
                return {"ok": False, "code": "encrypted"}
            except LimitReachedError:  # a decompression bomb: every tablet would have to inflate it too
                return {"ok": False, "code": "bomb"}
            except Exception:  # noqa: BLE001 - an unreadable page keeps the document, without its text
                texts.append("")
        title = ""
        try:
            title = str((reader.metadata or {}).get("/Title") or "")[:500]
        except Exception:  # noqa: BLE001
            pass
        from server.documents.rules import fold  # folded here too: this process has the CPU to spare
        return {"ok": True, "pages": pages, "title": title, "texts": texts, "folded": [fold(t) for t in texts]}
    except Exception as exc:  # noqa: BLE001 - whatever pypdf raises, the answer is "unreadable"
        return {"ok": False, "code": "unreadable", "detail": type(exc).__name__}


def stamp(p: dict) -> dict:
    """Every page gets the reader's name and trace code, in a font with full Vietnamese diacritics."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("KyhopSans", p["font"]))
    reader = PdfReader(p["src"], strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    writer = PdfWriter(clone_from=reader)
    marks: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        if (w, h) not in marks:
            buf = io.BytesIO()
            c = canvas.Canvas(buf, pagesize=(w, h))
            c.setFont("KyhopSans", 8)
            c.setFillGray(0.35)
            c.drawString(24, 14, p["line"])
            c.saveState()
            c.setFont("KyhopSans", 28)
            c.setFillGray(0.5, alpha=0.18)
            c.translate(w / 2, h / 2)
            c.rotate(35)
            c.drawCentredString(0, 0, p["big"])
            c.restoreState()
            c.save()
            marks[(w, h)] = PdfReader(io.BytesIO(buf.getvalue())).pages[0]
        page.merge_page(marks[(w, h)])
    with open(p["dst"], "wb") as fh:
        writer.write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    return {"ok": True}


def packet(p: dict) -> dict:
    """One PDF of the session: a bookmark per agenda item, and under it one per document."""
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    parents: dict[str, object] = {}
    for entry in p["entries"]:
        start = len(writer.pages)
        reader = PdfReader(entry["path"], strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        writer.append(reader, import_outline=False)
        group = entry["group"]
        if group not in parents:
            parents[group] = writer.add_outline_item(group, start)
        writer.add_outline_item(entry["title"], start, parent=parents[group])
    with open(p["dst"], "wb") as fh:
        writer.write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    return {"ok": True, "pages": len(writer.pages)}


def minutes_pdf(p: dict) -> dict:
    """A4 biên bản: national header, title, numbered sections, signatures; DejaVu for the diacritics."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    pdfmetrics.registerFont(TTFont("KyhopSans", p["font"]))
    pdfmetrics.registerFont(TTFont("KyhopSans-Bold", p["font_bold"]))
    base = ParagraphStyle("b", fontName="KyhopSans", fontSize=11, leading=15, alignment=TA_JUSTIFY, spaceAfter=4)
    center = ParagraphStyle("c", parent=base, alignment=TA_CENTER, fontName="KyhopSans-Bold")
    h1 = ParagraphStyle("h1", parent=base, fontName="KyhopSans-Bold", spaceBefore=10)
    h2 = ParagraphStyle("h2", parent=base, fontName="KyhopSans-Bold", fontSize=11)
    story = [Table([[Paragraph(escape(p["issuer"]), center),
                     Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br/>Độc lập – Tự do – Hạnh phúc", center)]],
                   colWidths=[7.5 * cm, 9.5 * cm]),
             Spacer(1, 0.8 * cm), Paragraph(escape(p["title"]), ParagraphStyle("t", parent=center, fontSize=13)),
             Spacer(1, 0.5 * cm)]
    for kind, text in p["blocks"]:
        story.append(Paragraph(escape(text), {"h1": h1, "h2": h2}.get(kind, base)))
    story += [Spacer(1, 1 * cm), Table([[Paragraph("THƯ KÝ KỲ HỌP", center), Paragraph("CHỦ TỌA KỲ HỌP", center)],
                                        [Paragraph("(Ký, ghi rõ họ tên)", ParagraphStyle("i", parent=base, alignment=TA_CENTER)),
                                         Paragraph("(Ký, ghi rõ họ tên)", ParagraphStyle("i2", parent=base, alignment=TA_CENTER))]],
                                       colWidths=[8.5 * cm, 8.5 * cm])]
    with open(p["dst"], "wb") as fh:
        SimpleDocTemplate(fh, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                          bottomMargin=2 * cm, title=p["title"]).build(story)
        fh.flush()
        os.fsync(fh.fileno())
    return {"ok": True}


def main() -> None:
    command = sys.argv[1]
    payload = json.load(sys.stdin)
    result = {"ingest": ingest, "stamp": stamp, "packet": packet, "minutes_pdf": minutes_pdf}[command](payload)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
