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
MAX_IMAGE_PIXELS = 250_000_000  # per image XObject: a 600 dpi A0 scan is ~ 200 Mpx; beyond, a bomb
STAMP_GROWTH = 3  # a stamped copy is at most this times the original, plus STAMP_SLACK
STAMP_SLACK = 512 * 1024


def _log(what: str) -> None:
    """The worker's stderr reaches the server's log, under the document it was working on (storage.run_worker)."""
    print(what, file=sys.stderr)


def _trace() -> None:
    import traceback
    traceback.print_exc(limit=8, file=sys.stderr)


def _refused(what: str, exc: Exception) -> None:
    """A file refused at ingest is the uploader's, not a fault of ours: one line, no traceback."""
    _log(f"ingest: {what}: {type(exc).__name__}: {str(exc)[:300]}")


def _images_too_large(reader) -> dict | None:
    """Every image XObject of the file (all of its objects, not only what the content streams draw), its
    pixel count bounded: whatever the filter (JBIG2, CCITT, DCT, Flate), a reader must allocate it."""
    from pypdf.generic import IndirectObject, StreamObject
    numbers = [(num, gen) for gen, table in reader.xref.items() for num in table]
    numbers += [(num, 0) for num in getattr(reader, "xref_objStm", {})]
    for num, gen in numbers:
        try:
            obj = reader.get_object(IndirectObject(num, gen, reader))
        except Exception:  # noqa: BLE001 - an object pypdf cannot read is nothing a reader can allocate
            continue
        if not isinstance(obj, StreamObject) or obj.get("/Subtype") != "/Image":
            continue
        try:
            pixels = int(obj.get("/Width", 0)) * int(obj.get("/Height", 0))
        except (TypeError, ValueError):
            continue
        if pixels > MAX_IMAGE_PIXELS:
            return {"object": num, "width": int(obj["/Width"]), "height": int(obj["/Height"]),
                    "filter": str(obj.get("/Filter"))}
    return None


def _prove(path: str, font: str | None, size: int) -> dict | None:
    """What a session will do with the file, done once at ingest: merged into the packet, and stamped for a
    confidential reader (within STAMP_GROWTH of its size). None when both work, else the refusal."""
    import tempfile
    try:
        merged = _merge_one(path)
    except Exception as exc:  # noqa: BLE001
        _refused(f"merging {path} failed", exc)
        return {"ok": False, "code": "unmergeable"}
    if merged <= 0:
        return {"ok": False, "code": "unmergeable"}
    if not font:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as out:
        try:
            stamp({"src": path, "dst": out.name, "font": font, "line": "Bản của Nguyễn Văn Thử — mã 0123456789",
                   "big": "Nguyễn Văn Thử · 0123456789"})
        except Exception as exc:  # noqa: BLE001
            _refused(f"stamping {path} failed", exc)
            return {"ok": False, "code": "unstampable"}
        grown = os.path.getsize(out.name)
    if grown > STAMP_GROWTH * size + STAMP_SLACK:
        _log(f"ingest: stamping {path} grows it from {size} to {grown} bytes")
        return {"ok": False, "code": "stamp_grows", "size": size, "stamped": grown}
    return None


