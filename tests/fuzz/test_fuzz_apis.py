"""Schemathesis against every operation of roster, notifier and audit, as an administrator:
requests generated from each service's own OpenAPI document (valid and invalid ones, and the
boundary cases of the coverage phase), a bounded number per operation and the same ones every
run. No answer may be a server error, and every answer must be one the document promises:
its status code, its content type and its body's schema (errors are RFC 9457 problems)."""

from __future__ import annotations

import sys

import schemathesis
from schemathesis.checks import CheckFunction, not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from support import ADMIN, auth

roster = schemathesis.pytest.from_fixture("roster_api")
notifier = schemathesis.pytest.from_fixture("notifier_api")
audit = schemathesis.pytest.from_fixture("audit_api")

CHECKS: list[CheckFunction] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def call_and_check(case: schemathesis.Case, service) -> None:
    """Send the case, with a token of its own (the fuzzer also signs out, which must not
    end the session of the requests that follow), and check the answer. For a server error,
    what the service logged meanwhile (its traceback) goes to stderr, shown with the failure."""
    offset = service.log_size()
    response = case.call(headers=auth(ADMIN))
    if response.status_code >= 500:
        print(f"{service.process.name} logged:\n{service.log_since(offset)}", file=sys.stderr)
    case.validate_response(response, checks=CHECKS)


@roster.parametrize()
def test_roster_answers_every_request_as_documented(case, services) -> None:
    call_and_check(case, services["roster"])


@notifier.parametrize()
def test_notifier_answers_every_request_as_documented(case, services) -> None:
    call_and_check(case, services["notifier"])


@audit.parametrize()
def test_audit_answers_every_request_as_documented(case, services) -> None:
    call_and_check(case, services["audit"])
