"""Petitions in spreadsheets, as council offices keep them: read the petitions of a voter meeting from an .xlsx
with Vietnamese headers (every bad row named; bounded against hostile files), and write the case listing as
.xlsx or CSV (Vietnamese headers; no cell that a spreadsheet would run as a formula)."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from server.documents.rules import fold
from server.errors import ApiError
from server.petitions import rules
from server.petitions.models import PetitionCase
from server.validation import Field, clean_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5 * 1024 * 1024        # the file as sent
MAX_UNPACKED = 40 * 1024 * 1024    # its zip entries inflated, all together (a zip bomb stops here)
MAX_ENTRIES = 500                  # zip entries (a workbook has a dozen or two)
MAX_ROWS = 5000                    # petitions in one file
MAX_EXPORT = 50_000                # cases in one export (filters narrow a larger one)
HEADER_SEARCH = 10                 # the header row is among the first rows (a title may stand above it)

# other names offices give the columns, besides each field's label (folded: case and diacritics ignored)
ALIASES = {"text": ("noi dung", "kien nghi", "noi dung kien nghi cu tri"), "area": ("dia ban", "dia ban cu tri"),
           "field": ("linh vuc",), "level": ("tham quyen", "cap tham quyen", "cap giai quyet")}
# the names a cell may give a field or level by: the Vietnamese name, without its "Cấp", or the code
CHOICES = {"field": {**{fold(vi): k for k, vi in rules.FIELD_VI.items()}, **{k: k for k in rules.FIELDS}},
           "level": {**{fold(vi): k for k, vi in rules.LEVEL_VI.items()},
                     **{fold(vi).removeprefix("cap "): k for k, vi in rules.LEVEL_VI.items()},
                     **{k: k for k in rules.LEVELS}}}
CHOICE_NAMES = {"field": rules.FIELD_VI, "level": rules.LEVEL_VI}


@dataclass
class RowError:
    row: int  # the row's number as the spreadsheet shows it
    column: str
    vi: str
    en: str

    def as_json(self) -> dict:
        return {"row": self.row, "column": self.column, "message_vi": self.vi, "message_en": self.en}


def _not_xlsx() -> ApiError:
    return ApiError(422, "not_xlsx", "Tệp không phải bảng tính Excel (.xlsx) đọc được.",
                   "The file is not a readable Excel workbook (.xlsx).")


def check_zip(data: bytes) -> None:
    """An .xlsx is a zip: refuse one that is not, or whose entries would inflate past MAX_UNPACKED. The sizes
    are those the zip declares; Python's zipfile never inflates an entry past its declared size (a lying
    entry fails its CRC), so the declared sum bounds what reading the workbook can take."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            entries = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _not_xlsx() from None
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED:
        raise ApiError(413, "too_large_unpacked", f"Tệp giải nén vượt quá {MAX_UNPACKED >> 20} MB: không đọc.",
                      f"The file unpacks to more than {MAX_UNPACKED >> 20} MB: not read.")


def _sheet_rows(data: bytes):
    """(row number, values) of the workbook's first sheet, read as stored (formulas as their last values).
    Whatever a malformed workbook makes the reader raise refuses the file, not the server."""
    import openpyxl  # loaded when a file comes, not at start-up
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # a stored size may lie: read the rows there are, from the first
        rows = enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)
    except Exception:  # noqa: BLE001 - see above
        raise _not_xlsx() from None
    try:
        while True:
            try:
                item = next(rows)
            except StopIteration:
                return
            except Exception:  # noqa: BLE001 - see above
                raise _not_xlsx() from None
            yield item
    finally:
        wb.close()


