"""A page cursor is checked against the shape of the list's own key: a cursor that a client
edited (another type, another length, a number no column holds, a time without its zone) is a
`BadCursor` (the 422 `bad-cursor` of every service), never a value handed to the database."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from lichtruc.paging import MAX_OFFSET, BadCursor, Int32, PageRequest, by_offset, decode_cursor, encode_cursor

WHEN = datetime(2027, 2, 5, 6, 0, tzinfo=timezone(timedelta(hours=7)))
ID = uuid.UUID("0b6f4c2e-1d2a-4b7e-9a51-3c8d2e7f9a10")


def edited(kind: str, key: list) -> str:
    """A cursor as a client would forge it: the same base64 JSON, with its own key."""
    raw = json.dumps([kind, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_a_cursor_the_list_handed_out_decodes_to_its_key() -> None:
    cursor = encode_cursor("shifts", [WHEN, ID])
    assert decode_cursor("shifts", cursor, (datetime, uuid.UUID)) == (WHEN, ID)
    assert PageRequest(cursor=cursor).after("shifts", datetime, uuid.UUID) == (WHEN, ID)
    mixed = encode_cursor("sequence-gaps", [2**63 - 1, "shift", ID, -(2**63)])
    assert decode_cursor("sequence-gaps", mixed, (int, str, uuid.UUID, int)) == (2**63 - 1, "shift", ID, -(2**63))
    day = encode_cursor("daily-reports", [date(2027, 2, 5), ID, 3])
    assert decode_cursor("daily-reports", day, (date, uuid.UUID, Int32)) == (date(2027, 2, 5), ID, 3)
    assert PageRequest().after("shifts", datetime, uuid.UUID) is None


def test_a_nullable_element_takes_none_or_its_type_and_nothing_else() -> None:
    types = (str | None, int)
    assert decode_cursor("x", encode_cursor("x", [None, 1]), types) == (None, 1)
    assert decode_cursor("x", encode_cursor("x", ["a", 1]), types) == ("a", 1)
    with pytest.raises(BadCursor):
        decode_cursor("x", encode_cursor("x", [1, 1]), types)
    with pytest.raises(BadCursor):
        decode_cursor("x", encode_cursor("x", ["a", None]), types)  # int without `| None`: never null


@pytest.mark.parametrize(
    ("kind", "key", "types"),
    [
        ("log", ["zzz"], (int,)),  # the QA cursor: text where the seq is
        ("log", [1.5], (int,)),
        ("log", [{"u": str(ID)}], (int,)),
        ("shifts", [{"u": str(ID)}, {"t": WHEN.isoformat()}], (datetime, uuid.UUID)),  # swapped
        ("shifts", [{"t": WHEN.isoformat()}, str(ID)], (datetime, uuid.UUID)),  # a uuid as bare text
        ("inspections", [{"t": WHEN.isoformat()}, {"u": str(ID)}], (date, uuid.UUID)),  # a time for a day
        ("inspections", [{"d": "2027-02-05"}, {"u": str(ID)}], (datetime, uuid.UUID)),  # a day for a time
        (
            "requirements",
            [{"u": str(ID)}, ["guard"], {"t": WHEN.isoformat()}, {"u": str(ID)}],
            (uuid.UUID, str, datetime, uuid.UUID),
        ),
        ("x", [{"z": 1}], (int,)),  # an unknown tag
    ],
)
def test_an_element_of_another_type_is_a_bad_cursor(kind: str, key: list, types: tuple) -> None:
    with pytest.raises(BadCursor):
        decode_cursor(kind, edited(kind, key), types)


@pytest.mark.parametrize("key", [[], [1, 2], [[1]]])
def test_a_key_of_another_length_is_a_bad_cursor(key: list) -> None:
    with pytest.raises(BadCursor):
        PageRequest(cursor=edited("log", key)).after("log", int)
    with pytest.raises(BadCursor):
        PageRequest(cursor=edited("shifts", [{"t": WHEN.isoformat()}])).after("shifts", datetime, uuid.UUID)


@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 10**40])
def test_an_int_beyond_64_bits_is_a_bad_cursor(number: int) -> None:
    with pytest.raises(BadCursor):
        PageRequest(cursor=edited("log", [number])).after("log", int)


def test_an_int32_element_holds_only_32_bits() -> None:
    types = (date, uuid.UUID, Int32)
    for version in (2**31, -(2**31) - 1):
        with pytest.raises(BadCursor):
            decode_cursor(
                "daily-reports", edited("daily-reports", [{"d": "2027-02-05"}, {"u": str(ID)}, version]), types
            )
    assert decode_cursor(
        "daily-reports", edited("daily-reports", [{"d": "2027-02-05"}, {"u": str(ID)}, 2**31 - 1]), types
    )


@pytest.mark.parametrize("flag", [True, False])
def test_a_bool_is_not_an_int(flag: bool) -> None:
    with pytest.raises(BadCursor):
        PageRequest(cursor=edited("log", [flag])).after("log", int)
    with pytest.raises(BadCursor):
        PageRequest(cursor=edited("staff", [flag])).offset("staff")


def test_a_naive_datetime_is_a_bad_cursor() -> None:
    naive = edited("shifts", [{"t": "2027-02-05T06:00:00"}, {"u": str(ID)}])
    with pytest.raises(BadCursor):
        PageRequest(cursor=naive).after("shifts", datetime, uuid.UUID)
    aware = edited("shifts", [{"t": "2027-02-05T06:00:00+07:00"}, {"u": str(ID)}])
    assert PageRequest(cursor=aware).after("shifts", datetime, uuid.UUID) == (WHEN, ID)


def test_a_datetime_no_database_holds_is_a_bad_cursor() -> None:
    # year 1 at +07:00 is before year 1 in UTC: Python cannot even convert it
    with pytest.raises(BadCursor):
        decode_cursor("x", edited("x", [{"t": "0001-01-01T00:00:00+07:00"}]), (datetime,))
    assert decode_cursor("x", edited("x", [{"t": "0001-01-02T00:00:00+00:00"}]), (datetime,)) == (
        datetime(1, 1, 2, tzinfo=UTC),
    )


def test_a_long_text_is_a_bad_cursor() -> None:
    with pytest.raises(BadCursor):
        decode_cursor("x", edited("x", ["a" * 301]), (str,))
    assert decode_cursor("x", edited("x", ["a" * 300]), (str,)) == ("a" * 300,)


def test_an_offset_is_a_non_negative_int_up_to_2_31() -> None:
    assert PageRequest(cursor=encode_cursor("staff", [MAX_OFFSET])).offset("staff") == 2**31
    assert PageRequest(cursor=encode_cursor("staff", [50])).offset("staff") == 50
    assert PageRequest().offset("staff") == 0
    for start in (2**31 + 1, 2**63, -1):
        with pytest.raises(BadCursor):
            PageRequest(cursor=edited("staff", [start])).offset("staff")
    for key in (["50"], [50, 1], []):
        with pytest.raises(BadCursor):
            PageRequest(cursor=edited("staff", key)).offset("staff")


def test_an_offset_page_hands_out_a_cursor_it_takes_back() -> None:
    first = by_offset(list(range(3)), PageRequest(limit=2), "staff")
    assert first.next_cursor is not None
    assert PageRequest(limit=2, cursor=first.next_cursor).offset("staff") == 2


def test_another_lists_cursor_and_garbage_stay_bad_cursors() -> None:
    with pytest.raises(BadCursor):
        decode_cursor("log", encode_cursor("findings", [1]), (int,))
    with pytest.raises(BadCursor):
        decode_cursor("log", "garbage", (int,))


def test_a_list_that_names_no_types_is_a_programming_error_on_its_first_page() -> None:
    # not a client's 422: a call site without its key's types must fail in its own tests
    with pytest.raises(TypeError):
        PageRequest().after("log")
    with pytest.raises(TypeError):
        PageRequest().after("log", float)
