"""`netra collect --config collectors.yaml`: every configured source into the bus until a signal.

`register(subparsers)` adds the subcommand to the netra CLI; `python -m collectors.cli` runs the
same parser on its own.
"""

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys
from pathlib import Path

from collectors.config import CollectorsConfig, load_config
from collectors.service import run_sources
from netra.bus.base import CURSORS, NAMESPACE
from netra.domain.problems import InputError


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `collect` (configured sources) to a CLI's subcommands."""
    parser = subparsers.add_parser("collect", help="collect posts from the configured sources into the bus")
    add_arguments(parser)
    parser.set_defaults(handler=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `collect --config`."""
    parser.add_argument("--config", type=Path, required=True, help="collectors YAML (docs/collectors.md)")
    bus = parser.add_mutually_exclusive_group()
    bus.add_argument("--sqlite", type=Path, help="publish into this SQLite bus file (the embedded run)")
    bus.add_argument("--bootstrap", default=os.environ.get("NETRA_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                     help="Kafka bootstrap servers (default: $NETRA_KAFKA_BOOTSTRAP or 127.0.0.1:9092)")
    parser.add_argument("--id", default=socket.gethostname(), help="stable id (the Kafka transactional id)")
    parser.add_argument("--partitions", type=int, default=6, help="partitions of topics it creates")
    parser.add_argument("--replication", type=int, default=1, help="replication of topics it creates")


def run(args: argparse.Namespace) -> int:
    """Load the configuration (exit 2 listing its problems), then collect until SIGTERM/SIGINT."""
    try:
        asyncio.run(_collect(args, load_config(args.config)))
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


async def _collect(args: argparse.Namespace, config: CollectorsConfig) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    if config.metrics_port:
        from prometheus_client import start_http_server

        start_http_server(config.metrics_port, addr="127.0.0.1")
    if args.sqlite is not None:
        from netra.bus.sqlite import SqlitePublisher

        sqlite = SqlitePublisher(args.sqlite)

        async def sqlite_cursor(name: str) -> str | None:
            value = sqlite.latest(CURSORS, name.encode())
            return value.decode() if value else None

        try:
            await run_sources(config, sqlite, stop, sqlite_cursor)
        finally:
            sqlite.close()
        return
    from netra.bus.kafka import KafkaConfig, KafkaPublisher
    from netra.bus.kafka_admin import ensure_topics, latest_value, pipeline_topics

    kafka = KafkaConfig(args.bootstrap)
    await ensure_topics(kafka, pipeline_topics(args.partitions), args.replication)
    publisher = KafkaPublisher(kafka, f"{NAMESPACE}netra-collector-{args.id}")

    async def kafka_cursor(name: str) -> str | None:
        value = await latest_value(kafka, CURSORS, name.encode())
        return value.decode() if value else None

    try:
        await run_sources(config, publisher, stop, kafka_cursor)
    finally:
        await publisher.close()


def main(argv: list[str] | None = None) -> int:
    """`python -m collectors.cli --config ...`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="netra-collect", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
