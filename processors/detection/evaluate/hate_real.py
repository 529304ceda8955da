"""Real-text measures of the hate-speech detector (development only: reads ../shared/data).

Ordinary real posts: the Pilkada DKI 2017 tweets (Lestari et al. 2017), split by Id as the
project's real-text evaluation splits them: Ids that are a multiple of HELD_OUT_EVERY are held
out for measures only, the others may be used in training. Hate and non-hate real tweets:
the HS1 folds of Ibrohim & Budi (2019); the deployed model never saw `dev0` in its weights,
so `dev0` is where its false flags are counted.
"""

import csv
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT.parent / "shared" / "data"
DKI_CSV = DATA / "pilkada-dki-2017-sentiment" / "dataset_tweet_sentiment_pilkada_DKI_2017.csv"
HS1 = DATA / "indobertweet-hs-splits" / "hate_speech_HS1" / "data"
BLIND = ROOT / "tests" / "data" / "detection" / "hate_blind.jsonl"
# The Pilkada DKI 2017 pairs' names and the aliases of their camps, as an election file lists them.
DKI_NAMES = frozenset({
    "agus", "harimurti", "yudhoyono", "ahy", "sylviana", "sylvi", "silvy", "murni",
    "basuki", "tjahaja", "purnama", "ahok", "btp", "djarot", "saiful", "hidayat",
    "anies", "baswedan", "sandiaga", "sandi", "uno",
})
HELD_OUT_EVERY = 5  # the same fixed part as processors/detection/evaluate/sources.py on main
SWAPS = (("Anies", "Ahok"), ("Ahok", "Agus"), ("Agus", "Anies"), ("Sandi", "Djarot"),
         ("Djarot", "Sylvi"), ("Sylvi", "Sandi"))


@dataclass(frozen=True, slots=True)
class DkiTweet:
    """One DKI 2017 tweet: its sentiment toward the named pair."""

    id: int
    sentiment: str
    pair: str
    text: str


class Result(Protocol):
    """What these measures read of a prediction."""

    @property
    def probability(self) -> float: ...
    @property
    def is_hate(self) -> bool: ...


Predict = Callable[[str, frozenset[str]], Result]


def dki_tweets(held_out: bool) -> list[DkiTweet]:
    """The held-out part (Id a multiple of HELD_OUT_EVERY) or the trainable rest of the DKI tweets."""
    with DKI_CSV.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [DkiTweet(int(r["Id"]), r["Sentiment"], r["Pasangan Calon"], r["Text Tweet"])
            for r in rows if (int(r["Id"]) % HELD_OUT_EVERY == 0) == held_out]


def hs1_tweets(name: str) -> list[tuple[str, int, int]]:
    """(tweet, HS, HS_Group) of one HS1 fold file (latin-1, as the IndoBERTweet code reads it).

    HS_Group marks hate against a religion, race, gender or disability group: the hate that
    neutrality rules are about (the rest of HS1's hate targets one person, mostly a politician)."""
    with (HS1 / f"{name}.csv").open(encoding="latin-1", newline="") as handle:
        return [(r["Tweet"], int(r["HS"]), int(r["HS_Group"])) for r in csv.DictReader(handle)]


def blind_set() -> list[dict[str, object]]:
    """The hand-written SARA/gender/disability phrasings and hard negatives (never tuned on)."""
    return [json.loads(line) for line in BLIND.read_text(encoding="utf-8").splitlines() if line]


def rate(flags: Iterable[bool]) -> tuple[int, int]:
    """(flagged, total)."""
    values = list(flags)
    return sum(values), len(values)


def swap_names(text: str, swaps: Sequence[tuple[str, str]] = SWAPS) -> list[str]:
    """The text with each candidate name it holds (as a word or inside a hashtag) replaced by
    another candidate's; never inside another word (`Sandiaga`, `sandiwara` stay)."""
    out = []
    for old, new in swaps:
        word = re.compile(rf"(?<![^\W\d_]){old}(?![^\W\d_])|(?<=#){old}", re.IGNORECASE)
        swapped = word.sub(partial(_cased, new), text)
        if swapped != text:
            out.append(swapped)
    return out


def _cased(new: str, found: re.Match[str]) -> str:
    """`new` capitalised as the name it replaces was."""
    return new if found.group()[0].isupper() else new.lower()


def hate_speech_real_measures(predict: Predict) -> dict[str, dict[str, float]]:
    """Every real-text measure of one detector; `predict(text, names)` as HateSpeechClassifier's."""
    dki = dki_tweets(held_out=True)
    names = DKI_NAMES
    out: dict[str, dict[str, float]] = {}
    for sentiment in ("positive", "negative"):
        flagged, total = rate(predict(t.text, names).is_hate for t in dki if t.sentiment == sentiment)
        out[f"dki_held_out_{sentiment}_hate"] = {"flagged": flagged, "total": total,
                                                  "rate": flagged / total}
    shifts = [abs(predict(t.text, names).probability - predict(s, names).probability)
              for t in dki for s in swap_names(t.text)]
    out["dki_name_swap_max_shift"] = {"pairs": len(shifts), "max": max(shifts, default=0.0)}
    dev = [(hate, group, predict(text, frozenset()).is_hate) for text, hate, group in hs1_tweets("dev0")]
    parts = {"hs1_dev0_non_hate_flagged": [flag for hate, _, flag in dev if not hate],
             "hs1_dev0_hate_caught": [flag for hate, _, flag in dev if hate],
             "hs1_dev0_group_hate_caught": [flag for _, group, flag in dev if group]}
    for key, flags in parts.items():
        flagged, total = rate(flags)
        out[key] = {"flagged": flagged, "total": total, "rate": flagged / total}
    blind = blind_set()
    for label, key in ((True, "blind_recall"), (False, "blind_false_flags")):
        flagged, total = rate(predict(str(b["text"]), frozenset()).is_hate
                              for b in blind if b["hate"] is label)
        out[key] = {"flagged": flagged, "total": total, "rate": flagged / total}
    return out


def operating_figures(false_flag_rate: float, recall: float, prevalence: float = 0.01) -> dict[str, float]:
    """False flags per 10,000 ordinary posts and precision at a base rate of hate speech."""
    hits = recall * prevalence
    false = false_flag_rate * (1 - prevalence)
    return {"false_flags_per_10000": 10_000 * false_flag_rate,
            "precision_at_prevalence": hits / (hits + false) if hits + false else 0.0}


def main() -> None:
    """Print the measures of the committed model as JSON."""
    from processors.detection.hate_speech import HateSpeechClassifier

    model = HateSpeechClassifier.load()
    measures = hate_speech_real_measures(model.predict)
    measures["operating_point_hs1_dev0"] = operating_figures(
        measures["hs1_dev0_non_hate_flagged"]["rate"], measures["hs1_dev0_hate_caught"]["rate"])
    print(json.dumps({"model": model.version, **measures}, indent=2))


if __name__ == "__main__":
    main()
