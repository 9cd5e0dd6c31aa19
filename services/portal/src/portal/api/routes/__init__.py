"""Every page of the portal, one router per concept (and sign-in)."""

from . import admin, auth, incidents, inspect, manage, manage_people, manage_swaps, me, reference_docs

ROUTERS = [
    auth.router,
    manage.router,
    manage_people.router,
    manage_swaps.router,
    me.router,
    inspect.router,
    admin.router,
    reference_docs.router,
    incidents.router,
]
