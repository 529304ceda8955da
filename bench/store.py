"""Case store benchmark: bulk indexing rate and queue query latency with N synthetic flagged cases.

    .venv/bin/python -m bench.store --cases 1000000 --es http://127.0.0.1:9200 --sqlite var/bench/cases.sqlite
    .venv/bin/python -m bench.store --cases 100000 --opensearch http://127.0.0.1:9201

Loads the cases through `record_many` (skipped with --reuse when the store already holds them),
then times the common queue queries through the CaseStore interface (each call also appends its
audit entry, as in production) and prints a Markdown table; --json writes the figures.
"""

import argparse
import json
import random
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch
from opensearchpy import OpenSearch

from netra.domain.decision import AsnMatch, CandidateRef, Decision, Evidence
from netra.domain.post import Author, Post
from netra.domain.snapshot import MatchedEntry, Snapshot, post_sha256
from netra.store.base import CaseStore
from netra.store.deadlines import shifted
from netra.store.elasticsearch import ElasticsearchCaseStore
from netra.store.fields import now
from netra.store.model import QueueQuery
from netra.store.opensearch import OpenSearchCaseStore
from netra.store.search_repository import SearchCaseStore
from netra.store.sqlite import SqliteCaseStore

CATEGORIES = ("endorsement", "hate_speech", "money_politics", "intimidation", "disinformation")
STATUSES = ("new", "new", "new", "in_review", "confirmed", "dismissed", "escalated")
REGIONS = [f"Kabupaten Bench {n:03d}" for n in range(120)]
AGENCIES = [f"Pemerintah Daerah {n:03d}" for n in range(300)]
ELECTIONS = [f"pilkada-bench-{n:03d}" for n in range(120)]
WORDS = [
    "ayo", "coblos", "nomor", "pilih", "dukung", "menang", "paslon", "warga", "guru", "camat", "kepala",
    "desa", "sekolah", "acara", "rapat", "program", "bantuan", "beras", "amplop", "uang", "jangan", "takut",
    "pilihan", "kita", "bersama", "maju", "terus", "kabupaten", "kota", "jalan", "pasar", "masjid",
    "relawan", "posko", "kampanye", "spanduk", "kaos", "hadiah",
]
ACTOR = "bench"
REPEATS = 60
DEEP_PAGES = 200


def synthetic(n: int, rng: random.Random) -> Snapshot:
    """One flagged case; ASNs repeat (about 5 posts each) so queue groups form."""
    asn = rng.randrange(200_000)
    region, agency = REGIONS[asn % len(REGIONS)], AGENCIES[asn % len(AGENCIES)]
    election = ELECTIONS[asn % len(ELECTIONS)]
    number = 1 + asn % 4
    words = " ".join(rng.choice(WORDS) for _ in range(14))
    text = f"{words} nomor {number} #{election.replace('-', '')}"
    day, minute = rng.randrange(90), rng.randrange(1440)
    created = f"2024-{9 + day // 30:02d}-{1 + day % 30:02d}T{minute // 60:02d}:{minute % 60:02d}:00+07:00"
    post = Post("x", str(10**12 + n), created, text, Author(id=str(asn), handle=f"asn{asn}"),
                url=f"https://x.com/asn{asn}/status/{10**12 + n}", raw={"id": n, "bench": True})
    categories = sorted({rng.choice(CATEGORIES) for _ in range(rng.randint(1, 2))})
    nip = f"19{asn:016d}"
    decision = Decision(
        "x", post.post_id, True, round(rng.random(), 4), categories,
        AsnMatch(nip, 0.95, ["handle listed in registry"]),
        [Evidence(c, 0, 10, text[:10], "bench-rule", CandidateRef(election, number)) for c in categories],
        {"rules": "bench-1"},
    )
    entry = MatchedEntry(nip, f"ASN Bench {asn}", "Guru", agency, "Unit", region, "")
    return Snapshot(post, post_sha256(post), "2024-12-01T00:00:00+00:00", "bench", decision, entry)


