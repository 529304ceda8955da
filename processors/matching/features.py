"""The matching features, declared as data: each compares a profile with one registry entry.

A feature returns a value in [-1, 1] and a detail a reviewer can read; its weight turns the
value into log-odds. `FEATURES` is the whole score at a glance.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from hashlib import sha256

import numpy as np
from rapidfuzz import fuzz, process

from processors.matching.cues import (
    ASN_WORDS,
    HONORER_WORDS,
    NON_ASN_OCCUPATIONS,
    OCCUPATIONS,
    occupations,
)
from processors.matching.index import EntryView
from processors.matching.names import core_name, short_forms
from processors.matching.places import (
    ADMIN_WORDS,
    contains_phrase,
    expand_place,
    unit_kind,
    without_admin_words,
)
from processors.matching.profile import Profile


@dataclass(frozen=True, slots=True)
class Comparison:
    """A profile against one entry, with what was computed once per profile."""

    profile: Profile
    entry: EntryView
    regions_mentioned: frozenset[str]
    queries: dict[str, str]
    handle_listed_elsewhere: bool = False


@dataclass(frozen=True, slots=True)
class FeatureResult:
    """A feature's value and the sentence that explains it."""

    value: float
    detail: str


NOTHING = FeatureResult(0.0, "")
OCCUPATION_WORDS = frozenset(w for words in OCCUPATIONS.values() for phrase in words
                             for w in phrase.split())
# Words that may follow a unit's kind without naming a unit ("Camat | PNS, Kab. X").
NOT_A_PLACE = OCCUPATION_WORDS | ADMIN_WORDS | frozenset(
    w for phrase in ASN_WORDS + HONORER_WORDS for w in phrase.split())
# Words of unit names that every region's government has; a unit made only of them is generic.
GENERIC_UNIT_WORDS = frozenset(
    [
        "dinas", "badan", "kantor", "satuan", "polisi", "pamong", "praja", "pengelolaan",
        "keuangan", "dan", "aset", "daerah", "komunikasi", "informatika", "pendidikan",
        "kebudayaan", "kesehatan", "pertanian", "sosial", "perhubungan", "sekretariat",
        "inspektorat", "kepegawaian", "perencanaan", "pembangunan", "pendapatan", "bencana",
        "penanggulangan", "rumah", "sakit", "umum", "tenaga", "kerja", "kependudukan",
        "pencatatan", "sipil", "dprd", "pengembangan", "sumber", "daya", "manusia", "unit",
        "pelaksana", "teknis",
    ]
)
GENERIC_UNIT_VALUE = 0.4
OTHER_PLATFORM_VALUE = 0.9
# Naming one region of ~550 while working in another is rare: thousands of namesakes elsewhere
# must not outweigh the few in the named region.
REGION_MISMATCH = -2.0
# The author's handle is listed, but for another entry: this one is not its owner.
HANDLE_OF_ANOTHER = -0.5
# Below this name score (and not starting like the entry's name) a display name contradicts a
# listed handle, which then counts a quarter.
NAME_CONTRADICTS = 85.0
CONTRADICTED_HANDLE = 0.25
PART_SCORE = 94.0
PREFIX_SCORE = 90.0


@dataclass(frozen=True, slots=True)
class Feature:
    """One named, weighted comparison; `profile_only` ones read only the profile, so the
    matcher computes them once per author and applies them to every entry."""

    name: str
    func: Callable[[Comparison], FeatureResult]
    weight: float
    profile_only: bool = False


NameScore = tuple[float, str, str]
NAME_SCORE_CACHE_SIZE = 65_536
_name_scores: dict[tuple[tuple[tuple[str, str], ...], str], NameScore] = {}


def name_score(queries: dict[str, str], name: str) -> NameScore:
    """Best score (0-100) of any profile name against a normalised registry name, the profile
    text that scored it and the rule."""
    found = _name_scores.get((tuple(queries.items()), name))
    return found if found is not None else name_scores(queries, [name])[0]


def name_scores(queries: dict[str, str], names: list[str]) -> list[NameScore]:
    """`name_score` of each name; the full and core scores of all of them in two rapidfuzz
    calls (`cdist` gives the same numbers as `token_sort_ratio` one pair at a time)."""
    items = tuple(queries.items())
    cache = _name_scores
    missing = [name for name in dict.fromkeys(names) if (items, name) not in cache]
    if missing:
        if len(cache) + len(missing) > NAME_SCORE_CACHE_SIZE:
            cache.clear()
            missing = list(dict.fromkeys(names))
        cache.update(zip(((items, name) for name in missing), _scores(items, missing), strict=True))
    return [cache[(items, name)] for name in names]


