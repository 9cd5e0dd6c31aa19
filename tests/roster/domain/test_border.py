"""The Tết border defaults as pure rules (roster/domain/border.py): Tết campaigns only."""

from __future__ import annotations

import uuid

import pytest

from roster.domain.border import BorderSettings, BorderSite, border_settings, missing_defaults
from roster.domain.errors import RuleViolation

ENTERPRISE = uuid.uuid4()
SITE = BorderSite(uuid.uuid4(), ENTERPRISE, "telecom", border_area=True)


def test_only_tet_campaigns_get_the_border_defaults() -> None:
    tet = BorderSettings(uuid.uuid4(), ("patrol",), ("telecom",), "tet")
    drill = BorderSettings(uuid.uuid4(), ("patrol",), ("telecom",), "drill")  # stored before the rule
    made = missing_defaults([tet, drill], [SITE], existing=set())
    assert [(d.campaign_id, d.site_id, d.duty_type) for d in made] == [(tet.campaign_id, SITE.site_id, "patrol")]


def test_a_new_campaigns_settings_by_kind() -> None:
    assert border_settings("tet", None, None) == (("patrol",), ("telecom", "internet"))
    assert border_settings("tet", (), ("postal",)) == ((), ("postal",))
    assert border_settings("drill", None, None) == ((), ())
    assert border_settings("drill", (), ()) == ((), ())
    for duty_types, sectors, field in (
        (("patrol",), None, "border_duty_types"),
        (None, ("telecom",), "border_sectors"),
    ):
        with pytest.raises(RuleViolation) as refused:
            border_settings("drill", duty_types, sectors)
        assert (refused.value.field, refused.value.rule) == (field, "border-defaults-tet-only")
        assert "diễn tập" in refused.value.first.message_vi
