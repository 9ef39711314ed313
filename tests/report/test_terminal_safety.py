"""Input words never drive the terminal: escape sequences in names, outlets and titles are shown, not obeyed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from retold.cli import main
from retold.report.terminal import printable

TITLE_ESCAPE = "\x1b]0;PWNED\x07"  # OSC 0: retitles the terminal window
COLOUR_ESCAPE = "\x1b[31m"

STORY = (
    "The mayor said on Monday that 40 people were evacuated from the flooded town of Riverton after the dam broke. "
    "Officials said the dam had been inspected in May.",
    "Riverton's mayor said 400 people were evacuated from the flooded town after the dam broke on Monday, according "
    "to officials. The dam had been inspected in May, they said.",
)


def test_printable_shows_control_characters_and_keeps_words():
    assert printable(f"Evil{TITLE_ESCAPE} News") == "Evil\ufffd]0;PWNED\ufffd News"
    assert printable("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert printable("two\nlines", one_line=True) == "two\ufffdlines"
    assert printable("\x9b31m") == "\ufffd31m"  # C1 CSI, one byte in some terminals


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("hostile-terminal")
    lines = [
        {"text": STORY[0], "outlet": f"Evil{TITLE_ESCAPE} News", "title": f"Dam{COLOUR_ESCAPE} breaks", "url": "https://a.example/x"},
        {"text": STORY[1], "outlet": "Good Post", "title": "Flood", "url": "https://b.example/y"},
    ]
    (folder / "story.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    bad_name = folder / f"bad{TITLE_ESCAPE}.txt"
    bad_name.write_text("", encoding="utf-8")
    db = folder / "store.duckdb"
    return db, str(bad_name)


def test_ingest_and_story_print_no_escape_sequence_from_input(hostile_store, capsys):
    db, bad_name = hostile_store
    assert main(["ingest", str(db.parent / "story.jsonl"), bad_name, "--db", str(db), "--workers", "1"]) == 1
    ingested = capsys.readouterr()
    assert "bad\ufffd]0;PWNED\ufffd.txt" in ingested.err  # the bad file is named, its escape shown
    for command in (["stories", "--all"], ["story"]):
        assert main([*command, "--db", str(db)]) == 0
        shown = capsys.readouterr()
        # stdout is not a terminal here, so retold writes no escape code of its own: any ESC or BEL came from input
        assert "\x1b" not in shown.out and "\x07" not in shown.out, command
        assert "\x1b" not in shown.err and "\x07" not in shown.err, command
    assert "Evil\ufffd]0;PWNED\ufffd News" in shown.out


def test_analyze_names_a_bad_file_without_obeying_its_name(hostile_store, capsys):
    _, bad_name = hostile_store
    assert main(["analyze", bad_name]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "bad\ufffd]0;PWNED\ufffd.txt" in err


def test_an_html_report_that_cannot_be_written_is_refused_before_any_work(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("The mayor said 40 people were evacuated on Monday from the town.", encoding="utf-8")
    (tmp_path / "plain").write_text("a file, not a folder", encoding="utf-8")
    assert main(["analyze", str(article), "--html", str(tmp_path / "plain" / "report.html")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("retold: error: --html") and "cannot be written" in err[-1]
