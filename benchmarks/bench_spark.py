"""Spark against the local executor: ingest throughput on the same articles, and the cross-article stages at growing sizes.

    python benchmarks/bench_spark.py [--part ingest|link|all] [--articles 5000] [--sizes 10000,40000,160000]
                                     [--master local[2]] [--driver-memory 6g] [--shuffle-partitions N] [--local-max 40000]

Ingest: `--articles` articles made from the Wikinews texts in ../shared/data/wikinews (the first round is the real
articles, 50 words or more, as they are; each later article keeps one real article's date, title and lead paragraph
and draws as many further paragraphs as that article has, at most 24, from all Wikinews paragraphs, seeded, so every
text is new). They are written as JSON Lines files of `--per-file` articles (Spark runs one task per file), then
analysed by the local executor (`retold.run.local.ingest(..., workers=2)`, no link) and by `spark_ingest` on
`--master`, one after the other in this process. Spark is reported with and without its session start-up.

Link: for each size, bench_link_scale.py's synthetic articles (real news sentences made each article's own by recast
names, redrawn numbers and swapped words; planted stories and reposts; capitalised-word entities) are written as Parquet (id, published, analysis) in a child process, then linked by
`retold.spark.link.link` in a fresh child process with the Spark UI on, whose REST API gives each Spark stage's
shuffle read and write bytes; the stages are attributed to retold's stages by the times `link` reports. The local
`link_articles` runs on the same articles as a baseline for sizes up to `--local-max`. Peak memory is the largest
proportional set size (PSS) of the child's whole process tree (driver, JVM, Python workers), sampled twice a second.
Fitted exponents (log-log least squares) of time and shuffle bytes against n are printed beside the target 1.15.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
TARGET_EXPONENT = 1.15
MAX_PARAGRAPHS = 24
METRIC_FIELDS = ("shuffleReadBytes", "shuffleWriteBytes", "memoryBytesSpilled", "diskBytesSpilled", "executorRunTime")


# ---- the ingest corpus ---------------------------------------------------------------------------------------------

def wikinews_rows(shared: Path) -> list[dict]:
    """The Wikinews articles of 50 words or more, in file order."""
    csv.field_size_limit(sys.maxsize)
    rows = []
    for source in sorted((shared / "data" / "wikinews").glob("*.csv")):
        with source.open(encoding="utf-8", newline="") as stream:
            rows += [row for row in csv.DictReader(stream) if len((row.get("text") or "").split()) >= 50]
    return rows


def _paragraphs(text: str) -> list[str]:
    # the first paragraph of a Wikinews text is its dateline ("Friday, January 4, 2019")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return paragraphs[1:] if paragraphs and len(paragraphs[0].split()) < 8 else paragraphs


def write_ingest_corpus(shared: Path, folder: Path, count: int, per_file: int, seed: int = 5) -> tuple[int, int]:
    """`count` articles (see the module docstring) as JSON Lines files of `per_file` lines; returns (articles, words)."""
    rows = wikinews_rows(shared)
    pool = [p for row in rows for p in _paragraphs(row["text"]) if len(p.split()) >= 8]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    stream = None
    for number in range(count):
        base = rows[number % len(rows)]
        if number < len(rows):
            text, title = base["text"].strip(), base["title"]
        else:
            own = _paragraphs(base["text"])
            drawn = rng.sample(pool, min(MAX_PARAGRAPHS, max(1, len(own) - 1)))
            text, title = "\n\n".join([own[0], *drawn]), f"{base['title']} ({number // len(rows)})"
        if number % per_file == 0:
            if stream:
                stream.close()
            stream = (folder / f"articles-{number // per_file:05d}.jsonl").open("w", encoding="utf-8")
        record = {"url": f"{base['url']}#{number}", "title": title, "published": base["date"], "text": text}
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        words += len(text.split())
    if stream:
        stream.close()
    return count, words


def bench_ingest(args) -> None:
    from retold.run import spark as spark_ingest_module
    from retold.run.local import ingest
    from retold.spark.session import start_session

    with tempfile.TemporaryDirectory(prefix="retold-bench-spark-") as folder_name:
        folder = Path(folder_name)
        corpus = folder / "corpus"
        count, words = write_ingest_corpus(args.shared, corpus, args.articles, args.per_file)
        files = len(list(corpus.glob("*.jsonl")))
        real = min(count, len(wikinews_rows(args.shared)))
        print(f"ingest: {count} articles, {words} words ({words / count:.0f} a mean article) in {files} JSON Lines files of "
              f"{args.per_file}: the {real} Wikinews articles of 50+ words as they are, then each further one a real article's "
              f"lead paragraph and up to {MAX_PARAGRAPHS} paragraphs drawn from all of them (seeded)")

        load = os.getloadavg()[0]
        started = time.perf_counter()
        local = ingest([str(corpus)], str(folder / "local.duckdb"), workers=args.workers)
        local_s = time.perf_counter() - started
        print(f"  local executor, --workers {args.workers}: {local_s:7.1f} s  {local.ingested / local_s:6.2f} articles/s  "
              f"{words / local_s:7.0f} words/s  ({local.ingested} ingested, {local.failed} failed; load average before {load:.2f})")

        # the analysis jobs alone, apart from rebuilding the store tables from them afterwards: the wall time of
        # run_parts, which runs the parts as concurrent jobs (their own times would overlap)
        analysing = [0.0]
        run_parts = spark_ingest_module.run_parts

        def timed_run_parts(*part_args, **part_kwargs):
            mark = time.perf_counter()
            try:
                return run_parts(*part_args, **part_kwargs)
            finally:
                analysing[0] += time.perf_counter() - mark

        spark_ingest_module.run_parts = timed_run_parts
        load = os.getloadavg()[0]
        started = time.perf_counter()
        spark = start_session(args.master, "retold-bench-ingest", shuffle_partitions=args.shuffle_partitions)
        session_s = time.perf_counter() - started
        try:
            summary = spark_ingest_module.spark_ingest([str(corpus)], str(folder / "spark-out"), spark)
        finally:
            spark_ingest_module.run_parts = run_parts
        spark_s = time.perf_counter() - started
        spark.stop()
        ingest_s = spark_s - session_s
        if summary.ingested != local.ingested:
            print(f"  WARNING: Spark ingested {summary.ingested} articles, the local executor {local.ingested}")
        n = summary.ingested
        print(f"  Spark {args.master}, with session start-up: {spark_s:7.1f} s  {n / spark_s:6.2f} articles/s  {words / spark_s:7.0f} words/s"
              f"  (load average before {load:.2f})")
        print(f"  Spark {args.master}, without start-up:      {ingest_s:7.1f} s  {n / ingest_s:6.2f} articles/s  {words / ingest_s:7.0f} words/s"
              f"  (session start {session_s:.1f} s; analysis jobs {analysing[0]:.1f} s in {summary.parts} parts, "
              f"store tables rebuilt from them {ingest_s - analysing[0]:.1f} s)")
        print(f"  speed Spark / local: {local_s / spark_s:.2f}x with start-up, {local_s / ingest_s:.2f}x without "
              f"(1.00x = as fast as the local executor on the same cores)")
        cores = _cores(args.master)
        print(f"  per core ({cores} cores): Spark {n / ingest_s / cores:.2f} articles/s, {words / ingest_s / cores:.0f} words/s "
              f"without start-up ({words / analysing[0] / cores:.0f} words/s in the analysis jobs alone); "
              f"local {local.ingested / local_s / args.workers:.2f} articles/s, {words / local_s / args.workers:.0f} words/s")


def _cores(master: str) -> int:
    inside = master[master.find("[") + 1 : master.find("]")] if "[" in master else ""
    if inside.isdigit():
        return int(inside)
    return os.cpu_count() or 1


# ---- the cross-article stages ------------------------------------------------------------------------------------

def write_synthetic(n: int, folder: Path, shared: Path) -> dict:
    """Child process: n synthetic articles of bench_link_scale.py as Parquet (id, published, analysis)."""
    import pyarrow
    import pyarrow.parquet as parquet

    from bench_link_scale import sentence_pool, synthetic_articles

    started = time.perf_counter()
    articles, planted = synthetic_articles(n, sentence_pool(shared))
    folder.mkdir(parents=True, exist_ok=True)
    schema = pyarrow.schema([("id", pyarrow.string()), ("published", pyarrow.string()), ("analysis", pyarrow.string())])
    size = 0
    with parquet.ParquetWriter(str(folder / "articles.parquet"), schema) as writer:
        for start in range(0, n, 5000):
            batch = articles[start : start + 5000]
            analyses = [json.dumps(a.to_json(), ensure_ascii=False) for a in batch]
            size += sum(len(a) for a in analyses)
            writer.write_table(pyarrow.table({"id": [a.id for a in batch], "published": [a.published for a in batch],
                                              "analysis": analyses}, schema=schema))
    return {"n": n, "planted": planted, "analysis_mb": size / 1e6, "seconds": time.perf_counter() - started}


def _time(stamp: str | None) -> float | None:
    return datetime.strptime(stamp.replace("GMT", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() if stamp else None


def stage_metrics(spark) -> list[dict]:
    """Every finished Spark stage of this application from the UI's REST API, once the listener has caught up."""
    context = spark.sparkContext
    address = f"{context.uiWebUrl}/api/v1/applications/{context.applicationId}/stages"
    stages: list[dict] = []
    for _ in range(40):
        with urllib.request.urlopen(address, timeout=60) as response:
            stages = json.load(response)
        if not any(s["status"] in ("ACTIVE", "PENDING") for s in stages):
            break
        time.sleep(0.25)
    return [s for s in stages if s["status"] == "COMPLETE"]


