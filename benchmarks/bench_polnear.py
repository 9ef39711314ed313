"""Attribution quality on PolNeAR dev and the seed, the textacy baseline, and speed against spaCy alone.

usage: python benchmarks/bench_polnear.py [--split ../shared/data/polnear/dev] [--out /tmp/retold_polnear.jsonl] [--audit 40]
Reads ../shared at run time (third-party data never enters the repository); prints figures, exits 0.
--audit N prints N attributions drawn at random (fixed, printed seed) from the Wikinews texts, for a person to judge;
they are also written beside --out as .audit.txt.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

from retold.analyze import attribution, sentences
from retold.analyze.pipeline import load_spacy
from retold.model import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ROLES = {"Source": "speaker", "Cue": "cue", "Content": "content"}
AUDIT_SEED = 14


def gold_spans(path: Path) -> dict[str, list[tuple[int, int]]]:
    """Source/Cue/Content spans of one brat file; a discontinuous span counts from its first to its last piece."""
    out: dict[str, list] = {role: [] for role in ROLES}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        _, middle, _ = line.split("\t", 2)
        role, offsets = middle.split(" ", 1)
        if role in ROLES:
            pairs = [tuple(map(int, p.split())) for p in offsets.split(";")]
            out[role].append((min(p[0] for p in pairs), max(p[1] for p in pairs)))
    return {role: sorted(set(spans)) for role, spans in out.items()}


def match(gold: list, predicted: list, exact: bool) -> int:
    """One-to-one greedy matching in gold order, as the reference scorer does."""
    used, hits = set(), 0
    for g in gold:
        for index, p in enumerate(predicted):
            if index not in used and ((p == g) if exact else (p[0] < g[1] and g[0] < p[1])):
                used.add(index)
                hits += 1
                break
    return hits


def score(split: Path, predictions: dict[str, dict[str, list]]) -> dict:
    """Totals per (role, exact): [true positives, predicted, gold]."""
    totals = {(role, exact): [0, 0, 0] for role in ROLES for exact in (True, False)}
    for name in sorted(os.listdir(split / "text")):
        annotations = sorted(a for a in os.listdir(split / "attributions") if a.startswith(name[:-4] + "_"))
        if not annotations:
            continue
        gold = gold_spans(split / "attributions" / annotations[0])
        predicted = predictions.get(name, {role: [] for role in ROLES})
        for role in ROLES:
            for exact in (True, False):
                t = totals[(role, exact)]
                t[0] += match(gold[role], predicted[role], exact)
                t[1] += len(predicted[role])
                t[2] += len(gold[role])
    return totals


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_scores(title: str, totals: dict) -> None:
    print(title)
    for role in ("Cue", "Source", "Content"):
        po, ro, fo = prf(*totals[(role, False)])
        pe, re_, fe = prf(*totals[(role, True)])
        print(f"  {role:8s} overlap P {po:.3f} R {ro:.3f} F1 {fo:.3f} | exact P {pe:.3f} R {re_:.3f} F1 {fe:.3f}")


def spans_of(records: list[dict]) -> dict[str, list]:
    spans: dict[str, list] = {role: [] for role in ROLES}
    for record in records:
        for role, key in ROLES.items():
            span = record.get(key)
            if isinstance(span, dict) and span.get("start") is not None:
                spans[role].append((span["start"], span["end"]))
    return {role: sorted(set(v)) for role, v in spans.items()}


def textacy_spans(doc) -> dict[str, list]:
    """textacy's direct quotations as speaker/cue/content spans (its exceptions cost the document, not the run)."""
    from textacy.extract.triples import direct_quotations

    spans: dict[str, list] = {role: [] for role in ROLES}
    try:
        for quote in direct_quotations(doc):
            for role, tokens in zip(("Source", "Cue", "Content"), (quote.speaker, quote.cue, quote.content)):
                if tokens:
                    spans[role].append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
    except Exception:  # noqa: BLE001 -- textacy fails on some parses; the baseline scores that document empty
        pass
    return {role: sorted(set(v)) for role, v in spans.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", type=Path, default=SHARED / "data" / "polnear" / "dev")
    parser.add_argument("--out", type=Path, default=Path("/tmp/retold_polnear_dev.jsonl"))
    parser.add_argument("--no-textacy", action="store_true")
    parser.add_argument("--audit", type=int, default=40, help="attributions to draw from Wikinews for a reader (0: none)")
    args = parser.parse_args()
    if not (args.split / "text").is_dir():
        print(f"skipped: {args.split} is absent (PolNeAR lives in ../shared, never in the repository)")
        return
    nlp = load_spacy()
    names = sorted(os.listdir(args.split / "text"))
    texts = [(args.split / "text" / n).read_text(encoding="utf-8") for n in names]
    words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse_seconds = time.perf_counter() - started

    articles = []
    sentence_seconds = attribution_seconds = 0.0
    attribution.run(Article(text="Warm up, she said."), nlp("Warm up, she said."))  # model load is not per document
    for name, text, doc in zip(names, texts, docs):
        article = Article(text=text, source=str(args.split / "text" / name))
        t0 = time.perf_counter()
        for layer, records in sentences.run(article, doc).items():
            setattr(article, layer, records)
        t1 = time.perf_counter()
        article.attributions = attribution.run(article, doc)["attributions"]
        t2 = time.perf_counter()
        article.check()
        sentence_seconds += t1 - t0
        attribution_seconds += t2 - t1
        articles.append(article)
    with args.out.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")

    predictions = {name: spans_of([a.to_json() for a in article.attributions]) for name, article in zip(names, articles)}
    print(f"PolNeAR {args.split.name}: {len(names)} articles, {words} words, "
          f"{sum(len(a.attributions) for a in articles)} attributions predicted")
    print_scores("retold attribution (this benchmark's scorer)", score(args.split, predictions))
    reference = SHARED / "eval" / "score_polnear.py"
    if reference.exists():
        result = subprocess.run([sys.executable, str(reference), str(args.split), str(args.out)],
                                capture_output=True, text=True)
        print("reference scorer (eval/score_polnear.py) on the same predictions:")
        for line in (result.stderr + result.stdout).strip().splitlines():
            print("  " + line)
    if not args.no_textacy:
        baseline = {name: textacy_spans(doc) for name, doc in zip(names, docs)}
        print_scores("baseline textacy.extract.triples.direct_quotations", score(args.split, baseline))

    print(f"speed: spaCy alone {words / parse_seconds:,.0f} words/s ({parse_seconds:.2f} s); "
          f"attribution {attribution_seconds:.2f} s = {100 * attribution_seconds / parse_seconds:.1f}% of spaCy; "
          f"spaCy + attribution {words / (parse_seconds + attribution_seconds):,.0f} words/s "
          f"(sentences component {100 * sentence_seconds / parse_seconds:.1f}%)")
    seed_figures(nlp)
    if args.audit > 0:
        audit(nlp, args.audit, args.out.with_suffix(".audit.txt"))


def wikinews_texts() -> list[tuple[str, str]]:
    """(where, text) of every Wikinews article in ../shared, in file order."""
    csv.field_size_limit(2**31 - 1)
    found = []
    for path in sorted((SHARED / "data" / "wikinews").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), 1):
                found.append((f"{path.name} #{number} {row.get('title', '')[:60]}", row.get("text") or ""))
    return found


