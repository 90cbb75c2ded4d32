from server.councils.rules import parse_councils_csv

HEADER = "name,level,term_name,start_year,end_year,quorum,admin_username\n"


def test_a_deployment_of_councils_from_one_file():
    rows, errors = parse_councils_csv((HEADER + "HĐND tỉnh Một,tỉnh,Khóa I,2026,2031,,qt.mot\n"
                                       + "HĐND xã Hai,xã,Khóa I,2026,2031,3/5,\n").encode(), set(), set())
    assert errors == []
    assert [(r.name, r.level, r.quorum_num, r.quorum_den, r.admin_username) for r in rows] == [
        ("HĐND tỉnh Một", "province", 2, 3, "qt.mot"), ("HĐND xã Hai", "commune", 3, 5, "")]


def test_every_bad_row_is_reported():
    data = (HEADER + "HĐND xã Hai,huyện,Khóa I,2026,2031,,\n" + "HĐND xã Ba,xã,Khóa I,2031,2026,5/3,QT\n"
            + "hđnd XÃ BỐN,xã,Khóa I,2026,2031,,\n").encode()
    rows, errors = parse_councils_csv(data, {"hđnd xã bốn"}, set())
    assert rows == []
    assert [(e.row, e.field) for e in errors] == [(2, "level"), (3, "start_year"), (3, "quorum"), (3, "admin_username"),
                                                  (4, "name")]


def test_missing_columns_and_duplicates_within_the_file():
    _, errors = parse_councils_csv(b"name,level\nX,xa\n", set(), set())
    assert {e.field for e in errors} == {"term_name", "start_year", "end_year"}
    rows, errors = parse_councils_csv((HEADER + "A,xã,K,2026,2031,,qt.a\nB,xã,K,2026,2031,,qt.a\n").encode(), set(), set())
    assert [(e.row, e.field) for e in errors] == [(3, "admin_username")]
