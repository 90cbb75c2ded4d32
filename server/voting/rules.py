"""Voting rules (docs/domain.md "Voting") as pure functions: thresholds, results, elections, confidence ratings.

Thresholds are counted against a base chosen per poll — by default ALL delegates of the council, never
only those present or those who voted. All arithmetic is on integers; percentages are rounded half-up
to two decimals and written the Vietnamese way ("90,00%").
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from server.errors import invalid

KINDS = ("open", "secret", "election", "confidence")
SECRET_KINDS = frozenset({"secret", "election", "confidence"})
ANSWERS = ("for", "against", "abstain")  # Tán thành, Không tán thành, Không biểu quyết
RATINGS = ("high", "medium", "low")      # tín nhiệm cao, tín nhiệm, tín nhiệm thấp
BASES = ("all", "present", "cast")
# A unanimous secret result reveals every choice; below this many voters, the chair is warned first.
SMALL_ELECTORATE = 30


@dataclass(frozen=True)
class Rule:
    base: str = "all"
    num: int = 1
    den: int = 2
    strict: bool = True  # True: more than num/den; False: at least num/den

    def describe(self) -> tuple[str, str]:
        base_vi = {"all": "tổng số đại biểu", "present": "số đại biểu có mặt", "cast": "số phiếu biểu quyết"}[self.base]
        base_en = {"all": "all delegates", "present": "delegates present", "cast": "ballots cast"}[self.base]
        frac = f"{self.num}/{self.den}"
        return ((f"quá {frac} {base_vi}" if self.strict else f"ít nhất {frac} {base_vi}"),
                (f"more than {frac} of {base_en}" if self.strict else f"at least {frac} of {base_en}"))

    def as_json(self) -> dict:
        return {"base": self.base, "num": self.num, "den": self.den, "strict": self.strict, "text": self.describe()}


PRESETS = {
    "resolution": Rule("all", 1, 2, True),      # thông qua nghị quyết: quá nửa tổng số đại biểu
    "dismissal": Rule("all", 2, 3, False),      # bãi nhiệm: ít nhất hai phần ba tổng số đại biểu
    "procedural": Rule("present", 1, 2, True),  # thủ tục: quá nửa số đại biểu có mặt
}


# Elections and confidence ratings are judged by law against more than half of ALL delegates (docs/domain.md
# "Elections", "Confidence ratings"): their rule is this one, whatever else is asked for.
FIXED_RULES = {"election": Rule("all", 1, 2, True), "confidence": Rule("all", 1, 2, True)}


@dataclass(frozen=True)
class PollSpec:
    kind: str
    rule: Rule
    seats: int | None
    options: list[str]


def poll_spec(kind: str, options: list[str], seats: int | None, preset: str | None, base: str | None = None,
              num: int | None = None, den: int | None = None, strict: bool | None = None) -> PollSpec:
    """Check what a poll is asked to be, before it exists; raises a 422 naming the field at fault.

    The rule is a preset, or explicit parts over "more than 1/2 of all delegates"; a preset with explicit
    parts that say otherwise is refused, not silently replaced. Elections and confidence ratings have their
    rule fixed by law; one that asks for another is refused too, so the rule shown is the rule applied."""
    if kind in ("election", "confidence"):
        if not options:
            raise invalid("options", "Cần danh sách người ứng cử hoặc người được lấy phiếu.",
                          "A list of candidates or office-holders is required.")
        if len(set(options)) != len(options):
            raise invalid("options", "Danh sách có tên trùng nhau.", "The list has duplicate names.")
    elif options:
        raise invalid("options", "Biểu quyết tán thành/không tán thành không có danh sách.",
                      "A yes/no vote has no list of options.")
    if kind == "election":
        seats = seats or 1
        if seats > len(options):
            raise invalid("seats", "Số người cần bầu lớn hơn số ứng cử viên.", "More seats than candidates.")
    elif seats is not None:
        raise invalid("seats", "Chỉ cuộc bầu cử mới có số người cần bầu.", "Only an election has seats.")
    explicit = {k: v for k, v in (("base", base), ("num", num), ("den", den), ("strict", strict)) if v is not None}
    start = PRESETS[preset] if preset else FIXED_RULES.get(kind, PRESETS["resolution"])
    rule = Rule(**{**start.__dict__, **explicit})
    if rule.num > rule.den:
        raise invalid("rule_num", "Tỷ lệ phải không lớn hơn 1.", "The fraction must not exceed 1.")
    if preset and rule != PRESETS[preset]:
        raise invalid("preset", "Quy tắc đã chọn mâu thuẫn với các thông số quy tắc gửi kèm.",
                      "The preset contradicts the explicit rule sent with it.")
    fixed = FIXED_RULES.get(kind)
    if fixed and rule != fixed:
        vi, en = fixed.describe()
        raise invalid("preset" if preset else "rule_base", f"Hình thức này theo luật định: {vi}.",
                      f"This kind's rule is set by law: {en}.")
    return PollSpec(kind, rule, seats, options)


def meets(count: int, base: int, rule: Rule) -> bool:
    if base <= 0:
        return False
    return count * rule.den > base * rule.num if rule.strict else count * rule.den >= base * rule.num


def percent(count: int, base: int) -> str:
    """'90,00' — percentage of the base, two decimals, half-up, decimal comma."""
    if base <= 0:
        return "0,00"
    value = (Decimal(count) * 100 / Decimal(base)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:.2f}".replace(".", ",")


def base_count(rule: Rule, total: int, present: int, cast: int) -> int:
    return {"all": total, "present": present, "cast": cast}[rule.base]


def line(count: int, base: int) -> dict:
    return {"count": count, "percent": percent(count, base), "text": f"{count}/{base} — {percent(count, base)}%"}


def answer_result(counts: dict[str, int], total: int, present: int, rule: Rule) -> dict:
    """Open or secret yes/no vote. `counts` has a count per answer; `present` is the snapshot at opening."""
    cast = sum(counts.get(a, 0) for a in ANSWERS)
    base = base_count(rule, total, present, cast)
    passed = meets(counts.get("for", 0), base, rule)
    return {
        "base": base, "total": total, "present": present, "cast": cast,
        "did_not_vote": max(0, present - cast), "absent": total - present,
        "answers": {a: line(counts.get(a, 0), base) for a in ANSWERS},
        "passed": passed, "rule": rule.describe(),
    }


def election_result(votes: dict[int, int], seats: int, total: int, present: int, cast: int) -> dict:
    """Approval ballot: elected with more than half of ALL delegates' votes; if more qualify than there
    are seats, the most votes win; a tie across the last seat (`tie`, the candidates in `tied`) calls for
    another round. Candidates are listed by option id, as ballots name them."""
    qualified = sorted((c for c, v in votes.items() if meets(v, total, FIXED_RULES["election"])), key=lambda c: -votes[c])
    elected, tie = qualified[:seats], []
    if len(qualified) > seats:
        cut = votes[qualified[seats - 1]]
        if votes[qualified[seats]] == cut:  # the last seat is shared by equal votes
            tie = [c for c in qualified if votes[c] == cut]
            elected = [c for c in qualified if votes[c] > cut]
    return {
        "total": total, "present": present, "cast": cast, "did_not_vote": max(0, present - cast),
        "absent": total - present, "seats": seats,
        "candidates": [{"option_id": c, **line(v, total), "elected": c in elected, "qualified": c in qualified}
                       for c, v in votes.items()],
        "elected": elected, "tie": bool(tie), "tied": tie, "new_round_needed": bool(tie) or len(elected) < seats,
    }


def confidence_result(ratings: dict[int, dict[str, int]], total: int, present: int, cast: int) -> dict:
    """Lấy phiếu tín nhiệm: per office-holder counts; flags for 'tín nhiệm thấp' from more than half of all
    delegates (may resign) and from two-thirds or more (triggers a confidence vote)."""
    out = []
    for person, r in ratings.items():
        low = r.get("low", 0)
        out.append({"option_id": person, **{k: line(r.get(k, 0), total) for k in RATINGS},
                    "low_over_half": 2 * low > total, "low_two_thirds": 3 * low >= 2 * total})
    return {"total": total, "present": present, "cast": cast, "did_not_vote": max(0, present - cast),
            "absent": total - present, "people": out}


# --- encrypted ballots (docs/ballots.md): a ballot answers questions of (choices, least kept, most kept) ---
def ballot_questions(kind: str, options: int, seats: int | None) -> list[tuple[int, int, int]]:
    """Secret yes/no: one of the three answers; election: up to `seats` of the candidates (a ballot keeping
    more names than seats is invalid); confidence: one of three levels for each office-holder."""
    if kind == "secret":
        return [(len(ANSWERS), 1, 1)]
    if kind == "election":
        return [(options, 0, seats or 1)]
    if kind == "confidence":
        return [(len(RATINGS), 1, 1)] * options
    raise ValueError(kind)


def ballot_bits(kind: str, choice, option_ids: list[int]) -> list[list[int]]:
    """A choice as the tablet shows it, as the 0/1 values the tablet encrypts (ballot_questions' order)."""
    if kind == "secret":
        return [[int(a == choice) for a in ANSWERS]]
    if kind == "election":
        return [[int(o in choice) for o in option_ids]]
    return [[int(choice[str(o)] == r) for r in RATINGS] for o in option_ids]


def counts_by_choice(kind: str, counts: list[list[int]], option_ids: list[int]):
    """Decrypted totals (ballot_questions' order) as the result functions take them."""
    if kind == "secret":
        return dict(zip(ANSWERS, counts[0]))
    if kind == "election":
        return dict(zip(option_ids, counts[0]))
    return {o: dict(zip(RATINGS, row)) for o, row in zip(option_ids, counts)}


def needs_small_electorate_warning(kind: str, voters: int) -> bool:
    return kind in SECRET_KINDS and voters < SMALL_ELECTORATE
