"""Notifier's copy of roster's accounts says whether a duty worker can sign in to the portal (QZ25 #5: a swap
request's mail linked a colleague with no account to a sign-in): migration 0018 on real PostgreSQL — an account
stored before it links no known staff record, so nobody's account is known until it is recorded again at its
version (`python -m roster publish-accounts`); a deactivated account is none; the downgrade takes the columns away."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from lichtruc import db
from notifier.app import MIGRATIONS
from notifier.db.readmodel import PgReference
from notifier.domain.model import ManagerAccount

NOW = datetime(2027, 1, 29, 7, tzinfo=UTC)


async def test_an_account_from_before_0018_is_nobodys_known_until_recorded_again(new_database) -> None:
    engine = db.create_engine(new_database("notifier", migrated=False), pool_size=1)

    def to(revision: str, *, down: bool = False):
        def run(connection) -> None:
            config = db._alembic_config(MIGRATIONS, connection)
            (command.downgrade if down else command.upgrade)(config, revision)

        return run

    anh, bao, vy = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    hers, vys = uuid.uuid4(), uuid.uuid4()

    async def linked() -> tuple[bool | None, ...]:
        async with db.session_factory(engine)() as session:
            reference = PgReference(session)
            return tuple([await reference.has_account(s) for s in (anh, bao, vy)])

    async def put(account: ManagerAccount) -> bool:
        async with db.session_factory(engine)() as session, session.begin():
            return await PgReference(session).put_account(account, now=NOW)

    try:
        async with engine.begin() as conn:
            await conn.run_sync(to("0017"))
            await conn.execute(  # Ánh's staff account, as 0014 stored it: no staff record
                text(
                    "INSERT INTO accounts (account_id, login, role, enterprise_ids, active, version) "
                    "VALUES (:id, 'anhptn@vnpt-longan.vn', 'staff', '{}', true, 3)"
                ),
                {"id": hers},
            )
            await conn.run_sync(to("head"))
        assert await linked() == (None, None, None)  # hers might be anyone's

        account = ManagerAccount(hers, "anhptn@vnpt-longan.vn", "staff", (), True, 3, staff_id=anh)
        assert await put(account)  # recorded again at its version: the row from before 0018 takes its link
        assert not await put(account)  # once known, the same version changes nothing
        assert await put(ManagerAccount(vys, "vyngt@vnpt-longan.vn", "staff", (), True, 1, staff_id=vy))
        assert await linked() == (True, False, True)
        assert await put(ManagerAccount(vys, "vyngt@vnpt-longan.vn", "staff", (), False, 2, staff_id=vy))
        assert await linked() == (True, False, False)  # deactivated: she can no longer sign in

        async with engine.begin() as conn:
            await conn.run_sync(to("0017", down=True))
            rows = await conn.execute(
                text("SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'")
            )
            assert {"staff_id", "staff_known"}.isdisjoint(r.column_name for r in rows)
    finally:
        await engine.dispose()
