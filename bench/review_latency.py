"""Benchmark: how fast the review pages answer in `netra run` while a backlog of posts is decided.

    .venv/bin/python bench/review_latency.py [--posts 20000] [--interval 0.2] [--code DIR]

Writes `--posts` renamed copies of the readable demo posts to a JSONL file, starts
`netra run --exit-when-idle` over it (collector batches of 1000, no delay, a fresh data dir), and
polls `/healthz`, the queue page `/` and `/api/cases` in turn every `--interval` seconds until
the run exits (every post decided and stored). Prints the latency percentiles per page and the
posts per second. `--code DIR` runs another checkout's code (e.g. `git archive` of an older
commit) with this environment, for a before/after comparison.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netra import demo  # noqa: E402
from tests.fixtures.servers import free_port  # noqa: E402

PAGES = ("/healthz", "/", "/api/cases")


def write_posts(path: Path, count: int) -> None:
    """`count` renamed copies of the readable demo posts, one JSON line each."""
    base = demo.readable_posts()
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            post = base[n % len(base)]
            out.write(json.dumps({**post, "post_id": f"{post['post_id']}-bench-{n}"}) + "\n")


def run(posts: int, interval: float, code: Path | None) -> dict[str, list[float]]:
    """Latencies (seconds) per page while `netra run` works through the backlog."""
    work = Path(tempfile.mkdtemp(prefix="netra-bench-review-"))
    source = work / "posts.jsonl"
    write_posts(source, posts)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(code)} if code else dict(os.environ)
    cli = "netra.app.cli" if not code or (code / "netra/app").exists() else "netra.cli"
    command = [sys.executable, "-m", cli, "run", "--data-dir", str(work / "data"), "--posts", str(source),
               "--batch-size", "1000",
               "--delay", "0", "--port", str(port), "--exit-when-idle"]
    latencies: dict[str, list[float]] = {page: [] for page in PAGES}
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, cwd=code or ROOT, stderr=(work / "run.log").open("wb"))
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        while process.poll() is None:
            for page in PAGES:
                begun = time.perf_counter()
                try:
                    client.get(page)
                except httpx.TransportError:  # not listening yet, or already stopping
                    break
                latencies[page].append(time.perf_counter() - begun)
                time.sleep(interval)
    elapsed = time.monotonic() - started
    print(f"{posts} posts in {elapsed:.1f} s ({posts / elapsed:.0f} posts/s, start-up included); "
          f"exit status {process.returncode}; log {work / 'run.log'}")
    return latencies


def main() -> None:
    """Run the benchmark and print a table of latencies."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--code", type=Path, help="run another checkout's code (a directory)")
    args = parser.parse_args()
    latencies = run(args.posts, args.interval, args.code)
    print("| page | requests | p50 ms | p99 ms | max ms | over 500 ms |")
    print("|---|---|---|---|---|---|")
    for page, values in latencies.items():
        if not values:
            continue
        ordered = sorted(values)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(f"| `{page}` | {len(values)} | {statistics.median(values) * 1000:.0f} | {p99 * 1000:.0f} | "
              f"{ordered[-1] * 1000:.0f} | {sum(v > 0.5 for v in values)} |")


if __name__ == "__main__":
    main()
