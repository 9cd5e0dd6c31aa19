"""Who may call which notifier route: the one place notifier decides access (see lichtruc.auth).

The feed itself (`/feeds/{token}.ics`) is open: its unguessable token is the credential.
Everything else needs an access token issued by roster."""

from __future__ import annotations

from lichtruc.auth import ROLES, Rule, allow, public

POLICY: dict[str, Rule] = {
    "serve_feed": public(),
    "create_feed": allow("admin", "manager", "staff"),
    "list_feeds": allow(*ROLES),
    "get_feed": allow(*ROLES),
    "rotate_feed": allow("admin", "manager", "staff"),
    "revoke_feed": allow("admin", "manager", "staff"),
    "get_preferences": allow(*ROLES),
    "put_preferences": allow("admin", "manager", "staff"),
    "list_deliveries": allow("admin", "manager", "inspector"),
    "get_delivery": allow("admin", "manager", "inspector"),
    "list_reminders": allow(*ROLES),
    "known_shift": allow(*ROLES),
}
