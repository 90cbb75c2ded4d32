"""A realistic, invented demo: the People's Council of the (fictional) province of Vân Sơn."""
from __future__ import annotations

import random
from datetime import date, timedelta

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
        pw_hash = hash_password(password)
        with transaction() as s:
            existing = s.scalar(select(Council).where(Council.name == COUNCIL_NAME))
            if existing is None:
                _build(s, pw_hash)
        if existing is None:
            _documents()
            _petitions(app, pw_hash)
            _meetings(password)
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
  cơ quan giải quyết kiến nghị / agencies answering petitions : {", ".join(login for _, _, login in AGENCIES)}
  lãnh đạo UBND tỉnh (trả lời chất vấn) / People's Committee leader answering questions : ubndtinh
  quản trị triển khai / deployment operator (councils, terms) : vanhanh
  HĐND xã Tân Lập (khách mời hội nghị giao ban) / a commune council invited to the giao ban : cttanlap, pcttanlap (Thường trực), dbtanlap
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


# Voter petitions before the session: the agencies that answer them, each with one account, two voter meetings
# and what was heard there, carried through the same use cases as the screens (every step on the chain).
AGENCIES = [("Sở Giao thông vận tải", "province", "sogtvt"), ("Sở Xây dựng", "province", "soxaydung"),
            ("Sở Giáo dục và Đào tạo", "province", "sogddt"), ("UBND xã Tân Lập", "commune", "ubndtanlap")]
MEETINGS = [  # (days ago, place, constituency index, voters)
    (45, "Nhà văn hóa thôn Đông, xã Tân Lập", 1, 135),
    (38, "Hội trường UBND phường Bắc Sơn", 2, 210),
]
# (meeting, text, area, field, level, agency or None, what becomes of it: received, merge (into the first), open,
#  overdue, an answer's status, or reopened (answered resolved, then reopened by the office), the answer)
PETITIONS = [
    (0, "Đề nghị sớm sửa chữa tuyến đường tỉnh 291 đoạn qua xã Tân Lập bị xuống cấp, nhiều ổ gà gây mất an toàn giao thông.",
     "Xã Tân Lập", "transport", "province", "Sở Giao thông vận tải", "resolved",
     "Sở đã hoàn thành sửa chữa, thảm lại mặt đường đoạn Km12–Km15 đường tỉnh 291 trong tháng 10/2026."),
    (1, "Cử tri đề nghị sửa chữa đường tỉnh 291 đoạn qua xã Tân Lập đang xuống cấp, có nhiều ổ gà.",
     "Phường Bắc Sơn", "transport", "province", None, "merge", ""),
    (0, "Đề nghị xây dựng cầu tràn qua suối Nậm Khoa để học sinh đi học an toàn trong mùa mưa lũ.",
     "Thôn Đông, xã Tân Lập", "transport", "province", "Sở Xây dựng", "overdue", ""),
    (0, "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ tái định cư thôn Đông.",
     "Thôn Đông, xã Tân Lập", "land", "commune", "UBND xã Tân Lập", "in_progress",
     "UBND xã đang rà soát hồ sơ của 18 hộ; dự kiến trình cấp giấy chứng nhận trong quý I/2027."),
    (1, "Đề nghị bổ sung giáo viên tiếng Anh cho Trường Tiểu học Bắc Sơn, hiện một giáo viên dạy ba điểm trường.",
     "Phường Bắc Sơn", "education", "province", "Sở Giáo dục và Đào tạo", "explained",
     "Năm học 2026–2027 tỉnh được giao thêm 12 giáo viên tiếng Anh; trường được bố trí thêm 01 giáo viên từ học kỳ II."),
    (1, "Đề nghị có giải pháp chống ngập úng tại khu dân cư tổ 5 phường Bắc Sơn mỗi khi mưa lớn.",
     "Tổ 5, phường Bắc Sơn", "environment", "province", "Sở Xây dựng", "reopened",
     "Đã nạo vét toàn bộ tuyến cống thoát nước tổ 5 trong tháng 9/2026."),
    (0, "Đề nghị lắp đèn tín hiệu giao thông tại ngã ba chợ Tân Lập.",
     "Xã Tân Lập", "transport", "province", "Sở Giao thông vận tải", "open", ""),
    (1, "Đề nghị Trung ương nâng mức trợ cấp hằng tháng cho người có công với cách mạng cho phù hợp với giá cả.",
     "Phường Bắc Sơn", "social_policy", "national", None, "received", ""),
]


