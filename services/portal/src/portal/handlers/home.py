"""Where each role starts."""

from __future__ import annotations

from ..domain.navigation import start_of
from ..domain.session import Account


def home_for(account: Account) -> str:
    return start_of(account.role)
