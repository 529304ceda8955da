"""Normalisation cases: every token's norm, and the original span it points back at."""

import pytest

from processors.text import Normaliser, TokenKind

normalise = Normaliser(["sutopo", "ratna", "kaliurang"])
BOLD = "\U0001d41c\U0001d428\U0001d41b\U0001d425\U0001d428\U0001d42c"  # "coblos" in mathematical bold

CASES = [
    # (text, [(norm, original slice)])
    ("yg gak bgt utk sy", [("yang", "yg"), ("tidak", "gak"), ("banget", "bgt"),
                           ("untuk", "utk"), ("saya", "sy")]),
    ("pilihhh mantaaap", [("pilih", "pilihhh"), ("mantap", "mantaaap")]),
    ("c0bl0s 4mpl0p s3r4ng4n", [("coblos", "c0bl0s"), ("amplop", "4mpl0p"),
                                ("serangan", "s3r4ng4n")]),
    ("paslon02 no.2", [("paslon", "paslon02"), ("02", "paslon02"), ("nomor", "no"),
                       (".", "."), ("2", "2")]),
    ("teman2 bagi-bagi", [("teman", "teman2"), ("teman", "teman2"), ("bagi", "bagi"),
                          ("bagi", "bagi")]),
    ("50rb", [("50", "50rb"), ("ribu", "50rb")]),
    ("Skor 2-1", [("skor", "Skor"), ("2", "2"), ("-", "-"), ("1", "1")]),
    ("tgl 27/11", [("tanggal", "tgl"), ("27/11", "27/11")]),
    ("#SutopoRatna", [("sutopo", "#SutopoRatna"), ("ratna", "#SutopoRatna")]),
    ("#coblosnomor2", [("coblos", "#coblosnomor2"), ("nomor", "#coblosnomor2"),
                       ("2", "#coblosnomor2")]),
    ("salam ✌️ jari", [("salam", "salam"), ("dua", "✌️"), ("jari", "jari")]),
    ("salam ✌🏽jari", [("salam", "salam"), ("dua", "✌🏽"), ("jari", "jari")]),
    ("2️⃣ 💰", [("2", "2️⃣"), ("uang", "💰")]),
    ("👨‍👩‍👧 coblos", [("coblos", "coblos")]),
    ("🇮🇩🇮🇩 dukung", [("dukung", "dukung")]),
    ("Café cobl\u0301os", [("cafe", "Café"), ("coblos", "cobl\u0301os")]),
    (BOLD + " \uff2e\uff2f 1", [("coblos", BOLD), ("nomor", "\uff2e\uff2f"), ("1", "1")]),
    ("cek https://x.co/a?b=1 @Sutopo_Official.", [("cek", "cek"), ("<url>", "https://x.co/a?b=1"),
                                                   ("@sutopo_official", "@Sutopo_Official"),
                                                   (".", ".")]),
    ("a\n\nb", [("a", "a"), (".", "\n\n"), ("b", "b")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_norms_and_original_spans(text: str, expected: list[tuple[str, str]]) -> None:
    result = normalise(text)
    assert [(t.norm, text[t.start:t.end]) for t in result.tokens] == expected


@pytest.mark.parametrize(
    "text",
    ["👩🏽‍💻 coblos ✌️ 🫶🏻 no 2", "e\u0301\u0302 ́ amplop", "\u200d\u200dx", "#", "@", "🏳️‍🌈#KaliurangMaju"],
)
def test_offsets_stay_inside_the_text(text: str) -> None:
    result = normalise(text)
    for token in result.tokens:
        assert 0 <= token.start < token.end <= len(text)
        assert text[token.start:token.end].strip()


def test_span_maps_a_token_range_back_to_the_original() -> None:
    text = "🙏🏼 Ayo c0blos no. 2 ✌️"
    result = normalise(text)
    words = result.words
    first, last = words.index("coblos"), words.index("2") + 1
    assert result.source(first, last) == "c0blos no. 2"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("#Maju 2 ✌️ @x https://a.b .", [TokenKind.HASHTAG, TokenKind.NUMBER, TokenKind.EMOJI,
                                          TokenKind.MENTION, TokenKind.URL, TokenKind.PUNCT]),
    ],
)
def test_token_kinds(text: str, kinds: list[TokenKind]) -> None:
    assert [t.kind for t in normalise(text).tokens] == kinds
