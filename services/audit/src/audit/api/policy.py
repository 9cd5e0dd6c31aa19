"""Who may call which audit route: the one place audit decides access (see lichtruc.auth).

Inspectors and administrators read everything; only they record findings and read the history
of accounts. Managers read coverage, gaps, findings and history of their own enterprises. Staff
have nothing to do here.

For a manager the scopes below decide: a list filtered on another enterprise (or on one
of its sites) is refused with 403; one gap, finding or enterprise history of another
enterprise answers exactly as if it did not exist (404). Unfiltered lists, boards and
CSV files are narrowed to the manager's enterprises by the handlers (`deps.Viewer`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from fastapi import Request

from lichtruc.auth import Principal, Role, Rule, Scope, allow, path_id, query_ids
from lichtruc.scope import Visible

from ..domain.errors import AuditError, finding_not_found, gap_not_found, incident_not_found
from ..domain.explanations import attachment_not_found
from ..handlers import Context
from ..handlers.explanations import file_owner
from ..handlers.incidents import owner_of as incident_owner
from .problems import to_problem

OVERSIGHT: tuple[Role, ...] = ("admin", "inspector")
READERS: tuple[Role, ...] = ("admin", "inspector", "manager")


async def _owner(request: Request, *, what: str, record_id: uuid.UUID) -> uuid.UUID | None:
    ctx: Context = request.app.state.ctx
    async with ctx.read() as unit:
        return await unit.reads.owner_of(what, record_id)


async def filters_in_scope(request: Request, principal: Principal) -> bool:
    """A list may be filtered only on the caller's own enterprises and their sites.

    Every value of a repeated parameter is checked (the route reads only one of them)."""
    visible = Visible.to(principal)
    if visible.enterprises is None:
        return True
    if any(not visible.sees_enterprise(wanted) for wanted in query_ids(request, "enterprise_id")):
        return False
    for site in query_ids(request, "site_id"):
        owner = await _owner(request, what="site", record_id=site)
        if owner is not None and not visible.sees_enterprise(owner):
            return False
    return True


async def own_enterprise_path(request: Request, principal: Principal) -> bool:
    """An enterprise's own pages (its history) are for the caller's enterprises only; any
    other id, known or not, is refused alike."""
    visible = Visible.to(principal)
    wanted = path_id(request, "enterprise_id")
    return wanted is None or visible.sees_enterprise(wanted)


def owned_item(*, what: str, param: str, not_found: Callable[[], AuditError]) -> Scope:
    """A scope for one gap or finding: another enterprise's answers with the route's own
    not-found problem, word for word, so that a refusal does not tell that the item exists."""

    async def in_scope(request: Request, principal: Principal) -> bool:
        visible = Visible.to(principal)
        record_id = path_id(request, param)
        if visible.enterprises is None or record_id is None:
            return True
        owner = await _owner(request, what=what, record_id=record_id)
        if owner is not None and not visible.sees_enterprise(owner):
            raise to_problem(not_found())
        return True

    in_scope.__name__ = f"own_{what}"
    return in_scope


async def own_incident(request: Request, principal: Principal) -> bool:
    """Another enterprise's incident answers word for word like a missing one."""
    visible = Visible.to(principal)
    record_id = path_id(request, "incident_id")
    if visible.enterprises is None or record_id is None:
        return True
    owner = await incident_owner(ctx=request.app.state.ctx, incident_id=record_id)
    if owner is not None and not visible.sees_enterprise(owner):
        raise to_problem(incident_not_found())
    return True


async def own_attachment(request: Request, principal: Principal) -> bool:
    """Another enterprise's file answers word for word like a missing one."""
    visible = Visible.to(principal)
    record_id = path_id(request, "attachment_id")
    if visible.enterprises is None or record_id is None:
        return True
    owner = await file_owner(ctx=request.app.state.ctx, attachment_id=record_id)
    if owner is not None and not visible.sees_enterprise(owner):
        raise to_problem(attachment_not_found())
    return True


WRITERS: tuple[Role, ...] = ("admin", "manager")
"""Who explains a gap or a finding: the enterprise's managers, or an administrator on its behalf."""
_OWN_GAP = owned_item(what="gap", param="gap_id", not_found=gap_not_found)
_OWN_FINDING = owned_item(what="finding", param="finding_id", not_found=finding_not_found)

