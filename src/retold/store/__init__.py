"""The embedded DuckDB store: named migrations, one writer, readers, and exports."""
from retold.store.connection import DEFAULT_DB, open_for_reading, open_for_writing
from retold.store.reader import load_articles
from retold.store.schema import MIGRATIONS, SCHEMA_VERSION, StoreError, migrate
from retold.store.writer import StoreWriter, write_article, write_link_result

__all__ = [
    "DEFAULT_DB", "MIGRATIONS", "SCHEMA_VERSION", "StoreError", "StoreWriter", "load_articles", "migrate",
    "open_for_reading", "open_for_writing", "write_article", "write_link_result",
]
