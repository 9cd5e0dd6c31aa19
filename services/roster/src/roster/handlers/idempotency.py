"""Idempotency-Key: a client retrying a POST gets the first response again instead of a
second change.

The key is claimed with an INSERT in the same transaction as the change and the response is
stored there too, so a key is never recorded for a change that rolled back. Two requests with
the same key at once serialise on the key's row: the second waits for the first to commit
and then replays its response.

Keys belong to the account that sent them: two accounts choosing the same key do not see or
block each other's requests.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from ..db.idempotency import PgIdempotencyKeys
from ..db.ports import IdempotentRequest, StoredResponse
from ..domain.errors import RuleViolation
from .context import UnitOfWork

__all__ = ["IdempotentRequest", "StoredResponse", "claim", "fingerprint", "purge_expired", "store"]


def fingerprint(method: str, path: str, *, query: list[tuple[str, str]], payload: Any) -> str:
    """SHA-256 of what the request asks for: method, path, sorted query and the parsed body
    (so that the same JSON with its keys in another order is the same request)."""
    doc = {"method": method, "path": path, "query": sorted(query), "body": payload}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


async def claim(uow: UnitOfWork, request: IdempotentRequest, *, ttl: timedelta) -> StoredResponse | None:
    """Claim the key for this transaction (None), or return the response stored for it.

    Raises RuleViolation (422) when the key was used for a different request.
    """
    before = await uow.idempotency.claim(request, now=uow.now, ttl=ttl)
    if before is None:
        return None
    if (before.fingerprint, before.method, before.path) != (request.fingerprint, request.method, request.path):
        raise RuleViolation(
            "Idempotency-Key",
            "same-request",
            f"Idempotency-Key “{request.key}” was already used for a different request ({before.method} "
            f"{before.path} with another body): use a new key for a new request.",
            "Khoá chống gửi trùng này đã được dùng cho một yêu cầu khác: hãy dùng khoá mới.",
        )
    return before.response


async def store(uow: UnitOfWork, request: IdempotentRequest, *, response: StoredResponse) -> None:
    """Record the response of the claimed key, in the claiming transaction."""
    await uow.idempotency.store(request, response)


async def purge_expired(session: Any, *, now: datetime, ttl: timedelta) -> int:
    """Forget keys older than `ttl` (in the housekeeping's own transaction); returns how many."""
    return await PgIdempotencyKeys(session).purge_expired(now=now, ttl=ttl)
