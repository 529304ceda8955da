"""Single-core throughput of the hate-speech classifier: posts/s and µs/post for predict and predict_many."""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from functools import partial

from processors.detection.hate_speech import HateSpeechClassifier

NEUTRAL = [
    "yg",
    "gak",
    "bgt",
    "utk",
    "sy",
    "dgn",
    "krn",
    "tdk",
    "pilkada",
    "kpu",
    "tps",
    "coblos",
    "warga",
    "desa",
    "kerja",
    "bakti",
    "rapat",
    "dinas",
    "pemerintah",
    "rakyat",
    "presiden",
    "gubernur",
    "bupati",
    "mantap",
    "semangat",
    "pagi",
    "selamat",
    "terima",
    "kasih",
    "banget",
    "wkwkwk",
    "hahaha",
    "jalan",
    "sekolah",
    "anak",
    "ibu",
    "bapak",
    "pasar",
    "harga",
    "beras",
    "hujan",
    "macet",
    "besok",
]
INSULTS = [
    "dasar",
    "bodoh",
    "goblok",
    "kafir",
    "cina",
    "antek",
    "asing",
    "cebong",
    "kampret",
    "anjing",
    "bangsat",
]
EXTRAS = ("😂", "👍", "✌️", "🙏🏽", "@akun_desa", "https://t.co/abc", "#PilkadaDamai", "!!!", "caf\u00e9")


def make_posts(n: int, insult_rate: float, seed: int = 7) -> list[str]:
    """Synthetic tweet-like posts (8-40 tokens) with slang, emoji, mentions, URLs and insults."""
    rng = random.Random(seed)
    posts = []
    for _ in range(n):
        tokens = [
            rng.choice(INSULTS if rng.random() < insult_rate else NEUTRAL) for _ in range(rng.randint(8, 40))
        ]
        for _ in range(rng.randint(0, 3)):
            tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(EXTRAS))
        posts.append(" ".join(tokens))
    return posts


def timed(label: str, n: int, fn: Callable[[], object], repeat: int) -> None:
    """Best-of-repeat wall and CPU time of fn over n posts."""
    wall, cpu = min(_once(fn) for _ in range(repeat))
    print(
        f"{label:14s} wall {n / wall:9,.0f} posts/s {wall / n * 1e6:8.1f} µs/post | "
        f"cpu {n / cpu:9,.0f} posts/s {cpu / n * 1e6:8.1f} µs/post"
    )


def _once(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and process CPU seconds for one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _one_by_one(clf: HateSpeechClassifier, posts: list[str]) -> None:
    """predict() in a loop."""
    for post in posts:
        clf.predict(post)


def main() -> None:
    """Pin to one core, warm up, then time predict and predict_many."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    start = time.perf_counter()
    clf = HateSpeechClassifier.load()
    print(f"model {clf.version} loaded in {(time.perf_counter() - start) * 1e3:.0f} ms")
    timed("cold 2000", 2000, lambda: clf.predict_many(make_posts(2000, 0.02, seed=1)), 1)
    for rate in (0.02, 0.2):
        posts = make_posts(args.posts, rate)
        flagged = sum(r.is_hate for r in clf.predict_many(posts))
        print(f"insult rate {rate:.0%}: flagged {flagged / len(posts):.0%} of {len(posts)} posts")
        timed("predict", len(posts), partial(_one_by_one, clf, posts), args.repeat)
        timed("predict_many", len(posts), partial(clf.predict_many, posts), args.repeat)


if __name__ == "__main__":
    main()
