"""`retold export`: --what picks what a ClaimReview export speaks of (contested claims: conflicts, drifts or both) and
refuses the rest in one line; provenance edges export as JSON Lines and Parquet."""
from __future__ import annotations

import json

import duckdb
import pytest

from retold.cli import main
from retold.link.model import (
    ArticleSpan,
    CrossConflict,
    Drift,
    LinkResult,
    ProvenanceEdge,
    Story,
)
from retold.store import open_for_writing, write_article, write_link_result

# texts written for this test: the report gives two figures for one count (a conflict within it), the retelling
# changes one of them (a drift and a conflict across the two)
REPORT = ("Harbour officials said about 30 boats were damaged on Friday. "
          "\"At least 80 boats were damaged,\" said Tomas Vey, a fisherman.\n")
RETELLING = "The Kestrel Bay Courier reported that 50 boats were damaged on Friday, citing harbour officials.\n"


def span(article, words: str) -> ArticleSpan:
    start = article.text.index(words)
    return ArticleSpan(article.id, start, start + len(words), words)


@pytest.fixture()
def store(tmp_path, analyze) -> str:
    path = str(tmp_path / "store.duckdb")
    report = analyze(REPORT, source="report.txt", url="https://example.org/boats", published="2024-09-06")
    retelling = analyze(RETELLING, source="retelling.txt", published="2024-09-07", outlet="Kestrel Bay Courier")
    earlier, later = span(report, "about 30 boats"), span(retelling, "50 boats")
    connection = open_for_writing(path)
    assert write_article(connection, report) and write_article(connection, retelling)
    write_link_result(connection, LinkResult(
        stories=[Story("s1", "Kestrel Bay boats", (report.id, retelling.id), "2024-09-06", "2024-09-07", ("boats",))],
        edges=[ProvenanceEdge("s1", report.id, retelling.id, "citation", "names harbour officials", 0.8)],
        conflicts=[CrossConflict("c1", "s1", "numeric", _member(earlier, 30), _member(later, 50), "30 against 50 boats")],
        drifts=[Drift("d1", "s1", later, earlier, ("NUMBER_CHANGED", "HEDGE_DROPPED"), "boats", "about 30 became 50")],
    ))
    assert report.conflicts, "the report should hold a conflict of its own (30 against at least 80 boats)"
    connection.close()
    return path


def _member(where: ArticleSpan, figure: float):
    from retold.link.model import ClaimMember

    return ClaimMember(where.article, "q1", where, "harbour officials", figure, figure)


def export(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def drafts(capsys, store: str, *what: str) -> list[dict]:
    code, out, err = export(capsys, "--db", store, "--format", "claimreview", *what)
    assert code == 0, err
    return json.loads(out)


def evidence_kinds(reviews: list[dict]) -> set[str]:
    return {item["kind"] for review in reviews for item in review["retold:evidence"]}


def test_provenance_edges_export_as_json_lines(store, capsys):
    code, out, err = export(capsys, "--db", store, "--what", "provenance")
    assert code == 0, err
    (edge,) = [json.loads(line) for line in out.splitlines()]
    assert edge["child"] == "retelling.txt" and edge["parent"] == "https://example.org/boats"  # named as ingested
    assert (edge["kind"], edge["evidence"], edge["story"], edge["confidence"]) == ("citation", "names harbour officials", "s1", 0.8)
    assert edge["child_id"] != edge["parent_id"]


def test_provenance_edges_export_as_parquet(store, capsys, tmp_path):
    out = tmp_path / "edges.parquet"
    code, _, err = export(capsys, "--db", store, "--what", "provenance", "--format", "parquet", "--out", str(out))
    assert code == 0 and "1 provenance edges written" in err
    rows = duckdb.connect().execute(f"SELECT child, parent, kind, evidence, story FROM read_parquet('{out}')").fetchall()
    assert rows == [("retelling.txt", "https://example.org/boats", "citation", "names harbour officials", "s1")]


def test_claimreview_by_default_speaks_of_every_contested_claim(store, capsys):
    every = drafts(capsys, store)
    assert every == drafts(capsys, store, "--what", "claims")
    conflicts, drifts = drafts(capsys, store, "--what", "conflicts"), drafts(capsys, store, "--what", "drifts")
    assert len(every) >= max(len(conflicts), len(drifts)) and len(every) <= len(conflicts) + len(drifts)
    assert evidence_kinds(every) == evidence_kinds(conflicts) | evidence_kinds(drifts)


def test_claimreview_of_conflicts_holds_only_conflicts(store, capsys):
    reviews = drafts(capsys, store, "--what", "conflicts")
    assert reviews and all(review["retold:evidence"] for review in reviews)
    assert "drift" not in evidence_kinds(reviews) and "numeric" in evidence_kinds(reviews)


def test_claimreview_of_drifts_holds_only_drifts(store, capsys):
    reviews = drafts(capsys, store, "--what", "drifts")
    assert evidence_kinds(reviews) <= {"drift"}
    everything = drafts(capsys, store)
    assert len(reviews) == sum(any(item["kind"] == "drift" for item in review["retold:evidence"]) for review in everything)


@pytest.mark.parametrize("what", ["articles", "stories", "stances", "provenance", "nonsense"])
def test_claimreview_refuses_what_it_cannot_speak_of_in_one_line(store, capsys, what):
    code, out, err = export(capsys, "--db", store, "--format", "claimreview", "--what", what)
    assert code == 2 and not out
    assert err.count("\n") == 1 and "conflicts or drifts" in err and repr(what) in err


def test_an_unknown_what_is_refused_for_json_lines_too(store, capsys):
    code, _, err = export(capsys, "--db", store, "--what", "edges")
    assert code == 2 and err.count("\n") == 1 and "provenance" in err
