"""lichtruc.text's ordering of names: the Vietnamese alphabet letter by letter, then the tones."""

from __future__ import annotations

import random
import unicodedata

from lichtruc.text import sort_key

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
