"""Coverage requirements of one enterprise in one campaign: the list in words, adding one,
changing one (If-Match), removing one (If-Match)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from lichtruc.text import sort_key

from ..clients.services import Caller, ServiceError
from ..domain.asked import Asked, not_offered
from ..domain.campaigns import PREPARE, CampaignChoice
from ..domain.dates import parse_instant, wall_label
from ..domain.paging import PageView, clamp_limit, page_view
from ..domain.requirements import (
    RequirementForm,
    WindowView,
    applies_error,
    begun,
    describe_window,
    requirement_body,
)
from ..domain.said import Said
from ..domain.stale import Latest, latest_beside
from .staff import (
    Choice,
    DrillNote,
    Words,
    campaigns,
    drill_note,
    enterprises,
    field_messages,
    how_many,
    pick,
    pick_campaign,
)

REQUIREMENT_FIELDS = (
    "site_id",
    "duty_type",
    "kind",
    "start_local",
    "end_local",
    "starts_at",
    "ends_at",
    "minimum",
    "peak_minimum",
    "applies",
)


def _begun(choices: Sequence[CampaignChoice], campaign_id: str, caller: Caller) -> bool:
    """Whether the campaign has begun by the portal's clock (a change to its requirements must then say how it
    applies)."""
    found = next((c for c in choices if c.id == campaign_id), None)
    return found is not None and begun(found.starts_at, caller.clock())


@dataclass(frozen=True)
class DutyTypeName:
    key: str
    name: str


async def duty_types(caller: Caller, lang: str) -> tuple[DutyTypeName, ...]:
    """The duty types in the person's language, as roster names them."""
    found = await caller.every("roster", "/duty-types")
    return tuple(DutyTypeName(str(d["key"]), str(d["name_vi"] if lang == "vi" else d["name_en"])) for d in found)


async def sites(caller: Caller, enterprise_id: str) -> tuple[Choice, ...]:
    if not enterprise_id:
        return ()
    found = await caller.every("roster", "/sites", {"enterprise_id": enterprise_id})
    return tuple(sorted((Choice(str(s["id"]), str(s["name"])) for s in found), key=lambda c: sort_key(c.name)))


@dataclass(frozen=True)
class RequirementRow:
    id: str
    version: int
    site: str | None  # None: the whole enterprise
    duty_type: str  # in words
    window: WindowView
    minimum: int
    peak_minimum: int | None
    department_default: bool = False  # a manager may not remove it (only the Department)
    removed: Removed | None = None


@dataclass(frozen=True)
class Removed:
    """When a requirement was removed, and from when that applies (None: the whole campaign)."""

    at: datetime
    applies_from: datetime | None

    @classmethod
    def from_api(cls, doc: Mapping[str, Any] | None) -> Removed | None:
        if not doc:
            return None
        since = doc.get("applies_from")
        return cls(parse_instant(str(doc["at"])), parse_instant(str(since)) if since else None)


def removable(doc: Mapping[str, Any], caller: Caller) -> bool:
    """Whether the person may remove the requirement: a Department border default only the Department (an
    administrator) removes; a removed one nobody."""
    return not doc.get("removed") and (caller.session.account.role == "admin" or not doc.get("department_default"))


@dataclass(frozen=True)
class Scope:
    """The campaign and enterprise a requirements page is about, with the choices for both."""

    campaign_id: str
    enterprise_id: str
    campaigns: tuple[CampaignChoice, ...]
    enterprises: tuple[Choice, ...]
    unknown: tuple[Asked, ...] = ()
    """What the address asked for that is none of the choices (domain.asked): its id is "" here, so nothing of the
    default campaign or the first enterprise is shown in its stead; the page says so."""


async def scope(caller: Caller, *, campaign_id: str | None, enterprise_id: str | None, purpose: str = PREPARE) -> Scope:
    """The campaign asked for (else the default for the page's `purpose`, domain.campaigns: the requirements' the
    Tết being prepared) and the enterprise (else the first)."""
    all_campaigns = await campaigns(caller)
    all_enterprises = await enterprises(caller)
    unknown = not_offered(
        {"campaign": campaign_id, "enterprise": enterprise_id},
        {"campaign": {c.id for c in all_campaigns}, "enterprise": {e.id for e in all_enterprises}},
    )
    return Scope(
        campaign_id=""
        if "campaign" in unknown
        else pick_campaign(all_campaigns, campaign_id, now=caller.clock(), purpose=purpose),
        enterprise_id="" if "enterprise" in unknown else pick(all_enterprises, enterprise_id),
        campaigns=tuple(all_campaigns),
        enterprises=tuple(all_enterprises),
        unknown=unknown,
    )


