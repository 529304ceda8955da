"""`netra review`: the review app over a case store."""

import argparse


def register(subcommands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `netra review`."""
    review = subcommands.add_parser("review", help="serve the review app over a case store")
    review.add_argument("--store", default="var/netra/cases.sqlite",
                        help="case store: a SQLite path or http(s)://elasticsearch:9200")
    review.add_argument("--host", default="127.0.0.1", help="address to listen on")
    review.add_argument("--port", type=int, default=8080, help="port to listen on")
    review.set_defaults(handler=_review)


def _review(args: argparse.Namespace) -> int:
    import uvicorn

    from alerting.review.app import create_app
    from netra.app.root import open_store

    uvicorn.run(create_app(open_store(args.store)), host=args.host, port=args.port, log_level="info")
    return 0