def spark_link(folder: Path, args) -> dict:
    """Child process: `link` over the Parquet articles on Spark, with each retold stage's time and Spark metrics."""
    from retold.spark.link import link
    from retold.spark.session import start_session

    extra = {"spark.ui.enabled": "true", "spark.ui.port": "0", "spark.driver.memory": args.driver_memory,
             # every stage kept for the REST API (the default keeps the last 1,000)
             "spark.ui.retainedStages": "1000000", "spark.ui.retainedJobs": "1000000", "spark.sql.ui.retainedExecutions": "100000"}
    spark = start_session(args.master, "retold-bench-link", shuffle_partitions=args.shuffle_partitions, extra=extra)
    try:
        articles = spark.read.parquet(str(folder / "articles.parquet"))
        started = time.time()
        summary = link(spark, articles, str(folder / "spark-out"))
        total = time.time() - started
        partitions = int(spark.conf.get("spark.sql.shuffle.partitions"))
        stages = stage_metrics(spark)
    finally:
        spark.stop()
    # retold's stages ran one after the other: a Spark stage belongs to the retold stage during which it was submitted
    bounds, mark = [], started
    for name, seconds in summary.stages.items():
        mark += seconds
        bounds.append((name, mark))
    per_stage = {name: {"seconds": seconds, "stages": 0, **{f: 0 for f in METRIC_FIELDS}} for name, seconds in summary.stages.items()}
    for stage in stages:
        submitted = _time(stage.get("submissionTime")) or started
        name = next((name for name, end in bounds if submitted <= end), bounds[-1][0])
        per_stage[name]["stages"] += 1
        for f in METRIC_FIELDS:
            per_stage[name][f] += stage.get(f) or 0
    return {"n": summary.articles, "pairs": summary.pairs, "stories": summary.stories, "total_s": total, "per_stage": per_stage,
            "shuffle_partitions": partitions}


