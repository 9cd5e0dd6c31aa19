"""Validation problems in words (issue 12, point 6): every request field of every service has a
Vietnamese name, each error says in Vietnamese what is wrong with the limit it broke, a field
without a name is never shown by its key, and the strict scan sees what the old one missed."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from fastapi import Depends, FastAPI, Header, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field, field_validator

import message_scan  # tests/message_scan.py, on the path as tests/conftest.py is
from lichtruc.auth import Principal, current_principal
from lichtruc.problems import (
    _RULES_EN,
    _RULES_VI,
    install_problem_handlers,
    refused_too,
    validation_message_en,
    validation_message_vi,
)
from lichtruc.words import FIELD_NAMES, OTHER_CODE_NAMES, Invalid, code_name, code_names, field_label, name

OPENAPI = sorted((Path(__file__).resolve().parents[2] / "docs" / "openapi").glob("*.json"))


def _request_fields(document: dict[str, Any]) -> dict[str, set[str]]:
    """Every parameter (query, path, header) and every body property, nested too: name → where."""
    schemas = document.get("components", {}).get("schemas", {})
    found: dict[str, set[str]] = {}

    def walk(schema: Any, where: str, seen: frozenset[str]) -> None:
        if not isinstance(schema, dict):
            return
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(schemas[name], f"{where} ({name})", seen | {name})
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for member in schema.get(key, []):
                walk(member, where, seen)
        for name, member in schema.get("properties", {}).items():
            found.setdefault(name, set()).add(where)
            walk(member, f"{where}.{name}", seen)
        for key in ("items", "additionalProperties"):
            walk(schema.get(key), where, seen)

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                found.setdefault(parameter["name"], set()).add(f"{method.upper()} {path} ({parameter['in']})")
            for content in (operation.get("requestBody") or {}).get("content", {}).values():
                walk(content.get("schema"), f"{method.upper()} {path} body", frozenset())
    return found


def _request_codes(document: dict[str, Any]) -> set[str]:
    """The Literal/Enum values of the request schemas and parameters (what clients may send)."""
    schemas = document.get("components", {}).get("schemas", {})
    codes: set[str] = set()

    def walk(node: Any, seen: frozenset[str]) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[-1]
                if name not in seen:
                    walk(schemas[name], seen | {name})
                return
            codes.update(v for v in node.get("enum", []) if isinstance(v, str))
            if isinstance(node.get("const"), str):
                codes.add(node["const"])
            for value in node.values():
                walk(value, seen)
        elif isinstance(node, list):
            for value in node:
                walk(value, seen)

    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                walk(parameter.get("schema"), frozenset())
            walk(operation.get("requestBody"), frozenset())
    return codes


def test_the_openapi_documents_are_there() -> None:
    assert {p.stem for p in OPENAPI} >= {"roster", "notifier", "audit"}


@pytest.mark.parametrize("document", OPENAPI, ids=lambda p: p.stem)
def test_every_request_field_has_a_vietnamese_and_an_english_name(document: Path) -> None:
    fields = _request_fields(json.loads(document.read_text(encoding="utf-8")))
    assert len(fields) > 20
    missing = {
        name: sorted(where)[:2] for name, where in fields.items() if name.lower().replace("-", "_") not in FIELD_NAMES
    }
    assert not missing, f"request fields without a name in lichtruc.words.FIELD_NAMES: {missing}"
    for key in fields:
        vi, en = FIELD_NAMES[key.lower().replace("-", "_")]
        assert vi and en and not message_scan.leak(vi), (key, vi)


@pytest.mark.parametrize("document", OPENAPI, ids=lambda p: p.stem)
def test_every_code_a_client_may_send_has_words(document: Path) -> None:
    codes = _request_codes(json.loads(document.read_text(encoding="utf-8")))
    assert "leader" in codes or "webhook" in codes or "critical" in codes
    missing = sorted(c for c in codes if code_name(c) is None)
    assert not missing, f"codes without words (add them to lichtruc.words.OTHER_CODE_NAMES): {missing}"
    for code in codes:
        assert not message_scan.leak(str(code_name(code))), code


def test_field_labels_name_the_field_and_the_item_never_the_key() -> None:
    assert field_label(("body", "people_found", 0, "name")) == "Tên (Người có mặt, mục thứ 1)"
    assert field_label(("body", "covers_site_ids", 2)) == "Các địa điểm trực thêm, mục thứ 3"
    assert field_label(("query", "at", "datetime")) == "Thời điểm"
    assert field_label(("query", "at", "literal['now']")) == "Thời điểm"
    assert field_label(("header", "If-Match")) == "Phiên bản đã đọc"
    assert field_label(("body", "no_such_key")) == "một trường trong nội dung gửi lên"
    assert field_label(("query", "no_such_key")) == "một tham số trong địa chỉ"
    assert field_label(("body", "people_found", 1, "no_such_key")) == "một trường trong Người có mặt, mục thứ 2"
    assert field_label(("body",)) == "nội dung gửi lên"
    assert field_label(("body", "people_found", 0, "name"), "en") == "name (people found, item 1)"
    # A name that depends on what the field is in: the quiet hours' start is a time, a campaign's a day.
    assert field_label(("body", "quiet_hours", "start")) == "Giờ bắt đầu (Giờ yên lặng)"
    assert field_label(("body", "quiet_hours", "end"), "en") == "end time (quiet hours)"
    assert field_label(("body", "start")) == "Ngày bắt đầu"


class _Person(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    staff_id: int | None = None


class _Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")
    people_found: list[_Person] = Field(default_factory=list, max_length=3)
    covers_site_ids: list[int] = Field(default_factory=list)
    duty_type: Literal["leadership", "incident_response"] = "leadership"
    minimum: int = Field(default=1, ge=1, le=20)
    phone: str | None = None

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not value.isdigit():
            raise Invalid(f"“{value}” is not a phone number.", "không phải số điện thoại (chỉ gồm chữ số).")
        return value


def _app() -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/findings")
    def post(
        body: _Finding,
        at: Annotated[datetime | Literal["now"], Query()] = "now",
        sort: Literal["login", "-login"] = "login",
        if_match: Annotated[str | None, Header(max_length=5)] = None,
    ) -> dict[str, str]:
        return {}

    @app.get("/private")
    def private(principal: Annotated[Principal, Depends(current_principal)]) -> None:
        return None

    return TestClient(app, raise_server_exceptions=False)


def test_each_validation_error_says_in_vietnamese_what_is_wrong_and_the_limit() -> None:
    client = _app()
    r = client.post(
        "/findings?at=hom-nay&sort=newest",
        json={
            "people_found": [{"name": "x" * 201}, {"name": "", "extra": 1}],
            "covers_site_ids": ["two"],
            "duty_type": "patrol",
            "minimum": 21,
            "phone": "abc",
        },
        headers={"If-Match": "123456"},
    )
    assert r.status_code == 422
    problem = r.json()
    by_field = {e["field"]: e for e in problem["errors"]}
    vi = {field: e["message_vi"] for field, e in by_field.items()}
    assert vi["body.people_found.0.name"] == "Tên (Người có mặt, mục thứ 1): quá dài (tối đa 200 ký tự)"
    assert vi["body.people_found.1.name"] == "Tên (Người có mặt, mục thứ 2): không được để trống"
    assert (
        vi["body.people_found.1.extra"]
        == "một trường trong Người có mặt, mục thứ 2: “extra” không có trong biểu mẫu này: hãy bỏ đi"
    )
    assert vi["body.covers_site_ids.0"] == "Các địa điểm trực thêm, mục thứ 1: phải là số nguyên"
    duties = f"{name('duty_type', 'leadership')}, {name('duty_type', 'incident_response')}"
    assert vi["body.duty_type"] == f"Loại trực: giá trị không được phép; chọn một trong: {duties}"
    assert vi["body.minimum"] == "Số người tối thiểu: tối đa là 20"
    assert vi["body.phone"] == "Số điện thoại: không phải số điện thoại (chỉ gồm chữ số)."
    assert vi["query.at.datetime"].startswith("Thời điểm: không phải ngày giờ hợp lệ (ví dụ 2027-02-06T00:00:00+07:00)")
    assert vi["query.at.literal['now']"] == "Thời điểm: giá trị không được phép; chọn một trong: bây giờ"
    assert vi["query.sort"] == (
        "Sắp xếp: giá trị không được phép; chọn một trong: tên đăng nhập từ A đến Z, tên đăng nhập từ Z đến A"
    )
    assert vi["header.if-match"] == "Phiên bản đã đọc: quá dài (tối đa 5 ký tự)"
    # English says the same in its own plain words (not pydantic's "String should have at most…"), each
    # `message` a sentence of its own: the field is the item's `field`.
    en = {field: e["message"] for field, e in by_field.items()}
    assert en["body.people_found.0.name"] == "Too long (at most 200 characters)"
    assert en["body.people_found.1.name"] == "Must not be empty"
    assert en["body.people_found.1.extra"] == "“extra” is not a field of this form: remove it"
    assert en["body.covers_site_ids.0"] == "Must be a whole number"
    duties_en = (
        f"“{name('duty_type', 'leadership', 'en')}” (leadership), “{name('duty_type', 'incident_response', 'en')}”"
    )
    assert en["body.duty_type"] == f"Must be one of: {duties_en} (incident_response)"
    assert en["body.minimum"] == "Must be at most 20"
    assert en["body.phone"] == "“abc” is not a phone number."  # the validator's own English
    assert en["query.at.datetime"] == "Not a valid date and time (for example 2027-02-06T00:00:00+07:00)"
    assert en["query.sort"] == "Must be one of: “login, A to Z” (login), “login, Z to A” (-login)"
    assert en["header.if-match"] == "Too long (at most 5 characters)"
    # The English summary says what is wrong with each field, not only which fields, naming each field as
    # a person reads it and by its key.
    assert (
        "Name (people found, item 1) [body.people_found.0.name]: too long (at most 200 characters)" in problem["detail"]
    ), problem["detail"]
    assert "Sort [query.sort]: must be one of: “login, A to Z” (login), “login, Z to A” (-login);" in problem["detail"]
    for text in [problem["detail"], *en.values()]:
        assert not re.search(r"Input should|String should|should have|Field required|Value error", text), text
    assert "Value error" not in problem["detail"] and "Value error" not in str(problem["errors"])
    # A message ending with its own full stop is not given a second one in the summary.
    one = client.post("/findings", json={"people_found": [], "duty_type": "leadership", "minimum": 1, "phone": "abc"})
    assert one.status_code == 422, one.text
    assert one.json()["detail_vi"] == (
        "Yêu cầu không hợp lệ — Số điện thoại: không phải số điện thoại (chỉ gồm chữ số). Hãy sửa rồi gửi lại."
    )
    assert "is not a phone number. Correct the listed fields" in one.json()["detail"], one.json()["detail"]
    # The summary names the fields (each once) and shows no key, path or repr.
    assert problem["detail_vi"].startswith("Yêu cầu không hợp lệ — Thời điểm: không phải ngày giờ hợp lệ")
    assert problem["detail_vi"].count("Thời điểm") == 1
    for text in [problem["detail_vi"], *vi.values()]:
        assert message_scan.leak(text) is None, text


def test_values_offered_together_take_the_words_of_their_own_kind() -> None:
    """QA (2026-12-04): `/incidents?status=bogus` said to choose "còn thiếu người" (a gap's word for
    "open") or "đã khắc phục" (an incident's). Codes offered together are named from the one table holding
    them all; a code alone keeps its first word."""
    incident = validation_message_vi({"type": "literal_error", "ctx": {"expected": "'open' or 'resolved'"}})
    assert incident == "giá trị không được phép; chọn một trong: đang xử lý, đã khắc phục"
    gap = validation_message_vi({"type": "literal_error", "ctx": {"expected": "'open' or 'closed'"}})
    assert gap == "giá trị không được phép; chọn một trong: còn thiếu người, đã được bổ sung"
    assert code_names(["open", "resolved"], "en") == ["open", "resolved"]
    assert code_names(["leadership", "cancelled"]) == [name("duty_type", "leadership"), "đã hủy"]  # no one table


def test_every_rule_is_said_in_both_languages_with_the_same_limits() -> None:
    """One table holds both languages; a rule's English fills in the limits its Vietnamese does."""
    assert _RULES_VI.keys() == _RULES_EN.keys()
    for rule in _RULES_VI:
        vi, en = _RULES_VI[rule], _RULES_EN[rule]
        assert vi and en and en == en.strip() and en[:1].islower(), rule
        assert set(re.findall(r"\{(\w+)\}", vi)) == set(re.findall(r"\{(\w+)\}", en)), rule
    assert validation_message_en({"type": "greater_than_equal", "ctx": {"ge": 3}}) == "must be 3 or more"
    # a limit pydantic did not give is left out, brackets and all, rather than shown as "{max_length}"
    assert validation_message_en({"type": "string_too_long", "ctx": {}}) == "too long"


def test_english_falls_back_to_pydantics_words_only_for_a_type_of_no_rule() -> None:
    unknown = {"type": "frobnicate_type", "msg": "Input should be a frobnicated value", "ctx": {}}
    assert validation_message_en(unknown) == "Input should be a frobnicated value"
    assert validation_message_vi(unknown) == "có giá trị không hợp lệ"
    # a validator's error without an exception of its own (pydantic's email check): its words, less "Value error, "
    email = {"type": "value_error", "msg": "Value error, value is not a valid email address: no @", "ctx": {}}
    assert validation_message_en(email) == "value is not a valid email address: no @"
    # a literal whose codes have no words in English is said by the codes themselves
    assert validation_message_en({"type": "literal_error", "ctx": {"expected": "'x1' or 'x2'"}}) == (
        "must be one of: “x1”, “x2”"
    )


def test_the_framework_and_the_shared_auth_answer_404_405_and_401_in_vietnamese_too() -> None:
    client = _app()
    missing, wrong_method, anonymous = client.get("/nowhere"), client.get("/findings"), client.get("/private")
    assert missing.status_code == 404 and "Không có" in missing.json()["detail_vi"]
    assert wrong_method.status_code == 405 and "không nhận yêu cầu GET" in wrong_method.json()["detail_vi"]
    assert (
        anonymous.status_code == 401
        and anonymous.json()["detail_vi"] == "Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Yêu cầu không hợp lệ (query.at.datetime, query.at.literal['now'])",
        "Yêu cầu không hợp lệ (body.people_found.0)",
        "Yêu cầu không hợp lệ (body.covers_site_ids.0)",
        "không có chuyên môn 'leader'",
        "Thiếu cột 'full_name'",
        "thuộc doanh nghiệp khác (2d85870d-1c2b-4a5e-9f00-0123456789ab)",
        "trạng thái open",  # a code from the OpenAPI enums, not a hand-written list
        "chọn base_station",
        "loại trực incident_response",
        "giá trị None",
        "Ghi chú (site): …",
    ],
)
def test_the_strict_scan_sees_what_the_old_one_missed(text: str) -> None:
    assert message_scan.leak(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Lâm Hoàng Phúc không có ca trực đã công bố của VNPT Long An",
        "Không có email: người này chỉ được nhận ra theo họ tên (và số điện thoại nếu có); hãy thêm email để không nhầm với người cùng tên.",
        "Dữ liệu này không thuộc phạm vi tài khoản của bạn.",
        "Lĩnh vực: chọn một trong: Viễn thông, Bưu chính, Internet",
        "Thời điểm: không phải ngày giờ hợp lệ (ví dụ 2027-02-06T00:00:00+07:00)",
        "Lê Thị Hoa đã có tài khoản (staff.d44bc754@vnpt-longan.vn).",  # an address, not the code staff
    ],
)
def test_the_strict_scan_lets_vietnamese_through(text: str) -> None:
    assert message_scan.leak(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "'không-phải' is not an e-mail address",  # roster's refusal of a bad e-mail before E1
        "Email: 'không-phải' không phải địa chỉ email hợp lệ",
        "This enterprise already has a site named 'Trạm Hòa Bình' ('trạm hoà bình' is the same name written otherwise)",
        "'to' must not be before 'from'.",
        'An enterprise named "VNPT Long An" already exists.',
        "the cursor 'abc' was not handed out",  # a string's Python repr
        "Cao điểm 'Giao thừa' phải kết thúc sau khi bắt đầu.",
    ],
)
def test_the_scan_sees_a_value_in_straight_quotes(text: str) -> None:
    assert message_scan.straight_quote(text), text


