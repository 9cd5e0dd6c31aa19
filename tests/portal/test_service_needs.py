"""Every page the portal serves says which services it needs (`navigation.NEEDS`), or is named here as needing
no such entry: a page missing from the table counts as needing every service, so a page saying one service is
down never offers it (the reference, which asks none, was never offered with audit down)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from starlette.routing import BaseRoute, Mount

from portal.app import create_app
from portal.domain.navigation import NEEDS, nav_for, page_named, still_open
from portal.settings import PortalSettings

EXEMPT = {
    # not pages: the files, the probes, the browser's icon
    "/static",
    "/healthz",
    "/readyz",
    "/favicon.ico",
    # signing in says itself when roster does not answer; these only lead on to another page
    "/login",
    "/login/forgot",  # as the sign-in page: roster not answering is said on the form (QZ29 #15)
    "/",
    "/lang/{code}",
    "/inspect",
    "/admin",
    "/me",
    "/go/shifts/{shift_id}",
    # a service's own reference: needs the service its address names
    "/reference/{service}/http",
    "/reference/{service}/openapi.json",
    "/reference/{service}/events",
    # downloads and feeds, never offered as a page to go on to
    "/manage/imports/template/{name}",
    "/inspect/gaps.csv",
    "/inspect/gaps.xlsx",
    "/inspect/coverage.csv",
    "/inspect/coverage.xlsx",
    "/inspect/tet-hours.csv",
    "/inspect/campaign-report.{ext}",
    "/manage/campaign-report.{ext}",
    "/inspect/incidents.csv",
    "/inspect/incidents.xlsx",
    "/inspect/reports/summary.{ext}",
    "/manage/hours.{kind}",
    "/reports/daily/{report_id}.{ext}",
    "/tet-hours.ics",
    "/tet-hours/{site_id}/notice.pdf",
    "/explanations/files/{attachment_id}",  # a file given as evidence with an explanation (audit's)
}


def _get_routes(routes: Sequence[Any], prefix: str = "") -> Iterator[str]:
    """The paths answering GET, looking into the pages' router mounted at the root and the routers included in it."""
    for route in routes:
        if isinstance(route, Mount) and route.path == "":
            yield from _get_routes(route.routes, prefix)
        elif isinstance(route, Mount):
            yield prefix + route.path
        elif hasattr(route, "original_router"):  # FastAPI's included router
            yield from _get_routes(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, BaseRoute) and "GET" in (getattr(route, "methods", None) or ()):
            yield prefix + getattr(route, "path", "")


def test_every_page_says_which_services_it_needs_or_is_exempt_by_name() -> None:
    paths = set(_get_routes(create_app(PortalSettings(session_key="s" * 48)).routes))
    assert len(paths) > 60, sorted(paths)  # the walk found the pages' router
    missing = sorted(paths - NEEDS.keys() - EXEMPT)
    assert not missing, f"pages not in navigation.NEEDS nor exempt here: {missing}"
    assert not (NEEDS.keys() | EXEMPT) - paths, sorted((NEEDS.keys() | EXEMPT) - paths)  # no entry for a page gone


def test_the_reference_is_offered_to_an_admin_with_audit_down_and_to_no_one_else() -> None:
    assert ("/reference", "nav.reference") in still_open("admin", "audit")
    assert ("/reference", "nav.reference") not in still_open("admin", "roster")
    # "Tài liệu API" is not a word a manager, a duty worker or an inspector uses (QZ11 #13): not in their menus
    for role in ("manager", "staff", "inspector"):
        assert ("/reference", "nav.reference") not in still_open(role, "audit")
        assert ("/reference", "nav.reference") not in nav_for(role, "s1")


def test_a_managers_menu_leads_to_their_own_enterprise_and_no_other_roles_does() -> None:
    """R3: /admin/enterprises answered a manager (roster lists only theirs) but no menu of theirs led there. The
    administrator's entry keeps its word ("Doanh nghiệp"); duty staff and inspectors get none; the page needs roster
    only, so it is offered while audit or notifier is down, and a form's page is named by the administrator's word."""
    assert ("/admin/enterprises", "nav.my_enterprise") in nav_for("manager")
    assert ("/admin/enterprises", "nav.my_enterprise") in nav_for("manager", "s1")
    assert ("/admin/enterprises", "nav.enterprises") in nav_for("admin")
    assert ("/admin/enterprises", "nav.my_enterprise") not in nav_for("admin")
    for role in ("staff", "inspector"):
        assert all(href != "/admin/enterprises" for href, _ in nav_for(role, "s1")), role
    assert ("/admin/enterprises", "nav.my_enterprise") in still_open("manager", "audit")
    assert page_named("/admin/enterprises/new") == "nav.enterprises"
