"""RFC 9457 problem details for every 4xx/5xx of every service.

A route raises `Problem` (or lets FastAPI's validation fail); the handlers here turn
it into `application/problem+json` that names what was wrong and what to do.
No stack trace ever reaches a client.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .failures import database_unreachable
from .words import LOCATIONS, code_names, field_label

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://lichtruc.vn/problems/"
RETRY_AFTER_SECONDS = 1
"""What a 503 for a passing condition (database blip, too many requests in flight) asks clients to wait."""

log = logging.getLogger(__name__)


class Problem(Exception):
    """An error a client can act on. `type_` is a short slug, e.g. "double-booking"."""

    def __init__(
        self,
        status: int,
        type_: str,
        title: str,
        detail: str,
        *,
        detail_vi: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.type_ = type_
        self.title = title
        self.detail = detail
        self.detail_vi = detail_vi
        self.headers = headers
        self.extensions = extensions

    def body(self, instance: str | None = None) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "type": TYPE_BASE + self.type_,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.detail_vi:
            doc["detail_vi"] = self.detail_vi
        if instance:
            doc["instance"] = instance
        doc.update(self.extensions)
        return doc


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    instance = request.url.path if request is not None else None
    return JSONResponse(
        problem.body(instance), status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers
    )


_STATUS_TITLES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    412: ("precondition-failed", "Precondition failed"),
    413: ("payload-too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    429: ("too-many-requests", "Too many requests"),
}


# The one schema of every error body, as the OpenAPI documents describe it (`document_problems`).
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem document: `type` names the kind of error, `detail` says what to do "
    "(in English; `detail_vi` in Vietnamese). Some kinds add members, e.g. `errors` (the "
    "broken fields and rules), `current_version`, `report`.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "examples": [TYPE_BASE + "validation"]},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "detail_vi": {"type": "string"},
        "instance": {"type": "string", "description": "the path the request was sent to"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": True,
                "properties": {
                    "field": {"type": ["string", "null"]},
                    "rule": {"type": ["string", "null"]},
                    "message": {"type": ["string", "null"]},
                },
            },
        },
    },
    "additionalProperties": True,
}
# Any route may answer these (no or a bad token, another role or scope, malformed or too large a
# body, a wrong content type, throttling, an unexpected error): documented once, as ranges.
_ANY_ROUTE = {
    "4XX": "A problem (RFC 9457), e.g. 400 malformed JSON, 401 no or an invalid access token, 403 not allowed "
    "for the caller's role or scope, 404 not found, 413 body too large, 415 unsupported media type, "
    "422 invalid request, 429 too many requests; `type` names the kind.",
    "5XX": "A problem (RFC 9457): 500 the server failed (nothing was changed); 503 with `Retry-After` the "
    "database is briefly unreachable or too many requests are in flight (retry after that many seconds).",
}
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def document_problems(openapi: dict[str, Any]) -> dict[str, Any]:
    """Say in an app's OpenAPI document, once for every operation, that its errors are problem
    documents: FastAPI documents its own validation body (which our handlers replace) and the
    routes only describe their specific error codes, so clients and Schemathesis would
    otherwise expect other bodies than the ones they get."""
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code[0] in "45":
                    response["content"] = _problem_content()
            for code, description in _ANY_ROUTE.items():
                responses.setdefault(code, {"description": description, "content": _problem_content()})
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for name in _FASTAPI_VALIDATION_SCHEMAS:
        if f'"#/components/schemas/{name}"' not in json.dumps(openapi):
            schemas.pop(name, None)
    return openapi


# SQLSTATEs of text PostgreSQL cannot store, which only a request can have brought: a NUL
# character in a text column (22021) or `\u0000` in a jsonb document (22P05).
_UNSTORABLE_TEXT = {"22021", "22P05"}


def database_unavailable_problem() -> Problem:
    """The 503 for a database that is briefly unreachable: nothing was changed, retry shortly."""
    return Problem(
        503,
        "database-unavailable",
        "Database unavailable",
        "The database could not be reached (restarting or failing over); nothing was changed. "
        f"Retry in {RETRY_AFTER_SECONDS} s; if it lasts, see /readyz.",
        detail_vi="Tạm thời không kết nối được cơ sở dữ liệu (đang khởi động lại); chưa có gì thay "
        f"đổi. Hãy thử lại sau {RETRY_AFTER_SECONDS} giây.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


_DATETIME_EXAMPLE = "2027-02-06T00:00:00+07:00"
_DATETIME = (
    f"không phải ngày giờ hợp lệ (ví dụ {_DATETIME_EXAMPLE})",
    f"not a valid date and time (for example {_DATETIME_EXAMPLE})",
)
_DATE = ("không phải ngày hợp lệ (ví dụ 2027-02-06)", "not a valid date (for example 2027-02-06)")
_TIME = ("không phải giờ hợp lệ (ví dụ 08:00)", "not a valid time (for example 08:00)")
_DURATION = ("không phải khoảng thời gian hợp lệ", "not a valid duration")
_UUID = ("không phải mã định danh hợp lệ", "not a valid identifier (a UUID)")
_TEXT = ("phải là văn bản", "must be text")
_INTEGER = ("phải là số nguyên", "must be a whole number")
_NUMBER = ("phải là số", "must be a number")
_YES_NO = ("phải là giá trị có/không", "must be yes or no (true or false)")
_LIST = ("phải là một danh sách", "must be a list")
_OBJECT = ("phải là một đối tượng JSON", "must be a JSON object")
_URL = ("không phải địa chỉ URL hợp lệ", "not a valid URL")

# Pydantic's error types in words, (Vietnamese, English): what is wrong with the value, said after the
# field's name, with the limits of the error's `ctx` filled in. One table, so that no type is said in one
# language only; a type not in it is said by pydantic's own English (and "có giá trị không hợp lệ").
_RULES: dict[str, tuple[str, str]] = {
    "missing": ("bắt buộc nhưng chưa có", "required but missing"),
    "extra_forbidden": ("không có trong biểu mẫu này: hãy bỏ đi", "not a field of this form: remove it"),
    "string_too_long": ("quá dài (tối đa {max_length} ký tự)", "too long (at most {max_length} characters)"),
    "string_too_short": ("quá ngắn (tối thiểu {min_length} ký tự)", "too short (at least {min_length} characters)"),
    "too_long": ("quá nhiều mục (tối đa {max_length})", "too many items (at most {max_length})"),
    "too_short": ("quá ít mục (tối thiểu {min_length})", "too few items (at least {min_length})"),
    "string_pattern_mismatch": ("không đúng định dạng", "not in the expected format"),
    "string_type": _TEXT,
    "string_sub_type": _TEXT,
    "string_unicode": ("không phải văn bản Unicode hợp lệ", "not valid Unicode text"),
    "int_type": _INTEGER,
    "int_parsing": _INTEGER,
    "int_parsing_size": ("là số quá lớn", "a number too large"),
    "int_from_float": _INTEGER,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "finite_number": ("phải là số hữu hạn", "must be a finite number"),
    "bool_type": _YES_NO,
    "bool_parsing": _YES_NO,
    "greater_than": ("phải lớn hơn {gt}", "must be greater than {gt}"),
    "greater_than_equal": ("phải từ {ge} trở lên", "must be {ge} or more"),
    "less_than": ("phải nhỏ hơn {lt}", "must be less than {lt}"),
    "less_than_equal": ("tối đa là {le}", "must be at most {le}"),
    "multiple_of": ("phải là bội số của {multiple_of}", "must be a multiple of {multiple_of}"),
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "timezone_aware": (
        f"thiếu múi giờ (ví dụ {_DATETIME_EXAMPLE})",
        f"missing its time zone (for example {_DATETIME_EXAMPLE})",
    ),
    "timezone_naive": ("không được kèm múi giờ", "must not carry a time zone"),
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": (
        "phải là một ngày, không kèm giờ (ví dụ 2027-02-06)",
        "must be a day without a time (for example 2027-02-06)",
    ),
    "time_type": _TIME,
    "time_parsing": _TIME,
    "time_delta_type": _DURATION,
    "time_delta_parsing": _DURATION,
    "uuid_type": _UUID,
    "uuid_parsing": _UUID,
    "uuid_version": _UUID,
    "list_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "json_type": ("không phải JSON hợp lệ", "not valid JSON"),
    "url_type": _URL,
    "url_parsing": _URL,
    "url_syntax_violation": _URL,
    "url_too_long": (
        "là địa chỉ URL quá dài (tối đa {max_length} ký tự)",
        "a URL too long (at most {max_length} characters)",
    ),
    "url_scheme": ("là địa chỉ URL có giao thức không được phép", "a URL whose scheme is not allowed"),
    "bytes_type": ("phải là dữ liệu nhị phân", "must be binary data"),
    "bytes_too_long": ("quá dài (tối đa {max_length} byte)", "too long (at most {max_length} bytes)"),
    "bytes_too_short": ("quá ngắn (tối thiểu {min_length} byte)", "too short (at least {min_length} bytes)"),
    "union_tag_invalid": ("thuộc loại không được hỗ trợ", "of a kind that is not supported"),
    "union_tag_not_found": ("thiếu trường cho biết loại", "missing the field that says its kind"),
}
_RULES_VI = {rule: vi for rule, (vi, _) in _RULES.items()}
_RULES_EN = {rule: en for rule, (_, en) in _RULES.items()}
_INVALID_VI = "có giá trị không hợp lệ"
_INVALID_EN = "not a valid value"


def _allowed_vi(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as the values in words (a code without a word is not shown)."""
    values = _expected_codes(expected)
    words = code_names(values)
    known = list(dict.fromkeys(w for w in words if w))
    if not known:
        return "giá trị không được phép: hãy xem các giá trị hợp lệ trong /openapi.json"
    more = "" if len(known) == len(values) else "; các giá trị khác có trong /openapi.json"
    return f"giá trị không được phép; chọn một trong: {', '.join(known)}{more}"


