"""Every page of the portal, one router per concept (and sign-in)."""

from . import (
    admin,
    auth,
    daily_reports,
    department,
    explanations,
    go,
    incidents,
    inspect,
    inspections,
    manage,
    manage_people,
    manage_presence,
    manage_swaps,
    me,
    readiness,
    reference_docs,
    tet_copy,
    tet_hours,
)

ROUTERS = [
    auth.router,
    manage.router,
    tet_copy.router,  # before manage_people's /manage/requirements/{requirement_id}, tet_hours' /{site_id}
    manage_people.router,
    manage_swaps.router,
    manage_presence.router,
    me.router,
    inspect.router,
    admin.router,
    department.router,
    reference_docs.router,
    readiness.router,
    tet_hours.router,
    inspections.router,
    daily_reports.router,
    incidents.router,
    explanations.router,
    go.router,
]
