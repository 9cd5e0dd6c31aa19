"""Which consumer failures are waited out (transient), dead-lettered at once (permanent),
or dead-lettered only after repeating on a healthy database (unknown)."""

from __future__ import annotations

import json
import socket

import asyncpg.exceptions as pg
import pytest
from aiokafka import errors as kafka_errors
from pydantic import BaseModel, ValidationError
from sqlalchemy import exc as sa_exc

from lichtruc import kafka
from lichtruc.events import decode
from lichtruc.failures import PermanentError, TransientError, classify, is_too_large


class _Adapted(Exception):
    """Like SQLAlchemy's asyncpg adapter error: carries the SQLSTATE as an attribute."""

    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = self.pgcode = sqlstate


def wrapped(sqlstate: str, wrapper: type[sa_exc.DBAPIError] = sa_exc.DBAPIError) -> sa_exc.DBAPIError:
    """A driver error with `sqlstate` as SQLAlchemy hands it to the handler."""
    return wrapper("INSERT INTO inbox …", {}, _Adapted("server says no", sqlstate))


def validation_error() -> ValidationError:
    class Model(BaseModel):
        version: int

    with pytest.raises(ValidationError) as info:
        Model.model_validate({"version": "not a number"})
    return info.value


def raised_from(outer: BaseException, inner: BaseException) -> BaseException:
    try:
        try:
            raise inner
        except BaseException as exc:
            raise outer from exc
    except BaseException as exc:
        return exc


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)"),
        ConnectionResetError(104, "Connection reset by peer"),
        OSError("Multiple exceptions: [Errno 111] Connect call failed, [Errno 99] Cannot assign requested address"),
        socket.gaierror(-3, "Temporary failure in name resolution"),
        TimeoutError(),
        TimeoutError(),
        pg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        pg.CannotConnectNowError("the database system is starting up"),
        pg.TooManyConnectionsError("sorry, too many clients already"),
        pg.AdminShutdownError("terminating connection due to administrator command"),
        pg.SerializationError("could not serialize access due to concurrent update"),
        pg.DeadlockDetectedError("deadlock detected"),
        wrapped("40001"),
        wrapped("40P01"),
        wrapped("57P01"),
        wrapped("57P02"),
        wrapped("57P03"),
        wrapped("08006"),
        wrapped("53300"),
        sa_exc.OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly")),
        sa_exc.InterfaceError("SELECT 1", {}, Exception("connection is closed")),
        sa_exc.DBAPIError("SELECT 1", {}, Exception("?"), connection_invalidated=True),
        sa_exc.TimeoutError("QueuePool limit of size 10 overflow 10 reached, connection timed out"),
        kafka_errors.KafkaConnectionError("Unable to bootstrap from [('127.0.0.1', 19092)]"),
        kafka_errors.KafkaTimeoutError(),
        kafka_errors.NotLeaderForPartitionError(),
        kafka_errors.LeaderNotAvailableError(),
        kafka_errors.RequestTimedOutError(),
        kafka_errors.NodeNotReadyError(),
        TransientError("waiting for the mail server"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_outages_are_transient(exc: BaseException) -> None:
    assert classify(exc) == "transient"


@pytest.mark.parametrize(
    "exc",
    [
        PermanentError("references a campaign that does not exist"),
        validation_error(),
        json.JSONDecodeError("Expecting value", "{not json", 1),
        UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_broken_messages_are_permanent(exc: BaseException) -> None:
    assert classify(exc) == "permanent"


def test_bytes_that_are_no_cloudevent_fail_permanently() -> None:
    for raw in (b"{not json at all", b'{"id": "x"}', b"\xff\xfe", b"[]"):
        with pytest.raises(Exception) as info:
            decode(raw)
        assert classify(info.value) == "permanent", raw


@pytest.mark.parametrize(
    "exc",
    [
        RuntimeError("boom"),
        KeyError("shift_id"),
        ZeroDivisionError(),
        FileNotFoundError(2, "No such file or directory"),
        PermissionError(13, "Permission denied"),
        wrapped("23505", sa_exc.IntegrityError),  # a unique violation the data causes
        wrapped("P0001"),  # RAISE EXCEPTION in a trigger
        wrapped("42P01", sa_exc.ProgrammingError),  # missing table: a migration was not applied
        kafka_errors.TopicAuthorizationFailedError(),
    ],
    ids=lambda e: type(e).__name__,
)
def test_everything_else_is_unknown(exc: BaseException) -> None:
    assert classify(exc) == "unknown"


def test_the_cause_of_a_wrapped_failure_counts() -> None:
    assert classify(raised_from(RuntimeError("applying failed"), ConnectionRefusedError())) == "transient"
    assert classify(raised_from(RuntimeError("applying failed"), KeyError("x"))) == "unknown"


def test_an_explicit_permanent_error_wins_over_its_cause() -> None:
    assert classify(raised_from(PermanentError("unknown source"), ConnectionResetError())) == "permanent"


def test_size_errors_are_recognised_for_parking() -> None:
    assert is_too_large(kafka_errors.MessageSizeTooLargeError("The message is 2100000 bytes when serialized"))
    assert is_too_large(raised_from(RuntimeError("publish failed"), kafka_errors.RecordTooLargeError()))
    assert not is_too_large(kafka_errors.KafkaConnectionError())


def test_the_old_import_path_of_permanent_error_still_works() -> None:
    assert kafka.PermanentError is PermanentError


def test_the_drivers_closed_connection_error_is_transient_and_its_other_interface_errors_are_not() -> None:
    from asyncpg.exceptions import InterfaceError

    from lichtruc.failures import classify, database_unreachable

    closed = InterfaceError("connection is closed")
    busy = InterfaceError("cannot perform operation: another operation is in progress")
    assert (classify(closed), database_unreachable(closed)) == ("transient", True)
    assert (classify(busy), database_unreachable(busy)) == ("unknown", False)


def test_a_statement_on_a_connection_whose_server_said_goodbye_is_an_outage_and_the_drivers_other_bugs_are_not() -> (
    None
):
    """asyncpg read PostgreSQL's last message on a pooled connection (an administrator's terminate, a restart)
    but not yet the socket's end: the next statement meets its state 2 (an error being consumed). Its other
    internal errors are bugs, not outages."""
    from asyncpg.exceptions import InternalClientError

    from lichtruc.failures import classify, database_unreachable

    goodbye = InternalClientError("cannot switch to state 12; another operation (2) is in progress")
    other = InternalClientError("cannot switch to state 12; another operation (11) is in progress")
    assert (classify(goodbye), database_unreachable(goodbye)) == ("transient", True)
    assert (classify(other), database_unreachable(other)) == ("unknown", False)
