"""Who may call which roster route: the one place roster decides access (see lichtruc.auth).

Roles first; then, for everyone but administrators, the rule's `scope`: a manager acts only
inside the enterprises they manage, a staff member only on their own record, shifts and
swaps, an inspector reads everything. A manager whose account is linked to their own staff
record (a leader on duty) does on their shifts what a staff member does on theirs: every such
shift is of an enterprise they manage, so their manager's scope already lets them; a swap they
asked for is theirs to withdraw. An item of someone else's is answered with the very
404 a missing one gets (`domain.errors.MISSING`); a filter or a body naming someone else's enterprise gets 403. A
scope lets an item that does not exist through, so that the route answers its own 404.
A shift still in draft is hidden from a staff member on it the same way, until it is published
(`lichtruc.scope.Visible.drafts`). Lists are narrowed alike by the repositories (`lichtruc.scope.Visible`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from fastapi import Request

from lichtruc.auth import ROLES, Principal, Role, Rule, Scope, allow, as_uuid, path_id, public, query_ids
from lichtruc.problems import Problem
from lichtruc.scope import Visible

from ..domain.errors import missing
from ..handlers import Context
from ..handlers.scope import enterprise_of, shift_owners, swap_owners
from .problems import to_problem

EVERYONE = ROLES
PLANNERS: tuple[Role, ...] = ("admin", "manager")
READERS: tuple[Role, ...] = ("admin", "manager", "inspector")
DEPARTMENT: tuple[Role, ...] = ("admin", "inspector")


# --- reading the request ------------------------------------------------------------------------
# Malformed ids are let through: the route's validation answers them with a 422.


def _ctx(request: Request) -> Context:
    return request.app.state.ctx


async def _body_id(request: Request, name: str) -> uuid.UUID | None:
    """A field of the JSON body (FastAPI has read and parsed the body before this runs)."""
    try:
        body = await request.json()
    except ValueError:
        return None
    return as_uuid(body.get(name)) if isinstance(body, dict) else None


def _sees(who: Principal, enterprise_id: uuid.UUID) -> bool:
    """Reads: inspectors every enterprise, managers theirs, a staff member their own."""
    return who.sees_all() or str(enterprise_id) in who.enterprise_ids


CHECK_IN_YOURSELF = (
    "A staff member may check in only themselves (staff_id).",
    "Cán bộ chỉ được điểm danh cho chính mình.",
)
EXPLAIN_YOURS = (
    "A staff member may say why only their own check-in was late (staff_id).",
    "Cán bộ chỉ được nêu lý do đến muộn của chính mình.",
)
HAND_OVER_YOURS = (
    "A staff member may hand over only their own place on a shift (from_staff_id).",
    "Cán bộ chỉ được đổi ca của chính mình.",
)
CANDIDATES_FOR_YOURS = (
    "A staff member may see who could take only their own place on a shift (from_staff_id).",
    "Cán bộ chỉ được xem ai có thể nhận ca của chính mình.",
)
LEAVE_YOURSELF = (
    "A staff member may say only that they themselves must leave a shift early (staff_id).",
    "Cán bộ chỉ được báo về sớm cho chính mình.",
)
WITHDRAW_YOURS = (
    "Only the person who asked for this swap may withdraw it; the colleague named to take the shift "
    "may ask the manager to reject it.",
    "Chỉ người xin đổi ca mới được rút yêu cầu này; người được đề nghị nhận ca có thể đề nghị quản lý từ chối.",
)
REJECT_INSTEAD = (
    "Only the person who asked for this swap may withdraw it: as the enterprise's manager, reject it instead.",
    "Chỉ người xin đổi ca mới được rút yêu cầu này: là quản lý doanh nghiệp, bạn hãy từ chối yêu cầu.",
)


# --- scopes -----------------------------------------------------------------------------------------


def item(kind: str, param: str, *, write: bool = False) -> Scope:
    """The path's shift, site, staff member, requirement or swap is of an enterprise the caller
    manages (`write`) or may see."""

    async def scope(request: Request, who: Principal) -> bool:
        ident = path_id(request, param)
        if ident is None or (not write and who.sees_all()):
            return True
        owner = await enterprise_of(_ctx(request), kind, ident=ident)
        return owner is None or (who.manages(owner) if write else _sees(who, owner))

    return scope


def enterprise_in_path(*, write: bool = False) -> Scope:
    async def scope(request: Request, who: Principal) -> bool:
        ident = path_id(request, "enterprise_id")
        return ident is None or (who.manages(ident) if write else _sees(who, ident))

    return scope


async def body_enterprise(request: Request, who: Principal) -> bool:
    """A new site, staff member, requirement or shift goes into an enterprise the caller manages."""
    ident = await _body_id(request, "enterprise_id")
    return ident is None or who.manages(ident)


async def query_enterprise(request: Request, who: Principal) -> bool:
    """An import goes into an enterprise the caller manages."""
    return all(who.manages(e) for e in query_ids(request, "enterprise_id"))


def list_filters(*, own_records: bool = False) -> Scope:
    """A list filtered on an enterprise (or, for a staff member, a person) outside the caller's
    scope is refused; without such a filter the handler narrows the list."""

    async def scope(request: Request, who: Principal) -> bool:
        if not all(_sees(who, e) for e in query_ids(request, "enterprise_id")):
            return False
        if own_records and who.role == "staff":
            return all(who.is_staff(s) for s in query_ids(request, "staff_id"))
        return True

    return scope


def _staff_or(staff_scope: Scope, others: Scope) -> Scope:
    async def scope(request: Request, who: Principal) -> bool:
        return await (staff_scope if who.role == "staff" else others)(request, who)

    return scope


async def own_staff_record(request: Request, who: Principal) -> bool:
    ident = path_id(request, "staff_id")
    return ident is None or who.is_staff(ident)


def on_own_shift(
    body_field: str | None = None, refusal: tuple[str, str] = ("", ""), *, query_field: str | None = None
) -> Scope:
    """A staff member's own shift (one they are or were booked on), once published (a draft is
    not theirs to see yet: the 404 of a missing shift, as for someone else's); with `body_field`
    (or `query_field`), the body (the query) must name them too (403 otherwise: the shift is theirs,
    the act is someone else's)."""

    async def scope(request: Request, who: Principal) -> bool:
        ident = path_id(request, "shift_id")
        if ident is None:
            return True
        owners = await shift_owners(_ctx(request), ident)
        if owners is None:
            return True
        if owners.draft and not Visible.to(who).drafts:
            return False
        if not any(who.is_staff(p) for p in owners.people):
            return False
        named = [await _body_id(request, body_field)] if body_field is not None else []
        named += query_ids(request, query_field) if query_field is not None else []
        if not all(n is None or who.is_staff(n) for n in named):
            raise Problem(403, "out-of-scope", "Forbidden", refusal[0], detail_vi=refusal[1])
        return True

    return scope


async def own_swap(request: Request, who: Principal) -> bool:
    """A swap the staff member hands over or is named to take."""
    ident = path_id(request, "swap_id")
    if ident is None:
        return True
    owners = await swap_owners(_ctx(request), ident)
    return owners is None or any(who.is_staff(p) for p in owners.people)


async def asked_it(request: Request, who: Principal) -> bool:
    """A swap the caller asked for, from their own staff record (a staff member's, or a manager's
    linked to one): someone else's is missing to them (404); the colleague it names sees it, and
    so does the enterprise's manager, but may not withdraw it (403, saying who may)."""
    ident = path_id(request, "swap_id")
    if ident is None:
        return True
    owners = await swap_owners(_ctx(request), ident)
    if owners is None or who.is_staff(owners.asker):
        return True
    if any(who.is_staff(p) for p in owners.people):
        raise Problem(403, "out-of-scope", "Forbidden", WITHDRAW_YOURS[0], detail_vi=WITHDRAW_YOURS[1])
    if who.manages(owners.enterprise_id):
        raise Problem(403, "out-of-scope", "Forbidden", REJECT_INSTEAD[0], detail_vi=REJECT_INSTEAD[1])
    return False


ANSWER_YOURS = (
    "Only the colleague this swap request names may accept or decline it; a manager approves or rejects it instead.",
    "Chỉ đồng nghiệp được nêu tên trong yêu cầu đổi ca mới được nhận hoặc từ chối; quản lý thì duyệt hoặc từ chối "
    "yêu cầu.",
)
TAKE_YOURSELF = (
    "A colleague may take a swap request only for themselves (staff_id).",
    "Đồng nghiệp chỉ được nhận ca thay cho chính mình.",
)


async def named_in_it(request: Request, who: Principal) -> bool:
    """A swap the caller is named to take, from their own staff record: only they answer it (QZ26 #12); the person
    who asked sees it, and so does the enterprise's manager, but may not answer for the colleague (403, saying who
    may); anyone else: missing (404)."""
    ident = path_id(request, "swap_id")
    if ident is None:
        return True
    owners = await swap_owners(_ctx(request), ident)
    if owners is None:
        return True
    named = [p for p in owners.people if p != owners.asker]
    if any(who.is_staff(p) for p in named):
        return True
    if who.is_staff(owners.asker) or who.manages(owners.enterprise_id):
        raise Problem(403, "out-of-scope", "Forbidden", ANSWER_YOURS[0], detail_vi=ANSWER_YOURS[1])
    return False


async def takes_for_self(request: Request, who: Principal) -> bool:
    """A swap of an enterprise the caller works for or manages (another's: missing, 404), taken for their own staff
    record only (403 otherwise)."""
    ident = path_id(request, "swap_id")
    if ident is None:
        return True
    owners = await swap_owners(_ctx(request), ident)
    if owners is None:
        return True
    if not _sees(who, owners.enterprise_id) or (who.sees_all() and not who.manages(owners.enterprise_id)):
        return False
    taker = await _body_id(request, "staff_id")
    if taker is not None and not who.is_staff(taker):
        raise Problem(403, "out-of-scope", "Forbidden", TAKE_YOURSELF[0], detail_vi=TAKE_YOURSELF[1])
    return True


async def acts_for_body_enterprise(request: Request, who: Principal) -> bool:
    """A new incident goes into an enterprise the caller works for (staff) or manages (managers)."""
    ident = await _body_id(request, "enterprise_id")
    return ident is None or who.role == "admin" or str(ident) in who.enterprise_ids


def acts_for_item(kind: str, param: str) -> Scope:
    """The path's item is of an enterprise the caller works for (staff) or manages (managers)."""

    async def scope(request: Request, who: Principal) -> bool:
        ident = path_id(request, param)
        if ident is None or who.role == "admin":
            return True
        owner = await enterprise_of(_ctx(request), kind, ident=ident)
        return owner is None or str(owner) in who.enterprise_ids

    return scope


def not_found(kind: str) -> Callable[[Request], Problem]:
    """Someone else's item gets the answer a missing one gets (`domain.errors.MISSING`)."""
    param = f"{kind}_id"
    return lambda request: to_problem(missing(kind, request.path_params.get(param)))


def _shift(write: bool = False) -> Scope:
    return item("shift", "shift_id", write=write)


async def body_own_enterprise(request: Request, who: Principal) -> bool:
    """A staff member's report is of their own enterprise (the handler checks they lead that day)."""
    ident = await _body_id(request, "enterprise_id")
    return ident is None or str(ident) in who.enterprise_ids


def _report() -> Scope:
    return item("daily_report", "report_id")


def _report_not_found(request: Request) -> Problem:
    return to_problem(missing("daily_report", request.path_params.get("report_id")))


POLICY: dict[str, Rule] = {
    # signing in, one's own account; accounts are the administrators'
    "login": public(),
    "refresh": public(),
    "request_password_reset": public(),  # the sign-in page's "Quên mật khẩu?" (QZ29 #15): nobody signed in
    "logout": allow(*EVERYONE),
    "me": allow(*EVERYONE),
    "session": allow(*EVERYONE),
    "change_password": allow(*EVERYONE),
    "create_account": allow("admin"),
    "list_accounts": allow("admin"),
    "get_account": allow("admin"),
    "edit_account": allow("admin"),
    # campaigns and reference data
    "open_campaign": allow("admin"),
    "list_campaigns": allow(*EVERYONE),
    "get_campaign": allow(*EVERYONE),
    "edit_campaign": allow("admin"),
    "register_enterprise": allow("admin"),
    "list_enterprises": allow(*EVERYONE),
    "get_enterprise": allow(*EVERYONE, scope=enterprise_in_path(), not_found=not_found("enterprise")),
    "edit_enterprise": allow(*PLANNERS, scope=enterprise_in_path(write=True), not_found=not_found("enterprise")),
    "register_site": allow(*PLANNERS, scope=body_enterprise),
    "list_sites": allow(*EVERYONE, scope=list_filters()),
    "get_site": allow(*EVERYONE, scope=item("site", "site_id"), not_found=not_found("site")),
    "edit_site": allow(*PLANNERS, scope=item("site", "site_id", write=True), not_found=not_found("site")),
    "register_staff": allow(*PLANNERS, scope=body_enterprise),
    "list_staff": allow(*READERS, scope=list_filters()),
    "get_staff": allow(
        *EVERYONE, scope=_staff_or(own_staff_record, item("staff", "staff_id")), not_found=not_found("staff")
    ),
    "edit_staff": allow(*PLANNERS, scope=item("staff", "staff_id", write=True), not_found=not_found("staff")),
    # The other record may be of another enterprise: the same person working there too.
    "link_staff": allow(*PLANNERS, scope=item("staff", "staff_id", write=True), not_found=not_found("staff")),
    "unlink_staff": allow("admin"),
    "list_duty_types": allow(*EVERYONE),
    # districts as the sites spell them: the Department's administrators merge a district's split spellings
    # the Department's profile (the names its documents print): everyone reads it, an administrator sets it
    "get_department": allow(*EVERYONE),
    "set_department": allow("admin"),
    "list_districts": allow("admin"),
    "merge_districts": allow("admin"),
    # requirements
    "set_requirement": allow(*PLANNERS, scope=body_enterprise),
    "list_requirements": allow(*READERS, scope=list_filters()),
    "get_requirement": allow(*READERS, scope=item("requirement", "requirement_id"), not_found=not_found("requirement")),
    "requirement_versions": allow(
        *READERS, scope=item("requirement", "requirement_id"), not_found=not_found("requirement")
    ),
    "change_requirement": allow(
        *PLANNERS, scope=item("requirement", "requirement_id", write=True), not_found=not_found("requirement")
    ),
    "remove_requirement": allow(
        *PLANNERS, scope=item("requirement", "requirement_id", write=True), not_found=not_found("requirement")
    ),
    # shifts
    "plan_shift": allow(*PLANNERS, scope=body_enterprise),
    "list_shifts": allow(*EVERYONE, scope=list_filters(own_records=True)),
    "get_shift": allow(*EVERYONE, scope=_staff_or(on_own_shift(), _shift()), not_found=not_found("shift")),
    # who else is on duty during one's own shifts: names, duty types, times, the leader's phone (QZ13 #8); several
    # shifts at once, each answered only if the caller may read it (narrowed as a list is, by `Visible`: a shift
    # they may not read left out, so that one shift handed away since the page was read costs no other card its line)
    "shifts_on_duty_beside": allow(*EVERYONE),
    "edit_shift": allow(*PLANNERS, scope=_shift(write=True), not_found=not_found("shift")),
    "reschedule_shift": allow(*PLANNERS, scope=_shift(write=True), not_found=not_found("shift")),
    "reassign_shift": allow(*PLANNERS, scope=_shift(write=True), not_found=not_found("shift")),
    "hand_over_shift": allow(*PLANNERS, scope=_shift(write=True), not_found=not_found("shift")),
    "cancel_shift": allow(*PLANNERS, scope=_shift(write=True), not_found=not_found("shift")),
    "publish_shift": allow(*PLANNERS, scope=_shift(write=True), not_found=not_found("shift")),
    "check_in": allow(
        "admin",
        "manager",
        "staff",
        not_found=not_found("shift"),
        scope=_staff_or(on_own_shift("staff_id", CHECK_IN_YOURSELF), _shift(write=True)),
    ),
    # why a late check-in was late, said afterwards: the person themselves (QZ29 #13), or their manager
    "explain_late": allow(
        "admin",
        "manager",
        "staff",
        not_found=not_found("shift"),
        scope=_staff_or(on_own_shift("staff_id", EXPLAIN_YOURS), _shift(write=True)),
    ),
    "complete_shift": allow(*PLANNERS, scope=_shift(write=True), not_found=not_found("shift")),
    # a manager's word afterwards, with evidence, that a person was on post or was not (QZ27 #3)
    "confirm_presence": allow(*PLANNERS, scope=_shift(write=True), not_found=not_found("shift")),
    # what a save would say of each person, for the board's people pickers (the enterprise's own planners)
    "shift_candidates": allow(*PLANNERS, scope=enterprise_in_path(write=True), not_found=not_found("enterprise")),
    "publish_enterprise": allow(*PLANNERS, scope=enterprise_in_path(write=True), not_found=not_found("enterprise")),
    # early-leave notices (QZ29 #8): the person on the shift under way (a manager of its enterprise, or an
    # administrator, for them: told by phone); the managers' board and the person's own card read them
    "ask_early_leave": allow(
        "admin",
        "manager",
        "staff",
        not_found=not_found("shift"),
        scope=_staff_or(on_own_shift("staff_id", LEAVE_YOURSELF), _shift(write=True)),
    ),
    "withdraw_early_leave": allow(
        "admin",
        "manager",
        "staff",
        not_found=not_found("shift"),
        scope=_staff_or(on_own_shift("staff_id", LEAVE_YOURSELF), _shift(write=True)),
    ),
    "list_early_leaves": allow(*EVERYONE, scope=list_filters(own_records=True)),
    # swaps
    "request_swap": allow(
        "admin",
        "manager",
        "staff",
        not_found=not_found("shift"),
        scope=_staff_or(on_own_shift("from_staff_id", HAND_OVER_YOURS), _shift(write=True)),
    ),
    # who could take a shift over: the people on it (names only: a staff member may not list staff)
    "swap_candidates": allow(
        "admin",
        "manager",
        "staff",
        not_found=not_found("shift"),
        scope=_staff_or(on_own_shift(refusal=CANDIDATES_FOR_YOURS, query_field="from_staff_id"), _shift(write=True)),
    ),
    "list_swaps": allow(*EVERYONE, scope=list_filters(own_records=True)),
    "get_swap": allow(*EVERYONE, scope=_staff_or(own_swap, item("swap", "swap_id")), not_found=not_found("swap")),
    "approve_swap": allow(*PLANNERS, scope=item("swap", "swap_id", write=True), not_found=not_found("swap")),
    "reject_swap": allow(*PLANNERS, scope=item("swap", "swap_id", write=True), not_found=not_found("swap")),
    # the person who asked (an administrator may do anything, as everywhere): a staff member, or a manager from
    # their own staff record; a manager rejects the others instead
    "withdraw_swap": allow("admin", "manager", "staff", scope=asked_it, not_found=not_found("swap")),
    # the named colleague answers before the manager decides (QZ26 #12); anyone qualified takes an open request
    "accept_swap": allow("admin", "manager", "staff", scope=named_in_it, not_found=not_found("swap")),
    "decline_swap": allow("admin", "manager", "staff", scope=named_in_it, not_found=not_found("swap")),
    "take_swap": allow("admin", "manager", "staff", scope=takes_for_self, not_found=not_found("swap")),
    "ask_again": allow("admin", "manager", "staff", scope=asked_it, not_found=not_found("swap")),
    "swaps_to_take": allow(
        "admin",
        "manager",
        "staff",
        scope=_staff_or(own_staff_record, item("staff", "staff_id")),
        not_found=not_found("staff"),
    ),
    # imports, board, operations
    "import_staff": allow(*PLANNERS, scope=query_enterprise),
    "import_shifts": allow(*PLANNERS, scope=query_enterprise),
    "staff_template": allow(*PLANNERS, scope=query_enterprise),
    "shifts_template": allow(*PLANNERS, scope=query_enterprise),
    "board": allow(*READERS, scope=enterprise_in_path(), not_found=not_found("enterprise")),
    "outbox_status": allow("admin", "inspector"),
    # the readiness checklist before Tết: the Department (administrators, inspectors) defines the items;
    # an enterprise's manager marks them for the enterprise; everyone reads the items, and their own checklist
    "define_readiness_item": allow(*DEPARTMENT),
    "seed_readiness_directive": allow(*DEPARTMENT),
    "copy_previous_tet_checklist": allow(*DEPARTMENT),
    # last Tết's requirements and opening hours copied into a new Tết (QZ27 #5): a manager their enterprises', an
    # administrator any one's or the province's
    "copy_previous_tet_requirements": allow(*PLANNERS, scope=body_enterprise),
    "copy_previous_tet_hours": allow(*PLANNERS, scope=body_enterprise),
    "list_readiness_items": allow(*EVERYONE),
    "get_readiness_item": allow(*EVERYONE),
    "change_readiness_item": allow(*DEPARTMENT),
    "remove_readiness_item": allow(*DEPARTMENT),
    "enterprise_readiness": allow(*EVERYONE, scope=enterprise_in_path(), not_found=not_found("enterprise")),
    "enterprise_readiness_summary": allow(*EVERYONE, scope=enterprise_in_path(), not_found=not_found("enterprise")),
    "mark_readiness_done": allow(*PLANNERS, scope=enterprise_in_path(write=True), not_found=not_found("enterprise")),
    "reopen_readiness_item": allow(*PLANNERS, scope=enterprise_in_path(write=True), not_found=not_found("enterprise")),
    # transaction points' Tết hours (issue 15, part 3): managers their own points; the public the published ones
    "get_tet_hours": allow(*EVERYONE, scope=item("site", "site_id"), not_found=not_found("site")),
    "set_tet_hours": allow(*PLANNERS, scope=item("site", "site_id", write=True), not_found=not_found("site")),
    "publish_tet_hours": allow(*PLANNERS, scope=item("site", "site_id", write=True), not_found=not_found("site")),
    "public_tet_campaign": public(),
    "public_transaction_hours": public(),
    "public_transaction_hours_ics": public(),
    "public_transaction_notice": public(),
    "import_tet_hours": allow(*PLANNERS, scope=query_enterprise),
    "tet_hours_template": allow(*PLANNERS, scope=query_enterprise),
    # inspection plans (issue 15, part 5): the Department plans and records; an enterprise's managers read
    # theirs — a surprise plan is a 404 to them until its finding (the handler narrows, as for lists)
    "plan_inspection": allow(*DEPARTMENT),
    "list_inspections": allow(*READERS, scope=list_filters()),
    "get_inspection": allow(*READERS, not_found=not_found("inspection")),
    "record_inspection_finding": allow(*DEPARTMENT, not_found=not_found("inspection")),
    "reschedule_inspection": allow(*DEPARTMENT, not_found=not_found("inspection")),
    "cancel_inspection": allow(*DEPARTMENT, not_found=not_found("inspection")),
    # daily situation reports (issue 15, part 2)
    "daily_report_draft": allow(*EVERYONE, scope=list_filters()),
    "submit_daily_report": allow("admin", "manager", "staff", scope=_staff_or(body_own_enterprise, body_enterprise)),
    "list_daily_reports": allow(*EVERYONE, scope=list_filters()),
    "get_daily_report": allow(*EVERYONE, scope=_report(), not_found=_report_not_found),
    "daily_report_pdf": allow(*EVERYONE, scope=_report(), not_found=_report_not_found),
    "daily_report_xlsx": allow(*EVERYONE, scope=_report(), not_found=_report_not_found),
    "daily_reports_summary_pdf": allow(*DEPARTMENT),
    "daily_reports_summary_xlsx": allow(*DEPARTMENT),
    # incidents: the enterprise's duty members and managers record and handle them; the Department reads all
    "open_incident": allow("admin", "manager", "staff", scope=acts_for_body_enterprise),
    "list_incidents": allow(*EVERYONE, scope=list_filters()),
    "get_incident": allow(*EVERYONE, scope=item("incident", "incident_id"), not_found=not_found("incident")),
    "incident_responder_choices": allow(
        "admin", "manager", "staff", scope=acts_for_item("incident", "incident_id"), not_found=not_found("incident")
    ),
    "add_incident_responder": allow(
        "admin", "manager", "staff", scope=acts_for_item("incident", "incident_id"), not_found=not_found("incident")
    ),
    "remove_incident_responder": allow(
        "admin", "manager", "staff", scope=acts_for_item("incident", "incident_id"), not_found=not_found("incident")
    ),
    "add_incident_update": allow(
        "admin", "manager", "staff", scope=acts_for_item("incident", "incident_id"), not_found=not_found("incident")
    ),
    "resolve_incident": allow(
        "admin", "manager", "staff", scope=acts_for_item("incident", "incident_id"), not_found=not_found("incident")
    ),
}
