"""`devstack run --at` on a data folder loaded before, at another moment (QZ11 #11): the check-in demo's extra shift
for a demo staff account overlapped a shift of theirs already there, roster refused it (409 no-double-booking) and
the load stopped every service. The demo loader says so and goes on: the person is skipped, and a part that fails
all the same is warned about while the rest of the demo is loaded. Roster stood in for by httpx.MockTransport."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import httpx
import pytest

from devstack import demo, demo_directive
from devstack.demo_directive import checkins

NOW = demo.TET_BEGINS + timedelta(days=9, hours=4, minutes=50)  # inside the campaign
REFUSED = "Phạm Thị Ngọc Ánh đã có ca trực điều hành 06:00–18:00 08/02/2027 (Mùng 3 Tết) trùng thời gian với ca này."


def _roster(posted: list[dict], *, status: int = 409) -> httpx.Client:
    """Roster with the demo's enterprises, each with its first operator, and every POST /shifts refused (`status`:
    409, as a double booking) but the last enterprise's."""
    ids = {e.name: f"e{n}" for n, e in enumerate(demo.ENTERPRISES)}
    last = ids[demo.ENTERPRISES[-1].name]

    def answer(request: httpx.Request) -> httpx.Response:
        path, params = request.url.path, request.url.params
        if path == "/campaigns":
            return httpx.Response(200, json={"items": [{"id": "c1"}]})
        if path == "/enterprises":
            return httpx.Response(200, json={"items": [{"id": i, "name": n} for n, i in ids.items()]})
        if path == "/staff":
            e = next(e for e in demo.ENTERPRISES if ids[e.name] == params["enterprise_id"])
            person = {"id": f"p-{params['enterprise_id']}", "full_name": e.operators[0], "email": f"{e.name}@x.vn"}
            return httpx.Response(200, json={"items": [person]})
        if path == "/shifts" and request.method == "GET":
            return httpx.Response(200, json={"items": []})
        if path == "/shifts" and request.method == "POST":
            body = json.loads(request.content)
            posted.append(body)
            if body["enterprise_id"] != last:
                problem = {"type": "x/no-double-booking", "status": status, "detail": REFUSED}
                return httpx.Response(status, json=problem)
            return httpx.Response(201, json={"id": "s1", **body})
        return httpx.Response(404, json={"detail": f"no {request.method} {path}"})

    return httpx.Client(base_url="http://roster", transport=httpx.MockTransport(answer))


def test_a_demo_shift_roster_refuses_as_overlapping_is_said_and_skipped_not_fatal(capsys) -> None:
    checkins._KNOWN.clear()
    posted: list[dict] = []
    with _roster(posted) as client:
        made = checkins.add_demo_staff_shifts(client, now=NOW)
    said = capsys.readouterr().out
    assert made == 1 and len(posted) == len(demo.ENTERPRISES)  # each asked; only the last made
    assert "no extra shift for" in said and REFUSED in said


def test_a_part_of_the_demo_that_fails_is_warned_about_and_the_others_still_load(monkeypatch, capsys) -> None:
    ran: list[str] = []

    def failing(client: httpx.Client, password: str, *, now: datetime) -> None:
        raise RuntimeError("loading the check-in demo failed: POST /shifts answered 409")

    def after(client: httpx.Client, password: str, *, now: datetime) -> None:
        ran.append("after")

    monkeypatch.setattr(demo, "sign_in", lambda url, login, password: "t")
    monkeypatch.setattr(demo, "load_campaign", lambda client, password: None)
    monkeypatch.setattr(demo_directive, "PARTS", (failing, after))
    demo.load_demo_data("http://roster", login="admin", password="pw", now=NOW)
    assert ran == ["after"]
    assert "devstack: warning: loading the check-in demo failed" in capsys.readouterr().out


@pytest.mark.parametrize("status", [500, 422])
def test_a_refusal_other_than_an_overlap_still_fails_the_part(status: int) -> None:
    checkins._KNOWN.clear()
    with _roster([], status=status) as client, pytest.raises(RuntimeError, match=f"answered {status}"):
        checkins.add_demo_staff_shifts(client, now=NOW)
