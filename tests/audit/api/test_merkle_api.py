"""The log's Merkle tree over the API, on the real database: every append signs a tree head;
inclusion and consistency proofs served for old and new heads verify with the separate
verifier (tests/merkle_reference.py) and the heads' signatures with the served public key;
errors are problem documents in both languages; /log/verify re-computes the root."""

from __future__ import annotations

import json
import uuid

from audit_testkit import Roster, province_events
from sqlalchemy import text

from audit.domain.merkle import tree_head_bytes
from audit.signing import signature_valid
from merkle_reference import consistency_ok, inclusion_ok, leaf, mth
from support import TEST_LOG_PUBLIC_KEY


async def logged_bytes(app) -> list[bytes]:
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT canonical FROM event_log ORDER BY seq"))).scalars().all()
    return [r.encode("utf-8") for r in rows]


def head_verifies(head: dict, public_key: str) -> bool:
    signed = tree_head_bytes(head["tree_size"], bytes.fromhex(head["root_hash"]), head["timestamp"])
    return signature_valid(public_key, signed, bytes.fromhex(head["signature"]))


async def test_heads_and_proofs_verify_independently(audit) -> None:
    client, feed, app = audit
    _, events = province_events(Roster())
    await feed(*events[:7])
    old = (await client.get("/log/tree-head")).json()
    assert old["tree_size"] == 7
    await feed(*events[7:])
    new = (await client.get("/log/tree-head")).json()
    assert new["tree_size"] == len(events) > 7

    public_key = (await client.get("/log/public-key")).text
    assert public_key.strip() == TEST_LOG_PUBLIC_KEY.strip()
    assert head_verifies(old, public_key) and head_verifies(new, public_key)
    assert (await client.get("/log/tree-head", params={"size": 7})).json() == old
    data = await logged_bytes(app)
    assert bytes.fromhex(new["root_hash"]) == mth(data) and bytes.fromhex(old["root_hash"]) == mth(data[:7])
    forged = dict(new, tree_size=new["tree_size"] + 1)
    assert not head_verifies(forged, public_key)

    for i in (0, 3, 6):  # an old event, against the old head and the new one
        for size in (7, None):
            params = {"event": str(events[i].id)} | ({"tree_size": size} if size else {})
            proof = (await client.get("/log/proof/inclusion", params=params)).json()
            assert proof["leaf_index"] == i == proof["seq"] - 1
            assert proof["tree_size"] == (size or new["tree_size"])
            assert proof["root_hash"] == (old if size else new)["root_hash"]
            assert bytes.fromhex(proof["leaf_hash"]) == leaf(data[i])
            path = [bytes.fromhex(h) for h in proof["audit_path"]]
            root = bytes.fromhex(proof["root_hash"])
            assert inclusion_ok(leaf(data[i]), i, proof["tree_size"], path, root)
            assert not inclusion_ok(leaf(data[i] + b" "), i, proof["tree_size"], path, root)

    consistency = (await client.get("/log/proof/consistency", params={"from": 7, "to": new["tree_size"]})).json()
    assert consistency["from_root"] == old["root_hash"] and consistency["to_root"] == new["root_hash"]
    proof = [bytes.fromhex(h) for h in consistency["proof"]]
    assert consistency_ok(7, new["tree_size"], bytes.fromhex(old["root_hash"]), bytes.fromhex(new["root_hash"]), proof)
    latest = (await client.get("/log/proof/consistency", params={"from": 7})).json()
    assert latest == consistency
    assert (await client.get("/log/verify")).json()["tree_ok"] is True

    # Someone able to switch the triggers off rewrites the latest head's root: /log/verify says so.
    async with app.state.runtime.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE tree_heads DISABLE TRIGGER tree_heads_no_update_delete"))
        await conn.execute(
            text("UPDATE tree_heads SET root_hash = :r WHERE tree_size = :n"),
            {"r": mth(data[:-1]), "n": new["tree_size"]},
        )
        await conn.execute(text("ALTER TABLE tree_heads ENABLE TRIGGER tree_heads_no_update_delete"))
    verdict = (await client.get("/log/verify")).json()
    assert verdict["ok"] is False and verdict["tree_ok"] is False and "Merkle" in verdict["reason"]


