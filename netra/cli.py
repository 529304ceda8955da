"""The `netra` command: `scan` (batch decisions, CONTRACTS.md §4), `run` (the embedded product),
and the stream processes on Kafka: `collect`, `worker`, `indexer`."""

import argparse
import asyncio
import logging
import os
import socket
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from netra import demo
from netra.domain.problems import InputError, Problem

if TYPE_CHECKING:
    from netra.streaming import StreamConfig
    from processors.decide import DecisionCore

USAGE_ERROR = 2
SHOWN_PROBLEMS = 20


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.command == "scan" else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return int(args.handler(args))
    except InputError as exc:
        print(f"netra {args.command}: unusable input:\n{exc}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:  # the reader went away (`netra scan ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="netra", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    scan = commands.add_parser("scan", help="decide a JSONL file of posts, one decision line per post")
    _decision_options(scan, demo_defaults=False)
    scan.add_argument("--input", type=Path, help="posts JSONL (default: standard input)")
    scan.add_argument("--output", type=Path, help="decisions JSONL (default: standard output)")
    scan.set_defaults(handler=_scan)

    run = commands.add_parser("run", help="run the whole product on this machine (demo data by default)")
    run.add_argument("--data-dir", type=Path, default=Path("var/netra"), help="where the run keeps its files")
    _decision_options(run, demo_defaults=True)
    run.add_argument("--posts", type=Path, default=demo.POSTS, help="JSONL file the collector reads")
    run.add_argument("--delay", type=float, default=0.5, help="seconds between collected batches")
    run.add_argument("--batch-size", type=int, default=5, help="posts per collected batch")
    run.add_argument("--host", default="127.0.0.1", help="review page address")
    run.add_argument("--port", type=int, default=8080, help="review page port")
    run.add_argument("--exit-when-idle", action="store_true", help="stop once every post is processed")
    run.set_defaults(handler=_run)

    collect = _stream_parser(commands, "collect", "publish a JSONL file of posts to Kafka, after its cursor")
    collect.add_argument("--posts", type=Path, default=demo.POSTS, help="JSONL file the collector reads")
    collect.add_argument("--delay", type=float, default=0.0, help="seconds between collected batches")
    collect.set_defaults(handler=_collect, batch_size=100)

    worker = _stream_parser(commands, "worker", "decide raw posts from Kafka, publish decisions")
    _decision_options(worker, demo_defaults=False)
    worker.add_argument("--group", default="netra-processors", help="consumer group of the workers")
    worker.set_defaults(handler=_worker)

    indexer = _stream_parser(commands, "indexer", "store decisions from Kafka in the case store")
    indexer.add_argument("--store", default="var/netra/cases.sqlite",
                         help="case store: a SQLite path or http(s)://elasticsearch:9200")
    indexer.add_argument("--group", default="netra-indexer", help="consumer group of the indexers")
    indexer.set_defaults(handler=_indexer)

    review = commands.add_parser("review", help="serve the review app over a case store")
    review.add_argument("--store", default="var/netra/cases.sqlite",
                        help="case store: a SQLite path or http(s)://elasticsearch:9200")
    review.add_argument("--host", default="127.0.0.1", help="address to listen on")
    review.add_argument("--port", type=int, default=8080, help="port to listen on")
    review.set_defaults(handler=_review)

    registry = commands.add_parser("index-registry", help="build the matcher index file from a registry CSV")
    registry.add_argument("registry", type=Path, help="ASN registry CSV")
    registry.add_argument("--output", type=Path, required=True, help="index file to write")
    registry.set_defaults(handler=_index_registry)
    return parser


def _decision_options(parser: argparse.ArgumentParser, demo_defaults: bool) -> None:
    """The files the decision core is built from; the embedded run defaults to the demo's."""
    parser.add_argument("--registry", type=Path, required=not demo_defaults,
                        default=demo.REGISTRY if demo_defaults else None,
                        help="ASN registry CSV, or an index file built from one")
    parser.add_argument("--elections", type=Path, required=not demo_defaults,
                        default=demo.ELECTIONS if demo_defaults else None, help="election configuration YAML")
    parser.add_argument("--claims", type=Path, default=demo.CLAIMS if demo_defaults else None,
                        help="debunked claims YAML (without it, disinformation is not checked)")


def _core(args: argparse.Namespace) -> "DecisionCore":
    """The decision core over the command's files; registry row problems go to standard error."""
    from processors.assemble import assemble_core

    for path in (args.registry, args.elections, args.claims):
        if path is not None and not path.exists():
            raise InputError([Problem(str(path), 0, "no such file")])
    problems: list[Problem] = []
    core = assemble_core(args.registry, args.elections, problems, args.claims)
    _report(problems, args.registry)
    return core


def _stream_parser(commands: argparse._SubParsersAction, name: str, summary: str) -> argparse.ArgumentParser:
    """A Kafka stream command with the options every one of them shares."""
    parser = commands.add_parser(name, help=summary)
    parser.add_argument("--bootstrap", default=os.environ.get("NETRA_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                        help="Kafka bootstrap servers (default: $NETRA_KAFKA_BOOTSTRAP or 127.0.0.1:9092)")
    parser.add_argument("--id", default=socket.gethostname(),
                        help="this process's stable id, unique among its peers (its transactional id)")
    parser.add_argument("--partitions", type=int, default=6, help="partitions of topics it creates")
    parser.add_argument("--replication", type=int, default=1, help="replication of topics it creates")
    parser.add_argument("--batch-size", type=int, default=500, help="records per batch")
    parser.add_argument("--metrics-host", default="127.0.0.1", help="address of the /metrics endpoint")
    parser.add_argument("--metrics-port", type=int, default=0, help="port of /metrics (0: none)")
    return parser


def _scan(args: argparse.Namespace) -> int:
    from netra.scan import scan

    if args.input is not None and not args.input.exists():
        raise InputError([Problem(str(args.input), 0, "no such file")])
    core = _core(args)
    with _open(args.input, "rb", sys.stdin.buffer) as source, \
         _open(args.output, "wb", sys.stdout.buffer) as sink:
        bad = scan(source, sink, core)
    return 1 if bad else 0


def _run(args: argparse.Namespace) -> int:
    from collectors.jsonl import JsonlSource
    from netra.embedded import EmbeddedConfig, run_embedded

    core = _core(args)
    config = EmbeddedConfig(args.data_dir, args.host, args.port, args.exit_when_idle)
    source = JsonlSource(args.posts, batch_size=args.batch_size, delay=args.delay)
    print(f"Netra is running: review page at http://{args.host}:{args.port}/ (Ctrl-C stops)",
          file=sys.stderr)
    asyncio.run(run_embedded(config, source, core))
    return 0


def _stream_config(args: argparse.Namespace) -> "StreamConfig":
    from netra.bus.kafka import KafkaConfig
    from netra.streaming import StreamConfig

    return StreamConfig(
        KafkaConfig(args.bootstrap), args.id, getattr(args, "group", ""), args.partitions,
        args.replication, args.batch_size, args.metrics_host, args.metrics_port,
    )


def _collect(args: argparse.Namespace) -> int:
    from collectors.jsonl import JsonlSource
    from netra.streaming import serve_collector

    if not args.posts.is_file():
        raise InputError([Problem(str(args.posts), 0, "no such file")])
    source = JsonlSource(args.posts, batch_size=args.batch_size, delay=args.delay)
    asyncio.run(serve_collector(_stream_config(args), source))
    return 0


def _worker(args: argparse.Namespace) -> int:
    from netra.streaming import serve_worker

    asyncio.run(serve_worker(_stream_config(args), _core(args)))
    return 0


def _indexer(args: argparse.Namespace) -> int:
    from netra.store.open import open_store
    from netra.streaming import serve_indexer

    asyncio.run(serve_indexer(_stream_config(args), open_store(args.store)))
    return 0


def _review(args: argparse.Namespace) -> int:
    import uvicorn

    from alerting.review.app import create_app
    from netra.store.open import open_store

    uvicorn.run(create_app(open_store(args.store)), host=args.host, port=args.port, log_level="info")
    return 0


def _index_registry(args: argparse.Namespace) -> int:
    from netra.domain.registry import iter_registry
    from processors.matching.indexfile import write_index

    if not args.registry.is_file():
        raise InputError([Problem(str(args.registry), 0, "no such file")])
    problems: list[Problem] = []
    write_index(iter_registry(args.registry, problems), args.output, str(args.registry), sys.stderr)
    _report(problems, args.registry)
    print(f"{args.output}: index written", file=sys.stderr)
    return 0


def _report(problems: list[Problem], source: Path) -> None:
    """Tell the operator which registry rows were skipped or mended, and why."""
    if not problems:
        return
    print(f"{source}: {len(problems)} row problem(s); rows skipped or mended:", file=sys.stderr)
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > SHOWN_PROBLEMS:
        print(f"  … and {len(problems) - SHOWN_PROBLEMS} more", file=sys.stderr)


def _open(path: Path | None, mode: str, default: BinaryIO) -> AbstractContextManager[BinaryIO]:
    """The file at `path`, or the standard stream (left open on exit)."""
    return nullcontext(default) if path is None else cast(BinaryIO, path.open(mode))


if __name__ == "__main__":
    sys.exit(main())
