"""Member import from CSV, as a pure function: rows in, clean rows or per-row errors out."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from server.validation import clean_text

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
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


def parse_members_csv(data: bytes, existing_usernames: set[str]) -> tuple[list[MemberRow], list[RowError]]:
    """Parse and check every row; the caller imports only if the error list is empty."""
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
    columns = [HEADER_ALIASES.get(h.strip().lower()) for h in header]
    errors: list[RowError] = []
    for need in ("username", "full_name", "role"):
        if need not in columns:
            errors.append(RowError(1, need, f"Thiếu cột bắt buộc: {need}.", f"Missing required column: {need}."))
    if errors:
        return [], errors
    rows: list[MemberRow] = []
    seen: dict[str, int] = {}
    try:
        for line_no, raw in enumerate(reader, start=2):
            if not any(cell.strip() for cell in raw):
                continue
            if len(rows) >= MAX_ROWS:
                errors.append(RowError(line_no, "file", f"Tối đa {MAX_ROWS} dòng.", f"At most {MAX_ROWS} rows."))
                break
            row = _check_row(line_no, dict(zip(columns, raw)), len(raw) != len(header), existing_usernames, seen, errors)
            if row:
                rows.append(row)
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, "file", f"Lỗi định dạng CSV: {exc}", f"CSV format error: {exc}"))
    return rows, errors


def _check_row(n, cells, wrong_width, existing, seen, errors) -> MemberRow | None:
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