def _merge_one(path: str) -> int:
    """Merge the file alone as the packet does, written to nowhere. Returns its page count."""
    from pypdf import PdfReader, PdfWriter
    reader = PdfReader(path, strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    writer = PdfWriter()
    writer.append(reader, import_outline=False)
    writer.write(_Sink())
    return len(writer.pages)


class _Sink(io.RawIOBase):
    """Counts what is written, keeps none of it."""
    size = 0

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.size += len(b)
        return len(b)

    def tell(self) -> int:
        return self.size


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
        big = _images_too_large(reader)
        if big:
            _log(f"ingest: image bomb {big}")
            return {"ok": False, "code": "image_bomb", **big}
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
        refused = _prove(p["path"], p.get("font"), os.path.getsize(p["path"]))
        if refused:
            return refused
        from server.documents.rules import fold  # folded here too: this process has the CPU to spare
        return {"ok": True, "pages": pages, "title": title, "texts": texts, "folded": [fold(t) for t in texts],
                "signatures": (signatures_of(p["path"], p.get("trust_roots")) or None) if _signed(p["path"]) else None}
    except Exception as exc:  # noqa: BLE001 - whatever pypdf raises, the answer is "unreadable"
        _refused("unreadable", exc)
        return {"ok": False, "code": "unreadable", "detail": type(exc).__name__}


def _overlay(writer, p: dict, w: float, h: float):
    """The reader's marks for a page of w × h as one Form XObject in `writer`, shared by every page of that size:
    stamping adds a few bytes per page, never a copy of the page's own content."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject
    from reportlab.pdfgen import canvas

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
    page = PdfReader(io.BytesIO(buf.getvalue())).pages[0]
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(w), FloatObject(h)])
    form[NameObject("/Resources")] = page["/Resources"].get_object().clone(writer)
    form = form.flate_encode()
    return writer._add_object(form)


def stamp(p: dict) -> dict:
    """Every page gets the reader's name and trace code, in a font with full Vietnamese diacritics: one shared
    overlay drawn over each page's untouched content (q … Q, then the overlay)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, IndirectObject, NameObject, StreamObject
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("KyhopSans", p["font"]))
    reader = PdfReader(p["src"], strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    writer = PdfWriter(clone_from=reader)
    marks: dict[tuple[float, float], object] = {}
    opening = writer._add_object(_plain_stream(b"q\n"))
    for page in writer.pages:
        try:
            box = page.mediabox
            x0, y0, w, h = float(box.left), float(box.bottom), float(box.width), float(box.height)
            if not (0 < w < 200_000 and 0 < h < 200_000):
                raise ValueError(f"page size {w} × {h}")
        except Exception:  # noqa: BLE001 - a broken page size: readers fall back to A4, so does the stamp
            _log(f"stamp: page {page.page_number} has no usable MediaBox; stamped as A4")
            x0, y0, w, h = 0.0, 0.0, 595.0, 842.0
        if (w, h) not in marks:
            marks[(w, h)] = (NameObject(f"/KyhopMark{len(marks)}"), _overlay(writer, p, w, h))
        name, ref = marks[(w, h)]
        # repaired on the way: a Resources or XObject entry that is not a dictionary names nothing a page can use
        resources = _dict(_inherited(page, "/Resources"))
        xobjects = _dict(resources.get("/XObject"))
        xobjects[name] = ref
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page.get("/Contents")
        parts = list(contents.get_object()) if contents is not None and isinstance(contents.get_object(), list) else (
            [contents] if contents is not None else [])
        parts = [c for c in parts if isinstance(c, IndirectObject) and isinstance(_resolve(c), StreamObject)]
        closing = writer._add_object(_plain_stream(b"\nQ q 1 0 0 1 %.4f %.4f cm %s Do Q\n" % (x0, y0, name.encode())))
        page[NameObject("/Contents")] = ArrayObject([opening, *parts, closing])
    with open(p["dst"], "wb") as fh:
        writer.write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    return {"ok": True}


def _inherited(page, key: str):
    """A page's own entry, or its nearest ancestor's (Resources, MediaBox inherit down the page tree)."""
    node, seen = page, set()
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        if key in node:
            return node[key].get_object()
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    return None


def _resolve(obj):
    try:
        return obj.get_object()
    except Exception:  # noqa: BLE001 - a reference to nothing
        return None


def _dict(obj):
    """A shallow copy of a dictionary (a few references), or an empty one for anything else."""
    from pypdf.generic import DictionaryObject
    obj = _resolve(obj) if obj is not None else None
    return DictionaryObject(obj) if isinstance(obj, dict) else DictionaryObject()


def _plain_stream(data: bytes):
    from pypdf.generic import DecodedStreamObject
    s = DecodedStreamObject()
    s.set_data(data)
    return s


def notice_page(font: str, title_vi: str, title_en: str) -> bytes:
    """A page in the packet where a document could not be merged: which, and where to read it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("KyhopSans", font))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    y = 760
    for size, line in ((14, title_vi), (11, "Tài liệu này không ghép được vào tập tài liệu; hãy mở riêng tài liệu"),
                       (11, "trong danh sách tài liệu của kỳ họp. Thư ký kỳ họp đã được thông báo."), (11, ""),
                       (14, title_en), (11, "This document could not be merged into the packet; open it on its own"),
                       (11, "from the session's list of documents. The session's secretary has been told.")):
        c.setFont("KyhopSans", size)
        c.drawString(56, y, line[:95])
        y -= size + 10
    c.save()
    return buf.getvalue()


def packet(p: dict) -> dict:
    """One PDF of the session: a bookmark per agenda item, and under it one per document. A document that
    cannot be merged is left out, a notice page in its place; the packet never fails as a whole."""
    from pypdf import PdfReader, PdfWriter
    skipped: list = []

    def build(careful: bool):
        writer = PdfWriter()
        parents: dict[str, object] = {}
        for entry in p["entries"]:
            start = len(writer.pages)
            try:
                if careful:
                    _merge_one(entry["path"])  # proven alone first: nothing half-merged stays behind
                reader = PdfReader(entry["path"], strict=False)
                if reader.is_encrypted:
                    reader.decrypt("")
                writer.append(reader, import_outline=False)
                if len(writer.pages) == start:
                    raise ValueError("no pages")
            except Exception:  # noqa: BLE001 - whatever the file raises, the others still make the packet
                _log(f"packet: document {entry.get('id')} ({entry['path']}) left out")
                _trace()
                while len(writer.pages) > start:
                    del writer.pages[-1]
                if entry.get("id") not in skipped:
                    skipped.append(entry.get("id"))
                title = entry["title"][:60]
                writer.append(PdfReader(io.BytesIO(notice_page(p["font"], f"Không ghép được: «{title}»",
                                                               f"Could not be merged: «{title}»"))))
            group = entry["group"]
            if group not in parents:
                parents[group] = writer.add_outline_item(group, start)
            writer.add_outline_item(entry["title"], start, parent=parents[group])
        with open(p["dst"], "wb") as fh:
            writer.write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        return writer

    try:
        writer = build(careful=False)
    except Exception:  # noqa: BLE001 - a document broke the writing itself: each one proven alone this time
        _log("packet: writing failed; building again with each document proven alone")
        _trace()
        skipped.clear()
        writer = build(careful=True)
    return {"ok": True, "pages": len(writer.pages), "skipped": skipped}


def official_pdf(p: dict) -> dict:
    """An A4 official document (server/documents/official.py: minutes, a report) in the layout of Nghị định
    30/2020/NĐ-CP: the two-column heading (issuing body and number; national title, motto, place and date), the
    title, the body in a serif font metrically compatible with Times New Roman at 13 pt with its tables, the seal
    and its timestamp, the signature block (never on a page without the body's last paragraph) with the
    recipients (Nơi nhận) left of a single signer; pages numbered from the second."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (BaseDocTemplate, Frame, HRFlowable, KeepTogether, PageTemplate, Paragraph, Spacer,
                                    Table, TableStyle)

    serif = "KyhopSerif"
    for suffix, face in (("", "Regular"), ("-Bold", "Bold"), ("-Italic", "Italic"), ("-BoldItalic", "BoldItalic")):
        pdfmetrics.registerFont(TTFont(serif + suffix, os.path.join(p["fonts"], f"LiberationSerif-{face}.ttf")))
    pdfmetrics.registerFontFamily(serif, normal=serif, bold=serif + "-Bold", italic=serif + "-Italic",
                                  boldItalic=serif + "-BoldItalic")
    body = ParagraphStyle("body", fontName=serif, fontSize=13, leading=17, alignment=TA_JUSTIFY, firstLineIndent=1 * cm,
                          spaceAfter=5)
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0)
    head_bold = ParagraphStyle("head", parent=center, fontName=serif + "-Bold", fontSize=12.5, leading=15)
    motto = ParagraphStyle("motto", parent=center, fontName=serif + "-Bold", fontSize=13.5, leading=16)
    italic = ParagraphStyle("italic", parent=center, fontName=serif + "-Italic", fontSize=13.5, leading=16)
    title = ParagraphStyle("title", parent=center, fontName=serif + "-Bold", fontSize=14, leading=18)
    h1 = ParagraphStyle("h1", parent=body, fontName=serif + "-Bold", firstLineIndent=0, spaceBefore=8, keepWithNext=True)
    h2 = ParagraphStyle("h2", parent=body, fontName=serif + "-BoldItalic", firstLineIndent=0, spaceBefore=4,
                        keepWithNext=True)
    item = ParagraphStyle("item", parent=body, firstLineIndent=0, leftIndent=1.5 * cm, bulletIndent=1 * cm, spaceAfter=2,
                          bulletFontName=serif, bulletFontSize=13)  # ReportLab's default: Helvetica, not embedded
    seal = ParagraphStyle("seal", parent=body, fontSize=11, leading=14, firstLineIndent=0, alignment=TA_LEFT)
    cell = {a: ParagraphStyle(f"cell-{a}", parent=body, fontSize=11.5, leading=14, firstLineIndent=0, spaceAfter=0,
                              alignment={"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[a])
            for a in ("left", "center", "right")}

    def rule(text: str, style: ParagraphStyle, share: float = 1.0) -> HRFlowable:
        """The line under a heading: as long as `text` set in `style`, times `share`."""
        width = pdfmetrics.stringWidth(text, style.fontName, style.fontSize) * share
        return HRFlowable(width=width, thickness=0.6, color="black", spaceBefore=1, spaceAfter=0, hAlign="CENTER")

    def table(t: dict, width: float) -> Table:
        """A table of the body: a bold header row repeated on each page, the last row bold if it is the total."""
        align = t.get("align") or ["left"] * len(t["columns"])
        rows = [[Paragraph(f"<b>{escape(c)}</b>", cell["center"]) for c in t["columns"]]]
        for n, row in enumerate(t["rows"]):
            bold = t.get("total") and n == len(t["rows"]) - 1
            rows.append([Paragraph(f"<b>{escape(str(v))}</b>" if bold else escape(str(v)), cell[a])
                         for v, a in zip(row, align)])
        out = Table(rows, colWidths=[w * width for w in t["widths"]], repeatRows=1, spaceBefore=2, spaceAfter=8)
        out.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                 ("BACKGROUND", (0, 0), (-1, 0), "#EEEEEE"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
        return out

    issuer = [Paragraph(escape(line), head_bold) for line in p["issuer"]]
    issuer.append(rule(p["issuer"][-1], head_bold, 0.5))
    national = [Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", head_bold),
                Paragraph("Độc lập - Tự do - Hạnh phúc", motto), rule("Độc lập - Tự do - Hạnh phúc", motto)]
    header = Table([[issuer, national],
                    [Paragraph(escape(p["number"]), ParagraphStyle("no", parent=center, fontSize=13)),
                     Paragraph(escape(p["date_line"]), italic)]],
                   colWidths=[6.2 * cm, 9.8 * cm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 1), (-1, 1), 6)]))
    story = [header, Spacer(1, 0.9 * cm), Paragraph(escape(p["title"]), title),
             Paragraph(escape(p["subtitle"]), title), Spacer(1, 0.5 * cm)]
    flow = []
    for kind, text in p["blocks"]:
        if kind == "table":
            flow.append((kind, table(text, 16 * cm)))
        elif kind == "p" and text.startswith("– "):
            flow.append((kind, Paragraph(escape(text[2:]), item, bulletText="–")))
        else:
            flow.append((kind, Paragraph(escape(text), {"h1": h1, "h2": h2}.get(kind, body))))
    # the signatures never stand on a page of their own: the body's last paragraph (and the headings leading
    # to it) goes over with the seal and the signature block
    cut = max(len(flow) - 1, 0)
    while cut > 0 and flow[cut - 1][0] not in ("p", "table"):
        cut -= 1
    story += [f for _, f in flow[:cut]]
    end = [f for _, f in flow[cut:]]
    if p.get("seal_lines"):
        box = Table([[[Paragraph(escape(line), seal) for line in p["seal_lines"]]]], colWidths=[16 * cm])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, "black"), ("LEFTPADDING", (0, 0), (-1, -1), 6),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
        end += [Spacer(1, 0.4 * cm), box]
    role = ParagraphStyle("role", parent=center, fontName=serif + "-Bold", fontSize=13)
    hint = ParagraphStyle("hint", parent=center, fontName=serif + "-Italic", fontSize=13)
    cells = [[*(Paragraph(escape(line), role) for line in sg["role"].split("\n")),
              *([Paragraph(escape(sg["hint"]), hint)] if sg.get("hint") else []), Spacer(1, 2.4 * cm),
              Paragraph(escape(sg["name"]), role)] for sg in p["signers"]]
    if len(cells) == 1:  # NĐ 30/2020: the recipients left, the signer right
        to = ParagraphStyle("to", parent=seal, fontSize=11, leading=13)
        cells.insert(0, [Paragraph("<b><i>Nơi nhận:</i></b>", ParagraphStyle("to-head", parent=to, fontSize=12)),
                         *(Paragraph(escape(line), to) for line in p.get("recipients") or [])])
    signatures = Table([cells], colWidths=[8 * cm, 8 * cm])
    signatures.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(KeepTogether([*end, Spacer(1, 0.7 * cm), signatures]))

    def number_pages(canvas, doc) -> None:  # NĐ 30/2020: from the second page, at the top, centred
        canvas.setFont(serif, 13)
        canvas.drawCentredString(A4[0] / 2 + 0.5 * cm, A4[1] - 1.3 * cm, str(doc.page))

    with open(p["dst"], "wb") as fh:
        doc = BaseDocTemplate(fh, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                              bottomMargin=2 * cm, title=f"{p['title']} {p['subtitle']}", author=" ".join(p["issuer"]))
        # the text column is the margins of NĐ 30/2020 exactly (left 30 mm, right 20 mm), the heading, the seal's
        # box and the signatures as wide as it: no frame padding inside them
        column = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, leftPadding=0, rightPadding=0,
                       topPadding=0, bottomPadding=0, id="column")
        doc.addPageTemplates([PageTemplate("first", [column], autoNextPageTemplate="later"),
                              PageTemplate("later", [column], onPage=number_pages)])
        doc.build(story)
        fh.flush()
        os.fsync(fh.fileno())
    return {"ok": True}


