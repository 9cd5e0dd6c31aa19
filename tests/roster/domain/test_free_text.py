"""Free text as roster keeps it (domain.values): a note, a reference, a reason, a finding is trimmed of white space
and invisible characters at either end, its inside left as written; one that must say something is refused when
nothing visible is left, in both languages, saying whether it may be left out instead."""

from __future__ import annotations

import pytest

from roster.domain.values import TextRefused, clean_text, free_text, trim_text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("   ", ""),
        (" \t\n\r ", ""),
        ("\u200b\ufeff\u00a0\u3164", ""),
        ("  Đã thay 4 ắc quy.\n\nChạy thử  máy phát.  ", "Đã thay 4 ắc quy.\n\nChạy thử  máy phát."),
        ("\u200bBiên bản số 12/BB-KT\u200b", "Biên bản số 12/BB-KT"),
        ("a\u200bb", "a\u200bb"),
        ("-", "-"),
    ],
)
def test_trim_text_keeps_what_the_writer_wrote_between_the_ends(typed: str, kept: str) -> None:
    assert trim_text(typed) == kept


def test_a_text_that_must_say_something() -> None:
    assert clean_text(" Mưa bão \n", field="reason") == "Mưa bão"
    with pytest.raises(TextRefused) as required:
        clean_text("   ", field="text")
    assert required.value.rule == "required"
    assert (
        str(required.value)
        == "The text must not be blank (spaces and invisible characters alone do not count): write it."
    )
    assert required.value.message_vi.startswith("không được để trống")
    with pytest.raises(TextRefused) as optional:
        clean_text("\u200b", field="reason", optional=True)
    assert "leave the field out when there is none" in str(optional.value)
    assert "bỏ hẳn trường này nếu không có" in optional.value.message_vi


@pytest.mark.parametrize("control", ["\x00", "\x08", "\x0b", "\x1b", "\x7f", "\x80", "\x9f"])
def test_every_free_text_refuses_a_control_character_naming_the_field_and_the_character(control: str) -> None:
    for check in (free_text, clean_text):
        with pytest.raises(TextRefused) as refused:
            check(f"Trạm {control}Mỹ Thạnh", field="reason")
        assert refused.value.rule == "no-control-characters"
        assert f"U+{ord(control):04X}" in str(refused.value) and "reason" in str(refused.value)
        assert refused.value.message_vi.startswith("có ký tự điều khiển")


def test_tabs_and_line_breaks_inside_free_text_are_the_writers() -> None:
    assert free_text(" Dòng 1\r\n\tDòng 2 ", field="notes") == "Dòng 1\r\n\tDòng 2"
