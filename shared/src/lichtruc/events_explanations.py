"""Events of the explanations (giải trình) of gaps and findings. Registered with `lichtruc.events` on import (that
module imports this one at its end), published by audit on the audit topic.

Each event is audit's own record of the signed log as it was appended (audit/domain/explanations.py), the same
envelope and id: a version of an explanation given or amended by a manager (`ExplanationGiven`), an inspector's answer
to it (`ExplanationReviewed`). So a consumer reads what the log proves, and a record published twice (an outbox
retried) has one id.

- Key: the item's enterprise id; the explanation's `version` (of its `explanation`, or the version its `review`
  answers) tells a stale or repeated event.
- The item in words for a message: `item_vi` / `item_en` ("khoảng trống trực Điều hành tại Tổng đài Tân An, 00:00–06:00
  06/02/2027 (Mùng 1 Tết)") and, from the records written since they are published, its enterprise's and site's names,
  duty type and window (`enterprise_name`, `site_name`, `duty_type`, `starts_at`, `ends_at`: a finding's visit time,
  no end). Records written before have none of these (null): audit reads its whole log with these models.
"""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import AwareDatetime, Field

from .events import EventData, _Value

ExplainedKind = Literal["gap", "finding"]
ExplanationDecision = Literal["accept", "more"]


class ExplanationFile(_Value):
    """A file given as evidence: its name as uploaded, its type by its bytes, size and SHA-256 (the file is proved by
    it; its bytes stay in audit)."""

    attachment_id: uuid.UUID
    filename: str = Field(min_length=1)
    media_type: str
    size: int = Field(ge=0)
    sha256: str = Field(min_length=64, max_length=64)


class ExplanationVersion(_Value):
    """One version of an explanation, as its author gave it."""

    version: int = Field(ge=1, description="1 for the first explanation, +1 for each amendment")
    cause: str = Field(description="the cause chosen: no_show, sudden_absence, short_of_people, roster_mistake, …")
    reason: str = Field(min_length=1, description="why it happened, in the author's words")
    action: str = Field(default="", description="what was done about it")
    attachments: tuple[ExplanationFile, ...] = ()
    author: str = Field(min_length=1, description="the author's account (sign-in)")
    author_name: str | None = Field(default=None, description="the author's name", examples=["Nguyễn Văn Hùng"])
    on_behalf: bool = Field(default=False, description="written by an administrator on the enterprise's behalf")
    written_at: AwareDatetime


class ExplanationAnswer(_Value):
    """An inspector's answer to a version: accepted, or more asked (`note` says what)."""

    version: int = Field(ge=1, description="the version answered")
    decision: ExplanationDecision
    note: str = Field(default="", description="what more is needed (required to ask for more)")
    reviewer: str = Field(min_length=1, description="the inspector's account (sign-in)")
    reviewer_name: str | None = Field(default=None, examples=["Phan Thị Thu Hà"])
    at: AwareDatetime


class ExplanationEvent(EventData):
    """What every explanation record says of its item (not registered: its subclasses are the events)."""

    actor: str = Field(min_length=1, description="who wrote it (the account)")
    explanation_id: uuid.UUID
    item_kind: ExplainedKind = Field(description="gap: a coverage gap; finding: an inspection visit's finding")
    item_id: uuid.UUID
    item_vi: str = Field(min_length=1, description="the item in words, in Vietnamese")
    item_en: str = Field(min_length=1, description="the item in words, in English")
    enterprise_id: uuid.UUID | None = Field(default=None, description="the item's enterprise (also the key)")
    enterprise_name: str | None = None
    site_name: str | None = Field(default=None, description="the item's site (null: the whole enterprise)")
    duty_type: str | None = None
    starts_at: AwareDatetime | None = Field(default=None, description="a gap's start; a finding's visit")
    ends_at: AwareDatetime | None = Field(default=None, description="a gap's end (null for a finding)")


class ExplanationGiven(ExplanationEvent):
    """A manager of the item's enterprise (or an administrator on its behalf) explained a gap or a finding, or
    amended the explanation: `explanation` is the version given. It waits for an inspector's answer."""

    event_type: ClassVar[str] = "lichtruc.audit.explanation.given.v1"

    explanation: ExplanationVersion
    previous_cause: str | None = Field(
        default=None,
        description="an amendment's: the cause the version before it chose (null for version 1, and in records "
        "logged before it was said), so that a reader is told when the cause changed",
    )


class ExplanationReviewed(ExplanationEvent):
    """An inspector answered the latest version of an explanation: accepted it (no more amendments), or asked for
    more (`review.note`)."""

    event_type: ClassVar[str] = "lichtruc.audit.explanation.reviewed.v1"

    review: ExplanationAnswer
