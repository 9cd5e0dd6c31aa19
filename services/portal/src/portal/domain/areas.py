"""Which roles may open which pages: the areas of the portal's addresses and the roles each is for. The refusal
page (api/refusals.py) says so to a person who opens one not theirs; a page draws no link to one (`may_open`)."""

from __future__ import annotations

from dataclasses import dataclass

MANAGERS = ("manager", "admin")
DEPARTMENT = ("inspector", "admin")


@dataclass(frozen=True)
class Area:
    """The pages under `prefix` are for `roles`; anyone else is told so by `reason`, the catalogue key of
    the sentence saying whom they are for and what to do (given the person's role as {role}), or by the key
    `told` gives their role (role, key): a sentence of its own where that role's own pages are."""

    prefix: str
    roles: tuple[str, ...]
    reason: str
    told: tuple[tuple[str, str], ...] = ()

    def reason_for(self, role: str | None) -> str:
        return dict(self.told).get(role or "", self.reason)

    def holds(self, path: str) -> bool:
        return path == self.prefix or path.startswith((self.prefix + "/", self.prefix + "."))


AREAS = (  # the first that holds a path decides: the narrower areas first
    Area("/manage", MANAGERS, "access.manage"),
    Area("/inspect/log", DEPARTMENT, "access.department"),
    Area("/inspect/sequence-gaps", DEPARTMENT, "access.department"),
    Area("/inspect/accounts", DEPARTMENT, "access.department"),
    Area("/inspect/readiness", DEPARTMENT, "access.department"),
    # the province's summary of the daily reports is the Department's report to the Ministry: roster refuses anyone
    # else, so a manager, who has the day view of the reports, gets no link to it (QZ21 #1)
    Area("/inspect/reports/summary", DEPARTMENT, "access.summary"),
    # the province's campaign report is the Department's to sign: a manager's, of their enterprise, is at
    # /manage/campaign-report (QZ28 #3: the inspector's page printed the province's title over their figures)
    Area("/inspect/campaign-report", DEPARTMENT, "access.campaign_report"),
    Area("/inspect", (*DEPARTMENT, "manager"), "access.inspect"),
    Area("/admin/enterprises", MANAGERS, "access.enterprises"),
    Area("/admin/sites", MANAGERS, "access.enterprises"),
    # the Department's own (campaigns, districts, accounts, the readiness list, its profile): a manager, who may
    # find them by their address, is told whose they are and where their own are (L2)
    Area("/admin", ("admin",), "access.admin", told=(("manager", "access.admin_manager"),)),
)


def area_of(path: str) -> Area | None:
    """The area a page's path is in (None: a page for every signed-in role)."""
    return next((area for area in AREAS if area.holds(path)), None)


def may_open(role: str | None, href: str) -> bool:
    """Whether someone of `role` (None: nobody signed in) may open the page at `href` (its path decides): a link
    to a page the person may not open is not drawn (QZ20 #2: a manager's "Bằng chứng trong nhật ký" on the on-duty
    page led to the Department's log, which refused him)."""
    area = area_of(href.split("#", 1)[0].split("?", 1)[0])
    return area is None or role in area.roles
