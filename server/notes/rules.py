"""Private notes: the checks and the export text — pure functions over plain values."""
from __future__ import annotations

import re

MAX_TEXT = 10_000  # characters of one note
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


MAX_STROKES = 200  # highlight strokes on one note's page
MAX_POINTS = 5_000  # their points together: a stroke is sampled as the finger moves; 100 KB of JSON at most


def clean_ink(ink) -> list[list[float]] | None:
    """A page's highlight as the tablet draws it: strokes, each a flat list x0, y0, x1, y1, … of two points or more,
    in fractions of the page from its top left (0 to 1: whatever the zoom), rounded to 1/10,000 of the page.
    Raises ValueError when it is not that shape or is over the bounds; None or [] is no highlight."""
    if ink is None or ink == []:
        return None
    if not isinstance(ink, list) or len(ink) > MAX_STROKES:
        raise ValueError("strokes")
    total = 0
    out = []
    for stroke in ink:
        if not isinstance(stroke, list) or len(stroke) < 4 or len(stroke) % 2:
            raise ValueError("stroke")
        total += len(stroke) // 2
        if total > MAX_POINTS or not all(type(x) in (int, float) and 0 <= x <= 1 for x in stroke):
            raise ValueError("points")
        out.append([round(x, 4) for x in stroke])
    return out


def valid_uuid(value: str) -> bool:
    return bool(UUID.fullmatch(value))


def page_fits(page: int | None, pages: int) -> bool:
    """None: a note on the whole document; otherwise a page of the version it is written on."""
    return page is None or 1 <= page <= pages


def where(version: int, page: int | None, current: int) -> tuple[str, str]:
    """Where a note stands, as the reader reads it: 'trang 3', or 'ghi trên bản lần 1, trang 3' when the
    document was revised since it was written (pages may have moved)."""
    vi = "cả tài liệu" if page is None else f"trang {page}"
    en = "whole document" if page is None else f"page {page}"
    if version != current:
        return f"ghi trên bản lần {version}, {vi}", f"written on version {version}, {en}"
    return vi, en


def markdown(groups: list[dict]) -> str:
    """The author's notes as one Markdown file: a heading per session and document, the notes by page.
    `groups`: [{"session": str, "documents": [{"title": str, "current": int, "notes": [note dicts]}]}]."""
    out = ["# Ghi chú cá nhân / Private notes", ""]
    for g in groups:
        out += [f"## {g['session']}", ""]
        for d in g["documents"]:
            out += [f"### {d['title']}", ""]
            for n in d["notes"]:
                vi, _en = where(n["version"], n["page"], d["current"])
                out.append(f"- **{vi[:1].upper() + vi[1:]}** ({n['updated_at'][:16].replace('T', ' ')}):")
                out += [f"  {line}" if line else "" for line in n["text"].splitlines()]
                if n.get("ink"):
                    out.append(f"  (tô đánh dấu trên trang: {len(n['ink'])} nét / highlight: {len(n['ink'])} strokes)")
                out.append("")
    if len(out) == 2:
        out.append("(Chưa có ghi chú nào. / No notes yet.)")
    return "\n".join(out).rstrip() + "\n"
