"""Benchmark of `netra scan` on one core: posts per second and peak memory, demo posts repeated.

    .venv/bin/python -m bench.scan [--posts 20000]

Runs the real command in a child process pinned to one CPU, with the demo registry and
elections, on the demo posts repeated with fresh post ids (bad lines included).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from netra import demo


def _write_posts(path: Path, count: int) -> None:
    lines = demo.POSTS.read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            line = lines[n % len(lines)]
            try:
                post = json.loads(line)
            except ValueError:
                out.write(line + "\n")
                continue
            post["post_id"] = f"{post.get('post_id', 'x')}-{n}"
            out.write(json.dumps(post, ensure_ascii=False) + "\n")


def main() -> None:
    """Print posts/s, µs/post and the child's peak resident memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        posts, out = Path(folder) / "posts.jsonl", Path(folder) / "out.jsonl"
        _write_posts(posts, args.posts)
        command = [sys.executable, "-m", "netra.app.cli", "scan", "--registry", str(demo.REGISTRY),
                   "--elections", str(demo.ELECTIONS), "--input", str(posts), "--output", str(out)]
        started = time.perf_counter()
        one_thread = {**os.environ, "OMP_NUM_THREADS": "1"}
        subprocess.run(["taskset", "-c", "0", *command], check=False, env=one_thread)
        elapsed = time.perf_counter() - started
        empty_input = Path(folder) / "empty.jsonl"
        empty_input.touch()
        empty = [sys.executable, "-m", "netra.app.cli", "scan", "--registry", str(demo.REGISTRY),
                 "--elections", str(demo.ELECTIONS), "--input", str(empty_input), "--output", os.devnull]
        started = time.perf_counter()
        subprocess.run(["taskset", "-c", "0", *empty], check=True)
        startup = time.perf_counter() - started
        lines = sum(1 for _ in out.open())
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    work = elapsed - startup
    print(f"posts: {args.posts} (output lines: {lines})")
    print(f"start-up (load registry, elections, models): {startup:.2f} s")
    print(f"scan: {args.posts / work:,.0f} posts/s on one core, {work / args.posts * 1e6:,.0f} µs/post")
    print(f"peak resident memory of the scan: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
