"""The history of accounts on the real database: the account events roster publishes, taken into the
log with the province's other events, read back in words — who was given which role for which
enterprises, by whom, when; deactivations; password changes — latest first or oldest first, a page at
a time, for one account, by login or name as people type them, within record days; and only for
administrators and inspectors."""

from __future__ import annotations

import uuid

from audit_testkit import Roster, province_events, vn

from events_factory import DONG_THAP, LONG_AN
from lichtruc.events_department import DEPARTMENT_FIELDS, DEPARTMENT_KEY, DepartmentProfileChanged
from support import auth, principal

HUNG = "hungnv@vnpt-longan.vn (Nguyễn Văn Hùng)"
TRA = "thanhtra@stttt.longan.gov.vn (Lê Thị Thanh Trà)"


async def all_items(client, **params) -> list[dict]:
    answer = await client.get("/accounts/history", params={"limit": 500, **params})
    assert answer.status_code == 200, answer.text
    assert answer.json()["next"] is None and answer.json()["total"] is None
    return answer.json()["items"]


async def test_the_history_of_accounts_in_words_with_its_filters_and_pages(audit, clock) -> None:
    client, feed, _ = audit
    roster = Roster()
    p, events = province_events(roster)
    await feed(*events)  # recorded at 20:00 on 05/02
    clock.advance(days=1)  # 06/02: two accounts created
    hung, created = roster.account("hungnv@vnpt-longan.vn", "Nguyễn Văn Hùng", "manager", p.vnpt)
    tra, first_admin = roster.account(
        "thanhtra@stttt.longan.gov.vn", "Lê Thị Thanh Trà", "inspector", actor="command line"
    )
    await feed(created, first_admin)
    clock.advance(days=1)  # 07/02: changed
    unknown = uuid.uuid4()
    await feed(
        roster.change_account(hung, role="manager", enterprise_ids=(p.vnpt, p.post, unknown)),
        roster.change_account(hung, active=False, password=True, actor="Lê Thị Thanh Trà"),
        roster.change_account(tra, password=True, actor="Lê Thị Thanh Trà"),
    )

    items = await all_items(client)
    assert [(i["what"], i["login"]) for i in items] == [  # latest first, the province's other events left out
        ("account.changed", "thanhtra@stttt.longan.gov.vn"),
        ("account.changed", "hungnv@vnpt-longan.vn"),
        ("account.changed", "hungnv@vnpt-longan.vn"),
        ("account.created", "thanhtra@stttt.longan.gov.vn"),
        ("account.created", "hungnv@vnpt-longan.vn"),
    ]
    assert [i["summary_vi"] for i in items] == [
        f"Đổi mật khẩu tài khoản {TRA}",
        f"Thay đổi tài khoản {HUNG}: ngừng hoạt động; đổi mật khẩu",
        f"Đổi doanh nghiệp tài khoản {HUNG}: VNPT Long An, Bưu điện tỉnh Long An, {unknown}",
        f"Tạo tài khoản {TRA}: Thanh tra",
        f"Tạo tài khoản {HUNG}: Quản lý của VNPT Long An",
    ]
    assert items[1]["summary"] == f"Account {HUNG}: deactivated; password changed"
    assert [i["actor"] for i in items] == [
        "Lê Thị Thanh Trà",
        "Lê Thị Thanh Trà",
        "Quản trị viên Sở",
        "command line",
        "Quản trị viên Sở",
    ]
    widened = items[2]
    assert widened["enterprises"] == [
        {"enterprise_id": str(p.vnpt), "name": "VNPT Long An"},
        {"enterprise_id": str(p.post), "name": "Bưu điện tỉnh Long An"},
        {"enterprise_id": str(unknown), "name": None},
    ]
    assert (widened["account_id"], widened["role"], widened["active"], widened["changed"], widened["version"]) == (
        str(hung),
        "manager",
        True,
        ["enterprise_ids"],
        2,
    )
    assert (items[1]["active"], items[1]["changed"]) == (False, ["active", "password"])
    assert items[-1]["received_at"] == "2027-02-06T20:00:00+07:00" and items[-1]["event_time"].endswith("+07:00")
    assert "password" not in str([i for i in items if i["what"] == "account.created"])  # no secret, ever

    # What the portal's proof of one record says it is: the record read as its key's history, in the same words.
    proven = await client.get(f"/enterprises/{hung}/history", params={"event_id": items[-1]["event_id"]})
    assert [i["summary_vi"] for i in proven.json()["items"]] == [items[-1]["summary_vi"]]

    assert await all_items(client, order="oldest") == items[::-1]
    assert await all_items(client, account_id=str(tra)) == [items[0], items[3]]
    # By login or name, as people type them: no diacritics, any case, a part of it.
    assert await all_items(client, q="nguyen van HUNG") == [items[1], items[2], items[4]]
    assert await all_items(client, q="THANHTRA@") == [items[0], items[3]]
    assert await all_items(client, q="Hùng", account_id=str(tra)) == []
    assert await all_items(client, q="Trần Văn Đức") == []  # a staff member, not an account
    day = {"received_from": vn(2, 6).isoformat(), "received_to": vn(2, 7).isoformat()}
    assert await all_items(client, **day) == [items[3], items[4]]

    # Pages of two, either way; a cursor of one order is refused by the other, and by the enterprises' history.
    paged, addresses = [], ["/accounts/history?limit=2"]
    while addresses[-1] is not None:
        page = (await client.get(addresses[-1])).json()
        assert len(page["items"]) <= 2
        paged += page["items"]
        addresses.append(page["next"])
    assert paged == items and len(addresses) == 4
    oldest = (await client.get("/accounts/history", params={"limit": 2, "order": "oldest"})).json()
    assert oldest["items"] == items[:-3:-1]
    refused = await client.get(addresses[1].replace("limit=2", "limit=2&order=oldest"))
    assert refused.status_code == 422 and "cursor" in refused.json()["detail"]
    cursor = addresses[1].split("cursor=")[1].split("&")[0]
    other = await client.get(f"/enterprises/{p.vnpt}/history", params={"cursor": cursor, "order": "newest"})
    assert other.status_code == 422

    # A renamed account is found by either name, with its whole history.
    await feed(roster.change_account(tra, display_name="Lê Thanh Trà", actor="Lê Thanh Trà"))
    renamed = await all_items(client, q="le thi thanh tra")
    assert renamed[1:] == [items[0], items[3]] and await all_items(client, q="Lê Thanh Trà") == renamed
    assert renamed[0]["summary_vi"] == (
        "Đổi tên hiển thị tài khoản thanhtra@stttt.longan.gov.vn (Lê Thanh Trà): Lê Thanh Trà"
    )


