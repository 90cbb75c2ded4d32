"""`kyhop verify`: recompute every council's chain, and every closed poll's result from its ballots — for the
secret kinds, every proof of their published board (server/voting/board.py) and the decrypted totals."""
from __future__ import annotations

import json
from collections import Counter

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import timestamping
from server.journal import chain, tracking
from server.journal.models import SessionEvent
from server.petitions import rules as petition_rules
from server.petitions import sampling
from server.petitions.models import Sample
from server.sessions.models import CouncilSession
from server.voting import board, rules
from server.voting.counting import PUBLISHED_LISTS, board_digest, open_tally, options_of, secret_result, trackers_of
from server.voting.elgamal import ProofError
from server.voting.models import CountingKey, Poll


def verify(s: Session, seal: str | None = None) -> list[str]:
    """Problems found, each naming the first entry (or poll) that does not match; empty if all hold.
    `seal`: a session's seal obtained elsewhere (the signed minutes, the public page): it must be a session's
    seal here and still in its chain — a chain rewritten whole, seals included, is caught by it."""
    problems = []
    if seal is not None:
        cs = s.scalar(select(CouncilSession).where(CouncilSession.sealed_hash == seal))
        if cs is None or s.scalar(select(SessionEvent.id).where(SessionEvent.hash == seal)) is None:
            problems.append(f"the seal given ({seal[:16]}…) is no session's seal in this record")
    for (council_id,) in s.execute(select(SessionEvent.council_id).distinct()).all():
        entries = s.scalars(select(SessionEvent).where(SessionEvent.council_id == council_id)
                            .order_by(SessionEvent.chain_seq)).all()
        broken = chain.first_break(entries)
        if broken:
            e, why = broken
            problems.append(f"council {council_id}: chain entry #{e.chain_seq} (session {e.session_id}, seq {e.seq}, "
                            f"{e.kind}): {why}")
        by_session: dict[int, list[SessionEvent]] = {}
        for e in entries:
            by_session.setdefault(e.session_id, []).append(e)
        for cs in s.scalars(select(CouncilSession).where(CouncilSession.council_id == council_id)):
            problems += [f"council {council_id}: session {cs.id}: {why}" for why in _session(cs, by_session.get(cs.id, []))]
    problems += _rows(s)
    problems += _polls(s)
    problems += _samples(s)
    return problems


def _rows(s: Session) -> list[str]:
    """The record re-derived from the chain: the last state the chain gives each row of a record table,
    against the row in the table. A row changed, added or deleted beside the product is named."""
    said: dict[tuple[str, tuple], tuple[dict | None, SessionEvent]] = {}
    for e in s.scalars(select(SessionEvent).order_by(SessionEvent.council_id, SessionEvent.chain_seq)):
        for table, key, state in e.state or ():
            said[(table, tuple(key))] = (state, e)
    out, connection = [], s.connection()
    for cls in tracking.models():
        name, seen = cls.__tablename__, set()
        for key, _council, state in tracking.all_states(connection, cls):
            where = (name, tuple(key))
            seen.add(where)
            chain_state, e = said.get(where, (None, None))
            if chain_state is None:
                out.append(f"{_named(cls, key)}: not on the chain (added beside the product)")
                continue
            wrong = tracking.differences(state, chain_state)
            if wrong:
                c, entry = wrong[0], f"chain entry #{e.chain_seq} ({e.kind})"
                out.append(f"{_named(cls, key)}: {c} differs from what {entry} says"
                           if c in cls.__dict__.get("__record_digest__", ()) else
                           f"{_named(cls, key)}: {c} is {state.get(c)!r}, {entry} says {chain_state[c]!r}")
        for (table, key), (chain_state, e) in said.items():
            if table == name and chain_state is not None and (table, key) not in seen:
                out.append(f"{_named(cls, list(key))}: deleted beside the product (chain entry #{e.chain_seq} "
                           f"({e.kind}) has it)")
    return out


