"""Every route of every service × every role (and no token at all): the status says whether
the caller got past authorisation.

The expected table below is written out by hand — it is the permission table of the README,
not read from the services' policies — and it must name exactly the routes the apps serve
(from their own route tables): a new route without an entry fails here, and a route without an
access rule is refused to everybody (403 no-access-rule), which fails the admin's column.

"Got past authorisation" means neither 401 nor 403: with placeholder ids the answer is
usually 404 or 422. The principals' scopes contain the placeholder ids, so this test is about
roles; tests/<service>/ check the scopes (a manager's enterprises, a staff member's own shifts)
with real data."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from lichtruc.auth import ROLES, Role
from support import auth, present, principal, running

ALL = frozenset(ROLES)
PUBLIC = "public"
# The roles' initials read as a table below.
A: Role = "admin"
M: Role = "manager"
S: Role = "staff"
I: Role = "inspector"  # noqa: E741


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


EVERY_SERVICE: dict[str, frozenset[str] | str] = {
    "healthz": PUBLIC,
    "readyz": PUBLIC,
    "metrics": PUBLIC,
    "openapi": ALL,
    "asyncapi": ALL,
}

EXPECTED: dict[str, dict[str, frozenset[str] | str]] = {
    "roster": {
        **EVERY_SERVICE,
        # accounts and sign-in
        "login": PUBLIC,
        "refresh": PUBLIC,
        "request_password_reset": PUBLIC,
        "logout": ALL,
        "me": ALL,
        "session": ALL,
        "change_password": ALL,
        "create_account": roles(A),
        "list_accounts": roles(A),
        "get_account": roles(A),
        "edit_account": roles(A),
        # campaigns and reference data
        "open_campaign": roles(A),
        "list_campaigns": ALL,
        "get_campaign": ALL,
        "edit_campaign": roles(A),
        "register_enterprise": roles(A),
        "list_enterprises": ALL,
        "get_enterprise": ALL,
        "edit_enterprise": roles(A, M),
        "register_site": roles(A, M),
        "list_sites": ALL,
        "get_site": ALL,
        "edit_site": roles(A, M),
        "register_staff": roles(A, M),
        "list_staff": roles(A, M, I),
        "get_staff": ALL,
        "edit_staff": roles(A, M),
        "link_staff": roles(A, M),
        "unlink_staff": roles(A),
        "get_department": ALL,
        "set_department": roles(A),
        "list_districts": roles(A),
        "merge_districts": roles(A),
        "list_duty_types": ALL,
        "set_requirement": roles(A, M),
        "list_requirements": roles(A, M, I),
        "get_requirement": roles(A, M, I),
        "requirement_versions": roles(A, M, I),
        "change_requirement": roles(A, M),
        "remove_requirement": roles(A, M),
        # shifts and swaps
        "plan_shift": roles(A, M),
        "list_shifts": ALL,
        "get_shift": ALL,
        "shifts_on_duty_beside": ALL,
        "edit_shift": roles(A, M),
        "reschedule_shift": roles(A, M),
        "reassign_shift": roles(A, M),
        "hand_over_shift": roles(A, M),
        "cancel_shift": roles(A, M),
        "publish_shift": roles(A, M),
        "check_in": roles(A, M, S),
        "explain_late": roles(A, M, S),
        "complete_shift": roles(A, M),
        "confirm_presence": roles(A, M),
        "publish_enterprise": roles(A, M),
        "shift_candidates": roles(A, M),
        # "Tôi cần về sớm" (QZ29 #8): the person on the shift under way, or its manager for them
        "ask_early_leave": roles(A, M, S),
        "withdraw_early_leave": roles(A, M, S),
        "list_early_leaves": ALL,
        "request_swap": roles(A, M, S),
        "swap_candidates": roles(A, M, S),
        "list_swaps": ALL,
        "get_swap": ALL,
        "approve_swap": roles(A, M),
        "reject_swap": roles(A, M),
        "withdraw_swap": roles(A, M, S),
        # the colleague's answer before the manager decides (QZ26 #12)
        "accept_swap": roles(A, M, S),
        "decline_swap": roles(A, M, S),
        "take_swap": roles(A, M, S),
        "ask_again": roles(A, M, S),
        "swaps_to_take": roles(A, M, S),
        # imports, board, operations
        "import_staff": roles(A, M),
        "import_shifts": roles(A, M),
        "staff_template": roles(A, M),
        "shifts_template": roles(A, M),
        "board": roles(A, M, I),
        "outbox_status": roles(A, I),
        # the readiness checklist before Tết (issue 15, part 4)
        "define_readiness_item": roles(A, I),
        "seed_readiness_directive": roles(A, I),
        "copy_previous_tet_checklist": roles(A, I),
        # last Tết's requirements and opening hours copied into the next (QZ27 #5): the planners'
        "copy_previous_tet_requirements": roles(A, M),
        "copy_previous_tet_hours": roles(A, M),
        "list_readiness_items": ALL,
        "get_readiness_item": ALL,
        "change_readiness_item": roles(A, I),
        "remove_readiness_item": roles(A, I),
        "enterprise_readiness": ALL,
        "enterprise_readiness_summary": ALL,
        "mark_readiness_done": roles(A, M),
        "reopen_readiness_item": roles(A, M),
        # transaction points' Tết hours (issue 15, part 3)
        "get_tet_hours": ALL,
        "set_tet_hours": roles(A, M),
        "publish_tet_hours": roles(A, M),
        "public_tet_campaign": PUBLIC,
        "public_transaction_hours": PUBLIC,
        "public_transaction_hours_ics": PUBLIC,
        "public_transaction_notice": PUBLIC,
        "import_tet_hours": roles(A, M),
        "tet_hours_template": roles(A, M),
        # inspection plans (issue 15, part 5): the Department plans and records, managers read theirs
        "plan_inspection": roles(A, I),
        "list_inspections": roles(A, M, I),
        "get_inspection": roles(A, M, I),
        "record_inspection_finding": roles(A, I),
        "reschedule_inspection": roles(A, I),
        "cancel_inspection": roles(A, I),
        # daily situation reports (issue 15, part 2)
        "daily_report_draft": ALL,
        "submit_daily_report": roles(A, M, S),
        "list_daily_reports": ALL,
        "get_daily_report": ALL,
        "daily_report_pdf": ALL,
        "daily_report_xlsx": ALL,
        "daily_reports_summary_pdf": roles(A, I),
        "daily_reports_summary_xlsx": roles(A, I),
        # incidents (issue 15, part 1)
        "open_incident": roles(A, M, S),
        "list_incidents": ALL,
        "get_incident": ALL,
        "incident_responder_choices": roles(A, M, S),
        "add_incident_responder": roles(A, M, S),
        "remove_incident_responder": roles(A, M, S),
        "add_incident_update": roles(A, M, S),
        "resolve_incident": roles(A, M, S),
    },
    "notifier": {
        **EVERY_SERVICE,
        "serve_feed": PUBLIC,
        "create_feed": roles(A, M, S),
        "list_feeds": ALL,
        "get_feed": ALL,
        "rotate_feed": roles(A, M, S),
        "revoke_feed": roles(A, M, S),
        "get_preferences": ALL,
        "put_preferences": roles(A, M, S),
        "list_deliveries": roles(A, M, I),
        "get_delivery": roles(A, M, I),
        "list_reminders": ALL,
        "known_shift": ALL,
    },
    "audit": {
        **EVERY_SERVICE,
        "list_log": roles(A, I),
        "verify_log": roles(A, I),
        "get_tree_head": roles(A, I),
        "log_public_key": roles(A, I),
        "prove_inclusion": roles(A, I),
        "prove_consistency": roles(A, I),
        "get_record": roles(A, I),
        "list_sequence_gaps": roles(A, I),
        "list_campaigns": roles(A, M, I),
        "coverage_board": roles(A, M, I),
        "coverage_per_day_csv": roles(A, M, I),
        "coverage_per_day_xlsx": roles(A, M, I),
        "coverage_in_window": roles(A, M, I),
        "who_was_on_duty": roles(A, M, I),
        "list_shortfalls": roles(A, M, I),
        "list_confirmations": roles(A, M, I),
        "list_gaps": roles(A, M, I),
        "gaps_csv": roles(A, M, I),
        "gaps_xlsx": roles(A, M, I),
        "gaps_ended": roles(A, M, I),
        "get_gap": roles(A, M, I),
        "list_enterprises": roles(A, M, I),
        "enterprise_history": roles(A, M, I),
        "account_history": roles(A, I),
        "record_finding": roles(A, I),
        "list_findings": roles(A, M, I),
        "verify_findings": roles(A, I),
        "get_finding": roles(A, M, I),
        "take_snapshot": roles(A),
        "list_snapshots": roles(A, I),
        "projection_digest": roles(A, I),
        "consumer_lag": roles(A, I),  # asked by the inspector's coverage pages
        # the readiness checklist before Tết (issue 15, part 4)
        "readiness_overview": roles(A, I),
        "readiness_summary": roles(A, I),
        # transaction points' Tết hours (issue 15, part 3)
        "missing_transaction_hours": roles(A, I, M),
        # the Department's inspection plans per phase, surprise ones included (issue 15, part 5)
        "inspection_plans_summary": roles(A, I),
        "daily_report_status": roles(A, M, I),
        # incidents (issue 15, part 1)
        "list_incidents": roles(A, M, I),
        "incidents_csv": roles(A, M, I),
        "incidents_xlsx": roles(A, M, I),
        "campaign_report": roles(A, M, I),
        "campaign_report_pdf_file": roles(A, M, I),
        "campaign_report_xlsx_file": roles(A, M, I),
        "save_report_remarks": roles(A, I),
        "get_incident": roles(A, M, I),
        # explanations (giải trình): the enterprise's managers (or an administrator for it) write, inspectors answer
        "explain_gap": roles(A, M),
        "explain_finding": roles(A, M),
        "gap_explanation": roles(A, M, I),
        "finding_explanation": roles(A, M, I),
        "review_gap_explanation": roles(A, I),
        "review_finding_explanation": roles(A, I),
        "list_explanations": roles(A, M, I),
        "explanations_waiting": roles(A, M, I),
        "explanation_file": roles(A, M, I),
    },
}

# FastAPI's own documentation routes are switched off in every service (they would bypass the
# policy); if one came back, it would show up here as an unexpected route.
PLACEHOLDER = uuid.UUID("0b7e7e7e-0000-4000-8000-000000000001")


def served_routes(app: FastAPI) -> list[tuple[str, str, str]]:
    """(name, method, path) of every route the app serves, from its own route table."""
    found = []
    for route in iter_route_contexts(app.routes):
        for method in sorted(route.methods or {"GET"}):
            found.append((present(route.name), method, present(route.path)))
    return found


def concrete(path: str) -> str:
    """The path with placeholder values: ids are one known UUID, log sequence numbers 1."""
    path = path.replace("{seq}", "1").replace("{token}", "t" * 43)
    return re.sub(r"\{[^}]+\}", str(PLACEHOLDER), path)


def callers() -> dict[str, dict[str, str]]:
    """No token, and each role with the placeholder ids in its scope."""
    return {
        "anonymous": {},
        A: auth(principal(A)),
        M: auth(principal(M, enterprises=(PLACEHOLDER,))),
        S: auth(principal(S, enterprises=(PLACEHOLDER,), staff=PLACEHOLDER)),
        I: auth(principal(I)),
    }


def mismatches(app: FastAPI, expected: dict[str, frozenset[str] | str]) -> list[str]:
    names = {name for name, _, _ in served_routes(app)}
    return [f"route {n!r} is served but has no row in the expected table" for n in sorted(names - set(expected))] + [
        f"route {n!r} is in the expected table but not served" for n in sorted(set(expected) - names)
    ]


def outcome(status: int) -> str:
    return {401: "401", 403: "403"}.get(status, "through")


async def walk(app: FastAPI, expected: dict[str, frozenset[str] | str]) -> list[str]:
    """Call every route as every caller; list the calls whose outcome differs from the table."""
    wrong = []
    async with running(app, as_=None) as client:
        for name, method, path in served_routes(app):
            allowed = expected.get(name, frozenset())
            for who, headers in callers().items():
                if allowed == PUBLIC:
                    want = "through"
                elif who == "anonymous":
                    want = "401"
                else:
                    want = "through" if who in allowed else "403"
                response = await client.request(method, concrete(path), headers=headers)
                got = outcome(response.status_code)
                if got != want:
                    wrong.append(
                        f"{method} {path} as {who}: {response.status_code} (expected {want}) {response.text[:160]}"
                    )
                if response.status_code in (401, 403):
                    assert response.headers["content-type"].startswith("application/problem+json"), (method, path)
    return wrong


def roster_app(new_database, kafka, topic_prefix) -> FastAPI:
    from roster.app import create_app
    from roster.settings import RosterSettings

    return create_app(
        RosterSettings(database_url=new_database("roster"), kafka_bootstrap_servers=kafka, topic_prefix=topic_prefix)
    )


def notifier_app(new_database, kafka, topic_prefix) -> FastAPI:
    from notifier.app import create_app
    from notifier.settings import NotifierSettings

    return create_app(
        NotifierSettings(
            database_url=new_database("notifier"),
            kafka_bootstrap_servers=kafka,
            topic_prefix=topic_prefix,
            consumer_group=f"{topic_prefix}-notifier",
            scheduler_enabled=False,
        )
    )


def audit_app(new_database, kafka, topic_prefix) -> FastAPI:
    from audit.app import create_app
    from audit.settings import AuditSettings

    return create_app(
        AuditSettings(
            database_url=new_database("audit"),
            kafka_bootstrap_servers=kafka,
            topic_prefix=topic_prefix,
            consumer_group=f"{topic_prefix}-audit",
        )
    )


APPS: dict[str, Callable[..., FastAPI]] = {"roster": roster_app, "notifier": notifier_app, "audit": audit_app}


@pytest.mark.parametrize("service", sorted(APPS))
async def test_every_route_answers_every_role_as_the_permission_table_says(
    service, new_database, kafka, topic_prefix
) -> None:
    app = APPS[service](new_database, kafka, topic_prefix)
    assert mismatches(app, EXPECTED[service]) == []
    assert await walk(app, EXPECTED[service]) == []


async def test_a_route_added_without_a_rule_fails_the_matrix_and_is_refused_to_everybody(
    new_database, kafka, topic_prefix
) -> None:
    app = audit_app(new_database, kafka, topic_prefix)

    @app.get("/findings-export")
    async def export_findings() -> dict:
        return {"secret": "everything"}

    assert mismatches(app, EXPECTED["audit"]) == [
        "route 'export_findings' is served but has no row in the expected table"
    ]
    # Even with a row in the table, the policy has no rule: nobody gets through, not even an admin.
    wrong = await walk(app, {**EXPECTED["audit"], "export_findings": ALL})
    assert wrong and all(line.startswith("GET /findings-export") for line in wrong)
    assert any("as admin: 403" in line and "no-access-rule" in line for line in wrong)
