"""The Department's incidents as the portal reads them from audit.

- The district filter of both incident lists (`district_choices`): the districts in use, the one asked for however
  typed.
- The province list's filters as the form holds them: a campaign (none chosen: the default one,
  domain.campaigns, as every page opens; `ALL_CAMPAIGNS`: every campaign, and incidents outside any), days of
  detection in Vietnam time (both included: "from 05/02 to 05/02" is every incident detected on 05/02), and
  the other filters, turned into audit's `GET /incidents` query.
- What changed from one version of an incident to the next (`version_changes`), read from the two states
  audit kept — roster publishes the whole incident with every change, never the change alone. A version
  that never reached audit is simply skipped: the next one is compared with the last one audit has.
- The record form sent again (`resent_incident`): the incident the same person recorded minutes ago with the
  same facts.
- How long an incident still open has been open (`open_age`), and whether that is past `OPEN_TOO_LONG` (QZ27 #10:
  on 16/02 an incident detected on mùng 2 still read "Đang xử lý", its restore column "—", nine days on).

Pure: values in, values out; the words are the templates'."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from lichtruc.text import fold

from .gaps import day_bounds, day_range_errors, parse_day

ALL_CAMPAIGNS = "all"
"""The campaign filter's value for every campaign (and the incidents detected outside any)."""
BAD_DAY = "bad_day"
DAYS_OUT_OF_ORDER = "days_out_of_order"


