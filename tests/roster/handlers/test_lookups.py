"""The enterprise and the campaign a request names, found or refused alike by every handler that reads them
(handlers/lookups.py): the files and imports of an enterprise refuse one nobody registered with the 422
`enterprise-exists` and an unknown campaign with a 404, the enterprise read first; the board and publishing an
enterprise's drafts answer 404 for either, the campaign read first."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from roster.domain.errors import DomainError, NotFound, RuleViolation
from roster.handlers import board, hours, import_files, imports, shifts
from roster.handlers.campaigns import OpenCampaign, open_campaign
from roster.handlers.reference import RegisterEnterprise, register_enterprise

from .memory_roster import MemoryRoster

NOBODY = uuid.UUID(int=7)

Call = Callable[[MemoryRoster, uuid.UUID, uuid.UUID], Awaitable[Any]]
"""A handler called with (roster, enterprise_id, campaign_id)."""

FILES_AND_IMPORTS: dict[str, Call] = {
    "shifts file": lambda r, e, c: import_files.shifts_file(r.ctx, campaign_id=c, enterprise_id=e),
    "Tết hours template": lambda r, e, c: hours.hours_template(r.ctx, campaign_id=c, enterprise_id=e),
    "Tết hours import": lambda r, e, c: hours.import_hours(
        r.uow(), campaign_id=c, enterprise_id=e, data=b"", dry_run=True
    ),
    "shifts import": lambda r, e, c: imports.import_shifts(
        r.uow(), campaign_id=c, enterprise_id=e, data=b"", dry_run=True
    ),
}
ENTERPRISE_ONLY: dict[str, Call] = {
    "staff file": lambda r, e, c: import_files.staff_file(r.ctx, enterprise_id=e),
    "staff import": lambda r, e, c: imports.import_staff(r.uow(), enterprise_id=e, data=b"", dry_run=True),
}
PAGES_OF_ONE_ENTERPRISE: dict[str, Call] = {
    "board": lambda r, e, c: board.roster_board(r.ctx, c, enterprise_id=e, first=None, last=None),
    "publish the enterprise's drafts": lambda r, e, c: shifts.publish_enterprise(r.uow(), c, enterprise_id=e),
}


async def _world() -> tuple[MemoryRoster, uuid.UUID, uuid.UUID]:
    roster = MemoryRoster()
    enterprise = await register_enterprise(
        roster.uow(), RegisterEnterprise("Bưu điện tỉnh Long An", "postal", None, ("a@vnpost.vn",))
    )
    campaign = (await open_campaign(roster.uow(), OpenCampaign(2027))).campaign
    return roster, enterprise.id, campaign.id


async def _refusal(call: Awaitable[Any]) -> DomainError:
    with pytest.raises(DomainError) as refused:
        await call
    return refused.value


def _unregistered(error: DomainError) -> tuple[str, str, str, str]:
    assert isinstance(error, RuleViolation)
    return (error.first.field, error.rule or "", error.first.message, error.first.message_vi)


def _not_found(error: DomainError) -> tuple[str, str]:
    assert isinstance(error, NotFound)
    return (error.what, error.first.message)


@pytest.mark.parametrize("name", [*FILES_AND_IMPORTS, *ENTERPRISE_ONLY])
async def test_a_file_or_import_of_an_enterprise_nobody_registered_is_a_422_that_says_to_register_it(name: str) -> None:
    roster, _, campaign_id = await _world()
    call = {**FILES_AND_IMPORTS, **ENTERPRISE_ONLY}[name]
    refused = await _refusal(call(roster, NOBODY, campaign_id))
    assert _unregistered(refused) == (
        "enterprise_id",
        "enterprise-exists",
        f"No enterprise has id {NOBODY}: register it first (POST /enterprises).",
        "Doanh nghiệp đã chọn chưa được đăng ký: hãy đăng ký trước.",
    )
    if name in FILES_AND_IMPORTS:  # the enterprise is read first: with the campaign unknown too, the same 422
        assert _unregistered(await _refusal(call(roster, NOBODY, NOBODY))) == _unregistered(refused)


@pytest.mark.parametrize("name", list(FILES_AND_IMPORTS))
async def test_a_file_or_import_of_a_campaign_nobody_opened_is_a_404_naming_the_campaign(name: str) -> None:
    roster, enterprise_id, _ = await _world()
    refused = await _refusal(FILES_AND_IMPORTS[name](roster, enterprise_id, NOBODY))
    if name == "shifts import":  # it reads the campaign as the shift rules do: a 422 on the field
        assert _unregistered(refused)[:2] == ("campaign_id", "campaign-exists")
    else:
        assert _not_found(refused) == ("campaign", f"No campaign has id {NOBODY}: list campaigns with GET /campaigns.")


@pytest.mark.parametrize("name", list(PAGES_OF_ONE_ENTERPRISE))
async def test_a_page_of_an_unknown_enterprise_or_campaign_is_a_404_the_campaign_read_first(name: str) -> None:
    roster, enterprise_id, campaign_id = await _world()
    call = PAGES_OF_ONE_ENTERPRISE[name]
    assert _not_found(await _refusal(call(roster, NOBODY, campaign_id))) == (
        "enterprise",
        f"No enterprise has id {NOBODY}: list them with GET /enterprises.",
    )
    no_campaign = ("campaign", f"No campaign has id {NOBODY}: list campaigns with GET /campaigns.")
    assert _not_found(await _refusal(call(roster, enterprise_id, NOBODY))) == no_campaign
    assert _not_found(await _refusal(call(roster, NOBODY, NOBODY))) == no_campaign