def _samples(s: Session) -> list[str]:
    """Every sample check's draw against its council's chain (server/petitions/sampling.py): its seed is the hash
    of the entry before it, its picks the draw from that seed over its population, the population the cases
    the chain says were reported resolved at that point, one draw per group and round, and the table says
    what the entries say. A sample edited, or deleted and drawn again, is named."""
    out, rows, seen = [], {r.id: r for r in s.scalars(select(Sample))}, set()
    for (council_id,) in s.execute(select(SessionEvent.council_id).where(SessionEvent.kind == sampling.DRAWN).distinct()):
        cases: dict[int, dict] = {}  # the council's cases as the chain has them so far
        rounds: dict[tuple, list[SessionEvent]] = {}
        for e in s.scalars(select(SessionEvent).where(SessionEvent.council_id == council_id)
                           .order_by(SessionEvent.chain_seq)):
            if e.kind == sampling.DRAWN:
                d, sample = e.data, rows.get(e.data.get("sample_id"))
                seen.add(d.get("sample_id"))
                rounds.setdefault((d.get("group_id"), petition_rules.round_key(str(d.get("round")))), []).append(e)
                pool = sorted(cid for cid, st in cases.items() if petition_rules.in_population(st, d.get("filters") or {}))
                why = petition_rules.draw_problems(e.prev_hash, d)
                if d.get("population") != pool:
                    why.append("its population is not the cases the chain has reported resolved before it")
                why += sampling.disagreements(sample, d) if sample else ["it is gone from the table"]
                out += [f"council {council_id}: sample {d.get('sample_id')} (chain entry #{e.chain_seq}): {w}" for w in why]
            for table, key, state in e.state or ():
                if table == "petition_cases" and state is None:
                    cases.pop(key[0], None)
                elif table == "petition_cases":
                    cases[key[0]] = state
        out += [f"council {council_id}: group {group} drew round «{at[0].data.get('round')}» {len(at)} times (chain "
                f"entries {', '.join(f'#{e.chain_seq}' for e in at)})" for (group, _r), at in rounds.items() if len(at) > 1]
    out += [f"petition_samples {sid}: no draw of it on the chain" for sid in sorted(set(rows) - seen)]
    return out


def _named(cls, key: list) -> str:
    return f"{cls.__tablename__} {key[0] if len(key) == 1 else tuple(key)}"


def _session(cs: CouncilSession, entries: list[SessionEvent]) -> list[str]:
    why = chain.session_break([e.seq for e in entries], cs.seq,
                              [e.hash for e in entries if e.kind == "session.closed"], cs.sealed_hash)
    return ([why] if why else []) + _seal_timestamp(cs)


def _seal_timestamp(cs: CouncilSession) -> list[str]:
    """The RFC 3161 token the TSA gave for the seal: the anchor outside the database. A chain rewritten
    whole, seal included, no longer matches it (the TSA signed the old seal, and signs nothing backdated)."""
    if cs.seal_timestamp is None:
        return []
    roots = current_app.config["KYHOP"].trust_roots if has_app_context() else None
    got = timestamping.check_token(cs.seal_timestamp, bytes.fromhex(cs.sealed_hash or "00"), roots)
    if not (got["covers"] and got["intact"] and got["valid"]):
        return [f"the seal's RFC 3161 timestamp ({got.get('time') or 'unreadable'}) does not cover its seal "
                f"{(cs.sealed_hash or 'none')[:16]}…"]
    if roots and not got["trusted"]:
        return ["the seal's RFC 3161 timestamp is not from a trusted time-stamping authority"]
    return []


# the status a poll's chain entries say it has: the last of these kinds decides
_STATUS_OF = {"poll.opened": "open", "poll.counting": "counting", "poll.closed": "closed", "poll.cancelled": "cancelled"}


