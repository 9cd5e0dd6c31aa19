"""Where each role starts."""

from __future__ import annotations

from ..domain.session import Account

HOME = {"admin": "/admin/campaigns", "manager": "/manage", "staff": "/me/shifts", "inspector": "/inspect/heatmap"}


def home_for(account: Account) -> str:
    return HOME.get(account.role, "/account/password")
