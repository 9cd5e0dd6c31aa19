"""The deadlines' facts on PostgreSQL (db/deadlines.py): a campaign's kind is kept with it, so that the sweep
tells a drill's enterprises nothing of Tết opening hours (domain/deadlines.py) after a restart as before it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from lichtruc import db
from notifier.db.deadlines import PgDeadlines
from notifier.domain.deadlines import Campaign


async def test_a_campaigns_kind_is_kept_and_read_back(new_database) -> None:
    engine = db.create_engine(new_database("notifier"), pool_size=1)
    try:
        starts, ends = datetime(2027, 1, 20, 1, tzinfo=UTC), datetime(2027, 1, 20, 10, tzinfo=UTC)
        drill = Campaign(uuid.uuid4(), "Diễn tập trực Tết", starts, ends, None, "drill")
        tet = Campaign(uuid.uuid4(), "Tết Đinh Mùi 2027", starts, ends.replace(month=2), None)
        async with db.session_factory(engine)() as session, session.begin():
            store = PgDeadlines(session)
            assert await store.put_campaign(drill, version=1) and await store.put_campaign(tet, version=1)
        async with db.session_factory(engine)() as session:
            read = {c.campaign_id: c for c in await PgDeadlines(session).campaigns(ending_after=starts)}
        assert read == {drill.campaign_id: drill, tet.campaign_id: tet}
        assert (read[drill.campaign_id].kind, read[tet.campaign_id].kind) == ("drill", "tet")
    finally:
        await engine.dispose()
