"""Migrations from an empty database, on SQLite and PostgreSQL, and the models they must match."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from server import migrate
from server.models import Base, include_name


def check_schema(url: str) -> None:
    migrate.upgrade(url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert set(Base.metadata.tables) <= tables
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name}), Base.metadata)
            assert diff == [], f"models and migrations differ: {diff}"
        migrate.upgrade(url)  # a second upgrade is a no-op
    finally:
        engine.dispose()


def test_sqlite_migrations_from_empty(tmp_path):
    check_schema(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_postgres_migrations_from_empty(pg_url):
    check_schema(pg_url)


@pytest.mark.postgres
def test_app_runs_on_postgres(pg_url, tmp_path):
    """The same code on PostgreSQL: log in, build an agenda, open a session with quorum."""
    from server.app import create_app
    from tests.conftest import ApiClient, make_config
    from tests.factories import build_council

    migrate.upgrade(pg_url)
    app = create_app(make_config(tmp_path, pg_url))
    data = build_council(app, "p")
    c = ApiClient(app.test_client())
    assert c.login("pthuky").status_code == 200
    assert c.post(f"/api/sessions/{data.session_id}/agenda", {"title": "Mục mới", "kind": "report"}).status_code == 201
    for u in ["pchutich"] + data.delegates()[:3]:
        d = ApiClient(app.test_client())
        d.login(u)
        assert d.post(f"/api/sessions/{data.session_id}/check-in").status_code == 200
    chair = ApiClient(app.test_client())
    chair.login("pchutich")
    r = chair.post(f"/api/sessions/{data.session_id}/control", {"action": "open"})
    assert r.status_code == 200, r.json
    assert chair.get(f"/api/sessions/{data.session_id}/live").json["seq"] == 6
    # documents and diacritic-insensitive search on PostgreSQL too
    from server.documents.samples import make_pdf
    up = c.post(f"/api/sessions/{data.session_id}/documents?filename=nq.pdf&kind=draft_resolution&access=public",
                data=make_pdf("Nghị quyết", 1, extra="Đường giao thông nông thôn"), content_type="application/pdf")
    assert up.status_code == 201, up.json
    hits = c.get(f"/api/sessions/{data.session_id}/search?q=DUONG GIAO THONG").json["hits"]
    assert [h["page"] for h in hits] == [1]
    # a poll and the seal, verified on PostgreSQL
    poll = chair.post(f"/api/sessions/{data.session_id}/polls", {"title": "NQ", "kind": "open"}).json["poll"]
    chair.post(f"/api/polls/{poll['id']}/open")
    chair.post(f"/api/polls/{poll['id']}/ballots", {"request_id": "pg-request-000000001", "choice": "for"})
    chair.post(f"/api/polls/{poll['id']}/close")
    assert chair.post(f"/api/sessions/{data.session_id}/control", {"action": "close"}).json["event"]["patch"]["sealed_hash"]
    from server.archive.verify import verify
    from server.db import db
    with app.app_context():
        assert verify(db()) == []
    app.extensions["kyhop.engine"].dispose()


LEGACY = Path(__file__).parent / "fixtures" / "before_encrypted_ballots.db"  # made by the code before 0004


def _legacy_copy(tmp_path) -> str:
    db_file = tmp_path / "legacy.db"
    shutil.copy(LEGACY, db_file)
    return f"sqlite:///{db_file}"


def _verify(url: str, tmp_path) -> list[str]:
    from server.app import create_app
    from server.archive.verify import verify
    from server.db import db
    from tests.conftest import make_config
    app = create_app(make_config(tmp_path, url))
    with app.app_context():
        found = verify(db())
    app.extensions["kyhop.engine"].dispose()
    return found


def test_secret_polls_closed_before_encryption_stay_verifiable(tmp_path):
    """A database of the previous release (a secret poll, an election and an open vote, all closed) is
    upgraded: the plaintext table is gone, and every result is still recounted from what it published."""
    url = _legacy_copy(tmp_path)
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        assert "secret_ballots" not in inspect(conn).get_table_names()
        polls = conn.execute(text("SELECT id, kind, status, key_id FROM polls ORDER BY id")).all()
        assert [(k, st, key) for _, k, st, key in polls] == [("secret", "closed", None), ("election", "closed", None),
                                                             ("open", "closed", None)]
    assert _verify(url, tmp_path) == []
    with engine.begin() as conn:  # an insider edits the published list of the old secret poll
        result = json.loads(conn.execute(text("SELECT result FROM polls WHERE id = 1")).scalar())
        result["receipts"][0]["choice"] = "against" if result["receipts"][0]["choice"] == "for" else "for"
        conn.execute(text("UPDATE polls SET result = :r WHERE id = 1"), {"r": json.dumps(result)})
    engine.dispose()
    assert [p for p in _verify(url, tmp_path) if p.startswith("poll 1:")]


def test_the_upgrade_stops_while_a_plaintext_secret_poll_is_open(tmp_path):
    url = _legacy_copy(tmp_path)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE polls SET status = 'open' WHERE id = 1"))
    engine.dispose()
    with pytest.raises(RuntimeError, match="secret poll is open"):
        migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        assert "secret_ballots" in inspect(conn).get_table_names()  # nothing was changed
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    engine.dispose()
