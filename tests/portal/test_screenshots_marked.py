"""The README's screenshots are taken only when asked, and only by tests `make screenshots` runs.

`browser_support.screenshot` saves nothing unless LICHTRUC_SCREENSHOTS names a folder (so `make test`
leaves docs/ alone), and `make screenshots` runs only the tests marked `screenshot`: a test that
takes one without the mark would leave its picture stale, found here rather than by the Makefile's
check after a whole browser run.
"""

from __future__ import annotations

import ast
from pathlib import Path

from browser_support import SCREENSHOTS_VARIABLE, screenshot

_TESTS = Path(__file__).resolve().parents[1]


class _Page:
    """What `screenshot` asks of a Playwright page: `screenshot(path=, full_page=)`."""

    def __init__(self) -> None:
        self.taken: list[tuple[str, bool]] = []

    def screenshot(self, *, path: str, full_page: bool) -> None:
        self.taken.append((path, full_page))
        Path(path).write_bytes(b"\x89PNG")


def test_nothing_is_saved_unless_a_folder_is_named(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(SCREENSHOTS_VARIABLE, raising=False)
    page = _Page()
    assert screenshot(page, "board") is None
    assert page.taken == []

    monkeypatch.setenv(SCREENSHOTS_VARIABLE, str(tmp_path / "shots"))
    path = screenshot(page, "board", full_page=False)
    assert path is not None and path == tmp_path / "shots" / "board.png"
    assert page.taken == [(str(path), False)]
    assert path.read_bytes() == b"\x89PNG"


def _calls(node: ast.AST) -> set[str]:
    return {c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}


def _marked(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(ast.unparse(d) == "pytest.mark.screenshot" for d in function.decorator_list)


def _takers(tree: ast.Module) -> dict[str, bool]:
    """The module's test functions that take a screenshot, directly or through the module's own
    helpers, each with whether it is marked."""
    functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    reaching = {"screenshot"}
    grew = True
    while grew:
        grew = False
        for name, function in functions.items():
            if name not in reaching and _calls(function) & reaching:
                reaching.add(name)
                grew = True
    return {name: _marked(f) for name, f in functions.items() if name.startswith("test") and name in reaching}


def test_every_test_that_takes_a_screenshot_is_marked_and_no_other() -> None:
    takers: dict[str, bool] = {}
    marked_elsewhere: list[str] = []
    for path in sorted(_TESTS.rglob("test_*.py")):
        if path == Path(__file__).resolve():
            continue  # its own test of `screenshot` takes one into a folder of its own
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = _takers(tree)
        where = path.relative_to(_TESTS).as_posix()
        takers.update({f"{where}::{name}": marked for name, marked in found.items()})
        marked_elsewhere += [
            f"{where}::{n.name}"
            for n in tree.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and _marked(n) and n.name not in found
        ]
    assert len(takers) >= 19, sorted(takers)  # the README's 27 pictures come from 19 tests
    assert [name for name, marked in takers.items() if not marked] == []
    assert marked_elsewhere == []


def test_the_check_finds_a_helpers_screenshot_in_an_unmarked_test() -> None:
    tree = ast.parse(
        "import pytest\n"
        "def _shoot(page):\n    screenshot(page, 'x')\n"
        "def test_plain(page):\n    _shoot(page)\n"
        "@pytest.mark.screenshot\ndef test_marked(page):\n    screenshot(page, 'y')\n"
        "def test_none(page):\n    pass\n"
    )
    assert _takers(tree) == {"test_plain": False, "test_marked": True}
