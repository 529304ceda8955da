"""ViolationDetector: every category's rules over a post's text, shared text and repost facts."""

import time
from collections.abc import Callable, Sequence

from netra.domain.accounts import normalise_handle
from netra.domain.decision import CandidateRef, Evidence
from netra.domain.elections import Election
from netra.domain.post import Post
from processors.detection.analysis import Analyser
from processors.detection.disinformation import ClaimMatcher, DebunkedClaim
from processors.detection.endorsement import campaigning_through, detect_endorsement
from processors.detection.findings import Detection, Finding
from processors.detection.hate import HateSpeechModel, hate_speech_evidence
from processors.detection.intimidation import detect_intimidation
from processors.detection.lexicon import load_lexicon
from processors.detection.money_politics import detect_money_politics
from processors.detection.reading import Reading
from processors.detection.rules import (
    CATEGORY_NAMES,
    MAX_PER_CATEGORY,
    MAX_TEXT_CHARS,
    TIME_BUDGET_SECONDS,
    load_lexicons,
    rule,
)
from processors.detection.rules import VERSION as RULES_VERSION
from processors.detection.stance import LearnedStance, StanceModel
from processors.detection.targets import Target, TargetKind, person_words

SHARED_TEXT = "shared_from.text"
SHARED_HANDLE = "shared_from.handle"
# Mentions that say which race a post is about, to resolve ballot numbers and shared names.
_FOCUS_KINDS = frozenset(k.value for k in (
    TargetKind.NAME, TargetKind.ALIAS, TargetKind.ALIAS_MARKED, TargetKind.HASHTAG,
    TargetKind.ACCOUNT, TargetKind.REGION, TargetKind.SLOGAN))

CategoryRules = Callable[[Reading], list[Finding]]


