"""roster's refusal of a field said under the portal form's own label, in both languages: roster's Vietnamese
message begins with its word for the field ("Ghi chú: …"), its English one names the field as the sentence's
subject ("The note contains …"); either way the person reads the box the page shows, never roster's word."""

from __future__ import annotations

import pytest

from portal.app import load_catalogue
from portal.domain.field_words import refused_fields, sentence, under_label
from portal.domain.text_limits import over_said

CONTROL_VI = "có ký tự điều khiển (U+001B), nội dung không được chứa ký tự này: hãy gõ lại mà không có nó."
CONTROL_EN = "contains a control character (U+001B), which a text cannot hold: type it again without it."
# roster's error for `body.note` holding an escape character (domain.values.free_text), as its API sends it
NOTE_REFUSED = {
    "field": "body.note",
    "rule": "value_error",
    "message": f"The note {CONTROL_EN}",
    "message_vi": f"Ghi chú: {CONTROL_VI}",
}


@pytest.mark.parametrize(
    ("lang", "label", "expected"),
    [
        ("vi", "Lý do từ chối", f"Lý do từ chối: {CONTROL_VI}"),
        ("en", "Reason for rejecting", f"Reason for rejecting {CONTROL_EN}"),
    ],
)
def test_a_refused_note_is_said_under_the_forms_label_without_rosters_word(
    lang: str, label: str, expected: str
) -> None:
    said = refused_fields({"errors": [NOTE_REFUSED]}, lang=lang, labels={"note": label})
    assert said == {"note": expected}
    assert "note" not in said["note"].replace(label, "").lower().split()  # roster's field word is gone
    assert "Ghi chú" not in said["note"]


def test_rosters_other_english_sentences_about_a_field_are_relabelled_the_same_way() -> None:
    blank = "The reason must not be blank (spaces and invisible characters alone do not count): write it."
    assert under_label(blank, field="body.reason", label="Cancellation reason", lang="en") == (
        "Cancellation reason must not be blank (spaces and invisible characters alone do not count): write it."
    )
    # a field inside a list: roster's sentence names it by its own word, the location's words are not in it
    nested = "The name contains a control character (U+0007), which a name cannot hold: type it again without it."
    assert under_label(nested, field="body.people_found.0.name", label="Họ tên người có mặt", lang="en") == (
        "Họ tên người có mặt contains a control character (U+0007), which a name cannot hold: type it again without it."
    )


def test_a_message_without_rosters_word_gets_the_label_in_front() -> None:
    # pydantic's own English sentence names no field; nor does a message about another word ("The notes …")
    too_long = "String should have at most 2000 characters"
    assert under_label(too_long, field="body.note", label="Note on approving", lang="en") == (
        "Note on approving: string should have at most 2000 characters."
    )
    other = "The notes contain nothing"
    assert under_label(other, field="body.note", label="Note on approving", lang="en") == (
        "Note on approving: the notes contain nothing."
    )
    assert under_label("quá dài (tối đa 2000 ký tự)", field="body.note", label="Ghi chú khi duyệt", lang="vi") == (
        "Ghi chú khi duyệt: quá dài (tối đa 2000 ký tự)."
    )
    assert under_label("The note ", field="body.note", label="Note on approving", lang="en") == (
        "Note on approving: the note."
    )


def test_a_rule_after_the_label_reads_as_one_sentence_and_a_message_alone_as_a_sentence() -> None:
    # roster's message said alone is capitalised ("Must not be empty"): after the label, lower case, a full stop
    assert under_label("Must not be empty", field="body.note", label="Note", lang="en") == "Note: must not be empty."
    assert under_label("URL not allowed", field="body.url", label="Address", lang="en") == "Address: URL not allowed."
    assert sentence("too short (at least 12 characters)") == "Too short (at least 12 characters)."
    assert sentence("Giờ bắt đầu và kết thúc phải khác nhau.") == "Giờ bắt đầu và kết thúc phải khác nhau."


def test_the_portals_limit_words_after_a_label_keep_their_capital_in_both_languages() -> None:
    """QZ18 #8d: "Note (what was done): over the limit by 33" — the portal's own sentence for a text past its limit
    (text_limits.over_said, the error marked "over") is not roster's phrase: after the label it reads as it does
    alone, and as in Vietnamese, with its capital; roster's own phrase is still lower-cased after a label."""
    catalogue = load_catalogue()

    def say(lang: str, n: int, most: int) -> str:
        return catalogue.text("check.text_over", lang, n=n, max=most)

    error = {"field": "body.note", "rule": "string_too_long", "max_length": 2000, "message": "String should…"}
    problem = over_said({"errors": [error]}, {"note": "x" * 2033}, say)
    labels = {"vi": "Ghi chú (đã làm gì)", "en": "Note (what was done)"}
    said = {lang: refused_fields(problem, lang=lang, labels={"note": label})["note"] for lang, label in labels.items()}
    assert said == {
        "vi": "Ghi chú (đã làm gì): Thừa 33 ký tự (tối đa 2000) — hãy rút gọn trước khi gửi.",
        "en": "Note (what was done): Over the limit by 33 (at most 2000 characters) — shorten it before sending.",
    }
    roster_says = {"errors": [{"field": "body.note", "rule": "x", "message": "Must not be empty"}]}
    assert refused_fields(roster_says, lang="en", labels={"note": "Note"}) == {"note": "Note: must not be empty."}
