"""Every page of the portal, one router per kind of user (and sign-in)."""

from . import admin, auth, inspect, manage, me

ROUTERS = [auth.router, manage.router, me.router, inspect.router, admin.router]
