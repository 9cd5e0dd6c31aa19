"""The campaign report's page words (portal/domain/campaign_report.py), pure: the incidents by sector as the page
lists them."""

from __future__ import annotations

from portal.domain.campaign_report import sector_rows


def test_incidents_by_sector_in_the_directives_order_adding_up_to_the_total() -> None:
    by_sector = {"television": 1, "telecom": 3, "postal": 2, "internet": 0, "satellite": 1}
    assert sector_rows(by_sector, 9) == [("postal", 2), ("telecom", 3), ("television", 1), ("satellite", 1), ("", 2)]
    assert sector_rows({"telecom": 2}, 2) == [("telecom", 2)]
    assert sector_rows({}, 0) == []
