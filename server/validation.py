"""Input validation for JSON bodies: every write endpoint declares its fields; anything else is refused."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app, request

from server.errors import ApiError, invalid

MAX_ID = 2**31 - 1  # ids are 32-bit integers in every database the product runs on
MAX_IDS = 500  # a list of ids in one request (a council's members)
_CONTROL = {"Cc", "Cs", "Co", "Cn", "Cf"}
# Format characters are refused (bidi overrides can make a name read backwards, zero-width ones hide
# differences between two names), except the joiners some scripts need.
_JOINERS = {"\u200c", "\u200d"}


def clean_text(value: str, *, multiline: bool = False) -> str:
    """NFC-normalised, trimmed text without control or format characters (tabs/newlines if multiline)."""
    value = unicodedata.normalize("NFC", value).strip()
    allowed = ({"\n", "\t", "\r"} if multiline else set()) | _JOINERS
    if any(unicodedata.category(ch) in _CONTROL and ch not in allowed for ch in value):
        raise ValueError("control characters")
    return value


@dataclass(frozen=True)
class Field:
    kind: str  # text | secret (not normalised) | texts (list of text) | int | id | ids | bool | date | enum | any
    required: bool = False
    max_len: int = 200
    min: int | None = None
    max: int | None = None
    choices: tuple[str, ...] = ()
    multiline: bool = False
    label_vi: str = ""
    label_en: str = ""


def _bad(name: str, f: Field, vi: str, en: str) -> ApiError:
    return invalid(name, f"{f.label_vi or name}: {vi}", f"{f.label_en or name}: {en}")


def _one(name: str, f: Field, raw: Any) -> Any:
    if raw is None:
        if f.required:
            raise _bad(name, f, "bắt buộc.", "required.")
        return None
    if f.kind == "text":
        if not isinstance(raw, str):
            raise _bad(name, f, "phải là chuỗi ký tự.", "must be a string.")
        try:
            value = clean_text(raw, multiline=f.multiline)
        except ValueError:
            raise _bad(name, f, "chứa ký tự điều khiển không hợp lệ.", "contains invalid control characters.")
        if f.required and not value:
            raise _bad(name, f, "không được để trống.", "must not be empty.")
        if len(value) > f.max_len:
            raise _bad(name, f, f"dài tối đa {f.max_len} ký tự.", f"at most {f.max_len} characters.")
        return value
    if f.kind == "any":  # checked by the domain rule that owns it (e.g. a ballot's shape)
        return raw
    if f.kind == "secret":
        if not isinstance(raw, str) or len(raw) > f.max_len:
            raise _bad(name, f, f"phải là chuỗi tối đa {f.max_len} ký tự.", f"must be a string of at most {f.max_len} characters.")
        if f.required and not raw:
            raise _bad(name, f, "không được để trống.", "must not be empty.")
        return raw
    if f.kind == "texts":
        if not isinstance(raw, list) or len(raw) > 50 or not all(isinstance(x, str) for x in raw):
            raise _bad(name, f, "phải là danh sách chuỗi ký tự (tối đa 50).", "must be a list of strings (50 at most).")
        item = Field("text", max_len=f.max_len, label_vi=f.label_vi, label_en=f.label_en)
        return [v for v in (_one(name, item, x) for x in raw) if v]  # blank entries are dropped
    if f.kind == "ids":
        if not isinstance(raw, list) or len(raw) > MAX_IDS:
            raise _bad(name, f, f"phải là danh sách mã số (tối đa {MAX_IDS}).", f"must be a list of ids ({MAX_IDS} at most).")
        item = Field("id", required=True, label_vi=f.label_vi, label_en=f.label_en)  # a null entry is refused
        return [_one(name, item, x) for x in raw]
    if f.kind in ("int", "id"):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise _bad(name, f, "phải là số nguyên.", "must be an integer.")
        lo = 1 if f.kind == "id" and f.min is None else f.min
        hi = MAX_ID if f.max is None else f.max
        if (lo is not None and raw < lo) or raw > hi:
            raise _bad(name, f, "nằm ngoài giới hạn cho phép.", "is out of range.")
        return raw
    if f.kind == "bool":
        if not isinstance(raw, bool):
            raise _bad(name, f, "phải là true hoặc false.", "must be true or false.")
        return raw
    if f.kind == "date":
        try:
            return date.fromisoformat(raw) if isinstance(raw, str) and _DATE.fullmatch(raw) else _raise()
        except ValueError:
            raise _bad(name, f, "phải là ngày dạng YYYY-MM-DD.", "must be a date YYYY-MM-DD.")
    if f.kind == "enum":
        if raw not in f.choices:
            raise _bad(name, f, f"phải là một trong: {', '.join(f.choices)}.", f"must be one of: {', '.join(f.choices)}.")
        return raw
    raise AssertionError(f.kind)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _raise():
    raise ValueError


def parse(spec: dict[str, Field], data: Any, *, partial: bool = False) -> dict[str, Any]:
    """Validate a JSON object against `spec`.

    With `partial` (PATCH), only given fields are returned, and an explicit null on an optional field means:
    clear it for text ("") and references (None); nothing to change for anything else. A null on a
    required field is refused."""
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", "Dữ liệu gửi lên phải là một đối tượng JSON.", "The body must be a JSON object.")
    unknown = sorted(set(data) - set(spec))
    if unknown:
        raise invalid(unknown[0], f"Trường không được hỗ trợ: {unknown[0][:50]}", f"Unknown field: {unknown[0][:50]}")
    out = {}
    for name, f in spec.items():
        if partial and name not in data:
            continue
        if partial and data[name] is None and not f.required:
            if f.kind in ("text", "id"):
                out[name] = "" if f.kind == "text" else None
            continue
        f_eff = f if not partial else Field(**{**f.__dict__, "required": f.required and name in data})
        out[name] = _one(name, f_eff, data.get(name))
    return out


def json_body() -> Any:
    if not request.is_json:
        raise ApiError(415, "json_required", "Yêu cầu phải gửi dữ liệu JSON.", "The request must be JSON.")
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # absurdly deep nesting
        data = None
    if data is None:
        raise ApiError(400, "bad_json", "Dữ liệu JSON không hợp lệ.", "Malformed JSON.")
    return data


@dataclass(frozen=True)
class Declared:
    """What a route takes and answers. Routes read their input through it (`body()`, `query()`) and the
    OpenAPI description is generated from it, so the two cannot drift apart."""
    body: dict[str, Field] | None = None
    partial: bool = False
    query: dict[str, Field] = field(default_factory=dict)
    status: int = 200
    produces: str = "application/json"
    raw: str | None = None  # a non-JSON request body: its media type (a PDF, a CSV form)


NOTHING = Declared()


def accepts(body: dict[str, Field] | None = None, **kw) -> Any:
    """Route decorator (put it under @require): declares the route's body, query, success status and media."""
    def deco(fn):
        fn.declared = Declared(body, **kw)
        return fn
    return deco


def returns(schema: dict) -> Any:
    """Route decorator (put it under @require): the JSON Schema of the route's JSON answer (server/shapes.py)."""
    def deco(fn):
        fn.returns = schema
        return fn
    return deco


def declared_of(view) -> Declared:
    return getattr(view, "declared", NOTHING)


def _declared() -> Declared:
    return declared_of(current_app.view_functions[request.endpoint])


def body() -> dict[str, Any]:
    """The request's JSON body, validated against what the route declared."""
    d = _declared()
    return parse(d.body or {}, json_body(), partial=d.partial)


def query() -> dict[str, Any]:
    """The declared query parameters, validated (others are ignored, as caches and proxies add some)."""
    spec = _declared().query
    args = {}
    for name, value in request.args.items():
        f = spec.get(name)
        if f is None:
            continue
        if f.kind in ("int", "id"):
            try:
                value = int(value)
            except ValueError:
                raise _bad(name, f, "phải là số nguyên.", "must be an integer.")
        args[name] = value
    return parse(spec, args)
