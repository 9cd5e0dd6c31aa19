"""The page a browser is shown for a calendar link that no longer works (a person who opened an old link, or
pasted it into the address bar): what happened, that the calendar program keeps its last copy, and where to get a
new link — in words, never an API call (QA 2026-12-06: the raw problem told a duty worker to "POST /feeds").

Pure: the words in both languages, the owner's language first where notifier knows it (a revoked link's), else
Vietnamese first and English beneath. A calendar program gets the RFC 9457 problem instead (api/problems.py)."""

from __future__ import annotations

from html import escape

from .errors import FeedNotFound

_WORDS = {
    "vi": {
        "title": "Đường dẫn lịch này không còn dùng được",
        "unknown": "Đường dẫn có thể đã được thay bằng một đường dẫn mới, hoặc bị gõ sai.",
        "revoked": "Đường dẫn này đã bị thu hồi (tắt hẳn), do bạn hoặc người quản lý của bạn.",
        "copy": "Ứng dụng lịch của bạn vẫn hiện bản đã tải về lần cuối cho đến khi bạn xoá lịch này khỏi ứng dụng.",
        "how": "Hãy lấy đường dẫn mới ở trang “Lịch của tôi” trên cổng thông tin lịch trực, rồi đăng ký lịch theo "
        "đường dẫn đó.",
        "open": "Mở trang “Lịch của tôi”",
    },
    "en": {
        "title": "This calendar link no longer works",
        "unknown": "It may have been replaced by a newer link, or it was mistyped.",
        "revoked": "It was turned off (revoked), by you or your manager.",
        "copy": "Your calendar program keeps showing the last copy it fetched until you remove this calendar from it.",
        "how": "Get a new link on the duty portal's “My calendar” page (Lịch của tôi), then subscribe to that one.",
        "open": "Open “My calendar”",
    },
}


def feed_gone_page(error: FeedNotFound, *, calendar_page: str | None) -> str:
    """The whole HTML page for `error`; `calendar_page`: the portal's "Lịch của tôi" address (None: not configured,
    the page is then named in words alone)."""
    first = error.lang if error.lang in _WORDS else "vi"
    sections = []
    for lang in (first, *(other for other in _WORDS if other != first)):
        w = _WORDS[lang]
        link = f'\n<p><a href="{escape(calendar_page)}">{escape(w["open"])}</a></p>' if calendar_page else ""
        sections.append(
            f'<section lang="{lang}">\n<h1>{escape(w["title"])}</h1>\n'
            f"<p>{escape(w['revoked' if error.revoked else 'unknown'])}</p>\n"
            f"<p>{escape(w['copy'])}</p>\n<p>{escape(w['how'])}</p>{link}\n</section>"
        )
    return (
        f'<!doctype html>\n<html lang="{first}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(_WORDS[first]['title'])}</title>\n</head>\n<body>\n"
        + "\n<hr>\n".join(sections)
        + "\n</body>\n</html>\n"
    )
