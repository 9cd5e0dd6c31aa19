"""Which personal webhook URLs notifier may call (server-side request forgery): only https
to a host the operator allowed, on the allowed port, without credentials in the URL."""

from __future__ import annotations

import pytest
from pydantic import HttpUrl, TypeAdapter

from notifier.domain.webhooks import parse_allowed_host, webhook_url_refusal

ALLOWED = ("hooks.example.vn", ".zalo.example.vn", "gw.example.vn:8443", "[fd00::10]:9443")


def saved(url: str) -> str:
    """The URL as the API stores it (pydantic's HttpUrl normalises it first)."""
    return str(TypeAdapter(HttpUrl).validate_python(url))


def rule(url: str, allowed=ALLOWED, **options) -> str | None:
    refusal = webhook_url_refusal(saved(url), allowed, **options)
    return refusal.rule if refusal is not None else None


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.vn/lichtruc/tuyet",
        "https://HOOKS.Example.vn/x?a=1",
        "https://hooks.example.vn:443/x",  # the default port, written out
        "https://a.zalo.example.vn/x",  # a subdomain of ".zalo.example.vn"
        "https://a.b.zalo.example.vn/x",
        "https://gw.example.vn:8443/x",  # the port its entry names
        "https://[fd00::10]:9443/x",
    ],
)
def test_allowed_hosts_are_accepted(url: str) -> None:
    assert rule(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://127.0.0.1/x", "host-not-allowed"),  # loopback
        ("https://localhost/x", "host-not-allowed"),
        ("https://[::1]/x", "host-not-allowed"),
        ("https://2130706433/x", "host-not-allowed"),  # 127.0.0.1 in disguise
        ("https://10.0.0.5/x", "host-not-allowed"),  # private networks
        ("https://192.168.1.1/x", "host-not-allowed"),
        ("https://169.254.169.254/latest/meta-data/", "host-not-allowed"),  # cloud metadata
        ("https://metadata.google.internal/", "host-not-allowed"),
        ("https://evil.example.com/x", "host-not-allowed"),  # any other host
        ("https://hooks.example.vn.evil.com/x", "host-not-allowed"),
        ("https://evilhooks.example.vn/x", "host-not-allowed"),
        ("https://zalo.example.vn/x", "host-not-allowed"),  # ".zalo.example.vn" means its subdomains only
        ("https://xzalo.example.vn/x", "host-not-allowed"),
        ("https://hooks.example.vn./x", "host-not-allowed"),  # not exactly the allowed name
        ("https://hooks.example.vn\\@127.0.0.1/x", None),  # the backslash ends the host: hooks.example.vn
        ("http://hooks.example.vn/x", "https-required"),
        ("https://user:pw@hooks.example.vn/x", "no-userinfo"),
        ("https://127.0.0.1@hooks.example.vn/x", "no-userinfo"),
        ("https://hooks.example.vn:8443/x", "port-not-allowed"),  # no port in its entry: 443 only
        ("https://hooks.example.vn:5432/x", "port-not-allowed"),  # e.g. a database port
        ("https://gw.example.vn/x", "port-not-allowed"),  # its entry allows 8443 only
    ],
)
def test_other_hosts_schemes_credentials_and_ports_are_refused(url: str, expected: str | None) -> None:
    assert rule(url) == expected


def test_an_empty_list_refuses_every_personal_webhook() -> None:
    refusal = webhook_url_refusal(saved("https://hooks.example.vn/x"), ())
    assert refusal is not None and refusal.rule == "personal-webhooks-disabled"
    assert refusal.detail.startswith("Webhook address:") and "administrator" in refusal.detail
    assert "quản trị viên" in refusal.detail_vi


def test_refusals_name_the_field_what_was_wrong_and_what_to_do() -> None:
    refusal = webhook_url_refusal(saved("https://169.254.169.254/latest/meta-data/"), ALLOWED)
    assert refusal is not None
    assert refusal.detail.startswith("Webhook address:") and "169.254.169.254" in refusal.detail
    # Said to the person who typed it: what to do, not the server's setting (the delivery log names that).
    assert "Ask the administrator" in refusal.detail and "NOTIFIER_WEBHOOK_ALLOWED_HOSTS" not in refusal.detail
    assert "169.254.169.254" in refusal.detail_vi and "quản trị viên" in refusal.detail_vi


def test_http_only_with_the_development_switch_and_still_only_to_allowed_hosts_and_ports() -> None:
    receiver = ("127.0.0.1:8765",)
    assert rule("http://127.0.0.1:8765/hooks", receiver) == "https-required"
    assert rule("http://127.0.0.1:8765/hooks", receiver, allow_http=True) is None
    assert rule("http://127.0.0.1:5432/", receiver, allow_http=True) == "port-not-allowed"
    assert rule("http://10.0.0.1:8765/", receiver, allow_http=True) == "host-not-allowed"
    assert rule("http://hooks.example.vn/x", allow_http=True) is None  # no port in the entry: http's 80


@pytest.mark.parametrize(
    ("entry", "shown"),
    [
        ("Hooks.Example.VN", "hooks.example.vn"),
        (" .example.vn ", ".example.vn"),
        ("gw.example.vn:8443", "gw.example.vn:8443"),
        ("[FD00::10]:9443", "[fd00::10]:9443"),
    ],
)
def test_allowed_entries_are_read_as_written(entry: str, shown: str) -> None:
    assert str(parse_allowed_host(entry)) == shown


@pytest.mark.parametrize(
    "entry",
    [
        "",
        "https://hooks.example.vn",
        "hooks.example.vn/x",
        "user@hooks.example.vn",
        "*.example.vn",
        ".vn",
        "hooks..example.vn",
        "hooks.example.vn:0",
        "hooks.example.vn:99999",
        "hooks.example.vn:http",
    ],
)
def test_entries_that_say_something_else_are_refused(entry: str) -> None:
    with pytest.raises(ValueError):
        parse_allowed_host(entry)
