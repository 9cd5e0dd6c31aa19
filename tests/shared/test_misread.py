"""lichtruc.text.misread: Vietnamese read in the wrong encoding, or typed in an old font (TCVN3, VNI), is found and told
what it was, and no real text is taken for it — every Vietnamese string of the demo, the tests' names, the services'
messages and the portal's catalogues passes, and so do names of other languages."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from lichtruc.text import Misread, from_legacy_font, misread, vietnamese_syllable

ROOT = Path(__file__).resolve().parents[2]


def garbled(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


@pytest.mark.parametrize(
    "name",
    ["Võ Thị Kim Ngân", "Hồ Thị Yến", "Đoàn Văn Lực", "Nguyễn Thị Ánh Tuyết", "Trương Quốc Bảo", "Lãnh đạo"],
)
def test_utf8_read_as_windows_1252_is_found_with_what_it_was(name: str) -> None:
    found = misread(garbled(name))
    assert found is not None and found.likely == name
    assert misread(name) is None


def test_a_no_break_space_lost_and_a_bare_replacement_character_are_looked_through() -> None:
    # "à" is C3 A0: a no-break space that a program wrote back as a plain space.
    assert misread("Ä\ufffdoÃ n VÄƒn Lá»±c") == misread("Ä\ufffdoÃ\xa0n VÄƒn Lá»±c")
    assert misread("Ä\ufffdoÃ n VÄƒn Lá»±c").likely == "Đoàn Văn Lực"  # type: ignore[union-attr]
    garbage = misread("Nguy\ufffdn Văn")  # U+FFFD where nothing can be told: garbled, what it was unknown
    assert garbage is not None and garbage.likely is None


# Every letter with every tone, as the published tables write them (TCVN 5712:1993 VN3; VNI Windows), group by group.
TCVN3_ALPHABET = {
    "µ¸¶·¹": "àáảãạ",
    "¨»¾¼½Æ": "ăằắẳẵặ",
    "©ÇÊÈÉË": "âầấẩẫậ",
    "®§": "đĐ",
    "ÌÐÎÏÑ": "èéẻẽẹ",
    "ªÒÕÓÔÖ": "êềếểễệ",
    "×ÝØÜÞ": "ìíỉĩị",
    "ßãáâä": "òóỏõọ",
    "«åèæçé": "ôồốổỗộ",
    "¬êíëìî": "ơờớởỡợ",
    "ïóñòô": "ùúủũụ",
    "\xadõøö÷ù": "ưừứửữự",  # ư is a soft hyphen's byte
    "úýûüþ": "ỳýỷỹỵ",
    "¡¢£¤¥¦": "ĂÂÊÔƠƯ",
}
VNI_ALPHABET = {
    "aø aù aû aõ aï": "à á ả ã ạ",
    "aê aè aé aú aü aë": "ă ằ ắ ẳ ẵ ặ",
    "aâ aà aá aå aã aä": "â ầ ấ ẩ ẫ ậ",
    "ñ": "đ",
    "eø eù eû eõ eï": "è é ẻ ẽ ẹ",
    "eâ eà eá eå eã eä": "ê ề ế ể ễ ệ",
    "ì í æ ó ò": "ì í ỉ ĩ ị",
    "oø où oû oõ oï": "ò ó ỏ õ ọ",
    "oâ oà oá oå oã oä": "ô ồ ố ổ ỗ ộ",
    "ô ôø ôù ôû ôõ ôï": "ơ ờ ớ ở ỡ ợ",
    "uø uù uû uõ uï": "ù ú ủ ũ ụ",
    "ö öø öù öû öõ öï": "ư ừ ứ ử ữ ự",
    "yø yù yû yõ î": "ỳ ý ỷ ỹ ỵ",
}


@pytest.mark.parametrize(("typed", "letters"), TCVN3_ALPHABET.items())
def test_tcvn3_reads_every_letter_and_tone_as_the_standard_table(typed: str, letters: str) -> None:
    assert from_legacy_font(typed, "TCVN3") == letters


@pytest.mark.parametrize(("typed", "letters"), VNI_ALPHABET.items())
def test_vni_reads_every_letter_and_tone_as_its_table_in_both_cases(typed: str, letters: str) -> None:
    assert from_legacy_font(typed, "VNI") == letters
    assert from_legacy_font(typed.upper(), "VNI") == letters.upper()  # "AØ" is À


@pytest.mark.parametrize(
    ("typed", "font", "likely"),
    [
        ("TrÇn V¨n Th¾ng", "TCVN3", "Trần Văn Thắng"),
        ("§Æng V¨n Hïng", "TCVN3", "Đặng Văn Hùng"),
        ("Tr\xad\xacng ThÞ Hoa", "TCVN3", "Trương Thị Hoa"),
        ("NGUYÔN V¡N", "TCVN3", "NGUYỄN VĂN"),  # the capitals font .VnTimeH draws the small letters' bytes as capitals
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "TCVN3", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "TCVN3", "Độc lập - Tự do - Hạnh phúc"),
        ("Kü thuËt, L·nh ®¹o", "TCVN3", "Kỹ thuật, Lãnh đạo"),
        ("Nguyeãn Vaên Tuaán", "VNI", "Nguyễn Văn Tuấn"),
        ("Tröông Thò Hoa", "VNI", "Trương Thị Hoa"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "VNI", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC", "VNI", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"),
    ],
)
def test_text_typed_in_an_old_font_is_found_with_what_it_was(typed: str, font: str, likely: str) -> None:
    assert misread(typed) == Misread(likely, font=font)
    assert misread(likely) is None


@pytest.mark.parametrize(
    "text",
    [
        "NguyÔn",  # one sign is not enough ("Nguyễn" in TCVN3: the only one of its encoding)
        "Thò",  # VNI's "Thị", and a Vietnamese word as it stands
        "Hoàng Hoà Tú",  # VNI would read "Hồng Hồ", TCVN3 "Hoàng" not at all: syllables as they stand
        "TrÇn Müller",  # a word no old font reads as Vietnamese
        "2 × 3 × 4",  # "×" is TCVN3's "ì", but no word
        "Nguyeãn Vaên Tuaán Müller",
    ],
)
def test_one_sign_or_a_word_that_is_no_syllable_either_way_is_not_enough(text: str) -> None:
    assert misread(text) is None


OTHER_LANGUAGES = [
    "José",
    "Müller",
    "Zoë",
    "Ngô Bảo Châu",
    "O'Brien",
    "François Hollande",
    "Björn Borg",
    "Åsa Öberg",
    "Søren Kierkegaard",
    "Núñez Peña",
    "João Gonçalves",
    "São Tomé",
    "Renée Zellweger",
    "Chloé Gaël Noël",
    "Raphaël Hélène",
    "Jürgen Groß",
    "Ólafur Þór",
    "Àlex Íñigo",
    "Øyvind Æsa",
    "Cécile Bénédicte",
    "Thérèse André",
    "Inês Antônio Conceição",
    "García Márquez",
    "Ibáñez Muñoz Sánchez",
    "Maël Lefèvre",
    "Jérôme Boateng",
    "Mesut Özil",
    "Zoë Saldaña",
    "Beyoncé",
    "Penélope Cruz",
    "Dvořák",
    "Łukasz",
    "Ærø",
]
VIETNAMESE_IN_LATIN_1 = [
    *("Lê Hà", "Tô Hoài", "Hà Lê", "Lý Tú Mã", "Bùi Thái", "Hoàng Tú", "Phó Hà", "Chí Phèo"),
    *("Toàn Hoàng", "Hoá Toán"),  # VNI would read them "Tồn Hồng", "Hố Tốn"
    *("Võ Tô Tú", "Mã Tú"),  # TCVN3 would read them "Vừ Tụ Tỳ", "Mó Tỳ"
]
"""Real names whose every letter Windows-1252 has, so that an old font could be asked to read them: they are
syllables as they stand."""


@pytest.mark.parametrize("name", OTHER_LANGUAGES + VIETNAMESE_IN_LATIN_1)
def test_names_of_other_languages_and_vietnamese_in_latin_1_are_not_taken_for_it(name: str) -> None:
    assert misread(name) is None


def test_a_syllable_is_told_by_its_shape() -> None:
    for word in ("Nguyễn", "khuya", "giường", "Hoà", "người", "rượu", "quốc", "thuở", "xoong", "gìn", "Mát", "Ý"):
        assert vietnamese_syllable(word), word
    for word in ("Nguyeãn", "Thþ", "José", "Müller", "Màt", "Vaên", "ĐĐ", "Trầnn"):
        assert not vietnamese_syllable(word), word


def _strings() -> set[str]:
    found: set[str] = set()
    sources = [
        *ROOT.glob("deploy/src/devstack/**/*.py"),
        ROOT / "tests/vietnamese_order.py",
        *ROOT.glob("tests/roster/**/*.py"),
        *ROOT.glob("services/*/src/**/*.py"),
        *ROOT.glob("shared/src/**/*.py"),
    ]
    for path in sources:
        if path.name == "test_import_people.py":  # garbled on purpose
            continue
        text = path.read_text(encoding="utf-8")
        if text.isascii():
            continue  # no string of it could be taken for Vietnamese: not parsed (the test's time is in the parsing)
        examples: set[int] = set()  # docstrings: garbled examples on purpose (a parent is walked before its body)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                examples.update(id(s.value) for s in node.body if isinstance(s, ast.Expr))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in examples:
                found.add(node.value)

    def walk(doc: dict) -> None:
        for value in doc.values():
            if isinstance(value, dict):
                walk(value)
            elif isinstance(value, str):
                found.add(value)

    for path in ROOT.glob("services/portal/src/portal/messages/*/*.toml"):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return {s for s in found if not s.isascii()}


def test_no_real_vietnamese_is_taken_for_it() -> None:
    strings = _strings()
    assert len(strings) > 5000  # the demo's people, sites and enterprises, the tests' names, the messages, catalogues
    wrong = sorted(s for s in strings if misread(s) is not None and "\ufffd" not in s)
    assert wrong == []
