"""A store survives what stops a run: a link killed or stopped midway is finished by the next ingest, and a damaged
file, a full disk or a wrong schema version is refused in one line that says why."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from retold.cli import main

REPO = Path(__file__).resolve().parents[2]
FLOOD = (
    "Officials in Greystone said about 200 people were evacuated on Monday after the river rose. "
    "\"At least 900 people had to leave their homes,\" said Ana Ruiz, a teacher in Greystone."
)
FLOOD_RETOLD = FLOOD + " The Greystone Herald first reported the evacuation."
BRIDGE = (
    "The Marrow Bridge in Tallin County closed on Tuesday after inspectors found cracks in two piers. "
    "County engineer Sam Okafor said repairs would cost at least 4 million dollars."
)
BRIDGE_RETOLD = BRIDGE + " This report first ran in the Tallin Times."


def write_texts(folder: Path, *texts: str) -> Path:
    """Each text as its own .txt file in `folder`, named by its position."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(texts):
        (folder / f"article-{number}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def ingest(capsys, folder: Path, db: Path, *options: str) -> tuple[int, str]:
    """`retold ingest FOLDER --db DB --workers 1` in this process: exit status and stderr."""
    capsys.readouterr()
    status = main(["ingest", str(folder), "--db", str(db), "--workers", "1", "--no-progress", *options])
    return status, capsys.readouterr().err


def link_state(db: Path) -> tuple[set[str], set[str], set[str]]:
    """The ids of the stored articles, of those recorded as linked, and of those the stored stories hold."""
    connection = duckdb.connect(str(db), read_only=True)
    try:
        return tuple(
            {row[0] for row in connection.execute(query).fetchall()}
            for query in ("SELECT id FROM articles", "SELECT article_id FROM linked_articles", "SELECT article_id FROM story_articles")
        )
    finally:
        connection.close()


def assert_all_linked(db: Path) -> None:
    articles, linked, in_stories = link_state(db)
    assert articles and linked == articles and in_stories == articles


def test_a_link_that_fails_midway_is_finished_by_the_next_ingest_of_nothing_new(tmp_path, capsys, monkeypatch):
    from retold.store import writer

    folder = write_texts(tmp_path / "inbox", FLOOD, FLOOD_RETOLD, BRIDGE)
    db = tmp_path / "corpus.duckdb"
    original = writer.insert_rows

    def fail_in_link(connection, table, rows):
        original(connection, table, rows)
        if table == "stories":  # pairs and stories are written: the link stops inside its transaction
            raise RuntimeError("the link stopped here")

    monkeypatch.setattr(writer, "insert_rows", fail_in_link)
    status, err = ingest(capsys, folder, db)
    assert status == 1 and "the link stopped here" in err
    articles, linked, in_stories = link_state(db)
    assert len(articles) == 3 and not linked and not in_stories  # the articles stay, the half-written link does not

    monkeypatch.setattr(writer, "insert_rows", original)
    status, err = ingest(capsys, folder, db)
    assert status == 0, err
    assert "0 ingested, 3 skipped" in err and "3 articles were stored before but not linked" in err
    assert "linked 3 articles" in err
    assert_all_linked(db)


def test_a_link_killed_with_sigkill_on_an_existing_store_is_finished_by_the_next_ingest(tmp_path, capsys):
    folder = write_texts(tmp_path / "inbox", FLOOD, BRIDGE)
    db = tmp_path / "corpus.duckdb"
    assert ingest(capsys, folder, db)[0] == 0
    before, _, _ = link_state(db)
    write_texts(tmp_path / "inbox", FLOOD, BRIDGE, FLOOD_RETOLD, BRIDGE_RETOLD)
    # a real kill -9 inside the link's transaction, after it wrote pairs and stories: patched in the child only
    child = textwrap.dedent("""
        import os, signal, sys
        from retold.store import writer
        original = writer.insert_rows
        def kill_in_link(connection, table, rows):
            original(connection, table, rows)
            if table == "stories":
                os.kill(os.getpid(), signal.SIGKILL)
        writer.insert_rows = kill_in_link
        from retold.cli import main
        sys.exit(main(sys.argv[1:]))
    """)
    killed = subprocess.run([sys.executable, "-c", child, "ingest", str(folder), "--db", str(db), "--workers", "1"],
                            capture_output=True, text=True, timeout=120, cwd=REPO)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    articles, linked, in_stories = link_state(db)
    assert len(articles) == 4 and linked == before and in_stories == before  # the two new ones ended in no story

    status, err = ingest(capsys, folder, db)
    assert status == 0, err
    assert "0 ingested, 4 skipped" in err and "2 articles were stored before but not linked" in err
    assert_all_linked(db)


def test_no_link_says_how_many_wait_and_link_or_the_next_plain_ingest_links_them(tmp_path, capsys):
    first = write_texts(tmp_path / "first", FLOOD, BRIDGE)
    second = write_texts(tmp_path / "second", FLOOD_RETOLD)
    db = tmp_path / "corpus.duckdb"
    status, err = ingest(capsys, first, db, "--no-link")
    assert status == 0 and f"2 articles wait to be linked: run 'retold link --db {db}'" in err
    assert "linked" not in err.replace("to be linked", "")
    articles, linked, in_stories = link_state(db)
    assert len(articles) == 2 and not linked and not in_stories

    assert main(["link", "--db", str(db)]) == 0
    assert_all_linked(db)

    status, err = ingest(capsys, second, db, "--no-link")
    assert status == 0 and "1 article waits to be linked" in err
    status, err = ingest(capsys, first, db)  # nothing new in it, yet the waiting article is linked
    assert status == 0 and "0 ingested, 2 skipped" in err and "1 article was stored before but not linked" in err
    assert_all_linked(db)


def test_a_store_from_before_linked_articles_counts_the_articles_in_its_stories_as_linked(tmp_path, capsys):
    from retold.store import open_for_writing
    from retold.store.reader import count_unlinked

    db = tmp_path / "corpus.duckdb"
    assert ingest(capsys, write_texts(tmp_path / "first", FLOOD, BRIDGE), db)[0] == 0
    assert ingest(capsys, write_texts(tmp_path / "second", FLOOD_RETOLD), db, "--no-link")[0] == 0
    linked_before, _, _ = link_state(tmp_path / "corpus.duckdb")
    # take the store back to schema version 4, as a retold from before these migrations left it
    connection = duckdb.connect(str(db))
    connection.execute("DROP TABLE linked_articles")
    connection.execute("ALTER TABLE runs DROP COLUMN error")
    connection.execute("DELETE FROM migrations WHERE name IN ('0005_linked_articles', '0006_run_errors')")
    connection.execute("UPDATE retold_meta SET value = '4' WHERE key = 'schema_version'")
    in_stories = {row[0] for row in connection.execute("SELECT article_id FROM story_articles").fetchall()}
    connection.close()
    assert len(in_stories) == 2 and len(linked_before) == 3

    connection = open_for_writing(str(db))
    try:
        linked = {row[0] for row in connection.execute("SELECT article_id FROM linked_articles").fetchall()}
        waiting = count_unlinked(connection)
        errors = connection.execute("SELECT count(*) FROM runs WHERE error IS NOT NULL").fetchone()[0]
    finally:
        connection.close()
    assert linked == in_stories and waiting == 1 and errors == 0

    status, err = ingest(capsys, tmp_path / "first", db)
    assert status == 0 and "1 article was stored before but not linked" in err
    assert_all_linked(db)


def store_with_articles(tmp_path, capsys) -> Path:
    db = tmp_path / "corpus.duckdb"
    assert ingest(capsys, write_texts(tmp_path / "inbox", FLOOD, BRIDGE), db)[0] == 0
    return db


def refusals(capsys, db: Path, folder: Path) -> list[str]:
    """stderr of ingest, link, stories and export on `db`, each checked to exit 1."""
    out = []
    for command in (["ingest", str(folder), "--workers", "1"], ["link"], ["stories"], ["export"]):
        capsys.readouterr()
        assert main([*command, "--db", str(db)]) == 1, command
        out.append(capsys.readouterr().err)
    return out


def assert_one_line(err: str, *expected: str) -> None:
    assert len(err.strip().splitlines()) == 1, err
    assert "internal error" not in err and all(text in err for text in expected), err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_store_cut_short_is_refused_in_one_line_and_left_as_it_was(tmp_path, capsys):
    db = store_with_articles(tmp_path, capsys)
    with open(db, "r+b") as stream:
        stream.truncate(db.stat().st_size // 2)
    before = digest(db)
    for err in refusals(capsys, db, tmp_path / "inbox"):
        assert_one_line(err, f"{db} is damaged", "cut short", "restore it from a copy or ingest into a new file")
    assert digest(db) == before and not Path(f"{db}.wal").exists()


def test_a_store_with_corrupt_blocks_is_refused_in_one_line(tmp_path, capsys):
    db = store_with_articles(tmp_path, capsys)
    connection = duckdb.connect(str(db), read_only=True)
    block_size, blocks = connection.execute("SELECT block_size, total_blocks FROM pragma_database_size()").fetchone()
    connection.close()
    # every block but the first: the catalog may still open, and the damage shows when the tables are read
    with open(db, "r+b") as stream:
        for block in range(1, blocks):
            stream.seek(3 * 4096 + block * block_size + 64)
            stream.write(b"\xff" * 256)
    for err in refusals(capsys, db, tmp_path / "inbox"):
        assert_one_line(err, f"{db} is damaged", "restore it from a copy")


def test_a_schema_version_that_is_not_a_number_is_refused_in_one_line(tmp_path, capsys):
    db = store_with_articles(tmp_path, capsys)
    connection = duckdb.connect(str(db))
    connection.execute("UPDATE retold_meta SET value = 'abc' WHERE key = 'schema_version'")
    connection.close()
    for err in refusals(capsys, db, tmp_path / "inbox"):
        assert_one_line(err, f"{db} is damaged (its recorded schema version is 'abc', not a number)")


class FullDisk:
    """A writer connection whose first COMMIT of new articles fails as DuckDB's does on a full disk: the transaction
    is over when the error comes, so a ROLLBACK after it is refused."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.articles_written = False

    def execute(self, statement: str, *args):
        if statement.startswith("INSERT INTO articles"):
            self.articles_written = True
        if statement == "COMMIT" and self.articles_written:
            self.connection.execute("ROLLBACK")
            raise duckdb.IOException('IO Error: Could not write file "corpus.duckdb.wal": No space left on device')
        return self.connection.execute(statement, *args)

    def __getattr__(self, name: str):
        return getattr(self.connection, name)


def test_a_full_disk_is_reported_by_its_own_error_not_the_rollbacks_and_the_run_is_finished(tmp_path, capsys, monkeypatch):
    from retold.store import connection as store_connection

    db = tmp_path / "corpus.duckdb"
    opened = store_connection.open_for_writing
    monkeypatch.setattr(store_connection, "open_for_writing", lambda path, wait=0.0: FullDisk(opened(path, wait)))
    status, err = ingest(capsys, write_texts(tmp_path / "inbox", FLOOD, BRIDGE), db)
    assert status == 1
    assert_one_line(err, f"cannot write to {db}: the disk is full", "No space left on device")
    assert "cannot rollback" not in err
    connection = duckdb.connect(str(db), read_only=True)
    runs = connection.execute("SELECT finished IS NOT NULL, ingested, error FROM runs").fetchall()
    articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    connection.close()
    assert articles == 0 and len(runs) == 1
    finished, ingested, error = runs[0]
    assert finished and ingested == 0 and "No space left on device" in error


def test_an_interrupted_ingest_finishes_its_run_marked_interrupted(tmp_path, capsys, monkeypatch):
    from retold.run import local as local_executor

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt
        yield  # a generator, as the real one is

    monkeypatch.setattr(local_executor, "_analyse", interrupt)
    db = tmp_path / "corpus.duckdb"
    status, err = ingest(capsys, write_texts(tmp_path / "inbox", FLOOD), db)
    assert status == 130 and "interrupted" in err
    connection = duckdb.connect(str(db), read_only=True)
    runs = connection.execute("SELECT finished IS NOT NULL, error FROM runs").fetchall()
    connection.close()
    assert runs == [(True, "interrupted")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("unshare") is None,
                    reason="a full disk is a small tmpfs mounted in a private mount namespace, which needs root and unshare")
def test_a_really_full_disk_is_reported_in_one_line_with_its_cause(tmp_path):
    folder = tmp_path / "inbox"
    long_flood = " ".join(f"{FLOOD} Report {number} counted {number * 7} closed roads." for number in range(40))
    write_texts(folder, *(f"{long_flood} Edition {number}." for number in range(40)))
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (f"mount -t tmpfs -o size=2m tmpfs {disk} || exit 77; "
              f"{sys.executable} -m retold ingest {folder} --db {disk / 'corpus.duckdb'} --workers 1 --no-link")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120, cwd=REPO)
    if result.returncode == 77:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    assert result.returncode == 1, result.stderr
    assert_one_line(result.stderr, "the disk is full", "No space left on device")
    assert "cannot rollback" not in result.stderr


def test_a_file_size_limit_reached_at_commit_is_reported_in_one_line(tmp_path, capsys):
    import resource

    db = tmp_path / "corpus.duckdb"
    assert ingest(capsys, write_texts(tmp_path / "first", FLOOD), db, "--no-link")[0] == 0
    long_flood = " ".join(f"{FLOOD} Report {number} counted {number * 7} closed roads." for number in range(40))
    folder = write_texts(tmp_path / "inbox", *(f"{long_flood} Edition {number}." for number in range(30)))
    limit = db.stat().st_size + 300_000

    def small_files() -> None:
        # writes past the limit fail with EFBIG (File too large) instead of killing the process with SIGXFSZ
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run([sys.executable, "-m", "retold", "ingest", str(folder), "--db", str(db), "--workers", "1", "--no-link"],
                            capture_output=True, text=True, timeout=180, cwd=REPO, preexec_fn=small_files)
    assert result.returncode == 1, result.stderr
    assert_one_line(result.stderr, "cannot write to", "File too large")
    assert "cannot rollback" not in result.stderr


def test_the_web_app_says_in_one_line_that_a_block_it_reads_is_damaged(tmp_path, capsys, monkeypatch):
    from fastapi.testclient import TestClient

    from retold.web import app as web_app

    db = tmp_path / "corpus.duckdb"
    assert ingest(capsys, write_texts(tmp_path / "inbox", FLOOD, FLOOD_RETOLD), db)[0] == 0
    client = TestClient(web_app.create_app(str(db)))
    story_id = client.get("/stories.json").json()["stories"][0]["id"]

    def damaged_block(*args, **kwargs):
        raise duckdb.IOException("Corrupt database file: computed checksum 123 does not match stored checksum 456")

    monkeypatch.setattr(web_app.queries, "load_story", damaged_block, raising=False)
    monkeypatch.setattr(web_app, "story_model", damaged_block)
    answer = client.get(f"/story/{story_id}")
    assert answer.status_code == 500
    assert answer.text.startswith("retold: ") and "is damaged" in answer.text and len(answer.text.strip().splitlines()) == 1
    assert client.get("/health").status_code == 200
