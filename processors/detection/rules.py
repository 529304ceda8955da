"""Every violation rule declared as data, as matching declares its features.

One row per rule: its category, confidence (and named variants), the cue groups that let a text
through to it, and the stance its endorsement evidence takes. Categories, the lexicons to load,
the analyser's anchor words and the `rules` version stamp are all derived from this table, so a
new rule is a row here, its phrases in `lexicons/<category>.yaml` and its logic in the
category's module; the pipeline refuses to start if a category has no detector.
"""

import hashlib
from dataclasses import dataclass

from processors.detection.findings import Finding
from processors.detection.lexicon import Lexicon, load_lexicon
from processors.detection.targets import Target

MENTION = "mention"  # anchored by any candidate mention: name, alias, hashtag, account, number
EVERY_TEXT = "every-text"  # reads every text, anchor word or not
FOR, AGAINST = "for", "against"
CALLS = ("endorsement.call_electoral", "endorsement.call_own", "endorsement.call_generic",
         "endorsement.call_descriptive")


@dataclass(frozen=True, slots=True)
class Category:
    """A violation category, in the order decisions list them, and its cue lexicon if any."""

    name: str
    lexicon: str | None


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: the evidence `name` it writes, how sure it is, what lets a text reach it."""

    name: str
    category: str
    confidence: float
    anchors: tuple[str, ...]
    stance: str | None = None  # endorsement rules: the side the author takes
    levels: tuple[tuple[str, float], ...] = ()  # confidences of named variants
    campaigns: bool = False  # money or pressure for the named pair also campaigns for it

    def confidence_at(self, level: str | None = None) -> float:
        """The confidence of the rule, or of one of its named variants."""
        return dict(self.levels)[level] if level is not None else self.confidence

    def finding(
        self, start: int, end: int, targets: tuple[Target, ...] = (), level: str | None = None,
        confidence: float | None = None, detail: str = "", stance: str | None = None,
    ) -> Finding:
        """A finding of this rule over tokens [start, end); `detail` qualifies the rule name."""
        return Finding(self.category, start, end, f"{self.name}:{detail}" if detail else self.name,
                       self.confidence_at(level) if confidence is None else confidence,
                       targets, stance or self.stance)

    def spanning(
        self, spans: list[tuple[int, int]], targets: tuple[Target, ...] = (),
        level: str | None = None,
    ) -> Finding:
        """A finding from the first start to the last end of `spans` (cue, vote, offer...)."""
        return self.finding(min(s for s, _ in spans), max(e for _, e in spans), targets, level)


CATEGORIES = (
    Category("endorsement", "endorsement"),
    Category("hate_speech", None),
    Category("money_politics", "money_politics"),
    Category("intimidation", "intimidation"),
    Category("disinformation", "disinformation"),
)
_CALL_LEVELS = (("call_electoral", 0.95), ("call_own", 0.9), ("call_generic", 0.9),
                ("call_descriptive", 0.85))
_VOTE_LINKS = (MENTION, "endorsement.call_electoral", "context.vote_word")
RULES = (
    Rule("call-to-vote", "endorsement", 0.95, (MENTION, *CALLS), FOR, _CALL_LEVELS),
    Rule("ballot-number-call", "endorsement", 0.95, (MENTION, *CALLS), FOR, _CALL_LEVELS),
    Rule("call-against", "endorsement", 0.9, (MENTION, "endorsement.call_against", *CALLS),
         AGAINST, (*_CALL_LEVELS, ("call_against", 0.9))),
    Rule("backing", "endorsement", 0.8, (MENTION,), FOR),
    Rule("support-expression", "endorsement", 0.85, (MENTION,), FOR,
         (("before", 0.8), ("after", 0.85), ("after_weak", 0.75))),
    Rule("campaign-hashtag", "endorsement", 0.85, (MENTION,), FOR),
    Rule("ballot-gesture", "endorsement", 0.85, ("endorsement.gesture",), FOR,
         (("words", 0.85), ("emoji", 0.7))),
    Rule("campaign-event", "endorsement", 0.85, (MENTION,), FOR),
    Rule("photo-with-candidate", "endorsement", 0.75, (MENTION,), FOR),
    Rule("official-account-repost", "endorsement", 0.9, ("context.distance",), FOR),
    Rule("campaigning-by-money-politics", "endorsement", 0.8, (MENTION,), FOR),
    Rule("campaigning-by-intimidation", "endorsement", 0.8, (MENTION,), FOR),
    Rule("learned-stance", "endorsement", 0.0, (MENTION,)),  # confidence: the model's
    Rule("hate-speech", "hate_speech", 0.0, (EVERY_TEXT,)),  # confidence: the classifier's
    Rule("vote-buying-term", "money_politics", 0.9, ("money_politics.intrinsic",), campaigns=True),
    Rule("vote-buying-offer", "money_politics", 0.9, (*_VOTE_LINKS, *CALLS), campaigns=True),
    Rule("aid-for-vote", "money_politics", 0.85, _VOTE_LINKS, campaigns=True),
    Rule("prize-for-engagement", "money_politics", 0.85, (MENTION, "money_politics.engagement"),
         campaigns=True),
    Rule("threat-for-vote", "intimidation", 0.85, (MENTION, *CALLS),
         levels=(("pressured", 0.9),), campaigns=True),
    Rule("vote-proof-demand", "intimidation", 0.8, (MENTION, *CALLS), campaigns=True),
    Rule("ordered-vote", "intimidation", 0.8, (MENTION, *CALLS), campaigns=True),
    Rule("violence-against-supporters", "intimidation", 0.85, (MENTION,)),
    Rule("debunked-claim", "disinformation", 0.0, (EVERY_TEXT,)),  # confidence: the match's
)
BY_NAME = {rule.name: rule for rule in RULES}
CATEGORY_NAMES = tuple(category.name for category in CATEGORIES)
LEXICON_NAMES = ("context", *(c.lexicon for c in CATEGORIES if c.lexicon))
# A ballot number is a mention only after a prefix (`nomor`, `paslon`): the prefix anchors it.
_MENTION_CUES = ("endorsement.ballot_prefix",)
ANCHOR_GROUPS = frozenset(
    cue for r in RULES for a in r.anchors
    for cue in (_MENTION_CUES if a == MENTION else (a,) if "." in a else ()))

# Knobs the rules read; hashed into the version with the table.
CALL_WINDOW = 3  # tokens between a call and a weakly named pair
CALL_WINDOW_STRONG = 4  # `pilih yang sudah terbukti: nomor urut 1`
WEAK_MENTION_PENALTY = 0.1  # a call to a name part, party or bare number is less sure
MAX_PER_CATEGORY = 10  # evidence items per category and field: a spam post repeats itself
MAX_STANCE_PAIRS = 10  # pairs the learned stance judges per text (each costs a pass over it)
MAX_TEXT_CHARS = 25_000  # a longer text is read up to here, and the decision says so
TIME_BUDGET_SECONDS = 1.0  # per post; past it the post is decided on what was found so far
KNOBS = {"call_window": CALL_WINDOW, "call_window_strong": CALL_WINDOW_STRONG,
         "weak_mention_penalty": WEAK_MENTION_PENALTY, "max_per_category": MAX_PER_CATEGORY,
         "max_stance_pairs": MAX_STANCE_PAIRS, "max_text_chars": MAX_TEXT_CHARS,
         "time_budget_seconds": TIME_BUDGET_SECONDS}


def load_lexicons() -> tuple[Lexicon, ...]:
    """Every cue lexicon the table names, checked (InputError with file and line)."""
    return tuple(load_lexicon(name) for name in LEXICON_NAMES)


def rule(name: str) -> Rule:
    """The declared rule `name` (KeyError for an undeclared one: no silent rules)."""
    return BY_NAME[name]


def _check() -> None:
    """Every rule in a declared category, every category with a rule, names unique."""
    if len(BY_NAME) != len(RULES):
        raise ValueError("two rules share a name")
    used = {r.category for r in RULES}
    if used != set(CATEGORY_NAMES):
        raise ValueError(f"categories without rules or rules without a category: "
                         f"{used ^ set(CATEGORY_NAMES)}")
    for r in RULES:
        if r.category == "endorsement" and r.stance is None and r.name != "learned-stance":
            raise ValueError(f"endorsement rule {r.name} has no stance")


_check()
VERSION = "rules-" + hashlib.sha256(repr((RULES, KNOBS)).encode()).hexdigest()[:12]
