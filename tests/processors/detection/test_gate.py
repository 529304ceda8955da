"""Texts without an anchor word skip spaCy; texts with one do not."""

import pytest

from tests.processors.detection.support import detector


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Selamat pagi, semoga harimu menyenangkan", False),
        ("Hujan deras sejak subuh, jalanan banjir", False),
        ("Ayo coblos nomor 1", True),
        ("#SutopoRatna", True),
        ("@bamsi_official keren", True),
        ("serangan fajar", True),
        ("Bambang Wirayudha", True),
    ],
)
def test_gate(text: str, matched: bool) -> None:
    reading = detector()._analyser.read(text)
    assert bool(reading.cues or reading.mentions) is matched
