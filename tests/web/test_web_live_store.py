"""The web app lets a writer in: `retold ingest` adds articles while `retold serve` runs, and the app shows them."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from retold.cli import main
from retold.store.handover import WRITER_SIGN
from retold.web.app import create_app

FLOOD = (
    "Officials in Varrow said 120 people were evacuated on Monday after the river rose. "
    "\"At least 300 homes were flooded,\" said Mara Quell, the town's mayor. The council closed four bridges."
)
QUAKE = (
    "A magnitude 5.1 earthquake shook Tolmere on Tuesday, the national seismic office said. "
    "\"Twelve buildings were damaged,\" said Ivo Brandt, the office's director. No one was hurt, police said."
)


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read())


def test_ingest_while_the_app_serves_the_store_adds_articles_the_app_then_shows(tmp_path):
    db = tmp_path / "desk.duckdb"
    write(tmp_path / "first", "flood.txt", FLOOD)
    assert main(["ingest", str(tmp_path / "first"), "--db", str(db), "--workers", "1", "--no-progress"]) == 0
    server = subprocess.Popen([sys.executable, "-m", "retold", "serve", "--db", str(db), "--port", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        address = re.search(r"http://\S+/", line)
        assert address, line
        base = address.group(0)
        before = get_json(base + "stories.json")
        assert before["total"] == 1
        write(tmp_path / "second", "quake.txt", QUAKE)
        added = subprocess.run([sys.executable, "-m", "retold", "ingest", str(tmp_path / "second"), "--db", str(db),
                                "--workers", "1", "--no-progress"], capture_output=True, text=True, timeout=120)
        assert added.returncode == 0, added.stderr
        after = get_json(base + "stories.json")  # no restart: the app opened the file again and built its pages anew
        assert after["total"] == 2
        assert any("Tolmere" in (story["title"] or "") for story in after["stories"])
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()
    assert not Path(str(db) + ".serving").exists()  # the app takes its sign back when it stops


def test_while_a_writer_waits_built_pages_are_served_and_others_say_busy_in_one_line(tmp_path):
    db = tmp_path / "desk.duckdb"
    write(tmp_path / "first", "flood.txt", FLOOD)
    assert main(["ingest", str(tmp_path / "first"), "--db", str(db), "--workers", "1", "--no-progress"]) == 0
    app = create_app(str(db))
    client = TestClient(app)
    try:
        assert client.get("/stories.json").status_code == 200
        sign = Path(str(db) + WRITER_SIGN)
        sign.write_text(str(os.getpid()))  # a live process says it waits to write
        try:
            assert client.get("/stories.json").status_code == 200  # built before: still served
            busy = client.get("/stories.json?q=flood")
            assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
            assert "being updated" in busy.text and len(busy.text.strip().splitlines()) == 1
        finally:
            sign.unlink()
        assert client.get("/stories.json?q=flood").status_code == 200  # the writer is gone: pages are built again
    finally:
        app.state.store.close()


def test_a_sign_left_by_a_dead_writer_does_not_stop_the_app(tmp_path):
    db = tmp_path / "desk.duckdb"
    write(tmp_path / "first", "flood.txt", FLOOD)
    assert main(["ingest", str(tmp_path / "first"), "--db", str(db), "--workers", "1", "--no-progress"]) == 0
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    Path(str(db) + WRITER_SIGN).write_text(str(gone.pid))  # killed before it could take its sign back
    app = create_app(str(db))
    try:
        assert TestClient(app).get("/stories.json?q=river").status_code == 200
    finally:
        app.state.store.close()


@pytest.mark.parametrize("prefix_length", [8, 12])
def test_a_story_id_prefix_redirects_to_the_story(tmp_path, prefix_length):
    db = tmp_path / "desk.duckdb"
    write(tmp_path / "first", "flood.txt", FLOOD)
    assert main(["ingest", str(tmp_path / "first"), "--db", str(db), "--workers", "1", "--no-progress"]) == 0
    app = create_app(str(db))
    try:
        client = TestClient(app)
        story_id = client.get("/stories.json").json()["stories"][0]["id"]
        answer = client.get(f"/story/{story_id[:prefix_length]}", follow_redirects=False)
        assert answer.status_code == 307 and answer.headers["location"] == f"/story/{story_id}"
        assert client.get(f"/story/{story_id[:prefix_length]}.json").json()["id"] == story_id
        assert client.get("/story/story-zzzz").status_code == 404
    finally:
        app.state.store.close()
