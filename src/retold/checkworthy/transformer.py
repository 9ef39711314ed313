"""The fine-tuned MiniLM check-worthiness model, run by onnxruntime from package data (no torch, no hub)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from retold.errors import RetoldError
from retold.model_files import MODELS, require

MODEL_DIR = MODELS / "checkworthy_minilm"
SHIPPED_FILES = tuple(MODEL_DIR / name for name in ("model.onnx", "tokenizer.json", "meta.json"))
BATCH = 64

if TYPE_CHECKING:  # both are imported when the model is loaded, not with the module
    import onnxruntime
    from tokenizers import Tokenizer


@dataclass
class TransformerModel:
    """An ONNX encoder + head giving P(check-worthy), its word-piece tokenizer, and the threshold tuned on held-out train."""

    session: onnxruntime.InferenceSession
    tokenizer: Tokenizer
    threshold: float
    max_length: int
    card: dict

    @classmethod
    def load(cls, model_dir: Path | str | None = None, threshold: float | None = None, threads: int = 1) -> TransformerModel:
        """Load the model folder (the shipped one by default); one intra-op thread unless told otherwise."""
        path = Path(model_dir) if model_dir else MODEL_DIR
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as error:
            raise RetoldError(f"the transformer check-worthiness model needs onnxruntime and tokenizers: pip install retold ({error})") from None
        if not model_dir:
            require(*SHIPPED_FILES)  # a shipped file is reinstalled, not rebuilt
        for name in ("model.onnx", "tokenizer.json"):
            if not (path / name).exists():
                raise RetoldError(f"no transformer check-worthiness model in {path} (no {name}); build it with python -m retold.checkworthy.finetune")
        card = json.loads((path / "meta.json").read_text(encoding="utf-8")) if (path / "meta.json").exists() else {}
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(path / "model.onnx"), options, providers=["CPUExecutionProvider"])
        max_length = int(card.get("max_length", 64))
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        tokenizer.enable_truncation(max_length)
        tokenizer.no_padding()
        chosen = threshold if threshold is not None else float(card.get("threshold", 0.5))
        return cls(session, tokenizer, chosen, max_length, card)

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """P(check-worthy) of each text; texts of similar length are batched together to pad little."""
        encodings = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        ids = [e.ids for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        scores = np.zeros(len(ids), dtype=np.float64)
        for begin in range(0, len(order), BATCH):
            rows = order[begin : begin + BATCH]
            width = max(len(ids[i]) for i in rows)
            input_ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for row, i in enumerate(rows):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            (probability,) = self.session.run(None, {"input_ids": input_ids, "attention_mask": mask})
            scores[rows] = probability
        return scores

    def label(self, scores: np.ndarray) -> list[str]:
        """Yes at or above the tuned threshold."""
        return ["Yes" if s >= self.threshold else "No" for s in scores]
