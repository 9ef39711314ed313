"""Read CheckThat TSV or plain-text sentence files, write predictions, and score the positive class."""
from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from retold.errors import Rejection, RetoldError

LABELS = ("Yes", "No")


@dataclass(frozen=True)
class SentenceRow:
    """One input sentence, with its gold label when the file has one."""

    sentence_id: str
    text: str
    gold: str | None = None


def read_sentences(path: Path) -> list[SentenceRow]:
    """A CheckThat TSV (Sentence_id, Text, optional class_label) or plain text, one sentence a line, ids 1..n."""
    from retold.ingest.checks import decode_table  # here: importing retold.ingest loads every reader, urllib included

    try:
        data = path.read_bytes()
    except OSError as error:
        raise RetoldError(f"cannot read {path}: {error.strerror or error}") from error
    raw = decode_table(str(path), data)  # the ingest checks name a PDF, an image, UTF-16 or the first non-UTF-8 byte
    if isinstance(raw, Rejection):
        raise RetoldError(f"{path}: {raw.reason}")
    if not raw.strip():
        raise RetoldError(f"{path}: empty: no sentences to score")
    lines = raw.splitlines()
    header = lines[0].split("\t")
    if path.suffix.lower() == ".csv" or _is_csv_header(lines[0]):
        # read as plain text, every row (the header and the ids with it) would be scored as a sentence
        raise RetoldError(
            f"{path}: this looks like a CSV file; checkworthy reads a tab-separated CheckThat file "
            "(Sentence_id<TAB>Text[<TAB>class_label]) or plain text, one sentence a line"
        )
    if "Sentence_id" in header and "Text" in header:
        # CheckThat text holds bare quotes; QUOTE_NONE keeps them as written
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = []
        for number, row in enumerate(reader, start=2):
            if row.get("Text") is None or row.get("Sentence_id") is None:
                raise RetoldError(f"{path}:{number}: expected Sentence_id<TAB>Text[<TAB>class_label]")
            gold = (row.get("class_label") or "").strip() or None
            if gold is not None and gold not in LABELS:
                raise RetoldError(f"{path}:{number}: class_label must be Yes or No, not {gold!r}")
            rows.append(SentenceRow(row["Sentence_id"].strip(), row["Text"], gold))
        return rows
    return [SentenceRow(str(i), line) for i, line in enumerate((kept for kept in lines if kept.strip()), start=1)]


def _is_csv_header(line: str) -> bool:
    """True for the CheckThat columns separated by commas or semicolons instead of tabs."""
    names = {name.strip().strip('"') for name in line.replace(";", ",").split(",")}
    return "\t" not in line and {"Sentence_id", "Text"} <= names


def write_predictions(out: TextIO, rows: Sequence[SentenceRow], scores: Iterable[float], labels: Sequence[str]) -> None:
    """Sentence_id, score, label: one line per input sentence, in input order."""
    out.write("Sentence_id\tscore\tlabel\n")
    for row, score, label in zip(rows, scores, labels):
        out.write(f"{row.sentence_id}\t{score:.6f}\t{label}\n")


def positive_scores(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the Yes class (as ../shared/eval/score_checkworthy.py counts them)."""
    true_positive = sum(g == "Yes" and p == "Yes" for g, p in zip(gold, predicted))
    predicted_yes = sum(p == "Yes" for p in predicted)
    gold_yes = sum(g == "Yes" for g in gold)
    precision = true_positive / predicted_yes if predicted_yes else 0.0
    recall = true_positive / gold_yes if gold_yes else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