@dataclass(frozen=True)
class RequirementEditor:
    form: RequirementForm
    sites: tuple[Choice, ...]
    duty_types: tuple[DutyTypeName, ...]
    requirement_id: str | None = None
    version: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    stale: bool = False  # someone else changed the requirement meanwhile: the form as typed, over their version
    latest: Latest = field(
        default_factory=Latest
    )  # then their values, beside the boxes where they differ from what was typed
    ask_applies: bool = False  # the campaign has begun: the form asks how the change applies

    @property
    def duty_options(self) -> list[tuple[str, str]]:
        return [(d.key, d.name) for d in self.duty_types]

    @property
    def site_options(self) -> list[tuple[str, str]]:
        return [(s.id, s.name) for s in self.sites]


@dataclass(frozen=True)
class RequirementsPage:
    scope: Scope
    rows: tuple[RequirementRow, ...]
    page: PageView
    editor: RequirementEditor  # the "add" form
    include_removed: bool = False  # removed requirements listed too (the filter)
    admin: bool = False  # the Department: may remove its border defaults
    drill: DrillNote | None = None
    """The campaign shown is a drill: the page says so and how many requirements the enterprise has in the Tết
    beside it; an empty list is not read as Tết's."""


def _row(doc: Mapping[str, Any], site_names: Mapping[str, str], duty_names: Mapping[str, str]) -> RequirementRow:
    site_id = str(doc["site_id"]) if doc.get("site_id") else None
    return RequirementRow(
        id=str(doc["id"]),
        version=int(doc["version"]),
        site=site_names.get(site_id, "") if site_id else None,
        duty_type=duty_names.get(str(doc["duty_type"]), str(doc["duty_type"])),
        window=describe_window(doc["window"]),
        minimum=int(doc["minimum"]),
        peak_minimum=doc.get("peak_minimum"),
        department_default=bool(doc.get("department_default")),
        removed=Removed.from_api(doc.get("removed")),
    )


async def requirements_page(
    caller: Caller,
    *,
    campaign_id: str | None,
    enterprise_id: str | None,
    lang: str,
    limit: int | None,
    cursor: str | None,
    path: str,
    query: Mapping[str, str],
    editor: RequirementEditor | None = None,
    include_removed: bool = False,
) -> RequirementsPage:
    where = await scope(caller, campaign_id=campaign_id, enterprise_id=enterprise_id)
    names = await duty_types(caller, lang)
    site_choices = await sites(caller, where.enterprise_id)
    size = clamp_limit(limit)
    rows: tuple[RequirementRow, ...] = ()
    total: int | None = 0
    next_cursor = None
    if where.campaign_id and where.enterprise_id:
        found = await caller.page(
            "roster",
            "/requirements",
            {
                "campaign_id": where.campaign_id,
                "enterprise_id": where.enterprise_id,
                "limit": size,
                "cursor": cursor,
                **({"include_removed": "true"} if include_removed else {}),
            },
        )
        site_names = {c.id: c.name for c in site_choices}
        duty_names = {d.key: d.name for d in names}
        rows = tuple(_row(doc, site_names, duty_names) for doc in found.items)
        total, next_cursor = found.total, found.next_cursor
    return RequirementsPage(
        scope=where,
        rows=rows,
        include_removed=include_removed,
        admin=caller.session.account.role == "admin",
        page=page_view(path, query, limit=size, count=len(rows), total=total, next_cursor=next_cursor),
        drill=await drill_note(
            caller,
            where.campaigns,
            shown_id=where.campaign_id,
            count=lambda tet: how_many(
                caller,
                "roster",
                path="/requirements",
                params={"campaign_id": tet, "enterprise_id": where.enterprise_id},
            ),
        )
        if where.enterprise_id
        else None,
        editor=editor
        or RequirementEditor(
            form=RequirementForm(),
            sites=site_choices,
            duty_types=names,
            ask_applies=_begun(where.campaigns, where.campaign_id, caller),
        ),
    )


