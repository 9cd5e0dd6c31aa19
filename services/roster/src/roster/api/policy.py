"""Who may call which roster route: the one place roster decides access (see lichtruc.auth).

Roles here; the `scope` of a rule narrows a manager to their enterprises and a staff member
to their own record, shifts and swaps. Lists are narrowed the same way by the handlers
(`Principal.visible_enterprises`)."""

from __future__ import annotations

from lichtruc.auth import ROLES, Rule, allow

EVERYONE = ROLES
PLANNERS = ("admin", "manager")
READERS = ("admin", "manager", "inspector")

POLICY: dict[str, Rule] = {
    # campaigns and reference data
    "open_campaign": allow("admin"),
    "list_campaigns": allow(*EVERYONE),
    "get_campaign": allow(*EVERYONE),
    "edit_campaign": allow("admin"),
    "register_enterprise": allow("admin"),
    "list_enterprises": allow(*EVERYONE),
    "get_enterprise": allow(*EVERYONE),
    "edit_enterprise": allow(*PLANNERS),
    "register_site": allow(*PLANNERS),
    "list_sites": allow(*EVERYONE),
    "get_site": allow(*EVERYONE),
    "edit_site": allow(*PLANNERS),
    "register_staff": allow(*PLANNERS),
    "list_staff": allow(*READERS),
    "get_staff": allow(*EVERYONE),
    "edit_staff": allow(*PLANNERS),
    "list_duty_types": allow(*EVERYONE),
    # requirements
    "set_requirement": allow(*PLANNERS),
    "list_requirements": allow(*READERS),
    "get_requirement": allow(*READERS),
    "change_requirement": allow(*PLANNERS),
    "remove_requirement": allow(*PLANNERS),
    # shifts
    "plan_shift": allow(*PLANNERS),
    "list_shifts": allow(*EVERYONE),
    "get_shift": allow(*EVERYONE),
    "edit_shift": allow(*PLANNERS),
    "reschedule_shift": allow(*PLANNERS),
    "reassign_shift": allow(*PLANNERS),
    "cancel_shift": allow(*PLANNERS),
    "publish_shift": allow(*PLANNERS),
    "check_in": allow("admin", "manager", "staff"),
    "complete_shift": allow(*PLANNERS),
    "publish_enterprise": allow(*PLANNERS),
    # swaps
    "request_swap": allow("admin", "manager", "staff"),
    "list_swaps": allow(*EVERYONE),
    "get_swap": allow(*EVERYONE),
    "approve_swap": allow(*PLANNERS),
    "reject_swap": allow(*PLANNERS),
    # imports, board, operations
    "import_staff": allow(*PLANNERS),
    "import_shifts": allow(*PLANNERS),
    "board": allow(*READERS),
    "outbox_status": allow("admin", "inspector"),
}


