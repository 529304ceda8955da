"""Benchmark: the case file's three forms (page, PDF, JSON bundle) and `netra verify`, per case size.

    .venv/bin/python bench/case_file.py [--repeat 5]

Three confirmed cases in a fresh SQLite store, served through the review app (Starlette's test
client, logged in as a regional reviewer): a tweet-sized post with one piece of evidence; the
largest post the decoder accepts (100,000 characters) with 50 pieces of evidence; the same size as
one unbroken word (hostile); and a short post whose platform payload (`raw`) is 1.9 MB. Prints
the median time of each form, its size, the PDF's page count, and `netra verify`'s time.
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import msgspec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from alerting.casefile.verify import read_bundle, verify  # noqa: E402
from netra.domain.decision import Evidence  # noqa: E402
from netra.domain.post import MAX_TEXT_CHARS  # noqa: E402
from netra.domain.snapshot import post_sha256  # noqa: E402
from tests.alerting.review_world import World  # noqa: E402
from tests.factories import flagged  # noqa: E402

TWEET = "Ayo coblos nomor 1 di Pilbup Kaliurang Raya, bapak ibu guru semua! #Pilkada2024 " * 3


def _case(world: World, post_id: str, text: str, evidence_count: int, raw_bytes: int) -> str:
    """Record and confirm one case; evidence spans spread evenly over the text."""
    base = flagged(post_id, wilayah="Kabupaten Alfa", instansi="Pemerintah Kabupaten Alfa", text=text)
    step = max(len(text) // evidence_count, 20)
    evidence = [Evidence("endorsement", s, s + 18, text[s:s + 18], "ballot-number-call")
                for s in range(0, step * evidence_count, step)]
    raw = {"id": post_id, "padding": "x" * raw_bytes}
    post = msgspec.structs.replace(base.post, raw=raw)
    decision = msgspec.structs.replace(base.decision, evidence=evidence)
    world.store.record(msgspec.structs.replace(base, post=post, post_sha256=post_sha256(post),
                                               decision=decision))
    case_id = f"x:{post_id}"
    claimed = world.store.claim(case_id, "rev-a", world.revision(case_id))
    world.store.transition(case_id, "confirmed", "rev-a", claimed.revision, "kampanye")
    return case_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="netra-bench-casefile-"))
    world = World(work)
    cases = {
        "tweet, 1 evidence": _case(world, "101", TWEET, 1, 100),
        "100,000 characters, 50 evidence": _case(world, "102", (TWEET * 500)[:MAX_TEXT_CHARS], 50, 100),
        "100,000 characters, no space": _case(world, "103", "x" * MAX_TEXT_CHARS, 1, 100),
        "raw payload 1.9 MB": _case(world, "104", TWEET, 1, 1_900_000),
    }
    client = world.client("rev-a")
    client.get("/cases/x:1/case-file.pdf")  # WeasyPrint's import and font set-up, once per process
    print("| case | page ms | PDF ms | PDF KB / pages | bundle ms | bundle KB | verify ms |")
    print("|---|---|---|---|---|---|---|")
    for name, case_id in cases.items():
        timings: dict[str, list[float]] = {"": [], ".pdf": [], ".json": []}
        sizes: dict[str, int] = {}
        for _ in range(args.repeat):
            for ext, spent in timings.items():
                begun = time.perf_counter()
                answer = client.get(f"/cases/{case_id}/case-file{ext}")
                spent.append(time.perf_counter() - begun)
                assert answer.status_code == 200, answer.text[:200]
                sizes[ext] = len(answer.content)
                if ext == ".pdf":
                    pages = len(PdfReader(io.BytesIO(answer.content)).pages)
                if ext == ".json":
                    (work / "bundle.json").write_bytes(answer.content)
        begun = time.perf_counter()
        report = verify(read_bundle(work / "bundle.json"))
        checked = time.perf_counter() - begun
        assert report.ok, report.problems
        ms = {ext: statistics.median(spent) * 1000 for ext, spent in timings.items()}
        print(f"| {name} | {ms['']:.0f} | {ms['.pdf']:.0f} | {sizes['.pdf'] / 1024:.0f} / {pages} |"
              f" {ms['.json']:.0f} | {sizes['.json'] / 1024:.0f} | {checked * 1000:.0f} |")


if __name__ == "__main__":
    main()
