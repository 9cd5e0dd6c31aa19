"""Roster's routers, one per concept. Each is an APIRouter so that a router-level dependency
(accounts and roles, a later issue) can be added in one place."""
