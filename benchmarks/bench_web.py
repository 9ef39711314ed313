"""The web app's latency: a cold pass, a warm pass and a load over every page of a store, on `retold serve`.

Starts `retold serve --port 0` over a store in its own process (the port it prints is the one it listens on). The cold
pass requests every page once, in order, on one keep-alive connection, from a server that has rendered nothing yet: the
stories list and its twin, then each story page, its JSON twin and its ClaimReview drafts, then each article page and
its twin, then each article with a drift's passage highlighted, then the lists (articles, claims, conflicts, drifts:
whole, as JSON and CSV, a second page, filtered by story), the speakers and the pages of the most quoted, the reviews,
and 30 searches. It prints the searches' p95 and the largest story page's size. The warm pass requests them all again (from the page
cache). The load then sends N requests over C concurrent keep-alive connections cycling over the pages, after the
same load on the trivial /health endpoint as a baseline. Prints p50/p95/max of each pass, the load's p50/p95/p99,
and the server's resident memory after each step. Exit 1 when a request failed or a target is missed.

The store: --db FILE; else the Wikinews articles of ../shared/data/wikinews (the corpora are never copied into the
repository) with the example story, about 300 articles, ingested once into --work and reused (a few minutes on two
cores the first time); else, without that data, the example story alone in a temporary file.

    .venv/bin/python benchmarks/bench_web.py [--db FILE] [--shared ../shared] [--work out/bench_web]
                                             [--requests 5000] [--concurrency 32]
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_STORY = REPO / "examples" / "story" / "story.jsonl"
RETOLD = [sys.executable, "-m", "retold"]
COLD_P95_MS, WARM_P95_MS, LOAD_P95_MS = 100.0, 50.0, 100.0
SEARCH_P95_MS, STORY_PAGE_BYTES = 50.0, 300 * 1024


def build_store(shared: Path, work: Path, folder: Path) -> Path:
    """The store to serve when --db gives none: Wikinews and the example story in --work, else the example alone."""
    wikinews = sorted((shared / "data" / "wikinews").glob("*.csv"))
    if not wikinews:
        db = folder / "example.duckdb"
        _ingest([EXAMPLE_STORY], db)
        return db
    work.mkdir(parents=True, exist_ok=True)
    db, rows = work / "wikinews-and-example.duckdb", work / "wikinews.jsonl"
    if not rows.exists():
        with rows.open("w", encoding="utf-8") as out:
            for path in wikinews:
                with path.open(encoding="utf-8", newline="") as handle:
                    for row in csv.DictReader(handle):
                        out.write(json.dumps({"url": row["url"], "title": row["title"], "published": row["date"],
                                              "outlet": "Wikinews", "text": row["text"]}, ensure_ascii=False) + "\n")
    # a store already there is reused: its articles are skipped as duplicates, and an older schema is upgraded
    _ingest([rows, EXAMPLE_STORY], db)
    return db


def _ingest(paths: list[Path], db: Path) -> None:
    done = subprocess.run([*RETOLD, "ingest", *map(str, paths), "--db", str(db), "--no-progress"], capture_output=True, text=True,
                          check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"retold ingest failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def page_paths(db: Path) -> list[str]:
    """Every page of the store, read from its tables (asking the server would render pages before the cold pass)."""
    import duckdb

    connection = duckdb.connect(str(db), read_only=True)
    try:
        stories = [row[0] for row in connection.execute("SELECT id FROM stories ORDER BY id").fetchall()]
        articles = [row[0] for row in connection.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        drifts = connection.execute("SELECT DISTINCT article_id, start_char, end_char FROM drifts ORDER BY ALL").fetchall()
        speakers = [row[0] for row in connection.execute(
            "SELECT speaker, count(*) AS n FROM attributions WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY n DESC, speaker LIMIT 40"
        ).fetchall()]
    finally:
        connection.close()
    from retold.web.pages import speaker_href

    # a speaker's page is named from the name alone (pages.speaker_href), so it is known without asking the server
    speaker_keys = sorted({href.rsplit("/", 1)[1] for href in map(speaker_href, speakers) if href})
    paths = ["/", "/stories.json"]
    for story in stories:
        paths += [f"/story/{story}", f"/story/{story}.json", f"/story/{story}/claimreview.json"]
    for article in articles:
        paths += [f"/article/{article}", f"/article/{article}.json"]
    paths += [f"/article/{article}?span={start}-{end}" for article, start, end in drifts]
    # the lists, each filtered by a story and with its twins, the speakers and the reviews
    for listing in ("articles", "claims", "conflicts", "drifts"):
        paths += [f"/{listing}", f"/{listing}.json", f"/{listing}.csv", f"/{listing}?page=2&per_page=20"]
        paths += [f"/{listing}?story={story}" for story in stories[:20]]
    paths += ["/speakers", "/speakers.json", "/reviews", "/reviews.json"]
    paths += [f"/speaker/{key}" for key in speaker_keys]
    paths += [f"/search?q={quote(word)}" for word in SEARCH_WORDS]
    return paths


# what a reader might look for in a news store: names, places, events, figures
SEARCH_WORDS = (
    "police", "president", "election", "court", "fire", "flood", "killed", "minister", "company", "university",
    "said", "million", "report", "health", "vote", "bridge", "water", "china", "london", "ballot", "storm",
    "protest", "hospital", "school", "spokesman", "dozens", "warning", "trial", "study", "earthquake",
)


def start_server(db: Path) -> tuple[subprocess.Popen, int]:
    """`retold serve --port 0` in its own process; returns it and the port its "serving" line names."""
    process = subprocess.Popen([*RETOLD, "serve", "--db", str(db), "--port", "0"], stderr=subprocess.PIPE, text=True)
    line = process.stderr.readline()  # the server says where it listens once it is ready to
    found = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        process.kill()
        sys.exit(f"retold serve did not say where it serves: {line.strip() or process.stderr.read().strip()[-500:]}")
    # whatever it writes later is read and dropped, so a full pipe never stalls it
    threading.Thread(target=process.stderr.read, daemon=True).start()
    return process, int(found.group(1))


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


def resident_mb(process: subprocess.Popen) -> str:
    """The server's resident memory (Linux /proc), for the cache's bound; '?' elsewhere."""
    try:
        status = Path(f"/proc/{process.pid}/status").read_text()
    except OSError:
        return "?"
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    return f"{int(found.group(1)) / 1024:.0f} MB" if found else "?"


def report_pass(name: str, latencies: list[float], errors: list[str], memory: str) -> float:
    p50, p95 = percentile(latencies, 0.50), percentile(latencies, 0.95)
    print(f"{name:<10} {len(latencies):>6} pages      {len(errors)} errors  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
          f"max {max(latencies, default=float('nan')):6.1f} ms  server {memory}")
    return p95


def kind_of(path: str) -> str:
    """Which kind of page a path is, for the cold pass's breakdown."""
    if path.startswith("/story/"):
        return "claimreview" if path.endswith("/claimreview.json") else "story twin" if path.endswith(".json") else "story"
    if path.startswith("/article/"):
        return "passage" if "?span=" in path else "article twin" if path.endswith(".json") else "article"
    if path.startswith("/search"):
        return "search"
    if path.startswith(("/speaker/", "/speakers")):
        return "speakers"
    if path.startswith("/reviews"):
        return "reviews"
    head = path.split("?")[0]
    if head.startswith(("/articles", "/claims", "/conflicts", "/drifts")):
        return "list twin" if head.endswith((".json", ".csv")) else "list"
    return "stories"


