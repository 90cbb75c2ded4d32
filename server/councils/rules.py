"""A council's own rules (the time profile of speeches) and member import from CSV, as pure functions."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from server.validation import clean_text

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
# Roles only an administrator gives or takes away (accounts/rules.py "roles.assign")
ASSIGNED_BY_ADMIN = frozenset({"chair", "secretary", "admin"})


def role_change_refused(may_assign: bool, own_account: bool, old: str | None, new: str) -> tuple[str, str] | None:
    """Why a role may not become `new` (None: it may). Nobody changes their own role; only an
    administrator makes someone chair or secretary, or stops them being one."""
    if old == new:
        return None
    if own_account:
        return "Không ai được tự đổi vai trò của mình.", "Nobody may change their own role."
    if "agency" in (old, new):  # an agency's account belongs to its agency (users.agency_id) and stays one
        return ("Tài khoản của cơ quan không đổi được vai trò; hãy tạo tài khoản mới.",
                "An agency's account cannot change role; create a new account instead.")
    if (new in ASSIGNED_BY_ADMIN or old in ASSIGNED_BY_ADMIN) and not may_assign:
        return ("Chỉ quản trị viên mới giao hoặc thôi vai trò chủ tọa, thư ký.",
                "Only an administrator makes someone chair or secretary, or stops them being one.")
    return None


IMPORTABLE_ROLES = ("secretary", "chair", "delegate", "guest", "display")
ROLE_ALIASES = {"thư ký": "secretary", "chủ tọa": "chair", "chủ tịch": "chair", "đại biểu": "delegate",
                "khách mời": "guest", "màn hình": "display"}
HEADER_ALIASES = {
    "username": "username", "tên đăng nhập": "username",
    "full_name": "full_name", "họ và tên": "full_name", "họ tên": "full_name",
    "role": "role", "vai trò": "role",
    "title": "title", "chức vụ": "title",
    "constituency": "constituency", "đơn vị bầu cử": "constituency",
    "groups": "groups", "nhóm": "groups",
    "password": "password", "mật khẩu": "password",
}
MAX_ROWS = 2000
# seconds per kind of speech (docs/domain.md "Speaking"): a council may set its own profile over these
DEFAULT_LIMITS_S = {"discussion": 420, "second": 180, "debate": 180, "question": 60, "answer": 180,
                    "explanation": 600, "report": 900, "procedural": 120}


def limits(profile: dict | None) -> dict[str, int]:
    """The council's time profile over the defaults."""
    return {**DEFAULT_LIMITS_S, **{k: int(v) for k, v in (profile or {}).items() if k in DEFAULT_LIMITS_S}}


@dataclass
class RowError:
    row: int  # 1-based line number in the file, header is line 1
    field: str
    vi: str
    en: str

    def as_json(self) -> dict:
        return {"row": self.row, "field": self.field, "message_vi": self.vi, "message_en": self.en}


@dataclass
class MemberRow:
    username: str
    full_name: str
    role: str
    title: str = ""
    constituency: str = ""
    groups: list[str] = field(default_factory=list)
    password: str = ""


def group_kind(name: str) -> str | None:
    """Thường trực HĐND → standing, Ban … → committee, Tổ … → delegate_group."""
    low = name.lower()
    if low.startswith("thường trực"):
        return "standing"
    if low.startswith("ban "):
        return "committee"
    if low.startswith("tổ "):
        return "delegate_group"
    return None


