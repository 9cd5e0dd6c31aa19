"""The small pieces the history's sentences are made of, over the stored JSON of an event: instants
and days as people read them (with the lunar day, as audit's other labels of incidents, reports and
inspections show them), and the contract's codes in words inside a sentence (lichtruc.words). A value
that is missing or unreadable is "?", never a repr; an unknown code stays as it is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from lichtruc import vntime
from lichtruc.words import name

UNKNOWN = "?"


def in_sentence(text: str) -> str:
    """A name as it reads inside a sentence: "Viễn thông" → "viễn thông" (the first letter only, so
    that "Internet", "Tết" further on keep theirs)."""
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """A sentence as it starts: "trực lãnh đạo…" → "Trực lãnh đạo…"."""
    return text[:1].upper() + text[1:]


def days_en(count: int) -> str:
    """ "1 day", "3 days"."""
    return f"{count} day" if count == 1 else f"{count} days"


def code(kind: str, value: object) -> tuple[str, str]:
    """A code of `kind` (lichtruc.words: "sector", "qualification", "incident_service"…) in words
    inside a sentence (English, Vietnamese)."""
    return in_sentence(name(kind, value, "en")), in_sentence(name(kind, value, "vi"))


def codes(kind: str, values: Iterable[object] | None) -> tuple[str, str]:
    """Several codes of `kind` in words, listed ("lãnh đạo, điều hành"); "—" for none."""
    said = [code(kind, v) for v in values or ()]
    if not said:
        return "—", "—"
    return ", ".join(en for en, _ in said), ", ".join(vi for _, vi in said)


def _instant(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def instant(value: object) -> tuple[str, str]:
    """An ISO instant with its lunar day: "01:15 6 Feb 2027 (1st day of Tết, Đinh Mùi)" and
    "01:15 06/02/2027 (Mùng 1 Tết Đinh Mùi)"."""
    at = _instant(value)
    if at is None:
        return UNKNOWN, UNKNOWN
    return vntime.instant_label(at, "en"), vntime.instant_label(at, "vi")


def day(value: object) -> tuple[str, str]:
    """An ISO day with its lunar day: "6 Feb 2027 (1st day of Tết, Đinh Mùi)", "06/02/2027 (Mùng 1 Tết Đinh Mùi)"."""
    d = _day(value)
    if d is None:
        return UNKNOWN, UNKNOWN
    return vntime.day_label(d, "en"), vntime.day_label(d, "vi")


def short_day(value: object) -> tuple[str, str]:
    """An ISO day without its lunar day: "6 Feb 2027" and "06/02/2027"."""
    d = _day(value)
    return (UNKNOWN, UNKNOWN) if d is None else (vntime.date_said(d, "en"), vntime.date_said(d, "vi"))


def clock(value: object) -> tuple[str, str]:
    """An ISO instant as local time: "22:00 5 Feb 2027" and "22:00 05/02/2027"."""
    at = _instant(value)
    return (UNKNOWN, UNKNOWN) if at is None else (vntime.clock(at, "en"), vntime.clock(at, "vi"))


def text(data: Mapping[str, Any], key: str) -> str:
    """A free text of the event (a reason, a note), trimmed; "" when there is none."""
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""