def _refused(exc: ServiceError, lang: str, words: Words) -> tuple[dict[str, str], str]:
    if exc.status not in (409, 422):
        raise exc
    return field_messages(exc, lang=lang, words=words, fields=REQUIREMENT_FIELDS)


def _checked(form: RequirementForm, words: Words, *, ask_applies: bool) -> tuple[dict[str, Any], dict[str, str]]:
    body, errors = requirement_body(form, ask_applies=ask_applies)
    return body, {k: words(f"requirements.error.{v}") for k, v in errors.items()}


@dataclass(frozen=True)
class RequirementSaved:
    """A requirement set or changed: the list to go back to, and roster's warnings of it (more people than the
    enterprise can staff), which the list then says."""

    campaign_id: str
    enterprise_id: str
    warnings: tuple[Said, ...] = ()

    @classmethod
    def from_api(cls, doc: Mapping[str, Any]) -> RequirementSaved:
        warnings = tuple(Said.from_api(w) for w in doc.get("warnings") or ())
        return cls(str(doc["campaign_id"]), str(doc["enterprise_id"]), warnings)


async def add_requirement(
    caller: Caller, *, campaign_id: str, enterprise_id: str, form: RequirementForm, lang: str, words: Words
) -> RequirementEditor | RequirementSaved:
    """Set the requirement (saved, with roster's warnings), or the add form again with what is wrong."""
    ask_applies = _begun(await campaigns(caller), campaign_id, caller)
    body, errors = _checked(form, words, ask_applies=ask_applies)
    message = words("staff.shared.fix_fields") if errors else None
    if not errors:
        try:
            doc = await caller.post(
                "roster", "/requirements", {"campaign_id": campaign_id, "enterprise_id": enterprise_id, **body}
            )
            return RequirementSaved.from_api(doc)
        except ServiceError as exc:
            errors, message = _refused(exc, lang, words)
    return RequirementEditor(
        form=form,
        sites=await sites(caller, enterprise_id),
        duty_types=await duty_types(caller, lang),
        errors=errors,
        message=message,
        ask_applies=ask_applies,
    )


@dataclass(frozen=True)
class VersionRow:
    """One version of a requirement: from when it applied (None: the whole campaign) and what it asked."""

    version: int
    applies_from: datetime | None
    minimum: int | None
    peak_minimum: int | None
    removed: bool

    @classmethod
    def from_api(cls, doc: Mapping[str, Any]) -> VersionRow:
        since = doc.get("applies_from")
        return cls(
            int(doc["version"]),
            parse_instant(str(since)) if since else None,
            doc.get("minimum"),
            doc.get("peak_minimum"),
            bool(doc.get("removed")),
        )


@dataclass(frozen=True)
class RequirementDetail:
    requirement_id: str
    campaign_id: str
    enterprise_id: str
    campaign: str
    enterprise: str
    editor: RequirementEditor
    versions: tuple[VersionRow, ...] = ()
    remove_error: str | None = None  # the removal was sent without saying how it applies
    remove_refused: str | None = None  # roster refused the removal (a Department default): why, in the person's words
    removed: Removed | None = None  # a removed requirement: read only
    department_default: bool = False
    removable: bool = True  # not a removed one, nor a Department default before a manager
    row: RequirementRow | None = None  # what it asks, in words (a removed one's page shows only this)


async def requirement_detail(
    caller: Caller, requirement_id: str, *, lang: str, message: str | None = None, stale: bool = False
) -> RequirementDetail:
    doc = await caller.get("roster", f"/requirements/{requirement_id}", {"include_removed": "true"})
    where = await scope(caller, campaign_id=str(doc["campaign_id"]), enterprise_id=str(doc["enterprise_id"]))
    site_choices, names = await sites(caller, str(doc["enterprise_id"])), await duty_types(caller, lang)
    editor = RequirementEditor(
        form=RequirementForm.from_api(doc),
        sites=site_choices,
        duty_types=names,
        requirement_id=str(doc["id"]),
        version=int(doc["version"]),
        message=message,
        stale=stale,
        ask_applies=_begun(where.campaigns, str(doc["campaign_id"]), caller),
    )
    versions = await caller.every("roster", f"/requirements/{requirement_id}/versions")
    return RequirementDetail(
        requirement_id=str(doc["id"]),
        campaign_id=str(doc["campaign_id"]),
        enterprise_id=str(doc["enterprise_id"]),
        campaign=next((c.name for c in where.campaigns if c.id == str(doc["campaign_id"])), ""),
        enterprise=next((c.name for c in where.enterprises if c.id == str(doc["enterprise_id"])), ""),
        editor=editor,
        versions=tuple(VersionRow.from_api(v) for v in versions),
        removed=Removed.from_api(doc.get("removed")),
        department_default=bool(doc.get("department_default")),
        removable=removable(doc, caller),
        row=_row(doc, {c.id: c.name for c in site_choices}, {d.key: d.name for d in names}),
    )


