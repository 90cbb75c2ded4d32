"""What changed between two versions of a document, page by page — pure functions over page texts.

`compare(old_pages, new_pages)` pairs the pages of the two versions without diffing every pair (300 pages
would be 90,000 diffs):

1. identical pages by a hash of their text (whitespace collapsed, a page-number line at the top or the
   bottom left out, so one inserted page does not make every later page "changed");
2. the pages left over, by the word pairs they share (an inverted index: a page meets only the pages it
   shares words with), greedily best first, when at least `NEAR` of their word pairs are shared;
3. the order kept: the pairs on the longest run in the same order are in place, the others moved;
4. between two pairs in place, as many pages left in the old version as in the new one: rewritten in place.

Only the pairs whose texts differ are diffed, word by word (difflib), giving the changed passages to mark.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left
from difflib import SequenceMatcher

NEAR = 0.3  # the share of word pairs two pages must have in common to be one page changed
ALGORITHM = 2  # in the cache key: a change of these rules computes the summaries again
_PAGE_NUMBER = re.compile(r"^\W*(?:(?:trang|page)\W*)?\d{1,5}(?:\s*(?:/|of|trên)\s*\d{1,5})?\W*$", re.IGNORECASE)


def words_of(text: str) -> list[str]:
    """The page's words, as compared: NFC, the page-number line at the top or the bottom left out."""
    lines = [ln for ln in unicodedata.normalize("NFC", text or "").splitlines() if ln.strip()]
    if lines and _PAGE_NUMBER.match(lines[-1].strip()):
        lines.pop()
    if lines and _PAGE_NUMBER.match(lines[0].strip()):
        lines.pop(0)
    return " ".join(lines).split()


def _digest(words: list[str]) -> str:
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()


def _pairs(words: list[str]) -> set[str]:
    low = [w.lower() for w in words]
    return {f"{a} {b}" for a, b in zip(low, low[1:])} or set(low)


def passages(old_words: list[str], new_words: list[str]) -> list[dict]:
    """The changed passages of a page: each the new words (`text`, their word positions `start`-`end` on the
    new page, `at` the characters before them, spaces left out: where a reader finds them in the page's text)
    and the old words they replace (`removed`); a deletion has no new words."""
    out = []
    before = [0]
    for w in new_words:
        before.append(before[-1] + len(w))
    sm = SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op != "equal":
            out.append({"start": b1, "end": b2, "at": before[b1], "text": " ".join(new_words[b1:b2]),
                        "removed": " ".join(old_words[a1:a2])})
    return out


def _in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest run of (new, old) pairs whose old pages come in the same order as the new (patience LIS)."""
    pairs = sorted(pairs)
    tails: list[int] = []  # the old page ending the best run of each length
    ends: list[int] = []   # index into pairs of that page
    back = [-1] * len(pairs)
    for i, (_n, o) in enumerate(pairs):
        k = bisect_left(tails, o)
        back[i] = ends[k - 1] if k else -1
        if k == len(tails):
            tails.append(o)
            ends.append(i)
        else:
            tails[k], ends[k] = o, i
    kept, i = set(), ends[-1] if ends else -1
    while i >= 0:
        kept.add(pairs[i])
        i = back[i]
    return kept


def compare(old_pages: list[str], new_pages: list[str]) -> dict:
    """Per page of the new version: unchanged, changed, moved (from old page k, maybe changed too) or added;
    and the old pages removed. Pages are numbered from 1. Only the pages that are not unchanged are listed;
    `from_pages` says of every page of the new version which old page it is (None: added), so that what
    points at an old page (a reader's note) finds it again, however the pages were renumbered."""
    old = [words_of(t) for t in old_pages]
    new = [words_of(t) for t in new_pages]
    match: dict[int, int] = {}  # new index → old index
    # 1. identical texts; among several, the nearest page
    by_hash: dict[str, list[int]] = {}
    for k, w in enumerate(old):
        by_hash.setdefault(_digest(w), []).append(k)
    for i, w in enumerate(new):
        same = by_hash.get(_digest(w))
        if same:
            k = min(same, key=lambda k: abs(k - i))
            same.remove(k)
            match[i] = k
    # 2. near texts, through the word pairs they share
    matched = set(match.values())
    free_old = [k for k in range(len(old)) if k not in matched]
    free_new = [i for i in range(len(new)) if i not in match]
    if free_old and free_new:
        shingles = {k: _pairs(old[k]) for k in free_old}
        index: dict[str, list[int]] = {}
        for k, sh in shingles.items():
            for s in sh:
                index.setdefault(s, []).append(k)
        scored = []
        for i in free_new:
            mine = _pairs(new[i])
            shared: dict[int, int] = {}
            for s in mine:
                for k in index.get(s, ()):
                    shared[k] = shared.get(k, 0) + 1
            for k, n in shared.items():
                score = n / (len(mine) + len(shingles[k]) - n)
                if score >= NEAR:
                    scored.append((-score, abs(k - i), i, k))
        taken = set()
        for _s, _d, i, k in sorted(scored):
            if i not in match and k not in taken:
                match[i] = k
                taken.add(k)
    # 3. in place or moved
    in_place = {i for i, _k in _in_order(list(match.items()))}
    # 4. rewritten in place: between two pages in place, as many left over on each side
    used = set(match.values())
    anchors = sorted((i, match[i]) for i in in_place)
    bounds = [(-1, -1)] + anchors + [(len(new), len(old))]
    for (i1, k1), (i2, k2) in zip(bounds, bounds[1:]):
        gap_new = [i for i in range(i1 + 1, i2) if i not in match]
        gap_old = [k for k in range(k1 + 1, k2) if k not in used]
        if gap_new and len(gap_new) == len(gap_old):
            for i, k in zip(gap_new, gap_old):
                match[i] = k
                in_place.add(i)
                used.add(k)
    pages, unchanged = [], 0
    for i in range(len(new)):
        if i not in match:
            pages.append({"page": i + 1, "status": "added", "from_page": None, "passages": []})
            continue
        k = match[i]
        diff = passages(old[k], new[i]) if old[k] != new[i] else []
        if i in in_place and not diff:
            unchanged += 1
            continue
        pages.append({"page": i + 1, "status": "changed" if i in in_place else "moved", "from_page": k + 1,
                      "passages": diff})
    removed = [k + 1 for k in range(len(old)) if k not in used]
    return {"pages": pages, "removed": removed, "unchanged": unchanged,
            "from_pages": [match[i] + 1 if i in match else None for i in range(len(new))]}
