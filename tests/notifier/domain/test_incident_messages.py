"""An incident alert's text ends with a link to the incident on the portal when the portal's address is known
(NOTIFIER_PORTAL_URL): the enterprise's page for its people, the inspectors' for the Department; none without."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from lichtruc.events_incidents import IncidentSnapshot
from notifier.domain.incidents import incident_message, incident_page

INCIDENT = IncidentSnapshot(
    incident_id=uuid.UUID("6b0f4a5e-2f43-4c1e-9d1a-3f6a2b7c8d90"),
    enterprise_id=uuid.uuid4(),
    enterprise_name="VNPT Long An",
    detected_at=datetime(2027, 2, 5, 16, 40, tzinfo=UTC),
    status="open",
    version=1,
    district="Tân Hưng",
    services=("internet",),
    agency_links=False,
    border=True,
    severity="serious",
    description="Đứt cáp quang tuyến Tân Hưng – Vĩnh Hưng",
)
PORTAL = "https://lichtruc.stttt.longan.gov.vn/"
ID = "6b0f4a5e-2f43-4c1e-9d1a-3f6a2b7c8d90"


def _body_lines(text: str) -> list[str]:
    """The message's lines before its signature."""
    return text.split("\n-- \n")[0].rstrip("\n").split("\n")


def test_the_alert_ends_with_the_incidents_page_for_the_enterprise_and_for_the_department() -> None:
    mine = incident_message(INCIDENT, lang="vi", link=incident_page(PORTAL, INCIDENT, inspector=False))
    assert _body_lines(mine.text)[-1] == f"Xem chi tiết: https://lichtruc.stttt.longan.gov.vn/incidents/{ID}"
    assert _body_lines(mine.text)[-2] == ""  # a line apart from the details
    department = incident_message(
        INCIDENT, lang="en", department=True, link=incident_page(PORTAL, INCIDENT, inspector=True)
    )
    assert _body_lines(department.text)[-1] == (
        f"See the details: https://lichtruc.stttt.longan.gov.vn/inspect/incidents/{ID}"
    )


def test_without_the_portals_address_no_link() -> None:
    assert incident_page("", INCIDENT, inspector=False) is None
    plain = incident_message(INCIDENT, lang="vi", link=incident_page("", INCIDENT, inspector=False))
    assert "Xem chi tiết" not in plain.text and "/incidents/" not in plain.text
    assert _body_lines(plain.text)[-1] == "Mô tả: Đứt cáp quang tuyến Tân Hưng – Vĩnh Hưng"