def kind_p95(paths: list[str], latencies: list[float], kind: str) -> float:
    """p95 of one kind of page in a pass on one connection (its latencies line up with the paths)."""
    return percentile([latency for path, latency in zip(paths, latencies) if kind_of(path) == kind], 0.95)


def largest_story_page(port: int, paths: list[str]) -> tuple[int, str]:
    """The largest story page's size in bytes and its path (pages are cached by now: this costs little)."""
    import urllib.request

    largest = (0, "")
    for path in paths:
        if kind_of(path) == "story":
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as answer:
                largest = max(largest, (len(answer.read()), path))
    return largest


def report_kinds(paths: list[str], latencies: list[float]) -> None:
    """p50 and p95 of each kind of page (one connection answers in order, so latencies line up with paths)."""
    if len(latencies) != len(paths):
        return
    by_kind: dict[str, list[float]] = {}
    for path, latency in zip(paths, latencies):
        by_kind.setdefault(kind_of(path), []).append(latency)
    print("           " + "  ".join(f"{kind} ({len(values)}) p50 {percentile(values, 0.5):.1f} p95 {percentile(values, 0.95):.1f}"
                                    for kind, values in by_kind.items()))


def report_load(name: str, latencies: list[float], errors: list[str], seconds: float) -> tuple[float, float]:
    p50, p95, p99 = (percentile(latencies, s) for s in (0.50, 0.95, 0.99))
    print(f"{name:<10} {len(latencies):>6} requests  {len(errors)} errors  {len(latencies) / seconds:>7.0f} req/s  "
          f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms")
    return p50, p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to serve (default: Wikinews and the example story, see above)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="where data/wikinews is")
    parser.add_argument("--work", type=Path, default=REPO / "out" / "bench_web", help="where the built store is kept")
    parser.add_argument("--requests", type=int, default=5000, help="requests of the load (0: no load)")
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or build_store(args.shared, args.work, Path(folder))
        paths = page_paths(db)
        server, port = start_server(db)
        try:
            articles = sum(kind_of(path) == "article" for path in paths)
            print(f"{len(paths)} pages of {db} ({articles} articles); server: retold serve (1 process) on 127.0.0.1:{port}; "
                  f"cores here: {os.cpu_count()}")
            cold_latencies: list[float] = []
            cold_errors: list[str] = []
            asyncio.run(one_connection(port, paths, cold_latencies, cold_errors))
            cold = report_pass("cold pass", cold_latencies, cold_errors, resident_mb(server))
            report_kinds(paths, cold_latencies)
            warm_latencies: list[float] = []
            warm_errors: list[str] = []
            asyncio.run(one_connection(port, paths, warm_latencies, warm_errors))
            warm = report_pass("warm pass", warm_latencies, warm_errors, resident_mb(server))
            errors = cold_errors + warm_errors
            search = kind_p95(paths, cold_latencies, "search") if len(cold_latencies) == len(paths) else float("inf")
            size, biggest = largest_story_page(port, paths)
            print(f"search (cold, {sum(kind_of(p) == 'search' for p in paths)} queries): p95 {search:.1f} ms; "
                  f"largest story page {size / 1024:.0f} KB ({biggest})")
            ok = cold < COLD_P95_MS and warm < WARM_P95_MS and search < SEARCH_P95_MS and size < STORY_PAGE_BYTES
            if args.requests > 0:
                baseline = asyncio.run(load(port, ["/health"], args.requests, args.concurrency))
                pages = asyncio.run(load(port, paths, args.requests, args.concurrency))
                print(f"load: {args.requests} requests at {args.concurrency} connections, server {resident_mb(server)}")
                base50, base95 = report_load("baseline", *baseline)
                page50, page95 = report_load("pages", *pages)
                print(f"pages / baseline: p50 x{page50 / base50:.2f}, p95 x{page95 / base95:.2f}")
                errors += baseline[1] + pages[1]
                ok = ok and page95 < LOAD_P95_MS
        finally:
            server.terminate()
            server.wait(timeout=10)
    for error in errors[:5]:
        print(f"error: {error}")
    ok = ok and not errors
    print(f"targets: cold p95 < {COLD_P95_MS:.0f} ms, warm p95 < {WARM_P95_MS:.0f} ms, search p95 < {SEARCH_P95_MS:.0f} ms, "
          f"story page < {STORY_PAGE_BYTES // 1024} KB"
          + (f", load p95 < {LOAD_P95_MS:.0f} ms" if args.requests > 0 else "") + f": {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