def _scores(queries: tuple[tuple[str, str], ...], names: list[str]) -> list[NameScore]:
    if not queries:
        return [(0.0, "", "")] * len(names)
    words = [query for query, _ in queries]
    full = process.cdist(words, names, scorer=fuzz.token_sort_ratio, dtype=np.float64).tolist()
    core = process.cdist(
        [core_name(query) for query in words], [core_name(name) for name in names],
        scorer=fuzz.token_sort_ratio, dtype=np.float64,
    ).tolist()
    found = []
    for j, name in enumerate(names):
        best = (0.0, "", "")
        for i, (query, shown) in enumerate(queries):
            scores = [
                (full[i][j], "full"),
                (core[i][j] - 2, "core"),
                (_part_score(query, name), "part"),
            ]
            for score, rule in scores:
                if score > best[0]:
                    best = (score, shown, rule)
        found.append(best)
    return found


def _part_score(query: str, name: str) -> float:
    """How well the query stands for part of the name: PART_SCORE when every query word (two
    or more) is a name word or its Javanese short form, or a mononym goes by its short form
    (Parman for Suparman); PREFIX_SCORE when some words are only the start of a name word
    (Amel for Amelia, Hardjo for Hardjodiningrat); else 0."""
    wanted = _words(query)
    tokens, have = _words_and_short_forms(name)
    if len(wanted) == 1:
        return PART_SCORE if len(tokens) == 1 and wanted[0] in have else 0.0
    if all(word in have for word in wanted):
        return PART_SCORE
    if all(word in have or _starts_a_word(word, tokens) for word in wanted):
        return PREFIX_SCORE
    return 0.0


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@lru_cache(maxsize=65_536)
def _words_and_short_forms(name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A name's words, and those words with their Javanese short forms."""
    tokens = _words(name)
    have = set(tokens)
    for token in tokens:
        have.update(short_forms(token))
    return tokens, frozenset(have)


def _starts_a_word(word: str, tokens: tuple[str, ...]) -> bool:
    """Whether `word` (four letters or more) begins a longer name word."""
    return len(word) >= 4 and any(len(t) > len(word) and t.startswith(word) for t in tokens)


def name_similarity(c: Comparison) -> FeatureResult:
    """How alike the names are: 0 at an exact match, -1 at score 80 or below."""
    score, query, rule = name_score(c.queries, c.entry.name)
    value = max(-1.0, (score - 100.0) / 20.0)
    how = {"full": "", "core": " (without I/Ni, birth order, Andi, Muhammad)", "part": " (part)"}
    return FeatureResult(value, f"name '{query}' = '{c.entry.nama}' (score {score:.0f}){how[rule]}")


def handle_listed(c: Comparison) -> FeatureResult:
    """The author's handle is listed in the entry's akun_medsos: a handle names one account, so
    this is near-certain on its own; a display name that does not fit the entry weakens it."""
    profile = c.profile
    if not profile.handle:
        return NOTHING
    account = f"{profile.platform}:{profile.handle}"
    if account in c.entry.accounts:
        value, detail = 1.0, f"handle {account} listed in registry"
    else:
        elsewhere = [item for item in c.entry.accounts if item.split(":", 1)[-1] == profile.handle]
        if not elsewhere:
            if c.handle_listed_elsewhere:
                return FeatureResult(HANDLE_OF_ANOTHER, f"handle {profile.handle} is listed for"
                                                        " another registry entry")
            return NOTHING
        value = OTHER_PLATFORM_VALUE
        detail = f"handle {profile.handle} listed in registry as {elsewhere[0]}"
    if profile.name and _contradicts(profile, c.entry.name):
        return FeatureResult(value * CONTRADICTED_HANDLE, f"{detail}, but display name"
                                 f" '{profile.display_name}' is not '{c.entry.nama}'")
    return FeatureResult(value, detail)


def _contradicts(profile: Profile, name: str) -> bool:
    """Whether the display name is another person's: it scores under NAME_CONTRADICTS against
    the entry's name, and its first word, or half its words, do not begin like a word of that
    name (Gaby and Erik M. fit Gabriella and Erik Manalu; Lalita Hastuti does not fit Zahra
    Endah Hastuti, nor Sabri Pradana Sari Permata); occupation words are not a name."""
    words = [word for word in profile.name.split() if word not in OCCUPATION_WORDS]
    if not words:
        return False
    shown = " ".join(words)
    score, _, _ = name_score({shown: profile.display_name}, name)
    if score >= NAME_CONTRADICTS:
        return False
    starts = {word[:3] for word in name.split()}
    fitting = sum(word[:3] in starts for word in words)
    return words[0][:3] not in starts or fitting * 2 < len(words)


def nip_in_bio(c: Comparison) -> FeatureResult:
    """The bio states this entry's NIP (or another one)."""
    if not c.profile.nips:
        return NOTHING
    if c.entry.nip in c.profile.nips:
        return FeatureResult(1.0, f"bio states NIP {c.entry.nip}")
    return FeatureResult(-1.0, f"bio states NIP {c.profile.nips[0]}, not {c.entry.nip}")


@dataclass(frozen=True, slots=True)
class UnitFit:
    """How a profile's place text reads against one unit_kerja: `full` (0-1 when it names the
    unit), `kind_place` (it names the unit's kind and place but no number), `other` (it names
    another unit of the same kind)."""

    full: float = 0.0
    kind_place: bool = False
    other: bool = False


NO_FIT = UnitFit()


@lru_cache(maxsize=65_536)
def unit_fit(text: str, core: str, unit: str) -> UnitFit:
    """`UnitFit` of a profile (expanded place text and the same without admin words) against
    an expanded unit_kerja. Numbers must agree; admin words (Kota, Kabupaten) do not count."""
    unit_core = without_admin_words(unit)
    if len(unit_core) < 5:
        return NO_FIT
    kind = unit_kind(unit_core)
    numbers = [token for token in unit_core.split() if token.isdigit()]
    if all(contains_phrase(text, number) for number in numbers) and len(core) >= len(unit_core) - 2:
        whole = contains_phrase(text, unit) or contains_phrase(core, unit_core)
        # A near match must still name the unit's kind: "SDN 26 X" is not "SMP Negeri 26 X".
        near = not whole and (not kind or contains_phrase(text, kind))
        score = 100.0 if whole else fuzz.partial_ratio(unit_core, core) if near else 0.0
        if score >= 90:
            return UnitFit(full=(score - 80.0) / 20.0)
    if not kind or not contains_phrase(text, kind):
        return NO_FIT
    if numbers and not any(token.isdigit() for token in text.split()):
        place = unit_core.split(numbers[-1], 1)[-1].strip()
        if place and contains_phrase(core, place):
            return UnitFit(kind_place=True)
    return UnitFit(other=_named_after(text, kind))


def _named_after(text: str, kind: str) -> bool:
    """Whether the text names a unit of this kind: the kind followed (`negeri`, `di` aside) by
    a number or a place, not by nothing or a status ("perawat puskesmas", "camat | pns")."""
    padded = f" {text} "
    at = padded.find(f" {kind} ")
    while at >= 0:
        rest = [w for w in padded[at + len(kind) + 2 :].split()[:3] if w not in ("negeri", "di")]
        if rest and rest[0] not in NOT_A_PLACE:
            return True
        at = padded.find(f" {kind} ", at + 1)
    return False


def unit_agrees(c: Comparison) -> FeatureResult:
    """The bio or location names the entry's unit_kerja (numbers must agree; an office names
    its unit: "Camat Mergangsan" is Kecamatan Mergangsan; "RSUD Kota Y" is "RSUD Y").

    A unit every region has (Dinas Pendidikan, Satpol PP) counts for less than one that names
    a place or a number (SD Negeri 4 Kaliurang Raya, Puskesmas Tanjung Emas).
    """
    fit = unit_fit(c.profile.place_text, c.profile.place_core, c.entry.unit_text)
    if not fit.full:
        return NOTHING
    if c.regions_mentioned and c.entry.region not in c.regions_mentioned:
        return NOTHING  # "Camat X, Kab. A" is not the camat of a Kecamatan X in region B
    unit = c.entry.unit_text
    specific = any(token not in GENERIC_UNIT_WORDS for token in unit.split())
    value = fit.full * (1.0 if specific else GENERIC_UNIT_VALUE)
    bio = c.profile.bio or c.profile.location
    kind = "" if specific else " (a unit every region has)"
    return FeatureResult(value, f"bio '{bio}' agrees with unit_kerja '{c.entry.unit_kerja}'{kind}")


def unit_kind_agrees(c: Comparison) -> FeatureResult:
    """The bio names the kind and place of the entry's unit without its number ("Guru SD di
    Z" for SD Negeri 1 Z): +1; or a unit of the same kind with another number or place: -1."""
    fit = unit_fit(c.profile.place_text, c.profile.place_core, c.entry.unit_text)
    bio = c.profile.bio or c.profile.location
    if fit.kind_place:
        return FeatureResult(1.0, f"bio '{bio}' names the kind and place of unit_kerja"
                                  f" '{c.entry.unit_kerja}' (no number)")
    if fit.other:
        return FeatureResult(-1.0, f"bio '{bio}' names another unit than '{c.entry.unit_kerja}'")
    return NOTHING


def agency_agrees(c: Comparison) -> FeatureResult:
    """The bio or location names the entry's instansi."""
    if not contains_phrase(c.profile.place_text, c.entry.instansi_text):
        return NOTHING
    return FeatureResult(1.0, f"profile names instansi '{c.entry.instansi}'")


def region_agrees(c: Comparison) -> FeatureResult:
    """The profile names the entry's region (+1), or only other regions (REGION_MISMATCH)."""
    if not c.regions_mentioned:
        return NOTHING
    if c.entry.region in c.regions_mentioned:
        return FeatureResult(1.0, f"profile names wilayah '{c.entry.wilayah}'")
    other = sorted(c.regions_mentioned)[0]
    return FeatureResult(REGION_MISMATCH, f"profile names '{other}', entry is in '{c.entry.wilayah}'")


def occupation_agrees(c: Comparison) -> FeatureResult:
    """The bio's occupation matches the entry's jabatan (+1) or names a different one (-1)."""
    said = c.profile.occupations - NON_ASN_OCCUPATIONS
    if not said or not c.entry.jobs:
        return NOTHING
    shared = said & c.entry.jobs
    if shared:
        job = sorted(shared)[0]
        return FeatureResult(1.0, f"bio says '{job}', jabatan is '{c.entry.jabatan}'")
    return FeatureResult(-1.0, f"bio says '{sorted(said)[0]}', jabatan is '{c.entry.jabatan}'")


def non_asn_occupation(c: Comparison) -> FeatureResult:
    """The bio names an occupation that is not a civil servant's (journalist, trader...); a
    word inside a region's name is not one (Kabupaten Pelajar Pejuang)."""
    said = c.profile.occupations & NON_ASN_OCCUPATIONS
    if said and c.regions_mentioned:
        text = f" {expand_place(c.profile.bio)} "
        for region in c.regions_mentioned:
            text = text.replace(f" {region} ", " ")
        said &= occupations(text)
    return FeatureResult(1.0, f"bio says '{sorted(said)[0]}'") if said else NOTHING


def asn_declared(c: Comparison) -> FeatureResult:
    """The bio declares its owner a civil servant."""
    words = c.profile.asn_words
    return FeatureResult(1.0, f"bio says '{words[0]}'") if words else NOTHING


def honorer_declared(c: Comparison) -> FeatureResult:
    """The bio declares its owner honorer, who is not ASN."""
    words = c.profile.honorer_words
    return FeatureResult(1.0, f"bio says '{words[0]}' (not ASN)") if words else NOTHING


def looks_institutional(c: Comparison) -> FeatureResult:
    """The account is an office or a news outlet, not a person."""
    words = c.profile.institution_words + c.profile.outlet_words
    return FeatureResult(1.0, f"account looks institutional ('{words[0]}')") if words else NOTHING


FEATURES: tuple[Feature, ...] = (
    Feature("handle_listed", handle_listed, 12.0),
    Feature("nip_in_bio", nip_in_bio, 12.0),
    Feature("name_similarity", name_similarity, 4.0),
    Feature("unit_agrees", unit_agrees, 6.0),
    Feature("unit_kind_agrees", unit_kind_agrees, 3.0),
    Feature("agency_agrees", agency_agrees, 2.0),
    Feature("region_agrees", region_agrees, 2.5),
    Feature("occupation_agrees", occupation_agrees, 2.0),
    Feature("non_asn_occupation", non_asn_occupation, -4.0, profile_only=True),
    Feature("asn_declared", asn_declared, 1.0, profile_only=True),
    Feature("honorer_declared", honorer_declared, -8.0, profile_only=True),
    Feature("looks_institutional", looks_institutional, -5.0, profile_only=True),
)
BIAS = -3.0


def features_version(
    features: tuple[Feature, ...] = FEATURES, bias: float = BIAS, extra: str = ""
) -> str:
    """A short digest of the feature names, weights, their constants and `extra` (the
    matcher's own settings), stamped on every decision."""
    spec = ";".join(f"{f.name}={f.weight}" for f in features) + f";bias={bias}"
    spec += f";generic={GENERIC_UNIT_VALUE};part={PART_SCORE};prefix={PREFIX_SCORE}"
    spec += f";other_platform={OTHER_PLATFORM_VALUE};contradicts={NAME_CONTRADICTS}"
    spec += f";contradicted={CONTRADICTED_HANDLE};another={HANDLE_OF_ANOTHER}"
    spec += f";region={REGION_MISMATCH};{extra}"
    return sha256(spec.encode()).hexdigest()[:8]
