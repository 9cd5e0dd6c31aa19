"""Idempotency keys in PostgreSQL: claimed with an INSERT in the transaction of the change, the
response stored there too (see handlers/idempotency.py for the rules)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from .ports import IdempotentRequest, StoredKey, StoredResponse
from .tables import idempotency_keys as keys


class PgIdempotencyKeys:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, request: IdempotentRequest, *, now: datetime, ttl: timedelta) -> StoredKey | None:
        await self.session.execute(delete(keys).where(keys.c.key == request.stored_key, keys.c.created_at < now - ttl))
        claimed = (
            await self.session.execute(
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
        row = (await self.session.execute(select(keys).where(keys.c.key == request.stored_key))).mappings().one()
        return StoredKey(
            row["fingerprint"],
            row["method"],
            row["path"],
            StoredResponse(row["status_code"], row["body"], dict(row["headers"])),
        )

    async def store(self, request: IdempotentRequest, response: StoredResponse) -> None:
        await self.session.execute(
            update(keys)
            .where(keys.c.key == request.stored_key)
            .values(status_code=response.status_code, body=response.body, headers=response.headers)
        )

    async def purge_expired(self, *, now: datetime, ttl: timedelta) -> int:
        result = cast(
            CursorResult[tuple[()]], await self.session.execute(delete(keys).where(keys.c.created_at < now - ttl))
        )
        return result.rowcount or 0