async def test_proof_errors_are_problems_in_both_languages(audit) -> None:
    client, feed, _ = audit
    _, events = province_events(Roster())
    await feed(*events[:3])
    cases = [
        ("/log/tree-head", {"size": 99}, 422, "tree-size-beyond-log"),
        ("/log/proof/inclusion", {"event": str(uuid.uuid4())}, 404, "event-not-in-log"),
        ("/log/proof/inclusion", {"event": str(events[2].id), "tree_size": 2}, 422, "event-after-tree"),
        ("/log/proof/inclusion", {"event": str(events[0].id), "tree_size": 50}, 422, "tree-size-beyond-log"),
        ("/log/proof/consistency", {"from": 3, "to": 2}, 422, "sizes-out-of-order"),
        ("/log/proof/consistency", {"from": 1, "to": 9}, 422, "tree-size-beyond-log"),
    ]
    for path, params, status, code in cases:
        answer = await client.get(path, params=params)
        assert answer.status_code == status, (path, params, answer.text)
        body = answer.json()
        assert body["type"].endswith(code) and body["detail"] and body["detail_vi"], body
    empty = (await client.get("/log/proof/consistency", params={"from": 0, "to": 3})).json()
    assert empty["proof"] == [] and empty["from_root"] == mth([]).hex()
    same = (await client.get("/log/proof/consistency", params={"from": 3, "to": 3})).json()
    assert same["proof"] == [] and same["from_root"] == same["to_root"]