def _petitions(app, pw_hash: str) -> None:
    import io

    from server.db import db
    from server.documents import storage
    from server.documents.samples import make_pdf
    from server.journal import record_council
    from server.petitions import cases

    s = db()
    council = s.scalar(select(Council).where(Council.name == COUNCIL_NAME))
    office = s.scalar(select(User).where(User.username == "thuky"))
    today = date.today()
    staff = _names(random.Random(2027), len(AGENCIES))
    agencies, accounts = {}, {}
    for (name, level, login), full_name in zip(AGENCIES, staff):
        agency = cases.add_agency(office, {"name": name, "level": level, "email": ""})
        with transaction() as t:
            user = User(council_id=council.id, username=login, full_name=full_name, role="agency", agency_id=agency.id,
                        title=f"Chuyên viên {name}", password_hash=pw_hash)
            t.add(user)
            t.flush()
            record_council(t, council.id, office.id, "agency.account_added", {"user_id": user.id, "agency_id": agency.id})
        agencies[name], accounts[name] = agency.id, s.get(User, user.id)
    groups = {g.name: g.id for g in s.scalars(select(Group).where(Group.council_id == council.id))}
    meetings = []
    for days, place, k, voters in MEETINGS:
        present = s.scalars(select(User.id).where(User.council_id == council.id, User.constituency == CONSTITUENCIES[k])
                            .order_by(User.id).limit(3)).all()
        meetings.append(cases.add_meeting(office, {"held_on": today - timedelta(days=days), "place": place,
                                                   "constituency": CONSTITUENCIES[k], "group_id": groups[GROUPS[k]],
                                                   "voters": voters, "delegate_ids": list(present)}))
    cfg = app.config["KYHOP"]
    tmp, sha, _, _ = storage.receive(cfg, io.BytesIO(make_pdf("Biên bản tiếp xúc cử tri", 2, number="Số: 12/BB-TXCT")),
                                     "bien-ban.pdf", cfg.max_upload_bytes)
    storage.place(cfg, tmp, sha)
    cases.attach_record(office, meetings[0].id, "bien-ban-tiep-xuc-cu-tri-tan-lap.pdf", sha)

    heard = [cases.add_petition(office, meetings[m].id, {"text": text, "area": area, "field": field, "level": level})
             for m, text, area, field, level, *_ in PETITIONS]
    cases.merge(office, heard[0].id, [c.id for c, p in zip(heard, PETITIONS) if p[6] == "merge"])
    for case, (*_, agency, fate, answer) in zip(heard, PETITIONS):
        if agency is None:
            continue
        overdue = fate == "overdue"
        cases.transfer(office, case.id, agencies[agency], today + timedelta(days=-5 if overdue else 25),
                       "Đề nghị trả lời trước kỳ họp thứ 5.", today - timedelta(days=30) if overdue else today)
        if answer:
            cases.answer(accounts[agency], case.id, "resolved" if fate == "reopened" else fate, answer, [])
        if fate == "reopened":
            cases.reopen(office, case.id, "Giám sát thực tế: khu dân cư tổ 5 vẫn ngập khi mưa lớn ngày 20/11/2026.")


# Meetings besides the session (issue 18, docs/meetings.md, docs/questioning.md): the standing committee's meeting
# of last month, held — its questioning item took up two issue groups answered live, the commitments made there
# (one done, one overdue), its conclusion notice, published; the next standing meeting with slips waiting (one
# citing a voter petition case, one following up last month's); an explanation meeting with the People's
# Committee's leader invited; and the quarterly giao ban with the standing committee of the commune of Tân Lập,
# a council of its own, invited. Everything through the same use cases as the screens, on the chain.
COMMUNE_NAME = "Hội đồng nhân dân xã Tân Lập"
COMMUNE_MEMBERS = [("cttanlap", "Lò Văn Thắng", "chair", "Chủ tịch HĐND xã Tân Lập"),
                   ("pcttanlap", "Hà Thị Nga", "delegate", "Phó Chủ tịch HĐND xã Tân Lập"),
                   ("dbtanlap", "Sầm Văn Hải", "delegate", "Đại biểu HĐND xã Tân Lập")]
SLIPS_HELD = [  # (author, official's login, group, text)
    ("daibieu07", "sogtvt", 0, ("Đề nghị Giám đốc Sở Giao thông vận tải cho biết vì sao tuyến đường tỉnh 291 vừa sửa "
                               "chữa xong đã xuống cấp trở lại, trách nhiệm của nhà thầu thi công như thế nào?")),
    ("daibieu12", "sogtvt", 0, ("Đề nghị Sở cho biết kế hoạch lắp đèn tín hiệu giao thông tại các nút giao có nhiều "
                               "tai nạn trên quốc lộ đi qua địa bàn tỉnh.")),
    ("daibieu15", "sogddt", 1, ("Đề nghị Giám đốc Sở Giáo dục và Đào tạo cho biết giải pháp khắc phục tình trạng thiếu "
                               "giáo viên tiếng Anh, tin học ở các trường tiểu học vùng cao.")),
]
GROUPS_HELD = ["An toàn giao thông trên đường tỉnh 291 và quốc lộ", "Thiếu giáo viên ở các trường tiểu học vùng cao"]
PROMISES = [  # (group, official's login, text, days from today to the deadline, done)
    (0, "sogtvt", "Yêu cầu nhà thầu bảo hành, sửa chữa xong các đoạn hư hỏng trên đường tỉnh 291.", -20, True),
    (0, "sogtvt", "Lắp đặt đèn tín hiệu giao thông tại ngã ba chợ Tân Lập.", -5, False),
    (1, "sogddt", "Tuyển dụng, bố trí đủ giáo viên tiếng Anh cho các trường tiểu học vùng cao.", 60, False),
]