@dataclass(frozen=True)
class ProvinceFilters:
    """The province list's filters as typed (strings; blank: no filter, but a blank campaign is the default one)."""

    campaign_id: str = ""
    from_day: str = ""
    to_day: str = ""
    border: str = ""
    severity: str = ""
    sector: str = ""
    enterprise_id: str = ""
    status: str = ""
    district: str = ""  # however typed: audit matches it (district_choices)
    open_longer_than: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ProvinceFilters:
        return cls(**{f.name: str(query.get(f.name) or "").strip() for f in fields(cls)})

    @property
    def narrowed(self) -> bool:
        """Whether a filter beyond the campaign is set: an empty list then says that nothing matches."""
        return any(getattr(self, f.name) for f in fields(self) if f.name != "campaign_id")

    def errors(self) -> dict[str, str]:
        """Field → its problem ("bad_day", "days_out_of_order"), for days of detection that are no days or out
        of order."""
        return day_range_errors(
            ("from_day", self.from_day), ("to_day", self.to_day), bad=BAD_DAY, out_of_order=DAYS_OUT_OF_ORDER
        )

    def query(self, *, campaign_id: str) -> dict[str, str]:
        """The portal's own query for these filters with the campaign shown (an id or `ALL_CAMPAIGNS`), blanks
        left out: what a download link carries, so that it exports the list on the screen."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {k: v for k, v in {**values, "campaign_id": campaign_id}.items() if v}

    def api_params(self, *, campaign_id: str) -> dict[str, str]:
        """audit's `GET /incidents` query for the campaign shown (an id, or `ALL_CAMPAIGNS`: no campaign
        filter) and these filters: the days as the instants that bound them in Vietnam time (`detected_from`
        included, `detected_to` excluded). Call it only without `errors()`."""
        params = {k: v for k, v in self.query(campaign_id=campaign_id).items() if k not in ("from_day", "to_day")}
        if params.get("campaign_id") == ALL_CAMPAIGNS:
            del params["campaign_id"]
        lo, hi = day_bounds(parse_day(self.from_day), parse_day(self.to_day))
        if lo:
            params["detected_from"] = lo.isoformat()
        if hi:
            params["detected_to"] = hi.isoformat()
        return params


OPEN_TOO_LONG = timedelta(hours=24)
"""An incident open longer than this is shown in the alarm's colour. The directive asks the enterprises to restore
communications at once and the inspectors to follow each incident; a fault not restored, or restored and never
closed, after a whole day is either still hurting the network or a record nobody finished — both what an inspector
must chase. Shorter, and the night's ordinary faults (restored within hours: the demo's 40 minutes, 2 h 15 m) would
light up while they are handled."""


@dataclass(frozen=True)
class OpenAge:
    """How long an open incident has been open, as the list says it: whole days from a day on ("mở 9 ngày"), else
    hours ("mở 5 giờ"), else minutes; `too_long` past OPEN_TOO_LONG."""

    days: int
    hours: int
    minutes: int
    too_long: bool


def open_age(detected_at: datetime, *, now: datetime) -> OpenAge:
    """The age of an incident detected at `detected_at` and still open at `now` (nothing negative: one detected a
    moment ahead of the portal's clock is 0 minutes old)."""
    age = max(now - detected_at, timedelta(0))
    minutes = int(age.total_seconds() // 60)
    return OpenAge(age.days, minutes // 60, minutes, age > OPEN_TOO_LONG)


def district_choices(districts: Sequence[str], asked: str) -> tuple[list[tuple[str, str]], str]:
    """The district filter's options — the districts in use, as the province writes them — and the one chosen:
    the option that is `asked` however typed (case, diacritics and spaces aside, as roster and audit match it:
    lichtruc.text.fold), else `asked` itself, added as an option of its own so that the filter the list obeys is
    still shown, and kept by the next "Lọc"; "" when none is asked for."""
    options = [(d, d) for d in districts]
    asked = " ".join(asked.split())
    if not asked:
        return options, ""
    chosen = next((d for d in districts if fold(d) == fold(asked)), None)
    if chosen is None:
        return [*options, (asked, asked)], asked
    return options, chosen


UNMADE_CHOICE = {"services": "services", "severity": "severity"}
"""The record form's choices, by field: the catalogue key (under `incidents.error.`) of the sentence asking for
each when it is not made — a person's words, not the validator's "too few items (at least 1)"."""


def unmade_choices(services: Sequence[str], severity: str, *, severities: Sequence[str]) -> dict[str, str]:
    """Field → its `incidents.error.` key, for the record form's choices that are not made: no service affected
    chosen, no severity (or one that is none of `severities`). Said all at once, before roster is asked."""
    unmade = {}
    if not services:
        unmade["services"] = UNMADE_CHOICE["services"]
    if severity not in severities:
        unmade["severity"] = UNMADE_CHOICE["severity"]
    return unmade


def blank_boxes(boxes: Mapping[str, str]) -> dict[str, str]:
    """Field → its `incidents.error.` key (the field's own name), for each of an incident step's boxes that arrived
    empty or with spaces only (the browser's `required` bypassed: an old page, a script): said at the field, in the
    portal's words, before roster is asked."""
    return {name: name for name, value in boxes.items() if not value.strip()}


def closing_problems(boxes: Mapping[str, str], *, restored_at: str, restored_before: bool) -> dict[str, str]:
    """Field → its `incidents.error.` key for each mistake of the closing form the portal can see: its boxes that
    arrived empty (`blank_boxes`), and no restore time where no update has given one (`restored_before`) — with the
    empty boxes or alone, in the same words, for roster would say it only at the next send, and otherwise (QA)."""
    problems = blank_boxes(boxes)
    if not restored_at.strip() and not restored_before:
        problems["restored_at"] = "restored_at"
    return problems


DETECTION_AHEAD = timedelta(minutes=5)
"""How far past now a detection time may lie (roster's DETECTION_SKEW: a device whose clock runs a few minutes
fast); later than that, roster refuses it, and so does the form before asking it."""


def record_form_problems(
    *,
    enterprise_id: str,
    detected_at: datetime | None,
    detected_readable: bool,
    site_id: str,
    district: str,
    services: Sequence[str],
    severity: str,
    description: str,
    severities: Sequence[str],
    now: datetime,
) -> dict[str, str]:
    """Field → its `incidents.error.` key, for every mistake of the record form found at once (a person sends it
    once and reads them all, not one a send): no enterprise, a detection time missing or not a time, or later than
    `now` (`DETECTION_AHEAD` allowed), no place (neither a site nor a district), the choices not made
    (`unmade_choices`), no description. Roster checks again; what it alone knows (a site of another enterprise, a
    district it does not know) it says after these."""
    problems: dict[str, str] = {}
    if not enterprise_id.strip():
        problems["enterprise_id"] = "enterprise"
    if not detected_readable or detected_at is None:
        problems["detected_at"] = "time"
    elif detected_at > now + DETECTION_AHEAD:
        problems["detected_at"] = "future"
    if not site_id.strip() and not district.strip():
        problems["site_id"] = "place"
    problems |= unmade_choices(services, severity, severities=severities)
    if not description.strip():
        problems["description"] = "description"
    order = ("enterprise_id", "detected_at", "site_id", "services", "severity", "description")
    return {name: problems[name] for name in order if name in problems}


RESENT_WITHIN = timedelta(minutes=10)
"""An incident recorded this long ago or less, by the same account with the same facts, is the same incident sent
again (`resent_incident`)."""


def _instant(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip().casefold()


def resent_incident(
    body: Mapping[str, Any], recorded: Sequence[Mapping[str, Any]], *, login: str, now: datetime
) -> Mapping[str, Any] | None:
    """The incident among `recorded` (roster's, as its list gives them) that the open form's `body` (roster's POST
    body) would record a second time, if any: recorded by the same account (`login`) within `RESENT_WITHIN` of
    `now`, for the same enterprise, place (the site, or the district without one), services, severity and
    description, detected within `RESENT_WITHIN` of the body's detection (a time box left as drawn is drawn anew
    from the clock). The form's key makes a resend with script one request (clients/services.py), but without
    script Back draws the form anew with a new key (QZ13): two sends of the same facts by the same person minutes
    apart are one incident found twice, not two — an incident already recorded is added to with an update. The
    newest such incident; None when the body lacks the facts to compare."""
    detected = _instant(body.get("detected_at"))
    if detected is None or not body.get("enterprise_id"):
        return None
    same = [
        one
        for one in recorded
        if str(one.get("opened_by") or "") == login
        and (made := _instant(one.get("created_at"))) is not None
        and abs(now - made) <= RESENT_WITHIN
        and str(one.get("enterprise_id")) == str(body["enterprise_id"])
        and (seen := _instant(one.get("detected_at"))) is not None
        and abs(seen - detected) <= RESENT_WITHIN
        and str(one.get("site_id") or "") == str(body.get("site_id") or "")
        and (body.get("site_id") or _text(one.get("district")) == _text(body.get("district")))
        and sorted(one.get("services") or ()) == sorted(body.get("services") or ())
        and one.get("severity") == body.get("severity")
        and _text(one.get("description")) == _text(body.get("description"))
    ]
    return max(same, key=lambda one: str(one.get("created_at")), default=None)


@dataclass(frozen=True)
class Change:
    """One thing that changed from a version to the next: `what` (the template's word for it, under
    `incidents.change.`), and the value before and after — a code, a text, an instant as audit sent it, a
    list of codes, or the responder or update (as audit sent it) that was added or taken away."""

    what: str
    before: Any = None
    after: Any = None


FIELDS = (  # the incident's own facts, in the order a person reads them
    "status",
    "severity",
    "detected_at",
    "place",
    "services",
    "border",
    "agency_links",
    "description",
)
CLOSING = ("restored_at", "cause", "closing_note", "resolved_at")


def _place(incident: Mapping[str, Any]) -> str:
    site, district = incident.get("site_name") or "", incident.get("district") or ""
    return f"{site} ({district})" if site and district else site or district


def _value(incident: Mapping[str, Any], what: str) -> Any:
    if what == "place":
        return _place(incident)
    if what == "services":
        return list(incident.get("services") or ())
    return incident.get(what)


def _note_key(note: Mapping[str, Any]) -> tuple[Any, ...]:
    return note.get("at"), note.get("note"), note.get("by")


def version_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Change]:
    """What changed from the incident `before` (None: `after` is the first version audit has) to `after`:
    the incident's facts, the responders added (or taken away), the updates added, and the closing facts
    (restore time, cause, closing note, end), in that order; nothing when both are the same."""
    if before is None:
        return [Change("opened", after=after.get("status"))]
    changes = [
        Change(what, _value(before, what), _value(after, what))
        for what in FIELDS
        if _value(before, what) != _value(after, what)
    ]
    had = {r.get("staff_id") for r in before.get("responders") or ()}
    has = {r.get("staff_id") for r in after.get("responders") or ()}
    changes += [
        Change("responder_added", after=r) for r in after.get("responders") or () if r.get("staff_id") not in had
    ]
    changes += [
        Change("responder_removed", before=r) for r in before.get("responders") or () if r.get("staff_id") not in has
    ]
    written = {_note_key(u) for u in before.get("updates") or ()}
    changes += [Change("update_added", after=u) for u in after.get("updates") or () if _note_key(u) not in written]
    changes += [
        Change(what, before.get(what), after.get(what)) for what in CLOSING if before.get(what) != after.get(what)
    ]
    return changes


@dataclass(frozen=True)
class VersionStep:
    """A version of the incident and what changed since `since` (the version before it that audit has;
    None for the first): `since` is not `version - 1` when a version in between never reached audit."""

    version: Mapping[str, Any]
    since: int | None
    changes: list[Change]

    @property
    def skipped(self) -> bool:
        """Whether versions in between never reached audit (the changes then span them)."""
        return self.since is not None and self.since != int(self.version["version"]) - 1


def history_steps(history: Sequence[Mapping[str, Any]]) -> list[VersionStep]:
    """audit's `history` of an incident (each version with `version` and `incident`), oldest first, each with
    what changed from the version before it."""
    ordered = sorted(history, key=lambda v: int(v["version"]))
    steps = []
    for i, v in enumerate(ordered):
        previous = ordered[i - 1] if i else None
        steps.append(
            VersionStep(
                v,
                None if previous is None else int(previous["version"]),
                version_changes(None if previous is None else previous["incident"], v["incident"]),
            )
        )
    return steps
