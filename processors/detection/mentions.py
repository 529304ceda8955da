"""Find where a text points at candidate pairs: phrases, hashtags, @accounts, ballot numbers."""

from processors.detection.reading import Mention, Span
from processors.detection.targets import TargetIndex, TargetKind
from processors.text import NormalisedText, TokenKind

NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
    "siji": 1, "loro": 2, "telu": 3, "papat": 4, "limo": 5,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "hiji": 1, "tilu": 3, "opat": 4,
}
ZERO_PADDED = frozenset(f"0{n}" for n in range(1, 10))
BALLOT_NUMBERS = {**NUMBER_WORDS, **{str(n): n for n in range(1, 10)},
                  **{word: int(word) for word in ZERO_PADDED}}
_PREFIXES = frozenset({"nomor", "paslon", "pasangan", "calon", "kandidat", "jagoan", "urut"})
_FILLERS = frozenset({"urut", ".", ":", "#", "nomor", "pasangan", "calon"})
# Cue phrases whose number is no ballot number: "satu putaran", "dua periode".
_NUMBERED_PHRASES = ("endorsement.support_vote", "endorsement.call_electoral",
                     "endorsement.call_generic")
_BALLOT_WORDS = frozenset(BALLOT_NUMBERS)
_TAGGED = frozenset({TokenKind.HASHTAG, TokenKind.MENTION})
NUMBER = "number"  # "nomor urut 2", "paslon 02", "02", keycap 2️⃣
BARE_NUMBER = "bare_number"  # "2", "dua": only a ballot number right after a call to vote
GESTURE = "gesture"  # "salam dua jari"
EMOJI_GESTURE = "emoji_gesture"  # ✌️ alone: also means "peace"
_ALIAS_WORD, _ALIAS_MARKED, _ACCOUNT, _HASHTAG, _TAGLINE = (k.value for k in (
    TargetKind.ALIAS_WORD, TargetKind.ALIAS_MARKED, TargetKind.ACCOUNT, TargetKind.HASHTAG,
    TargetKind.TAGLINE))


def find_mentions(
    text: NormalisedText, matches: dict[str, list[Span]], cues: dict[str, list[Span]],
    index: TargetIndex,
) -> list[Mention]:
    """Every mention of a candidate pair or region, longest first where they overlap."""
    found = _phrase_mentions(text, matches, index)
    words = text.words
    if not _BALLOT_WORDS.isdisjoint(words):
        found += _number_mentions(text, cues, index)
    original = text.original
    if ("#" in original or "@" in original) and any(
        token.kind in _TAGGED for token in text.tokens
    ):
        found += _hashtag_mentions(text, index)
        found += _account_mentions(text, index)
    if len(found) < 2:
        return found
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    # Sorted by start, a mention lies inside a longer kept one exactly when a kept mention
    # reaches past its end, or to its end from further left: track the furthest reach.
    kept: list[Mention] = []
    reach, reach_start = -1, -1
    for mention in found:
        start, end = mention.start, mention.end
        if reach > end or (reach == end and reach_start < start):
            continue  # inside a longer mention
        kept.append(mention)
        if end > reach:
            reach, reach_start = end, start
    return kept


def _phrase_mentions(
    text: NormalisedText, matches: dict[str, list[Span]], index: TargetIndex
) -> list[Mention]:
    mentions = []
    shouting = _mostly_capitals(text.original)
    for label, spans in matches.items():
        targets, kind = index.labelled[label]
        for start, end in spans:
            marked = kind == _ALIAS_WORD and _marked(text, start, end, shouting)
            mentions.append(Mention(start, end, _ALIAS_MARKED if marked else kind,
                                    targets))
    return mentions


def _marked(text: NormalisedText, start: int, end: int, shouting: bool) -> bool:
    """An alias that is also a word counts as a hashtag, or in capitals (SURYA) in a text
    that is not mostly capitals."""
    if text.tokens[start].kind is TokenKind.HASHTAG:
        return True
    source = text.source(start, end)
    return len(source) >= 3 and source.isupper() and not shouting


def _mostly_capitals(original: str) -> bool:
    """More than half of the text's letters are capitals (measured once per text)."""
    return sum(map(str.isupper, original)) > 0.5 * sum(map(str.isalpha, original))


def _hashtag_mentions(text: NormalisedText, index: TargetIndex) -> list[Mention]:
    mentions = []
    tokens = text.tokens
    position = 0
    while position < len(tokens):
        token = tokens[position]
        last = position + 1
        while last < len(tokens) and tokens[last].start == token.start:
            last += 1
        if token.kind is TokenKind.HASHTAG:
            key = text.original[token.start + 1:token.end].casefold()
            if targets := index.hashtags.get(key):
                named = any(t.kind == TargetKind.HASHTAG for t in targets)
                kind = _HASHTAG if named else _TAGLINE
                mentions.append(Mention(position, last, kind, tuple(targets)))
        position = last
    return mentions


def _account_mentions(text: NormalisedText, index: TargetIndex) -> list[Mention]:
    return [
        Mention(i, i + 1, _ACCOUNT, tuple(index.handles[token.norm[1:]]))
        for i, token in enumerate(text.tokens)
        if token.kind is TokenKind.MENTION and token.norm[1:] in index.handles
    ]


def _number_mentions(
    text: NormalisedText, cues: dict[str, list[Span]], index: TargetIndex
) -> list[Mention]:
    """Ballot numbers: prefixed or zero-padded forms, gestures; bare numbers marked as such."""
    tokens = text.tokens
    before = {end for _, end in cues.get("endorsement.sports_before", [])}
    after = {start for start, _ in cues.get("endorsement.sports_after", [])}
    phrases = {i for label in _NUMBERED_PHRASES for start, end in cues.get(label, [])
               for i in range(start, end)}
    mentions = []
    for i, token in enumerate(tokens):
        number = BALLOT_NUMBERS.get(token.norm)
        if number is None or i + 1 in after or i in phrases or _scored(tokens, i):
            continue
        prefix = _prefix_start(text, i)
        targets = index.ballot(number)
        if not targets:
            continue
        if token.kind is TokenKind.EMOJI and token.norm in NUMBER_WORDS:
            mentions.append(Mention(i, i + 1, EMOJI_GESTURE, targets))
        elif prefix is not None and prefix not in before:
            mentions.append(Mention(prefix, i + 1, NUMBER, targets))
        elif prefix is None and i not in before and (
            token.norm.startswith("0") or token.kind is TokenKind.EMOJI
        ):
            mentions.append(Mention(i, i + 1, NUMBER, targets))
        elif prefix is None and i not in before:
            mentions.append(Mention(i, i + 1, BARE_NUMBER, targets))
    for start, end in cues.get("endorsement.gesture", []):
        number = next((BALLOT_NUMBERS[t.norm] for t in tokens[start:end]
                       if t.norm in BALLOT_NUMBERS), None)
        if number is not None and index.ballot(number):
            mentions.append(Mention(start, end, GESTURE, index.ballot(number)))
    return mentions


def _scored(tokens: tuple, i: int) -> bool:
    """The second number of a score or time: `2-1`, `3:0`."""
    return i >= 2 and tokens[i - 1].norm in ("-", ":") and tokens[i - 2].norm.isdigit()


def _prefix_start(text: NormalisedText, number_at: int) -> int | None:
    """Where a ballot prefix (`nomor urut`, `paslon`, `no.`) begins before a number, if any."""
    position = number_at - 1
    start = None
    while position >= 0 and number_at - position <= 4:
        word = text.tokens[position].norm
        if word in _PREFIXES:
            start = position
        elif word not in _FILLERS:
            break
        position -= 1
    return start
