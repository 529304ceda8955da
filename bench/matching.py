"""Author matching at national scale: index build, size, memory, latency, and brute force.

    .venv/bin/python -m bench.matching [--rows 4300000] [--queries 2000] [--brute 100] [--repeat 3]

Generates a synthetic registry (once, kept in --workdir), builds the index file in a child
process (time, peak memory, size), then in a fresh child loads it and matches author
profiles made from random entries (every kind of the evaluation set), timing each. The same
child compares blocking with a brute-force `rapidfuzz.process.extractOne` over every entry's
name: speed, and whether blocking ever misses brute force's best name score. With --repeat N
the query phase runs N times, each in a fresh child, and the latency rows give the median of
each figure over the runs (CPU time is shared with whatever else the machine runs: one run's
p99 can move by 20 %). After warm-up the child settles the collector as a stage does
(`processors.gc_policy`) and collects between batches of 500 matches; full collections that
start inside a match and between batches are counted apart.
"""

import argparse
import gc
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from netra.domain.decision import CONFIDENT
from netra.domain.post import decode_post
from netra.domain.problems import Problem
from netra.domain.registry import iter_registry
from processors.gc_policy import collect_between_batches, settle
from processors.matching.blocking import candidate_names, expand_queries
from processors.matching.evaluate.national import NationalCases
from processors.matching.evaluate.synthetic import write_registry
from processors.matching.indexfile import write_index
from processors.matching.matcher import AsnMatcher
from processors.matching.profile import profile_of

BATCH = 500  # matches between the stage runner's batch boundaries (processors.stage.Policy)


