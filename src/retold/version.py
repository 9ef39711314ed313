"""retold's version, on its own so that any module can name it without importing the package's public functions."""

__version__ = "0.1.0"
