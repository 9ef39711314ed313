"""FNC-1 files: read stances and bodies, write predictions row for row, and the official score."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from retold.errors import Rejection, RetoldError, UsageError
from retold.ingest.checks import MAX_CHARS, decode_table

LABELS = ("agree", "disagree", "discuss", "unrelated")


@dataclass
class StanceTable:
    """A stances file as read: its columns in order and its rows, untouched."""

    fieldnames: list[str]
    rows: list[dict[str, str]]


def read_stances(path: str | Path) -> StanceTable:
    """Read a stances CSV (Headline, Body ID, optional Stance)."""
    fieldnames, rows = read_table(path, ("Headline", "Body ID"), "stances")
    return StanceTable(fieldnames, rows)


def read_bodies(path: str | Path) -> dict[str, str]:
    """Read a bodies CSV (Body ID, articleBody) into {Body ID: text}."""
    _, rows = read_table(path, ("Body ID", "articleBody"), "bodies")
    return {row["Body ID"]: row["articleBody"] for row in rows}


def read_table(path: str | Path, required: Sequence[str], kind: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV file; a RetoldError in one line for a file that cannot be read as one, naming the
    line of a bad row (the FNC files are read whole: a skipped row would shift every prediction after it)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise RetoldError(f"{path}: cannot read the file: {error.strerror or error}") from None
    text = decode_table(str(path), data)
    if isinstance(text, Rejection):
        raise RetoldError(f"{path}: {text.reason}")
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1  # where the record being read starts: a quoted body spans many lines
    # the csv module's field limit is one setting for the whole process: set ours (an article's length) while reading
    limit = csv.field_size_limit(MAX_CHARS)
    try:
        fieldnames = next(reader, [])
        missing = set(required) - set(fieldnames)
        if missing:
            raise UsageError(f"{path}: {kind} file lacks column(s) {', '.join(sorted(missing))}")
        rows = []
        line = reader.line_num + 1
        for fields in reader:
            if fields and len(fields) != len(fieldnames):
                raise RetoldError(
                    f"{path}: line {line} has {len(fields)} field{'' if len(fields) == 1 else 's'} where the header has "
                    f"{len(fieldnames)}: quote any field that holds a comma, and give every row the same columns"
                )
            if fields:  # a blank line holds no row, as csv.DictReader reads it
                rows.append(dict(zip(fieldnames, fields)))
            line = reader.line_num + 1
    except csv.Error as error:
        raise RetoldError(f"{path}: line {line} is not valid CSV: {error}") from None
    finally:
        csv.field_size_limit(limit)
    return fieldnames, rows


def gold_labels(table: StanceTable) -> list[str] | None:
    """The gold Stance column, when every row has a known label."""
    if "Stance" not in table.fieldnames:
        return None
    labels = [row.get("Stance", "").strip().lower() for row in table.rows]
    return labels if labels and all(label in LABELS for label in labels) else None


def write_predictions(out: TextIO, table: StanceTable, labels: Sequence[str], probabilities: Iterable[Iterable[float]]) -> None:
    """Write the stances back in the same order: Stance = prediction, gold moved to Gold, one probability column per label."""
    fieldnames = [name for name in table.fieldnames if name != "Stance"] + ["Stance"]
    if "Stance" in table.fieldnames:
        fieldnames.append("Gold")
    fieldnames += [f"p_{label}" for label in LABELS]
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    for row, label, probs in zip(table.rows, labels, probabilities):
        record = {k: v for k, v in row.items() if k in fieldnames and k != "Stance"}
        if "Stance" in table.fieldnames:
            record["Gold"] = row.get("Stance", "")
        record["Stance"] = label
        record.update({f"p_{name}": f"{p:.4f}" for name, p in zip(LABELS, probs)})
        writer.writerow(record)


@dataclass(frozen=True)
class FncScore:
    """Official FNC-1 score as a share of the maximum, with per-class F1."""

    relative: float
    f1: dict[str, float]

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the four labels."""
        return sum(self.f1.values()) / len(self.f1)

    def line(self) -> str:
        """One line in the format of the shared scorer."""
        per_class = " ".join(f"{label} {self.f1[label]:.3f}" for label in LABELS)
        return f"FNC {100 * self.relative:.2f}%  macro-F1 {self.macro_f1:.3f}  per-class {per_class}"


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> FncScore:
    """0.25 for related/unrelated right plus 0.75 for the exact related label, over the best possible; as ../shared/eval/score_fnc.py."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(pred)} predictions for {len(gold)} pairs")

    def points(g: str, p: str) -> float:
        return (0.25 if (g == "unrelated") == (p == "unrelated") else 0.0) + (0.75 if g != "unrelated" and g == p else 0.0)

    best = sum(points(g, g) for g in gold) or 1.0
    f1 = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, pred))
        n_pred, n_gold = sum(p == label for p in pred), sum(g == label for g in gold)
        precision, recall = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
        f1[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return FncScore(sum(points(g, p) for g, p in zip(gold, pred)) / best, f1)
