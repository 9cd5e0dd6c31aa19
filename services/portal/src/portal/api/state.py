"""What the app holds for every request: settings, the pooled service clients, the cookie
jar, the message catalogue and the templates. Made in `create_app`, closed in its lifespan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..clients.services import Services
from ..domain.i18n import Catalogue
from ..handlers.behind import BacklogSeen
from ..settings import PortalSettings
from .cookies import CookieJar
from .pages import Pages


@dataclass
class PortalState:
    settings: PortalSettings
    services: Services
    jar: CookieJar
    catalogue: Catalogue
    pages: Pages
    clock: Callable[[], datetime]
    backlog_seen: BacklogSeen = field(default_factory=BacklogSeen)
    """Roster's outbox and audit's lag as last seen here, for the notice that audit may be behind (handlers.behind)."""

    @property
    def session_check(self) -> timedelta:
        """How long roster's "the sign-in goes on" is believed (PORTAL_SESSION_CHECK_SECONDS; 0: not at all)."""
        return timedelta(seconds=self.settings.session_check_seconds)

    @property
    def audit_behind(self) -> timedelta:
        """How long a change may wait in roster's outbox, or on Kafka unread by audit, before the pages reading audit say
        so."""
        return timedelta(seconds=self.settings.audit_behind_seconds)
