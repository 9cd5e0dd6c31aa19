"""The delivery repository's list and owner (PostgreSQL and in memory, the same answers) for a message that
concerns several enterprises — a manager of two enterprises' readiness mail names both —: listed to whoever sees
every one of them and to the person it went to, not to a manager of one only; the enterprise filter matches any
one of them. A delivery of one enterprise, or of none, stored without the field (as every delivery made before
it existed), lists as it did."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from lichtruc import db
from lichtruc.scope import EVERYTHING, Visible
from notifier.app import MIGRATIONS
from notifier.db.deliveries import DeliveryRepository, PgDeliveries
from notifier.db.memory import MemoryDatabase
from notifier.domain.deliveries import new_delivery
from notifier.domain.messages import Message
from notifier.domain.model import DeliveryFilter, Owner

NOW = datetime(2027, 1, 25, 3, 0, tzinfo=UTC)
VNPT, VIETTEL, DIRECTOR = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

Repo = Callable[[], AbstractAsyncContextManager[DeliveryRepository]]


@pytest.fixture(params=["postgres", "memory"])
async def repo(request, new_database) -> AsyncIterator[tuple[str, Repo]]:
    """A fresh delivery repository, one transaction per `async with`."""
    if request.param == "memory":
        memory = MemoryDatabase()

        @asynccontextmanager
        async def in_memory() -> AsyncIterator[DeliveryRepository]:
            async with memory.uow() as uow:
                yield uow.deliveries

        yield "memory", in_memory
        return
    engine = db.create_engine(new_database("notifier"), pool_size=2)
    await db.migrate(engine, MIGRATIONS, service="notifier")
    sessions = db.session_factory(engine)

    @asynccontextmanager
    async def in_postgres() -> AsyncIterator[DeliveryRepository]:
        async with sessions() as session, session.begin():
            yield PgDeliveries(session)

    try:
        yield "postgres", in_postgres
    finally:
        await engine.dispose()


def mail(key: str, minutes: int, **tied: object):
    return new_delivery(
        now=NOW + timedelta(minutes=minutes),
        kind="readiness_late",
        dedupe_key=key,
        channel="email",
        recipient=f"{key}@longan.vn",
        recipient_name=None,
        language="vi",
        message=Message("[Chuẩn bị Tết — quá hạn] 2 hạng mục", "Nội dung"),
        **tied,  # type: ignore[arg-type]
    )


async def test_a_delivery_of_several_enterprises_lists_for_whoever_sees_them_all_and_its_person(repo) -> None:
    backend, store = repo
    vnpt = mail("vnpt", 0, enterprise_id=VNPT)
    viettel = mail("viettel", 1, enterprise_id=VIETTEL)
    both = mail("both", 2, enterprise_ids=(VIETTEL, VNPT), staff_id=DIRECTOR)
    untied = mail("untied", 3)
    async with store() as deliveries:
        assert await deliveries.add([vnpt, viettel, both, untied]) == 4

    async def listed(visible: Visible, **where: object) -> list[uuid.UUID]:
        async with store() as deliveries:
            page = await deliveries.page(
                DeliveryFilter(**where),  # type: ignore[arg-type]
                visible=visible,
                after=None,
                order="asc",
                limit=10,
            )
        return [d.id for d in page]

    only_vnpt = Visible(frozenset({VNPT}))
    group = Visible(frozenset({VNPT, VIETTEL}))
    assert await listed(EVERYTHING) == [vnpt.id, viettel.id, both.id, untied.id], backend
    assert await listed(only_vnpt) == [vnpt.id], backend  # Viettel's items are not a VNPT-only manager's to read
    assert await listed(group) == [vnpt.id, viettel.id, both.id], backend
    assert await listed(Visible(frozenset({VNPT}), DIRECTOR)) == [vnpt.id, both.id], backend  # the person it went to
    assert await listed(Visible(frozenset(), DIRECTOR)) == [both.id], backend
    assert await listed(EVERYTHING, enterprise_id=VIETTEL) == [viettel.id, both.id], backend
    assert await listed(group, enterprise_id=VNPT) == [vnpt.id, both.id], backend
    assert await listed(only_vnpt, enterprise_id=VNPT) == [vnpt.id], backend

    async with store() as deliveries:
        [row] = [
            d
            for d in await deliveries.page(DeliveryFilter(), visible=group, after=None, order="asc", limit=10)
            if d.id == both.id
        ]
        assert row.enterprise_ids == (VIETTEL, VNPT) and row.enterprise_id is None, backend
        stored = await deliveries.get(both.id)
        assert stored is not None and stored.enterprise_ids == (VIETTEL, VNPT), backend
        assert await deliveries.owner(both.id) == Owner(
            None, frozenset({DIRECTOR}), enterprises=frozenset({VNPT, VIETTEL})
        )
        assert await deliveries.owner(vnpt.id) == Owner(VNPT)
        assert (await deliveries.get(vnpt.id)).enterprise_ids == ()

    if backend == "postgres":  # stored without the field, as before it existed
        async with store() as deliveries:
            assert isinstance(deliveries, PgDeliveries)
            nulls = await deliveries.session.execute(
                text("SELECT dedupe_key FROM deliveries WHERE enterprise_ids IS NULL ORDER BY dedupe_key")
            )
            assert [k for (k,) in nulls.all()] == ["untied", "viettel", "vnpt"]
