"""What the chain keeps of the record: every record row as each transaction left it.

A model joins the record by naming its record columns: `__record__ = ("status", "reason")`, and
`__record_digest__` for the long ones kept as a SHA-256 (a minutes text, a password hash). Whenever a
transaction inserts, changes (a record column) or deletes such a row, the journal reads the row back from
the database at commit and puts its state on the chain — in the transaction's last entry of that council,
or in an entry of its own (server/journal/record.py). `kyhop verify` then replays the states in chain order
and compares the last state of every row with the table (server/archive/verify.py): an edit, insertion or
deletion made beside the product shows as a difference, named.

Only the pure parts live here: which models and columns, a row's canonical state, and the digest the
entry's hash covers.
"""
from __future__ import annotations

import functools
import hashlib
import json
from datetime import date, datetime, timezone

from sqlalchemy import inspect, select, tuple_

from server.db import Base


def models() -> list[type]:
    """Every model of the record, in a stable order."""
    return sorted((m.class_ for m in Base.registry.mappers if "__record__" in m.class_.__dict__),
                  key=lambda cls: cls.__tablename__)


def is_record(cls) -> bool:
    return "__record__" in cls.__dict__


@functools.cache
def dependents(target) -> tuple[tuple[type, object], ...]:
    """The record models whose rows the database changes by itself when a row of the table `target` is deleted
    (a foreign key to it ON DELETE SET NULL or CASCADE), each with that foreign key: those rows reach the chain
    like the ones the product writes (a document's agenda item deleted clears the document's item)."""
    return tuple((cls, fk) for cls in models() for col in cls.__table__.columns for fk in col.foreign_keys
                 if fk.column.table is target and (fk.ondelete or "").upper() in ("SET NULL", "CASCADE"))


def columns(cls) -> tuple[str, ...]:
    return cls.__record__ + cls.__dict__.get("__record_digest__", ())


def key_columns(cls):
    return inspect(cls).primary_key


def key_of(cls, obj) -> list:
    """A row's identity as JSON: its primary key's values, in the key's column order."""
    return [getattr(obj, c.key) for c in key_columns(cls)]


def council_of(cls, obj) -> int | None:
    return obj.id if cls.__tablename__ == "councils" else getattr(obj, "council_id", None)


def canonical(value):
    """A value as the chain keeps it: the same whatever the database driver gave back."""
    if isinstance(value, datetime):
        value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, (dict, list)):
        return json.loads(json.dumps(value, sort_keys=True, ensure_ascii=False))
    return value


def _digest_of(value) -> str | None:
    if value is None:
        return None
    raw = value if isinstance(value, bytes) else json.dumps(canonical(value), sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(raw).hexdigest()


def state_of(cls, row) -> dict:
    """A row's record state from a mapping of its columns (a database row)."""
    out = {c: canonical(row[c]) for c in cls.__record__ if c in row}
    out.update({c: _digest_of(row[c]) for c in cls.__dict__.get("__record_digest__", ()) if c in row})
    return out


def read_states(connection, cls, keys: list[list]) -> dict[tuple, dict | None]:
    """The record states of the rows with these keys as the database has them now (None: gone)."""
    table, pk = cls.__table__, [table_col for table_col in cls.__table__.primary_key.columns]
    cols = [table.c[c] for c in columns(cls)] + pk
    found = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        where = pk[0].in_([k[0] for k in chunk]) if len(pk) == 1 else tuple_(*pk).in_([tuple(k) for k in chunk])
        for row in connection.execute(select(*cols).where(where)).mappings():
            found[tuple(row[c.name] for c in pk)] = state_of(cls, row)
    return {tuple(k): found.get(tuple(k)) for k in keys}


def all_states(connection, cls, council_id: int | None = None, existing: set[str] | None = None):
    """Every row of a record model: (key, council_id, state). `existing`: the columns the table has (a
    migration's database may not have a column a later one adds): the state names only those."""
    table, pk = cls.__table__, list(cls.__table__.primary_key.columns)
    council = table.c.id if cls.__tablename__ == "councils" else table.c.council_id
    query = select(*[table.c[c] for c in columns(cls) if existing is None or c in existing], *pk,
                   council.label("_council")).order_by(*pk)
    if council_id is not None:
        query = query.where(council == council_id)
    for row in connection.execute(query).mappings():
        yield [row[c.name] for c in pk], row["_council"], state_of(cls, row)


def differences(state: dict, chain_state: dict) -> list[str]:
    """The record columns whose value in the table is not the chain's, in declaration order."""
    return [c for c in chain_state if state.get(c) != chain_state[c]]


def digest(state: list | None) -> str | None:
    """What an entry's hash covers of its states."""
    if state is None:
        return None
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def baseline(connection, council_id: int) -> list:
    """Every record row of a council as the database has it: the first states of a chain that did not
    carry rows before (migration 0006)."""
    from sqlalchemy import inspect as inspect_db
    have = inspect_db(connection)
    out = []
    for cls in models():
        if not have.has_table(cls.__tablename__):  # a later migration creates it
            continue
        existing = {c["name"] for c in have.get_columns(cls.__tablename__)}
        out += [[cls.__tablename__, key, state] for key, _c, state in all_states(connection, cls, council_id, existing)]
    return out
