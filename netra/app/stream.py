"""The pipeline's commands: `netra run` (the stage graph in one process over the SQLite bus) and
the Kafka processes `netra collect`, `netra worker`, `netra indexer` (one stage each)."""

import argparse
import asyncio
import os
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from netra import demo
from netra.app.options import build_core, decision_options
from netra.bus.base import Bus, Retention
from processors.health import STALL_SECONDS
from processors.stage import Policy

if TYPE_CHECKING:
    from netra.app.root import Member

Subcommands = argparse._SubParsersAction  # type: ignore[type-arg]
StageRun = Callable[[Bus, "Member", asyncio.Event], Awaitable[None]]


def register(subcommands: Subcommands) -> None:
    """Add `netra run`, `netra collect`, `netra worker` and `netra indexer`."""
    run = subcommands.add_parser("run", help="run the whole product on this machine (demo data by default)")
    run.add_argument("--data-dir", type=Path, default=Path("var/netra"), help="where the run keeps its files")
    decision_options(run, demo_defaults=True)
    sources = run.add_mutually_exclusive_group()
    sources.add_argument("--collectors", type=Path,
                         help="collectors YAML: platform APIs, feeds, imports, webhook (docs/collectors.md)")
    sources.add_argument("--posts", default=str(demo.POSTS),
                         help="one JSONL file of posts (or jsonl:path), when there is no --collectors")
    run.add_argument("--delay", type=float, default=0.5, help="seconds between collected batches")
    run.add_argument("--batch-size", type=int, default=5, help="posts per collected batch")
    run.add_argument("--host", default="127.0.0.1", help="review page address")
    run.add_argument("--port", type=int, default=8080, help="review page port")
    run.add_argument("--exit-when-idle", action="store_true", help="stop once every post is processed")
    run.add_argument("--dead-letter-days", type=float, default=Retention().dead_letters_days,
                     help="days dead letters are kept (decided raw posts and stored decisions go at once)")
    run.add_argument("--prune-every", type=float, default=60.0,
                     help="seconds between prunings of the bus file (0: never)")
    _health_options(run)
    run.set_defaults(handler=_run)

    collect = _stream_parser(subcommands, "collect", "publish posts to Kafka, each source after its cursor")
    sources = collect.add_mutually_exclusive_group()
    sources.add_argument("--config", type=Path,
                         help="collectors YAML: platform APIs, feeds, imports, webhook (docs/collectors.md)")
    sources.add_argument("--posts", default=str(demo.POSTS),
                         help="one JSONL file of posts (or jsonl:path), when there is no --config")
    collect.add_argument("--delay", type=float, default=0.0, help="seconds between collected batches")
    collect.set_defaults(handler=_collect, batch_size=100)

    worker = _stream_parser(subcommands, "worker", "decide raw posts from Kafka, publish decisions")
    decision_options(worker, demo_defaults=False)
    worker.add_argument("--group", default="netra-processors", help="consumer group of the workers")
    worker.add_argument("--store", help="case store whose reviewer judgements the matcher honours and where "
                        "it keeps author facts (a SQLite path or http(s)://host:9200; default: none)")
    worker.set_defaults(handler=_worker)

    indexer = _stream_parser(subcommands, "indexer", "store decisions from Kafka in the case store")
    indexer.add_argument("--store", default="var/netra/cases.sqlite",
                         help="case store: a SQLite path or http(s)://elasticsearch:9200")
    indexer.add_argument("--group", default="netra-indexer", help="consumer group of the indexers")
    indexer.set_defaults(handler=_indexer)


def _health_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--attempts", type=int, default=Policy().attempts,
                        help="tries of a record whose handling fails unexpectedly before it is dead-lettered")
    parser.add_argument("--stall-seconds", type=float, default=STALL_SECONDS,
                        help="/healthz: stalled after this long without progress while records wait")


