"""The insider with the database: after a secret poll on a real server (access log on), on SQLite and on
PostgreSQL, they take every table, the database file and its WAL (or xmin/ctid and a pg_dump), the server
log and the instance folder — and what they can pair with a voter is ciphertext only. With k−1 committee
shares no ballot decrypts; the k published decryption factors open the total and no single ballot."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from server.voting import elgamal, threshold
from tests.live.helpers import Http, check_in_and_open
from tests.live.test_voting_live import setup
from tests.tablets import Committee, body, cast, ok

CHOICES = {"achutich": "for", "adb01": "against", "adb02": "for", "adb03": "abstain", "adb04": "for",
           "adb05": "against"}
WORDS = [b'"for"', b'"against"', b'"abstain"']


def run_poll(srv, data) -> tuple[dict, Committee, dict]:
    chair = check_in_and_open(srv.url, data, present=6)
    com = Committee(data.session_id, [(data.users[u], Http(srv.url, u)) for u in ("adb01", "adb02", "adb03")])
    com.ceremony(Http(srv.url, "athuky"))
    poll = ok(chair.post(f"/api/sessions/{data.session_id}/polls", {"title": "Bỏ phiếu kín", "kind": "secret"}))["poll"]
    ok(chair.post(f"/api/polls/{poll['id']}/open", {"acknowledge_small": True}))
    poll = body(chair.get(f"/api/polls/{poll['id']}"))["poll"]
    trackers = {u: ok(cast(Http(srv.url, u), poll, choice))["tracker"] for u, choice in CHOICES.items()}
    ok(chair.post(f"/api/polls/{poll['id']}/close"))
    ok(com.confirm_count(1, poll["id"]))
    ok(com.confirm_count(3, poll["id"]))
    result = body(chair.get(f"/api/polls/{poll['id']}"))["poll"]["result"]
    assert result["counts"] == [[3, 2, 1]]
    return poll, com, trackers


def every_row(url: str) -> dict[str, tuple[list[str], list[str], list[tuple]]]:
    """Every table: its columns, the columns that name a user, its rows."""
    engine = create_engine(url)
    out = {}
    with engine.connect() as conn:
        insp = inspect(conn)
        for t in insp.get_table_names():
            cols = [c["name"] for c in insp.get_columns(t)]
            users = [c for fk in insp.get_foreign_keys(t) if fk["referred_table"] == "users"
                     for c in fk["constrained_columns"]] + (["id"] if t == "users" else [])
            out[t] = (cols, users, [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}"'))])
    engine.dispose()
    return out


def choice_words_are_totals_only(blob: bytes, where: str) -> None:
    """Every choice word in `blob` is a key of a totals object ("for": {"count": …}); a stored plaintext
    choice ("for" as a value) would fail this."""
    for word in WORDS:
        for m in re.finditer(re.escape(word), blob):
            after = blob[m.end():m.end() + 12]
            assert after.startswith((b': {"count"', b':{"count"')), f"{where}: {word!r} stands alone: {blob[m.start() - 60:m.end() + 30]!r}"


def linked_to_voters(tables: dict, data) -> dict[int, list]:
    """Every row that names a voter of the poll (by a column referring to users), per voter."""
    voters = {data.users[u] for u in CHOICES}
    out: dict[int, list] = {v: [] for v in voters}
    for name, (cols, user_cols, rows) in tables.items():
        for row in rows:
            named = {row[cols.index(c)] for c in user_cols}
            for v in voters & named:
                out[v].append((name, dict(zip(cols, row))))
    return out


def only_ciphertext(tables: dict, data, poll: dict) -> None:
    y, ctx = elgamal.point(poll["encryption"]["public_key"]), poll["encryption"]["context"]
    assert tables["open_ballots"][2] == []  # no named ballot of any kind in this council
    ballots = 0
    for voter, rows in linked_to_voters(tables, data).items():
        for name, row in rows:
            choice_words_are_totals_only(_text(tuple(row.values())), name)
            if name == "encrypted_ballots":
                ballot = row["ballot"] if isinstance(row["ballot"], dict) else json.loads(row["ballot"])
                elgamal.verify_ballot(ctx, y, [(3, 1, 1)], ballot)  # a valid encrypted ballot: ciphertext
                ballots += 1
            if name == "poll_voters":
                assert set(row) == {"poll_id", "user_id", "council_id", "present", "has_voted"}
    assert ballots == len(CHOICES)


def _text(row: tuple) -> bytes:
    return " | ".join(json.dumps(x, ensure_ascii=False) if isinstance(x, (dict, list)) else str(x)
                      for x in row).encode()


def cannot_decrypt_ballots(srv, poll: dict, com: Committee) -> None:
    b = body(com.client(1).get(f"/api/polls/{poll['id']}/board"))["board"]
    one_share = com.share(1, b["committee"])  # one member's tablet, taken: k−1 = 1 share
    published = {d["number"]: d["partial"] for d in b["decryptions"]}  # the k factors the database holds
    lam = {j: threshold.lagrange(j, sorted(published)) for j in published}
    units = {elgamal.IDENTITY, elgamal.base(1)}
    for entry in b["ballots"]:
        for a_hex, b_hex in entry["ballot"]["answers"][0]["choices"]:
            alpha, beta = elgamal.point(a_hex), elgamal.point(b_hex)
            assert elgamal.sub(beta, elgamal.mul(one_share, alpha)) not in units  # k−1 shares: nothing
            opened = elgamal.IDENTITY
            for j, part in published.items():  # the aggregate's factors applied to one ballot: nothing
                opened = elgamal.add(opened, elgamal.mul(lam[j], elgamal.point(part["factors"][0][0])))
            assert elgamal.sub(beta, opened) not in units
    assert threshold.combine(b["aggregate"], published, len(b["ballots"])) == [[3, 2, 1]]  # the total opens


def the_log_holds_no_choice(srv, tmp_path: Path, poll: dict) -> str:
    log = (tmp_path / f"server-{srv.port}.log").read_bytes()
    assert b"/api/polls/" in log and b"/ballots" in log  # the access log was on
    choice_words_are_totals_only(log, "server log")
    assert b'"answers"' not in log and b"ballot" not in log.replace(b"/ballots", b"")
    return log.decode(errors="replace")


def test_sqlite_insider_pairs_voters_with_ciphertext_only(tmp_path, server_factory):
    data = setup(tmp_path)
    srv = server_factory(args=("--access-log",))
    poll, com, _ = run_poll(srv, data)
    files = [p for p in (tmp_path / "instance").iterdir() if p.is_file()] + list(tmp_path.glob("kyhop.db*"))
    live_files = {p.name: p.read_bytes() for p in files}  # the database, its WAL, while the server runs
    assert any(n.endswith("-wal") and blob for n, blob in live_files.items())
    cannot_decrypt_ballots(srv, poll, com)
    srv.stop()
    for name, blob in live_files.items():
        choice_words_are_totals_only(blob, name)
    db_url = f"sqlite:///{tmp_path / 'kyhop.db'}"
    for p in [tmp_path / "kyhop.db", *tmp_path.glob("kyhop.db-*")]:
        choice_words_are_totals_only(p.read_bytes(), p.name)
    only_ciphertext(every_row(db_url), data, poll)
    the_log_holds_no_choice(srv, tmp_path, poll)


@pytest.mark.postgres
def test_postgres_insider_pairs_voters_with_ciphertext_only(tmp_path, server_factory, pg_url):
    data = setup(tmp_path, pg_url)
    srv = server_factory(pg_url, args=("--access-log",))
    poll, com, _ = run_poll(srv, data)
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        # the join that paired every voter with a plaintext choice before: now a voter with a ciphertext
        pairs = conn.execute(text("SELECT v.user_id, b.ballot::text FROM poll_voters v JOIN encrypted_ballots b "
                                  "ON b.xmin = v.xmin WHERE v.poll_id = :p"), {"p": poll["id"]}).all()
        assert len(pairs) == len(CHOICES)
        for _uid, ballot in pairs:
            choice_words_are_totals_only(ballot.encode(), "xmin pair")
            assert '"choices"' in ballot
        physical = conn.execute(text("SELECT ctid::text, voter_id, tracker FROM encrypted_ballots")).all()
        assert len(physical) == len(CHOICES)
    engine.dispose()
    dump = subprocess.run(["pg_dump", "--no-owner", pg_url.replace("postgresql+psycopg", "postgresql")],
                          capture_output=True, check=True).stdout
    assert b"COPY public.encrypted_ballots" in dump
    choice_words_are_totals_only(dump, "pg_dump")
    cannot_decrypt_ballots(srv, poll, com)
    srv.stop()
    only_ciphertext(every_row(pg_url), data, poll)
    the_log_holds_no_choice(srv, tmp_path, poll)
    for p in (tmp_path / "instance").iterdir():
        if p.is_file():
            choice_words_are_totals_only(p.read_bytes(), p.name)
