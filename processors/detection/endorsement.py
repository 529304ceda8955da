"""Endorsement: calls to vote for a pair, support expressions, campaign hashtags, gestures, events.

A mention of a pair is evidence only with a call or support aimed at it, in the same clause,
not negated, not enumerating several pairs, and not framed as news or a neutrality reminder.
"""

from processors.detection.context import (
    by_sentence,
    candidate_mentions,
    direct,
    election_words,
    in_neutral_frame,
    negated,
    outside_mentions,
)
from processors.detection.findings import Finding
from processors.detection.mentions import BARE_NUMBER, EMOJI_GESTURE, GESTURE, NUMBER
from processors.detection.reading import Mention, Reading, Span
from processors.detection.rules import (
    CALL_WINDOW,
    CALL_WINDOW_STRONG,
    WEAK_MENTION_PENALTY,
    rule,
)
from processors.detection.targets import TargetKind
from processors.text import TokenKind

_WEAK = frozenset({TargetKind.NAME_PART.value, TargetKind.ALIAS_WORD.value,
                   TargetKind.PARTY.value, TargetKind.SLOGAN.value, TargetKind.TAGLINE.value})
_HASHTAGS = frozenset({TargetKind.HASHTAG.value, TargetKind.TAGLINE.value})
# A word alias written in capitals (AMAN) names the pair for electoral calls and vote words,
# but is also an acronym of other things: generic calls and praise need election talk.
_MARKED = TargetKind.ALIAS_MARKED.value
_REGION = TargetKind.REGION.value
_CLOSERS = frozenset({TokenKind.EMOJI, TokenKind.HASHTAG, TokenKind.BREAK, TokenKind.PUNCT})
_CALLS = tuple((label, f"endorsement.{label}") for label, _ in rule("call-to-vote").levels)
_WEAK_OR_BARE = _WEAK | {BARE_NUMBER}


def detect_endorsement(reading: Reading) -> list[Finding]:
    """Endorsement findings of one reading."""
    if not reading.mentions:
        return []  # every rule below needs a mention of a pair
    election = election_words(reading)
    other_domain = bool(outside_mentions(reading, "context.other_domain"))
    report = reading.has("context.report")
    findings: list[Finding] = []
    for mention in reading.mentions:
        if not _acceptable(reading, mention, election, other_domain):
            continue
        if reading.quoted[mention.start]:
            continue  # someone else's words: `Habib: "Pilih Djarot!"`
        found = _call(reading, mention, report, election, other_domain)
        found = found or _call_against(reading, mention, report)
        found = found or _support_after(reading, mention, report)
        if found is None and not report and mention.kind not in (BARE_NUMBER, EMOJI_GESTURE):
            found = _support_before(reading, mention) or _backing(reading, mention, election)
        if found is None and mention.kind in _HASHTAGS and not report:
            found = rule("campaign-hashtag").finding(mention.start, mention.end, mention.targets)
        if found is None and mention.kind in (GESTURE, EMOJI_GESTURE):
            found = _gesture(reading, mention, report)
        if found and not in_neutral_frame(reading, mention.start):
            findings.append(found)
    accepted = [m for m in candidate_mentions(reading)
                if _acceptable(reading, m, election, other_domain)]
    findings += _events(reading, report, accepted)
    findings += _photos(reading, report, election, accepted)
    findings = [f for f in findings if reading.sentence[f.start] not in reading.questions]
    return _without_enumerations(reading, findings)


def _acceptable(reading: Reading, mention: Mention, election: bool, other_domain: bool) -> bool:
    """Whether this mention can be a target at all, given what else the text is about."""
    if mention.kind == _REGION:
        return False
    if mention.strong or mention.kind in (NUMBER, GESTURE, _MARKED):
        return election or not other_domain
    if mention.kind in _WEAK:
        return election and not other_domain
    return True


def _call(
    reading: Reading, mention: Mention, report: bool, election: bool, other_domain: bool
) -> Finding | None:
    """A call to vote or support right before the mention: `coblos nomor 1`, `ayo dukung SURYA`."""
    if mention.kind in (BARE_NUMBER, EMOJI_GESTURE):
        window = 0
    elif mention.strong or mention.kind == NUMBER:
        window = CALL_WINDOW_STRONG
    else:
        window = CALL_WINDOW
    for label, cue in _CALLS:
        call = reading.before(cue, mention.start, window)
        if call is None and window:
            call = _call_before_apposition(reading, mention, cue)
        if call is None or reading.quoted[call[0]]:
            continue
        if negated(reading, call[0], mention.start):
            return _against(reading, mention, call, label, report)
        is_direct = direct(reading, call)
        if label == "call_descriptive" and not is_direct:
            continue
        if label in ("call_generic", "call_own") and not election and not (
            (not other_domain and _named(reading, mention, label, is_direct))
            or _numbered(reading, mention, label, call, other_domain)
        ):
            continue
        if report and not is_direct:
            continue
        called = rule("ballot-number-call" if mention.kind in (NUMBER, BARE_NUMBER)
                      else "call-to-vote")
        confidence = called.confidence_at(label) - (
            WEAK_MENTION_PENALTY if mention.kind in _WEAK_OR_BARE else 0)
        return called.finding(call[0], mention.end, mention.targets, confidence=confidence)
    return None


