"""Read PolNeAR brat standoff (Source / Cue / Content joined by an Attribution relation) for training and scoring."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

Range = tuple[int, int]


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: character ranges of its cue, source and content (discontinuous pieces kept)."""

    cue: tuple[Range, ...]
    source: tuple[Range, ...]
    content: tuple[Range, ...]


def read_annotation(path: Path) -> list[GoldAttribution]:
    """The attributions of one .ann file (the relation lines tie the text-bound spans together)."""
    spans: dict[str, tuple[str, tuple[Range, ...]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.count("\t") >= 1:
            key, middle = line.split("\t")[:2]
            role, offsets = middle.split(" ", 1)
            pieces = tuple(tuple(map(int, p.split())) for p in offsets.split(";"))
            spans[key] = (role, pieces)  # type: ignore[assignment]
        elif line.startswith("E"):
            _, body = line.split("\t", 1)
            arguments = dict(part.split(":", 1) for part in body.split() if ":" in part)
            relations.append({role.rstrip("0123456789"): key for role, key in arguments.items()})

    def role_pieces(relation: dict[str, str], role: str) -> tuple[Range, ...]:
        key = relation.get(role)
        return spans[key][1] if key in spans else ()

    found = []
    for relation in relations:
        found.append(GoldAttribution(role_pieces(relation, "Cue"), role_pieces(relation, "Source"), role_pieces(relation, "Content")))
    return found


def read_split(split: Path) -> list[tuple[str, str, list[GoldAttribution]]]:
    """(file name, text, attributions) for every article with an annotation; the first annotator when several."""
    items = []
    annotations = sorted(os.listdir(split / "attributions"))
    for name in sorted(os.listdir(split / "text")):
        mine = [a for a in annotations if a.startswith(name[:-4] + "_")]
        if not mine:
            continue
        text = (split / "text" / name).read_text(encoding="utf-8")
        items.append((name, text, read_annotation(split / "attributions" / mine[0])))
    return items
