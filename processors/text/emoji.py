"""Emoji clusters (with variation selectors, skin tones, ZWJ sequences, keycaps) and their words."""

import re

_BASE = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)
_MODIFIERS = "\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
KEYCAP = r"[0-9#*]\ufe0f?\u20e3"
FLAG = r"[\U0001f1e6-\U0001f1ff]{2}"
CLUSTER = rf"[{_BASE}][{_MODIFIERS}]*(?:\u200d[{_BASE}][{_MODIFIERS}]*)*"
EMOJI = re.compile(rf"{KEYCAP}|{FLAG}|{CLUSTER}")

# Only emoji that carry a word the detectors use; every other emoji is dropped from the tokens.
_WORDS = {
    "\u270c": "dua",  # victory hand: the two-finger ballot gesture
    "\u261d": "satu",  # index pointing up: one finger
    "\U0001f4b0": "uang",  # money bag
    "\U0001f4b5": "uang",  # banknote
    "\U0001f4b8": "uang",  # money with wings
    "\U0001f4b4": "uang",
    "\U0001f9e7": "amplop",  # red envelope
    "\u2709": "amplop",  # envelope
    "\U0001f4e9": "amplop",
    "\U0001f4e8": "amplop",
}


def emoji_word(cluster: str) -> str | None:
    """The word an emoji cluster stands for (keycap 2️⃣ is "2", ✌️ is "dua"), or None."""
    if cluster.endswith("\u20e3"):
        return cluster[0] if cluster[0].isdigit() else None
    return _WORDS.get(cluster[0])