def _read_table(data: bytes, aliases: dict[str, str], required: tuple[str, ...]):
    """The rows of a CSV file as (line number, {column: cell}, wrong width); or the file's errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(0, "file", "Tệp không phải UTF-8. Hãy lưu CSV với mã hóa UTF-8.",
                             "The file is not UTF-8. Save the CSV as UTF-8.")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], [RowError(1, "file", "Tệp trống hoặc không đọc được.", "The file is empty or unreadable.")]
    columns = [aliases.get(h.strip().lower()) for h in header]
    errors = [RowError(1, need, f"Thiếu cột bắt buộc: {need}.", f"Missing required column: {need}.")
              for need in required if need not in columns]
    if errors:
        return [], errors
    rows = []
    try:
        for line_no, raw in enumerate(reader, start=2):
            if not any(cell.strip() for cell in raw):
                continue
            if len(rows) >= MAX_ROWS:
                errors.append(RowError(line_no, "file", f"Tối đa {MAX_ROWS} dòng.", f"At most {MAX_ROWS} rows."))
                break
            rows.append((line_no, dict(zip(columns, raw)), len(raw) != len(header)))
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, "file", f"Lỗi định dạng CSV: {exc}", f"CSV format error: {exc}"))
    return rows, errors


def parse_members_csv(data: bytes, existing_usernames: set[str],
                      may_assign: bool = True) -> tuple[list[MemberRow], list[RowError]]:
    """Parse and check every row; the caller imports only if the error list is empty. `may_assign`: the
    importer may give the roles only an administrator gives."""
    table, errors = _read_table(data, HEADER_ALIASES, ("username", "full_name", "role"))
    seen: dict[str, int] = {}
    rows = [row for n, cells, wrong in table
            if (row := _check_row(n, cells, wrong, existing_usernames, seen, errors, may_assign))]
    return rows, errors


def _check_row(n, cells, wrong_width, existing, seen, errors, may_assign=True) -> MemberRow | None:
    before = len(errors)
    failed: set[str] = set()

    def err(fld, vi, en):  # one error per field and row is enough to fix it
        if fld not in failed:
            failed.add(fld)
            errors.append(RowError(n, fld, vi, en))

    if wrong_width:
        err("row", "Số cột không khớp với dòng tiêu đề.", "The number of columns does not match the header.")
        return None
    values = {}
    for key, val in cells.items():
        if key is None:
            continue
        try:
            values[key] = clean_text(val) if key != "password" else val
        except ValueError:
            err(key, "Chứa ký tự điều khiển không hợp lệ.", "Contains invalid control characters.")
    username = values.get("username", "").lower()
    if not USERNAME_RE.match(username):
        err("username", "Tên đăng nhập phải dài 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch.",
            "Username must be 3–64 characters: lowercase letters, digits, dot, dash, underscore.")
    elif username in existing:
        err("username", f"Tên đăng nhập «{username}» đã tồn tại.", f"Username «{username}» already exists.")
    elif username in seen:
        err("username", f"Tên đăng nhập «{username}» trùng với dòng {seen[username]}.",
            f"Username «{username}» repeats line {seen[username]}.")
    else:
        seen[username] = n
    full_name = values.get("full_name", "")
    if not full_name or len(full_name) > 200:
        err("full_name", "Họ và tên bắt buộc, tối đa 200 ký tự.", "Full name is required, at most 200 characters.")
    role_raw = values.get("role", "").lower()
    role = ROLE_ALIASES.get(role_raw, role_raw)
    if role not in IMPORTABLE_ROLES:
        err("role", f"Vai trò không hợp lệ: «{role_raw[:40]}».", f"Invalid role: «{role_raw[:40]}».")
    elif refused := role_change_refused(may_assign, False, None, role):
        err("role", *refused)
    for key in ("title", "constituency"):
        if len(values.get(key, "")) > 200:
            err(key, "Tối đa 200 ký tự.", "At most 200 characters.")
    groups = [g.strip() for g in values.get("groups", "").split(";") if g.strip()]
    for g in groups:
        if group_kind(g) is None or len(g) > 200:
            err("groups", f"Nhóm không hợp lệ: «{g[:60]}» (phải bắt đầu bằng «Thường trực», «Ban» hoặc «Tổ»).",
                f"Invalid group: «{g[:60]}» (must start with «Thường trực», «Ban» or «Tổ»).")
    password = values.get("password", "")
    if password and not 8 <= len(password) <= 256:
        err("password", "Mật khẩu phải dài 8–256 ký tự.", "Password must be 8–256 characters.")
    if len(errors) > before:
        return None
    return MemberRow(username, full_name, role, values.get("title", ""), values.get("constituency", ""), groups, password)


# --- councils and terms ---------------------------------------------------------------------------------
LEVEL_ALIASES = {"province": "province", "tỉnh": "province", "thành phố": "province",
                 "commune": "commune", "xã": "commune", "phường": "commune", "đặc khu": "commune"}
COUNCIL_HEADERS = {
    "name": "name", "tên hội đồng": "name", "hội đồng": "name",
    "level": "level", "cấp": "level",
    "term_name": "term_name", "khóa": "term_name",
    "start_year": "start_year", "năm bắt đầu": "start_year",
    "end_year": "end_year", "năm kết thúc": "end_year",
    "quorum": "quorum", "túc số": "quorum",
    "admin_username": "admin_username", "tài khoản quản trị": "admin_username",
    "admin_full_name": "admin_full_name", "họ tên quản trị": "admin_full_name",
}
QUORUM_RE = re.compile(r"^\s*([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*$")


@dataclass
class CouncilRow:
    name: str
    level: str
    term_name: str
    start_year: int
    end_year: int
    quorum_num: int = 2
    quorum_den: int = 3
    admin_username: str = ""
    admin_full_name: str = ""


def term_years_error(start: int, end: int) -> tuple[str, str] | None:
    """A term runs for some years within a sane range (a khóa is normally five)."""
    if not (1945 <= start <= 2999 and 1945 <= end <= 2999):
        return "Năm phải trong khoảng 1945–2999.", "Years must be within 1945–2999."
    if end < start or end - start > 10:
        return ("Năm kết thúc phải sau năm bắt đầu, tối đa 10 năm.",
                "The end year must follow the start year, within 10 years.")
    return None


def check_council(name: str, level: str, term_name: str, start_year: int, end_year: int, quorum: tuple[int, int],
                  admin_username: str, admin_full_name: str, taken_names: set[str], taken_usernames: set[str]
                  ) -> tuple[CouncilRow | None, list[tuple[str, str, str]]]:
    """A new council with its first term (and first administrator): the row, or (field, vi, en) problems.
    Names are compared case-insensitively; `taken_*` are lower-case."""
    problems = []
    try:
        name, term_name, admin_full_name = (clean_text(x) for x in (name, term_name, admin_full_name))
    except ValueError:
        return None, [("name", "Chứa ký tự điều khiển không hợp lệ.", "Contains invalid control characters.")]
    if not name or len(name) > 200:
        problems.append(("name", "Tên hội đồng bắt buộc, tối đa 200 ký tự.",
                         "The council's name is required, at most 200 characters."))
    elif name.lower() in taken_names:
        problems.append(("name", f"Hội đồng «{name}» đã có.", f"Council «{name}» already exists."))
    level = LEVEL_ALIASES.get(level.lower())
    if level is None:
        problems.append(("level", "Cấp phải là tỉnh hoặc xã (province/commune).", "Level must be province or commune."))
    if not term_name or len(term_name) > 100:
        problems.append(("term_name", "Tên khóa bắt buộc, tối đa 100 ký tự.",
                         "The term's name is required, at most 100 characters."))
    bad_years = term_years_error(start_year, end_year)
    if bad_years:
        problems.append(("start_year", *bad_years))
    if not 0 < quorum[0] <= quorum[1]:
        problems.append(("quorum", "Túc số dạng 2/3, không lớn hơn 1.", "Quorum as a fraction like 2/3, at most 1."))
    admin = admin_username.lower()
    if admin:
        if not USERNAME_RE.match(admin):
            problems.append(("admin_username", "Tên đăng nhập phải dài 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch.",
                             "Username must be 3–64 characters: lowercase letters, digits, dot, dash, underscore."))
        elif admin in taken_usernames:
            problems.append(("admin_username", f"Tên đăng nhập «{admin}» đã tồn tại.", f"Username «{admin}» already exists."))
    if problems:
        return None, problems
    return CouncilRow(name, level, term_name, start_year, end_year, quorum[0], quorum[1], admin,
                      (admin_full_name or f"Quản trị {name}")[:200]), []


def parse_councils_csv(data: bytes, existing_names: set[str], existing_usernames: set[str]
                       ) -> tuple[list[CouncilRow], list[RowError]]:
    """A deployment's councils from one CSV (one row each, with its first term and, optionally, its first
    administrator's username); the caller creates them only if the error list is empty."""
    table, errors = _read_table(data, COUNCIL_HEADERS, ("name", "level", "term_name", "start_year", "end_year"))
    rows: list[CouncilRow] = []
    names, usernames = set(existing_names), set(existing_usernames)
    for n, cells, wrong in table:
        if wrong:
            errors.append(RowError(n, "row", "Số cột không khớp với dòng tiêu đề.",
                                   "The number of columns does not match the header."))
            continue
        try:
            v = {k: clean_text(c) for k, c in cells.items() if k}
        except ValueError:
            errors.append(RowError(n, "row", "Chứa ký tự điều khiển không hợp lệ.", "Contains invalid control characters."))
            continue
        years = [int(v[k]) if re.fullmatch(r"[0-9]{4}", v.get(k, "")) else 0 for k in ("start_year", "end_year")]
        m = QUORUM_RE.match(v.get("quorum") or "2/3")
        row, problems = check_council(v.get("name", ""), v.get("level", ""), v.get("term_name", ""), *years,
                                      (int(m[1]), int(m[2])) if m else (0, 0), v.get("admin_username", ""),
                                      v.get("admin_full_name", ""), names, usernames)
        errors += [RowError(n, *p) for p in problems]
        if row:
            rows.append(row)
            names.add(row.name.lower())
            usernames.add(row.admin_username)
    return rows, errors
