"""Hashtag segmentation cases."""

import pytest

from processors.text.hashtags import segment_hashtag

VOCABULARY = frozenset({"coblos", "nomor", "kaliurang", "maju", "tolak", "serangan", "fajar"})


@pytest.mark.parametrize(
    ("body", "parts"),
    [
        ("KaliurangMaju", ["Kaliurang", "Maju"]),
        ("kaliurangmaju", ["kaliurang", "maju"]),
        ("coblosnomor2", ["coblos", "nomor", "2"]),
        ("TolakSeranganFajar", ["Tolak", "Serangan", "Fajar"]),
        ("tolak_serangan_fajar", ["tolak", "serangan", "fajar"]),
        ("ASNNetral", ["ASN", "Netral"]),
        ("xyzabcdef", ["xyzabcdef"]),
        ("Pilkada2024", ["Pilkada", "2024"]),
    ],
)
def test_segments(body: str, parts: list[str]) -> None:
    assert segment_hashtag(body, VOCABULARY) == parts