class ViolationDetector:
    """Implements processors.decide.Detector; build once per election configuration."""

    def __init__(
        self,
        elections: Sequence[Election],
        hate_speech: HateSpeechModel | None = None,
        claims: Sequence[DebunkedClaim] = (),
        stance: StanceModel | None = None,
        budget: float = TIME_BUDGET_SECONDS,
    ) -> None:
        """`stance` defaults to the packaged model (a missing or corrupt one stops start-up);
        `budget` is the CPU seconds one post may take before it is decided on what was found."""
        self._budget = budget
        lexicons = load_lexicons()
        self._analyser = Analyser(tuple(elections), lexicons)
        self._claims = ClaimMatcher(tuple(claims), self._analyser.normalise)
        detectors: dict[str, CategoryRules] = {
            "endorsement": detect_endorsement, "money_politics": detect_money_politics,
            "intimidation": detect_intimidation, "disinformation": self._claims}
        if missing := set(CATEGORY_NAMES) - set(detectors) - {"hate_speech"}:
            raise ValueError(f"categories in the rule table without a detector: {missing}")
        self._rules = tuple(detectors.values())
        self._hate = hate_speech
        self._stance = LearnedStance(stance or StanceModel.load())
        self._person_words = person_words(self._analyser.targets)
        self.versions: dict[str, str] = {
            "normaliser": self._analyser.normalise.version,
            **{lexicon.name: lexicon.version for lexicon in lexicons},
            "names": load_lexicon("names").version,
            "elections": self._analyser.targets.version,
            "claims": self._claims.version,
            "rules": RULES_VERSION,
            "stance": self._stance.model.version,
        }
        if hate_speech is not None:
            self.versions["hate_speech"] = hate_speech.version

    def detect(self, post: Post) -> Detection:
        """Every piece of evidence in the post's text, the text it shares, and whose post it is.

        Work is linear in the texts' length, bounded by MAX_TEXT_CHARS per text and by the
        time budget; the result's `cut_short` says when either stopped it.
        """
        deadline = time.thread_time() + self._budget
        cut: list[str] = []
        texts: list[tuple[str, str | None]] = [(post.text, None)]
        if post.shared_from and post.shared_from.text:
            texts.append((post.shared_from.text, SHARED_TEXT))
        for text, field in texts:
            if len(text) > MAX_TEXT_CHARS:
                cut.append(f"{field or 'text'} read to {MAX_TEXT_CHARS} of {len(text)} chars")
        readings = [(self._analyser.read(text[:MAX_TEXT_CHARS]), field) for text, field in texts]
        repost = self._repost_targets(post)
        if readings[0][0].has("context.distance"):
            readings, repost = readings[:1], ()  # shared to criticise or report, not to endorse
        focus = {t.election for t in repost} | {
            t.election for reading, _ in readings for m in reading.mentions
            if m.kind in _FOCUS_KINDS for t in m.targets}
        found = []
        for reading, field in readings:
            findings = []
            for category_rules in self._rules:
                if time.thread_time() > deadline:
                    cut.append(f"time budget of {self._budget} s spent")
                    break
                findings += category_rules(reading)
            findings = self._stance(reading, findings)
            found.append((reading, field, findings + campaigning_through(findings)))
        if not focus and any(findings for _, _, findings in found):
            focus = self._home_elections(post)
        evidence = Detection()
        for reading, field, findings in found:
            evidence += [self._evidence(reading, f, field, focus) for f in _capped(findings)]
            if time.thread_time() > deadline:
                cut.append(f"time budget of {self._budget} s spent before hate speech")
                continue
            evidence += self._hate_speech(reading.text.original, field)
        if repost:
            handle = post.shared_from.handle if post.shared_from else ""
            found_rule = rule("official-account-repost")
            evidence.append(Evidence(
                found_rule.category, 0, len(handle or ""), handle or "", found_rule.name,
                self._resolve(repost, focus), SHARED_HANDLE, found_rule.confidence,
                stance=found_rule.stance))
        evidence.cut_short = "; ".join(dict.fromkeys(cut)) or None
        return evidence

    def _evidence(
        self, reading: Reading, finding: Finding, field: str | None, focus: set[str]
    ) -> Evidence:
        start, end = reading.text.span(finding.start, finding.end)
        return Evidence(finding.category, start, end, reading.text.original[start:end],
                        finding.rule, self._resolve(finding.targets, focus), field,
                        finding.confidence, stance=finding.stance)

    def _resolve(self, targets: Sequence[Target], focus: set[str]) -> CandidateRef | None:
        """The one pair the targets mean; elections the post names break ties."""
        pairs = set()
        for target in targets:
            if target.kind == TargetKind.BALLOT and target.number is not None:
                elections = self._analyser.targets.numbers.get(target.number, set())
                if len(elections) > 1:
                    elections = focus.intersection(elections)
                pairs |= {(e, target.number) for e in elections}
            elif target.number is not None:
                pairs.add((target.election, target.number))
        if len(pairs) > 1:
            pairs = {p for p in pairs if p[0] in focus}
        if len(pairs) != 1:
            return None
        election, number = pairs.pop()
        return CandidateRef(election, number)

    def _home_elections(self, post: Post) -> set[str]:
        """Races whose region the author's location or bio names: the last tie-breaker."""
        about = " . ".join(filter(None, (post.author.location, post.author.bio)))
        if not about:
            return set()
        words = self._analyser.normalise(about).words
        phrases = self._analyser.targets.phrases
        return {
            target.election
            for size in range(1, 5) for i in range(len(words) - size + 1)
            for target in phrases.get(tuple(words[i:i + size]), ())
            if target.kind == TargetKind.REGION
        }

    def _repost_targets(self, post: Post) -> tuple[Target, ...]:
        shared = post.shared_from
        if not shared or not shared.handle:
            return ()
        platform = (shared.platform or post.platform).lower()
        key = (platform, normalise_handle(shared.handle))
        return tuple(self._analyser.targets.accounts.get(key, ()))

    def _hate_speech(self, text: str, field: str | None) -> list[Evidence]:
        if self._hate is None:
            return []
        return hate_speech_evidence(self._hate, text, field, self._person_words)


def _capped(findings: list[Finding]) -> list[Finding]:
    """The first MAX_PER_CATEGORY findings of each category, in text order."""
    counts: dict[str, int] = {}
    kept = []
    for finding in sorted(findings, key=lambda f: f.start):
        counts[finding.category] = counts.get(finding.category, 0) + 1
        if counts[finding.category] <= MAX_PER_CATEGORY:
            kept.append(finding)
    return kept