async def test_the_portals_proof_file_verifies_offline_with_the_separate_verifier(audit) -> None:
    """QA round 9 (#5): the proof an inspector downloads from the portal ("Tải bằng chứng (JSON)"), made from this
    audit's answers, is checked with tests/merkle_reference.py and the key in the file alone; one byte of the record
    changed, it no longer holds. The portal runs in this process, talking to this audit as a signed-in inspector."""
    import json
    import re

    import httpx
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from portal.app import create_app as create_portal
    from portal.settings import PortalSettings
    from support import principal, token

    _, feed, app = audit
    _, events = province_events(Roster())
    await feed(*events)
    inspector = principal("inspector", name="thanhtra@stttt.longan.gov.vn")
    account: dict[str, object] = {
        "id": inspector.account_id,
        "login": inspector.name,
        "display_name": "Lê Thị Thanh Tra",
    }
    account |= {"role": "inspector", "enterprise_ids": [], "staff_id": None}

    def roster(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/login":
            tokens = {"access_token": token(inspector), "expires_in": 900, "refresh_token": "r0"}
            return httpx.Response(200, json={**tokens, "refresh_expires_in": 43200, "account": account})
        if request.url.path == "/auth/session":
            return httpx.Response(200, json={"alive": True, "sign_in_id": "f0", "account_id": inspector.account_id})
        return httpx.Response(200, json={"items": [], "limit": 50, "total": 0, "next": None})

    portal = create_portal(
        PortalSettings(session_key="s" * 48),
        transport_for=lambda name: httpx.ASGITransport(app=app) if name == "audit" else httpx.MockTransport(roster),
    )
    async with (
        portal.router.lifespan_context(portal),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=portal), base_url="http://p") as browser,
    ):
        page = await browser.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert csrf is not None
        form = {"login": inspector.name, "password": "đúng mật khẩu", "csrf_token": csrf.group(1)}
        assert (await browser.post("/login", data=form)).status_code == 303
        shown = await browser.get("/inspect/log", params={"event": "bản ghi số 4"})
        assert "Có trong nhật ký:" in shown.text and "bản ghi số 4" in shown.text
        answer = await browser.get("/inspect/log/proof.json", params={"event": str(events[3].id)})
    assert answer.status_code == 200, answer.text
    kept = json.loads(answer.content)

    data = kept["leaf_data"].encode("utf-8")
    assert data == (await logged_bytes(app))[3]  # the record's bytes as audit logged them
    head = kept["tree_head"]
    path = [bytes.fromhex(h) for h in kept["audit_path"]]
    root = bytes.fromhex(head["root_hash"])
    assert (kept["leaf_index"], head["tree_size"]) == (3, len(events))
    assert leaf(data).hex() == kept["leaf_hash"]
    assert inclusion_ok(leaf(data), kept["leaf_index"], head["tree_size"], path, root)
    public = serialization.load_pem_public_key(kept["public_key"].encode())
    assert isinstance(public, Ed25519PublicKey)
    public.verify(bytes.fromhex(head["signature"]), bytes.fromhex(head["signed_bytes"]))  # raises if not
    assert head_verifies(head, kept["public_key"])  # the bytes signed are the head's, as audit signs them
    assert kept["public_key"].strip() == TEST_LOG_PUBLIC_KEY.strip()
    for i in (0, len(data) // 2, len(data) - 1):  # one byte of the record changed anywhere: no longer included
        changed = data[:i] + bytes([data[i] ^ 1]) + data[i + 1 :]
        assert not inclusion_ok(leaf(changed), kept["leaf_index"], head["tree_size"], path, root)


async def test_a_finding_is_a_leaf_of_the_signed_log_with_its_own_proof(audit) -> None:
    """K6: a finding, when recorded, is also audit's own record in the signed log (same transaction): appended once
    (a retried upload adds nothing), its inclusion proof verifies with tests/merkle_reference.py and fails for one
    byte changed; the chain and the tree still verify; its enterprise's history tells it in words; the rebuild
    neither drops nor doubles it, nor does a roster event replayed after it."""
    from audit.domain.finding_record import FINDING_RECORDED
    from audit.handlers.replay import rebuild

    client, feed, app = audit
    roster = Roster()
    p, events = province_events(roster)
    await feed(*events, roster.account("admin@test", "Lê Thị Thanh Tra", "inspector")[1])  # the client's login
    before = (await client.get("/log/tree-head")).json()["tree_size"]
    visit = {
        "finding_id": str(uuid.uuid4()),
        "site_id": str(p.tan_an),
        "observed_at": "2027-02-05T19:00:00+07:00",
        "duty_type": "operations",
        "people_found": [{"name": "Người lạ"}],
    }
    posted = await client.post("/findings", json=visit)
    assert posted.status_code == 201, posted.text
    finding = posted.json()
    assert finding["log_seq"] == before + 1 and finding["seq"] == 1
    head = (await client.get("/log/tree-head")).json()
    assert head["tree_size"] == before + 1  # signed over it in the same transaction

    again = await client.post("/findings", json=visit)
    assert again.status_code == 200 and again.json() == finding
    assert (await client.get("/log/tree-head")).json()["tree_size"] == before + 1  # not appended twice
    assert (await client.get(f"/findings/{visit['finding_id']}")).json()["log_seq"] == before + 1
    assert (await client.get("/findings")).json()["items"][0]["log_event_id"] == finding["log_event_id"]

    record = (await client.get(f"/log/{finding['log_seq']}")).json()
    assert (record["event_type"], record["source"]) == (FINDING_RECORDED, "/lichtruc/audit")
    assert record["event_id"] == finding["log_event_id"] and record["partition_key"] == str(p.vnpt)
    data = record["event"]["data"]
    async with app.state.runtime.engine.connect() as conn:
        chain = (await conn.execute(text("SELECT canonical, hash FROM findings WHERE seq = 1"))).one()
    assert data["finding"] == json.loads(chain.canonical)  # the finding's document as its chain holds it
    assert data["findings_chain"] == {"seq": 1, "hash": chain.hash}
    assert data["inspector_name"] == "Lê Thị Thanh Tra"

    logged = await logged_bytes(app)
    i = finding["log_seq"] - 1
    proof = (await client.get("/log/proof/inclusion", params={"event": finding["log_event_id"]})).json()
    assert (proof["leaf_index"], proof["tree_size"]) == (i, head["tree_size"])
    path, root = [bytes.fromhex(h) for h in proof["audit_path"]], bytes.fromhex(head["root_hash"])
    assert inclusion_ok(leaf(logged[i]), i, head["tree_size"], path, root)
    assert not inclusion_ok(
        leaf(logged[i].replace("Người lạ".encode(), "Người la".encode())), i, len(logged), path, root
    )
    assert mth(logged) == root and head_verifies(head, TEST_LOG_PUBLIC_KEY)
    verdict = (await client.get("/log/verify")).json()
    assert verdict["ok"] is True and verdict["tree_ok"] is True and verdict["records_checked"] == len(logged)
    chain_verdict = (await client.get("/findings/verify")).json()
    assert chain_verdict["ok"] is True and chain_verdict["records_checked"] == 1  # the findings' chain as it was

    history = (await client.get(f"/enterprises/{p.vnpt}/history", params={"event_type": FINDING_RECORDED})).json()[
        "items"
    ]
    assert [h["seq"] for h in history] == [finding["log_seq"]]
    assert history[0]["summary_vi"] == (
        "Thanh tra Lê Thị Thanh Tra ghi nhận kiểm tra tại Tổng đài Tân An lúc 19:00 05/02/2027: 2 điểm không khớp với lịch trực"
    )

    # A roster event redelivered, then the projections rebuilt from the log: the finding's record stays, once.
    await feed(events[0])
    assert (await rebuild(app.state.ctx.sessions, snapshot_every=0, check_only=True)).differences == []
    await rebuild(app.state.ctx.sessions, snapshot_every=0)
    assert await logged_bytes(app) == logged
    assert (await client.get("/log/verify")).json()["ok"] is True
