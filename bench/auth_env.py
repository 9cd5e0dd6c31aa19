"""Benchmarks run the services as in production, with access tokens: a throwaway key pair is
put in the environment (for in-process apps and for the processes they start) and every
request carries an administrator's token."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from lichtruc.auth import Principal, generate_keypair, issue_access_token

PRIVATE_KEY, PUBLIC_KEY = generate_keypair()
os.environ.update(
    {
        "ROSTER_AUTH_PRIVATE_KEY": PRIVATE_KEY,
        "NOTIFIER_AUTH_PUBLIC_KEY": PUBLIC_KEY,
        "AUDIT_AUTH_PUBLIC_KEY": PUBLIC_KEY,
        "AUDIT_LOG_SIGNING_KEY": generate_keypair()[0],  # audit signs its log's tree heads
    }
)

# With a display name, as roster's sign-in issues every token (`principal_of`): a change then names its actor
# from the token, as in production, and reads no account for it (without it, a fifth of a `POST /shifts`'s CPU
# went on that read in py-spy, 2026-12-07).
_ADMIN = Principal(
    account_id="00000000-0000-4000-8000-0000000be7c4",
    role="admin",
    name="bench@lichtruc.local",
    display_name="Quản trị viên Sở (bench)",
)
ADMIN_HEADERS = {
    "Authorization": "Bearer "
    + issue_access_token(_ADMIN, private_key_pem=PRIVATE_KEY, now=datetime.now(UTC), ttl=timedelta(hours=6))
}
