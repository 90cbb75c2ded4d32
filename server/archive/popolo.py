"""A session's polls in the Popolo data specification (popoloproject.com/specs): the bundle's
vote_events.json, and its check against the results sealed in the chain.

The file names each thing once: the council (`organizations`), the session (`events`), the delegates
named in open votes (`persons`, referred to by `voter_id`) and the vote events. A poll is one vote event;
a confidence rating is one vote event per office-holder, since each is a question of its own on the
ballot and its three levels are counted apart. Counts use Popolo's options (yes, no, abstain, absent,
not voting); an election counts each candidate under the candidate's name, a confidence rating each
level (high confidence, confidence, low confidence: tín nhiệm cao, tín nhiệm, tín nhiệm thấp).
What Popolo does not define is marked with a leading "+", as its JSON patterns advise: `+poll_id`,
`+option_id` (a candidate or an office-holder, as the sealed result names them), `+elected`, `+seats`.

Every count, result and named vote is derived from the poll's result by `judged`; `check` derives the
same from the result sealed in the chain and compares, so a bundle whose vote events were rewritten (and
its manifest with them) is caught whatever the poll's kind."""
from __future__ import annotations

from sqlalchemy.orm import Session

from server.councils.models import Council
from server.sessions.models import CouncilSession
from server.voting.counting import options_of
from server.voting.models import Poll
from server.voting.rules import ANSWERS, RATINGS

OPTION = {"for": "yes", "against": "no", "abstain": "abstain", "absent": "absent", "did_not_vote": "not voting"}
LEVEL = {"high": "high confidence", "medium": "confidence", "low": "low confidence"}


def export(s: Session, cs: CouncilSession, polls: list[Poll]) -> dict:
    """vote_events.json: the council, the session, the persons named and every finished poll's events."""
    council = s.get(Council, cs.council_id)
    org, session = f"council-{council.id}", f"session-{cs.id}"
    labels = {o.id: o.label for p in polls for o in options_of(s, p.id)}
    persons = {n["user_id"]: n["full_name"] for p in polls for n in (p.result or {}).get("named", [])}
    return {
        "organizations": [{"id": org, "name": council.name, "classification": "council"}],
        "events": [{"id": session, "name": cs.title, "classification": "legislative session", "organization_id": org,
                    "start_date": cs.start_date.isoformat(), "end_date": cs.end_date.isoformat(),
                    "location": cs.location or None}],
        "persons": [{"id": f"person-{uid}", "name": name} for uid, name in sorted(persons.items())],
        "vote_events": [ev for p in polls for ev in vote_events(p, labels, org, session)],
    }


def vote_events(p: Poll, labels: dict[int, str], org: str, session: str) -> list[dict]:
    """A poll's vote events: one, or one per office-holder for a confidence rating; a cancelled poll's
    has no result of its own but 'cancelled'."""
    motion = {"id": f"motion-{p.id}", "text": p.title, "organization_id": org, "legislative_session_id": session,
              "classification": p.kind}
    if p.kind != "confidence":  # a rating adopts nothing: its thresholds are the results' own
        motion["requirement"] = p.rule.describe()[0]
    base = {"organization_id": org, "legislative_session_id": session, "classification": p.kind,
            "start_date": p.opened_at and p.opened_at.isoformat(), "end_date": p.closed_at and p.closed_at.isoformat(),
            "+poll_id": p.id}
    if p.status != "closed" or not p.result:
        return [{**base, "id": f"poll-{p.id}", "identifier": f"poll-{p.id}", "motion": motion, "result": "cancelled"}]
    out = []
    for part in judged(p.result, labels):
        option = part.get("+option_id")
        ident = f"poll-{p.id}" if option is None else f"poll-{p.id}-option-{option}"
        m = motion if option is None else {**motion, "id": f"motion-{p.id}-option-{option}",
                                           "text": f"{p.title}: {labels.get(option, option)}"}
        votes = [{"vote_event_id": ident, **v} for v in part.pop("votes", [])]
        out.append({**base, "id": ident, "identifier": ident, "motion": m, **part, **({"votes": votes} if votes else {})})
    return out


