"""Benchmark: all detectors on one core vs a floor that parses the post JSON and tokenises it.

    .venv/bin/python bench/detection.py [--posts 5000] [--elections 545] [--rounds 5] [--stages]

The floor decodes each post (netra.domain.post.decode_post) and runs spaCy's blank `id`
tokenizer over its text; the full run decodes and calls ViolationDetector.detect (with the
hate-speech classifier when it is installed). Two streams: `dev`, the development and held-out
posts (all about elections: the worst case), and `tweets`, real Indonesian tweets (Ibrohim &
Budi 2019, read from ../shared/data at run time, never copied) as a realistic mix. Elections
are synthetic (545 = the 2024 Pilkada) plus the development ones. `--stages` also prints
where the time of the dev stream goes, stage by stage.
"""

import argparse
import csv
import itertools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from netra.domain.elections import load_elections  # noqa: E402
from netra.domain.post import decode_post  # noqa: E402
from processors.detection.disinformation import load_claims  # noqa: E402
from processors.detection.evaluate.development import SETS  # noqa: E402
from processors.detection.evaluate.synthetic import synthetic_elections  # noqa: E402
from processors.detection.hate import load_hate_speech  # noqa: E402
from processors.detection.pipeline import ViolationDetector  # noqa: E402

DEV = ROOT / "tests" / "data" / "detection"
TWEETS = ROOT.parent / "shared" / "data" / "id-multilabel-hatespeech" / "re_dataset.csv"


def dev_stream() -> list[bytes]:
    """The labelled development and held-out posts, as JSON lines."""
    return [line.encode() for name in SETS
            for line in (DEV / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def tweet_stream() -> list[bytes]:
    """Real tweets wrapped as posts, or nothing when the shared data is not beside the repo."""
    if not TWEETS.exists():
        return []
    with TWEETS.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [json.dumps({"platform": "x", "post_id": str(i), "text": row["Tweet"],
                        "created_at": "2024-11-20T08:00:00+07:00",
                        "author": {"handle": "someone"}}).encode()
            for i, row in enumerate(rows)]


def interleaved(
    first: Callable[[], None], second: Callable[[], None], rounds: int
) -> tuple[float, float]:
    """The fastest of `rounds` runs of each, alternating so both see the same machine load.

    CPU time of this process, not wall time: on a shared machine the wait for a core is not
    the detectors' cost.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for work, spent in ((first, times[0]), (second, times[1])):
            started = time.process_time()
            work()
            spent.append(time.process_time() - started)
    return min(times[0]), min(times[1])


def run(name: str, batch: list[bytes], detector: ViolationDetector,
        tokenizer: Callable[[str], object], rounds: int) -> None:
    """Time the floor and the full detection over one stream and print the comparison."""

    def floor() -> None:
        for line in batch:
            tokenizer(decode_post(line).text)

    def full() -> None:
        for line in batch:
            detector.detect(decode_post(line))

    full()  # warm the caches once, as a long-running worker would be
    floor_s, full_s = interleaved(floor, full, rounds)
    size = len(batch)
    print(f"stream {name}: {size} posts")
    for label, seconds in (("  floor (decode + blank id tokenizer)", floor_s),
                           ("  full detection", full_s)):
        print(f"{label:<40}{size / seconds:>10,.0f} posts/s {seconds / size * 1e6:>9.1f} µs/post")
    print(f"  ratio full/floor: {full_s / floor_s:.2f}x (aim: at most 3x)")


def stages(batch: list[bytes], detector: ViolationDetector, rounds: int) -> None:
    """CPU time of each stage of detection on its own, over the posts of one stream.

    Each stage runs alone over every post (best of `rounds`), so its code and data stay in the
    CPU caches: the stages add up to less than the full detection.
    """
    from processors.detection.mentions import find_mentions
    from processors.detection.reading import Reading

    analyser = detector._analyser
    posts = [decode_post(line) for line in batch]
    texts = [post.text for post in posts]
    normalised = [analyser.normalise(text) for text in texts]
    anchored = [n for n in normalised if not analyser._anchors.isdisjoint(n.words)]
    matched = [(n, *analyser._phrases(n.words)) for n in anchored]
    readings = [analyser.read(text) for text in texts]
    steps: list[tuple[str, Callable[[Any], object], list[Any]]] = [
        ("decode", decode_post, batch),
        ("normalise", analyser.normalise, texts),
        ("anchor words", lambda n: analyser._anchors.isdisjoint(n.words), normalised),
        ("phrase matching", lambda n: analyser._phrases(n.words), anchored),
        ("mentions", lambda m: find_mentions(m[0], m[2], m[1], analyser.targets), matched),
        ("reading (clauses)", lambda m: Reading(m[0], m[1], []), matched),
        *((getattr(rule, "__name__", "claims").removeprefix("detect_"), rule, readings)
          for rule in detector._rules),
        ("full detection", detector.detect, posts),
    ]
    print(f"stages over {len(batch)} posts ({len(anchored)} with an anchor word), µs/post:")
    for label, work, items in steps:
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            for item in items:
                work(item)
            best = min(best, time.process_time() - started)
        print(f"  {label:<38}{best / len(batch) * 1e6:>9.1f}")


def main() -> int:
    """Run both passes and print posts/s, µs/post and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--elections", type=int, default=545)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-hate-speech", action="store_true",
                        help="leave the hate-speech classifier out even when installed")
    parser.add_argument("--stages", action="store_true",
                        help="also time each stage of detection on the dev stream")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    elections = load_elections(DEV / "elections.yaml") + synthetic_elections(args.elections)
    started = time.perf_counter()
    hate_speech = None if args.no_hate_speech else load_hate_speech()
    detector = ViolationDetector(elections, hate_speech=hate_speech,
                                 claims=load_claims(DEV / "claims.yaml"))
    built = time.perf_counter() - started
    tokenizer = spacy.blank("id").tokenizer
    print(f"{len(elections)} elections, detector built in {built:.2f} s, hate speech "
          f"{'on: ' + hate_speech.version if hate_speech else 'off'}")
    for name, stream in (("dev", dev_stream()), ("tweets", tweet_stream())):
        if not stream:
            print(f"{name}: no posts (shared data missing)")
            continue
        batch = list(itertools.islice(itertools.cycle(stream), args.posts))
        run(name, batch, detector, tokenizer, args.rounds)
        if args.stages and name == "dev":
            stages(batch, detector, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