def audit(nlp, count: int, path: Path) -> None:
    """A reader's audit: `count` attributions drawn at random from the Wikinews texts, with their sentence."""
    texts = wikinews_texts()
    if not texts:
        print("audit: skipped (../shared/data/wikinews is absent)")
        return
    rng = random.Random(AUDIT_SEED)
    # only as many articles as attributions asked for are analysed (a few seconds), drawn before the attributions
    drawn = rng.sample(texts, min(len(texts), count))
    pool = []
    for (where, text), doc in zip(drawn, nlp.pipe([t for _, t in drawn], batch_size=16)):
        article = Article(text=text)
        for layer, records in sentences.run(article, doc).items():
            setattr(article, layer, records)
        sentence_of = {s.id: s.span.text for s in article.sentences}
        for record in attribution.run(article, doc)["attributions"]:
            pool.append((where, record, sentence_of.get(record.sentence or "", "")))
    picked = sorted(rng.sample(range(len(pool)), min(count, len(pool))))
    lines = [f"audit: {len(picked)} attributions drawn at random (seed {AUDIT_SEED}) from {len(pool)} in "
             f"{len(drawn)} of {len(texts)} Wikinews articles; judge each: speaker | cue | content"]
    for n, index in enumerate(picked, 1):
        where, record, sentence = pool[index]
        speaker = _speaker_shown(record)
        lines.append(f"[{n}] {where} {record.id} {record.mode}/{record.polarity}")
        lines.append(f"    sentence: {_flat(sentence)}")
        lines.append(f"    {_flat(speaker)} | {_flat(record.cue.text) if record.cue else '-'} | "
                     f"{_flat(record.content.text) if record.content else '-'}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"audit written to {path}")


def _speaker_shown(record) -> str:
    """The speaker's words, with the name a first person stands for ('I (= Jane Roe)'), or '(name)' with no words."""
    if record.speaker is None:
        return "-"
    if record.speaker.span is None:
        return f"({record.speaker.name})"
    words = record.speaker.span.text
    return f"{words} (= {record.speaker.name})" if words.lower() in ("i", "me", "we", "us") else words


def _flat(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def seed_figures(nlp) -> None:
    """The seed's attribution line from the reference seed scorer."""
    seed = SHARED / "seed" / "raqqa.txt"
    if not seed.exists():
        print("seed: skipped (../shared/seed is absent)")
        return
    article = Article(text=seed.read_text(encoding="utf-8"), source=str(seed))
    doc = nlp(article.text)
    for layer, records in sentences.run(article, doc).items():
        setattr(article, layer, records)
    article.attributions = attribution.run(article, doc)["attributions"]
    path = Path("/tmp/retold_seed_attributions.json")
    path.write_text(json.dumps(article.to_json(), ensure_ascii=False) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(SHARED / "eval" / "score_seed.py"),
                             str(SHARED / "seed" / "raqqa.gold.json"), str(path)], capture_output=True, text=True)
    line = result.stdout.strip()
    found = re.search(r"attributions \d+/\d+", line)
    extra = re.search(r"attributions \+\d+", line)
    print("seed (eval/score_seed.py, attribution part): "
          f"{found.group(0) if found else '?'} found, noise {extra.group(0) if extra else '?'} (bar: >= 11/12, <= +3)")

if __name__ == "__main__":
    main()
