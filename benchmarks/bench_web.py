"""Load on the web app over loopback: N requests at C concurrent keep-alive connections to story and article pages.

Runs `retold serve` on the example story (ingested into a temporary store) in its own process, then drives it from
here with a small asyncio HTTP/1.1 client (a heavier client would measure itself). Prints errors and p50/p95/p99
latency for the pages, the same load against a trivial endpoint of the same server as a baseline, their ratio, and
each page's first (uncached) render time. Exit 1 when a request failed or p95 is over the target.

    .venv/bin/python benchmarks/bench_web.py [--requests 5000] [--concurrency 32] [--db FILE]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_STORY = REPO / "examples" / "story" / "story.jsonl"
P95_TARGET_MS = 100.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    """`retold serve` in its own process, waited for until it answers."""
    retold = Path(sys.executable).with_name("retold")
    command = [str(retold)] if retold.exists() else [sys.executable, "-m", "retold"]
    process = subprocess.Popen([*command, "serve", "--db", str(db), "--port", str(port)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("retold serve exited before it answered")
            time.sleep(0.1)
    process.kill()
    raise SystemExit("retold serve did not answer within 60 s")


def page_urls(port: int) -> list[str]:
    """Every story page and every article page of the store, plus each article with a drift's passage highlighted."""
    def get(path: str):
        return json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read())

    urls = []
    for story in get("/stories.json")["stories"]:
        urls.append(story["href"])
        detail = get(story["href"] + ".json")
        urls += [article["href"] for article in detail["articles"]]
        urls += [drift["later"]["href"].split("#")[0] for drift in detail["drifts"]]
    return urls


async def one_connection(port: int, paths: list[str], latencies: list[float], errors: list[str]) -> None:
    """One keep-alive connection sending its share of the requests one after another."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for path in paths:
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(f"{status} {path}")
    except (OSError, asyncio.IncompleteReadError, ValueError) as error:
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        writer.close()


async def load(port: int, paths: list[str], requests: int, concurrency: int) -> tuple[list[float], list[str], float]:
    """`requests` requests cycling over `paths`, spread over `concurrency` connections; returns latencies, errors, seconds."""
    plan = [paths[i % len(paths)] for i in range(requests)]
    shares = [plan[i::concurrency] for i in range(concurrency)]
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(*(one_connection(port, share, latencies, errors) for share in shares if share))
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def report(name: str, latencies: list[float], errors: list[str], seconds: float) -> tuple[float, float]:
    p50, p95, p99 = (percentile(latencies, s) for s in (0.50, 0.95, 0.99))
    print(f"{name:<10} {len(latencies):>6} requests  {len(errors)} errors  {len(latencies) / seconds:>7.0f} req/s  "
          f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms")
    return p50, p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--db", type=Path, help="a store to serve (default: the example story, ingested into a temporary file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            db = Path(folder) / "example.duckdb"
            subprocess.run([sys.executable, "-m", "retold", "ingest", str(EXAMPLE_STORY), "--db", str(db), "--workers", "1",
                            "--no-progress"], check=True, stderr=subprocess.DEVNULL)
        port = free_port()
        server = start_server(db, port)
        try:
            paths = page_urls(port)
            first = []
            for path in paths:  # the first request of each page renders it; later ones are served from the page cache
                started = time.perf_counter()
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()
                first.append((time.perf_counter() - started) * 1000)
            print(f"{len(paths)} pages (story, article, article with a drift's passage) of {db.name}; "
                  f"{args.requests} requests at {args.concurrency} connections on 127.0.0.1, server: retold serve (1 process)")
            print(f"first render: median {statistics.median(first):.1f} ms, max {max(first):.1f} ms")
            baseline = asyncio.run(load(port, ["/health"], args.requests, args.concurrency))
            pages = asyncio.run(load(port, paths, args.requests, args.concurrency))
        finally:
            server.terminate()
            server.wait(timeout=10)
    base50, base95 = report("baseline", *baseline)
    page50, page95 = report("pages", *pages)
    print(f"pages / baseline: p50 x{page50 / base50:.2f}, p95 x{page95 / base95:.2f}  (cores here: {os.cpu_count()})")
    errors = baseline[1] + pages[1]
    for error in errors[:5]:
        print(f"error: {error}")
    ok = not errors and page95 < P95_TARGET_MS
    print(f"p95 target < {P95_TARGET_MS:.0f} ms: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
