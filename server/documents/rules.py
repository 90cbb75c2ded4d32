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


# A hit in a snippet sits between these two characters; the client escapes the text and turns them into <mark>
# (the server never sends markup). Taken out of the page text first, so a page cannot fake a hit.
MARK_START, MARK_END = "\x02", "\x03"
_WORD = re.compile(r"[^\W_]+")


def terms(folded_query: str) -> list[str]:
    """The words of a folded query, as the full-text indexes split them (letters and digits)."""
    return _WORD.findall(folded_query)


def snippet(text: str, words: list[str], folded: str | None = None, width: int = 80) -> str:
    """About 2×`width` characters of the page from the first run of hits with the most of the query's words, each
    hit (a whole word; the last word of the query also as a prefix, as one types) between MARK_START and
    MARK_END; neighbouring hits are one mark. Without a hit: the page's beginning. `folded`: fold(text) if at
    hand (the stored page's)."""
    flat = " ".join(unicodedata.normalize("NFC", text).replace(MARK_START, "").replace(MARK_END, "").split())
    if folded is None or len(folded) != len(flat) or MARK_START in text or MARK_END in text:
        folded = fold(flat)
    if len(folded) != len(flat):  # a letter folded into two or none: fold letter by letter, keeping positions
        folded = "".join(fold(ch)[:1] or "_" if not ch.isspace() else " " for ch in flat)
    whole, prefix = set(words[:-1]), words[-1] if words else None
    spans: list[list] = []  # [start, end, the query words in it]: neighbouring hits ("đường giao thông") one mark
    full = None  # the first run holding every word of the query: no run after it is better
    if prefix:
        every = whole | {prefix}
        alternatives = "|".join(re.escape(w) for w in sorted(every, key=len, reverse=True))
        # a hit begins a word: checked on the letter before, not by a look-behind (which makes the search of a
        # page several times slower; a snippet for each of 50 pages is most of a search's time)
        for m in re.finditer(rf"(?:{alternatives})[^\W_]*", folded):
            a, w = m.start(), m.group()
            if a and folded[a - 1].isalnum():
                continue
            w = w if w in whole else prefix if w.startswith(prefix) else None  # which word of the query
            if w is None:
                continue
            if spans and flat[spans[-1][1]:a].isspace():
                spans[-1][1] = m.end()
                spans[-1][2].add(w)
            elif full is not None and a > spans[full][0] + width * 2:
                break  # beyond the snippet, which ends within 2×width of that run
            else:
                spans.append([a, m.end(), {w}])
            if full is None and len(spans[-1][2]) == len(every):
                full = len(spans) - 1
    if not spans:
        return flat[:width * 2] + ("…" if len(flat) > width * 2 else "")
    # the snippet begins at the first run holding the most of the query's words: its first mark is that run
    best = full if full is not None else max(range(len(spans)), key=lambda i: (len(spans[i][2]), -i))
    first = spans[best]
    start = max(spans[best - 1][1] if best else 0, first[0] - width // 2)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < first[0] else first[0]
    end = min(len(flat), start + width * 2)
    if end < len(flat):
        space = flat.rfind(" ", first[1], end)
        end = space if space > 0 else end
    out, at = [], start
    for a, b, _w in spans:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        out += [flat[at:a], MARK_START, flat[a:b], MARK_END]
        at = b
    out.append(flat[at:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(flat) else "")
