"""The model files shipped inside the package: where they are, and the one-line error when one is missing."""
from __future__ import annotations

from pathlib import Path

from retold.errors import RetoldError

MODELS = Path(__file__).resolve().parent / "models"
REINSTALL = "pip install --force-reinstall retold (in a checkout: make setup)"


class MissingModel(RetoldError):
    """A model file the package ships is not there: the installation is incomplete, so nothing falls back."""


def missing(path: Path) -> MissingModel:
    """The error for one absent shipped file: which file, and how to get it back."""
    return MissingModel(f"the model file {path} is missing from this installation; reinstall retold: {REINSTALL}")


def require(*paths: Path) -> None:
    """Raise MissingModel for the first of `paths` that does not exist."""
    for path in paths:
        if not path.exists():
            raise missing(path)