def _against(
    reading: Reading, mention: Mention, call: Span, label: str, report: bool
) -> Finding | None:
    """`jangan pilih X`, `tolak X`: campaigning against the pair, said by the author."""
    if (report and not direct(reading, call)) or not (
            mention.strong or mention.kind in (NUMBER, _MARKED)):
        return None
    return rule("call-against").finding(call[0], mention.end, mention.targets, label)


def _call_against(reading: Reading, mention: Mention, report: bool) -> Finding | None:
    """An against cue right before a pair named unmistakably: `Tolak Ahok!`, `asal bukan 02`."""
    call = reading.before("endorsement.call_against", mention.start, CALL_WINDOW)
    if call is None or reading.quoted[call[0]]:
        return None
    return _against(reading, mention, call, "call_against", report)


def _numbered(
    reading: Reading, mention: Mention, label: str, call: Span, other_domain: bool
) -> bool:
    """A ballot number that a generic or own call surely means: declared, addressed, beside a
    pair named unmistakably, or paired with the pair's alias."""
    return mention.kind == NUMBER and (
        label == "call_own" or _addressed(reading, call)
        or (not other_domain and any(m.strong for m in reading.mentions))
        or _paired(reading, mention))


def _named(reading: Reading, mention: Mention, label: str, is_direct: bool) -> bool:
    """The pair is named unmistakably, or by its word alias in capitals where the call leaves
    no doubt (declared, paired with its number, or a direct call the alias closes)."""
    return mention.strong or (mention.kind == _MARKED and (
        label == "call_own" or _paired(reading, mention)
        or (is_direct and _closes_clause(reading, mention))))


def _call_before_apposition(reading: Reading, mention: Mention, cue: str) -> Span | None:
    """`Coblos yang pakai peci hitam, nomor 1!`: the pair alone in the clause after the call's."""
    start = mention.start
    after_comma = start >= 2 and reading.text.tokens[start - 1].norm == ","
    if not after_comma or not (mention.kind == NUMBER or mention.strong):
        return None
    call = reading.before(cue, start - 1, CALL_WINDOW_STRONG)
    between = [m for m in reading.mentions if call and call[1] <= m.start < start]
    if call is None or between or reading.sentence[call[0]] != reading.sentence[start]:
        return None
    return call


def _paired(reading: Reading, mention: Mention) -> bool:
    """A word alias and the same pair's ballot number in one clause (`pilih HEMAT no 2`):
    together they leave no doubt which pair is meant."""
    if mention.kind not in (NUMBER, _MARKED):
        return False
    partner = _MARKED if mention.kind == NUMBER else NUMBER
    numbers = {t.number for t in mention.targets}
    return any(
        other.kind == partner and reading.same_clause(other.start, mention.start)
        and numbers & {t.number for t in other.targets}
        for other in reading.mentions
    )


def _closes_clause(reading: Reading, mention: Mention) -> bool:
    """Nothing but punctuation, emoji or hashtags follows the mention in its clause: the pair
    is the call's object (`pilih BAMSI!`), not the subject of more (`dukung AMAN
    memperjuangkan hak adat`)."""
    following = reading.text.tokens[mention.end:mention.end + 1]
    return not following or following[0].kind in _CLOSERS or not following[0].norm.isalnum()


def _addressed(reading: Reading, call: Span) -> bool:
    """`ayo pilih`, `saya pilih`: a call someone makes or declares, not one reported."""
    return bool(reading.before("context.hortative", call[0], 3)
                or reading.before("context.first_person", call[0], 3))


def _support_before(reading: Reading, mention: Mention) -> Finding | None:
    """A vote slogan just before the pair, across exclamations: `Satu putaran! MADANI!`."""
    for start, end in reading.spans("endorsement.support_vote"):
        between = reading.text.tokens[end:mention.start]
        near = 0 <= mention.start - end <= 2 and all(not t.norm.isalnum() for t in between)
        if near and not negated(reading, start):
            return rule("support-expression").finding(start, mention.end, mention.targets,
                                                      "before")
    return None


def _support_after(reading: Reading, mention: Mention, report: bool) -> Finding | None:
    """Support stated after the mention: `Sutopo-Ratna pilihanku`, `BAMSI pasti menang`."""
    if mention.kind in (BARE_NUMBER, EMOJI_GESTURE):
        return None
    support = reading.after("endorsement.support_vote", mention.end, 2)
    if support is None and (election_words(reading) or mention.strong):
        support = reading.after("endorsement.support_praise", mention.end, 2)
    if support is None or negated(reading, mention.start, support[1]):
        return None
    if report and not reading.before("context.first_person", support[0], 1):
        return None
    level = "after_weak" if mention.kind in _WEAK else "after"
    return rule("support-expression").finding(mention.start, support[1], mention.targets, level)