@pytest.mark.parametrize(
    "text",
    [
        "“không-phải” is not an e-mail address",
        "The Department's abbreviation in its documents' numbers: the people's names",  # apostrophes
        "the staff members' shifts and the inspectors' visits",
        "“O'Brien's hut” is not a name this enterprise has",  # a quote inside what a person typed, quoted “ ”
        'The site “Trạm "A"” already exists',
        'Reload it (GET), re-apply your change and send If-Match: "3".',  # the header's own syntax
        'If-Match must be the ETag you read, e.g. "3"; got “abc”.',
        'Phiên bản đã đọc phải là ETag đã nhận, ví dụ "3".',
        "Instant [query.at.literal['now']]: must be one of: “now”",  # a field's path (pydantic's), not a value
    ],
)
def test_the_quote_scan_lets_apostrophes_and_curly_quotes_through(text: str) -> None:
    assert message_scan.straight_quote(text) is None, text


def test_the_scan_lets_a_422_repeat_the_unknown_parameter_the_client_sent() -> None:
    echoed = frozenset({"has_warnings"})
    assert message_scan.leak("Tham số không được hỗ trợ: has_warnings.", echoed=echoed) is None
    assert message_scan.leak("Tham số không được hỗ trợ: has_warnings.") is not None


def test_the_scan_codes_come_from_the_openapi_documents() -> None:
    # Not in any hand-written table: found only by walking the documents.
    assert {"base_station", "tree_size", "open_longer_than", "in_flight"} <= message_scan.CODES
    assert not set(message_scan.ALLOWED) & message_scan.CODES
    assert set(OTHER_CODE_NAMES) - {"-created_at", "-display_name", "-login", "-starts_at"} - set(
        message_scan.ALLOWED
    ) <= (message_scan.CODES)


