"""One transaction on the writer connection: committed whole or rolled back, and its first error is the one reported."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress


@contextmanager
def transaction(connection) -> Iterator[None]:
    """BEGIN, the body, COMMIT; on any error ROLLBACK and re-raise that error, never the rollback's."""
    connection.execute("BEGIN TRANSACTION")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        # a failed COMMIT (a full disk) or a fatal error has already ended the transaction, and DuckDB then refuses
        # the ROLLBACK ("cannot rollback - no transaction is active"): that second error would hide the cause
        with suppress(Exception):
            connection.execute("ROLLBACK")
        raise
