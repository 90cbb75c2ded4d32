"""A realistic, invented demo: the People's Council of the (fictional) province of Vân Sơn."""
from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from server.accounts.models import User
from server.accounts.passwords import hash_password
from server.agenda.models import AgendaItem
from server.councils.models import Council, Group, GroupMember, Term
from server.db import transaction
from server.sessions.models import CouncilSession, Sitting

COUNCIL_NAME = "Hội đồng nhân dân tỉnh Vân Sơn"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Phan", "Trương"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Mai", "Kim"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hiếu", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thắng", "Tuấn", "Việt"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Nga", "Phương", "Thảo", "Trang", "Yến"]
CONSTITUENCIES = [f"Đơn vị bầu cử số {i}" for i in range(1, 11)]
COMMITTEES = ["Ban Kinh tế – Ngân sách", "Ban Văn hóa – Xã hội", "Ban Pháp chế", "Ban Dân tộc"]
GROUPS = [f"Tổ đại biểu số {i}" for i in range(1, 11)]

AGENDA = [
    ("Khai mạc kỳ họp", "procedural", 20, "Chủ tịch HĐND tỉnh", []),
    ("Báo cáo tình hình kinh tế – xã hội năm 2026, phương hướng nhiệm vụ năm 2027", "report", 30, "UBND tỉnh", [
        ("Báo cáo thẩm tra của Ban Kinh tế – Ngân sách", "report", 15, "Ban Kinh tế – Ngân sách"),
    ]),
    ("Tờ trình về dự toán ngân sách địa phương và phân bổ ngân sách tỉnh năm 2027", "submission", 20, "UBND tỉnh", [
        ("Dự thảo nghị quyết về dự toán ngân sách năm 2027", "submission", 10, "Sở Tài chính"),
        ("Báo cáo thẩm tra dự toán ngân sách năm 2027", "report", 10, "Ban Kinh tế – Ngân sách"),
    ]),
    ("Tờ trình về kế hoạch đầu tư công năm 2027", "submission", 20, "UBND tỉnh", []),
    ("Tờ trình về chính sách hỗ trợ phát triển nông nghiệp công nghệ cao giai đoạn 2027–2030", "submission", 20, "Sở Nông nghiệp và Môi trường", []),
    ("Thảo luận tại tổ", "discussion_group", 120, "", []),
    ("Thảo luận tại hội trường", "discussion_plenary", 150, "", []),
    ("Chất vấn và trả lời chất vấn", "questioning", 120, "", [
        ("Chất vấn Giám đốc Sở Giáo dục và Đào tạo về cơ sở vật chất trường học", "questioning", 45, ""),
        ("Chất vấn Giám đốc Sở Xây dựng về tiến độ các công trình giao thông", "questioning", 45, ""),
    ]),
    ("Giải trình của UBND tỉnh về các ý kiến của đại biểu", "explanation", 30, "UBND tỉnh", []),
    ("Biểu quyết thông qua các nghị quyết", "voting", 40, "", [
        ("Nghị quyết về dự toán ngân sách địa phương năm 2027", "voting", 5, ""),
        ("Nghị quyết về kế hoạch đầu tư công năm 2027", "voting", 5, ""),
        ("Nghị quyết về chính sách hỗ trợ phát triển nông nghiệp công nghệ cao", "voting", 5, ""),
    ]),
    ("Bế mạc kỳ họp", "procedural", 15, "Chủ tịch HĐND tỉnh", []),
]


def _names(rng: random.Random, n: int) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        female = rng.random() < 0.4
        names.add(" ".join([rng.choice(SURNAMES), rng.choice(MIDDLE_F if female else MIDDLE_M),
                            rng.choice(GIVEN_F if female else GIVEN_M)]))
    return sorted(names)


def create_demo(app, password: str = "kyhop-demo", quiet: bool = True) -> int:
    with app.app_context():
        with transaction() as s:
            existing = s.scalar(select(Council).where(Council.name == COUNCIL_NAME))
            if existing is None:
                _build(s, hash_password(password))
        if existing is None:
            _documents()
    if not quiet:
        print(f"""
kyhop — dữ liệu mẫu / demo data: {COUNCIL_NAME}, Kỳ họp thứ 5
Tài khoản / logins (mật khẩu / password: {password}):
  thư ký kỳ họp / secretary : thuky
  chủ tọa / chair           : chutich
  đại biểu / delegates      : daibieu01 … daibieu49
  khách mời / guests        : khach01 … khach03
  màn hình hội trường / hall display : manhinh
  quản trị / admin          : quantri
  quản trị triển khai / deployment operator (councils, terms) : vanhanh
""", flush=True)
    return 0


