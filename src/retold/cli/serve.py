"""The `serve` subcommand: the web app on loopback by default, over a store opened read-only."""
from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import signal
import socket
import sys

from retold.errors import EXIT_OK, RetoldError, UsageError
from retold.store.connection import DEFAULT_DB

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
BACKLOG = 2048  # uvicorn's own default


def add_serve_command(subparsers: argparse._SubParsersAction) -> None:
    """Register `retold serve` on the CLI's subparsers."""
    serve = subparsers.add_parser("serve", help="browse a store's stories, articles, conflicts and drifts in a local web app")
    serve.add_argument("--db", default=DEFAULT_DB, metavar="FILE",
                       help=f"the DuckDB file, opened read-only; `retold ingest` may add to it while it is served (default: {DEFAULT_DB} here)")
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


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: one the system picks); an address that cannot be used is a
    RetoldError saying why in one line (a busy port names a free one to try)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as error:
        raise RetoldError(f"--host {host}: not an address to listen on ({error.strerror})") from None
    listener = socket.socket(family, kind, proto)
    try:
        if os.name != "nt":  # as asyncio does: a restart finds the port free while old connections linger in TIME_WAIT
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # accepted connections inherit it; uvicorn takes this socket as a file descriptor and would not set it itself
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        listener.bind(address)
        listener.listen(BACKLOG)
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            raise RetoldError(f"port {port} is in use on {host}; try --port {_free_port(host)}") from None
        if error.errno == errno.EACCES:
            raise RetoldError(f"port {port} on {host} needs privileges this user lacks; try --port {DEFAULT_PORT}") from None
        if error.errno == errno.EADDRNOTAVAIL:
            raise RetoldError(f"--host {host}: not an address of this machine") from None
        raise RetoldError(f"cannot listen on {host} port {port}: {error.strerror or error}") from None
    return listener


def address_of(listener: socket.socket) -> str:
    """The URL a listening socket answers at, with the port it really has (the one the system picked for --port 0)."""
    host, port = listener.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _free_port(host: str) -> int:
    """A port free on `host` right now, to suggest in place of a busy one."""
    family = socket.getaddrinfo(host, 0, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _run_serve(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: give a port between 0 and 65535")
    try:
        # FastAPI and uvicorn take half a second to import: only `retold serve` pays for them
        import uvicorn

        from retold.web.app import create_app
    except ImportError as error:
        raise UsageError(f"the web app needs fastapi and uvicorn ({error}); run: pip install 'retold'") from None
    # the port is taken before anything is said: a busy one fails here, in one line, and "serving" names the real port
    listener = listen(args.host, args.port)
    try:
        app = create_app(args.db)
        if not is_loopback(args.host):
            print(f"retold: warning: listening on {args.host}: anyone who can reach this address can read the store "
                  "(there is no login); use the default 127.0.0.1 to keep it on this machine", file=sys.stderr)
        print(f"retold: serving {args.db} (read-only) at {address_of(listener)}  (Ctrl-C stops)", file=sys.stderr, flush=True)
        # uvicorn.run's fd= serves on the socket bound above, so nothing can take the port in between
        # uvicorn stops on SIGTERM, then raises it again: end as a normal exit, so the store is let go of and the sign
        # beside it taken back
        signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(EXIT_OK))
        try:
            uvicorn.run(app, host=args.host, port=listener.getsockname()[1], fd=listener.fileno(), log_level="warning")
        finally:
            app.state.store.close()  # lets go of the file and takes back the sign that says it is served
    finally:
        listener.close()
    return EXIT_OK