def _cn(name) -> str:
    return (name.native or {}).get("common_name") or name.human_friendly


def signatures_of(path: str, trust_roots: str | None) -> list[dict]:
    """Each signature of a PDF as pyHanko validates it: who signed, when (their clock, and the TSA's when
    time-stamped), intact (the signed bytes unchanged), valid (the cryptography), trusted (the certificate
    leads to one of `trust_roots`), whether it covers the whole document. A broken signature is an answer
    (intact/valid false, with the problem), never an exception."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from server.timestamping import load_certificates

    roots = load_certificates(trust_roots) if trust_roots else []
    out = []
    try:
        with open(path, "rb") as fh:
            reader = PdfFileReader(fh, strict=False)
            found = list(reader.embedded_signatures)
            for sig in found:
                entry = {"field": str(sig.field_name), "signer": None, "signed_at": None, "timestamp": None, "tsa": None,
                         "intact": False, "valid": False, "trusted": False, "whole_document": False}
                try:
                    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
                    status = validate_pdf_signature(sig, context)
                    stamp = status.timestamp_validity
                    entry.update(
                        signer=_cn(status.signing_cert.subject) if status.signing_cert else None,
                        signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else None,
                        timestamp=stamp.timestamp.isoformat() if stamp else None,
                        tsa=_cn(stamp.signing_cert.subject) if stamp and stamp.signing_cert else None,
                        intact=bool(status.intact), valid=bool(status.intact and status.valid),
                        trusted=bool(status.trusted and roots),
                        whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE, summary=status.summary())
                except Exception as exc:  # noqa: BLE001 - whatever a broken signature raises is its result
                    entry["problem"] = f"{type(exc).__name__}: {exc}"[:500]
                out.append(entry)
    except Exception as exc:  # noqa: BLE001 - a signed PDF pyHanko cannot read: one signature, not checkable
        return [{"field": "", "signer": None, "signed_at": None, "timestamp": None, "tsa": None, "intact": False,
                 "valid": False, "trusted": False, "whole_document": False,
                 "problem": f"{type(exc).__name__}: {exc}"[:500]}] if _signed(path) else []
    return out


def _signed(path: str) -> bool:
    """Whether the file carries a signature dictionary at all (cheap: no PDF parsing)."""
    import mmap
    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size == 0:
            return False
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as m:
            return m.find(b"/ByteRange") >= 0


def validate_pdf(p: dict) -> dict:
    return {"ok": True, "signatures": signatures_of(p["path"], p.get("trust_roots"))}


def sign_pdf(p: dict) -> dict:
    """Sign a PDF PAdES with the council office's certificate: a PKCS#12 file, or a key on a PKCS#11 token
    (a USB token, an HSM; SoftHSM in the tests). B-T (a signature time-stamp) when a TSA is given, else B-B."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from server.timestamping import UrlTimeStamper

    session = None
    try:
        if p.get("p12"):
            signer = signers.SimpleSigner.load_pkcs12(p["p12"], passphrase=(p.get("passphrase") or "").encode() or None)
            if signer is None:
                return {"ok": False, "code": "certificate_unreadable"}
        else:
            from pyhanko.config.pkcs11 import TokenCriteria
            from pyhanko.sign import pkcs11
            t = p["pkcs11"]
            session = pkcs11.open_pkcs11_session(t["module"], token_criteria=TokenCriteria(label=t["token"]),
                                                 user_pin=t["pin"])
            signer = pkcs11.PKCS11Signer(session, key_label=t["key"], cert_label=t["key"])
        meta = signers.PdfSignatureMetadata(
            field_name=p.get("field") or "ChuKySo", reason=p.get("reason"), location=p.get("location"),
            subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256", name=p.get("name"))
        stamper = UrlTimeStamper(p["tsa_url"]) if p.get("tsa_url") else None
        with open(p["src"], "rb") as inf, open(p["dst"], "wb") as out:
            signers.PdfSigner(meta, signer=signer, timestamper=stamper).sign_pdf(IncrementalPdfFileWriter(inf, strict=False),
                                                                                   output=out)
            out.flush()
            os.fsync(out.fileno())
    except Exception as exc:  # noqa: BLE001 - the caller tells the secretary; the PIN is never in the detail
        return {"ok": False, "code": "signing_failed", "detail": type(exc).__name__}
    finally:
        if session is not None:
            session.close()
    return {"ok": True}


def changes(p: dict) -> dict:
    """A revision's change summary (server/documents/changes.py): CPU work kept off the server's event loop."""
    from server.documents.changes import compare
    return {"ok": True, "changes": compare(p["old"], p["new"])}


def main() -> None:
    command = sys.argv[1]
    payload = json.load(sys.stdin)
    result = {"ingest": ingest, "stamp": stamp, "packet": packet, "official_pdf": official_pdf, "sign_pdf": sign_pdf,
              "validate_pdf": validate_pdf, "changes": changes}[command](payload)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
