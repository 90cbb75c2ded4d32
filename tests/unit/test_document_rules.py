from server.documents.rules import MARK_END, MARK_START, fold, looks_like_pdf, may_read, snippet


def test_fold_vietnamese():
    assert fold("Dự thảo  Nghị quyết") == "du thao nghi quyet"
    assert fold("ĐẦU TƯ CÔNG đường") == "dau tu cong duong"
    assert fold("Tiếng Việt có dấu: ă â ê ô ơ ư ỹ") == "tieng viet co dau: a a e o o u y"


def test_access():
    assert may_read("guest", "public") and not may_read("guest", "delegates") and not may_read("guest", "confidential")
    assert not may_read("display", "confidential") and may_read("delegate", "confidential")


def test_pdf_magic_and_snippet():
    assert looks_like_pdf(b"%PDF-1.7\n") and looks_like_pdf(b"\x00" * 100 + b"%PDF-1.4")
    assert not looks_like_pdf(b"PK\x03\x04") and not looks_like_pdf(b"")
    s = snippet("Điều 1. Thông qua dự toán ngân sách địa phương năm 2027", fold("ngan sach").split(), width=10)
    assert f"{MARK_START}ngân sách{MARK_END}" in s and not s.startswith("Điều 1")  # cut around the hit, marked