def _build(s, pw_hash: str) -> None:
    # All demo accounts share one password, so one hash serves them all.
    rng = random.Random(2026)
    council = Council(name=COUNCIL_NAME, level="province", quorum_num=2, quorum_den=3)
    s.add(council)
    s.flush()
    term = Term(council_id=council.id, name="Khóa XI, nhiệm kỳ 2026–2031", start_year=2026, end_year=2031)
    s.add(term)
    s.flush()

    def user(username, full_name, role, title="", constituency="", delegate=False):
        u = User(council_id=council.id, term_id=term.id if delegate else None, username=username,
                 full_name=full_name, role=role, title=title, constituency=constituency, password_hash=pw_hash)
        s.add(u)
        return u

    names = _names(rng, 56)
    user("quantri", "Quản trị hệ thống", "admin")
    user("vanhanh", "Quản trị triển khai", "operator")
    user("thuky", names[50], "secretary", "Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh")
    chair = user("chutich", names[51], "chair", "Chủ tịch HĐND tỉnh", CONSTITUENCIES[0], delegate=True)
    delegates = [chair]
    for i in range(1, 50):
        title = {1: "Phó Chủ tịch HĐND tỉnh", 2: "Phó Chủ tịch HĐND tỉnh"}.get(i, "Đại biểu HĐND tỉnh")
        delegates.append(user(f"daibieu{i:02d}", names[i - 1], "delegate", title, CONSTITUENCIES[i % 10], delegate=True))
    for i, title in enumerate(["Chủ tịch UBND tỉnh", "Giám đốc Sở Tài chính", "Giám đốc Sở Giáo dục và Đào tạo"], 1):
        user(f"khach{i:02d}", names[51 + i], "guest", title)
    user("manhinh", "Màn hình hội trường", "display")
    s.flush()

    groups = [Group(council_id=council.id, kind="standing", name="Thường trực HĐND tỉnh")]
    groups += [Group(council_id=council.id, kind="committee", name=n) for n in COMMITTEES]
    groups += [Group(council_id=council.id, kind="delegate_group", name=n) for n in GROUPS]
    s.add_all(groups)
    s.flush()
    memberships = [(groups[0], d) for d in delegates[:3]]
    memberships += [(groups[1 + i % len(COMMITTEES)], d) for i, d in enumerate(delegates[3:23])]
    memberships += [(groups[1 + len(COMMITTEES) + i % len(GROUPS)], d) for i, d in enumerate(delegates)]
    s.add_all(GroupMember(group_id=g.id, user_id=d.id, council_id=council.id) for g, d in memberships)

    cs = CouncilSession(council_id=council.id, term_id=term.id, number=5, kind="regular", status="published",
                        title="Kỳ họp thứ 5 (kỳ họp thường lệ cuối năm 2026)",
                        location="Hội trường HĐND tỉnh", start_date=date(2026, 12, 8), end_date=date(2026, 12, 10))
    s.add(cs)
    s.flush()
    s.add_all(Sitting(council_id=council.id, session_id=cs.id, date=date(2026, 12, d), part=p,
                      title=f"Phiên {'sáng' if p == 'morning' else 'chiều'} ngày {d}/12")
              for d in (8, 9, 10) for p in ("morning", "afternoon"))
    for pos, (title, kind, minutes, presenter, children) in enumerate(AGENDA):
        parent = AgendaItem(council_id=council.id, session_id=cs.id, position=pos, title=title, kind=kind,
                            planned_minutes=minutes, presenter=presenter)
        s.add(parent)
        s.flush()
        for cpos, (ctitle, ckind, cmin, cpres) in enumerate(children):
            s.add(AgendaItem(council_id=council.id, session_id=cs.id, parent_id=parent.id, position=cpos,
                             title=ctitle, kind=ckind, planned_minutes=cmin, presenter=cpres))


# (agenda item title, document title, kind, access, pages, number line)
DOCUMENTS = [
    ("Báo cáo tình hình kinh tế – xã hội năm 2026, phương hướng nhiệm vụ năm 2027",
     "Báo cáo tình hình kinh tế – xã hội năm 2026", "report", "public", 6, "Số: 215/BC-UBND"),
    ("Báo cáo thẩm tra của Ban Kinh tế – Ngân sách", "Báo cáo thẩm tra về tình hình kinh tế – xã hội",
     "review_report", "public", 3, "Số: 88/BC-KTNS"),
    ("Tờ trình về dự toán ngân sách địa phương và phân bổ ngân sách tỉnh năm 2027",
     "Tờ trình về dự toán ngân sách địa phương năm 2027", "submission", "delegates", 4, "Số: 190/TTr-UBND"),
    ("Dự thảo nghị quyết về dự toán ngân sách năm 2027", "Dự thảo Nghị quyết về dự toán ngân sách năm 2027",
     "draft_resolution", "delegates", 3, "Số: /NQ-HĐND"),
    ("Báo cáo thẩm tra dự toán ngân sách năm 2027", "Báo cáo thẩm tra dự toán ngân sách năm 2027",
     "review_report", "delegates", 3, "Số: 90/BC-KTNS"),
    ("Tờ trình về kế hoạch đầu tư công năm 2027", "Tờ trình về kế hoạch đầu tư công năm 2027",
     "submission", "delegates", 4, "Số: 192/TTr-UBND"),
    ("Tờ trình về kế hoạch đầu tư công năm 2027", "Phụ lục danh mục dự án đầu tư công (tài liệu không phổ biến)",
     "annex", "confidential", 2, "Phụ lục"),
    ("Tờ trình về chính sách hỗ trợ phát triển nông nghiệp công nghệ cao giai đoạn 2027–2030",
     "Dự thảo Nghị quyết về chính sách hỗ trợ nông nghiệp công nghệ cao", "draft_resolution", "delegates", 3,
     "Số: /NQ-HĐND"),
]


def _documents() -> None:
    """Generated Vietnamese PDFs for the demo session, ingested like any upload."""
    import io

    from server.db import db
    from server.documents.samples import make_pdf
    from server.documents.service import upload

    s = db()
    cs = s.scalar(select(CouncilSession).join(Council, Council.id == CouncilSession.council_id)
                  .where(Council.name == COUNCIL_NAME))
    secretary = s.scalar(select(User).where(User.username == "thuky"))
    items = {i.title: i.id for i in s.scalars(select(AgendaItem).where(AgendaItem.session_id == cs.id))}
    for n, (item, title, kind, access, pages, number) in enumerate(DOCUMENTS, 1):
        data = make_pdf(title, pages, number=number)
        upload(cs, secretary.id, io.BytesIO(data), f"tai-lieu-{n:02d}.pdf",
               {"title": title, "kind": kind, "access": access, "agenda_item_id": items[item]})
