"""What bench_hostile.py's probes share: the retold command in a child process, its verdicts, and hostile servers."""
from __future__ import annotations

import http.server
import os
import resource
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD_TEXT = (
    "Officials in Riverton said on Monday that 40 people were evacuated after the dam broke. "
    "The mayor said the dam had been inspected in May and that repairs would cost $2 million."
)


@dataclass
class Outcome:
    """What one probe saw: whether the guarantee held, and the words that show it."""

    held: bool
    seen: str


def retold_command() -> list[str]:
    # `python -m retold`, so PYTHONPATH=OTHER/src measures another checkout (the figures before a change) the same way
    return [sys.executable, "-m", "retold"]


def run(args: list[str], *, timeout: float = 300, limit_file_bytes: int | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`retold ARGS` in a child process, its stdout and stderr kept as text (bytes decoded with replacement)."""

    def limit() -> None:
        if limit_file_bytes is not None:
            # a full disk, without root: writes past the limit fail with EFBIG instead of killing the process
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    process = subprocess.run(
        [*retold_command(), *args], capture_output=True, timeout=timeout, cwd=cwd, preexec_fn=limit,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return subprocess.CompletedProcess(process.args, process.returncode, process.stdout.decode("utf-8", "replace"),
                                       process.stderr.decode("utf-8", "replace"))


def one_line_error(result: subprocess.CompletedProcess) -> bool:
    """The command failed with a reason retold gave, not a bug report or a traceback."""
    return result.returncode != 0 and "internal error" not in result.stderr and "Traceback" not in result.stderr


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:160] if lines else "(nothing)"


def good_article(folder: Path) -> Path:
    path = folder / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def articles_in(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


def unfinished_runs(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute("SELECT count(*) FROM runs WHERE finished IS NULL").fetchone()[0]


# --- servers -------------------------------------------------------------------------------------------------------


class GarbageServer(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.recv(4096)
        self.request.sendall(b"\x00\x01GARBAGE \xff\xfe not http at all\r\n\r\n")


class TrickleServer(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        try:
            for _ in range(10_000):  # one byte a second, for hours
                self.wfile.write(b"a")
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass

    def log_message(self, *args) -> None:
        pass


def serve(handler, http_server: bool) -> tuple[str, Callable[[], None]]:
    """A server on 127.0.0.1 in a thread: its address and a function that stops it."""
    kind = http.server.ThreadingHTTPServer if http_server else socketserver.ThreadingTCPServer
    kind.daemon_threads = True
    server = kind(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/page", server.shutdown


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def serving(db: Path) -> tuple[subprocess.Popen, str]:
    """`retold serve` on a free port, waited for until it answers: the process and its base address."""
    port = free_port()
    process = subprocess.Popen([*retold_command(), "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            fetch(base + "/health")
            return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("retold serve did not answer in 60 s")
