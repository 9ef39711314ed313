"""Opening the DuckDB file: every way it can be unusable becomes one clear StoreError, and nothing is written first."""
from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import duckdb

from retold.store.handover import YIELD_SECONDS, announce_writer, serving_reader
from retold.store.schema import SCHEMA_VERSION, StoreError, check_version, damaged, migrate, schema_version

DEFAULT_DB = "retold.duckdb"
_LOCK_PID = re.compile(r"\(PID (\d+)\)")
_HEADERS = 3 * 4096  # a DuckDB file starts with its main header and two alternating database headers, then its blocks
_DAMAGE = ("corrupt database file", "could not read enough bytes", "checksum")
_DISK_FULL = ("no space left on device", "disk is full", "not enough space", "disk quota exceeded")
# a write the system refused for another reason (a file size limit, an I/O error): said as such, at commit too
_WRITE_FAILED = ("could not write file", "file too large", "input/output error")


def open_for_writing(path: str, wait: float = 0.0):
    """The one writer connection: the file is checked read-only first, then opened for writing and migrated."""
    path = os.fspath(path)
    if os.path.isdir(path):
        raise StoreError(f"{path} is a directory; give a database file name such as {DEFAULT_DB}")
    if os.path.exists(path):
        # look before writing: a corrupt file or one from a newer retold must be left byte for byte as it was
        inspect = _connect(path, read_only=True, wait=wait)
        try:
            _check_length(inspect, path)
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
        raise StoreError(describe_store_error(path, error) or f"cannot prepare {path}: {_one_line(error)}") from None
    return connection


def open_for_reading(path: str, wait: float = 0.0):
    """A read-only connection to an existing retold database of a version this retold knows."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise StoreError(f"{path} does not exist; run 'retold ingest PATH... --db {path}' first")
    connection = _connect(path, read_only=True, wait=wait)
    try:
        _check_length(connection, path)
        version = _version(connection, path)
        check_version(version, path)
        if version < SCHEMA_VERSION:
            raise StoreError(f"{path} has schema version {version}; run 'retold ingest' on it once to upgrade it to {SCHEMA_VERSION}")
    except StoreError:
        connection.close()
        raise
    return connection


@contextmanager
def writing_store(path: str, wait: float = 0.0) -> Iterator:
    """The writer connection for one command, closed at the end; DuckDB's errors about the file become StoreErrors.

    A web app serving the file is asked to let go of it first (see store/handover.py)."""
    with announce_writer(os.fspath(path)):
        connection = open_for_writing(path, wait)
        with _closing(connection, path):
            yield connection


@contextmanager
def reading_store(path: str, wait: float = 0.0) -> Iterator:
    """A read-only connection for one command, closed at the end; DuckDB's errors about the file become StoreErrors."""
    connection = open_for_reading(path, wait)
    with _closing(connection, path):
        yield connection


@contextmanager
def store_errors(path: str) -> Iterator[None]:
    """Turn DuckDB's errors that are about the file (damaged, disk full, unreadable) into one-line StoreErrors.

    Other DuckDB errors (a wrong statement) are bugs of retold's and pass through unchanged."""
    try:
        yield
    except duckdb.Error as error:
        message = describe_store_error(path, error)
        if message is None:
            raise
        raise StoreError(message) from None


def describe_store_error(path: str, error: BaseException) -> str | None:
    """The one-line reason for a DuckDB error about the file at `path`; None for an error of another kind."""
    text = _one_line(error)
    lowered = text.lower()
    if any(sign in lowered for sign in _DISK_FULL):
        return (f"cannot write to {path}: the disk is full ({text}); what was committed before is kept: "
                "free some space and run the command again")
    if any(sign in lowered for sign in _DAMAGE):
        return damaged(path, text)
    if any(sign in lowered for sign in _WRITE_FAILED):
        return f"cannot write to {path}: {text}; what was committed before is kept: run the command again once it can be written"
    if isinstance(error, duckdb.IOException):
        return f"cannot read or write {path}: {text}"
    return None


@contextmanager
def _closing(connection, path: str) -> Iterator[None]:
    """Close the connection after the body; its DuckDB errors about the file become StoreErrors."""
    try:
        with store_errors(path):
            yield
    except BaseException:
        # the error that stopped the command is the one to report, not a failure to close after it
        with suppress(Exception):
            connection.close()
        raise
    with store_errors(path):
        connection.close()


def _version(connection, path: str) -> int:
    try:
        return schema_version(connection, path)
    except duckdb.Error as error:
        raise StoreError(describe_store_error(path, error) or f"{path} cannot be read: {_one_line(error)}") from None


def _check_length(connection, path: str) -> None:
    """Refuse a file shorter than the blocks in use (cut short by a copy or a full disk) before anything reads them.

    Only the used blocks are counted: DuckDB lists free blocks too and drops those at the end of the file, so a sound
    store is often shorter than all its blocks (11.0 MB for 46 blocks of 256 KB, 14 of them free)."""
    try:
        row = connection.execute(
            "SELECT block_size, used_blocks FROM pragma_database_size() WHERE database_name = current_database()"
        ).fetchone()
    except duckdb.Error:
        return  # no size to compare with: a damaged block is still reported when it is read
    if row is None or row[0] is None or row[1] is None:
        return
    needed, length = _HEADERS + row[0] * row[1], os.path.getsize(path)
    if length < needed:
        raise StoreError(damaged(path, f"it is {length:,} bytes long but its blocks need {needed:,}: the file was cut short"))


def _connect(path: str, read_only: bool, wait: float):
    """duckdb.connect, retrying a held lock for up to `wait` seconds, with DuckDB's errors explained."""
    started = time.monotonic()
    deadline = started + max(0.0, wait)
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as error:
            message = str(error)
            if "lock" in message.lower() and ("conflicting" in message.lower() or "could not set" in message.lower()):
                holder = _LOCK_PID.search(message)
                if not read_only and holder and int(holder.group(1)) == serving_reader(path):
                    # the holder is a web app that lets go when a writer waits: give it the time to
                    deadline = max(deadline, started + YIELD_SECONDS)
                if time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                raise StoreError(_describe_lock(path, message, wait)) from None
            raise StoreError(_describe_open_error(path, message)) from None


def _describe_lock(path: str, message: str, wait: float) -> str:
    match = _LOCK_PID.search(message)
    if match and int(match.group(1)) == serving_reader(path):
        return (f"{path} is open in `retold serve` (PID {match.group(1)}), which did not let go of it within "
                f"{YIELD_SECONDS:g} s; stop the web app, or run the command again")
    holder = f"another process (PID {match.group(1)})" if match else "another process"
    waited = f" after waiting {wait:g} s" if wait > 0 else ""
    return (
        f"{path} is locked: {holder} has it open for writing{waited}; DuckDB allows one writer at a time. "
        "Wait for it to finish, or pass --wait SECONDS"
    )


def _describe_open_error(path: str, message: str) -> str:
    lowered = message.lower()
    if any(sign in lowered for sign in _DAMAGE):
        return damaged(path, _one_line(message))
    if "not a valid duckdb database" in lowered:
        return f"{path} is not a DuckDB database (corrupt, or another kind of file); it was left untouched"
    if "permission denied" in lowered or "read-only file system" in lowered:
        return f"{path} is read-only (permission denied); make it writable or give another --db"
    if "serialized" in lowered or "storage version" in lowered:
        return f"{path} was written by an incompatible DuckDB version: {_one_line(message)}"
    return f"cannot open {path}: {_one_line(message)}"


def _one_line(error) -> str:
    return " ".join(str(error).split())
