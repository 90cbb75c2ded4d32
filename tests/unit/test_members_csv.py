from server.councils.rules import parse_members_csv

HEADER = "username,full_name,role,title,constituency,groups,password\n"


def parse(text: str, existing=frozenset()):
    return parse_members_csv(text.encode("utf-8"), set(existing))


def test_valid_rows_with_vietnamese_headers_and_bom():
    data = "\ufeffTên đăng nhập,Họ và tên,Vai trò,Nhóm\nnva,Nguyễn Văn A,đại biểu,Ban Pháp chế; Tổ đại biểu số 2\nttb,Trần Thị B,delegate,\n"
    rows, errors = parse(data)
    assert errors == []
    assert [(r.username, r.full_name, r.role, r.groups) for r in rows] == [
        ("nva", "Nguyễn Văn A", "delegate", ["Ban Pháp chế", "Tổ đại biểu số 2"]),
        ("ttb", "Trần Thị B", "delegate", []),
    ]


def test_every_bad_row_is_reported_with_its_line():
    data = HEADER + (
        "ok.user,Lê Văn C,delegate,,,,\n"
        "Bad User,Lê Văn D,delegate,,,,\n"          # line 3: username
        "ok.user,Lê Văn E,delegate,,,,\n"           # line 4: duplicate of line 2
        "taken,Lê Văn F,delegate,,,,\n"             # line 5: exists already
        "new1,,president,,,,\n"                     # line 6: name + role
        "new2,Phạm G,delegate,,,Câu lạc bộ,short\n"  # line 7: group + password
        "new3,Phạm H\n"                             # line 8: column count
    )
    rows, errors = parse(data, {"taken"})
    got = {(e.row, e.field) for e in errors}
    assert got == {(3, "username"), (4, "username"), (5, "username"), (6, "full_name"), (6, "role"),
                   (7, "groups"), (7, "password"), (8, "row")}
    assert all(e.vi and e.en for e in errors)


def test_missing_columns_and_bad_encoding():
    _, errors = parse("username,role\nx,delegate\n")
    assert [(e.row, e.field) for e in errors] == [(1, "full_name")]
    _, errors = parse_members_csv("username,full_name,role\nle,Lê,delegate\n".encode("latin-1"), set())
    assert errors and errors[0].field == "file"
    _, errors = parse("")
    assert errors and errors[0].field == "file"


def test_control_characters_are_refused():
    _, errors = parse(HEADER + "abc,Tên\u0007 lạ,delegate,,,,\n")
    assert [(e.row, e.field) for e in errors] == [(2, "full_name")]
