"""The ways notifier reaches people: adapters over the network (SMTP, HTTP webhooks).

Each sender returns the server's answer on success and raises `DeliveryFailed` saying
whether trying again later could help.
"""

from __future__ import annotations


class DeliveryFailed(Exception):
    """A send that did not succeed; `transient` says whether a later retry may succeed."""

    def __init__(self, detail: str, *, transient: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.transient = transient