def _stream_parser(subcommands: Subcommands, name: str, summary: str) -> argparse.ArgumentParser:
    """A Kafka stream command with the options every one of them shares."""
    parser: argparse.ArgumentParser = subcommands.add_parser(name, help=summary)
    parser.add_argument("--bootstrap", default=os.environ.get("NETRA_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                        help="Kafka bootstrap servers (default: $NETRA_KAFKA_BOOTSTRAP or 127.0.0.1:9092)")
    parser.add_argument("--bus", help="the bus as a URL instead: kafka://host:9092, or an SQLite file (the "
                        "one-machine bus of `netra run`)")
    parser.add_argument("--id", default=socket.gethostname(),
                        help="this process's stable id, unique among its peers (its transactional id)")
    parser.add_argument("--partitions", type=int, default=6, help="partitions of topics it creates")
    parser.add_argument("--replication", type=int, default=1, help="replication of topics it creates")
    parser.add_argument("--retention-days", type=float, nargs=3, metavar=("RAW", "DECISIONS", "DEAD"),
                        default=None, help="retention of raw posts, decisions and dead letters in topics it "
                        "creates (default 3 7 14)")
    parser.add_argument("--batch-size", type=int, default=500, help="records per batch")
    parser.add_argument("--metrics-host", default="127.0.0.1", help="address of /metrics and /healthz")
    parser.add_argument("--metrics-port", type=int, default=0, help="port of /metrics and /healthz (0: none)")
    _health_options(parser)
    return parser


def _run(args: argparse.Namespace) -> int:
    from netra.app.embedded import Collector, EmbeddedConfig, run_embedded, store_path
    from netra.app.root import collect, collect_configured, open_source, open_store

    collector: Collector
    if args.collectors is not None:
        from collectors.config import load_config

        configured = load_config(args.collectors)
        collector = lambda bus, stop: collect_configured(bus, configured, "embedded", stop)  # noqa: E731
    else:
        source = open_source(args.posts, batch_size=args.batch_size, delay=args.delay)
        collector = lambda bus, stop: collect(bus, source, stop)  # noqa: E731
    store = open_store(store_path(args.data_dir), create=True)
    core = build_core(args, store)
    retention = Retention(dead_letters_days=args.dead_letter_days)
    config = EmbeddedConfig(args.data_dir, args.host, args.port, args.exit_when_idle, args.stall_seconds,
                            Policy(attempts=args.attempts), retention, args.prune_every)
    print(f"Netra is running: review page at http://{args.host}:{args.port}/ (Ctrl-C stops)",
          file=sys.stderr)
    asyncio.run(run_embedded(config, collector, core, store))
    return 0


def _collect(args: argparse.Namespace) -> int:
    from collectors.config import load_config
    from netra.app.root import Endpoint, collect, collect_configured, open_source, serve

    bus = _bus(args)
    endpoint = Endpoint(args.metrics_host, args.metrics_port, []) if args.metrics_port else None
    if args.config is not None:
        config = load_config(args.config)
        asyncio.run(serve(bus, lambda stop: collect_configured(bus, config, args.id, stop), endpoint))
        return 0
    source = open_source(args.posts, batch_size=args.batch_size, delay=args.delay)
    asyncio.run(serve(bus, lambda stop: collect(bus, source, stop), endpoint))
    return 0


def _worker(args: argparse.Namespace) -> int:
    from netra.app.root import open_store, work

    store = open_store(args.store) if args.store else None
    try:
        core = build_core(args, store)
        return _serve_stage(args, lambda bus, member, stop: work(bus, core, member, stop))
    finally:
        if store is not None:
            store.close()


def _indexer(args: argparse.Namespace) -> int:
    from netra.app.root import index, open_store

    store = open_store(args.store, create=True)
    try:
        return _serve_stage(args, lambda bus, member, stop: index(bus, store, member, stop))
    finally:
        store.close()


def _serve_stage(args: argparse.Namespace, stage: "StageRun") -> int:
    """Run one stage as a Kafka process until a signal."""
    from netra.app.root import Endpoint, Member, serve

    bus = _bus(args)
    member = Member(args.id, args.group, Policy(args.batch_size, args.attempts))
    endpoint = (Endpoint(args.metrics_host, args.metrics_port, member.health, args.stall_seconds)
                if args.metrics_port else None)
    asyncio.run(serve(bus, lambda stop: stage(bus, member, stop), endpoint))
    return 0


def _bus(args: argparse.Namespace) -> "Bus":
    from netra.app.root import open_bus

    retention = Retention(*args.retention_days) if args.retention_days else Retention()
    return open_bus(args.bus or f"kafka://{args.bootstrap}", args.partitions, args.replication, retention)