async def test_each_change_names_its_actor_by_the_display_name_they_had_when_it_was_logged(audit) -> None:
    """Roster records a change's actor as the login; the histories add the name they had when the change
    was logged, as the latest event of that login's account at or before it gives it (any case of the
    login): renamed later, their earlier changes keep the earlier name. An account recorded only after it
    acted (made before accounts were published) is named by its first name known; a login no account
    event names (the CLI) by none."""
    client, feed, _ = audit
    roster = Roster()
    p, events = province_events(roster)
    _, admin_created = roster.account("quantri@stttt.longan.gov.vn", "Quản trị viên Sở", "admin", actor="command line")
    hung, hung_created = roster.account(
        "hungnv@vnpt-longan.vn", "Nguyễn Văn Hùng", "manager", p.vnpt, actor="QuanTri@stttt.longan.gov.vn"
    )
    await feed(*events, admin_created, hung_created)
    night = next(i for i, s in roster.shifts.items() if s.enterprise_id == p.vnpt)
    staff = [a.staff_id for a in roster.shifts[night].assignees]
    await feed(roster.reassign(night, *staff, actor="hungnv@vnpt-longan.vn"))

    def named(items: list[dict]) -> list[tuple]:
        return [(i["actor"], i["actor_name"]) for i in items]

    assert named(await all_items(client)) == [
        ("QuanTri@stttt.longan.gov.vn", "Quản trị viên Sở"),
        ("command line", None),
    ]
    history = (await client.get(f"/enterprises/{p.vnpt}/history", params={"limit": 1, "order": "newest"})).json()
    assert named(history["items"]) == [("hungnv@vnpt-longan.vn", "Nguyễn Văn Hùng")]
    older = (await client.get(f"/enterprises/{p.vnpt}/history", params={"limit": 500})).json()["items"]
    assert {i["actor_name"] for i in older if i["actor"] == "manager-1"} == {None}  # no account of that login

    # An account made before roster published account events is named once it is recorded as it stands.
    await feed(roster.reassign(night, *staff, actor="truongca@vnpt-longan.vn"))
    history = (await client.get(f"/enterprises/{p.vnpt}/history", params={"limit": 1, "order": "newest"})).json()
    assert named(history["items"]) == [("truongca@vnpt-longan.vn", None)]
    await feed(roster.record_account("truongca@vnpt-longan.vn", "Phạm Minh Trường", "manager", p.vnpt))
    history = (await client.get(f"/enterprises/{p.vnpt}/history", params={"limit": 1, "order": "newest"})).json()
    assert named(history["items"]) == [("truongca@vnpt-longan.vn", "Phạm Minh Trường")]

    # Renamed: their changes before it keep the name they had then, those after it show the new one.
    await feed(roster.change_account(hung, display_name="Nguyễn Văn Hưng", actor="hungnv@vnpt-longan.vn"))
    await feed(roster.reassign(night, *reversed(staff), actor="HungNV@vnpt-longan.vn"))
    history = (await client.get(f"/enterprises/{p.vnpt}/history", params={"limit": 500})).json()["items"]
    assert [i["actor_name"] for i in history if (i["actor"] or "").lower() == "hungnv@vnpt-longan.vn"] == [
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hưng",
    ]
    accounts = named(await all_items(client))
    assert accounts[0] == ("hungnv@vnpt-longan.vn", "Nguyễn Văn Hưng")  # the rename itself, under the new name
    assert accounts[-1] == ("command line", None)


