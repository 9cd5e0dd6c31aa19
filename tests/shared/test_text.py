"""lichtruc.text's ordering of names: the Vietnamese alphabet letter by letter, then the tones."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lichtruc.text import (
    fold,
    invisible,
    one_line,
    phone_label,
    phone_number,
    same_name_key,
    sheet_text,
    sort_key,
    starts_words,
    visible,
)

# As a Vietnamese dictionary lists them: a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư; case aside; the tones
# (none, huyền, hỏi, ngã, sắc, nặng) only between names equal letter for letter.
IN_ORDER = [
    "An",
    "Àn",
    "Ản",
    "Ãn",
    "Án",
    "Ạn",
    "Ăn",
    "Ân",
    "Bùi Văn Phước",
    "Dương Văn Lợi",
    "Đài Phát thanh và Truyền hình Long An",
    "Đặng Thị Hoa",
    "Đoàn Quang Vinh",
    "Đỗ Minh Khôi",
    "Lê Văn Tám",
    "MobiFone Long An",
    "Ngô Thị Bé",
    "Nguyễn Văn An",
    "Ông Văn Chín",
    "Ơn Thị Mười",
    "Trần Văn Ba",
    "Trương Công Danh",
    "Ưng Văn Một",
    "Viettel Long An",
    "VNPT Long An",
    "Võ Văn Tám",
    "Zalo",
]


def test_names_are_ordered_letter_by_letter_in_the_vietnamese_alphabet_then_by_tone() -> None:
    shuffled = IN_ORDER[:]
    random.Random(2027).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == IN_ORDER


def test_the_key_is_the_same_however_the_name_is_typed_and_postgresql_can_store_it() -> None:
    for name in IN_ORDER:
        assert sort_key(unicodedata.normalize("NFD", name)) == sort_key(name) == sort_key(name.upper())
        assert "\x00" not in sort_key(name)  # text PostgreSQL can store
    # a shorter name first; a space before any letter
    assert sorted(["Anh", "An", "An Bình"], key=sort_key) == ["An", "An Bình", "Anh"]


# Numbers by their value, wherever they stand; a number before the letters, after a space; equal numbers
# (leading zeros aside) then by tone, then by fewer leading zeros.
NUMBERED_IN_ORDER = [
    "Bưu điện huyện 3",
    "Bưu điện huyện 12",
    "Bưu điện huyện Đức Hòa",
    "Tổ 0",
    "Tổ 00",
    "Tổ 1",
    "Tổ 3 ấp 2",
    "Tổ 3 ấp 9",
    "Tổ 3 ấp 10",
    "Tổ 3 ấp 10 Bắc",
    "Tổ 3 ấp 11",
    "Tổ 7",
    "Tổ 07",
    "Tô 07A",
    "Tổ 7a",
    "Tổ 007b",
    "Tổ 10",
    "Tổ 99999999",
    "Tổ 100000000",
    "Tổ 999999999",
    "Tổ 1000000000",
    "Tổ 123456789012345678",
    "Tổ 1234567890123456789",
    "Tổ A",
    "Trạm 2",
    "Trạm 9",
    "Trạm 10",
    "Trạm 100",
    "Trạm BTS 2",
    "Trạm BTS 9",
    "Trạm BTS 10",
    "Trạm BTS2",
    "Trạm BTS10",
    "Trạm BTS10A",
    "Trạm BTS10Ă",
    "Trạm BTS10B",
]


def test_runs_of_digits_are_ordered_by_their_value() -> None:
    shuffled = NUMBERED_IN_ORDER[:]
    random.Random(2028).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == NUMBERED_IN_ORDER
    for name in NUMBERED_IN_ORDER:
        assert sort_key(unicodedata.normalize("NFD", name)) == sort_key(name) == sort_key(name.upper())
        assert "\x00" not in sort_key(name)  # text PostgreSQL can store
    # a number where the other name has punctuation: as digits were, after "-" and "/", before ":"
    assert sorted(["Trạm :", "Trạm 5", "Trạm -", "Trạm /"], key=sort_key) == ["Trạm -", "Trạm /", "Trạm 5", "Trạm :"]
    # names that differ only by leading zeros have distinct keys (PostgreSQL orders them as Python does)
    assert len({sort_key(n) for n in ("Tổ 7", "Tổ 07", "Tổ 007", "Tổ 7 ấp 07", "Tổ 07 ấp 7")}) == 5
    assert sorted(["Tổ 07 ấp 7", "Tổ 7 ấp 07"], key=sort_key) == ["Tổ 7 ấp 07", "Tổ 07 ấp 7"]


NOT_DIGITS = st.text(st.characters(codec="utf-8", exclude_characters="0123456789"), max_size=8)


@given(prefix=NOT_DIGITS, a=st.integers(0, 10**25), b=st.integers(0, 10**25), rest_a=NOT_DIGITS, rest_b=NOT_DIGITS)
def test_the_first_different_number_decides_whatever_follows(prefix, a, b, rest_a, rest_b) -> None:
    """Two names alike up to a number: the smaller number first, whatever follows either."""
    first, second = sort_key(f"{prefix}{a}{rest_a}"), sort_key(f"{prefix}{b}{rest_b}")
    if a != b:
        assert (first < second) == (a < b)


@given(
    numbers=st.lists(st.tuples(st.integers(0, 10**12), st.integers(0, 3)), min_size=1, max_size=4),
    others=st.lists(st.tuples(st.integers(0, 10**12), st.integers(0, 3)), min_size=1, max_size=4),
)
def test_names_with_several_numbers_are_ordered_as_their_numbers_then_their_leading_zeros(numbers, others) -> None:
    """ "Tổ {n} ấp {m}…" against another such name with as many numbers: the numbers compared left to right,
    then, the numbers all equal, the leading zeros left to right (fewer first)."""
    others = (others * len(numbers))[: len(numbers)]

    def name(runs: list[tuple[int, int]]) -> str:
        return "Tổ " + " ấp ".join("0" * zeros + str(n) for n, zeros in runs)

    first, second = sort_key(name(numbers)), sort_key(name(others))
    values, other_values = [n for n, _ in numbers], [n for n, _ in others]
    expected = (values, [z for _, z in numbers]) < (other_values, [z for _, z in others])
    assert (first < second) == expected
    assert (first == second) == (numbers == others)


def test_a_sheet_cell_holds_no_control_character_c0_or_c1() -> None:
    # The C1 controls (U+0080–U+009F) too: roster's imports refuse them, so no export writes one either.
    assert sheet_text("Trạm\x00 Bến\x1b Lức\x7f\x80\x87\x9b\x9f") == "Trạm Bến Lức"
    assert sheet_text("\x9b=1+1") == "'=1+1"  # left out first, so what follows is still seen as a formula
    assert sheet_text("Ghi chú\ttab\nxuống dòng\u00a0") == "Ghi chú\ttab\nxuống dòng\u00a0"  # kept: not controls


def test_a_phone_is_grouped_as_people_read_it() -> None:
    assert phone_label("02723826000") == "0272 3826 000"  # a landline: area code, then the number
    assert phone_label("0913555202") == "0913 555 202"
    assert phone_label("+84913555202") == "+84913555202"  # anything else as stored
    assert phone_label("0272 3 826 999") == "0272 3 826 999"
    assert phone_label(None) == phone_label("") == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("091-234-5678", "0912345678"),
        ("912345678", "0912345678"),  # a spreadsheet's number, its 0 lost
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("0084912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0272 3827 777", "02723827777"),  # a landline
        ("2723827777", "02723827777"),
        ("+84 272 3827 777", "02723827777"),
        ("842723827777", "02723827777"),
        ("+44 20 7946 0958", "+442079460958"),  # another country's: as typed, without its spaces
        ("1900 1234", "19001234"),  # a hotline
        ("12", None),
        ("09123456789012345", None),
        ("số máy lẻ", None),
    ],
)
def test_a_phone_number_is_stored_in_one_form_however_it_was_typed(typed: str, stored: str | None) -> None:
    """QA: "912345674" from a CSV, "+84912345672" and "84912345766" were each stored as typed, beside 0912345691."""
    assert phone_number(typed) == stored
    if stored and stored.startswith("0"):
        assert phone_label(stored) != stored  # shown grouped, as the list does


def test_names_are_compared_without_invisible_characters() -> None:
    """A zero-width space, a word joiner, a soft hyphen or a byte-order mark shows nothing: "Nguyễn Văn\u200b Khoa"
    is the stored "Nguyễn Văn Khoa" (QA: the shift import said nobody had that name)."""
    for typed in ("Nguyễn Văn\u200b Khoa", "\u2060Nguyễn Văn Khoa", "Nguyễn\u00ad Văn Khoa\ufeff"):
        assert fold(typed) == fold("Nguyễn Văn Khoa") == "nguyen van khoa"
        assert visible(typed).split() == ["Nguyễn", "Văn", "Khoa"]
    assert visible("Khoa") == "Khoa"


# zero-width space, zero-width non-joiner and joiner, word joiner, byte-order mark, soft hyphen, left-to-right mark
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e"


@given(st.text(alphabet="ÁánhTuyếtđĐ ", max_size=20), st.lists(st.sampled_from(INVISIBLE), max_size=4), st.data())
def test_one_rule_leaves_invisible_characters_out_of_names_and_queries(name, marks, data) -> None:
    """QA: a name pasted with a zero-width space found nobody, though saved it is kept without it. A name kept
    (one_line, as roster's clean_name) and a query compared (fold) leave out the same characters, wherever they sit."""
    assert all(invisible(c) for c in INVISIBLE) and not any(invisible(c) for c in "a \u00a0\u0301")
    pasted = name
    for mark in marks:
        at = data.draw(st.integers(0, len(pasted)))
        pasted = pasted[:at] + mark + pasted[at:]
    assert fold(pasted) == fold(name) == fold(one_line(pasted))
    assert one_line(pasted) == one_line(name)
    assert one_line("\ufeff Ánh\u00a0\u00a0Tu\u200byết\t") == "Ánh Tuyết"


def test_a_picker_finds_a_name_by_the_starts_of_its_words_every_word_typed_needed() -> None:
    """QA (round 8): "uyen" found every Nguyễn; the picker's search matched inside words."""
    assert starts_words("Ưng Thị Ý", "thi y") and starts_words("Ưng Thị Ý", "UNG  ý")
    assert starts_words("Nguyễn Thị Uyên", "uyen") and not starts_words("Nguyễn Văn An", "uyen")
    assert starts_words("Nguyễn Văn An", "ng v") and not starts_words("Nguyễn Văn An", "nguyen b")
    assert starts_words("Đặng Văn Bảo", "dang") and starts_words("Đặng Văn Bảo", "")


def test_one_name_is_one_name_case_nfc_and_spacing_aside_diacritics_counting() -> None:
    assert same_name_key(unicodedata.normalize("NFD", " ƠN  VĂN ÚT")) == same_name_key("Ơn Văn Út")
    assert same_name_key("Ung Thị Ý") != same_name_key("Ưng Thị Ý")
