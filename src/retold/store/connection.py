"""Opening the DuckDB file: every way it can be unusable becomes one clear StoreError, and nothing is written first."""
from __future__ import annotations

import os
import re
import time

from retold.store.schema import SCHEMA_VERSION, StoreError, check_version, migrate, schema_version

DEFAULT_DB = "retold.duckdb"
_LOCK_PID = re.compile(r"\(PID (\d+)\)")


def open_for_writing(path: str, wait: float = 0.0):
    """The one writer connection: the file is checked read-only first, then opened for writing and migrated."""
    import duckdb

    path = os.fspath(path)
    if os.path.isdir(path):
        raise StoreError(f"{path} is a directory; give a database file name such as {DEFAULT_DB}")
    if os.path.exists(path):
        # look before writing: a corrupt file or one from a newer retold must be left byte for byte as it was
        inspect = _connect(path, read_only=True, wait=wait)
        try:
            check_version(_version(inspect, path), path)
        finally:
            inspect.close()
        if not os.access(path, os.W_OK):
            raise StoreError(f"{path} is read-only (no write permission, or a read-only file system); it was left untouched")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise StoreError(f"cannot create {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        # DuckDB writes its journal (FILE.wal) beside the database file
        raise StoreError(f"cannot write to {path}: its folder {folder} is read-only and DuckDB needs to write its journal there")
    connection = _connect(path, read_only=False, wait=wait)
    try:
        migrate(connection, path)
    except StoreError:
        connection.close()
        raise
    except duckdb.Error as error:
        connection.close()
        raise StoreError(f"cannot prepare {path}: {_one_line(error)}") from None
    return connection


def open_for_reading(path: str, wait: float = 0.0):
    """A read-only connection to an existing retold database of a version this retold knows."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise StoreError(f"{path} does not exist; run 'retold ingest PATH... --db {path}' first")
    connection = _connect(path, read_only=True, wait=wait)
    try:
        version = _version(connection, path)
        check_version(version, path)
        if version < SCHEMA_VERSION:
            raise StoreError(f"{path} has schema version {version}; run 'retold ingest' on it once to upgrade it to {SCHEMA_VERSION}")
    except StoreError:
        connection.close()
        raise
    return connection


def _version(connection, path: str) -> int:
    import duckdb

    try:
        return schema_version(connection)
    except duckdb.Error as error:
        raise StoreError(f"{path} cannot be read: {_one_line(error)}") from None


def _connect(path: str, read_only: bool, wait: float):
    """duckdb.connect, retrying a held lock for up to `wait` seconds, with DuckDB's errors explained."""
    import duckdb

    deadline = time.monotonic() + max(0.0, wait)
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as error:
            message = str(error)
            if "lock" in message.lower() and ("conflicting" in message.lower() or "could not set" in message.lower()):
                if time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                raise StoreError(_describe_lock(path, message, wait)) from None
            raise StoreError(_describe_open_error(path, message)) from None


def _describe_lock(path: str, message: str, wait: float) -> str:
    match = _LOCK_PID.search(message)
    holder = f"another process (PID {match.group(1)})" if match else "another process"
    waited = f" after waiting {wait:g} s" if wait > 0 else ""
    return (
        f"{path} is locked: {holder} has it open for writing{waited}; DuckDB allows one writer at a time. "
        "Wait for it to finish, or pass --wait SECONDS"
    )


def _describe_open_error(path: str, message: str) -> str:
    lowered = message.lower()
    if "not a valid duckdb database" in lowered:
        return f"{path} is not a DuckDB database (corrupt, or another kind of file); it was left untouched"
    if "permission denied" in lowered or "read-only file system" in lowered:
        return f"{path} is read-only (permission denied); make it writable or give another --db"
    if "serialized" in lowered or "storage version" in lowered:
        return f"{path} was written by an incompatible DuckDB version: {_one_line(message)}"
    return f"cannot open {path}: {_one_line(message)}"


def _one_line(error) -> str:
    return " ".join(str(error).split())