async def edit_requirement(
    caller: Caller, requirement_id: str, *, form: RequirementForm, version: int, lang: str, words: Words
) -> RequirementDetail | RequirementSaved:
    """Change the requirement: saved (with roster's warnings) when done, else the page again."""
    doc = await caller.get("roster", f"/requirements/{requirement_id}")
    body, errors = _checked(form, words, ask_applies=_begun(await campaigns(caller), str(doc["campaign_id"]), caller))
    message = words("staff.shared.fix_fields") if errors else None
    if not errors:
        try:
            doc = await caller.patch("roster", f"/requirements/{requirement_id}", body, version=version)
            return RequirementSaved.from_api(doc)
        except ServiceError as exc:
            if exc.kind in ("stale-version", "if-match-required"):
                detail = await requirement_detail(caller, requirement_id, lang=lang)
                return replace(detail, editor=typed_over(detail.editor, form, words=words, lang=lang))
            errors, message = _refused(exc, lang, words)
    detail = await requirement_detail(caller, requirement_id, lang=lang)
    return replace(detail, editor=replace(detail.editor, form=form, version=version, errors=errors, message=message))


async def remove_requirement(
    caller: Caller, requirement_id: str, *, version: int, applies: str = "", lang: str = "vi"
) -> tuple[str, str] | str | Refusal:
    """Remove the requirement; (campaign id, enterprise id) of the list to go back to, "stale" when someone changed
    it meanwhile, "applies" when the campaign has begun and the removal did not say how it applies (from now on,
    or for the whole campaign), or roster's refusal (a Department border default a manager may not remove) in the
    person's language — nothing removed."""
    doc = await caller.get("roster", f"/requirements/{requirement_id}")
    ask_applies = _begun(await campaigns(caller), str(doc["campaign_id"]), caller)
    if applies_error(applies, asked=ask_applies) is not None:
        return "applies"
    params = {"applies": applies} if ask_applies else {}
    try:
        await caller.delete("roster", f"/requirements/{requirement_id}", version=version, params=params)
    except ServiceError as exc:
        if exc.kind in ("stale-version", "if-match-required"):
            return "stale"
        if exc.status not in (409, 422):
            raise
        return Refusal(exc.status, exc.detail(lang))
    return str(doc["campaign_id"]), str(doc["enterprise_id"])


@dataclass(frozen=True)
class Refusal:
    """roster refused a removal: its status and why, in the person's words."""

    status: int
    message: str


# the fields of a requirement's form that its record keeps: all but "applies" (how a change applies)
SAVED_FIELDS = tuple(name for name in REQUIREMENT_FIELDS if name != "applies")


def typed_over(editor: RequirementEditor, typed: RequirementForm, *, words: Words, lang: str) -> RequirementEditor:
    """`editor` drawn from the requirement as it now is, after someone else saved it first: the form as the manager
    typed it, over the latest version (saving again puts theirs over the other change, knowingly), with the latest
    saved value beside each box where it differs from what they typed, and the message saying so."""
    sites = {s.id: s.name for s in editor.sites}
    duties = {d.key: d.name for d in editor.duty_types}

    def said(name: str, value: Any) -> str:
        text = str(value or "").strip()
        if name == "site_id":
            return sites.get(text, text) if text else words("requirements.whole_enterprise")
        if name == "duty_type":
            text = duties.get(text, text)
        elif name == "kind":
            text = words(f"requirements.kind.{'one_off' if text == 'one_off' else 'daily'}")
        elif name in ("starts_at", "ends_at") and text:
            try:
                text = wall_label(datetime.fromisoformat(text), lang)
            except ValueError:
                pass
        return text or words("latest.empty")

    latest = latest_beside(typed, editor.form, fields=SAVED_FIELDS, said=said)
    return replace(editor, form=typed, message=words("staff.shared.stale_kept"), stale=True, latest=latest)
