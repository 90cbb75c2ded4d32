"""Document rules: who may read what, search folding, upload checks — pure functions."""
from __future__ import annotations

import re
import unicodedata

from server.accounts.rules import can

PDF_MAGIC = b"%PDF-"
ACCESS = ("public", "delegates", "confidential")


def may_read(role: str, access: str) -> bool:
    return can(role, f"documents.read.{access}")


def readable_access(role: str) -> list[str]:
    return [a for a in ACCESS if may_read(role, a)]


def needs_stamp(access: str) -> bool:
    return access == "confidential"


def may_quote(access: str) -> bool:
    """Whether search may answer with the document's words. A confidential text reaches a reader only in
    their own stamped copy (the reader searches in that); search gives its pages, never a snippet."""
    return not needs_stamp(access)


def fold(text: str) -> str:
    """Lowercase, without diacritics (đ → d), whitespace collapsed: 'Dự thảo  Nghị quyết' → 'du thao nghi quyet'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


def looks_like_pdf(head: bytes) -> bool:
    """PDF readers accept the header within the first kilobyte."""
    return PDF_MAGIC in head[:1024]


def snippet(text: str, folded_query: str, width: int = 80) -> str:
    folded = fold(text)
    # fold() keeps one character per character except collapsed whitespace; search on a like-for-like copy
    flat = re.sub(r"\s+", " ", text).strip()
    i = folded.find(folded_query)
    if i < 0:
        return flat[:width * 2]
    start = max(0, i - width)
    return ("…" if start else "") + flat[start:i + len(folded_query) + width] + ("…" if i + width < len(flat) else "")
