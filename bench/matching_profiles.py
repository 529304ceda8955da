"""CPU time per match on the national-evaluation profiles, and full collections inside matches.

    .venv/bin/python bench/matching_profiles.py INDEX OUT.json [--passes 3] [--per-kind 100]

Run from the root of the code tree to measure (a checkout of an older commit measures that
commit's matcher over its own index file). Loads the index as a stage does, settles the
collector (`processors.gc_policy`, when the tree has it) and matches the 23 x per-kind
profiles of `processors.matching.evaluate.national` `--passes` times, with a batch boundary
every 500 matches. Writes the CPU time (`time.process_time`) percentiles over the per-profile
median of the passes, each pass's p99, the percentiles of each profile's least time over the
warm passes (the matcher's own work, with the host's noise filtered out), full (generation-2)
collections started inside a match and at batch boundaries, resident memory after load,
confident precision and recall, and a digest of every match (NIP, confidence, reasons) to
compare two matchers' outputs. With `--profile N` it then runs the slowest 1 % N more times
under cProfile. CPU time is shared with whatever else the machine runs: compare two trees run
side by side, not across the day.
"""

import argparse
import gc
import hashlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, ".")  # the tree being measured, not necessarily this file's

import numpy as np

from netra.domain.decision import CONFIDENT
from netra.domain.post import decode_post
from processors.matching.evaluate.national import NationalCases
from processors.matching.matcher import AsnMatcher

BATCH = 500


def rss_mb() -> float:
    """Resident memory of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def boundary_collector() -> Callable[[], bool] | None:
    """The tree's batch-boundary collection after settling the collector, or None for a tree
    without `processors.gc_policy` (its `from_index_file` froze what it loaded)."""
    try:
        from processors.gc_policy import collect_between_batches, settle
    except ImportError:
        return None
    if not Path("processors/gc_policy.py").exists():
        return None  # an installed newer tree answered the import, not the one measured
    settle()
    return collect_between_batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--per-kind", type=int, default=100)
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args()
    matcher = AsnMatcher.from_index_file(args.index)
    rss_after_load = rss_mb()
    cases = NationalCases(matcher.registry.layers[0].index, 43).build(args.per_kind)
    posts = [decode_post(json.dumps(case["post"])) for case in cases]
    collect = boundary_collector()
    full = {"inside": 0, "outside": 0}
    matching = [False]

    def count_full(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full["inside" if matching[0] else "outside"] += 1

    gc.callbacks.append(count_full)
    cpu = np.zeros((args.passes, len(posts)))
    outputs: list = []
    for number in range(args.passes):
        for i, post in enumerate(posts):
            matching[0] = True
            started = time.process_time()
            found = matcher.match(post)
            cpu[number, i] = time.process_time() - started
            matching[0] = False
            if collect and i % BATCH == BATCH - 1:
                collect()
            if number == 0:
                outputs.append(found and [found.nip, found.confidence, found.reasons])
    gc.callbacks.remove(count_full)
    per_profile = np.median(cpu, axis=0) * 1000
    result = {
        "version": matcher.version, "cases": len(cases), "matches": cpu.size,
        "rss_after_load_mb": rss_after_load,
        "cpu_ms": {f"p{q}": float(np.percentile(per_profile, q)) for q in (50, 90, 99)}
        | {"max": float(per_profile.max())},
        "cpu_p99_each_pass": [float(np.percentile(cpu[n] * 1000, 99)) for n in range(args.passes)],
        "cpu_ms_least_warm": least_warm(cpu),
        "full_collections_inside_matches": full["inside"],
        "full_collections_elsewhere": full["outside"],
        "outputs_digest": hashlib.sha256(json.dumps(outputs).encode()).hexdigest()[:16],
    } | accuracy(cases, outputs)
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    if args.profile:
        profile_slowest(matcher, [posts[i] for i in np.argsort(-per_profile)[: len(posts) // 100]],
                        args.profile)


def least_warm(cpu: np.ndarray) -> dict[str, float]:
    """Percentiles of each profile's least CPU time over the warm passes (all but the first):
    the work the matcher itself needs, with what the host's neighbours add to a pass (cache
    and frequency effects that CPU time still shows) filtered out, as `timeit` takes the
    minimum. Empty with fewer than three passes."""
    if len(cpu) < 3:
        return {}
    least = cpu[1:].min(axis=0) * 1000
    return {f"p{q}": float(np.percentile(least, q)) for q in (50, 90, 99)}


def accuracy(cases: list[dict], outputs: list) -> dict:
    """Confident precision and recall (positives: corroborated profiles that fit one row)."""
    confident = right = positives = found = 0
    for case, output in zip(cases, outputs, strict=True):
        is_confident = output is not None and output[1] >= CONFIDENT
        is_right = is_confident and output[0] == case["expect"]
        confident += is_confident
        right += is_right
        if case["expect"] and case["corroborated"]:
            positives += 1
            found += is_right
    return {"confident": confident, "precision": right / confident if confident else 1.0,
            "positives": positives, "found": found, "recall": found / positives}


def profile_slowest(matcher: AsnMatcher, posts: list, repeat: int) -> None:
    """cProfile over the slowest profiles, by cumulative and own time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        for post in posts:
            matcher.match(post)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
