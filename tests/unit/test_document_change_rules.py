"""What changed between two versions (server/documents/changes.py): pages paired by their text, moved pages
recognised, the changed words of a page as passages to mark."""
from __future__ import annotations

import random
import time

from server.documents.changes import compare, passages, words_of

WORDS = ("ngân sách tỉnh dự toán chi đầu tư giao thông giáo dục y tế hạ tầng nông thôn nghị quyết điều khoản "
         "ủy ban nhân dân hội đồng thường trực ban kinh tế thẩm tra kế hoạch năm tổng thu địa bàn").split()


def page(seed: int, n: int = 120) -> str:
    r = random.Random(seed)
    return " ".join(r.choice(WORDS) for _ in range(n))


def doc(count: int) -> list[str]:
    return [f"{page(i)}\nTrang {i + 1}/{count}" for i in range(count)]


def status(result: dict) -> dict:
    return {p["page"]: (p["status"], p["from_page"]) for p in result["pages"]}


def test_same_document_has_no_change():
    pages = doc(10)
    assert compare(pages, pages) == {"pages": [], "removed": [], "unchanged": 10, "from_pages": list(range(1, 11))}


def test_a_changed_word_is_a_passage_on_its_page():
    old = doc(5)
    new = list(old)
    new[2] = old[2].replace(old[2].split()[7], "MƯỜI_TỶ", 1)
    r = compare(old, new)
    assert status(r) == {3: ("changed", 3)} and r["unchanged"] == 4 and r["removed"] == []
    [p] = r["pages"]
    assert any(x["text"] == "MƯỜI_TỶ" for x in p["passages"])
    assert all(x["text"] in ("MƯỜI_TỶ", "") for x in p["passages"])


def test_passages_are_word_ranges_of_the_new_page():
    old = "Điều 1. Chi đầu tư 5 tỷ đồng cho giao thông".split()
    new = "Điều 1. Chi đầu tư 7 tỷ đồng cho giao thông và y tế".split()
    assert passages(old, new) == [{"start": 5, "end": 6, "at": 14, "text": "7", "removed": "5"},
                                  {"start": 11, "end": 14, "at": 33, "text": "và y tế", "removed": ""}]
    assert passages("a b c".split(), "a c".split()) == [{"start": 1, "end": 1, "at": 1, "text": "", "removed": "b"}]


def test_a_moved_page_is_recognised():
    old = [page(i) for i in range(8)]
    new = old[:2] + old[3:6] + [old[2]] + old[6:]  # old page 3 now after old page 6
    r = compare(old, new)
    assert status(r) == {6: ("moved", 3)} and r["removed"] == [] and r["unchanged"] == 7


def test_a_moved_and_edited_page():
    old = [page(i) for i in range(8)]
    moved = old[1].replace(old[1].split()[3], "SỬA", 1)
    new = [old[0]] + old[2:7] + [moved, old[7]]
    r = compare(old, new)
    assert status(r) == {7: ("moved", 2)}
    assert [x["text"] for x in r["pages"][0]["passages"]] == ["SỬA"]


def test_added_and_removed_pages_do_not_shift_the_others():
    old = doc(6)
    # a page inserted after page 2, page 5 taken out; the page numbers at the foot all change
    body = [page(i) for i in range(6)]
    kept = body[:2] + [page(99)] + body[2:4] + body[5:]
    new = [f"{t}\nTrang {n + 1}/{len(kept)}" for n, t in enumerate(kept)]
    r = compare(old, new)
    assert status(r) == {3: ("added", None)} and r["removed"] == [5] and r["unchanged"] == 5
    assert r["from_pages"] == [1, 2, None, 3, 4, 6]  # old page 3, under a note, is page 4 now


def test_every_new_page_says_which_old_page_it_is():
    old = [page(i) for i in range(6)]
    edited = old[2].replace(old[2].split()[5], "SỬA", 1)
    new = old[:2] + [page(70), edited] + old[4:] + [old[3]]  # a page inserted before old 3, old 4 moved to the end
    r = compare(old, new)
    assert status(r) == {3: ("added", None), 4: ("changed", 3), 7: ("moved", 4)}
    assert r["from_pages"] == [1, 2, None, 3, 5, 6, 4]


def test_a_page_rewritten_in_place_is_changed_not_added():
    old = [page(i) for i in range(5)]
    new = old[:2] + [page(50)] + old[3:]
    r = compare(old, new)
    assert status(r) == {3: ("changed", 3)} and r["removed"] == []


def test_page_number_lines_are_not_text():
    assert words_of("Trang 3/10\nĐiều 1.\n  \n- 4 -") == ["Điều", "1."]
    assert words_of("Điều 1. Chi 5 tỷ\n12") == ["Điều", "1.", "Chi", "5", "tỷ"]
    assert words_of("") == []


def test_blank_pages_and_empty_documents():
    assert compare([], ["a b"]) == {"pages": [{"page": 1, "status": "added", "from_page": None, "passages": []}],
                                    "removed": [], "unchanged": 0, "from_pages": [None]}
    assert compare(["a b"], []) == {"pages": [], "removed": [1], "unchanged": 0, "from_pages": []}
    r = compare(["", "x y z", ""], ["", "", "x y z"])
    assert r["removed"] == [] and len(r["pages"]) == 1


def test_300_pages_well_within_the_target():
    old = doc(300)
    new = list(old)
    for i in (10, 120, 250):
        new[i] = new[i].replace(new[i].split()[5], "ĐỔI", 1)
    new.insert(200, new.pop(40))
    t = time.perf_counter()
    r = compare(old, new)
    assert time.perf_counter() - t < 2.5
    assert {p["status"] for p in r["pages"]} == {"changed", "moved"}
