"""The sites that serve the public at a counter: post offices ("bưu cục") and transaction points ("điểm giao
dịch"). The directive asks the places that serve customers to post their opening and closing hours over Tết
("niêm yết thông báo thời gian mở cửa, đóng cửa giao dịch … tại các điểm giao dịch"), and a post office is one
of them as much as a telecom shop is. These are the sites that carry Tết opening hours: roster keeps and
publishes them, audit lists those not published by the campaign's deadline, notifier reminds their managers and
the portal offers them in its chooser — one definition, so that no service leaves a kind out."""

from __future__ import annotations

COUNTER_KINDS: tuple[str, ...] = ("post_office", "transaction_point")
"""The site kinds (roster's `kind` of a site) that publish Tết opening hours."""

COUNTER_PLACES: tuple[str, str] = ("bưu cục, điểm giao dịch", "post offices and transaction points")
"""Those sites together, as people read them (Vietnamese, English)."""


def serves_counter(kind: str) -> bool:
    """Whether a site of this kind serves the public at a counter, and so publishes its Tết opening hours."""
    return kind in COUNTER_KINDS