def judged(result: dict, labels: dict[int, str] | None = None) -> list[dict]:
    """What the vote events say of a result — result, counts, named votes — one part per event. Read from
    the result's own shape, so the chain's copy of a result gives what the bundle must say."""
    labels = labels or {}
    absent = [{"option": "absent", "value": result["absent"]}, {"option": "not voting", "value": result["did_not_vote"]}]
    if "answers" in result:  # open or secret yes/no
        part = {"result": "pass" if result["passed"] else "fail",
                "counts": [{"option": OPTION[a], "value": result["answers"][a]["count"]} for a in ANSWERS] + absent}
        if "named" in result:
            part["votes"] = [{"voter_id": f"person-{n['user_id']}", "option": OPTION[n["choice"]]} for n in result["named"]]
        return [part]
    if "candidates" in result:  # election
        verdict = "elected" if not result["new_round_needed"] else "tie, new round" if result["tie"] else "new round"
        return [{"result": verdict, "+seats": result["seats"], "counts": [
            {"option": labels.get(c["option_id"], str(c["option_id"])), "value": c["count"], "+option_id": c["option_id"],
             "+elected": c["elected"]} for c in result["candidates"]] + absent}]
    return [{"+option_id": person["option_id"],  # confidence rating: per office-holder
             "result": ("two thirds or more low confidence" if person["low_two_thirds"] else
                        "more than half low confidence" if person["low_over_half"] else "half or less low confidence"),
             "counts": [{"option": LEVEL[r], "value": person[r]["count"]} for r in RATINGS] + absent}
            for person in result["people"]]


def check(doc: dict, sealed: dict[int, dict], opened: dict[int, dict] | None = None) -> list[str]:
    """Problems of vote_events.json against the results sealed in the chain (poll id → result): every
    sealed result has its vote events saying the same counts, result and named votes; no event claims a
    result the chain does not seal. `opened` (poll id → its poll.opened entry's data): each motion reads
    the title and the names the chain opened the poll with."""
    if "organizations" not in doc:  # bundles made before the Popolo export: only yes/no counts were written
        return _check_before_export(doc, sealed)
    problems, seen = [], set()
    for ev in doc["vote_events"]:
        poll_id, ident = ev.get("+poll_id"), ev.get("id") or ev.get("identifier")
        result = sealed.get(poll_id)
        if result is None:
            if "counts" in ev or "votes" in ev or ev.get("result") != "cancelled":
                problems.append(f"vote event {ident}: the chain seals no result for poll {poll_id}")
            continue
        want = {part.get("+option_id"): part for part in judged(result)}
        part = want.get(ev.get("+option_id"))
        if part is None:
            problems.append(f"vote event {ident}: not in the result sealed for poll {poll_id}")
            continue
        seen.add((poll_id, ev.get("+option_id")))
        said = (opened or {}).get(poll_id, {})
        if "title" in said:
            option, names = ev.get("+option_id"), {int(k): v for k, v in said.get("options", {}).items()}
            if (ev.get("motion") or {}).get("text") != (said["title"] if option is None else f"{said['title']}: {names.get(option)}"):
                problems.append(f"vote event {ident}: its motion is not the title and names the poll was opened with")
        if _counts(ev.get("counts", [])) != _counts(part["counts"]):
            problems.append(f"vote event {ident}: counts differ from the sealed result")
        if (ev.get("result"), ev.get("+seats")) != (part["result"], part.get("+seats")):
            problems.append(f"vote event {ident}: result '{ev.get('result')}' is not the sealed result's '{part['result']}'")
        if _votes(ev.get("votes", [])) != _votes(part.get("votes", [])):
            problems.append(f"vote event {ident}: votes differ from the sealed result")
    for poll_id, result in sorted(sealed.items()):
        problems += [f"vote event of poll {poll_id}{'' if o is None else f' option {o}'}: missing, but the chain seals its result"
                     for o in (part.get("+option_id") for part in judged(result)) if (poll_id, o) not in seen]
    return problems


def _counts(counts: list[dict]) -> list:
    """Counts compared by what they count: a candidate or office-holder by its option id, not its label."""
    return sorted((str(c.get("+option_id", c.get("option"))), c.get("value"), c.get("+elected")) for c in counts)


def _votes(votes: list[dict]) -> list:
    return sorted((str(v.get("voter_id")), str(v.get("option"))) for v in votes)


def _check_before_export(doc: dict, sealed: dict[int, dict]) -> list[str]:
    problems = []
    for ev in doc["vote_events"]:
        result = sealed.get(int(ev["identifier"].split("-")[1]))
        if result and "answers" in result and "counts" in ev:
            got = {c["option"]: c["value"] for c in ev["counts"]}
            if any(got.get(OPTION[a]) != result["answers"][a]["count"] for a in ANSWERS):
                problems.append(f"vote event {ev['identifier']}: counts differ from the sealed result")
    return problems