def local_link(n: int, shared: Path) -> dict:
    """Child process: the local `link_articles` on the same synthetic articles (bench_link_scale.py's baseline)."""
    from bench_link_scale import sentence_pool, synthetic_articles
    from retold.link.stages import link_articles

    articles, _ = synthetic_articles(n, sentence_pool(shared))
    # in the store's order (published, nulls last, then id), as `retold link` reads them and Spark's link numbers them:
    # ties between equal scores break by position, so another order may give (equally good) other stories
    articles.sort(key=lambda a: (a.published is None, a.published or "", a.id))
    started, cpu = time.perf_counter(), time.process_time()
    result = link_articles(articles)
    seconds = time.perf_counter() - started
    return {"n": n, "total_s": seconds, "cpu_s": time.process_time() - cpu, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "pairs": len(result.pairs), "stories": len(result.stories)}


def _tree_sample(root: int) -> tuple[float, dict[int, float]]:
    """PSS in MB of a process and all its descendants (forked workers' shared pages counted once), and each one's CPU seconds."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
                cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
            except (OSError, ValueError, IndexError):
                continue
    total, todo, seen = 0.0, [root], {}
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        seen[pid] = cpu.get(pid, 0.0)
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0) / 1024
        except OSError:
            continue
    return total, seen


def run_child(arguments: list[str]) -> tuple[dict, float, float]:
    """This script run again with `arguments`: its last stdout line as JSON, the peak PSS (MB) of its process tree, and the
    CPU seconds of that tree (sampled twice a second, so a process's last half second is missed: a slight undercount)."""
    process = subprocess.Popen([sys.executable, __file__, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]
    cpu: dict[int, float] = {}

    def sample() -> None:
        while process.poll() is None:
            pss, seconds = _tree_sample(process.pid)
            peak[0] = max(peak[0], pss)
            for pid, value in seconds.items():
                cpu[pid] = max(cpu.get(pid, 0.0), value)
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed (exit {process.returncode}):\n{stderr[-4000:]}")
    return json.loads(stdout.strip().splitlines()[-1]), peak[0], sum(cpu.values())


def exponent(points: list[tuple[float, float]]) -> float | None:
    """The slope of log(y) against log(x), least squares; None with fewer than two usable points."""
    usable = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(usable) < 2:
        return None
    mean_x = sum(x for x, _ in usable) / len(usable)
    mean_y = sum(y for _, y in usable) / len(usable)
    spread = sum((x - mean_x) ** 2 for x, _ in usable)
    return sum((x - mean_x) * (y - mean_y) for x, y in usable) / spread if spread else None


def _mb(value: float) -> str:
    return f"{value / 1e6:8.1f}"


def bench_link(args) -> bool:
    sizes = [int(x) for x in args.sizes.split(",")]
    print("synthetic articles (bench_link_scale.py): each in a planted story of 4-8 articles sharing two key sentences and three "
          "names, its other sentences drawn from real news sentences and made its own (names recast, numbers redrawn, half the "
          "words swapped, seeded); 3% reposts of another article")
    print(f"link: synthetic articles of bench_link_scale.py at n = {', '.join(map(str, sizes))}; Spark {args.master}, driver memory "
          f"{args.driver_memory}, shuffle partitions {args.shuffle_partitions or 'as the CLI sets them'}; local link_articles up to n = {args.local_max}")
    results = []
    with tempfile.TemporaryDirectory(prefix="retold-bench-spark-") as folder_name:
        for n in sizes:
            folder = Path(folder_name) / str(n)
            written, _, _ = run_child(["--shared", str(args.shared), "--write-synthetic", str(n), str(folder)])
            load = os.getloadavg()[0]
            partitions = ["--shuffle-partitions", str(args.shuffle_partitions)] if args.shuffle_partitions else []
            spark, spark_peak, spark_cpu = run_child(["--spark-link", str(folder), "--master", args.master, "--driver-memory", args.driver_memory,
                                                      *partitions])
            spark["peak_mb"], spark["cpu_s"], spark["load"] = spark_peak, spark_cpu, load
            local = None
            if n <= args.local_max:
                local, _, _ = run_child(["--shared", str(args.shared), "--local-link", str(n)])
            subprocess.run(["rm", "-rf", str(folder)], check=False)
            results.append((spark, local))
            stages = spark["per_stage"]
            read = sum(s["shuffleReadBytes"] for s in stages.values())
            wrote = sum(s["shuffleWriteBytes"] for s in stages.values())
            spark["shuffle_read"], spark["shuffle_write"] = read, wrote
            print(f"n={n:>7}: Spark {spark['total_s']:7.1f} s, shuffle read {read / 1e6:.1f} MB, write {wrote / 1e6:.1f} MB, "
                  f"{spark_cpu:.0f} CPU s, peak {spark_peak:.0f} MB (load average before {load:.2f}); {spark['shuffle_partitions']} shuffle partitions; "
                  f"{spark['pairs']} pairs, {spark['stories']} stories, "
                  f"{written['planted']} reposts planted, {written['analysis_mb']:.0f} MB of analysis JSON")
            print("           stage      seconds  Spark stages  shuffle read MB  shuffle write MB  spilled to disk MB  task time s")
            for name, s in stages.items():
                print(f"           {name:<9} {s['seconds']:8.1f}  {s['stages']:12d}  {_mb(s['shuffleReadBytes']):>15}  "
                      f"{_mb(s['shuffleWriteBytes']):>16}  {_mb(s['diskBytesSpilled']):>18}  {s['executorRunTime'] / 1000:11.1f}")
            if local:
                same = "same as Spark" if (local["pairs"], local["stories"]) == (spark["pairs"], spark["stories"]) else \
                    f"WARNING: Spark found {spark['pairs']} pairs and {spark['stories']} stories"
                print(f"           local link_articles {local['total_s']:.1f} s, peak {local['peak_mb']:.0f} MB; {local['pairs']} pairs, "
                      f"{local['stories']} stories ({same}); Spark / local: {spark['total_s'] / local['total_s']:.2f}x the time, "
                      f"{spark['cpu_s'] / local['cpu_s']:.2f}x the CPU ({local['cpu_s']:.0f} s)")
    ok = True
    if len(results) >= 2:
        print(f"fitted exponents against n (target <= {TARGET_EXPONENT}):")
        fits = {"total time": [(s["n"], s["total_s"]) for s, _ in results],
                "shuffle read": [(s["n"], s["shuffle_read"]) for s, _ in results],
                "shuffle write": [(s["n"], s["shuffle_write"]) for s, _ in results],
                "CPU seconds (whole tree)": [(s["n"], s["cpu_s"]) for s, _ in results],
                "peak memory": [(s["n"], s["peak_mb"]) for s, _ in results]}
        for name in results[0][0]["per_stage"]:
            fits[f"{name} time"] = [(s["n"], s["per_stage"][name]["seconds"]) for s, _ in results]
        local_points = [(local["n"], local["total_s"]) for _, local in results if local]
        if len(local_points) >= 2:
            fits["local link time (baseline)"] = local_points
        for name, points in fits.items():
            value = exponent(points)
            if value is None:
                continue
            gated = name in ("total time", "shuffle read", "shuffle write")
            verdict = ("ok" if value <= TARGET_EXPONENT else "OVER") if gated else ""
            ok &= value <= TARGET_EXPONENT or not gated
            print(f"  {name:<28} n^{value:.2f}  {verdict}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("ingest", "link", "all"), default="all")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--articles", type=int, default=5000, help="ingest: articles (default 5000)")
    parser.add_argument("--per-file", type=int, default=50, help="ingest: articles per JSON Lines file, one Spark task each (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="ingest: local executor's worker processes (default 2)")
    parser.add_argument("--sizes", default="10000,40000,160000", help="link: article counts (default 10000,40000,160000)")
    parser.add_argument("--local-max", type=int, default=40000, help="link: run the local baseline up to this size (default 40000)")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="6g", help="link: spark.driver.memory (local mode: the executors' memory too)")
    parser.add_argument("--shuffle-partitions", type=int, default=None,
                        help="spark.sql.shuffle.partitions (default: as the CLI, 2 x the master's cores: 4 on local[2])")
    parser.add_argument("--write-synthetic", nargs=2, metavar=("N", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--spark-link", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--local-link", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_synthetic:
        print(json.dumps(write_synthetic(int(args.write_synthetic[0]), Path(args.write_synthetic[1]), args.shared)))
        return 0
    if args.spark_link:
        print(json.dumps(spark_link(args.spark_link, args)))
        return 0
    if args.local_link:
        print(json.dumps(local_link(args.local_link, args.shared)))
        return 0
    if not (args.shared / "data" / "wikinews").exists():
        print(f"skipped: {args.shared} has no data/wikinews")
        return 0
    print(f"bench_spark on {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    ok = True
    if args.part in ("ingest", "all"):
        bench_ingest(args)
    if args.part in ("link", "all"):
        ok = bench_link(args)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
