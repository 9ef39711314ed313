"""Quantities: value and unit accuracy on quantulum3's test sentences, MeasEval span P/R/F1 and unit agreement
(beside quantulum3 on the same texts), and the speed of the component against spaCy's parse on Wikinews.

usage: python benchmarks/bench_quantities.py [--shared ../shared] [--wikinews N] [--skip ...] [--audit [N] [--seed S]]

--audit N (40 when no N is given) prints, instead of the figures, N quantity mentions drawn at random (the seed is
printed; --seed repeats a draw) from the Wikinews texts, each with its sentence, the interval as a reader sees it and
the counted thing, so a person can judge them.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from retold.analyze import quantities, sentences
from retold.analyze.pipeline import load_spacy
from retold.intervals import interval_label, stated_of
from retold.model import Article

REPO = Path(__file__).resolve().parents[1]
# quantulum3 unit names -> retold's normalised units ("dimensionless" matches no unit or a counted noun)
UNIT_NAMES = {
    "metre": "m", "kilometre": "km", "centimetre": "cm", "millimetre": "mm", "nanometre": "nm", "picometre": "pm",
    "attometre": "am", "mile": "mi", "inch": "in", "foot": "ft", "yard": "yd", "square kilometre": "km2",
    "square mile": "mi2", "cubic kilometre": "km3", "cubic centimetre": "mL", "litre": "L", "centilitre": "cL",
    "gallon": "gal", "cup": "cup", "tablespoon": "tbsp", "milligram": "mg", "kilogram": "kg", "tonne": "t",
    "pound-mass": "lb", "year": "year", "month": "month", "week": "week", "day": "day", "hour": "h",
    "degree Celsius": "°C", "degree fahrenheit": "°F", "kelvin": "K", "dollar": "USD", "euro": "EUR",
    "pound sterling": "GBP", "percentage": "%", "electronvolt": "eV", "teraelectronvolt": "TeV",
    "megawatt hour": "MWh", "watt hour": "Wh", "gigahertz": "GHz", "megabyte": "MB", "byte": "B", "bit": "bit",
    "exabyte": "EB", "milligray": "mGy", "kilometre per hour": "km/h", "dollar per hour": "USD/h",
    "dollar per kilogram": "USD/kg", "inverse second": "s−1", "watt per minute": "W/min", "ton per day": "t/day",
    "kilometre per square second": "km/s2", "megayear": "Ma", "gigayear": "Ga", "inverse femtobarn": "fb−1",
    "watt": "W", "gray": "Gy", "minute": "min", "litre per kilometre": "L/km", "joule per square metre per year": "J/m2/year",
    "kilogram per cubic centimetre": "kg/cm3", "kilobit per second": "kb/s", "dozen": "dozen", "gross": "gross", "penny": "penny", "cent": "cent", "dime": "dime",
}

# quantulum3 counts in dozens and grosses where retold counts the things: "a dozen eggs" is 1 dozen there, 12 eggs here
UNIT_FACTORS = {"dozen": 12, "gross": 144, "baker's dozen": 13}


def parse_articles(nlp, texts: list[tuple[str, str]]):
    """(article, doc) pairs with sentences filled, parsed in one nlp.pipe pass."""
    for (source, text), doc in zip(texts, nlp.pipe([t for _, t in texts], batch_size=16)):
        article = Article(text=text, source=source)
        article.sentences = sentences.run(article, doc)["sentences"]
        yield article, doc


def quantulum_parse(text: str):
    from quantulum3 import parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return parser.parse(text)
        except Exception:  # quantulum3 raises on some inputs; count them as no prediction
            return []


def _retold_value(q) -> float | None:
    if q.low is not None and q.high is not None:
        return (q.low + q.high) / 2
    return q.low if q.low is not None else q.high


def _close(a, b) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-9)


def bench_quantulum_tests(nlp, shared: Path) -> None:
    cases = []
    for name in ("quantities.json", "quantities.ambiguity.json"):
        path = shared / "data" / "quantulum3-tests" / name
        if path.exists():
            cases += json.loads(path.read_text(encoding="utf-8"))
    texts = [(str(i), c["req"]) for i, c in enumerate(cases)]
    totals = {"retold": [0, 0, 0], "quantulum3": [0, 0, 0]}  # expected, value ok, unit ok
    for (article, doc), case in zip(parse_articles(nlp, texts), cases):
        ours = quantities.run(article, doc)["quantities"]
        theirs = quantulum_parse(case["req"])
        for expected in case["res"]:
            start = case["req"].find(expected["surface"])
            if start < 0:
                continue
            end = start + len(expected["surface"])
            want_unit = UNIT_NAMES.get(expected["unit"], expected["unit"])
            for name in totals:
                totals[name][0] += 1
            hits = [q for q in ours if q.span.start < end and start < q.span.end]
            in_things = expected["value"] * UNIT_FACTORS.get(expected["unit"], 1)
            if any(_close(_retold_value(q), in_things) for q in hits):
                totals["retold"][1] += 1
            if any(
                (q.unit is None or q.counted is not None) if expected["unit"] == "dimensionless" else q.unit == want_unit
                for q in hits
            ):
                totals["retold"][2] += 1
            their_hits = [q for q in theirs if q.span[0] < end and start < q.span[1]]
            if any(_close(q.value, expected["value"]) for q in their_hits):
                totals["quantulum3"][1] += 1
            if any(q.unit.name == expected["unit"] for q in their_hits):
                totals["quantulum3"][2] += 1
    print(f"quantulum3-tests ({len(cases)} sentences, {totals['retold'][0]} expected quantities):")
    for name, (n, value_ok, unit_ok) in totals.items():
        print(f"  {name:<11} value accuracy {value_ok / n:.3f} ({value_ok}/{n})  unit accuracy {unit_ok / n:.3f} ({unit_ok}/{n})")


def _quantulum_unit(q) -> str | None:
    if q.unit.name == "dimensionless":
        return None
    return q.unit.symbols[0] if getattr(q.unit, "symbols", None) else q.unit.name


def score_measeval(base: Path, pred_path: Path) -> tuple[float, float, float, int, int]:
    """P, R, F1 and unit agreement computed exactly as shared/eval/score_measeval.py does."""
    gold: dict[str, set] = {}
    for fn in os.listdir(base / "tsv"):
        for r in csv.DictReader(open(base / "tsv" / fn, encoding="utf-8"), delimiter="\t"):
            if r["annotType"] == "Quantity":
                unit = (json.loads(r["other"] or "{}") or {}).get("unit")
                gold.setdefault(r["docId"], set()).add((int(r["startOffset"]), int(r["endOffset"]), unit))
    pred: dict[str, list] = {}
    for line in open(pred_path, encoding="utf-8"):
        d = json.loads(line)
        doc = os.path.basename(str(d["article"].get("source", "")))[:-4]
        pred[doc] = sorted({(q["start"], q["end"], q.get("unit")) for q in d.get("quantities", []) if q.get("start") is not None})
    norm = lambda u: re.sub(r"[\s.]", "", str(u or "")).lower()  # noqa: E731 (the reference scorer's normalisation)
    tp = npred = ngold = unit_ok = unit_n = 0
    for doc in sorted(os.path.splitext(f)[0] for f in os.listdir(base / "text")):
        g, p, used = sorted(gold.get(doc, ())), pred.get(doc, []), set()
        ngold += len(g)
        npred += len(p)
        for gs, ge, gu in g:
            for i, (ps, pe, pu) in enumerate(p):
                if i not in used and ps < ge and gs < pe:
                    used.add(i)
                    tp += 1
                    if gu:
                        unit_n += 1
                        unit_ok += bool(norm(pu) == norm(gu) or (norm(pu) and norm(pu) in norm(gu)))
                    break
    precision = tp / npred if npred else 0.0
    recall = tp / ngold if ngold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, unit_ok, unit_n


def bench_measeval(nlp, shared: Path) -> None:
    base = shared / "data" / "measeval" / "train"
    paths = sorted((base / "text").glob("*.txt"))
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in paths]
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, theirs_path = Path(tmp) / "retold.jsonl", Path(tmp) / "quantulum3.jsonl"
        with open(ours_path, "w", encoding="utf-8") as ours, open(theirs_path, "w", encoding="utf-8") as theirs:
            for article, doc in parse_articles(nlp, texts):
                article.quantities = quantities.run(article, doc)["quantities"]
                ours.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")
                found = [
                    {"start": q.span[0], "end": q.span[1], "unit": _quantulum_unit(q)} for q in quantulum_parse(article.text)
                ]
                theirs.write(json.dumps({"article": {"source": article.source}, "quantities": found}) + "\n")
        print(f"MeasEval train ({len(paths)} texts):")
        for name, path in (("retold", ours_path), ("quantulum3", theirs_path)):
            precision, recall, f1, unit_ok, unit_n = score_measeval(base, path)
            print(f"  {name:<11} span overlap P {precision:.3f} R {recall:.3f} F1 {f1:.3f}  unit agrees {unit_ok}/{unit_n} ({unit_ok / max(unit_n, 1):.3f})")
            reference = subprocess.run(
                [sys.executable, str(shared / "eval" / "score_measeval.py"), str(base), str(path), "0"],
                capture_output=True, text=True,
            )
            print(f"  {'':<11} reference scorer: {reference.stdout.strip()}")


def wikinews_rows(shared: Path) -> list[dict[str, str]]:
    """The Wikinews articles (url, date, title, text) of every year's file, in file order."""
    rows: list[dict[str, str]] = []
    for path in sorted((shared / "data" / "wikinews").glob("wikinews_*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def audit_wikinews(nlp, shared: Path, count: int, seed: int) -> None:
    """Print `count` quantity mentions drawn at random from the Wikinews texts, for a reader to judge."""
    rows = wikinews_rows(shared)
    found = []
    for (source, _), (article, doc) in zip(((r["title"], r["text"]) for r in rows),
                                           parse_articles(nlp, [(r["title"], r["text"]) for r in rows])):
        for quantity in quantities.run(article, doc)["quantities"]:
            sentence = next((s.span for s in article.sentences if s.span.start <= quantity.span.start < s.span.end), None)
            found.append((source, quantity, sentence.text if sentence else quantity.span.text))
    drawn = random.Random(seed).sample(found, min(count, len(found)))
    print(f"audit: {len(drawn)} of {len(found)} quantity mentions in {len(rows)} Wikinews articles, seed {seed}")
    for number, (title, quantity, sentence) in enumerate(drawn, start=1):
        counted = quantity.counted or "-"
        print(f"\n{number:>3}. {title[:70]}")
        print(f"     sentence: {' '.join(sentence.split())}")
        print(f"     mention:  {quantity.span.text!r}  interval: {interval_label(stated_of(quantity))}  kind: {quantity.kind}"
              f"  unit: {quantity.unit or '-'}  counted: {counted}{'  (a change)' if quantity.change else ''}"
              f"{'  (a modifier or a rate: counts nothing)' if quantity.modifier else ''}")


def bench_speed(nlp, shared: Path, limit: int) -> None:
    texts = [row["text"] for row in wikinews_rows(shared)][:limit]
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:5]))  # warm up
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse_seconds = time.perf_counter() - start
    articles = []
    for text, doc in zip(texts, docs):
        article = Article(text=text)
        article.sentences = sentences.run(article, doc)["sentences"]
        articles.append(article)
    start = time.perf_counter()
    count = 0
    for article, doc in zip(articles, docs):
        count += len(quantities.run(article, doc)["quantities"])
    quantity_seconds = time.perf_counter() - start
    print(f"speed on {len(texts)} Wikinews articles ({words} words, {count} quantities):")
    print(f"  spaCy alone          {words / parse_seconds:9.0f} words/s")
    print(f"  spaCy + quantities   {words / (parse_seconds + quantity_seconds):9.0f} words/s")
    print(f"  quantities cost {100 * quantity_seconds / parse_seconds:.1f}% of spaCy's parse time")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    options.add_argument("--wikinews", type=int, default=300, help="how many Wikinews articles to time")
    options.add_argument("--skip", nargs="*", default=[], choices=["quantulum", "measeval", "speed"])
    options.add_argument("--audit", type=int, nargs="?", const=40, default=None, metavar="N",
                         help="print N random Wikinews quantity mentions for a reader to judge (40 when N is left out)")
    options.add_argument("--seed", type=int, default=14, help="the audit's random seed")
    args = options.parse_args()
    if not (args.shared / "data").exists():
        sys.exit(f"{args.shared}/data is absent: this benchmark reads the shared corpora")
    if args.audit is not None and args.audit < 1:
        sys.exit("--audit takes a positive number of mentions")
    nlp = load_spacy()
    if args.audit is not None:
        audit_wikinews(nlp, args.shared, args.audit, args.seed)
        return
    if "quantulum" not in args.skip:
        bench_quantulum_tests(nlp, args.shared)
    if "measeval" not in args.skip:
        bench_measeval(nlp, args.shared)
    if "speed" not in args.skip:
        bench_speed(nlp, args.shared, args.wikinews)


if __name__ == "__main__":
    main()