def _meetings(password: str) -> None:
    from server.agenda.service import add_item
    from server.archive.conclusion import CONCLUSION
    from server.archive.minutes import save
    from server.attendance.service import mark
    from server.console.control import close_session, goto, open_session
    from server.councils.rules import MemberRow
    from server.councils.service import create_council, create_member
    from server.db import db
    from server.journal import record_council
    from server.petitions.models import PetitionCase
    from server.questioning import commitments, groups, slips
    from server.sessions.invitations import invite
    from server.sessions.service import create_session, update_session
    from server.speaking.models import FloorRequest
    from server.speaking.service import end_speech, give_floor

    s = db()
    council = s.scalar(select(Council).where(Council.name == COUNCIL_NAME))
    who = {u.username: u for u in s.scalars(select(User).where(User.council_id == council.id))}
    office, chair = who["thuky"], who["chutich"]
    standing = s.scalar(select(Group.id).where(Group.council_id == council.id, Group.kind == "standing"))
    today = date.today()

    # a leader of the People's Committee answers questions too: an official of the agency "UBND tỉnh"
    from server.petitions import cases
    agency = cases.add_agency(office, {"name": "UBND tỉnh Vân Sơn", "level": "province", "email": ""})
    with transaction() as t:
        leader = User(council_id=council.id, username="ubndtinh", full_name="Đinh Quang Huy", role="agency",
                      agency_id=agency.id, title="Phó Chủ tịch UBND tỉnh", password_hash=who["thuky"].password_hash)
        t.add(leader)
        t.flush()
        record_council(t, council.id, office.id, "agency.account_added", {"user_id": leader.id, "agency_id": agency.id})
    who["ubndtinh"] = s.get(User, leader.id)

    def meeting(kind: str, title: str, on: date, agenda: list[tuple[str, str]], group_id=standing) -> CouncilSession:
        cs = create_session(council.id, {"kind": kind, "group_id": group_id, "title": title, "start_date": on,
                                         "end_date": on, "location": "Phòng họp Thường trực HĐND tỉnh"})
        items = {}
        for title_, kind_ in agenda:
            items[title_] = add_item(cs, office.id, {"title": title_, "kind": kind_})[0].id
        cs = update_session(cs, {"status": "published"})
        cs.items = items
        return cs

    questioning = "Chất vấn và trả lời chất vấn"
    # ---- last month's standing meeting, held
    held = meeting("standing", f"Phiên họp Thường trực HĐND tỉnh tháng {(today - timedelta(days=35)).month}",
                   today - timedelta(days=35), [("Khai mạc", "procedural"), (questioning, "questioning"),
                                                 ("Kết luận phiên họp", "procedural")])
    written = [slips.write(who[a], {"official_id": who[o].id, "session_id": held.id, "text": text})
               for a, o, _, text in SLIPS_HELD]
    made = []
    for n, title in enumerate(GROUPS_HELD):
        official = who[next(o for _, o, g, _ in SLIPS_HELD if g == n)]
        g = groups.create(office, held.id, {"title": title, "official_id": official.id,
                                            "slip_ids": [x.id for x, row in zip(written, SLIPS_HELD) if row[2] == n]})
        groups.update(office, g.id, {"selected": True})
        made.append(g)
    groups.apply(office, held.id, held.items[questioning])
    members = s.scalars(select(GroupMember.user_id).where(GroupMember.group_id == standing)).all()
    for uid in members:
        mark(held, uid, uid, "present")
    open_session(held, chair.id)
    for g in made:
        g = s.get(type(g), g.id)
        goto(held, chair.id, g.agenda_item_id)
        for req in s.scalars(select(FloorRequest).where(FloorRequest.agenda_item_id == g.agenda_item_id,
                                                        FloorRequest.status == "waiting").order_by(FloorRequest.id)).all():
            ev = give_floor(held, chair.id, {"request_id": req.id})
            end_speech(held, chair.id)
            give_floor(held, chair.id, {"user_id": g.official_id, "kind": "answer",
                                        "answers_speech_id": ev.data["speech_id"]})
            end_speech(held, chair.id)
    for g, official, text, days, done in PROMISES:
        c = commitments.make(office, {"official_id": who[official].id, "session_id": held.id, "group_id": made[g].id,
                                      "text": text, "deadline": today + timedelta(days=days)})
        commitments.update(office, c.id, {"public": True, **({"status": "done"} if done else {})})
    for x in written:
        slips.publish(office, x.id, True)
    close_session(held, chair.id)
    held = update_session(s.get(CouncilSession, held.id), {"public": True})
    save(held, office.id, _concluded(CONCLUSION.draft(db(), held), held), CONCLUSION)

    # ---- next month's standing meeting: slips waiting, one citing a voter petition case, one a follow-up
    upcoming = meeting("standing", f"Phiên họp Thường trực HĐND tỉnh tháng {(today + timedelta(days=10)).month}",
                       today + timedelta(days=10), [("Khai mạc", "procedural"), (questioning, "questioning"),
                                                     ("Kết luận phiên họp", "procedural")])
    bridge = s.scalar(select(PetitionCase).where(PetitionCase.council_id == council.id,
                                                 PetitionCase.summary.contains("Nậm Khoa")))
    slips.write(who["daibieu11"], {"official_id": who["soxaydung"].id, "session_id": upcoming.id,
                                   "case_ids": [bridge.id] if bridge else [],
                                   "text": "Cử tri xã Tân Lập kiến nghị xây cầu tràn qua suối Nậm Khoa đã quá hạn trả lời. "
                                           "Đề nghị Giám đốc Sở Xây dựng cho biết khi nào khởi công?"})
    slips.write(who["daibieu07"], {"official_id": who["sogtvt"].id, "session_id": upcoming.id,
                                   "follows_up_id": written[0].id,
                                   "text": "Tại phiên họp trước Sở hứa lắp đèn tín hiệu tại ngã ba chợ Tân Lập nhưng đến nay "
                                           "chưa thực hiện. Đề nghị Sở cho biết lý do và thời hạn hoàn thành."})

    # ---- an explanation meeting: the People's Committee explains, its leader invited
    explanation = meeting("explanation", "Phiên giải trình về công tác giải phóng mặt bằng các dự án giao thông",
                          today + timedelta(days=20), [("Khai mạc", "procedural"),
                                                       ("UBND tỉnh giải trình", "explanation"),
                                                       ("Đại biểu chất vấn, thảo luận", "questioning"),
                                                       ("Kết luận phiên giải trình", "procedural")])
    invite(explanation, office.id, user_id=who["ubndtinh"].id)
    invite(explanation, office.id, user_id=who["sogtvt"].id)

    # ---- the quarterly giao ban with the commune of Tân Lập's standing committee
    commune, _ = create_council(COMMUNE_NAME, "commune", "Khóa XI, nhiệm kỳ 2026–2031", 2026, 2031)
    for login, name, role, title in COMMUNE_MEMBERS:
        create_member(commune.id, MemberRow(login, name, role, title, "Xã Tân Lập",
                                            ["Thường trực HĐND xã Tân Lập"] if role == "chair" or "Phó" in title else [],
                                            password))
    giao_ban = meeting("giao_ban", "Hội nghị giao ban Thường trực HĐND tỉnh với Thường trực HĐND cấp xã quý IV",
                       today + timedelta(days=30), [("Khai mạc", "procedural"),
                                                    ("Thường trực HĐND các xã báo cáo kết quả hoạt động quý IV", "report"),
                                                    ("Thảo luận", "discussion_plenary"),
                                                    ("Kết luận hội nghị", "procedural")])
    invite(giao_ban, office.id, council_id=commune.id)


CONCLUDED = ("Thường trực HĐND tỉnh ghi nhận các nội dung trả lời của Sở Giao thông vận tải và Sở Giáo dục và Đào "
             "tạo; đề nghị các cơ quan thực hiện đúng các lời hứa tại phiên họp, báo cáo kết quả bằng văn bản "
             "trước phiên họp Thường trực tháng sau. Giao Ban Kinh tế – Ngân sách và Ban Văn hóa – Xã hội theo dõi, giám "
             "sát việc thực hiện.")


def _concluded(draft: str, cs: CouncilSession) -> str:
    """The secretary's edit of the drafted notice: the meeting's day as planned (the demo holds it on the day it is
    created, so the clock times of its speeches are left out), and the conclusion written."""
    import re
    lines = []
    for line in draft.splitlines():
        if line.startswith(cs.title + ", ngày"):
            line = line.split(". Khai mạc lúc")[0] + "."
        line = re.sub(r"^\d\d giờ \d\d: ", "", line)
        line = re.sub(r", \d+,\d phút\.$", ".", line)
        lines.append(line)
    text = "\n".join(lines)
    return text.replace("# Kết luận\n…", "# Kết luận\n" + CONCLUDED)