async def test_only_administrators_and_inspectors_read_the_history_of_accounts(audit) -> None:
    client, feed, _ = audit
    roster = Roster()
    p, events = province_events(roster)
    hung, created = roster.account("hungnv@vnpt-longan.vn", "Nguyễn Văn Hùng", "manager", p.vnpt)
    await feed(*events, created)
    shown = await client.get("/accounts/history", headers=auth(principal("inspector")))
    assert [i["account_id"] for i in shown.json()["items"]] == [str(hung)]
    for who in (principal("manager", enterprises=(p.vnpt,)), principal("staff", enterprises=(p.vnpt,), staff=p.duc)):
        refused = await client.get("/accounts/history", headers=auth(who), params={"account_id": str(hung)})
        assert refused.status_code == 403, refused.text
        body = refused.json()
        assert body["type"].endswith("/forbidden") and body["detail_vi"] and "Hùng" not in refused.text
        # word for word what another administrators' and inspectors' route says to them
        log = await client.get("/log", headers=auth(who))
        assert {k: v for k, v in log.json().items() if k not in ("detail", "instance")} == {
            k: v for k, v in body.items() if k not in ("detail", "instance")
        }


async def test_a_change_of_the_department_details_is_logged_and_read_beside_the_accounts(audit) -> None:
    """The Department's profile (the names its documents print) is set and changed by an administrator: each
    save is taken into the log and read on the history of accounts, in words, from what to what, by whom; a page
    of one account's, or of the accounts searched for, leaves it out."""
    client, feed, _ = audit
    roster = Roster()
    admin, created = roster.account("quantri@stttt.longan.gov.vn", "Quản trị viên Sở", "admin", actor="command line")
    first = DepartmentProfileChanged(
        profile=LONG_AN, changed=DEPARTMENT_FIELDS, version=1, actor="quantri@stttt.longan.gov.vn"
    )
    changed = DepartmentProfileChanged(
        profile=DONG_THAP,
        previous=LONG_AN,
        changed=("province", "report_recipients"),
        version=2,
        actor="quantri@stttt.longan.gov.vn",
    )
    await feed(created, *(roster._event(e, DEPARTMENT_KEY, "department") for e in (first, changed)))

    items = await all_items(client)
    assert [(i["what"], i["actor_name"]) for i in items] == [
        ("department.changed", "Quản trị viên Sở"),
        ("department.changed", "Quản trị viên Sở"),
        ("account.created", None),
    ]
    assert items[0]["summary_vi"] == (
        "Đổi thông tin Sở: Tên tỉnh: Long An → Đồng Tháp; Nơi nhận của báo cáo ngày: Sở Thông tin và Truyền thông "
        "tỉnh Long An, Lưu: VT → Sở Thông tin và Truyền thông tỉnh Đồng Tháp, Lưu: VT"
    )
    assert items[0]["summary"].startswith("Department details changed: Province: Long An → Đồng Tháp; Daily report")
    assert items[1]["summary_vi"].startswith("Nhập thông tin Sở lần đầu: Tên tỉnh: Long An; Tên Sở")
    assert (items[0]["login"], items[0]["role"], items[0]["enterprises"]) == (None, None, [])
    # The portal's proof of the record reads it as its key's history, in the same words.
    proven = await client.get(f"/enterprises/{DEPARTMENT_KEY}/history", params={"event_id": items[0]["event_id"]})
    assert [i["summary_vi"] for i in proven.json()["items"]] == [items[0]["summary_vi"]]
    assert [i["what"] for i in await all_items(client, account_id=str(admin))] == ["account.created"]
    assert [i["what"] for i in await all_items(client, q="quantri")] == ["account.created"]
