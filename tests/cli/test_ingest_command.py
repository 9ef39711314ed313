"""`retold ingest` as a real process: summary and exit codes, kill -9 at several points, two writers, locked and read-only files."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
PEOPLE = ["Ana Ruiz", "Tomas Berg", "Lena Okafor", "Yusuf Demir", "Mara Lindqvist", "Kofi Mensah", "Ines Duarte", "Piotr Zielinski"]
TOWNS = ["Greystone", "Harbourville", "Millbrook", "Oakridge", "Westfield", "Ashford", "Brackley", "Dunmore"]
CHILD_TABLES = ("sentences", "entities", "attributions", "quantities", "claims", "conflicts", "sources")
JSON_LAYERS = {"sentences": "sentences", "entities": "entities", "attributions": "attributions", "quantities": "quantities",
               "claims": "claims", "conflicts": "conflicts", "sources": "sources"}


def write_articles(folder: Path, count: int, sentences: int = 12) -> list[Path]:
    """Small news-like articles written for these tests: names, towns and numbers vary so every text differs."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        town, person = TOWNS[n % len(TOWNS)], PEOPLE[(n * 3) % len(PEOPLE)]
        lines = [f"Officials in {town} said about {100 + n * 7} people were evacuated on Monday after the river rose."]
        for k in range(sentences):
            lines.append(
                f"\"At least {900 + n * 11 + k} people had to leave their homes,\" said {person}, a teacher in {town}. "
                f"The council said {12 + k} roads and {3 + n % 5} bridges were closed on day {k + 1} of report {n}."
            )
        path = folder / f"article-{n:03d}.txt"
        path.write_text(" ".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def retold(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "retold", *args], capture_output=True, text=True, timeout=120, **kwargs)