def cell_text(value) -> str:
    """A cell as text: a whole number without '.0', a date as day/month/year."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def header_columns(cells: list[str], spec: dict[str, Field]) -> dict[str, int]:
    """Which column holds each field, from a header row: a field's label or one of its ALIASES, whatever the
    case and diacritics, in any order. Other columns (a trace code, a status) are ignored."""
    names = {fold(f.label_vi): key for key, f in spec.items()}
    names.update({alias: key for key, aliases in ALIASES.items() if key in spec for alias in aliases})
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = names.get(fold(cell.strip(" :*")))
        if key and key not in found:
            found[key] = i
    return found


def check_row(number: int, cells: list[str], columns: dict[str, int], spec: dict[str, Field]) -> tuple[dict, list[RowError]]:
    """One data row, checked as the form checks a petition: each bad cell an error naming its column."""
    row, errors = {}, []
    for key, f in spec.items():
        raw = cells[columns[key]].strip() if key in columns and columns[key] < len(cells) else ""
        label = f.label_vi or key
        if key in CHOICES:
            row[key] = CHOICES[key].get(fold(raw))
            if row[key] is None:
                allowed = ", ".join(CHOICE_NAMES[key].values())
                said_vi, said_en = (f"«{raw[:50]}» không hợp lệ", f"«{raw[:50]}» is not valid") if raw else ("bắt buộc", "required")
                errors.append(RowError(number, label, f"{said_vi}; chọn một trong: {allowed}.",
                                       f"{f.label_en}: {said_en}; one of: {allowed}."))
            continue
        try:
            value = clean_text(raw, multiline=f.multiline)
        except ValueError:
            errors.append(RowError(number, label, "Có ký tự điều khiển không hợp lệ.", "Contains control characters."))
            continue
        if f.required and not value:
            errors.append(RowError(number, label, "Bắt buộc, không được để trống.", f"{f.label_en}: required."))
        elif len(value) > f.max_len:
            errors.append(RowError(number, label, f"Dài quá {f.max_len} ký tự.", f"Longer than {f.max_len} characters."))
        row[key] = value
    return row, errors


def read_petitions(data: bytes, spec: dict[str, Field]) -> tuple[list[dict], list[RowError]]:
    """The petitions of an .xlsx file as `spec` checks them (the form's fields: text, area, field, level), and
    every error found — all rows are read, so every bad one is named. Empty rows are skipped."""
    check_zip(data)
    rows, errors, columns = [], [], None
    for number, values in _sheet_rows(data):
        cells = [cell_text(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            found = header_columns(cells, spec)
            if "text" in found:
                columns = found
                missing = [f.label_vi for k, f in spec.items() if f.required and k not in found]
                if missing:
                    return [], [RowError(number, m, f"Thiếu cột «{m}».", f"Missing column «{m}».") for m in missing]
            elif number >= HEADER_SEARCH:
                break
            continue
        if len(rows) + 1 > MAX_ROWS:
            raise ApiError(413, "too_many_rows", f"Tệp có hơn {MAX_ROWS} dòng kiến nghị: hãy chia thành nhiều tệp.",
                           f"The file has more than {MAX_ROWS} petitions: split it into several files.")
        row, bad = check_row(number, cells, columns, spec)
        rows.append(row)
        errors.extend(bad)
    if columns is None:
        label = spec["text"].label_vi
        return [], [RowError(1, label, f"Không tìm thấy dòng tiêu đề có cột «{label}» trong {HEADER_SEARCH} dòng đầu.",
                             f"No header row with a «{label}» column in the first {HEADER_SEARCH} rows.")]
    if not rows and not errors:
        raise ApiError(422, "empty_import", "Tệp không có dòng kiến nghị nào.", "The file has no petition rows.")
    return rows, errors


# ---- export
EXPORT_HEADERS = ("Mã kiến nghị", "Nội dung kiến nghị", "Địa bàn cử tri", "Lĩnh vực", "Thẩm quyền", "Trạng thái",
                  "Cơ quan giải quyết", "Hạn trả lời", "Quá hạn", "Ngày giải quyết")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_row(case: PetitionCase, agency: str | None, today: date) -> list:
    """One case as a row under EXPORT_HEADERS."""
    return [case.code, case.summary, case.area, rules.FIELD_VI.get(case.field, case.field),
            rules.LEVEL_VI.get(case.level, case.level), rules.STATUS_VI.get(case.status, case.status), agency or "",
            case.deadline, "Quá hạn" if rules.overdue(case.status, case.deadline, today) else "", case.resolved_on]


def inert(value):
    """A text cell a spreadsheet would take for a formula (=, +, -, @, a tab or return first), quoted with an
    apostrophe: CSV has no other way to say 'this is text'."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def as_csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(EXPORT_HEADERS)
    for row in rows:
        w.writerow([inert(v.strftime("%d/%m/%Y") if isinstance(v, date) else ("" if v is None else v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens Vietnamese text correctly


def as_xlsx(rows: list[list]) -> bytes:
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    write_sheet(wb, "Kiến nghị cử tri", EXPORT_HEADERS, rows, (16, 80, 24, 18, 12, 22, 30, 13, 10, 14))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_sheet(wb, title: str, headers: list[str], rows: list[list], widths, above: str | None = None) -> None:
    """A sheet of a write-only workbook: the bold headers (under a bold line `above`, if given) kept in view;
    every text cell stored as a string (an .xlsx says so per cell: '=…' stays text, never a formula), dates as
    dates shown day/month/year."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    ws = wb.create_sheet(title)
    for n, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A3" if above else "A2"
    bold = Font(bold=True)

    def cell(value, **style):
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"
        elif isinstance(value, date):
            c.number_format = "DD/MM/YYYY"
        for k, v in style.items():
            setattr(c, k, v)
        return c

    if above:
        ws.append([cell(above, font=bold)])
    ws.append([cell(h, font=bold) for h in headers])
    for row in rows:
        ws.append([cell(v) for v in row])
