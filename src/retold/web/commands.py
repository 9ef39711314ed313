"""The `serve` subcommand: the web app on loopback by default, over a store opened read-only."""
from __future__ import annotations

import argparse
import ipaddress
import sys

from retold.errors import UsageError
from retold.store.connection import DEFAULT_DB

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
EXIT_OK = 0


def add_web_commands(subparsers) -> None:
    """Register `retold serve` on the CLI's subparsers."""
    serve = subparsers.add_parser("serve", help="browse a store's stories, articles, conflicts and drifts in a local web app")
    serve.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"the DuckDB file, opened read-only (default: {DEFAULT_DB} here)")
    serve.add_argument("--host", default=DEFAULT_HOST, metavar="H", help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="P", help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)")
    serve.set_defaults(handler=_run_serve)


def is_loopback(host: str) -> bool:
    """Whether an address only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _run_serve(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: give a port between 0 and 65535")
    try:
        import uvicorn

        from retold.web.app import create_app
    except ImportError as error:
        raise UsageError(f"the web app needs fastapi and uvicorn ({error}); run: pip install 'retold'") from None
    if not is_loopback(args.host):
        print(f"retold: warning: listening on {args.host}: anyone who can reach this address can read the store "
              "(there is no login); use the default 127.0.0.1 to keep it on this machine", file=sys.stderr)
    app = create_app(args.db)
    print(f"retold: serving {args.db} (read-only) at http://{args.host}:{args.port}/  (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
