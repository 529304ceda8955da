"""`netra review`: the review app over a case store."""

import argparse
import sys

from alerting.review.serve import add_options, regions_from, server_config, settings_from
from netra.domain.regions import RegionsError


def register(subcommands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `netra review`."""
    review = subcommands.add_parser("review", help="serve the review app over a case store")
    review.add_argument("--store", default="var/netra/cases.sqlite",
                        help="case store: a SQLite path or http(s)://elasticsearch:9200")
    review.add_argument("--host", default="127.0.0.1", help="address to listen on")
    review.add_argument("--port", type=int, default=8080, help="port to listen on")
    add_options(review)
    review.set_defaults(handler=_review)


def _review(args: argparse.Namespace) -> int:
    import uvicorn

    from alerting.accounts.repository import AccountRepository
    from alerting.review.app import create_app
    from netra.app.root import open_store

    try:
        regions = regions_from(args)
    except RegionsError as exc:
        print(f"netra review: {exc}", file=sys.stderr)
        return 2
    app = create_app(open_store(args.store), AccountRepository(args.accounts), settings_from(args),
                     regions=regions)
    uvicorn.Server(server_config(app, args.host, args.port)).run()
    return 0
