"""The links that add a calendar feed to Google Calendar and Outlook, and its QR code."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from portal.domain.calendar_links import calendar_links, google_calendar_url, outlook_url, qr_svg, webcal_of

FEED = "https://lich.example.vn/feeds/AbC-123_xyz.ics"


def test_webcal_twin() -> None:
    assert webcal_of(FEED) == "webcal://lich.example.vn/feeds/AbC-123_xyz.ics"
    assert webcal_of("http://127.0.0.1:8102/feeds/t.ics") == "webcal://127.0.0.1:8102/feeds/t.ics"
    with pytest.raises(ValueError):
        webcal_of("ftp://example.vn/x.ics")


def test_google_calendar_subscribes_to_the_webcal_link() -> None:
    url = google_calendar_url(webcal_of(FEED))
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "calendar.google.com", "/calendar/render")
    assert parse_qs(parts.query) == {"cid": ["webcal://lich.example.vn/feeds/AbC-123_xyz.ics"]}
    assert "cid=webcal%3A%2F%2Flich.example.vn%2Ffeeds%2F" in url  # percent-encoded, nothing left raw


def test_outlook_adds_from_the_web_with_a_name() -> None:
    url = outlook_url(FEED, "Lịch trực Tết – Phạm Thị Ngọc Ánh")
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("outlook.live.com", "/calendar/0/addfromweb")
    assert parse_qs(parts.query) == {"url": [FEED], "name": ["Lịch trực Tết – Phạm Thị Ngọc Ánh"]}
    assert " " not in url and "+" not in url  # spaces as %20, which every client reads


def test_qr_code_is_an_inline_svg_without_styles() -> None:
    svg = qr_svg(FEED)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "style=" not in svg and "<?xml" not in svg and "<script" not in svg
    assert 'class="qr-code"' in svg and "viewBox" in svg


def test_all_links_for_a_feed() -> None:
    links = calendar_links(FEED, "Lịch trực", webcal_url="webcal://lich.example.vn/feeds/AbC-123_xyz.ics")
    assert links.url == FEED and links.webcal_url.startswith("webcal://")
    assert links.google_url.startswith("https://calendar.google.com/calendar/render?cid=webcal")
    assert links.outlook_url.startswith("https://outlook.live.com/calendar/0/addfromweb?url=https")
    assert calendar_links(FEED, "x").webcal_url == webcal_of(FEED)
