"""“Chép từ Tết trước” on the requirements and Tết-hours pages (QZ27 #5): roster's preview (a dry run) before the
question, then the copy, for one enterprise (a manager's) or, the Department, one or every one. roster decides what
is copied and who may; its refusal (no Tết before, another enterprise's) is said in its words at the button. A Tết with no
Tết before it (domain.campaigns.tet_before, roster's rule) offers no button: the panel says so, what was looked for and
what to do instead, before any press (as the readiness checklist's copy does: QZ25 #9)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from lichtruc import vntime

from ..clients.services import Caller, ServiceError
from ..domain.campaigns import CampaignChoice, tet_before
from ..domain.tet_copy import DayMoved, TetCopy, What, days_moved, past_kept
from .staff import Choice, enterprises

PATHS: dict[What, str] = {
    "requirements": "/campaigns/{}/requirements/previous-tet",
    "hours": "/campaigns/{}/tet-hours/previous-tet",
}
KEPT = "tet_copy"
"""The kind of a refused copy kept for its page (api.kept): roster's words, said at the button."""
ALL = "all"
"""The Department's choice of every enterprise (`copy_for`)."""


@dataclass(frozen=True)
class Tried:
    """roster's answer (`done`), or its refusal in the person's language (`refused`)."""

    done: TetCopy | None = None
    refused: str | None = None


def offered(choice: CampaignChoice | None) -> bool:
    """Only a Tết campaign's page offers the copy (a drill's has no Tết before it to copy from)."""
    return choice is not None and not choice.drill


async def copy_from_tet(
    caller: Caller,
    what: What,
    *,
    campaign_id: str,
    enterprise_id: str,
    lang: str,
    dry_run: bool,
    replace_drafts: bool = False,
) -> Tried:
    """roster's copy (`dry_run`: its preview) of last Tết's requirements or hours into this campaign; `enterprise_id`
    "" or ALL: every enterprise the caller may (roster's rule). A refusal of roster's (4xx) as its words."""
    body: dict[str, object] = {"dry_run": dry_run}
    if enterprise_id and enterprise_id != ALL:
        body["enterprise_id"] = enterprise_id
    if what == "hours":
        body["replace_drafts"] = replace_drafts
    try:
        answer = await caller.post("roster", PATHS[what].format(campaign_id), body)
    except ServiceError as exc:
        if exc.status >= 500:
            raise
        return Tried(refused=exc.detail(lang))
    return Tried(done=TetCopy.from_api(what, answer))


def moves(campaigns: Sequence[CampaignChoice], *, from_name: str, campaign_id: str) -> tuple[DayMoved, ...]:
    """The days a copy from the Tết named `from_name` (roster's) into `campaign_id` maps; none when either is not
    listed."""
    before = next((c for c in campaigns if c.name == from_name and not c.drill), None)
    after = next((c for c in campaigns if c.id == campaign_id), None)
    if before is None or after is None:
        return ()
    return days_moved((before.starts_at, before.ends_at), (after.starts_at, after.ends_at))


@dataclass(frozen=True)
class Asked:
    """What a page's address and session say of the copy: the button pressed (`asked`), the Department's choice
    (`copy_for`), roster's refusal kept for the page (`refused`), what a copy did (`said`, once)."""

    asked: bool = False
    copy_for: str = ""
    refused: str | None = None
    said: tuple[str, ...] = ()


@dataclass(frozen=True)
class Panel:
    """The page's “Chép từ Tết trước”: the button, or (asked, `preview`) roster's dry run and the question, or
    roster's refusal at the button (`refused`)."""

    what: What
    campaign_id: str
    admin: bool
    enterprises: tuple[Choice, ...]
    """The Department's choice of enterprise (besides every one); a manager copies the one shown (`copy_for`)."""
    copy_for: str
    preview: TetCopy | None = None
    moved: tuple[DayMoved, ...] = ()
    refused: str | None = None
    none_before: date | None = None
    """No Tết begun before this day (the campaign's first), drills aside: nothing to copy, said in place of the
    button (`campaign`: the campaign shown's name)."""
    begun: date | None = None
    """A manager's requirements on a Tết begun on this day (`past_kept`): roster would refuse the copy (409
    past-kept), so why and what to do instead are said in place of the button."""
    campaign: str = ""


async def panel(
    caller: Caller,
    what: What,
    *,
    campaigns: Sequence[CampaignChoice],
    campaign_id: str,
    copy_for: str,
    asked: bool,
    lang: str,
    refused: str | None = None,
) -> Panel | None:
    """The copy offered on a Tết campaign's page (None on a drill's or none chosen); `asked`: the button pressed, so
    roster's preview (its refusal said at the button instead). An administrator picks one enterprise or every one
    (ALL, the default); a manager's is `copy_for` as the page gives it ("" : every one of theirs). No Tết before the
    one shown: the panel says so (`none_before`), roster not asked, whatever was pressed; nor for a manager's
    requirements on a Tết already begun (`begun`: roster's 409 past-kept, said before any press)."""
    choice = next((c for c in campaigns if c.id == campaign_id), None)
    if choice is None or not offered(choice):
        return None
    starts = vntime.local_day(choice.starts_at)
    if tet_before(campaigns, choice) is None:
        return Panel(what, campaign_id, False, (), copy_for, none_before=starts, campaign=choice.name)
    admin = caller.session.account.role == "admin"
    if past_kept(what, admin=admin, starts_at=choice.starts_at, now=caller.clock()):
        return Panel(what, campaign_id, False, (), copy_for, begun=starts, campaign=choice.name)
    choices = tuple(await enterprises(caller)) if admin else ()
    chosen = copy_for if not admin or copy_for in {c.id for c in choices} else ALL
    shown = Panel(what, campaign_id, admin, choices, chosen, refused=refused)
    if not asked or refused:
        return shown
    tried = await copy_from_tet(caller, what, campaign_id=campaign_id, enterprise_id=chosen, lang=lang, dry_run=True)
    if tried.done is None:
        return replace(shown, refused=tried.refused)
    moved = moves(campaigns, from_name=tried.done.from_name, campaign_id=campaign_id)
    return replace(shown, preview=tried.done, moved=moved)