def rss_mb() -> dict[str, float]:
    """Resident memory of this process now (anonymous and file-backed) and at its peak, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def build(csv_path: Path, index_path: Path) -> dict:
    """Index the registry CSV into an index file."""
    problems: list[Problem] = []
    started = time.perf_counter()
    header = write_index(iter_registry(csv_path, problems), index_path, source=csv_path.name)
    return {
        "seconds": time.perf_counter() - started,
        "entries": header["entries"],
        "problems": len(problems),
        "size_mb": index_path.stat().st_size / 1e6,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def sample_cases(matcher: AsnMatcher, count: int, seed: int) -> list[dict]:
    """Labelled author profiles of every evaluation kind, made from random registry entries
    (the truth counted over the whole registry: `processors.matching.evaluate.national`)."""
    maker = NationalCases(matcher.registry.layers[0].index, seed)
    kinds = maker.makers()
    cases = [kinds[i % len(kinds)]() for i in range(count)]
    for case in cases:
        case["decoded"] = decode_post(json.dumps(case["post"]))
    return cases


def accuracy(matcher: AsnMatcher, cases: list[dict]) -> dict:
    """Precision and recall of confident matches, and how often blocking kept the true name."""
    index = matcher.registry.layers[0].index
    confident = right = positives = found = blocked = 0
    for case in cases:
        match = matcher.match(case["decoded"])
        is_confident = match is not None and match.confidence >= CONFIDENT
        confident += is_confident
        right += is_confident and match is not None and match.nip == case["expect"]
        if case["expect"] and case["corroborated"]:
            positives += 1
            found += is_confident and match is not None and match.nip == case["expect"]
            true_name = int(index.entry_name[int(index.rows_with_nip(str(case["expect"]))[0])])
            profile = profile_of(case["decoded"])
            names = {int(i) for query in expand_queries(index, profile.name_queries)
                     for i in candidate_names(index, query)}
            blocked += true_name in names
    return {
        "cases": len(cases), "confident": confident, "confident_right": right,
        "precision": right / confident if confident else 1.0,
        "positives": positives, "recall": found / positives if positives else 1.0,
        "true_name_blocked": blocked / positives if positives else 1.0,
    }


def query(index_path: Path, count: int, brute: int, seed: int) -> dict:
    """Load the index, time matching, compare blocking with brute force."""
    started = time.perf_counter()
    matcher = AsnMatcher.from_index_file(index_path)
    load_seconds = time.perf_counter() - started
    after_load = rss_mb()
    cases = sample_cases(matcher, count + 200, seed)
    posts = [case["decoded"] for case in cases]
    for post in posts[:200]:
        matcher.match(post)
    settle()  # as a stage does once loaded (processors.gc_policy)
    wall, cpu = [], []
    full_collections = [0, 0]  # inside a match, between batches
    matching = [False]

    def count_full(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full_collections[0 if matching[0] else 1] += 1

    gc.callbacks.append(count_full)
    for number, post in enumerate(posts[200:], 1):
        matching[0] = True
        t0, c0 = time.perf_counter(), time.thread_time()
        matcher.match(post)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        matching[0] = False
        if number % BATCH == 0:
            collect_between_batches()
    gc.callbacks.remove(count_full)
    after_queries = rss_mb()
    result = {
        "load_seconds": load_seconds,
        "rss_after_load": after_load,
        "rss_after_queries": after_queries,
        "match_wall_ms": percentiles(wall),
        "match_cpu_ms": percentiles(cpu),
        "full_collections": full_collections[0],
        "full_collections_between_batches": full_collections[1],
    }
    result["accuracy"] = accuracy(matcher, cases[200:])
    result |= compare_brute(matcher, cases[200 : 200 + brute])
    return result


def percentiles(seconds: list[float]) -> dict[str, float]:
    """Mean, p50, p90, p99 and max in milliseconds."""
    values = np.array(seconds) * 1000
    return {
        "n": len(values),
        "mean": float(values.mean()),
        "p50": float(np.percentile(values, 50)),
        "p90": float(np.percentile(values, 90)),
        "p99": float(np.percentile(values, 99)),
        "max": float(values.max()),
    }


def compare_brute(matcher: AsnMatcher, cases: list[dict]) -> dict:
    """Best name score by blocking vs by extractOne over every entry's name, per query; misses
    are also counted over the profiles of real entries alone (not offices or outlets)."""
    index = matcher.registry.layers[0].index
    names = [index.names[int(i)] for i in index.entry_name]
    blocked_times: list[float] = []
    brute_times: list[float] = []
    misses: list[dict] = []
    missed_scores: list[float] = []
    compared = 0
    person_misses = persons = 0
    for case in cases:
        profile = profile_of(case["decoded"])
        queries = list(expand_queries(index, profile.name_queries))
        if not queries:
            continue
        query = profile.name or queries[-1]
        compared += 1
        persons += bool(case["expect"])
        t0 = time.perf_counter()
        ids = candidate_names(index, query)
        choices = [index.names[int(i)] for i in ids]
        found = process.extractOne(query, choices, scorer=fuzz.token_sort_ratio) if choices else None
        blocked_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        best = process.extractOne(query, names, scorer=fuzz.token_sort_ratio)
        brute_times.append(time.perf_counter() - t0)
        blocked_score = found[1] if found else 0.0
        if best[1] > blocked_score + 1e-6:
            person_misses += bool(case["expect"])
            missed_scores.append(best[1])
            misses.append({"query": query, "brute": [best[0], best[1]],
                           "blocking": [found[0], found[1]] if found else None})
    return {
        "brute_compared": compared,
        "blocking_ms": percentiles(blocked_times),
        "brute_ms": percentiles(brute_times),
        "blocking_misses": len(misses),
        "blocking_misses_at_or_above_75": sum(score >= 75 for score in missed_scores),
        "brute_persons": persons,
        "blocking_misses_persons": person_misses,
        "miss_examples": misses[:10],
    }


def child(phase: str, args: argparse.Namespace) -> dict:
    """Run one phase in a fresh interpreter, so its time and memory are its own."""
    command = [sys.executable, "-m", "bench.matching", "--phase", phase,
               "--workdir", str(args.workdir), "--rows", str(args.rows),
               "--queries", str(args.queries), "--brute", str(args.brute), "--seed", str(args.seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_latencies(runs: list[dict]) -> dict:
    """The first run's figures, with each latency figure the median over every run."""
    merged = dict(runs[0])
    for key in ("match_wall_ms", "match_cpu_ms", "blocking_ms"):
        merged[key] = {
            figure: float(np.median([run[key][figure] for run in runs])) if figure != "n"
            else runs[0][key][figure]
            for figure in runs[0][key]
        }
    merged["runs"] = len(runs)
    merged["match_cpu_p99_each"] = [run["match_cpu_ms"]["p99"] for run in runs]
    return merged


