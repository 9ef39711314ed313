"""The founding example: `retold analyze --json` on the seed, scored by the reference scorer ../shared/eval/score_seed.py."""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def main() -> int:
    seed, gold, scorer = SHARED / "seed" / "raqqa.txt", SHARED / "seed" / "raqqa.gold.json", SHARED / "eval" / "score_seed.py"
    if not seed.exists():
        print(f"skipped: {seed} is absent")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        predictions = Path(tmp) / "seed.jsonl"
        with predictions.open("w", encoding="utf-8") as out:
            subprocess.run([sys.executable, "-m", "retold", "analyze", str(seed), "--json"], stdout=out, check=True)
        scored = subprocess.run([sys.executable, str(scorer), str(gold), str(predictions)], capture_output=True, text=True)
    print(f"seed (reference scorer): {scored.stdout.strip()}")
    if scored.stderr.strip():
        print(scored.stderr.strip())
    return scored.returncode


if __name__ == "__main__":
    sys.exit(main())
