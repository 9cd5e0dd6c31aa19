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
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.tables import idempotency_keys as keys
from ..domain.errors import RuleViolation


@dataclass(frozen=True)
class IdempotentRequest:
    key: str
    fingerprint: str
    method: str
    path: str
    owner: str = ""  # the account that sent it

    @property
    def stored_key(self) -> str:
        """What the database keeps: the account's key, never the bare one (at most 64 characters)."""
        return hashlib.sha256(f"{self.owner}\n{self.key}".encode()).hexdigest()


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: str
    headers: dict[str, str]


def fingerprint(method: str, path: str, query: list[tuple[str, str]], payload: Any) -> str:
    """SHA-256 of what the request asks for: method, path, sorted query and the parsed body
    (so that the same JSON with its keys in another order is the same request)."""
    doc = {"method": method, "path": path, "query": sorted(query), "body": payload}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


async def claim(
    session: AsyncSession, request: IdempotentRequest, *, now: datetime, ttl: timedelta
) -> StoredResponse | None:
    """Claim the key for this transaction (None), or return the response stored for it.

    Raises RuleViolation (422) when the key was used for a different request.
    """
    await session.execute(delete(keys).where(keys.c.key == request.stored_key, keys.c.created_at < now - ttl))
    claimed = (
        await session.execute(
            insert(keys)
            .values(
                key=request.stored_key,
                fingerprint=request.fingerprint,
                method=request.method,
                path=request.path,
                status_code=0,
                body="",
                headers={},
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(keys.c.key)
        )
    ).first()
    if claimed is not None:
        return None
    row = (await session.execute(select(keys).where(keys.c.key == request.stored_key))).mappings().one()
    if (row["fingerprint"], row["method"], row["path"]) != (request.fingerprint, request.method, request.path):
        raise RuleViolation(
            "Idempotency-Key",
            "same-request",
            f"Idempotency-Key '{request.key}' was already used for a different request ({row['method']} "
            f"{row['path']} with another body): use a new key for a new request.",
            "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác: hãy dùng khóa mới.",
        )
    return StoredResponse(row["status_code"], row["body"], dict(row["headers"]))


async def store(session: AsyncSession, request: IdempotentRequest, response: StoredResponse) -> None:
    """Record the response of the claimed key, in the claiming transaction."""
    await session.execute(
        update(keys)
        .where(keys.c.key == request.stored_key)
        .values(status_code=response.status_code, body=response.body, headers=response.headers)
    )


async def purge_expired(session: AsyncSession, *, now: datetime, ttl: timedelta) -> int:
    """Forget keys older than `ttl`; returns how many."""
    result = await session.execute(delete(keys).where(keys.c.created_at < now - ttl))
    return result.rowcount or 0