def table(generated: float | None, built: dict, queried: dict) -> str:
    """The figures as a Markdown table."""
    wall, cpu = queried["match_wall_ms"], queried["match_cpu_ms"]
    runs = queried.get("runs", 1)
    each = " (median of {} runs; CPU p99 of each: {})".format(
        runs, ", ".join(f"{p:.2f}" for p in queried["match_cpu_p99_each"])
    ) if runs > 1 else ""
    accuracy = queried["accuracy"]
    brute, blocked = queried["brute_ms"], queried["blocking_ms"]
    rows = [
        ("registry entries", f"{built['entries']:,}"),
        ("registry CSV generation", f"{generated:.0f} s" if generated else "reused"),
        ("index build (CSV -> index file)", f"{built['seconds']:.0f} s"),
        ("index build peak memory", f"{built['peak_rss_mb']:,.0f} MB"),
        ("index file size", f"{built['size_mb']:,.0f} MB"),
        ("index load (memory-map)", f"{queried['load_seconds'] * 1000:.1f} ms"),
        ("resident memory after load", f"{queried['rss_after_load']['VmRSS']:,.0f} MB"),
        (f"resident memory after {wall['n']} matches",
         f"{queried['rss_after_queries']['VmRSS']:,.0f} MB "
         f"({queried['rss_after_queries']['RssFile']:,.0f} MB of it index pages)"),
        ("match per author, wall p50 / p90 / p99 / max",
         f"{wall['p50']:.2f} / {wall['p90']:.2f} / {wall['p99']:.2f} / {wall['max']:.1f} ms"),
        ("match per author, CPU p50 / p90 / p99 / max",
         f"{cpu['p50']:.2f} / {cpu['p90']:.2f} / {cpu['p99']:.2f} / {cpu['max']:.1f} ms{each}"),
        ("full garbage collections inside matches / between batches of 500",
         f"{queried['full_collections']} / {queried.get('full_collections_between_batches', 0)}"),
        ("blocking + best name, p50 / p99",
         f"{blocked['p50']:.2f} / {blocked['p99']:.2f} ms"),
        ("brute-force extractOne over all names, mean / p50 / p99",
         f"{brute['mean']:.0f} / {brute['p50']:.0f} / {brute['p99']:.0f} ms"),
        ("speed ratio, brute force / full match (mean; p50)",
         f"{brute['mean'] / wall['mean']:,.0f}x; {brute['p50'] / wall['p50']:,.0f}x"),
        ("blocking missed brute force's best score",
         f"{queried['blocking_misses']} of {queried['brute_compared']} queries "
         f"({queried['blocking_misses_at_or_above_75']} with brute score >= 75; "
         f"{queried['blocking_misses_persons']} of {queried['brute_persons']} real people)"),
        ("blocking kept the true entry's name (profiles of real entries)",
         f"{accuracy['true_name_blocked']:.3f}"),
        ("confident matches: precision / recall",
         f"{accuracy['precision']:.3f} ({accuracy['confident_right']} of {accuracy['confident']})"
         f" / {accuracy['recall']:.3f} (of {accuracy['positives']} corroborated profiles)"),
    ]
    lines = ["| measure | value |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: the whole benchmark, or one phase of it (for the child processes)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4_300_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--brute", type=int, default=100)
    parser.add_argument("--seed", type=int, default=43)
    parser.add_argument("--workdir", type=Path, default=Path("var/matching"))
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the query phase this many times and report median latencies")
    parser.add_argument("--phase", choices=("build", "query"))
    parser.add_argument("--reuse-build", action="store_true",
                        help="reuse the index file and build figures of an earlier run")
    args = parser.parse_args(argv)
    csv_path = args.workdir / f"registry-{args.rows}.csv"
    index_path = args.workdir / f"registry-{args.rows}.idx"
    if args.phase == "build":
        print(json.dumps(build(csv_path, index_path)))
        return 0
    if args.phase == "query":
        print(json.dumps(query(index_path, args.queries, args.brute, args.seed)))
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    generated = None
    if not csv_path.exists():
        started = time.perf_counter()
        write_registry(csv_path, args.rows, args.seed)
        generated = time.perf_counter() - started
    saved = args.workdir / f"build-{args.rows}.json"
    if args.reuse_build and saved.exists() and index_path.exists():
        built = json.loads(saved.read_text())
    else:
        built = child("build", args)
        saved.write_text(json.dumps(built))
    queried = median_latencies([child("query", args) for _ in range(max(1, args.repeat))])
    print(table(generated, built, queried))
    print(json.dumps({"build": built, "query": queried}, indent=1), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
