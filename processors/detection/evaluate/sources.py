"""Real tweets from ../shared/data, read where they lie (never copied into the repo)."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from netra.domain.post import Author, Post

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "data"
DKI = SHARED / "pilkada-dki-2017-sentiment" / "dataset_tweet_sentiment_pilkada_DKI_2017.csv"
HS1 = SHARED / "indobertweet-hs-splits" / "hate_speech_HS1" / "data"
DKI_ELECTION = "pilgub-dki-2017"
DKI_PAIRS = {"Agus-Sylvi": 1, "Ahok-Djarot": 2, "Anies-Sandi": 3}
HELD_OUT_EVERY = 5  # DKI tweets whose Id is a multiple of this are never trained or tuned on


@dataclass(frozen=True, slots=True)
class DkiTweet:
    """One labelled DKI 2017 tweet: sentiment toward the named pair (ballot number `pair`)."""

    id: int
    positive: bool
    pair: int
    text: str

    @property
    def held_out(self) -> bool:
        """In the fixed part kept from all training and tuning."""
        return self.id % HELD_OUT_EVERY == 0


@dataclass(frozen=True, slots=True)
class Hs1Tweet:
    """One tweet of an HS1 test fold; `row` is its line in the fold file (header = 0)."""

    fold: int
    row: int
    hate: bool
    text: str


def dki_tweets() -> list[DkiTweet]:
    """The 900 DKI 2017 tweets (empty when the shared data is not beside the repo)."""
    if not DKI.exists():
        return []
    with DKI.open(encoding="utf-8-sig", newline="") as handle:
        return [DkiTweet(int(row["Id"]), row["Sentiment"] == "positive",
                         DKI_PAIRS[row["Pasangan Calon"]], row["Text Tweet"])
                for row in csv.DictReader(handle)]


def hs1_test_tweets() -> Iterator[Hs1Tweet]:
    """Every tweet of the five HS1 test folds (latin-1, as the source says), with `\\n` undone."""
    for fold in range(5):
        path = HS1 / f"test{fold}.csv"
        if not path.exists():
            continue
        with path.open(encoding="latin-1", newline="") as handle:
            for row, record in enumerate(csv.DictReader(handle), start=1):
                yield Hs1Tweet(fold, row, record["HS"] == "1",
                               record["Tweet"].replace("\\n", "\n"))


def as_post(post_id: str, text: str) -> Post:
    """A tweet as a post by an unknown author (detection reads only the text here)."""
    return Post(platform="x", post_id=post_id, created_at="2017-02-01T08:00:00+07:00",
                text=text, author=Author(handle="someone"))
