"""Accessibility of every kind of page the web app serves: axe-core, run in Debian's chromium through Playwright.

Starts `retold serve --port 0` over a store, then walks the app from its front page: every same-site link it finds is
a page kind by its first path segment (/story, /article, /search, ...); up to --per-kind pages of each kind are opened
(the first ones met, which on the front page are the largest stories) and axe-core (the copy bundled in the
axe-playwright-python package: nothing is fetched) checks each. Prints, per page, the violations by impact, and the
rules behind the serious and critical ones with an example element. Exit 1 when a page has a serious or critical
violation, or could not be opened.

The store: --db FILE; else the example story ingested into a temporary file.

    .venv/bin/python benchmarks/bench_a11y.py [--db FILE] [--per-kind 2] [--chromium /usr/bin/chromium]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlparse

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_STORY = REPO / "examples" / "story" / "story.jsonl"
RETOLD = [sys.executable, "-m", "retold"]
BLOCKING = ("serious", "critical")
SKIPPED_SUFFIXES = (".json", ".csv")  # data, not pages


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    """`retold serve --port 0` over the store, and the address it says it listens on."""
    server = subprocess.Popen([*RETOLD, "serve", "--db", str(db), "--port", "0"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    found = re.search(r"http://\S+/", line)
    if not found:
        server.kill()
        sys.exit(f"retold serve did not start: {line.strip()}")
    return server, found.group(0)


def page_kind(path: str) -> str:
    """A page's kind: its first path segment ('/' for the front page)."""
    parts = [part for part in path.split("?")[0].split("/") if part]
    return parts[0] if parts else "/"


def check_pages(base: str, chromium: str, per_kind: int) -> list[tuple[str, list[dict]]]:
    """Walk the app from its front page; (path, axe violations) for each page opened."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()
    results: list[tuple[str, list[dict]]] = []
    seen: set[str] = set()
    opened: Counter[str] = Counter()
    queue = ["/"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=["--no-sandbox", "--headless", "--disable-background-networking"])
        # axe's script is put into the page by the test harness; the app's own CSP keeps out inline script otherwise
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        while queue:
            path = queue.pop(0)
            kind = page_kind(path)
            if path in seen or opened[kind] >= per_kind:
                continue
            seen.add(path)
            opened[kind] += 1
            answer = page.goto(urljoin(base, path), wait_until="load")
            if answer is None or answer.status >= 400:
                results.append((path, [{"id": "page-not-opened", "impact": "critical", "help": f"HTTP {answer.status if answer else '?'}",
                                        "nodes": []}]))
                continue
            results.append((path, axe.run(page).response["violations"]))
            for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))"):
                target = urlparse(urljoin(base + path.lstrip("/"), href))
                if target.netloc != urlparse(base).netloc or target.path.endswith(SKIPPED_SUFFIXES):
                    continue
                local = target.path + (f"?{target.query}" if target.query else "")
                if local not in seen:
                    queue.append(local)
        browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the store to serve (default: the example story, ingested here)")
    parser.add_argument("--per-kind", type=int, default=2, help="pages of each kind to check (default: 2)")
    parser.add_argument("--chromium", default=os.environ.get("RETOLD_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    chromium = args.chromium if Path(args.chromium).exists() else shutil.which("chromium")
    if not chromium:
        print(f"no chromium at {args.chromium}: install it with 'apt-get install -y chromium'", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            db = Path(folder) / "example.duckdb"
            subprocess.run([*RETOLD, "ingest", str(EXAMPLE_STORY), "--db", str(db), "--no-progress"], check=True,
                           capture_output=True)
        server, base = start_server(db)
        try:
            results = check_pages(base, chromium, args.per_kind)
        finally:
            server.terminate()
            server.wait(timeout=30)
    blocking = 0
    for path, violations in results:
        impacts = Counter(violation.get("impact") or "?" for violation in violations)
        summary = ", ".join(f"{count} {impact}" for impact, count in sorted(impacts.items())) or "none"
        print(f"{path[:90]:<90}  violations: {summary}")
        for violation in violations:
            if violation.get("impact") in BLOCKING:
                blocking += 1
                example = (violation.get("nodes") or [{}])[0].get("html", "")[:120]
                print(f"    {violation['impact']}: {violation['id']}: {violation.get('help', '')}  e.g. {example}")
    kinds = sorted({page_kind(path) for path, _ in results})
    print(f"{len(results)} pages of {len(kinds)} kinds ({', '.join(kinds)}): {blocking} serious or critical violations")
    return 1 if blocking else 0


if __name__ == "__main__":
    sys.exit(main())
