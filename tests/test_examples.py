"""Our own example article exercises every feature `retold analyze` has: a golden check of what it finds."""
from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def fire(analyze):
    path = EXAMPLES / "port-delmar-fire.txt"
    return analyze(path.read_text(encoding="utf-8"), source=str(path))


def find(records, words):
    return [r for r in records if words in r.span.text]


def test_quantities_with_hedges_and_intervals(fire):
    (handful,) = [q for q in fire.quantities if "handful" in q.number.text]
    assert (handful.low, handful.high) == (2, 5) or handful.kind == "vague"
    assert any(h.type == "minimiser" for h in handful.hedges)
    (sixty,) = [q for q in fire.quantities if q.number.text == "60"]
    assert sixty.high == 60 and sixty.kind == "upper_bound"
    (quay,) = [q for q in fire.quantities if q.number.text.startswith("3-4")]
    assert (quay.low, quay.high, quay.unit) == (3, 4, "km")
    assert not [q for q in fire.quantities if "M-19" in q.span.text]


def test_speakers_and_modes(fire):
    by_name = {a.speaker.name for a in fire.attributions if a.speaker}
    assert any("Kelso" in name for name in by_name)
    modes = {a.mode for a in fire.attributions}
    assert {"direct", "indirect"} <= modes
    assert any(a.polarity == "deny" for a in fire.attributions)


def test_conflicts_of_every_kind_and_no_breach(fire):
    kinds = {c.kind for c in fire.conflicts}
    assert {"numeric", "denial", "scope"} <= kinds
    breach = fire.text.index("broke that agreement")
    assert not [c for c in fire.conflicts if c.a.span.start <= breach < c.a.span.end and c.b.span.start <= breach < c.b.span.end]


def test_editorial_claims(fire):
    types = {c.type for c in fire.claims if c.speaker == "author"}
    assert {"opinion", "prediction", "question"} <= types


def test_retelling_pointer(fire):
    assert [s.name for s in fire.sources if s.retelling] == ["Delmar Courier"]
