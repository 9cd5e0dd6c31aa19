"""An incident as roster's domain holds it, for the domain tests: an open, minor internet outage in Đức Huệ
at VNPT Long An, detected at `detected_at` and not changed since; any other field given by name."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from roster.domain.incidents import Incident


def incident(*, detected_at: datetime, **fields: Any) -> Incident:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "enterprise_id": uuid.uuid4(),
        "campaign_id": None,
        "detected_at": detected_at,
        "site_id": None,
        "district": "Đức Huệ",
        "services": ("internet",),
        "agency_links": False,
        "border": False,
        "severity": "minor",
        "description": "Mất kết nối internet",
        "status": "open",
        "version": 1,
        "created_at": detected_at,
        "updated_at": detected_at,
        "enterprise_name": "VNPT Long An",
    }
    return Incident(**{**values, **fields})
