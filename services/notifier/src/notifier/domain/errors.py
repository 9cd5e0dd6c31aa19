"""Notifier's domain errors: what went wrong, in words a person can act on (English and Vietnamese).

The API maps each kind to one RFC 9457 problem, once, in ``api/problems.py``; nothing below the
API knows of HTTP. Details name things (the feed link, the person's webhook), never internal ids.
"""

from __future__ import annotations

from datetime import datetime

from lichtruc import vntime


class NotifierError(Exception):
    """Base of every error a notifier command or query can end with: a ``rule`` (the problem's
    slug), the detail in both languages and, for input errors, the offending ``field``."""

    rule: str = "notifier-error"

    def __init__(self, detail_en: str, detail_vi: str, *, field: str | None = None) -> None:
        super().__init__(detail_en)
        self.detail_en = detail_en
        self.detail_vi = detail_vi
        self.field = field


class NotFound(NotifierError):
    """The addressed thing does not exist (or is hidden from the caller, who is told the same)."""

    what = "item"


class FeedSubscriptionNotFound(NotFound):
    rule = "feed-subscription-not-found"
    what = "feed subscription"

    def __init__(self) -> None:
        super().__init__(
            "No calendar link has this id (it may have been revoked): the portal's “My calendar” page (Lịch của tôi) "
            "lists yours.",
            "Không tìm thấy đăng ký lịch này (có thể đã bị thu hồi).",
        )


class FeedNotFound(NotFound):
    """No active calendar feed behind a link. `revoked`: the token was once a real link, since turned off (notifier
    keeps a revoked link's digest, so only its holder can be told so; a rotated link's digest is overwritten, and it
    reads as a mistyped one); `lang`: that link's owner's language, where known."""

    rule = "feed-not-found"
    what = "feed"

    def __init__(self, *, revoked: bool = False, lang: str | None = None) -> None:
        self.revoked = revoked
        self.lang = lang
        if revoked:
            en = "This calendar link was turned off (revoked), so no calendar has this address any more."
            vi = "Đường dẫn lịch này đã bị thu hồi (tắt hẳn), nên không còn lịch nào ở địa chỉ này."
        else:
            en = "No calendar has this address: the link was replaced by a newer one, or it was mistyped."
            vi = "Không có lịch nào ở địa chỉ này: đường dẫn đã được thay bằng một đường dẫn mới, hoặc bị gõ sai."
        super().__init__(
            f"{en} The calendar program keeps showing the last copy it fetched until the calendar is removed from it. "
            "Get a new link on the portal's “My calendar” page (Lịch của tôi) and subscribe to that one.",
            f"{vi} Ứng dụng lịch vẫn hiện bản đã tải về lần cuối cho đến khi lịch này được xoá khỏi ứng dụng. "
            "Hãy lấy đường dẫn mới ở trang “Lịch của tôi” trên cổng thông tin rồi đăng ký lịch theo đường dẫn đó.",
        )


class DeliveryNotFound(NotFound):
    rule = "delivery-not-found"
    what = "delivery"

    def __init__(self) -> None:
        super().__init__("No delivery has this id: list them with GET /deliveries.", "Không tìm thấy lần gửi này.")


class ShiftNotKnown(NotFound):
    rule = "shift-not-found"
    what = "shift"

    def __init__(self) -> None:
        super().__init__(
            "Notifier has received no event for this shift (yet): events arrive within seconds "
            "of a roster change; retry, or check roster's GET /outbox for undelivered events.",
            "Hệ thống lịch và nhắc việc chưa nhận được thông tin về ca trực này (thường chỉ vài giây sau khi ca "
            "được lập hoặc sửa): hãy thử lại sau ít phút.",
        )


class FeedRevoked(NotifierError):
    """A revoked subscription cannot be rotated (issue a new one). Its holder renews links on the portal's "My
    calendar" page, so the way on is that page in words, not the API's path (QA 2026-12-06)."""

    rule = "feed-revoked"

    def __init__(self, label: str | None = None) -> None:
        name = f"The calendar link “{label}”" if label else "This calendar link"
        ten = f"Đường dẫn lịch “{label}”" if label else "Đường dẫn lịch này"
        super().__init__(
            f"{name} was turned off (revoked) and cannot be renewed: get a new link on the portal's “My calendar” "
            "page (Lịch của tôi) and subscribe to that one.",
            f"{ten} đã bị thu hồi (tắt hẳn), không thể làm mới; hãy lấy đường dẫn mới ở trang “Lịch của tôi” trên "
            "cổng thông tin rồi đăng ký lịch theo đường dẫn đó.",
        )


class InvalidInput(NotifierError):
    """The input breaks a rule (an unprocessable request)."""


class WebhookUrlMissing(InvalidInput):
    rule = "webhook-url-missing"
    title = "Webhook address missing"

    def __init__(self) -> None:
        super().__init__(
            "The webhook channel needs an address: give webhook_url (no service-wide webhook is set).",
            "Kênh webhook cần địa chỉ: hãy nhập địa chỉ webhook.",
            field="body.webhook_url",
        )
        self.message = "required when channels contains webhook"
        self.check = "required-for-webhook"


class WebhookSecretMissing(InvalidInput):
    rule = "webhook-secret-missing"
    title = "Webhook secret missing"

    def __init__(self) -> None:
        super().__init__(
            "A personal webhook needs a webhook_secret (16+ characters) to sign its requests with HMAC-SHA256.",
            "Webhook riêng cần khoá bí mật webhook (ít nhất 16 ký tự) để ký các yêu cầu.",
            field="body.webhook_secret",
        )
        self.message = "required with a personal webhook_url"
        self.check = "required-for-webhook"


class WebhookUrlNotAllowed(InvalidInput):
    rule = "webhook-url-not-allowed"
    title = "Webhook address not allowed"

    def __init__(self, detail_en: str, detail_vi: str, *, check: str) -> None:
        super().__init__(detail_en, detail_vi, field="body.webhook_url")
        self.message = detail_en
        self.check = check


class EmptyPeriod(InvalidInput):
    """A period that ends before it starts: a mistake in the request, not a question whose answer is
    "nothing" (the list would otherwise be empty without saying why)."""

    rule = "empty-period"
    title = "Empty period"

    def __init__(self, start: datetime, end: datetime, *, field: str) -> None:
        super().__init__(
            f"The period ends ({vntime.clock(end, 'en')}) before it starts ({vntime.clock(start, 'en')}), Vietnam time: "
            "give an end later than the start.",
            f"Khoảng thời gian kết thúc ({vntime.clock(end)}) trước khi bắt đầu ({vntime.clock(start)}): "
            "hãy chọn thời điểm kết thúc sau thời điểm bắt đầu.",
            field=field,
        )
        self.message = f"must be later than {field.removeprefix('query.').removesuffix('_to')}_from"
        self.check = "end-after-start"
