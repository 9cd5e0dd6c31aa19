"""Roster's own commands, run as an operator runs them (a subprocess), and their refusals
(in this process, which is quicker): the first administrator, never with a default
password, and a key pair for access tokens."""

from __future__ import annotations

import asyncio
import io
import json
import os
import stat
import subprocess
import sys

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from lichtruc import db
from lichtruc.auth import public_key_of
from lichtruc.text import sort_key
from roster.cli import main
from support import CHEAP_PASSWORD_HASHING

ADMIN = "Quan.Tri@STTTT.longan.gov.vn"
CREATE = ("create-admin", "--login", ADMIN, "--name", "Quản trị Sở", "--password-stdin")


def roster(*args: str, stdin: str = "", database_url: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ROSTER_LOG_JSON": "false"}  # the session's key pair is in os.environ (conftest)
    if database_url is not None:
        env["ROSTER_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "roster", *args], input=stdin, env=env, capture_output=True, text=True, timeout=120
    )


def in_process(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def accounts_in(database_url: str) -> list[tuple]:
    async def read() -> list[tuple]:
        engine = db.create_engine(database_url, pool_size=1)
        try:
            async with engine.connect() as conn:
                return [
                    tuple(r)
                    for r in await conn.execute(
                        text("SELECT login, display_name, role, active, password_hash FROM accounts ORDER BY login")
                    )
                ]
        finally:
            await engine.dispose()

    return asyncio.run(read())


def queued_in(database_url: str) -> list[dict]:
    """The events waiting in roster's outbox, decoded."""

    async def read() -> list[dict]:
        engine = db.create_engine(database_url, pool_size=1)
        try:
            async with engine.connect() as conn:
                rows = await conn.execute(text("SELECT payload FROM outbox ORDER BY id"))
                return [json.loads(r[0]) for r in rows]
        finally:
            await engine.dispose()

    return asyncio.run(read())


@pytest.fixture
def database_url(new_database, monkeypatch) -> str:
    url = new_database("roster", migrated=False)  # the CLI migrates an empty database
    monkeypatch.setenv("ROSTER_DATABASE_URL", url)  # for the commands run in this process
    return url


def test_create_admin_once_and_only_with_a_real_password(database_url, monkeypatch, capsys) -> None:
    for name in CHEAP_PASSWORD_HASHING:  # production's argon2id cost here, not the tests' cheap one
        monkeypatch.delenv(name)
    code, _, err = in_process(monkeypatch, capsys, *CREATE, stdin="tet2027\n")
    assert code == 1 and "at least 12 characters" in err
    assert accounts_in(database_url) == []  # the migrations ran; nothing was created
    code, _, err = in_process(monkeypatch, capsys, *CREATE, stdin=ADMIN.lower() + "\n")
    assert code == 1 and "must not be the login" in err

    made = roster(*CREATE, stdin="Chúc mừng năm mới 2027\n", database_url=database_url)
    assert made.returncode == 0, made.stderr
    assert "administrator quan.tri@stttt.longan.gov.vn created" in made.stdout
    [(login, name, role, active, password_hash)] = accounts_in(database_url)
    assert (login, name, role, active) == ("quan.tri@stttt.longan.gov.vn", "Quản trị Sở", "admin", True)
    assert password_hash.startswith("$argon2id$") and PasswordHasher().verify(password_hash, "Chúc mừng năm mới 2027")
    assert not PasswordHasher().check_needs_rehash(password_hash)  # argon2-cffi's defaults: production's cost
    # Its creation waits in the outbox for the relay, said by the command line, without the hash.
    [created] = queued_in(database_url)
    assert (
        created["type"] == "lichtruc.roster.account.created.v1"
        and created["partitionkey"] == created["data"]["account_id"]
    )
    assert {k: created["data"][k] for k in ("login", "display_name", "role", "active", "version", "actor")} == {
        "login": "quan.tri@stttt.longan.gov.vn",
        "display_name": "Quản trị Sở",
        "role": "admin",
        "active": True,
        "version": 1,
        "actor": "command line",
    }
    assert "argon2" not in json.dumps(created)

    code, out, _ = in_process(monkeypatch, capsys, *CREATE, "--if-missing", stdin="Một mật khẩu khác hẳn\n")
    assert code == 0 and "exists already" in out
    code, _, err = in_process(monkeypatch, capsys, *CREATE, stdin="Một mật khẩu khác hẳn\n")
    assert code == 1 and "exists already" in err and "--if-missing" in err
    assert [r[4] for r in accounts_in(database_url)] == [password_hash]  # the password was not replaced

    code, _, err = in_process(
        monkeypatch, capsys, "create-admin", "--login", "admin", "--password-stdin", stdin="x" * 20
    )
    assert code == 1 and "e-mail address" in err


def test_publish_accounts_records_every_account_as_it_stands_in_the_outbox(database_url, monkeypatch, capsys) -> None:
    """For the accounts made before roster published account events: each one's whole state, at its own
    version, waits in the outbox for the relay, said by the command line, without the hash."""
    made = roster(*CREATE, stdin="Chúc mừng năm mới 2027\n", database_url=database_url)
    assert made.returncode == 0, made.stderr
    code, out, err = in_process(monkeypatch, capsys, "publish-accounts")
    assert code == 0, err
    assert "1 account(s) recorded" in out
    created, recorded = queued_in(database_url)
    assert recorded["type"] == "lichtruc.roster.account.recorded.v1"
    assert recorded["partitionkey"] == recorded["data"]["account_id"] == created["data"]["account_id"]
    assert {k: v for k, v in recorded["data"].items() if k != "actor"} == {
        k: v for k, v in created["data"].items() if k != "actor"
    }
    assert recorded["data"]["actor"] == "command line" and "argon2" not in json.dumps(recorded)


def test_keygen_writes_or_prints_a_matching_pair(tmp_path, monkeypatch, capsys) -> None:
    folder = tmp_path / "keys"
    written = roster("keygen", "--out", str(folder))
    assert written.returncode == 0, written.stderr
    assert "ROSTER_AUTH_PRIVATE_KEY_FILE" in written.stdout and "AUDIT_AUTH_PUBLIC_KEY_FILE" in written.stdout
    assert stat.S_IMODE((folder / "private.pem").stat().st_mode) == 0o600
    assert public_key_of((folder / "private.pem").read_text()) == (folder / "public.pem").read_text()
    code, _, err = in_process(monkeypatch, capsys, "keygen", "--out", str(folder))
    assert code == 1 and "exists already" in err  # a key in use is never overwritten

    code, out, err = in_process(monkeypatch, capsys, "keygen")
    private = out[: out.index("-----BEGIN PUBLIC KEY-----")]
    assert code == 0 and public_key_of(private).strip() == out[len(private) :].strip()
    assert "ROSTER_AUTH_PRIVATE_KEY" in err and "NOTIFIER_AUTH_PUBLIC_KEY" in err


def test_link_people_links_records_registered_before_linking_once(database_url, monkeypatch, capsys) -> None:
    """Records made before migration 0007 are each a person of their own; the command links those
    the registration rule would have linked (same name and phone here), and is idempotent."""
    import uuid
    from datetime import datetime

    from roster.app import MIGRATIONS

    vnpt, viettel = uuid.uuid4(), uuid.uuid4()
    old, twin, stranger = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

    async def setup() -> None:
        engine = db.create_engine(database_url, pool_size=1)
        try:
            await db.migrate(engine, MIGRATIONS, service="roster")
            async with engine.begin() as conn:
                for ident, name in ((vnpt, "VNPT Hà Giang"), (viettel, "Viettel Hà Giang")):
                    await conn.execute(
                        text(
                            "INSERT INTO enterprises (id, name, name_folded, name_sort, sector, version)"
                            " VALUES (:id, :name, :folded, :key, 'telecom', 1)"
                        ),
                        {"id": ident, "name": name, "folded": name.lower(), "key": sort_key(name)},
                    )
                for ident, enterprise, name, phone, at in (
                    (old, vnpt, "Sùng Mí Páo", "0912000111", "2026-01-01T00:00Z"),
                    (twin, viettel, "SÙNG MÍ PÁO", "+84912000111", "2026-01-02T00:00Z"),
                    (stranger, viettel, "Sùng Thị Mỷ", "0912000111", "2026-01-03T00:00Z"),
                ):
                    await conn.execute(
                        text(
                            "INSERT INTO staff (id, enterprise_id, full_name, full_name_folded, full_name_sort, phone,"
                            " person_id, version, created_at) VALUES (:id, :e, :name, :folded, :key, :phone, :id, 1, :at)"
                        ),
                        {
                            "id": ident,
                            "e": enterprise,
                            "name": name,
                            "folded": name.lower(),
                            "key": sort_key(name),
                            "phone": phone,
                            "at": datetime.fromisoformat(at),
                        },
                    )
        finally:
            await engine.dispose()

    async def persons() -> dict:
        engine = db.create_engine(database_url, pool_size=1)
        try:
            async with engine.connect() as conn:
                return dict((await conn.execute(text("SELECT id, person_id FROM staff"))).all())
        finally:
            await engine.dispose()

    asyncio.run(setup())
    code, out, err = in_process(monkeypatch, capsys, "link-people")
    assert (code, err) == (0, "")
    assert "linked 1 staff record(s)" in out and "SÙNG MÍ PÁO → Sùng Mí Páo of VNPT Hà Giang" in out
    assert asyncio.run(persons()) == {old: old, twin: old, stranger: stranger}
    code, out, _ = in_process(monkeypatch, capsys, "link-people")
    assert code == 0 and "linked 0 staff record(s)" in out