def _backing(reading: Reading, mention: Mention, election: bool) -> Finding | None:
    """Praise, a wish to win or fitness for office in the sentence of a pair named
    unmistakably (or by name in election talk): `Sutopo Hadi the best leader`."""
    if not (mention.strong or mention.kind in (NUMBER, _MARKED) or election):
        return None
    for start, end in reading.in_sentence("endorsement.backing", mention.start):
        if not negated(reading, start) and not reading.quoted[start]:
            return rule("backing").finding(min(start, mention.start), max(end, mention.end),
                                           mention.targets)
    return None


def campaigning_through(findings: list[Finding]) -> list[Finding]:
    """Buying votes for, or pressing people to vote for, a named pair is campaigning for it."""
    if any(f.category == "endorsement" for f in findings):
        return []
    return [
        rule(f"campaigning-by-{f.category.replace('_', '-')}").finding(f.start, f.end, f.targets)
        for f in findings if f.targets and rule(f.rule.split(":")[0]).campaigns
    ]


def _gesture(reading: Reading, mention: Mention, report: bool) -> Finding | None:
    """`salam dua jari` with a pair or call in the text; ✌️ alone only beside a call."""
    if report or negated(reading, mention.start):
        return None
    others = [m for m in candidate_mentions(reading) if m is not mention and m.kind != GESTURE]
    calls = any(reading.has(label) for label in
                ("endorsement.call_electoral", "endorsement.call_generic"))
    if mention.kind == GESTURE and (others or calls or reading.has("context.election")):
        return rule("ballot-gesture").finding(mention.start, mention.end, mention.targets, "words")
    if mention.kind == EMOJI_GESTURE and others and calls:
        return rule("ballot-gesture").finding(mention.start, mention.end, mention.targets, "emoji")
    return None


def _events(reading: Reading, report: bool, mentions: list[Mention]) -> list[Finding]:
    """Inviting to, or reporting one's own presence at, a pair's campaign event."""
    if report:
        return []
    findings = []
    seen: set[int] = set()
    grouped = by_sentence(reading, mentions)
    for start, end in reading.spans("endorsement.event"):
        sentence = reading.sentence[start]
        if sentence in seen:
            continue
        invites = [*reading.in_sentence_number("endorsement.event_invite", sentence),
                   *reading.in_sentence_number("endorsement.event_invite", sentence + 1)]
        targets = grouped.get(sentence, [])
        if invites and targets and not negated(reading, invites[0][0]):
            seen.add(reading.sentence[start])
            first = min(start, invites[0][0], targets[0].start)
            last = max(end, invites[0][1], targets[0].end)
            findings.append(rule("campaign-event").finding(first, last, targets[0].targets))
    return findings


def _photos(
    reading: Reading, report: bool, election: bool, mentions: list[Mention]
) -> list[Finding]:
    """A photo or profile frame with a pair: `foto bareng Sutopo Hadi`, `pasang twibbon AMAN`."""
    if report or not reading.has("endorsement.photo"):
        return []
    findings = []
    seen: set[int] = set()
    grouped = by_sentence(reading, mentions)
    for start, end in reading.spans("endorsement.photo"):
        if reading.sentence[start] in seen:
            continue
        near = [m for m in grouped.get(reading.sentence[start], [])
                if m.strong or m.kind == _MARKED or (election and m.kind in _WEAK)]
        if near and not negated(reading, start) and not in_neutral_frame(reading, start):
            seen.add(reading.sentence[start])
            findings.append(rule("photo-with-candidate").finding(
                min(start, near[0].start), max(end, near[0].end), near[0].targets))
    return findings


def _without_enumerations(reading: Reading, findings: list[Finding]) -> list[Finding]:
    """`pilih nomor 1, 2 atau 3, bebas` supports nobody: drop `for` findings beside mentions of
    other pairs (not negated) in their sentence. Linear: each sentence keeps the distinct
    number sets of its mentions, a handful however long the text."""
    if not any(f.stance == "for" for f in findings):
        return findings
    numbers_in: dict[int, set[frozenset[int | None]]] = {}
    for m in reading.mentions:
        if m.kind != _REGION and not negated(reading, m.start):
            numbers_in.setdefault(reading.sentence[m.start], set()).add(
                frozenset(t.number for t in m.targets))
    kept = []
    for finding in findings:
        numbers = {t.number for t in finding.targets}
        others = numbers_in.get(reading.sentence[finding.start], set())
        if finding.stance != "for" or not numbers or all(numbers & o for o in others):
            kept.append(finding)
    return kept
