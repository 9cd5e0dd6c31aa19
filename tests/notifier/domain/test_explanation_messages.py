"""What an explanation's mail to the inspectors says of its version (domain/explanations.py, QZ29 #3): the cause
chosen in the reader's words (lichtruc.words, as the portal's form offers it), what it was before when an amendment
changed it, and each file by name and size; nothing of a cause not known, never its code."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from lichtruc.events_explanations import ExplanationFile, ExplanationGiven, ExplanationVersion
from notifier.domain.explanations import given_message

AT = datetime(2027, 2, 7, 3, tzinfo=UTC)


def _file(name: str, size: int) -> ExplanationFile:
    return ExplanationFile(
        attachment_id=uuid.uuid4(), filename=name, media_type="application/pdf", size=size, sha256="c" * 64
    )


def _given(cause: str, *, version: int = 1, previous: str | None = None, files=()) -> ExplanationGiven:
    return ExplanationGiven(
        actor="tamtv",
        explanation_id=uuid.uuid4(),
        item_kind="gap",
        item_id=uuid.uuid4(),
        item_vi="khoảng trống trực vận hành tại Bưu điện tỉnh Long An",
        item_en="the coverage gap of incident response at Bưu điện tỉnh Long An",
        enterprise_name="Bưu điện tỉnh Long An",
        previous_cause=previous,
        explanation=ExplanationVersion(
            version=version,
            cause=cause,
            reason="Chị Phương sốt cao",
            attachments=tuple(files),
            author="tamtv",
            author_name="Trần Văn Tâm",
            written_at=AT,
        ),
    )


def test_the_cause_is_said_in_the_readers_words_and_a_changed_one_with_what_it_was() -> None:
    first = given_message(_given("no_show"), lang="vi").text
    assert "  Nguyên nhân: Người trực không đến\n  Lý do: Chị Phương sốt cao\n" in first
    second = _given("sudden_absence", version=2, previous="no_show")
    assert "  Nguyên nhân: Ốm đau, việc gia đình đột xuất (lần 1: Người trực không đến)\n" in (
        given_message(second, lang="vi").text
    )
    assert "  Cause: Sudden illness or family emergency (version 1: The person on duty did not come)\n" in (
        given_message(second, lang="en").text
    )
    same = given_message(_given("no_show", version=3, previous="no_show"), lang="vi").text
    assert "  Nguyên nhân: Người trực không đến\n" in same and "lần 2:" not in same  # not changed: not said so
    unknown = given_message(_given("alien_cause"), lang="vi").text
    assert "Nguyên nhân" not in unknown and "alien_cause" not in unknown


def test_each_file_is_listed_by_name_and_size_as_the_inspectors_page_lists_it() -> None:
    files = [_file("Giấy khám bệnh.pdf", 250_880), _file("Sổ giao ca.png", 90)]
    vi = given_message(_given("sudden_absence", files=files), lang="vi").text
    assert "  Tệp đính kèm: Giấy khám bệnh.pdf (245 KB)\n                Sổ giao ca.png (1 KB)\n" in vi, vi
    assert "2 tệp" not in vi
    en = given_message(_given("sudden_absence", files=files), lang="en").text
    assert "  Attachments: Giấy khám bệnh.pdf (245 KB)\n               Sổ giao ca.png (1 KB)\n" in en, en
    assert "Tệp đính kèm" not in given_message(_given("no_show"), lang="vi").text  # none: no line
