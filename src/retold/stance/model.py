"""The shipped stance model: load it, and predict agree / disagree / discuss / unrelated with probabilities."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from retold.errors import RetoldError
from retold.model_files import MODELS, require
from retold.stance.features import RELATED_FEATURES, Body, Vocabulary, pair_features, prepare_body
from retold.stance.fnc import LABELS
from retold.stance.verbatim import lift_disagree, quotes_unrefuted

DEFAULT_DIR = MODELS / "stance"
MODEL_FILES = ("meta.json", "vocab.json", "related.lgb.txt", "stance.lgb.txt")
# LightGBM imports these when it finds them, only for its scikit-learn, pandas and dask interfaces, which retold never
# uses (numpy in, numpy out); with scikit-learn installed that import alone took 1.3-1.9 s of a 2 s load
LIGHTGBM_OPTIONAL = ("sklearn", "pandas", "dask", "datatable", "pyarrow", "cffi", "graphviz", "matplotlib")
RELATED_LABELS = ("agree", "disagree", "discuss")

if TYPE_CHECKING:  # LightGBM is imported when a model is loaded or trained (see import_lightgbm), not with the module
    import lightgbm


@dataclass
class StanceModel:
    """Two LightGBM boosters: related vs unrelated on similarity features, then agree/disagree/discuss on related pairs."""

    vocab: Vocabulary
    related: lightgbm.Booster
    stance: lightgbm.Booster
    threshold: float = 0.5
    disagree_bias: float = 1.0  # tuned on held-out training bodies: the weighted booster still under-calls `disagree`

    def prepare(self, body: str) -> Body:
        """Prepare a body once for many claims."""
        return prepare_body(body, self.vocab)

    def features(self, pairs: Iterable[tuple[str, Body]]) -> np.ndarray:
        """Feature matrix of (headline, prepared body) pairs."""
        rows = [pair_features(h, b, self.vocab) for h, b in pairs]
        return np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)

    def predict_features(self, x: np.ndarray) -> np.ndarray:
        """Probabilities in LABELS order, shape (n, 4)."""
        if len(x) == 0:
            return np.zeros((0, len(LABELS)))
        p_related = np.asarray(self.related.predict(x[:, :RELATED_FEATURES], num_threads=1))
        p_stance = np.asarray(self.stance.predict(x, num_threads=1)).reshape(len(x), len(RELATED_LABELS))
        return np.column_stack([p_stance * p_related[:, None], 1.0 - p_related])

    def predict_proba(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities for (headline, body text) pairs; each distinct body is prepared once."""
        cache: dict[str, Body] = {}
        prepared = []
        for headline, body in pairs:
            if body not in cache:
                cache[body] = self.prepare(body)
            prepared.append((headline, cache[body]))
        return self.predict_prepared(prepared)

    def predict_prepared(self, pairs: Sequence[tuple[str, Body]]) -> np.ndarray:
        """Probabilities for (headline, prepared body) pairs: the boosters, then the verbatim-quote rule."""
        probabilities = self.predict_features(self.features(pairs))
        # a rule over the learnt model: quoting a claim word for word, with no denial around it, is never disputing it
        quoted = [p[1] > 0 and quotes_unrefuted(h, b) for p, (h, b) in zip(probabilities, pairs)]
        return lift_disagree(probabilities, quoted)

    def labels(self, probabilities: np.ndarray) -> list[str]:
        """Decide: unrelated below the related threshold, otherwise the likeliest related label."""
        out = []
        for row in probabilities:
            related = 1.0 - row[3]
            scaled = row[:3] * np.array([1.0, self.disagree_bias, 1.0])
            out.append(RELATED_LABELS[int(np.argmax(scaled))] if related >= self.threshold else "unrelated")
        return out


def import_lightgbm():
    """LightGBM without its optional integrations, unless something imported it (or them) already."""
    if "lightgbm" in sys.modules:
        return sys.modules["lightgbm"]
    hidden = [name for name in LIGHTGBM_OPTIONAL if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # makes `import name` raise ImportError, which LightGBM allows
    try:
        import lightgbm
    except ImportError as error:  # the booster format needs LightGBM, not scikit-learn
        raise RetoldError("stance needs LightGBM: pip install 'lightgbm>=4.3,<5'") from error
    finally:
        for name in hidden:
            sys.modules.pop(name, None)
    return lightgbm


def save(model_dir: Path, model: StanceModel, card: dict) -> None:
    """Write the model files: vocabulary JSON, two LightGBM text models, and meta."""
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "vocab.json").write_text(json.dumps(model.vocab.to_json(), separators=(",", ":")), encoding="utf-8")
    model.related.save_model(str(model_dir / "related.lgb.txt"))
    model.stance.save_model(str(model_dir / "stance.lgb.txt"))
    meta = {"threshold": model.threshold, "disagree_bias": model.disagree_bias, **card}
    (model_dir / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")


def load(model_dir: str | Path | None = None) -> StanceModel:
    """Load the shipped model (or one in model_dir)."""
    lightgbm = import_lightgbm()
    path = Path(model_dir) if model_dir else DEFAULT_DIR
    if not model_dir:
        require(*(path / name for name in MODEL_FILES))  # a shipped file is reinstalled, not rebuilt
    if not (path / "meta.json").exists():
        raise RetoldError(f"no stance model in {path}; build it with python -m retold.stance.train")
    absent = [name for name in MODEL_FILES if not (path / name).exists()]
    if absent:
        raise RetoldError(f"the stance model in {path} has no {absent[0]}; build it again with python -m retold.stance.train")
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    vocab = Vocabulary.from_json(json.loads((path / "vocab.json").read_text(encoding="utf-8")))
    related = lightgbm.Booster(model_file=str(path / "related.lgb.txt"))
    stance = lightgbm.Booster(model_file=str(path / "stance.lgb.txt"))
    return StanceModel(vocab, related, stance, float(meta.get("threshold", 0.5)), float(meta.get("disagree_bias", 1.0)))
