"""Fictional election configurations of any size, for the benchmark and the scale tests."""

import random
from datetime import date

from netra.domain.elections import Candidate, Election

_SYLLABLES = ("su", "har", "to", "no", "wi", "ra", "ma", "di", "ja", "ya", "sa", "ri", "ku",
              "la", "ba", "ga", "se", "ti", "mo", "nda", "pra", "tri", "wan", "sih", "lan")
_PARTIES = tuple(f"Partai {a} {b}" for a in ("Gotong", "Suara", "Cahaya", "Nusantara", "Bintang")
                 for b in ("Rakyat", "Baru", "Desa", "Bersatu"))
_SLOGANS = ("Maju", "Sejahtera", "Bangkit", "Hebat", "Berkah", "Juara")


def synthetic_elections(count: int, seed: int = 7) -> tuple[Election, ...]:
    """`count` races (the first 37 for governor) with 2 to 5 invented pairs each."""
    rng = random.Random(seed)
    elections = []
    for index in range(count):
        region = _word(rng, 3).title() + " " + _word(rng, 2).title()
        kind, prefix = ("pilgub", "Provinsi") if index < 37 else ("pilbup", "Kabupaten")
        candidates = tuple(_candidate(rng, number, region) for number in range(1, rng.randint(2, 5) + 1))
        elections.append(Election(
            id=f"{kind}-{region.lower().replace(' ', '')}-{index}", region=f"{prefix} {region}",
            candidates=candidates, name=f"Pemilihan {region}", voting_day=date(2024, 11, 27)))
    return tuple(elections)


def _candidate(rng: random.Random, number: int, region: str) -> Candidate:
    head = f"{_word(rng, 3).title()} {_word(rng, 2).title()}"
    deputy = f"{_word(rng, 2).title()} {_word(rng, 3).title()}"
    short = f"{head.split()[0]}{deputy.split()[0]}"
    return Candidate(
        number=number,
        names=(head, deputy),
        aliases=(f"{head.split()[0]}-{deputy.split()[0]}", short[:3].upper() + short[-2:].upper()),
        parties=(rng.choice(_PARTIES),),
        hashtags=(f"#{short}", f"#{region.replace(' ', '')}{rng.choice(_SLOGANS)}"),
        slogans=(f"{region.split()[0]} {rng.choice(_SLOGANS)}",),
        accounts=(("x", f"{short.lower()}_official"),),
    )


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))