def start_retold(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "retold", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def expected_ids(folder: Path) -> set[str]:
    from retold.ingest import read_inputs

    return {item.id for item in read_inputs([str(folder)]) if hasattr(item, "id")}


def check_complete(db: Path, ids: set[str]) -> None:
    """Every article once, with exactly the records its stored analysis lists, and no row that belongs to no article."""
    connection = duckdb.connect(str(db), read_only=True)
    try:
        rows = connection.execute("SELECT id, analysis FROM articles").fetchall()
        assert sorted(article_id for article_id, _ in rows) == sorted(ids)
        for table in CHILD_TABLES:
            counts = dict(connection.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY article_id").fetchall())
            for article_id, analysis in rows:
                assert counts.get(article_id, 0) == len(json.loads(analysis)[JSON_LAYERS[table]]), (table, article_id)
            orphans = connection.execute(f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
            assert orphans == 0, table
    finally:
        connection.close()


def test_ingest_stores_each_text_once_counts_duplicates_and_keeps_failures(tmp_path):
    folder = tmp_path / "inbox"
    paths = write_articles(folder, 4, sentences=2)
    shutil.copy(paths[0], folder / "copy-of-first.txt")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    db = tmp_path / "corpus.duckdb"
    first = retold("ingest", str(folder), "--db", str(db), "--workers", "1")
    assert first.returncode == 1, first.stderr
    summary = next(line for line in first.stderr.splitlines() if " ingested, " in line)
    assert "4 ingested, 1 skipped (duplicate), 1 failed (1 binary)" in summary, first.stderr
    assert "broken.txt" in first.stderr
    again = retold("ingest", str(folder), "--db", str(db), "--workers", "2")
    assert "0 ingested, 5 skipped (duplicate), 1 failed" in again.stderr, again.stderr
    check_complete(db, expected_ids(folder))
    connection = duckdb.connect(str(db), read_only=True)
    failures = connection.execute("SELECT source, code, run_id FROM failures").fetchall()
    runs = connection.execute("SELECT id, ingested, skipped, failed, finished IS NOT NULL, analyser FROM runs ORDER BY started").fetchall()
    connection.close()
    assert [(Path(source).name, code) for source, code, _ in failures] == [("broken.txt", "binary")] * 2
    assert {run_id for _, _, run_id in failures} == {run[0] for run in runs}
    assert [run[1:5] for run in runs] == [(4, 1, 1, True), (0, 5, 1, True)]
    assert json.loads(runs[0][5])["components"]  # the analyser that produced the rows is kept with its run
    exported = retold("export", "--db", str(db), "--what", "articles")
    assert exported.returncode == 0 and len(exported.stdout.splitlines()) == 4
    assert all(isinstance(json.loads(line)["story"], str) for line in exported.stdout.splitlines())  # ingest links at its end


def test_ingest_killed_at_any_moment_finishes_on_the_next_run_with_nothing_lost_or_doubled(tmp_path):
    folder = tmp_path / "inbox"
    write_articles(folder, 40, sentences=4)
    db = tmp_path / "corpus.duckdb"
    wal = Path(f"{db}.wal")
    args = [sys.executable, "-m", "retold", "ingest", str(folder), "--db", str(db), "--workers", "2"]

    def journal_size() -> int:
        return wal.stat().st_size if wal.exists() else 0

    # by the clock: while starting and while the workers load; then once articles have been committed (the journal
    # holds more than the empty tables), at once and a little later, so kills land inside later transactions
    kills = [("clock", 0.3), ("clock", 1.2), ("written", 0.0), ("written", 0.15), ("written", 0.3)]
    stored_after_kill = []
    for trigger, delay in kills:
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if trigger == "written":
            # a killed run leaves its journal behind until the next run replays it: wait for this run's own writes
            # (DuckDB may replay it into the file and start afresh, or append to it)
            left_over = journal_size()
            floor = 0 if left_over == 0 else left_over
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:
                size = journal_size()
                floor = min(floor, size)
                if size >= floor + 64 * 1024:
                    break
                time.sleep(0.005)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        stored_after_kill.append(count_articles(db))
    final = retold(*args[3:])
    assert final.returncode == 0, final.stderr
    check_complete(db, expected_ids(folder))
    assert any(0 < stored < 40 for stored in stored_after_kill), stored_after_kill  # some kill did land mid-way
    connection = duckdb.connect(str(db), read_only=True)
    runs = connection.execute("SELECT count(*), count(finished) FROM runs").fetchone()
    connection.close()
    assert runs[1] >= 1 and runs[0] >= 2  # killed runs stay recorded, unfinished


def count_articles(db: Path) -> int:
    if not db.exists():
        return 0
    connection = duckdb.connect(str(db), read_only=True)
    try:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except duckdb.CatalogException:
        return 0  # killed before the first migration committed
    finally:
        connection.close()


def hold_lock(db: Path) -> subprocess.Popen:
    """Another process with the database open for writing, until killed."""
    code = f"import duckdb, sys, time\nc = duckdb.connect({str(db)!r})\nprint('ready', flush=True)\ntime.sleep(60)\n"
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready"
    return holder


def test_a_locked_database_is_refused_with_the_holder_named_and_waited_for_on_request(tmp_path):
    folder = tmp_path / "inbox"
    write_articles(folder, 2, sentences=1)
    db = tmp_path / "corpus.duckdb"
    assert retold("ingest", str(folder), "--db", str(db), "--workers", "1").returncode == 0
    before = db.read_bytes()
    holder = hold_lock(db)
    try:
        refused = retold("ingest", str(folder), "--db", str(db), "--workers", "1")
        assert refused.returncode == 1
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert "locked" in refused.stderr and f"PID {holder.pid}" in refused.stderr and "--wait" in refused.stderr
        waiting = start_retold("ingest", str(folder), "--db", str(db), "--workers", "1", "--wait", "30")
        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting for the lock
    finally:
        holder.kill()
        holder.wait()
    assert waiting.wait(timeout=60) == 0
    assert "0 ingested, 2 skipped" in waiting.stderr.read()
    waiting.stderr.close()
    assert db.read_bytes()[:4096] == before[:4096]  # the header DuckDB checks is intact


def test_two_ingests_on_one_database_take_turns_and_store_everything_once(tmp_path):
    first_folder, second_folder = tmp_path / "one", tmp_path / "two"
    write_articles(first_folder, 6, sentences=3)
    write_articles(second_folder, 8, sentences=3)  # shares its first six texts with the other folder
    db = tmp_path / "corpus.duckdb"
    processes = [start_retold("ingest", str(folder), "--db", str(db), "--workers", "1", "--wait", "60")
                 for folder in (first_folder, second_folder)]
    for process in processes:
        assert process.wait(timeout=120) == 0, process.stderr.read()
        process.stderr.close()
    check_complete(db, expected_ids(second_folder))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("unshare") is None,
                    reason="a read-only file system is simulated with a private read-only bind mount, which needs root and unshare")
def test_a_read_only_database_is_refused_for_ingest_but_exported(tmp_path):
    folder = tmp_path / "inbox"
    write_articles(folder, 2, sentences=1)
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    db = shelf / "corpus.duckdb"
    assert retold("ingest", str(folder), "--db", str(db), "--workers", "1").returncode == 0
    before = db.read_bytes()
    python = f"{sys.executable} -m retold"
    # root ignores permission bits, but not a read-only mount: bind the folder read-only in a private mount namespace
    script = (
        f"mount --make-rprivate / && mount --bind {shelf} {shelf} && mount -o remount,bind,ro {shelf} || exit 77; "
        f"{python} ingest {folder} --db {db} --workers 1; echo ingest=$?; "
        f"{python} export --db {db} --what claims | wc -l; echo export=$?"
    )
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    if result.returncode == 77:
        pytest.skip(f"cannot make a read-only bind mount here: {result.stderr.strip()}")
    assert "ingest=1" in result.stdout and "export=0" in result.stdout, result.stdout + result.stderr
    assert "read-only" in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert int(result.stdout.splitlines()[1]) > 0
    assert db.read_bytes() == before


def test_usage_errors_exit_2(tmp_path):
    assert retold("ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--workers", "0").returncode == 2
    assert retold("ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--published", "last week").returncode == 2
    assert retold("ingest").returncode == 2
