"""The enterprise and the campaign a request names, found — or refused in the same words wherever they are read.

Two readings, kept apart because they answer differently:

* a file or template the request names by ``enterprise_id`` (imports, the files to fill in): an enterprise
  nobody registered is a 422 that says to register it first (`enterprise_missing`), a campaign nobody opened
  a 404; both entities come back whole (the files carry their names, hours need the campaign's kind);
* a campaign's page of one enterprise (the board, publishing its drafts): both are 404s, and only what the
  shift rules read is loaded (`repos.facts`: the campaign's days and the enterprise's name).
"""

from __future__ import annotations

import uuid

from ..db.ports import Repositories
from ..domain.campaigns import Campaign
from ..domain.errors import missing
from ..domain.reference import Enterprise, enterprise_missing
from ..domain.shifts import CampaignFacts


async def registered_enterprise(repos: Repositories, enterprise_id: uuid.UUID) -> Enterprise:
    """The enterprise a file is of, else the 422 `enterprise-exists` (register it first)."""
    enterprise = await repos.enterprises.get(enterprise_id)
    if enterprise is None:
        raise enterprise_missing(enterprise_id)
    return enterprise


async def enterprise_and_campaign(
    repos: Repositories, *, enterprise_id: uuid.UUID, campaign_id: uuid.UUID
) -> tuple[Enterprise, Campaign]:
    """The enterprise (else the 422 of `registered_enterprise`), then the campaign (else 404)."""
    enterprise = await registered_enterprise(repos, enterprise_id)
    campaign = await repos.campaigns.get(campaign_id)
    if campaign is None:
        raise missing("campaign", campaign_id)
    return enterprise, campaign


async def campaign_and_enterprise_name(
    repos: Repositories, *, campaign_id: uuid.UUID, enterprise_id: uuid.UUID
) -> tuple[CampaignFacts, str]:
    """The campaign's facts (else 404), then the enterprise's name (else 404)."""
    campaign = await repos.facts.campaign(campaign_id)
    if campaign is None:
        raise missing("campaign", campaign_id)
    enterprise_name = await repos.facts.enterprise_name(enterprise_id)
    if enterprise_name is None:
        raise missing("enterprise", enterprise_id)
    return campaign, enterprise_name