def test_a_json_body_sent_without_a_json_content_type_is_told_to_send_one() -> None:
    """FastAPI reads a body sent as text/plain as bytes, and the schema then said "must be a JSON object"
    of a body that is one: the person is told what to change instead (415)."""
    client = _app()
    body = b'{"people_found": [], "covers_site_ids": [], "duty_type": "patrol", "minimum": 1, "phone": "1"}'
    for content_type in ("text/plain", "application/octet-stream"):
        response = client.post("/findings", content=body, headers={"content-type": content_type})
        assert response.status_code == 415, response.text
        problem = response.json()
        assert content_type in problem["detail"] and "Content-Type: application/json" in problem["detail"]
        assert "Content-Type: application/json" in problem["detail_vi"]
    # A body that is JSON but not an object is still the schema's business.
    not_an_object = client.post("/findings", content=b"[1]", headers={"content-type": "application/json"})
    assert not_an_object.status_code == 422


class _Visit(BaseModel):
    site: str
    minimum: int = Field(ge=1)


def test_a_route_says_its_own_refusals_with_the_schemas_in_one_answer() -> None:
    """`refused_too`: a route's refusals besides its schema's join the schema's 422 (QA: notifier's webhook host
    was told only at the next send); a route that declared none answers the schema's alone."""
    asked: list[tuple[Any, frozenset[str]]] = []

    def site_too(request: object, body: Any, refused: frozenset[str]) -> list[dict[str, Any]]:
        asked.append((body, refused))
        if not isinstance(body, dict) or body.get("site") != "Cần Giuộc":
            return []
        return [{"field": "body.site", "rule": "site-closed", "message": "Cần Giuộc is closed.", "message_vi": "Đóng."}]

    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/visits")
    @refused_too(site_too)
    def visit(body: _Visit) -> dict[str, str]:
        return {}

    @app.post("/plain")
    def plain(body: _Visit) -> dict[str, str]:
        return {}

    client = TestClient(app, raise_server_exceptions=False)
    both = client.post("/visits", json={"site": "Cần Giuộc", "minimum": 0})
    assert both.status_code == 422
    assert [(e["field"], e["rule"]) for e in both.json()["errors"]] == [
        ("body.minimum", "greater_than_equal"),
        ("body.site", "site-closed"),
    ]
    assert "Cần Giuộc is closed" in both.json()["detail"] and "Đóng" in both.json()["detail_vi"]
    assert asked == [({"site": "Cần Giuộc", "minimum": 0}, frozenset({"body.minimum"}))]
    assert client.post("/visits", json={"site": "Cần Giuộc", "minimum": 2}).status_code == 200  # the schema passed
    assert len(asked) == 1  # asked only of a request the schema refuses
    alone = client.post("/plain", json={"site": "Cần Giuộc", "minimum": 0})
    assert [e["field"] for e in alone.json()["errors"]] == ["body.minimum"]
