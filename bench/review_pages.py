"""Benchmark: queue page and case page latency of the review app over an SQLite store.

    .venv/bin/python bench/review_pages.py [--cases 2000] [--by-author 50] [--requests 200] [--code DIR]

Builds a store of `--cases` flagged cases in two kabupaten (one author wrote `--by-author` of
them, every other author one), logs in as a reviewer of one kabupaten through Starlette's test
client, and times the queue page, the case page of the prolific author's post and of a
one-post author. `--code DIR` runs another checkout's code (e.g. `git archive main`) with this
environment, for a before/after comparison; alternate the runs, the machine is shared.
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Build the store, time each page, print a table of p50 / p95."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--by-author", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--code", type=Path, help="run another checkout's code (a directory)")
    args = parser.parse_args()
    sys.path[:0] = [str(args.code or ROOT), str(ROOT)]
    from starlette.testclient import TestClient

    from alerting.accounts.model import checked
    from alerting.accounts.passwords import hash_password
    from alerting.accounts.repository import AccountRepository
    from alerting.review.app import create_app
    from alerting.review.settings import ReviewSettings
    from netra.store.sqlite import SqliteCaseStore
    from tests.factories import flagged

    work = Path(tempfile.mkdtemp(prefix="netra-bench-pages-"))
    store = SqliteCaseStore(work / "cases.sqlite")
    store.record_many(
        flagged(str(n), score=0.5 + (n % 50) / 100,
                nip="199003252015032001" if n <= args.by_author else f"1990{n:014d}",
                wilayah=("Kabupaten Alfa", "Kabupaten Beta")[n % 2],
                created_at=f"2024-11-{1 + n % 28:02d}T08:00:00+07:00")
        for n in range(1, args.cases + 1)
    )
    accounts = AccountRepository(work / "accounts.sqlite")
    accounts.add(checked("rev-a", "Peninjau", "reviewer", "Kabupaten Alfa"),
                 hash_password("kata-sandi-panjang"))
    app = create_app(store, accounts, ReviewSettings(secure_cookies=False))
    client = TestClient(app, follow_redirects=False)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").text)
    assert token is not None
    login = client.post("/login", data={"username": "rev-a", "password": "kata-sandi-panjang",
                                        "csrf_token": token.group(1)})
    assert login.status_code == 303, login.text
    # even case numbers are in the reviewer's kabupaten
    prolific, single = f"/cases/x:{args.by_author // 2 * 2}", f"/cases/x:{args.cases // 2 * 2}"
    pages = {"queue page, 50 rows": "/", f"case page, author of {args.by_author} cases": prolific,
             "case page, author of 1 case": single}
    print(f"code: {args.code or ROOT}; {args.cases} cases; {args.requests} requests per page")
    print("| page | p50 ms | p95 ms |")
    print("|---|---|---|")
    for name, path in pages.items():
        assert client.get(path).status_code == 200, path
        timings = []
        for _ in range(args.requests):
            begun = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - begun) * 1000)
        ordered = sorted(timings)
        print(f"| {name} | {statistics.median(ordered):.1f} | {ordered[int(len(ordered) * 0.95)]:.1f} |")


if __name__ == "__main__":
    main()
