"""Person preferences over HTTP: validation with problem documents, defaults, and their effect on
reminders already planned (offsets, quiet hours) and on the person's feed (language)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from notifier_testkit import GIAO_THUA, TUYET, Enterprise, FakeClock, Person, send_and_wait, settings_for

from notifier.app import create_app
from support import running, wait_ready


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(GIAO_THUA - timedelta(days=3))


@pytest.fixture
def settings(new_database, kafka, topic_prefix):
    return settings_for(
        new_database("notifier"),
        kafka,
        topic_prefix,
        scheduler_enabled=False,
        webhook_allowed_hosts=("chat.example.vn", ".zalo.example.vn"),
    )


@pytest.fixture
async def app_client(settings, clock):
    app = create_app(settings, clock=clock)
    async with running(app) as client:
        await wait_ready(client)
        yield app, client


async def test_defaults_and_validation(app_client) -> None:
    _, client = app_client
    staff_id = "6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f0a"
    shown = (await client.get(f"/people/{staff_id}/preferences")).json()
    assert shown == {
        **shown,
        "known_person": False,
        "language": "vi",
        "channels": ["email"],
        "reminder_offsets_minutes": [1440, 60],
        "uses_default_offsets": True,
        "default_offsets_minutes": [1440, 60],
        "quiet_hours": None,
    }
    # their own offsets chosen: the service's default still said, for a page to name what "default" is
    own = await client.put(f"/people/{staff_id}/preferences", json={"reminder_offsets_minutes": [30]})
    assert own.status_code == 200, own.text
    assert (own.json()["reminder_offsets_minutes"], own.json()["default_offsets_minutes"]) == ([30], [1440, 60])
    assert own.json()["uses_default_offsets"] is False
    for body, field in [
        ({"channels": ["sms"]}, "body.channels.0"),
        ({"reminder_offsets_minutes": [0]}, "body.reminder_offsets_minutes.0"),
        ({"quiet_hours": {"start": "22:00", "end": "22:00"}}, "body.quiet_hours"),
        ({"quiet_hours": {"start": "25:00", "end": "06:00"}}, "body.quiet_hours.start"),
        ({"language": "fr"}, "body.language"),
        ({"channels": []}, "body.channels"),  # would silently withdraw every reminder
        ({"reminder_offsets_minutes": []}, "body.reminder_offsets_minutes"),  # (null: the default)
        ({"webhook_url": "ftp://example.vn/x"}, "body.webhook_url"),
    ]:
        response = await client.put(f"/people/{staff_id}/preferences", json=body)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
        assert any(e["field"].startswith(field) for e in response.json()["errors"]), response.json()
    no_url = await client.put(f"/people/{staff_id}/preferences", json={"channels": ["webhook"]})
    assert no_url.status_code == 422 and no_url.json()["type"].endswith("/webhook-url-missing")
    no_secret = await client.put(
        f"/people/{staff_id}/preferences", json={"channels": ["webhook"], "webhook_url": "https://chat.example.vn/hook"}
    )
    assert no_secret.status_code == 422 and no_secret.json()["detail_vi"]
    ok = await client.put(
        f"/people/{staff_id}/preferences",
        json={"channels": ["webhook"], "webhook_url": "https://chat.example.vn/hook", "webhook_secret": "x" * 20},
    )
    assert ok.status_code == 200 and ok.json()["has_webhook_secret"]
    # Leaving the secret out keeps it (it is write-only); null removes it.
    kept = await client.put(
        f"/people/{staff_id}/preferences",
        json={"channels": ["webhook"], "webhook_url": "https://chat.example.vn/hook2"},
    )
    assert kept.status_code == 200 and kept.json()["has_webhook_secret"]
    removed = await client.put(f"/people/{staff_id}/preferences", json={"channels": ["email"], "webhook_secret": None})
    assert removed.json()["has_webhook_secret"] is False


async def test_personal_webhooks_only_to_allowed_hosts_and_a_refusal_changes_nothing(app_client) -> None:
    _, client = app_client
    staff_id = "6f0c1f8e-7d55-4a5e-9a53-0d1f0f0f0f0b"
    secret = "her-own-secret-123456"
    ok = await client.put(
        f"/people/{staff_id}/preferences",
        json={"channels": ["webhook"], "webhook_url": "https://bot.zalo.example.vn/lichtruc", "webhook_secret": secret},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["webhook_url"] == "https://bot.zalo.example.vn/lichtruc"
    before = (await client.get(f"/people/{staff_id}/preferences")).json()
    for url, rule in [
        ("https://127.0.0.1/hook", "host-not-allowed"),
        ("https://localhost:8102/hook", "host-not-allowed"),
        ("https://10.1.2.3/hook", "host-not-allowed"),
        ("https://192.168.0.10/hook", "host-not-allowed"),
        ("https://169.254.169.254/latest/meta-data/iam/", "host-not-allowed"),
        ("https://evil.example.com/hook", "host-not-allowed"),
        ("http://chat.example.vn/hook", "https-required"),
        ("https://admin:secret@chat.example.vn/hook", "no-userinfo"),
        ("https://chat.example.vn:5432/hook", "port-not-allowed"),
    ]:
        for channels in (["webhook"], ["email"]):  # checked whenever an address is given
            refused = await client.put(
                f"/people/{staff_id}/preferences",
                json={
                    "language": "en",
                    "channels": channels,
                    "webhook_url": url,
                    "webhook_secret": "another-secret-0123",
                },
            )
            assert refused.status_code == 422, (url, refused.text)
            problem = refused.json()
            assert refused.headers["content-type"] == "application/problem+json"
            assert problem["type"] == "https://lichtruc.vn/problems/webhook-url-not-allowed"
            assert problem["errors"] == [
                {
                    "field": "body.webhook_url",
                    "rule": rule,
                    "message": problem["detail"],
                    "message_vi": problem["detail_vi"],
                }
            ]
            assert problem["detail"].startswith("Webhook address") and "NOTIFIER_" not in problem["detail"]
            assert problem["detail_vi"].startswith("Địa chỉ webhook") and "webhook_url" not in problem["detail_vi"]
        assert (await client.get(f"/people/{staff_id}/preferences")).json() == before, url
    host = (
        await client.put(
            f"/people/{staff_id}/preferences", json={"channels": ["webhook"], "webhook_url": "https://169.254.169.254/"}
        )
    ).json()
    assert "Ask the administrator" in host["detail"] and "quản trị viên" in host["detail_vi"]
    # A field the schema refuses and a host notifier may not call: both in one answer (QA: the host came second).
    both = await client.put(
        f"/people/{staff_id}/preferences",
        json={
            "channels": ["webhook"],
            "quiet_hours": {"start": "25:00", "end": "06:00"},
            "webhook_url": "https://evil.example.com/hook",
            "webhook_secret": "another-secret-0123",
        },
    )
    problem = both.json()
    assert both.status_code == 422 and problem["type"].endswith("/validation")
    assert [(e["field"], e["rule"]) for e in problem["errors"]] == [
        ("body.quiet_hours.start", "string_pattern_mismatch"),
        ("body.webhook_url", "host-not-allowed"),
    ]
    host_error = problem["errors"][1]
    assert "evil.example.com" in host_error["message"] and "evil.example.com" in host_error["message_vi"]
    assert "evil.example.com" in problem["detail"] and "(Giờ yên lặng): không đúng định dạng" in problem["detail_vi"]
    assert "không được phép gọi máy chủ evil.example.com" in problem["detail_vi"]
    # A dry run checks as a PUT does and saves nothing.
    dry = f"/people/{staff_id}/preferences?dry_run=true"
    refused = await client.put(dry, json={"channels": ["email"], "webhook_url": "https://evil.example.com/hook"})
    assert refused.status_code == 422 and refused.json()["type"].endswith("/webhook-url-not-allowed")
    would = await client.put(dry, json={"channels": ["email"], "language": "en"})
    assert would.status_code == 200 and would.json()["language_set"] == "en"
    assert would.json()["has_webhook_secret"] is True  # the stored secret, kept (it was not sent)
    assert (await client.get(f"/people/{staff_id}/preferences")).json() == before


async def test_changes_replan_reminders_and_the_feed_language(app_client, settings, kafka, clock) -> None:
    app, client = app_client
    vnpt = Enterprise(clock)
    tuyet = Person.new(TUYET)
    night = vnpt.shift([tuyet], start=datetime(2027, 2, 5, 20, tzinfo=UTC))  # 03:00 local on Mùng 1 Tết
    night.planned()
    await send_and_wait(app, kafka, settings, [vnpt.registered(), vnpt.staff(tuyet), night.published()])
    feed = (await client.post("/feeds", json={"kind": "person", "staff_id": str(tuyet.staff_id)})).json()

    async def due_times() -> dict[int, str]:
        rows = await client.get("/reminders", params={"staff_id": str(tuyet.staff_id), "status": "scheduled"})
        return {r["offset_minutes"]: r["due_at"] for r in rows.json()["items"]}

    assert await due_times() == {1440: "2027-02-05T03:00:00+07:00", 60: "2027-02-06T02:00:00+07:00"}
    response = await client.put(
        f"/people/{tuyet.staff_id}/preferences",
        json={
            "language": "en",
            "reminder_offsets_minutes": [120, 60],
            "quiet_hours": {"start": "22:30", "end": "06:00"},
        },
    )
    assert response.status_code == 200, response.text
    # 01:00 and 02:00 fall in the quiet hours: both move back to 22:30 and become one reminder.
    assert await due_times() == {60: "2027-02-05T22:30:00+07:00"}
    withdrawn = await client.get("/reminders", params={"staff_id": str(tuyet.staff_id), "status": "withdrawn"})
    assert {r["offset_minutes"] for r in withdrawn.json()["items"]} == {1440}

    cal = icalendar.Calendar.from_ical((await client.get(f"/feeds/{feed['token']}.ics")).content)
    assert str(cal["X-WR-CALNAME"]) == f"Duty roster — {TUYET}"
    assert str(cal.events[0]["SUMMARY"]) == "Leadership duty — VNPT Long An (1st day of Tết)"


def test_settings_refuse_a_sender_address_no_mail_server_would_take() -> None:
    import pydantic

    from notifier.settings import NotifierSettings

    with pytest.raises(pydantic.ValidationError, match="plain e-mail address"):
        NotifierSettings(smtp_from="lichtruc@localhost")
    assert NotifierSettings().smtp_from == "lichtruc@lichtruc.local"


def test_settings_read_the_allowed_webhook_hosts_and_refuse_entries_that_are_not_hosts(monkeypatch) -> None:
    import pydantic

    from notifier.settings import NotifierSettings

    assert NotifierSettings().webhook_allowed_hosts == ()  # personal webhooks are off unless allowed
    assert NotifierSettings().webhook_allow_insecure_hosts is False
    monkeypatch.setenv("NOTIFIER_WEBHOOK_ALLOWED_HOSTS", "Chat.Example.vn, .zalo.example.vn,gw.example.vn:8443")
    assert NotifierSettings().webhook_allowed_hosts == ("chat.example.vn", ".zalo.example.vn", "gw.example.vn:8443")
    monkeypatch.setenv("NOTIFIER_WEBHOOK_ALLOWED_HOSTS", '["chat.example.vn"]')
    assert NotifierSettings().webhook_allowed_hosts == ("chat.example.vn",)
    for wrong in ("https://chat.example.vn/hook", "*.example.vn", ".vn"):
        monkeypatch.setenv("NOTIFIER_WEBHOOK_ALLOWED_HOSTS", wrong)
        with pytest.raises(pydantic.ValidationError, match="webhook_allowed_hosts"):
            NotifierSettings()
