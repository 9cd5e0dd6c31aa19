"""Input shaped like an attack: SQL fragments are data (stored and found verbatim, or refused
with a 4xx) and leave every table intact; an uploaded file's name is never used as a path."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from lichtruc import db

from .seeding import shift_body

INJECTIONS = ["' OR 1=1 --", "'; DROP TABLE shifts; --", "%' -- An"]
"""(A name needs a letter or a digit: "%' --" alone is refused as a name before any SQL is sent.)"""


@pytest.fixture(scope="module")
async def tables_and_counts(module_database):
    """Each table of roster with its row count, read with plain SQL."""

    async def read() -> dict[str, int]:
        engine = db.create_engine(module_database, pool_size=1)
        try:
            async with engine.connect() as conn:
                names = (
                    (
                        await conn.execute(
                            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
                        )
                    )
                    .scalars()
                    .all()
                )
                return {n: (await conn.execute(text(f'SELECT count(*) FROM "{n}"'))).scalar_one() for n in names}
        finally:
            await engine.dispose()

    return read


@pytest.mark.parametrize("payload", INJECTIONS)
async def test_sql_shaped_strings_are_stored_and_searched_verbatim(client, seed, tables_and_counts, payload) -> None:
    campaign, enterprise, person = await seed.world()
    await client.post("/shifts", json=shift_body(campaign, enterprise, [person]))
    before = await tables_and_counts()
    assert before["shifts"] >= 1 and "accounts" in before

    named = await client.post(
        "/staff", json={"enterprise_id": enterprise["id"], "full_name": payload, "qualifications": ["operator"]}
    )
    assert named.status_code == 201, named.text
    assert (await client.get(f"/staff/{named.json()['id']}")).json()["full_name"] == payload
    found = (await client.get("/staff", params={"q": payload, "enterprise_id": enterprise["id"]})).json()
    assert [s["id"] for s in found["items"]] == [named.json()["id"]]  # not every row: the text is matched literally

    account = await client.post(
        "/accounts",
        json={
            "login": f"{uuid.uuid4().hex[:8]}@vnpt.vn",
            "display_name": payload,
            "role": "inspector",
            "password": payload + " mật khẩu dài",
        },
    )
    assert account.status_code == 201, account.text
    matches = (await client.get("/accounts", params={"q": payload})).json()["items"]
    assert [a["id"] for a in matches] == [account.json()["id"]]
    for params in ({"sort": payload}, {"role": payload}, {"enterprise_id": payload}):
        assert (await client.get("/accounts", params=params)).status_code == 422, params
    for params in ({"status": payload}, {"duty_type": payload}, {"from": payload}, {"enterprise_id": payload}):
        assert (await client.get("/shifts", params=params)).status_code == 422, params
    assert (await client.get("/enterprises", params={"q": payload})).status_code == 200
    assert (await client.get(f"/shifts/{payload}")).status_code in (404, 422)

    signed_in = await client.post("/auth/login", json={"login": payload, "password": payload})
    assert signed_in.status_code == 401
    signed_in = await client.post("/auth/login", json={"login": f"{payload}@x.vn' OR '1'='1", "password": "x"})
    assert signed_in.status_code == 401

    after = await tables_and_counts()
    assert set(after) == set(before)
    assert after["shifts"] == before["shifts"] and after["staff"] == before["staff"] + 1
    assert after["accounts"] == before["accounts"] + 1


def staff_sheet() -> bytes:
    return f"Họ và tên,Email,Chuyên môn\nNguyễn Văn An,{uuid.uuid4().hex[:8]}@vnpt.vn,Điều hành\n".encode()


async def test_an_uploaded_files_name_is_never_used_as_a_path(client, seed, tmp_path) -> None:
    enterprise = await seed.enterprise()
    target = tmp_path / "planted.csv"
    names = [
        "../../etc/passwd.csv",
        f"../../../../../../..{target}",
        str(target),
        "..\\..\\windows\\win.ini.xlsx",
        "roster.xlsx",
    ]  # the last one: the content (CSV) decides how it is read, not the name
    for name in names:
        response = await client.post(
            f"/imports/staff?enterprise_id={enterprise['id']}", files={"file": (name, staff_sheet(), "text/csv")}
        )
        assert response.status_code == 201, (name, response.text)
        assert response.json()["summary"]["ok"] == 1
        assert name not in response.text
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert Path("/etc/passwd.csv").exists() is False  # noqa: ASYNC240 - one stat, in a test
    people = (await client.get("/staff", params={"enterprise_id": enterprise["id"]})).json()
    assert people["total"] == len(names)