def _allowed_en(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as the values in English words, each quoted (a word may hold a comma:
    "login, A to Z") and followed by the code to send where it differs — as the summary names a field by
    its name and its key; a code without a word as it is sent."""
    values = _expected_codes(expected)
    if not values:
        return "not an allowed value: see the allowed values in /openapi.json"
    words = code_names(values, "en")
    said = dict.fromkeys(f"“{w}” ({v})" if w and w != v else f"“{v}”" for v, w in zip(values, words, strict=True))
    return f"must be one of: {', '.join(said)}"


def _expected_codes(expected: str) -> list[str]:
    return re.findall(r"'((?:[^'\\]|\\.)*)'", expected) or re.findall(r"[\w-]+", expected)


def _filled(template: str, ctx: Mapping[str, Any]) -> str:
    """`template` with the limits of `ctx`; a limit it lacks left out with its brackets."""
    try:
        return template.format(**{k: v for k, v in ctx.items() if isinstance(v, (int, float, str))})
    except (KeyError, IndexError, ValueError):
        return re.sub(r"\s*\([^)]*\{[^)]*\)|\s*\{[^}]*\}", "", template)


def _pydantic_en(error: Mapping[str, Any]) -> str:
    """pydantic's English sentence, without the "Value error, " it puts before a validator's own."""
    msg = str(error.get("msg") or "").removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg or _INVALID_EN


def validation_message(error: Mapping[str, Any], lang: str = "vi") -> str:
    """A pydantic error (`type`, `ctx`) in words, in Vietnamese or English (`lang` "en"): what is wrong
    with the value, with the limit it broke, to be said after the field's name (see `field_label`),
    beginning in lower case unless it is a validator's own sentence. A validator's error says its own
    words (`lichtruc.words.Invalid` carries both languages); an error type of no rule here is said by
    pydantic's English ("có giá trị không hợp lệ" in Vietnamese)."""
    vi = lang == "vi"
    rule = str(error.get("type") or "")
    ctx = error.get("ctx") or {}
    if rule in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        return _allowed_vi(expected) if vi else _allowed_en(expected)
    if rule in ("value_error", "assertion_error"):
        if vi:
            return getattr(ctx.get("error"), "message_vi", None) or _INVALID_VI
        return str(ctx.get("error") or "") or _pydantic_en(error)
    if rule == "string_too_short" and ctx.get("min_length") == 1:
        return "không được để trống" if vi else "must not be empty"
    if rule == "extra_forbidden":  # the key a person has to remove, by its spelling (it has no name)
        loc = error.get("loc") or ()
        if loc and isinstance(loc[-1], str):
            said = "không có trong biểu mẫu này: hãy bỏ đi" if vi else "is not a field of this form: remove it"
            return f"“{loc[-1]}” {said}"
    template = (_RULES_VI if vi else _RULES_EN).get(rule)
    if template is None:
        return _INVALID_VI if vi else _pydantic_en(error)
    return _filled(template, ctx)


def validation_message_vi(error: Mapping[str, Any]) -> str:
    """`validation_message` in Vietnamese."""
    return validation_message(error, "vi")


def validation_message_en(error: Mapping[str, Any]) -> str:
    """`validation_message` in English."""
    return validation_message(error, "en")


def _sentence(text: str) -> str:
    """A message said alone (an `errors` item's `message`): its first letter in capitals."""
    return text[:1].upper() + text[1:]


def _named_en(loc: tuple[Any, ...], key: str) -> str:
    """ "Name (people found, item 1) [body.people_found.0.name]"; the key alone where the field has no name."""
    label = field_label(loc, "en")
    nameless = tuple(outer for _, outer in LOCATIONS.values()) + ("the request body",)
    return key if label.startswith(nameless) else f"{label[:1].upper()}{label[1:]} [{key}]"


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        out.append(
            {
                "field": ".".join(str(p) for p in loc),
                "rule": err.get("type"),
                "message": _sentence(validation_message_en(err)),
                "message_vi": f"{field_label(loc)}: {validation_message_vi(err)}",
                **_limit(err),
            }
        )
    return out


def _limit(error: Mapping[str, Any]) -> dict[str, int]:
    """A text's limit, for a text past it (a URL too: a webhook's address): a client that still has the text says by
    how much (the portal, as its script does under the box: "Thừa 45 ký tự (tối đa 200) — …"), which the words alone
    do not let it count."""
    most = (error.get("ctx") or {}).get("max_length")
    return {"max_length": most} if error.get("type") in _TEXT_TOO_LONG and isinstance(most, int) else {}


_TEXT_TOO_LONG = ("string_too_long", "url_too_long")
"""The rules of a text past its limit (pydantic's), whose errors carry `max_length` (portal.domain.text_limits reads
them)."""


_NOT_AN_OBJECT = {"model_attributes_type", "dict_type", "model_type"}


def _not_sent_as_json(request: Request, errors: list[dict[str, Any]]) -> bool:
    """A JSON body sent without a JSON content type: FastAPI then reads it as bytes, and the schema
    would say "must be a JSON object" of what may well be one."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    sent_as_json = content_type == "application/json" or content_type.endswith("+json")
    return (
        not sent_as_json
        and not content_type.startswith("multipart/")
        and not content_type.startswith("application/x-www-form-urlencoded")
        and any(e["field"] == "body" and e["rule"] in _NOT_AN_OBJECT for e in errors)
    )


def _http_detail_vi(status: int, method: str) -> str:
    """The Vietnamese detail of a 4xx the framework answers (no route, method or body of ours)."""
    if status == 404:
        return "Không có dữ liệu hay chức năng nào tại địa chỉ này: hãy kiểm tra lại địa chỉ."
    if status == 405:
        return f"Địa chỉ này không nhận yêu cầu {method}: hãy xem các thao tác được phép trong /openapi.json."
    if status == 401:
        return "Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization."
    if status == 413:
        return "Nội dung gửi lên quá lớn: hãy gửi ít hơn (chia tệp nhập thành nhiều tệp)."
    if status == 415:
        return "Định dạng nội dung gửi lên không được hỗ trợ: hãy gửi JSON."
    if status == 406:
        return "Không có định dạng trả về nào phù hợp với yêu cầu: hãy kiểm tra tiêu đề Accept."
    return "Yêu cầu không thực hiện được: hãy kiểm tra lại địa chỉ và nội dung rồi gửi lại."


def unexpected_response(request: Request, exc: Exception) -> JSONResponse:
    """An error no handler knows: a 503 with Retry-After if the database could not be reached (logged
    as one line), else a 500 (logged with its traceback). Nothing was changed: the transaction is
    rolled back."""
    if database_unreachable(exc):
        log.warning("database unavailable on %s %s (answered 503): %r", request.method, request.url.path, exc)
        return problem_response(database_unavailable_problem(), request)
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    problem = Problem(
        500,
        "internal",
        "Internal error",
        "The server failed to handle this request; nothing was changed. Retry later; "
        "if it persists, report the time of the request to the administrator.",
        detail_vi="Máy chủ gặp lỗi, chưa có gì bị thay đổi. Hãy thử lại sau.",
    )
    return problem_response(problem, request)


class AnswerUnhandled:
    """ASGI middleware: an error raised below it before the response has started is answered by
    `respond` (a problem document: `unexpected_response`; the portal gives a page) here, so it ends
    with the request (the server keeps the connection and logs no crash). One raised after the
    response started cannot be answered any more and goes on up."""

    def __init__(self, app: ASGIApp, respond: Callable[[Request, Exception], Response] = unexpected_response) -> None:
        self.app = app
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if started:
                raise
            await self.respond(Request(scope), exc)(scope, receive, send)


def validation_problem(
    exc: RequestValidationError,
    errors: list[dict[str, Any]] | None = None,
    *,
    also: Sequence[Mapping[str, Any]] = (),
) -> Problem:
    """The 422 of a request its schema refuses: every broken field in `errors`, the first five said in `detail`
    (each by its name and key) and `detail_vi` (by its name). `also`: refusals of the same request a service
    found besides the schema's, as its own problems list them (`field`, `rule`, `message`, `message_vi`), so that
    one answer says every mistake — not the schema's first and the rest at the next send."""
    errors = _validation_errors(exc) if errors is None else errors
    # In English each field by its name and its key (a person reads the one, a program's author looks
    # for the other), with what is wrong: the first error of each (a union's members each report it).
    by_key: dict[str, str] = {}
    for e, err in zip(errors, exc.errors(), strict=True):
        by_key.setdefault(
            e["field"],
            f"{_named_en(tuple(err.get('loc', ())), e['field'])}: {validation_message_en(err).rstrip('.')}",
        )
    for item in also:
        by_key.setdefault(str(item.get("field")), str(item.get("message") or "").rstrip("."))
    fields = "; ".join(list(by_key.values())[:5])
    # In Vietnamese the fields by their names ("Họ và tên"), not their keys; the keys stay in `errors`.
    # One sentence per field (a union's members each report the same field): the first says why.
    by_field: dict[str, str] = {}
    for e, err in zip(errors, exc.errors(), strict=True):
        by_field.setdefault(field_label(tuple(err.get("loc", ()))), e["message_vi"].rstrip("."))
    for item in also:
        by_field.setdefault(
            str(item.get("field")), str(item.get("message_vi") or item.get("message") or "").rstrip(".")
        )
    fields_vi = "; ".join(list(by_field.values())[:5])
    return Problem(
        422,
        "validation",
        "Invalid request",
        f"The request is invalid — {fields}. Correct the listed fields and retry.",
        detail_vi=f"Yêu cầu không hợp lệ — {fields_vi}. Hãy sửa rồi gửi lại.",
        errors=[*errors, *(dict(item) for item in also)],
    )


RefusedToo = Callable[[Request, Any, frozenset[str]], Sequence[Mapping[str, Any]]]
"""A route's refusals besides its schema's: given the request, its body as sent and the fields the schema refused
(`body.webhook_url`, …), the errors of the same request the service finds of the rest (`field`, `rule`, `message`,
`message_vi`), or none. Called only when the schema refuses the request; it must not read or write a database."""

_REFUSED_TOO = "__lichtruc_refused_too__"

_Endpoint = TypeVar("_Endpoint", bound=Callable[..., Any])


def refused_too(check: RefusedToo) -> Callable[[_Endpoint], _Endpoint]:
    """Declare on a route (below its `@router` line) what it refuses besides its schema, so that the 422 of a request
    the schema refuses says those mistakes too — one answer for every mistake, not the schema's first and the rest
    at the next send (QA: a webhook's host was told only once the rest of the form was mended). The validation
    handler of `install_problem_handlers` asks it; the route's own checks still refuse a request the schema passes."""

    def declare(endpoint: _Endpoint) -> _Endpoint:
        setattr(endpoint, _REFUSED_TOO, check)
        return endpoint

    return declare


def _refused_too(request: Request, exc: RequestValidationError, errors: list[dict[str, Any]]) -> Sequence[Any]:
    """What the route that refused `request` declared with `refused_too` (none for a route that declared nothing)."""
    check: RefusedToo | None = getattr(request.scope.get("endpoint"), _REFUSED_TOO, None)
    return () if check is None else check(request, exc.body, frozenset(str(e["field"]) for e in errors))


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of `app` an RFC 9457 document."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        if _not_sent_as_json(request, errors):
            sent = request.headers.get("content-type")
            problem = Problem(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                (f"The body was sent as {sent}" if sent else "The body was sent without a Content-Type header")
                + ", so it was not read as JSON: send it with Content-Type: application/json.",
                detail_vi="Nội dung gửi lên không được khai báo là JSON nên không được đọc: hãy gửi kèm tiêu đề "
                "Content-Type: application/json.",
            )
            return problem_response(problem, request)
        if any(e["rule"] == "json_invalid" for e in errors):
            where = next(e for e in errors if e["rule"] == "json_invalid")["field"].removeprefix("body.")
            problem = Problem(
                400,
                "malformed-json",
                "Malformed JSON",
                f"The request body is not valid JSON (error near character {where}): send a JSON object.",
                detail_vi=f"Nội dung yêu cầu không phải JSON hợp lệ (lỗi gần ký tự {where}).",
            )
            return problem_response(problem, request)
        return problem_response(validation_problem(exc, errors, also=_refused_too(request, exc, errors)), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug, title = _STATUS_TITLES.get(exc.status_code, ("http-error", "HTTP error"))
        detail = exc.detail if isinstance(exc.detail, str) else title
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"No resource at {request.url.path}: check the address against /openapi.json."
        if exc.status_code == 405:
            detail = (
                f"{request.method} is not allowed on {request.url.path}: see /openapi.json for the allowed methods."
            )
        return problem_response(
            Problem(
                exc.status_code,
                slug,
                title,
                detail,
                detail_vi=_http_detail_vi(exc.status_code, request.method),
                headers=getattr(exc, "headers", None),
            ),
            request,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return unexpected_response(request, exc)

    # Answered inside the app, not only by the catch-all above: Starlette gives an `Exception` handler
    # to its outermost middleware, which answers and then raises the error on to the server — which
    # logged every 503 of a database restart as a crash with its traceback, and closed the connection
    # after every 500, failing a client's next request on it.
    app.add_middleware(AnswerUnhandled)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        if getattr(exc.orig, "sqlstate", None) not in _UNSTORABLE_TEXT:
            return unexpected_response(request, exc)
        log.warning("refused text PostgreSQL cannot store on %s %s: %s", request.method, request.url.path, exc.orig)
        problem = Problem(
            422,
            "unstorable-text",
            "Invalid text",
            "The request contains a NUL character (\\u0000), which cannot be stored: remove it "
            "and retry; nothing was changed.",
            detail_vi="Yêu cầu chứa ký tự NUL (\\u0000), không thể lưu: hãy xoá ký tự này rồi gửi lại.",
        )
        return problem_response(problem, request)