def batches(total: int, size: int) -> Iterator[list[Snapshot]]:
    """The synthetic cases in record_many batches (deterministic)."""
    rng = random.Random(6)
    for start in range(0, total, size):
        yield [synthetic(n, rng) for n in range(start, min(total, start + size))]


def load(store: CaseStore, total: int, batch: int) -> dict[str, float]:
    """Index every case; the rate counts only the time inside record_many."""
    spent, done, started = 0.0, 0, time.perf_counter()
    for chunk in batches(total, batch):
        began = time.perf_counter()
        done += store.record_many(chunk)
        spent += time.perf_counter() - began
        if done % (batch * 50) == 0:
            print(f"  {done} cases, {done / spent:.0f}/s in record_many", flush=True)
    return {"cases": done, "seconds_in_store": round(spent, 1),
            "wall_seconds": round(time.perf_counter() - started, 1), "cases_per_second": round(done / spent)}


def review_some(store: CaseStore, rng: random.Random, n: int) -> None:
    """Give statuses and assignees to part of the queue so those filters have something to find."""
    page = store.queue(QueueQuery(status="new", limit=n, sort="time"), ACTOR)
    for summary in page.items:
        status = rng.choice(STATUSES[3:])
        claimed = store.claim(summary.case_id, f"reviewer{rng.randrange(10)}", summary.revision)
        if status == "escalated":  # four eyes: one reviewer asks, another confirms
            asked = store.transition(summary.case_id, "escalation_requested", claimed.assignee or "",
                                     claimed.revision, "bench", "agency")
            store.transition(summary.case_id, status, "second-reviewer", asked.revision, "bench")
        elif status != "in_review":
            store.transition(summary.case_id, status, claimed.assignee or "", claimed.revision, "bench")