def _polls(s: Session) -> list[str]:
    out = []
    chain_of: dict[int, dict[str, SessionEvent]] = {}  # poll id -> its entries by kind (the last of each)
    for e in s.scalars(select(SessionEvent).where(SessionEvent.kind.like("poll.%")).order_by(SessionEvent.chain_seq)):
        if isinstance(e.data, dict) and "poll_id" in e.data:
            chain_of.setdefault(e.data["poll_id"], {})[e.kind] = e
    for p in s.scalars(select(Poll).order_by(Poll.id)):
        entries = chain_of.get(p.id, {})
        last = max((e for k, e in entries.items() if k in _STATUS_OF), key=lambda e: e.chain_seq, default=None)
        said = _STATUS_OF[last.kind] if last else "draft"
        if said != p.status:
            out.append(f"poll {p.id}: status is {p.status}, the chain says {said}")
            continue
        if p.key_id is not None and p.status in ("counting", "closed"):
            out += [f"poll {p.id}: {why}" for why in _encrypted_board(s, p, entries)]
        if p.status == "closed":
            out += [f"poll {p.id}: {why}" for why in _result(s, p, entries["poll.closed"])]
    return out


def _result(s: Session, p: Poll, entry: SessionEvent) -> list[str]:
    try:
        fresh = _recount(s, p)
    except ProofError as e:
        return [f"its board does not verify: {e}"]
    kept = {k: v for k, v in (p.result or {}).items() if k not in PUBLISHED_LISTS}
    if _jsonable({k: v for k, v in entry.data.get("result", {}).items() if k not in PUBLISHED_LISTS}) != _jsonable(fresh):
        return [f"ballots no longer match the result in chain entry #{entry.chain_seq}"]
    if _jsonable(kept) != _jsonable(fresh):
        return ["stored result differs from its ballots"]
    if p.key_id is not None and (p.result or {}).get("trackers") != trackers_of(s, p.id):
        return ["the published trackers are not the board's"]
    return []


def _encrypted_board(s: Session, p: Poll, entries: dict[str, SessionEvent]) -> list[str]:
    """The key the poll used is the one its committee confirmed and it opened with, and the board is the one
    closing pinned in the chain (its trackers and encrypted totals)."""
    out = []
    key = s.get(CountingKey, p.key_id)
    confirmed = s.scalars(select(SessionEvent).where(SessionEvent.session_id == p.session_id,
                                                     SessionEvent.kind == "committee.confirmed")).all()
    ready = [e.data.get("public_key") for e in confirmed if e.data.get("key_id") == key.id and e.data.get("public_key")]
    opened = entries.get("poll.opened")
    if ready != [key.public_key] or opened is None or opened.data.get("public_key") != key.public_key:
        out.append("its committee key is not the one the committee confirmed in the chain")
    counting = entries.get("poll.counting")
    pinned = {k: counting.data.get(k) for k in ("trackers_sha256", "totals_sha256")} if counting else None
    if pinned != board_digest(trackers_of(s, p.id), p.aggregate):
        out.append("its ballots or encrypted totals are not those closing pinned in the chain")
    return out


def _recount(s: Session, p: Poll) -> dict:
    """The same counting as at closing: open votes from their named ballots, secret kinds from their board
    (every proof rechecked, the totals decrypted from the committee's published factors), and secret polls
    closed before ballots were encrypted from the (receipt, choice) list they published."""
    if p.kind == "open":
        return open_tally(s, p)
    if p.key_id is None:
        return legacy_result(s, p)
    counts = board.check(board.board_json(s, p))
    if counts is None:
        raise ProofError("fewer confirmations than the committee's threshold")
    res = secret_result(s, p, counts, trackers_of(s, p.id))
    return {k: v for k, v in res.items() if k not in PUBLISHED_LISTS}


def legacy_result(s: Session, p: Poll) -> dict:
    receipts = (p.result or {}).get("receipts", [])
    total, present, cast = p.total_snapshot or 0, p.present_snapshot or 0, len(receipts)
    options = [o.id for o in options_of(s, p.id)]
    if p.kind == "secret":
        res = rules.answer_result(Counter(r["choice"] for r in receipts), total, present, p.rule)
    elif p.kind == "election":
        res = rules.election_result({o: sum(o in r["choice"] for r in receipts) for o in options},
                                    p.seats or 1, total, present, cast)
    else:
        res = rules.confidence_result({o: Counter(r["choice"][str(o)] for r in receipts) for o in options},
                                      total, present, cast)
    return {**res, "consistent": p.result.get("consistent")}


def _jsonable(value):
    return json.loads(json.dumps(value, sort_keys=True))
