"""What the app holds for every request: settings, the pooled service clients, the cookie
jar, the message catalogue and the templates. Made in `create_app`, closed in its lifespan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..clients.services import Services
from ..domain.i18n import Catalogue
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
