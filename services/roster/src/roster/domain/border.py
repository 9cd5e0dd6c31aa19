"""The Tết defaults for border sites: which site-level requirements a campaign must have.

The Department's directive (Sở TT&TT Long An, 79/STTTT-BCTT) asks telecom and internet
enterprises to keep communications safe "đặc biệt là khu vực biên giới", with patrols
guarding the network ("tổ chức tuần tra canh gác"). A campaign therefore carries two
settings, both changed by the administrator (PATCH /campaigns/{id}):

* ``border_duty_types`` — the duty types a border site needs around the clock
  (default ``["patrol"]``);
* ``border_sectors`` — the sectors whose border sites get them (default
  ``["telecom", "internet"]``, the directive's paragraph on border areas).

**They are Tết defaults: they apply to Tết campaigns (kind ``tet``) only, never to a
drill** (kind ``drill``). A drill is an exercise of a few hours or days, held at the sites
and for the duties its organiser chose; whole-day patrols at every border site it never
staffed would be gaps in force from its first minute (its readiness deadline is usually
past when it is opened), alerted to managers who have nothing to fix. So a drill's border
settings are empty, a drill cannot be given any (``border_settings`` refuses them), and
the rule below skips every campaign that is not a Tết campaign — also a drill stored
with settings before this rule existed.

The rule: for every Tết campaign, every site flagged ``border_area`` of an enterprise
in one of the border sectors, and every border duty type, the campaign has a requirement
at that site for that duty type. When one is missing, roster creates it through the ordinary requirement
path (a RequirementSet event): a daily 00:00–00:00 window (the whole of every day of
the campaign), minimum 1, no peak minimum.

It is applied when the campaign is opened, when its border settings change, and when a
border site is registered or flagged as border later, for every campaign that has not
ended yet. It is idempotent: any requirement of that campaign, site and duty type —
whatever its window or minimum, default or set by hand — satisfies it, so applying it
twice creates nothing, and a requirement the administrator changed is left alone.
A default made when a site is registered or flagged as border, or its enterprise's sector changes, during a
campaign applies from that moment on: the time before asked nothing of the site (QZ12).

Clearing a site's border flag removes, from now on (the days past keep them), the defaults at that site of every
campaign not yet over that are still as the flag made them (`made_by_flag`); one changed by hand since is kept, and
the answer says so (`BorderDefaultKept`). Nothing else is removed: a requirement no longer asked for because a duty
type or sector was dropped from a campaign's settings stays until someone removes it, as any other requirement.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from lichtruc.duty_types import duty_type_name

from .errors import RuleViolation
from .requirements import StaffingRequirement

TET = "tet"
"""The only campaign kind the border defaults apply to."""
DEFAULT_BORDER_DUTY_TYPES = ("patrol",)
DEFAULT_BORDER_SECTORS = ("telecom", "internet")
WHOLE_DAY = {"kind": "daily", "start_local": "00:00", "end_local": "00:00"}
"""The default requirement's window as roster stores it: every day, the whole day."""


def applies_to(kind: str) -> bool:
    """Whether the border defaults apply to a campaign of this kind: Tết campaigns only."""
    return kind == TET


def border_settings(
    kind: str, duty_types: tuple[str, ...] | None, sectors: tuple[str, ...] | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A new campaign's border settings: those given, else the defaults for a Tết campaign and none
    for a drill. RuleViolation when a drill is given any (they would never be applied)."""
    if applies_to(kind):
        return (
            DEFAULT_BORDER_DUTY_TYPES if duty_types is None else duty_types,
            DEFAULT_BORDER_SECTORS if sectors is None else sectors,
        )
    if duty_types or sectors:
        raise RuleViolation(
            "border_duty_types" if duty_types else "border_sectors",
            "border-defaults-tet-only",
            "The border defaults are for Tết campaigns: a drill gets none. Leave border_duty_types and "
            "border_sectors out (or empty) and add the requirements the drill needs one by one.",
            "Yêu cầu mặc định cho vùng biên giới chỉ áp dụng cho đợt trực Tết, không áp dụng cho buổi diễn "
            "tập: hãy bỏ trống loại trực và lĩnh vực vùng biên giới, rồi thêm từng yêu cầu trực mà buổi diễn "
            "tập cần.",
        )
    return (), ()


@dataclass(frozen=True)
class BorderSettings:
    campaign_id: uuid.UUID
    duty_types: tuple[str, ...]
    sectors: tuple[str, ...]
    kind: str = TET


@dataclass(frozen=True)
class BorderSite:
    site_id: uuid.UUID
    enterprise_id: uuid.UUID
    sector: str
    border_area: bool


@dataclass(frozen=True)
class DefaultRequirement:
    """A requirement the rule asks for and the campaign lacks."""

    campaign_id: uuid.UUID
    enterprise_id: uuid.UUID
    site_id: uuid.UUID
    duty_type: str


def missing_defaults(
    campaigns: Iterable[BorderSettings], sites: Iterable[BorderSite], existing: set[tuple[uuid.UUID, uuid.UUID, str]]
) -> list[DefaultRequirement]:
    """The default requirements to create, in a stable order. `existing` holds the
    (campaign, site, duty type) of every site-level requirement already there. Campaigns that are
    not Tết campaigns (drills) get none."""
    sites = list(sites)
    out = []
    for campaign in campaigns:
        if not applies_to(campaign.kind):
            continue
        for site in sites:
            if not site.border_area or site.sector not in campaign.sectors:
                continue
            for duty_type in campaign.duty_types:
                if (campaign.campaign_id, site.site_id, duty_type) not in existing:
                    out.append(DefaultRequirement(campaign.campaign_id, site.enterprise_id, site.site_id, duty_type))
    out.sort(key=lambda d: (str(d.campaign_id), str(d.enterprise_id), str(d.site_id), d.duty_type))
    return out


def made_by_flag(r: StaffingRequirement) -> bool:
    """Whether a requirement is a border default still as the flag made it: the Department's (protected) and never
    changed since (its first version)."""
    return r.floor is not None and r.version == 1


@dataclass(frozen=True)
class BorderDefaultKept:
    """The note a site whose border flag was cleared answers with, for each default kept because it was changed by
    hand since the flag made it."""

    duty_type: str
    site: str
    label: str
    label_vi: str = ""  # the requirement's terms in Vietnamese (StaffingRequirement.label("vi"))
    rule: str = "border-default-kept"

    @property
    def message(self) -> str:
        return (
            f"The {duty_type_name(self.duty_type, 'en')} requirement at “{self.site}” ({self.label}) was changed by "
            "hand since the border flag made it, so it is kept. If the site no longer needs it, remove it on the "
            "requirements page."
        )

    @property
    def message_vi(self) -> str:
        return (
            f"Định mức {duty_type_name(self.duty_type, 'vi')} tại “{self.site}”"
            + (f" ({self.label_vi})" if self.label_vi else "")
            + " đã được sửa tay sau khi cờ biên giới "
            "tạo ra nên vẫn được giữ. Nếu điểm không còn cần, hãy xóa định mức này ở trang định mức."
        )