POLICY: dict[str, Rule] = {
    "list_log": allow(*OVERSIGHT),
    "verify_log": allow(*OVERSIGHT),
    "get_tree_head": allow(*OVERSIGHT),
    "log_public_key": allow(*OVERSIGHT),
    "prove_inclusion": allow(*OVERSIGHT),
    "prove_consistency": allow(*OVERSIGHT),
    "get_record": allow(*OVERSIGHT),
    "list_sequence_gaps": allow(*OVERSIGHT),
    "list_campaigns": allow(*READERS),  # campaigns are province-wide
    "coverage_board": allow(*READERS, scope=filters_in_scope),
    "coverage_per_day_csv": allow(*READERS, scope=filters_in_scope),
    "coverage_per_day_xlsx": allow(*READERS, scope=filters_in_scope),
    "coverage_in_window": allow(*READERS, scope=filters_in_scope),
    "who_was_on_duty": allow(*READERS, scope=filters_in_scope),
    "list_shortfalls": allow(*READERS, scope=filters_in_scope),
    "list_confirmations": allow(*READERS, scope=filters_in_scope),
    "list_gaps": allow(*READERS, scope=filters_in_scope),
    "gaps_csv": allow(*READERS, scope=filters_in_scope),
    "gaps_xlsx": allow(*READERS, scope=filters_in_scope),
    "gaps_ended": allow(*READERS, scope=filters_in_scope),
    "get_gap": allow(*READERS, scope=owned_item(what="gap", param="gap_id", not_found=gap_not_found), hide=True),
    "list_enterprises": allow(*READERS),
    "enterprise_history": allow(*READERS, scope=own_enterprise_path, hide=True),
    "account_history": allow(*OVERSIGHT),  # who may act for whom: the Department's, province-wide
    "record_finding": allow(*OVERSIGHT),
    "list_findings": allow(*READERS, scope=filters_in_scope),
    # the Department's inspection plans per phase, surprise ones included (issue 15, part 5)
    "inspection_plans_summary": allow(*OVERSIGHT),
    "verify_findings": allow(*OVERSIGHT),
    "get_finding": allow(
        *READERS, scope=owned_item(what="finding", param="finding_id", not_found=finding_not_found), hide=True
    ),
    "take_snapshot": allow("admin"),
    "list_snapshots": allow(*OVERSIGHT),
    "projection_digest": allow(*OVERSIGHT),
    "consumer_lag": allow(*OVERSIGHT),  # asked by the inspector's coverage pages: are the figures current
    "readiness_overview": allow(*OVERSIGHT),  # the Department's province-wide view
    "readiness_summary": allow(*OVERSIGHT),
    # transaction points' Tết hours (issue 15, part 3): the Department province-wide, managers their own points
    "missing_transaction_hours": allow(*READERS, scope=filters_in_scope),
    "daily_report_status": allow(*READERS, scope=filters_in_scope),
    # incidents (issue 15, part 1): the Department province-wide, managers their own enterprises
    "list_incidents": allow(*READERS, scope=filters_in_scope),
    "incidents_csv": allow(*READERS, scope=filters_in_scope),
    "incidents_xlsx": allow(*READERS, scope=filters_in_scope),
    "get_incident": allow(*READERS, scope=own_incident, hide=True),
    # explanations (giải trình) of gaps and findings: managers of the item's enterprise (or an administrator on its
    # behalf) write them, inspectors answer them; another enterprise's item answers as a missing one (404)
    "explain_gap": allow(*WRITERS, scope=_OWN_GAP, hide=True),
    "explain_finding": allow(*WRITERS, scope=_OWN_FINDING, hide=True),
    "gap_explanation": allow(*READERS, scope=_OWN_GAP, hide=True),
    "finding_explanation": allow(*READERS, scope=_OWN_FINDING, hide=True),
    "review_gap_explanation": allow(*OVERSIGHT),
    "review_finding_explanation": allow(*OVERSIGHT),
    "list_explanations": allow(*READERS, scope=filters_in_scope),
    "explanations_waiting": allow(*READERS),
    "explanation_file": allow(*READERS, scope=own_attachment, hide=True),
    # the campaign report: the Department province-wide or any enterprise, managers their own enterprises
    "campaign_report": allow(*READERS, scope=filters_in_scope),
    "campaign_report_pdf_file": allow(*READERS, scope=filters_in_scope),
    "campaign_report_xlsx_file": allow(*READERS, scope=filters_in_scope),
    "save_report_remarks": allow(*OVERSIGHT),  # the Department's own words on the report
}
