"""What signing in needs besides the database: the password hasher, the signing key, the
lifetimes of tokens, and the in-process throttles."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..domain.accounts import SlidingWindow


def _wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Credentials:
    """Hashing runs in a worker thread: argon2id is slow on purpose (tens of milliseconds and
    64 MiB by default), and the event loop must keep serving other requests meanwhile."""

    hasher: PasswordHasher
    private_key: str
    access_ttl: timedelta
    refresh_ttl: timedelta
    max_failures: int
    lockout: timedelta
    clients: SlidingWindow
    unknown_logins: SlidingWindow
    reset_logins: SlidingWindow = field(default_factory=lambda: SlidingWindow(1, timedelta(minutes=15)))
    """Requests for a new password (`password_reset`): one per login per window, known login or not."""
    reset_clients: SlidingWindow = field(default_factory=lambda: SlidingWindow(5, timedelta(hours=1)))
    """… and a few per client address an hour."""
    # Access tokens are checked against the wall clock by every service (PyJWT refuses a token
    # issued "in the future"), so they are stamped with it, not with the app's injectable clock.
    token_clock: Callable[[], datetime] = _wall_clock
    _dummy_hash: str | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings) -> Credentials:  # RosterSettings; not imported to keep handlers settings-free
        lockout = timedelta(minutes=settings.login_lockout_minutes)
        return cls(
            hasher=password_hasher(settings),
            private_key=settings.token_private_key(),
            access_ttl=timedelta(minutes=settings.access_token_minutes),
            refresh_ttl=timedelta(hours=settings.refresh_token_hours),
            max_failures=settings.login_max_failures,
            lockout=lockout,
            clients=SlidingWindow(settings.login_client_max_failures, lockout),
            unknown_logins=SlidingWindow(settings.login_max_failures, lockout),
            reset_logins=SlidingWindow(1, timedelta(minutes=settings.password_reset_login_minutes)),
            reset_clients=SlidingWindow(settings.password_reset_client_max, timedelta(hours=1)),
        )

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self.hasher.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        def check() -> bool:
            try:
                return self.hasher.verify(password_hash, password)
            except (VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(check)

    def needs_rehash(self, password_hash: str) -> bool:
        """The hash was made with other parameters than today's (or is not one we can read)."""
        try:
            return self.hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    async def dummy_hash(self) -> str:
        """A hash of nothing anybody knows, verified for unknown logins so that they take as long
        as a wrong password of a real account (the answer's timing must not tell them apart)."""
        if self._dummy_hash is None:
            self._dummy_hash = await self.hash(secrets.token_urlsafe(24))
        return self._dummy_hash


def password_hasher(settings) -> PasswordHasher:
    """argon2id (argon2-cffi's default type) with the configured cost."""
    return PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
        parallelism=settings.password_hash_parallelism,
    )
