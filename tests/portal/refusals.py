"""A refused form's page, read as a screen reader meets it: one alert, not one a mistake (QA Z17)."""

from __future__ import annotations

import re

ALERT = re.compile(r'<[a-z]+\b[^>]*\brole="alert"[^>]*>')


def one_alert(page: str) -> str:
    """The page's one `role="alert"`, its opening tag: the form's summary at its top (or its one message), which
    the keyboard starts at (portal.js startAtRefusal) — each field's own refusal beside it (`e-<name>`) describes
    its box (aria-describedby) and is no alert, so a screen reader says each mistake once."""
    alerts = ALERT.findall(page)
    assert len(alerts) == 1, alerts
    return alerts[0]