def timed(call: Callable[[], Any], repeats: int = REPEATS) -> list[float]:
    """Latencies in milliseconds (one warm-up call first)."""
    call()
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def deep_pages(store: CaseStore, query: QueueQuery) -> list[float]:
    """Walk DEEP_PAGES pages with the cursor; latencies of the second half (rows 5,000 to 10,000)."""
    cursor, samples = None, []
    for _ in range(DEEP_PAGES):
        began = time.perf_counter()
        page = store.queue(query, ACTOR, cursor)
        samples.append((time.perf_counter() - began) * 1000)
        cursor = page.next_cursor
        if cursor is None:
            break
    return samples[len(samples) // 2:]


def queries(store: CaseStore) -> dict[str, list[float]]:
    """The common queue queries, each with varying parameters."""
    rng = random.Random(7)

    def pick(values: list[str]) -> str:
        return rng.choice(values)

    return {
        "first page: status=new, region, by score": timed(lambda: store.queue(
            QueueQuery(status="new", wilayah=pick(REGIONS)), ACTOR)),
        "first page: category + election, by time": timed(lambda: store.queue(
            QueueQuery(category=rng.choice(CATEGORIES), election=pick(ELECTIONS), sort="time"), ACTOR)),
        "first page: agency + score >= 0.8 + date range": timed(lambda: store.queue(
            QueueQuery(instansi=pick(AGENCIES), min_score=0.8, posted_from="2024-09-15",
                       posted_to="2024-11-15"), ACTOR)),
        "first page: full text (2 words) + status": timed(lambda: store.queue(
            QueueQuery(text=f"{rng.choice(WORDS)} {rng.choice(WORDS)}", status="new"), ACTOR)),
        "first page: assignee": timed(lambda: store.queue(
            QueueQuery(assignee=f"reviewer{rng.randrange(10)}"), ACTOR)),
        "first page: grouped (ASN + candidate), region": timed(lambda: store.queue(
            QueueQuery(wilayah=pick(REGIONS), grouped=True), ACTOR)),
        "deep pages (rows 5,000-10,000) via cursor, status=new, by score": deep_pages(
            store, QueueQuery(status="new")),
        "first page: by deadline, region": timed(lambda: store.queue(
            QueueQuery(wilayah=pick(REGIONS), sort="deadline"), ACTOR)),
        "first page: due within 8 days (every open case), by deadline": timed(lambda: store.queue(
            QueueQuery(due_before=shifted(now(), 8 * 86_400), sort="deadline"), ACTOR)),
        "first page: one author in their region (a case page's other posts), by time": timed(
            lambda: store.queue(by_author(rng.randrange(200_000)), ACTOR)),
        "counts per status/category/region, all cases": timed(lambda: store.counts(QueueQuery(), ACTOR), 20),
        "counts, one region": timed(lambda: store.counts(QueueQuery(wilayah=pick(REGIONS)), ACTOR), 20),
    }


def by_author(asn: int) -> QueueQuery:
    """The case page's query for one synthetic author's other cases, scoped to the author's region."""
    return QueueQuery(author=f"x#{asn}", wilayah=REGIONS[asn % len(REGIONS)], sort="time", limit=12)


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def run(name: str, store: CaseStore, total: int, batch: int, reuse: bool) -> dict[str, Any]:
    """Load (unless reused), review a few hundred cases, time the queries."""
    print(f"{name}: {store.count()} cases stored before the run", flush=True)
    reused = reuse and store.count() >= total
    loading = {"reused": store.count()} if reused else load(store, total, batch)
    print(f"{name}: load {loading}", flush=True)
    refresh = store.refresh if isinstance(store, SearchCaseStore) else lambda: None
    refresh()
    review_some(store, random.Random(8), 400)
    refresh()
    latencies = queries(store)
    began = time.perf_counter()
    chain = store.verify_audit()
    verified = {"entries": chain.entries, "ok": chain.ok, "seconds": round(time.perf_counter() - began, 2)}
    print(f"{name}: verify_audit {verified}", flush=True)
    return {"load": loading, "cases": store.count(), "verify_audit": verified, "queries": {
        q: {"p50_ms": round(statistics.median(s), 1), "p95_ms": round(percentile(s, 95), 1), "n": len(s)}
        for q, s in latencies.items()
    }}


def main() -> None:
    """Benchmark the chosen stores and print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--es", help="Elasticsearch URL (skipped when absent)")
    parser.add_argument("--es-prefix", default="netra-bench")
    parser.add_argument("--opensearch", help="OpenSearch URL (skipped when absent); uses --es-prefix too")
    parser.add_argument("--sqlite", type=Path, help="SQLite file (skipped when absent)")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded store")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    results: dict[str, Any] = {"cases": args.cases, "run": uuid.uuid4().hex[:8]}
    if args.sqlite:
        store = SqliteCaseStore(args.sqlite)
        results["sqlite"] = run("sqlite", store, args.cases, args.batch, args.reuse)
        store.close()
    if args.es:
        es = Elasticsearch(args.es, request_timeout=120)
        store_es = ElasticsearchCaseStore(es, prefix=args.es_prefix)
        results["elasticsearch"] = run("elasticsearch", store_es, args.cases, args.batch, args.reuse)
        store_es.close()
    if args.opensearch:
        store_os = OpenSearchCaseStore(OpenSearch(args.opensearch, timeout=120), prefix=args.es_prefix)
        results["opensearch"] = run("opensearch", store_os, args.cases, args.batch, args.reuse)
        store_os.close()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    for backend in ("sqlite", "elasticsearch", "opensearch"):
        if backend in results:
            print(f"\n### {backend}: {results[backend]['cases']} cases, load {results[backend]['load']}\n")
            print("| query | p50 ms | p95 ms | n |\n|---|---|---|---|")
            for q, f in results[backend]["queries"].items():
                print(f"| {q} | {f['p50_ms']} | {f['p95_ms']} | {f['n']} |")


if __name__ == "__main__":
    main()
