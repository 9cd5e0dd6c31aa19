"""The stack's test clock (`lichtruc.clock`, LICHTRUC_CLOCK_OFFSET) as a service reads it from its settings, and
access tokens' times checked against it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from pydantic import ValidationError

from lichtruc.auth import Principal, TokenError, generate_keypair, issue_access_token, verify_access_token
from lichtruc.clock import (
    CLOCK_FILE_VARIABLE,
    OFFSET_VARIABLE,
    file_clock,
    offset_to,
    shifted_clock,
    wall_clock,
    write_offset,
)
from lichtruc.serving import ServingSettings

PRIVATE, PUBLIC = generate_keypair()
STAFF = Principal(account_id="a1", role="staff", enterprise_ids=frozenset({"vnpt"}))
TET = datetime(2027, 2, 7, 3, 0, tzinfo=UTC)  # 10:00 on mùng 2 Tết, Vietnam time


class Settings(ServingSettings, env_prefix="ROSTER_"):
    """A service's settings as every service declares them: its prefix over the serving settings."""


def test_no_offset_is_the_wall_clock_itself() -> None:
    assert shifted_clock(None) is wall_clock and shifted_clock(0) is wall_clock


def test_an_offset_moves_the_clock_and_time_still_passes() -> None:
    offset = offset_to(TET)
    clock = shifted_clock(offset)
    first = clock()
    assert abs((first - TET).total_seconds()) < 5
    assert clock() >= first
    with pytest.raises(ValueError, match="no time zone"):
        offset_to(datetime(2027, 2, 7, 10, 0))


def test_only_the_one_variable_sets_it_and_a_blank_one_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LICHTRUC_CLOCK_OFFSET", raising=False)
    monkeypatch.setenv("ROSTER_CLOCK_OFFSET_SECONDS", "3600")  # one service alone on a clock of its own: no
    assert (Settings().clock_offset_seconds, Settings().test_clock) == (None, False)
    assert Settings().clock() is wall_clock
    monkeypatch.setenv("LICHTRUC_CLOCK_OFFSET", "  ")  # compose's `LICHTRUC_CLOCK_OFFSET=`: no test clock
    assert Settings().clock_offset_seconds is None
    monkeypatch.setenv("LICHTRUC_CLOCK_OFFSET", "5531664.8")
    assert (Settings().clock_offset_seconds, Settings().test_clock) == (5531664.8, True)
    assert Settings().clock()() > datetime.now(UTC) + timedelta(days=60)
    monkeypatch.setenv("LICHTRUC_CLOCK_OFFSET", str(200 * 366 * 24 * 3600))  # milliseconds typed for seconds
    with pytest.raises(ValidationError):
        Settings()


def test_a_token_stamped_on_the_test_clock_is_good_on_it_and_not_on_the_wall_clock() -> None:
    token = issue_access_token(STAFF, private_key_pem=PRIVATE, now=TET, ttl=timedelta(minutes=15))
    assert verify_access_token(token, public_key_pem=PUBLIC, now=TET + timedelta(minutes=5)) == STAFF
    with pytest.raises(TokenError, match="expired"):
        verify_access_token(token, public_key_pem=PUBLIC, now=TET + timedelta(minutes=16))
    with pytest.raises(TokenError, match="not valid"):  # issued after the reader's now: a clock apart from the stack's
        verify_access_token(token, public_key_pem=PUBLIC, now=TET - timedelta(hours=1))


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_a_token_whose_times_are_not_finite_is_refused(value: str) -> None:
    """A NaN or infinite `exp` would never expire (JSON parsers read them): refused, whoever signed it."""
    good = jwt.decode(
        issue_access_token(STAFF, private_key_pem=PRIVATE, now=datetime.now(UTC), ttl=timedelta(minutes=15)),
        options={"verify_signature": False},
    )
    for claim in ("exp", "iat"):
        body = json.dumps({**good, claim: 0}).replace(f'"{claim}": 0', f'"{claim}": {value}')
        forged = jwt.api_jws.encode(
            body.encode(), jwt.algorithms.get_default_algorithms()["EdDSA"].prepare_key(PRIVATE), algorithm="EdDSA"
        )
        with pytest.raises(TokenError, match="not valid"):
            verify_access_token(forged, public_key_pem=PUBLIC)


def test_a_clock_file_moves_every_clock_reading_it_at_once(tmp_path: Path) -> None:
    """Devstack's phased demo load moves a running stack's clock: each process's clock reads the file again when it
    is replaced, so all of them move together, and time still passes between moves."""
    path = tmp_path / "clock"
    write_offset(path, offset_to(TET))
    roster, audit = file_clock(path), file_clock(path)
    for clock in (roster, audit):
        assert abs((clock() - TET).total_seconds()) < 5
    later = TET + timedelta(days=3, hours=2)
    write_offset(path, offset_to(later))
    for clock in (roster, audit):
        assert abs((clock() - later).total_seconds()) < 5
    first = roster()
    assert roster() >= first
    # Removed, or not a number: the last offset read (a clock never falls back to the wall clock mid-run).
    path.write_text("không phải số")
    assert abs((audit() - later).total_seconds()) < 5
    path.unlink()
    assert abs((roster() - later).total_seconds()) < 5
    (tmp_path / "far").write_text(str(200 * 366 * 24 * 3600))
    with pytest.raises(ValueError, match="century"):
        file_clock(tmp_path / "far")


def test_a_service_takes_the_clock_file_over_the_offset_and_a_blank_one_is_unset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "clock"
    write_offset(path, offset_to(TET))
    monkeypatch.setenv(OFFSET_VARIABLE, "0")
    monkeypatch.setenv(CLOCK_FILE_VARIABLE, str(path))
    settings = Settings()
    assert settings.test_clock and abs((settings.clock()() - TET).total_seconds()) < 5
    monkeypatch.setenv(CLOCK_FILE_VARIABLE, " ")
    assert not Settings().test_clock
