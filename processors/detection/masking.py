"""Which words of a post are people: names and hashtags built on a name.

The hate-speech classifier never sees them (in training and at run time), so it judges what
is said, not who is talked about: dropped, not replaced by a placeholder, since a placeholder
inherits the prior of the names it stands for. (@mentions and URLs are read as the
placeholders `user` and `url` by the tokenizer: which account or link never counts.)
Names are the election file's (candidates, aliases, hashtags) and any capitalised word
inside a sentence that is not known as an ordinary word. Words learned as names from the
training text's casing are not masked: that list (jokowi, prabowo, places...) cost about
one F1 point on HS1 and the name swaps that matter are the election file's.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

ORDINARY_MIN_SHARE = 0.5  # a word written in lower case this often is an ordinary word
HASHTAG_AFFIX = range(3, 16)  # lengths of a name at the start or end of a hashtag
MAX_HASHTAG = 60  # longer hashtags are noise: dropped


@dataclass(frozen=True, slots=True)
class NameMask:
    """Configured names, words known to be ordinary (from training text), and words never masked."""

    names: frozenset[str]
    ordinary: frozenset[str]
    keep: frozenset[str]

    def masks_word(self, raw: str, word: str, initial: bool, extra: frozenset[str]) -> bool:
        """A name: a known or configured one, or a capitalised unknown word inside a sentence."""
        if word in self.keep:
            return False
        if word in self.names or word in extra:
            return True
        return not initial and is_capitalised(raw) and word not in self.ordinary

    def masks_hashtag(self, tag: str, extra: frozenset[str]) -> bool:
        """A configured hashtag, or one that starts or ends with a name (#AhokDjarot, #DukungSutopo)."""
        if len(tag) > MAX_HASHTAG or tag in extra:
            return True
        names = self.names
        return any(
            (tag[:n] in names or tag[:n] in extra or tag[-n:] in names or tag[-n:] in extra)
            for n in HASHTAG_AFFIX if n <= len(tag)
        )


def is_capitalised(raw: str) -> bool:
    """`Anies`, `Sandi`: an upper-case first letter followed by lower case (not SHOUTING)."""
    return len(raw) > 2 and raw[0].isupper() and raw[1:].islower()


def learn_ordinary(words: Iterable[tuple[str, str, bool]]) -> frozenset[str]:
    """Words written in lower case at least ORDINARY_MIN_SHARE of the time, from (raw, folded,
    sentence-initial) word occurrences of training text: capitalised, they are emphasis, not a name."""
    total: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for raw, word, _ in words:
        if len(word) >= 3 and word.isalpha():
            total[word] += 1
            lower[word] += raw.islower()
    return frozenset(w for w, n in total.items() if lower[w] >= ORDINARY_MIN_SHARE * n)
