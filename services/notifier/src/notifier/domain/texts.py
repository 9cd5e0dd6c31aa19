"""User-facing words of the notifier, in Vietnamese and English.

Kept apart from the renderers so that a translator can review every string a
duty officer sees in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)


@dataclass(frozen=True, slots=True)
class FeedTexts:
    """The labels used in calendar feeds and invitations for one language."""

    enterprise: str
    site: str
    lunar_day: str
    colleagues: str
    no_colleagues: str
    manager_phone: str
    notes: str
    cancelled_prefix: str
    cancelled_notice: str


_DUTY_TYPE_NAMES: MappingProxyType[str, MappingProxyType[Lang, str]] = MappingProxyType(
    {
        "leadership": MappingProxyType({"vi": "Trực lãnh đạo", "en": "Leadership duty"}),
        "operations": MappingProxyType({"vi": "Trực điều hành", "en": "Operations duty"}),
        "incident_response": MappingProxyType(
            {"vi": "Trực ứng cứu thông tin", "en": "Incident-response duty"}
        ),
        "patrol": MappingProxyType({"vi": "Tuần tra, bảo vệ", "en": "Patrol and guard duty"}),
    }
)

FEED_TEXTS: MappingProxyType[Lang, FeedTexts] = MappingProxyType(
    {
        "vi": FeedTexts(
            enterprise="Doanh nghiệp",
            site="Địa điểm",
            lunar_day="Ngày âm lịch",
            colleagues="Đồng nghiệp cùng ca",
            no_colleagues="không có",
            manager_phone="Điện thoại quản lý",
            notes="Ghi chú",
            cancelled_prefix="Đã hủy",
            cancelled_notice="Ca trực này đã bị hủy.",
        ),
        "en": FeedTexts(
            enterprise="Enterprise",
            site="Site",
            lunar_day="Lunar day",
            colleagues="Colleagues on this shift",
            no_colleagues="none",
            manager_phone="Manager's phone",
            notes="Notes",
            cancelled_prefix="Cancelled",
            cancelled_notice="This shift has been cancelled.",
        ),
    }
)


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is a supported language, else raise ``ValueError``."""
    if lang not in FEED_TEXTS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}")
    return lang  # type: ignore[return-value]


def feed_texts(lang: Lang) -> FeedTexts:
    """The calendar labels for ``lang``; raises ``ValueError`` for an unknown language."""
    return FEED_TEXTS[check_lang(lang)]


def duty_type_name(duty_type: str, lang: Lang) -> str:
    """The display name of a duty type; an unknown key is shown as the key itself.

    Falling back instead of failing keeps a feed serving when the roster service
    introduces a duty type before this table learns its name.
    """
    names = _DUTY_TYPE_NAMES.get(duty_type)
    if names is None:
        return duty_type
    return names[check_lang(lang)]
