"""Hostile input, end to end: each probe puts one bad input beside a good one, runs the real `retold` command, and checks
that the good result is kept, the bad one is named in one line, nothing hangs, and no `internal error` is printed.

Prints one row per probe (held / FAILED, seconds, what was seen) and exits 1 if any probe failed. Servers are started
here on 127.0.0.1; every file is written to a temporary folder.

    .venv/bin/python benchmarks/bench_hostile.py [--only NAME,NAME] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from hostile_support import (  # benchmarks/ is on the path when this file runs as a script
    GOOD_TEXT,
    GarbageServer,
    Outcome,
    TrickleServer,
    articles_in,
    fetch,
    good_article,
    last_line,
    one_line_error,
    retold_command,
    rss_mb,
    run,
    serve,
    serving,
    unfinished_runs,
)

ESCAPE = "\x1b]0;PWNED\x07"  # OSC 0: would retitle the terminal window


# --- probes --------------------------------------------------------------------------------------------------------


def probe_garbage_url(folder: Path) -> Outcome:
    url, stop = serve(GarbageServer, http_server=False)
    try:
        analysed = run(["analyze", str(good_article(folder)), url, "--json"], timeout=120)
        db = folder / "garbage.duckdb"
        ingested = run(["ingest", str(good_article(folder)), url, "--db", str(db), "--workers", "1", "--no-link"], timeout=120)
    finally:
        stop()
    lines = [json.loads(line) for line in analysed.stdout.splitlines() if line.strip()]
    good = sum(1 for line in lines if "error" not in line)
    held = (good == 1 and len(lines) == 2 and one_line_error(analysed) and one_line_error(ingested)
            and articles_in(db) == 1 and unfinished_runs(db) == 0)
    return Outcome(held, f"analyze: {good} good + {len(lines) - good} rejected; ingest stored {articles_in(db)}; "
                         f"{last_line(analysed.stderr.splitlines()[0] if analysed.stderr else '')}")


def probe_trickle_url(folder: Path) -> Outcome:
    url, stop = serve(TrickleServer, http_server=True)
    started = time.monotonic()
    try:
        analysed = run(["analyze", url, str(good_article(folder)), "--json"], timeout=300)
    except subprocess.TimeoutExpired:
        return Outcome(False, "analyze still running after 300 s")
    finally:
        stop()
    seconds = time.monotonic() - started
    lines = [json.loads(line) for line in analysed.stdout.splitlines() if line.strip()]
    good = sum(1 for line in lines if "error" not in line)
    return Outcome(good == 1 and one_line_error(analysed) and seconds < 150,
                   f"done in {seconds:.0f} s, good article kept: {good == 1}; {last_line(analysed.stderr.splitlines()[0] if analysed.stderr else '')}")


def probe_lone_surrogate(folder: Path) -> Outcome:
    path = folder / "surrogate.jsonl"
    path.write_text(json.dumps({"text": GOOD_TEXT}) + "\n"
                    + '{"text": "Police said 12 people were hurt \\ud800 in the crash on Main Street on Friday.", "title": "x\\udfff"}\n',
                    encoding="utf-8")
    db = folder / "surrogate.duckdb"
    ingested = run(["ingest", str(path), "--db", str(db), "--workers", "1", "--no-link"])
    analysed = run(["analyze", str(path), "--json"])
    no_bug = all("internal error" not in r.stderr for r in (ingested, analysed))
    return Outcome(no_bug and articles_in(db) >= 1 and unfinished_runs(db) == 0,
                   f"ingest stored {articles_in(db)} of 2 lines, exit {ingested.returncode}; analyze exit {analysed.returncode}")


def probe_long_sentence(folder: Path) -> Outcome:
    rng = random.Random(7)
    clauses = [f"officials said {rng.randint(2, 900)} people were moved from district {rng.randint(1, 60)}" for _ in range(12_000)]
    words = " and ".join(clauses).split()
    seen, held = [], True
    for size in (20_000, 150_000):
        path = folder / f"long-{size}.txt"
        path.write_text(" ".join(words[:size]) + ".", encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.monotonic()
        try:
            analysed = run(["analyze", str(path), str(good_article(folder)), "--json"], timeout=240)
        except subprocess.TimeoutExpired:
            return Outcome(False, f"a {size:,}-word sentence still running after 240 s")
        seconds = time.monotonic() - started
        peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        lines = [json.loads(line) for line in analysed.stdout.splitlines() if line.strip()]
        good = sum(1 for line in lines if "error" not in line)
        refused = [line["error"]["code"] for line in lines if "error" in line]
        held &= len(lines) == 2 and good >= 1 and "internal error" not in analysed.stderr and seconds < 180 and peak_mb < 1500
        outcome = f"refused ({refused[0]})" if refused else "analysed"
        seen.append(f"{size:,} words in one sentence: {outcome} in {seconds:.0f} s, peak {peak_mb:.0f} MB, "
                    f"JSON {len(analysed.stdout.encode()) / 1e6:.1f} MB, the good article kept")
    return Outcome(held, "; ".join(seen))


def probe_huge_metadata(folder: Path) -> Outcome:
    title, url = "T" * 2_000_000, "https://example.com/" + "u" * 1_000_000
    lines = [{"text": GOOD_TEXT, "title": title, "url": url, "outlet": "Big"},
             {"text": GOOD_TEXT.replace("40", "400") + " Residents were told to stay away.", "title": "Flood", "outlet": "Small",
              "url": "https://b.example/flood"}]
    path = folder / "huge.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = folder / "huge.duckdb"
    run(["ingest", str(path), "--db", str(db), "--workers", "1"])
    sizes = {"story terminal": len(run(["story", "--db", str(db)]).stdout),
             "ClaimReview export": len(run(["export", "--db", str(db), "--format", "claimreview"]).stdout),
             "articles export": len(run(["export", "--db", str(db), "--what", "articles"]).stdout)}
    process, base = serving(db)
    try:
        started_mb = rss_mb(process.pid)
        story = json.loads(fetch(base + "/stories.json"))
        story_id = (story.get("stories") or story)[0]["id"] if story else None
        pages = [f"/story/{story_id}", f"/story/{story_id}.json", f"/story/{story_id}/claimreview.json", "/"]
        detail = json.loads(fetch(base + f"/story/{story_id}.json"))
        article_ids = [article["id"] for article in detail.get("articles", [])]
        pages += [f"/article/{article_id}{suffix}" for article_id in article_ids for suffix in ("", ".json")]
        for page in pages:
            sizes[page.replace(str(story_id), "ID").split("/article/")[0] + ("/article/ID" if "/article/" in page else "")
                  + (".json" if "/article/" in page and page.endswith(".json") else "")] = len(fetch(base + page))
        for _ in range(35 // len(pages) + 1):
            for page in pages:
                fetch(base + page)
        grown_mb = rss_mb(process.pid) - started_mb
    finally:
        process.terminate()
        process.wait()
    largest = max(sizes.values())
    return Outcome(largest < 200_000 and grown_mb < 200,
                   ", ".join(f"{name} {size / 1e3:.0f} kB" for name, size in sizes.items())
                   + f"; serve grew {grown_mb:.0f} MB over {35 // len(pages) + 1} passes (2 MB title, 1 MB url)")


def probe_killed_link(folder: Path) -> Outcome:
    rng = random.Random(3)
    towns = ["Riverton", "Ashford", "Lakemoor", "Dunmore", "Westbury", "Pinecrest", "Oakvale", "Millbrook"]
    lines = []
    for number in range(120):
        town = towns[number % len(towns)]
        lines.append({"text": f"Officials in {town} said on Monday that {rng.randint(5, 900)} people were evacuated after "
                              f"flooding number {number}. The mayor of {town} said repairs would cost ${rng.randint(1, 9)} million, "
                              f"and residents were told to stay away from the river for {rng.randint(2, 9)} days.",
                      "outlet": f"Outlet {number % 9}", "url": f"https://o{number % 9}.example/{number}"})
    path = folder / "many.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = folder / "killed.duckdb"
    process = subprocess.Popen([*retold_command(), "ingest", str(path), "--db", str(db), "--workers", "1"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    killed = False
    for line in process.stderr:  # the summary line is printed before linking starts
        if " ingested" in line:
            time.sleep(0.2)
            process.kill()
            killed = True
            break
    process.wait()
    again = run(["ingest", str(path), "--db", str(db), "--workers", "1"])
    listed = run(["export", "--db", str(db), "--what", "stories"])
    stories = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
    in_stories = sum(len(story.get("articles") or []) for story in stories)
    return Outcome(killed and in_stories == 120,
                   f"killed during link: {killed}; after the next ingest {len(stories)} stories hold {in_stories} of 120 articles; "
                   f"{last_line(again.stderr)}")


def probe_terminal_escapes(folder: Path) -> Outcome:
    bad = folder / f"bad{ESCAPE}.txt"
    bad.write_text("", encoding="utf-8")
    lines = [{"text": GOOD_TEXT, "outlet": f"Evil{ESCAPE} News", "title": f"Dam{ESCAPE}"},
             {"text": GOOD_TEXT.replace("40", "400"), "outlet": "Good Post", "title": "Flood"}]
    path = folder / "escape.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = folder / "escape.duckdb"
    outputs = [run(["ingest", str(path), str(bad), "--db", str(db), "--workers", "1"]), run(["analyze", str(bad)]),
               run(["story", "--db", str(db)]), run(["stories", "--db", str(db), "--all"])]
    raw = sum(("\x1b" in r.stdout + r.stderr) or ("\x07" in r.stdout + r.stderr) for r in outputs)
    return Outcome(raw == 0, f"{raw} of {len(outputs)} commands printed an escape sequence from input (NO_COLOR set)")


def probe_damaged_stores(folder: Path) -> Outcome:
    good = folder / "stored.duckdb"
    run(["ingest", str(good_article(folder)), "--db", str(good), "--workers", "1"])
    data = good.read_bytes()
    cases = {}
    half = folder / "half.duckdb"
    half.write_bytes(data[: len(data) // 2])
    cases["cut in half"] = half
    corrupt = folder / "corrupt.duckdb"
    noisy = bytearray(data)
    rng = random.Random(11)
    for offset in range(len(noisy) // 3, len(noisy) // 3 + 8192):
        noisy[offset] = rng.randrange(256)
    corrupt.write_bytes(bytes(noisy))
    cases["corrupt block"] = corrupt
    version = folder / "version.duckdb"
    shutil.copy(good, version)
    import duckdb

    with duckdb.connect(str(version)) as connection:
        connection.execute("UPDATE retold_meta SET value = 'abc' WHERE key = 'schema_version'")
    cases["schema version abc"] = version
    seen, held = [], True
    for name, path in cases.items():
        for command in ("stories", "ingest"):
            args = ["stories", "--db", str(path)] if command == "stories" else ["ingest", str(good_article(folder)), "--db", str(path), "--workers", "1"]
            result = run(args)
            # a damaged block the command never reads cannot be seen without reading the whole file: a command that
            # succeeds without it holds too; one that meets it must say so in one line
            clean = "internal error" not in result.stderr and "Traceback" not in result.stderr
            ok = clean and (result.returncode == 0 or len(result.stderr.strip().splitlines()) == 1)
            held &= ok
            seen.append(f"{name} ({command}): {'one line' if ok else 'FAILED: ' + last_line(result.stderr)[-90:]}")
    return Outcome(held, "; ".join(seen))


def probe_full_disk(folder: Path) -> Outcome:
    articles = folder / "full"
    articles.mkdir()
    for number in range(40):
        filler = " ".join(f"Resident {number}-{line} said the water reached {line + 3} feet on street {line}." for line in range(80))
        (articles / f"{number}.txt").write_text(GOOD_TEXT.replace("40", str(100 + number)) + " " + filler, encoding="utf-8")
    db = folder / "full.duckdb"
    run(["ingest", str(articles / "0.txt"), "--db", str(db), "--workers", "1"])
    # room for the store as it is and a little more: the next ingest fills the "disk" part of the way through
    result = run(["ingest", str(articles), "--db", str(db), "--workers", "1"], limit_file_bytes=db.stat().st_size + 300_000)
    return Outcome(one_line_error(result) and "cannot rollback" not in result.stderr,
                   f"exit {result.returncode}: {last_line(result.stderr)}")


def probe_unwritable_html(folder: Path) -> Outcome:
    blocker = folder / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run(["analyze", str(good_article(folder)), "--html", str(blocker / "report.html")])
    return Outcome(one_line_error(result) and len(result.stderr.strip().splitlines()) == 1, last_line(result.stderr))


def probe_stance_csv(folder: Path) -> Outcome:
    headline = "Headline,Body ID\nDam breaks in Riverton,1\n"
    body = 'Body ID,articleBody\n1,"Officials said the dam broke on Monday and 40 people were evacuated from Riverton."\n'
    variants = {
        "latin-1": (headline.replace("Riverton", "Rivertön").encode("latin-1"), body.encode("utf-8")),
        "UTF-16": (headline.encode("utf-16"), body.encode("utf-16")),
        "BOM": (b"\xef\xbb\xbf" + headline.encode(), b"\xef\xbb\xbf" + body.encode()),
        "ragged": (headline + "Another headline,1,extra,fields\n", body.encode("utf-8")),
    }
    seen, held = [], True
    for name, (stances, bodies) in variants.items():
        stances_path, bodies_path = folder / f"{name}-stances.csv", folder / f"{name}-bodies.csv"
        stances_path.write_bytes(stances if isinstance(stances, bytes) else stances.encode())
        bodies_path.write_bytes(bodies)
        result = run(["stance", "--headlines", str(stances_path), "--bodies", str(bodies_path)])
        ok = "internal error" not in result.stderr and "Traceback" not in result.stderr
        held &= ok
        seen.append(f"{name}: exit {result.returncode}{'' if ok else ' INTERNAL'}")
    return Outcome(held, "; ".join(seen))


def probe_checkworthy_inputs(folder: Path) -> Outcome:
    empty = folder / "empty.txt"
    empty.write_text("", encoding="utf-8")
    pdf = folder / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 4)
    csv = folder / "table.csv"
    csv.write_text("id,name,value\n1,a,3\n2,b,4\n", encoding="utf-8")
    seen, held = [], True
    for path in (empty, pdf, csv):
        result = run(["checkworthy", str(path), "--fast"])
        ok = result.returncode != 0 and result.stderr.strip() != "" and "internal error" not in result.stderr
        held &= ok
        seen.append(f"{path.name}: exit {result.returncode} ({last_line(result.stderr)[:60]})")
    return Outcome(held, "; ".join(seen))


def probe_not_a_date(folder: Path) -> Outcome:
    path = folder / "dates.jsonl"
    path.write_text(json.dumps({"text": GOOD_TEXT, "published": "not a date", "outlet": "A"}) + "\n"
                    + json.dumps({"text": GOOD_TEXT.replace("40", "400"), "published": "2026-03-02", "outlet": "B"}) + "\n",
                    encoding="utf-8")
    db = folder / "dates.duckdb"
    run(["ingest", str(path), "--db", str(db), "--workers", "1"])
    import duckdb

    with duckdb.connect(str(db), read_only=True) as connection:
        stored = [row[0] for row in connection.execute("SELECT published FROM articles").fetchall()]
    return Outcome("not a date" not in stored, f"stored dates: {sorted(map(str, stored))}")


def probe_serve_ports(folder: Path) -> Outcome:
    db = folder / "serve.duckdb"
    run(["ingest", str(good_article(folder)), "--db", str(db), "--workers", "1"])
    process = subprocess.Popen([*retold_command(), "serve", "--db", str(db), "--port", "0"],
                               stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port, said = None, ""
    try:
        line = process.stderr.readline()  # the line that says where it serves
        said = line.strip()
        found = re.search(r"127\.0\.0\.1:(\d+)", line)
        port = int(found.group(1)) if found else None
        answered = False
        if port:
            for _ in range(50):
                try:
                    answered = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).status == 200
                    break
                except OSError:
                    time.sleep(0.2)
    finally:
        process.terminate()
        process.wait()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        result = run(["serve", "--db", str(db), "--port", str(taken)], timeout=60)
    busy_ok = one_line_error(result) and "serving" not in (result.stdout + result.stderr).lower()
    return Outcome(bool(port) and port != 0 and answered and busy_ok,
                   f"--port 0 said {said[:60]!r} and answered: {answered}; busy port: {last_line(result.stderr)[:70]}")


PROBES: dict[str, Callable[[Path], Outcome]] = {
    "garbage-url": probe_garbage_url,
    "trickle-url": probe_trickle_url,
    "lone-surrogate": probe_lone_surrogate,
    "long-sentence": probe_long_sentence,
    "huge-metadata": probe_huge_metadata,
    "killed-link": probe_killed_link,
    "terminal-escapes": probe_terminal_escapes,
    "damaged-stores": probe_damaged_stores,
    "full-disk": probe_full_disk,
    "unwritable-html": probe_unwritable_html,
    "stance-csv": probe_stance_csv,
    "checkworthy-inputs": probe_checkworthy_inputs,
    "not-a-date": probe_not_a_date,
    "serve-ports": probe_serve_ports,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated probe names: " + ", ".join(PROBES))
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(PROBES)
    unknown = [name for name in names if name not in PROBES]
    if unknown:
        parser.error(f"unknown probe(s): {', '.join(unknown)}")
    root = args.keep or Path(tempfile.mkdtemp(prefix="retold-hostile-"))
    failed = 0
    print(f"{'probe':<20} {'result':<7} {'s':>5}  what was seen")
    for name in names:
        folder = root / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.monotonic()
        try:
            outcome = PROBES[name](folder)
        except Exception as error:  # a probe that breaks is a failed probe, reported like the others
            outcome = Outcome(False, f"the probe itself failed: {type(error).__name__}: {error}"[:200])
        failed += not outcome.held
        print(f"{name:<20} {'held' if outcome.held else 'FAILED':<7} {time.monotonic() - started:5.0f}  {outcome.seen}", flush=True)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{len(names) - failed} of {len(names)} held")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
