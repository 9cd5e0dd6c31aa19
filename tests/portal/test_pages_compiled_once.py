"""Templates are compiled once per process, whichever app's environment renders them first, and compiled again
when their file changes (`portal.api.pages._CompiledOnce`); the catalogue is read, and the pages' routes analysed,
once per process too, however many apps the process makes (`portal.app`)."""

from __future__ import annotations

from pathlib import Path

import fastapi.routing
import httpx
import pytest
from jinja2 import Environment

from portal.api.pages import Pages
from portal.app import create_app, load_catalogue
from portal.settings import PortalSettings


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


async def _login_page() -> httpx.Response:
    """A new app's first request: the sign-in page, the services never asked."""
    app = create_app(PortalSettings(session_key="s" * 48), transport_for=lambda name: httpx.MockTransport(_refuse))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal.test") as client:
            return await client.get("/login")


def _refuse(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the sign-in page asked {request.url}")


async def test_a_second_app_serves_its_pages_without_analysing_their_routes_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """FastAPI analyses an included router's routes (`get_dependant`, a pydantic adapter for each parameter) for
    each app it is included in, up to 0.3 s of CPU for the portal's; the tests make some 320 apps. The pages are
    one router made once and mounted in every app, so only the first app's first request pays for it."""
    await _login_page()  # whichever test ran first may have paid for it already; this one does if none did
    analysed: list[str] = []
    get_dependant = fastapi.routing.get_dependant

    def counting(*, path: str, call, **kwargs):
        analysed.append(path)
        return get_dependant(path=path, call=call, **kwargs)

    monkeypatch.setattr(fastapi.routing, "get_dependant", counting)
    page = await _login_page()
    assert page.status_code == 200
    assert "Đăng nhập" in page.text
    assert analysed == []
