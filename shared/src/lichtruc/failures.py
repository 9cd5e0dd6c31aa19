"""Which failures of a consumer are worth waiting out, and which never will be.

`classify(exc)` is pure: it looks at the exception, its `.orig` (SQLAlchemy wraps the
driver's error there) and its causes, and answers

- **transient**: the database or Kafka is unreachable or briefly refusing (connection
  refused, lost, reset, or found closed by the server; pool timeout; serialization failure 40001, deadlock 40P01,
  admin/crash shutdown and "cannot connect now" 57P01–57P03, too many connections,
  Kafka's retriable errors). The same event will apply once the dependency is back:
  retry without limit, never dead-letter.
- **permanent**: the message itself is wrong (not JSON, not a CloudEvent, a schema
  violation, `PermanentError`): retrying is pointless, dead-letter at once.
- **unknown**: anything else (a handler bug, a constraint the data breaks). The caller
  retries a few times and dead-letters only if the database answers meanwhile.

An explicit classification on the exception raised wins over what it was raised from:
`raise PermanentError(...) from exc` is permanent whatever `exc` was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Literal

import asyncpg.exceptions as pg
from aiokafka import errors as kafka_errors
from pydantic import ValidationError
from sqlalchemy import exc as sa_exc

Kind = Literal["transient", "permanent", "unknown"]
Dependency = Literal["database", "kafka"]


class PermanentError(Exception):
    """An event that can never be applied (retrying is pointless): straight to the DLQ."""


class TransientError(Exception):
    """A failure the caller knows will pass (a dependency is away): retried without limit."""


TRANSIENT_SQLSTATES = frozenset(
    {
        "40001",  # serialization_failure
        "40P01",  # deadlock_detected
        "55P03",  # lock_not_available (lock_timeout)
        "57P01",
        "57P02",
        "57P03",  # admin_shutdown, crash_shutdown, cannot_connect_now
        "25006",  # read_only_sql_transaction: a failover pointed us at a standby for a moment
    }
)
TRANSIENT_SQLSTATE_CLASSES = frozenset(
    {
        "08",  # connection_exception (08000, 08003 connection does not exist, 08006 failure…)
        "53",  # insufficient_resources (too many connections, out of memory, disk full)
    }
)

# OSErrors that are about files, not the network: a handler bug, not an outage.
_NOT_NETWORK = (FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError, PermissionError)


def classify(exc: BaseException) -> Kind:
    """Transient, permanent or unknown (see the module docstring)."""
    if isinstance(exc, (PermanentError, ValidationError, json.JSONDecodeError, UnicodeDecodeError)):
        return "permanent"
    if isinstance(exc, TransientError):
        return "transient"
    for link in _chain(exc):
        if _is_transient(link):
            return "transient"
    return "unknown"


def _is_transient(exc: BaseException) -> bool:
    if isinstance(
        exc, OSError
    ):  # ConnectionRefused/Reset/Aborted, TimeoutError, socket.gaierror, "Connect call failed"
        return not isinstance(exc, _NOT_NETWORK)
    if isinstance(exc, sa_exc.TimeoutError):  # the connection pool had nothing free in time
        return True
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError)):
        return True
    if isinstance(exc, kafka_errors.KafkaError):
        return bool(exc.retriable) or isinstance(exc, kafka_errors.KafkaTimeoutError)
    sqlstate = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
    if isinstance(sqlstate, str) and (sqlstate in TRANSIENT_SQLSTATES or sqlstate[:2] in TRANSIENT_SQLSTATE_CLASSES):
        return True
    return _closed_connection(exc) or isinstance(
        exc,
        (
            pg.ConnectionDoesNotExistError,
            pg.CannotConnectNowError,
            pg.TooManyConnectionsError,
            pg.PostgresConnectionError,
            pg.ConnectionFailureError,
        ),
    )


def _closed_connection(exc: BaseException) -> bool:
    """asyncpg's `InterfaceError: connection is closed`: a statement sent to a connection the server had
    closed (a restart); asyncpg has no class of its own for it, SQLAlchemy too tells it by these words.
    Also its `InternalClientError` "cannot switch to state …; another operation (2) is in progress": a
    statement sent to a pooled connection whose server had ended it while it waited, asyncpg having read
    the server's last message (its state 2, consuming an error) but not yet the socket's end."""
    if isinstance(exc, pg.InternalClientError):
        return "another operation (2) is in progress" in str(exc)
    return isinstance(exc, pg.InterfaceError) and "connection is closed" in str(exc)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what SQLAlchemy wrapped (`.orig`), and its causes, each once."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        link = todo.pop()
        if id(link) in seen or len(seen) > 20:
            continue
        seen.add(id(link))
        yield link
        orig = getattr(link, "orig", None)
        if isinstance(orig, BaseException):
            todo.append(orig)
        if link.__cause__ is not None:
            todo.append(link.__cause__)
        elif link.__context__ is not None and not link.__suppress_context__:
            todo.append(link.__context__)


# A server going away, starting up or full (class 08, connection exceptions, as a whole).
_UNREACHABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})


def database_unreachable(exc: BaseException) -> bool:
    """Whether `exc` (or what it wraps or was raised from) says the database could not be reached
    or dropped the connection — a condition that passes (a restart, a failover, a full pool), as
    opposed to a statement the database refused. This is what an HTTP request answers with 503
    and `Retry-After`; connecting failed if SQLAlchemy raised before it had a statement to run
    (e.g. "database is not currently accepting connections")."""
    for link in _chain(exc):
        if isinstance(link, sa_exc.TimeoutError):  # no pooled connection came free in time
            return True
        if isinstance(link, sa_exc.DBAPIError) and (link.connection_invalidated or link.statement is None):
            return True
        if isinstance(link, OSError) and not isinstance(link, _NOT_NETWORK):
            return True
        if isinstance(link, sa_exc.DisconnectionError) or _closed_connection(link):
            return True
        sqlstate = getattr(link, "sqlstate", None)
        if isinstance(sqlstate, str) and (sqlstate.startswith("08") or sqlstate in _UNREACHABLE_SQLSTATES):
            return True
    return False


def is_too_large(exc: BaseException) -> bool:
    """The record is over the producer's `max_request_size` or the broker's/topic's limit."""
    return any(
        isinstance(
            link,
            (
                kafka_errors.MessageSizeTooLargeError,
                kafka_errors.RecordTooLargeError,
                kafka_errors.RecordListTooLargeError,
            ),
        )
        for link in _chain(exc)
    )


def dependency_of(exc: BaseException) -> Dependency:
    """Which dependency a transient failure waits for: Kafka if Kafka raised it (or what it wraps),
    else the database."""
    return "kafka" if any(isinstance(link, kafka_errors.KafkaError) for link in _chain(exc)) else "database"
