"""lichtruc.queries.check_query_string on a small app: a parameter that takes a list may be repeated
(each value kept), one that takes one value may not (422 naming it, Vietnamese without the values),
whether declared on the route or in a query-parameter model; an unknown parameter is named first."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel

from lichtruc.problems import install_problem_handlers
from lichtruc.queries import check_query_string


class Filters(BaseModel):
    status: str | None = None
    ids: list[str] = []


def _app() -> FastAPI:
    app = FastAPI(dependencies=[Depends(check_query_string)])
    install_problem_handlers(app)

    @app.get("/gaps")
    async def gaps(status: str | None = None, site: Annotated[list[str] | None, Query()] = None) -> dict:
        return {"status": status, "site": site}

    @app.get("/modelled")
    async def modelled(filters: Annotated[Filters, Query()]) -> dict:
        return filters.model_dump()

    return app


def test_a_list_parameter_may_be_repeated_and_keeps_every_value() -> None:
    client = TestClient(_app())
    assert client.get("/gaps", params=[("site", "Tân An"), ("site", "Bến Lức")]).json() == {
        "status": None,
        "site": ["Tân An", "Bến Lức"],
    }
    got = client.get("/modelled", params=[("ids", "a"), ("ids", "b"), ("status", "open")])
    assert got.status_code == 200 and got.json() == {"status": "open", "ids": ["a", "b"]}


def test_a_one_value_parameter_given_twice_is_refused_naming_it() -> None:
    client = TestClient(_app())
    for path in ("/gaps", "/modelled"):
        got = client.get(path, params=[("status", "open"), ("status", "closed")])
        assert got.status_code == 422, got.text
        body = got.json()
        assert body["type"].endswith("/repeated-query-parameter") and body["repeated"] == ["status"]
        assert "“status” was given 2 times (“open”, “closed”) but takes one value" in body["detail"]
        assert body["detail_vi"].startswith("Tham số “status” được gửi 2 lần nhưng chỉ nhận một giá trị.")
        assert "open" not in body["detail_vi"] and "closed" not in body["detail_vi"]  # codes: English only


def test_an_unknown_parameter_is_named_before_a_repeated_one() -> None:
    got = TestClient(_app()).get("/gaps", params=[("status", "a"), ("status", "b"), ("border", "true")])
    assert got.status_code == 422 and got.json()["type"].endswith("/unknown-query-parameter")
    assert got.json()["unknown"] == ["border"]


def test_a_long_value_is_shortened_in_the_message() -> None:
    got = TestClient(_app()).get("/gaps", params=[("status", "x" * 100), ("status", "y")])
    assert ("“" + "x" * 39 + "…”") in got.json()["detail"] and "x" * 40 not in got.json()["detail"]
