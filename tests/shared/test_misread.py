"""lichtruc.text.misread: Vietnamese read in the wrong encoding is found and told what it was, and no real text is
taken for it — every Vietnamese string of the demo, the tests' names and the portal's catalogues passes."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from lichtruc.text import misread

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


def _strings() -> set[str]:
    found: set[str] = set()
    sources = [
        *ROOT.glob("deploy/src/devstack/**/*.py"),
        ROOT / "tests/vietnamese_order.py",
        *ROOT.glob("tests/roster/**/*.py"),
    ]
    for path in sources:
        if path.name == "test_import_people.py":  # garbled on purpose
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and not node.value.isascii():
                found.add(node.value)

    def walk(doc: dict) -> None:
        for value in doc.values():
            if isinstance(value, dict):
                walk(value)
            elif isinstance(value, str):
                found.add(value)

    for path in ROOT.glob("services/portal/src/portal/messages/*/*.toml"):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def test_no_real_vietnamese_is_taken_for_it() -> None:
    strings = _strings()
    assert len(strings) > 3000  # the demo's people, sites and enterprises, the tests' names, the catalogues
    wrong = sorted(s for s in strings if misread(s) is not None and "\ufffd" not in s)
    assert wrong == []
