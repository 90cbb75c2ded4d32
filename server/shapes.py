"""JSON Schema for what the API answers, from a few helpers. Each area describes its answers in its own
shapes.py; each route names its answer with @accepts(returns=...), the OpenAPI description publishes it
and the API fuzz test checks every answer against it."""
from __future__ import annotations

STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
TIME = {"type": "string", "format": "date-time"}
ANY: dict = {}


def null(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def arr(schema: dict) -> dict:
    return {"type": "array", "items": schema}


def dict_of(schema: dict) -> dict:
    return {"type": "object", "additionalProperties": schema}


def obj(required: dict, optional: dict | None = None) -> dict:
    """An object with exactly these keys: all of `required`, any of `optional`, nothing else."""
    out = {"type": "object", "properties": {**required, **(optional or {})}, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out


def extend(base: dict, required: dict | None = None, optional: dict | None = None) -> dict:
    """`base` (an obj) with more keys."""
    return obj({k: base["properties"][k] for k in base.get("required", [])} | (required or {}),
               {k: v for k, v in base["properties"].items() if k not in base.get("required", [])} | (optional or {}))


LINE = obj({"count": INT, "percent": STR, "text": STR})  # "26/50 — 52,00%": a count and its percentage of a base
