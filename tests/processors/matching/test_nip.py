"""NIP structure checks and NIPs written in bios."""

import pytest

from processors.matching.nip import nip_problem, nips_in_text


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        ("198702142011011003", None),
        ("199003022015042001", None),
        ("19870214201101100", "not 18 digits"),
        ("198713142011011003", "birth date 19871314 is not a date"),
        ("198702142011131003", "appointment month 201113 is not a month"),
        ("198702141990011003", "appointed 1990, born 1987"),
        ("198702142011013003", "sex digit 3 is not 1 or 2"),
    ],
)
def test_nip_problem(nip: str, problem: str | None) -> None:
    assert nip_problem(nip) == problem


@pytest.mark.parametrize(
    ("text", "nips"),
    [
        ("NIP 198702142011011003", ["198702142011011003"]),
        ("NIP. 19870214 201101 1 003 | guru", ["198702142011011003"]),
        ("nip 19870214.201101.1.003", ["198702142011011003"]),
        ("hp 081234567890123456", []),
        ("1987021420110110031", []),
        ("no number here", []),
    ],
)
def test_nips_in_text(text: str, nips: list[str]) -> None:
    assert nips_in_text(text) == nips
