"""Templates are compiled once per process, whichever app's environment renders them first, and compiled again
when their file changes (`portal.api.pages._CompiledOnce`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment

from portal.api.pages import Pages
from portal.app import load_catalogue


def test_a_template_is_compiled_once_for_every_environment_and_again_when_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[str | None] = []
    compile_ = Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting)
    (tmp_path / "greeting.html").write_text("Xin chào {{ who }}", "utf-8")
    catalogue = load_catalogue()

    first = Pages(catalogue, templates=tmp_path).env.get_template("greeting.html").render(who="Ánh")
    second = Pages(catalogue, templates=tmp_path).env.get_template("greeting.html").render(who="Hùng")
    assert (first, second) == ("Xin chào Ánh", "Xin chào Hùng")
    assert compiled == ["greeting.html"]

    (tmp_path / "greeting.html").write_text("Chúc mừng năm mới {{ who }}", "utf-8")
    third = Pages(catalogue, templates=tmp_path).env.get_template("greeting.html").render(who="Ánh")
    assert third == "Chúc mừng năm mới Ánh"
    assert compiled == ["greeting.html", "greeting.html"]


def test_the_catalogue_is_read_once_per_process() -> None:
    assert load_catalogue() is load_catalogue()
