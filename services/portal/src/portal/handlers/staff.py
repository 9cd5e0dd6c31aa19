"""Staff of the manager's enterprises: the list with its filters, adding a person, changing one.

Also what the other people-side pages share: the enterprises and campaigns the person may
see (for the filters), and a refused change's messages placed next to the fields they name."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from lichtruc.text import phone_label, phone_number, sort_key

from ..clients.services import Caller, ServiceError, ServiceName
from ..domain.campaigns import LOOK_BACK, CampaignChoice, chosen_campaign, picker_order, tet_beside
from ..domain.dates import parse_instant
from ..domain.field_words import sentence
from ..domain.leaving import STILL_ON, ShiftLeft, shifts_left
from ..domain.paging import PageView, clamp_limit, page_view
from ..domain.said import Said
from ..domain.staff import QUALIFICATIONS, TEXT_OVER, CheckedStaff, StaffForm, check_staff, clean_text, listed_as
from ..domain.stale import Latest, latest_beside

Words = Callable[..., str]


# --- shared by the people-side pages ----------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    id: str
    name: str


async def enterprises(caller: Caller) -> list[Choice]:
    """The enterprises this person may see (a manager: theirs), by name."""
    found = await caller.every("roster", "/enterprises")
    return sorted((Choice(str(e["id"]), str(e["name"])) for e in found), key=lambda c: sort_key(c.name))


async def campaigns(caller: Caller, *, kind: str | None = None) -> list[CampaignChoice]:
    """The campaigns, in the pickers' order (domain.campaigns: newest start first); `kind` "tet": the Tết
    campaigns alone (their opening hours: a drill has none)."""
    listed = await caller.every("roster", "/campaigns", {"kind": kind} if kind else None)
    return picker_order(campaign_choice(c) for c in listed)


def campaign_choice(campaign: Mapping[str, Any]) -> CampaignChoice:
    """Roster's campaign as a picker offers it."""
    return CampaignChoice(
        str(campaign["id"]),
        str(campaign["name"]),
        str(campaign.get("kind") or "tet"),
        parse_instant(campaign["starts_at"]),
        parse_instant(campaign["ends_at"]),
    )


def pick_campaign(
    choices: Sequence[CampaignChoice], wanted: str | None, *, now: datetime, purpose: str = LOOK_BACK
) -> str:
    """The chosen campaign's id if it is one of the choices, else the default one's for the page's `purpose`
    (domain.campaigns: one rule for every page), "" when there is none."""
    chosen = chosen_campaign(choices, wanted, now=now, purpose=purpose)
    return chosen.id if chosen else ""


@dataclass(frozen=True)
class DrillNote:
    """A page that prepares Tết showing a drill (chosen by the person): it says it is the drill, and names the Tết
    being prepared (`tet`, None when no Tết campaign is open) with how many of the page's things it has there
    (`count`: items, requirements, plans…), linked (QZ24 #1)."""

    tet: CampaignChoice | None
    count: int = 0


async def drill_note(
    caller: Caller, choices: Sequence[CampaignChoice], *, shown_id: str, count: Callable[[str], Awaitable[int]]
) -> DrillNote | None:
    """The note for the campaign `shown_id` when it is a drill (None otherwise), `count` asked of the Tết beside it."""
    shown = next((c for c in choices if c.id == shown_id), None)
    if shown is None or not shown.drill:
        return None
    tet = tet_beside(choices, shown, now=caller.clock())
    return DrillNote(tet, await count(tet.id) if tet is not None else 0)


async def how_many(caller: Caller, service: ServiceName, *, path: str, params: Mapping[str, Any]) -> int:
    """How many items a service's list holds (its `total`, or every page counted when it does not say)."""
    found = await caller.page(service, path, {**params, "limit": 1})
    if found.total is not None:
        return found.total
    return len(await caller.every(service, path, dict(params)))


def pick(choices: list[Choice], wanted: str | None) -> str:
    """The chosen id if it is one of the choices, else the first (or "" when there is none)."""
    ids = [c.id for c in choices]
    return wanted if wanted in ids else (ids[0] if ids else "")


def field_messages(
    exc: ServiceError, *, lang: str, words: Words, fields: tuple[str, ...]
) -> tuple[dict[str, str], str]:
    """A refused change as messages next to `fields` and one for the form.

    roster names the broken field and rule of each error; its Vietnamese words are in
    `detail_vi` (the first error) and, where it sends them, `message_vi`. A field roster names
    without Vietnamese words gets the catalogue's "check this field"."""
    errors: dict[str, str] = {}
    first = True
    for error in exc.problem.get("errors") or ():
        name = str(error.get("field") or "").split(".")[-1] if isinstance(error, Mapping) else ""
        if name not in fields or name in errors:
            first = False
            continue
        if lang == "vi":
            text = (
                error.get("message_vi")
                or (exc.problem.get("detail_vi") if first else None)
                or words("staff.shared.check_field")
            )
        else:
            text = error.get("message") or exc.detail(lang)
        errors[name] = sentence(str(text))
        first = False
    return errors, exc.detail(lang)


def past_limit(exc: ServiceError, *, fields: tuple[str, ...]) -> frozenset[str]:
    """The `fields` a refused change names as past their limit, said in the portal's words ("Thừa 2 ký tự (tối đa
    30) — …", `text_limits.over_said`), which name no box: the form's summary labels their lines."""
    first: dict[str, bool] = {}  # each field's first error, the one `field_messages` says
    for error in exc.problem.get("errors") or ():
        if isinstance(error, Mapping) and (name := str(error.get("field") or "").split(".")[-1]) in fields:
            first.setdefault(name, "over" in error)
    return frozenset(name for name, over in first.items() if over)


# --- the staff list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffRow:
    id: str
    full_name: str
    enterprise: str
    qualifications: tuple[str, ...]  # keys, in the order of QUALIFICATIONS
    phone: str | None
    email: str | None
    active: bool
    language: str = "vi"
    has_account: bool = False
    """Whether an active account to sign in with is linked to the record (roster's `has_account`)."""
    account: str = "none"
    """roster's `account`: "active", "inactive" (said "Tài khoản đã khoá", never "Chưa có tài khoản": QZ27 #6) or
    "none" (an account offered only to a person still working)."""

    @property
    def phone_label(self) -> str:
        return phone_label(self.phone)


@dataclass(frozen=True)
class StaffFilters:
    enterprise_id: str = ""
    qualification: str = ""
    active: str = ""  # "", "yes", "no"
    q: str = ""

    @property
    def narrowed(self) -> bool:
        """Whether a filter is set (the page then offers the list without them)."""
        return bool(self.enterprise_id or self.qualification or self.active or self.q)


@dataclass(frozen=True)
class StaffList:
    rows: tuple[StaffRow, ...]
    page: PageView
    filters: StaffFilters
    enterprises: tuple[Choice, ...]
    qualifications: tuple[str, ...] = QUALIFICATIONS
    export_rows: int | None = None
    """How many people the chosen enterprise's list (to edit in Excel and import back) holds, whatever the other
    filters: its download is offered only for one enterprise (the import takes one); None: none chosen."""
    export_enterprise_id: str = ""
    """The enterprise of that download: the one chosen, or, unchosen, the only one this person may see (a manager
    of one enterprise: "all enterprises" is theirs, so its download is there from the start)."""
    export_whole_of: str = ""
    """The enterprise's name when other filters narrow the page: the download then holds the people they keep, its
    link saying which (Z14: it held the whole list, "Viettel" + "Nguyen" listing 2), and the whole list is one more
    link beside it (`export_whole_rows` people)."""
    export_whole_rows: int | None = None
    export_params: tuple[tuple[str, str], ...] = ()
    """The filters the download follows (roster's `qualification`, `active`, `q`), in its link."""

    @property
    def export_href(self) -> str:
        return _download(self.export_enterprise_id, self.export_params)

    @property
    def export_whole_href(self) -> str:
        return _download(self.export_enterprise_id, ())


def _download(enterprise_id: str, params: tuple[tuple[str, str], ...]) -> str:
    """The staff download's address: the enterprise's list, filled, narrowed by `params`."""
    return "/manage/imports/template/staff.xlsx?" + urlencode(
        [("enterprise_id", enterprise_id), ("filled", "true"), *params]
    )


def _row(doc: Mapping[str, Any], names: Mapping[str, str]) -> StaffRow:
    return StaffRow(
        id=str(doc["id"]),
        full_name=str(doc["full_name"]),
        enterprise=names.get(str(doc["enterprise_id"]), ""),
        qualifications=tuple(q for q in QUALIFICATIONS if q in (doc.get("qualifications") or ())),
        phone=doc.get("phone"),
        email=doc.get("email"),
        active=bool(doc.get("active", True)),
        language=str(doc.get("language") or "vi"),
        has_account=bool(doc.get("has_account", False)),
        account=str(doc.get("account") or ("active" if doc.get("has_account") else "none")),
    )


async def list_staff(
    caller: Caller, *, filters: StaffFilters, limit: int | None, cursor: str | None, path: str, query: Mapping[str, str]
) -> StaffList:
    choices = await enterprises(caller)
    names = {c.id: c.name for c in choices}
    filters = StaffFilters(
        enterprise_id=filters.enterprise_id if filters.enterprise_id in names else "",
        qualification=filters.qualification if filters.qualification in QUALIFICATIONS else "",
        active=filters.active if filters.active in ("yes", "no") else "",
        q=clean_text(filters.q)[:200],
    )
    size = clamp_limit(limit)
    params = {
        "enterprise_id": filters.enterprise_id,
        "qualification": filters.qualification,
        "active": {"yes": "true", "no": "false"}.get(filters.active),
        "q": filters.q,
        "limit": size,
        "cursor": cursor,
    }
    found = await caller.page("roster", "/staff", params)
    rows = tuple(_row(doc, names) for doc in found.items)
    export_rows = export_whole_rows = None
    export_whole_of = ""
    export_params: tuple[tuple[str, str], ...] = ()
    exported = filters.enterprise_id or (choices[0].id if len(choices) == 1 else "")
    if exported:  # the file follows the other filters, as the page; the whole list is counted apart for its link
        narrowed = filters.qualification or filters.active or filters.q
        export_params = tuple(
            (k, v)
            for k, v in (("q", filters.q), ("qualification", filters.qualification), ("active", filters.active))
            if v
        )
        export_rows = found.total  # the page's list is that enterprise's (chosen, or the only one this person sees)
        whole = await caller.page("roster", "/staff", {"enterprise_id": exported, "limit": 1}) if narrowed else found
        export_whole_rows = whole.total
        export_whole_of = names.get(exported, "") if narrowed else ""
    return StaffList(
        rows=rows,
        filters=filters,
        enterprises=tuple(choices),
        export_rows=export_rows,
        export_enterprise_id=exported,
        export_whole_of=export_whole_of,
        export_whole_rows=export_whole_rows,
        export_params=export_params,
        page=page_view(path, query, limit=size, count=len(rows), total=found.total, next_cursor=found.next_cursor),
    )


# --- one person ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffEditor:
    """The add or edit form: what is typed, its errors, and the message for the whole form."""

    form: StaffForm
    enterprises: tuple[Choice, ...]
    staff_id: str | None = None
    version: int | None = None
    enterprise_name: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    warnings: tuple[str, ...] = ()
    stale: bool = False  # someone else changed the person meanwhile: the form as typed, over their version
    latest: Latest = field(
        default_factory=Latest
    )  # then their values, beside the boxes where they differ from what was typed
    listed: tuple[str, str] | None = None  # (staff id, name): the person added is already in the list, there
    namesakes: tuple[Namesake, ...] = ()  # the enterprise's records of the name typed: asked before adding (QA)
    saved_name: str = ""  # the person's name as saved (the heading's), whatever the form holds as typed
    over: frozenset[str] = frozenset()  # the fields refused as past their limit: the summary labels their lines
    has_account: bool = True
    """Whether the person can sign in (roster's `has_account`): one saved without is told how to get one (QZ23 #4)."""
    account: str = "active"
    """The account linked to the record (roster's `account`): "active", "inactive" (closed: "Tài khoản đã khoá", not
    "Chưa có tài khoản", QZ27 #6) or "none"."""
    active_saved: bool = True
    """Whether the record as saved is "Đang làm việc": a person who has left is offered no account (QZ27 #6)."""
    shifts_ahead: tuple[ShiftLeft, ...] = ()
    """The shifts the person is on from now on (domain.leaving): asked about before the record is marked left, and
    listed, each linking its reassignment, while a record marked left still has them."""
    asked_leave: bool = False
    """The form asks, nothing saved, whether to mark the person left while they still have `shifts_ahead`."""
    account_id: str = ""
    """The active account to close, for an administrator (the Department closes accounts: domain.leaving)."""


@dataclass(frozen=True)
class Namesake:
    """A record of the enterprise with the very name of the person being added (roster's `?name=`, the staff
    import's rule): whom the form asks about before adding a second person of that name."""

    staff_id: str
    full_name: str
    enterprise: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Saved:
    staff_id: str
    warnings: tuple[str, ...] = ()
    notes: tuple[Said, ...] = ()  # the same in both languages: kept for the person's page after a redirect


STAFF_FIELDS = ("full_name", "email", "phone", "qualifications", "active", "language", "enterprise_id")


async def new_staff_editor(caller: Caller, *, enterprise_id: str = "") -> StaffEditor:
    choices = await enterprises(caller)
    return StaffEditor(form=StaffForm(enterprise_id=pick(choices, enterprise_id)), enterprises=tuple(choices))


async def shifts_ahead(caller: Caller, staff_id: str) -> tuple[ShiftLeft, ...]:
    """The shifts the person `staff_id` is on from the portal's clock on (domain.leaving.shifts_left)."""
    now = caller.clock()
    found = await caller.every(
        "roster", "/shifts", {"staff_id": staff_id, "from": now.isoformat(), "status": list(STILL_ON)}
    )
    return shifts_left(found, staff_id=staff_id, now=now)


async def _account_to_close(caller: Caller, staff_id: str) -> str:
    """The id of the active account linked to `staff_id`, for an administrator (accounts are theirs); "" else."""
    if caller.session.account.role != "admin":
        return ""
    found = await caller.every("roster", "/accounts", {"staff_id": staff_id, "active": "true"})
    return str(found[0]["id"]) if found else ""


async def staff_editor(caller: Caller, staff_id: str) -> StaffEditor:
    """The person's form as saved, with their shifts from now on and, for an administrator, their active account."""
    doc, choices, ahead = await asyncio.gather(
        caller.get("roster", f"/staff/{staff_id}"), enterprises(caller), shifts_ahead(caller, staff_id)
    )
    names = {c.id: c.name for c in choices}
    account = str(doc.get("account") or ("active" if doc.get("has_account", True) else "none"))
    active = bool(doc.get("active", True))
    return StaffEditor(
        form=StaffForm.from_api(doc),
        enterprises=tuple(choices),
        staff_id=str(doc["id"]),
        version=int(doc["version"]),
        enterprise_name=names.get(str(doc["enterprise_id"]), ""),
        saved_name=str(doc["full_name"]),
        has_account=bool(doc.get("has_account", True)),
        account=account,
        active_saved=active,
        shifts_ahead=ahead,
        account_id=await _account_to_close(caller, staff_id) if not active and account == "active" else "",
    )


def _said_apart(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """roster's warnings of a saved record but those of the shifts a person marked left is still on, which the
    person's page lists itself, each linking its reassignment (`StaffEditor.shifts_ahead`, QZ27 #6)."""
    return [w for w in doc.get("warnings") or () if w.get("rule") != "staff-active"]


def _notes(doc: Mapping[str, Any], lang: str) -> tuple[str, ...]:
    return tuple(str(w.get("message_vi") if lang == "vi" else w.get("message")) for w in _said_apart(doc))


def _saved(doc: Mapping[str, Any], lang: str) -> Saved:
    """The person saved, with roster's warnings of it (a name written with capitals, a likely duplicate linked, an
    upcoming shift they may no longer work)."""
    said = tuple(Said.from_api(w) for w in _said_apart(doc))
    return Saved(str(doc["id"]), _notes(doc, lang), said)


def own_over(checked: CheckedStaff) -> frozenset[str]:
    """The fields the form's own check refused as past their limit (said in words that name no box)."""
    return frozenset(name for name, key in checked.errors.items() if key == TEXT_OVER)


def own_errors(checked: CheckedStaff, words: Words) -> dict[str, str]:
    """The form's mistakes the portal found, in words beside their boxes: a box past its limit as portal.js says it."""
    return {
        name: words("check.text_over", n=checked.over[name][0], max=checked.over[name][1])
        if key == TEXT_OVER
        else words(f"staff.error.{key}")
        for name, key in checked.errors.items()
    }


async def add_staff(
    caller: Caller, form: StaffForm, *, lang: str, words: Words, same_name_ok: bool = False
) -> Saved | StaffEditor:
    """Register the person, or the form again with every mistake at once: the form's own and, with them, a person
    already in the enterprise's list — asked of roster by a read (`listed_already`) while the form's mistakes keep it
    from being sent, for roster, sent a form, would say so only once the others are mended (QA). A form without
    mistakes naming someone the enterprise already has (`namesakes_of`) is asked about first, nothing sent, unless
    `same_name_ok` (the question answered "add a new person anyway"): QA, a second "Quách Thị Lan" made every
    name-based import of hers refuse."""
    checked = check_staff(form, new=True)
    if not checked.errors and not same_name_ok:
        choices = tuple(await enterprises(caller))
        if namesakes := await namesakes_of(caller, checked.body, choices=choices):
            return StaffEditor(form=form, enterprises=choices, namesakes=namesakes)
    if checked.errors:
        choices = tuple(await enterprises(caller))
        errors = own_errors(checked, words)
        readable = not {"full_name", "email"} & set(checked.errors)
        listed = await listed_already(caller, checked.body, choices=choices) if readable else None
        message = words("staff.shared.fix_fields")
        over = own_over(checked)
        return _refused_new(form, choices, errors=errors, message=message, listed=listed, words=words, over=over)
    try:
        doc = await caller.post("roster", "/staff", checked.body)
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        choices = tuple(await enterprises(caller))
        errors, message = field_messages(exc, lang=lang, words=words, fields=STAFF_FIELDS)
        listed = already_listed(exc, checked.body, choices=choices)
        if listed is None and exc.kind == "validation":  # roster's schema refused a field: asked as above
            listed = await listed_already(caller, checked.body, choices=choices)
        message = words("staff.shared.fix_fields") if errors else message
        over = past_limit(exc, fields=STAFF_FIELDS)
        return _refused_new(form, choices, errors=errors, message=message, listed=listed, words=words, over=over)
    return _saved(doc, lang)


@dataclass(frozen=True)
class Listed:
    """The record of the enterprise's list that holds the e-mail the form gives: the person the form adds, already
    listed (`same_person`: said so, with a link to edit it), or someone else (the e-mail is theirs)."""

    staff_id: str
    full_name: str
    enterprise: str
    email: str
    same_person: bool = True


def _refused_new(
    form: StaffForm,
    choices: tuple[Choice, ...],
    *,
    errors: dict[str, str],
    message: str | None,
    listed: Listed | None,
    words: Words,
    over: frozenset[str] = frozenset(),
) -> StaffEditor:
    """The new person's form again: `errors` beside their fields and, when `listed`, that the person is already in
    the list said beside the e-mail (the portal's words, whether roster said it or the portal found it), in the
    form's order with the others. `over`: the fields refused as past their limit (the summary labels their lines)."""
    if listed is not None:
        key = "staff.error.listed" if listed.same_person else "staff.error.email_of_another"
        said = words(key, name=listed.full_name, enterprise=listed.enterprise, email=listed.email)
        errors = {**errors, "email": said}
        errors = {name: errors[name] for name in STAFF_FIELDS if name in errors} | errors
        message = words("staff.shared.fix_fields")
        over -= {"email"}  # said to be listed already, in words naming the e-mail
    return StaffEditor(
        form=form,
        enterprises=choices,
        errors=errors,
        message=message,
        listed=(listed.staff_id, listed.full_name) if listed is not None and listed.same_person else None,
        over=over,
    )


async def listed_already(caller: Caller, body: Mapping[str, Any], *, choices: Sequence[Choice]) -> Listed | None:
    """The record of the person `body` would register when they are already in the list of its enterprise (one of
    `choices`): the enterprise's record holding the e-mail, under the same name (`listed_as`) — a read, nothing
    sent; else the record of someone else in that list holding it (`same_person` False: the e-mail is theirs, said
    with the form's other mistakes too — QA). None without an e-mail, or when no record of the enterprise holds it
    (one of another enterprise is roster's to say, once sent: a manager reads only their own enterprises)."""
    names = {c.id: c.name for c in choices}
    enterprise_id, email = str(body.get("enterprise_id") or ""), str(body.get("email") or "").lower()
    if not email or enterprise_id not in names:
        return None
    found = await caller.page("roster", "/staff", {"enterprise_id": enterprise_id, "email": email, "limit": 10})
    record = listed_as(str(body.get("full_name") or ""), found.items)
    same = record is not None
    record = record or next(iter(found.items), None)
    if record is None:
        return None
    held = str(record.get("email") or email)
    return Listed(str(record["id"]), str(record["full_name"]), names[enterprise_id], held, same_person=same)


async def namesakes_of(caller: Caller, body: Mapping[str, Any], *, choices: Sequence[Choice]) -> tuple[Namesake, ...]:
    """The records of the enterprise of `body` with the name it gives, exactly as the staff import tells one name
    from another — roster's rule, asked of roster (`GET /staff?name=`), not copied here."""
    names = {c.id: c.name for c in choices}
    enterprise_id, full_name = str(body.get("enterprise_id") or ""), str(body.get("full_name") or "")
    if not full_name or enterprise_id not in names:
        return ()
    found = await caller.page("roster", "/staff", {"enterprise_id": enterprise_id, "name": full_name})
    return tuple(
        Namesake(
            str(r["id"]),
            str(r["full_name"]),
            names[enterprise_id],
            email=str(r.get("email") or ""),
            phone=phone_label(str(r["phone"])) if r.get("phone") else "",
        )
        for r in found.items
    )


def already_listed(exc: ServiceError, body: Mapping[str, Any], *, choices: Sequence[Choice]) -> Listed | None:
    """The record roster names when the person added is already in the enterprise's list (its rule
    `staff-already-listed`), for the form to say so and link to it."""
    names = {c.id: c.name for c in choices}
    for error in exc.problem.get("errors") or ():
        if isinstance(error, Mapping) and error.get("rule") == "staff-already-listed" and error.get("staff_id"):
            enterprise = str(error.get("enterprise_name") or names.get(str(body.get("enterprise_id") or ""), ""))
            email = str(body.get("email") or "").lower()
            return Listed(str(error["staff_id"]), str(error.get("full_name") or ""), enterprise, email)
    return None


async def edit_staff(
    caller: Caller,
    staff_id: str,
    *,
    form: StaffForm,
    version: int,
    lang: str,
    words: Words,
    leave_ok: bool = False,
) -> Saved | StaffEditor:
    """Change the person (If-Match: the version the form was made from), or the form again
    with what is wrong — after someone else's change, as typed over their version (`typed_over`). A person marked
    left who still has shifts from now on is asked about first, nothing sent, unless `leave_ok` (the question answered
    "mark them left anyway"; domain.leaving, QZ27 #6: said only after saving, with no link to the shift)."""
    checked = check_staff(form, new=False)
    if not checked.errors and not form.active and not leave_ok:
        editor = await staff_editor(caller, staff_id)
        if editor.active_saved and editor.shifts_ahead:
            return replace(editor, form=form, version=version, asked_leave=True)

    async def again(errors: dict[str, str], message: str, over: frozenset[str]) -> StaffEditor:
        editor = await staff_editor(caller, staff_id)
        return StaffEditor(
            form=form,
            enterprises=editor.enterprises,
            staff_id=staff_id,
            version=version,
            enterprise_name=editor.enterprise_name,
            errors=errors,
            message=message,
            saved_name=editor.saved_name,
            over=over,
        )

    if checked.errors:
        return await again(own_errors(checked, words), words("staff.shared.fix_fields"), own_over(checked))
    try:
        doc = await caller.patch("roster", f"/staff/{staff_id}", checked.body, version=version)
    except ServiceError as exc:
        if exc.status in (409, 412, 428) and exc.kind in ("stale-version", "if-match-required"):
            return typed_over(await staff_editor(caller, staff_id), form, words=words)
        if exc.status not in (409, 422):
            raise
        errors, message = field_messages(exc, lang=lang, words=words, fields=STAFF_FIELDS)
        return await again(errors, message, past_limit(exc, fields=STAFF_FIELDS))
    return _saved(doc, lang)


# the fields the edit form shows, in its order: where someone else's latest saved value is said beside the box
EDITED_FIELDS = ("full_name", "phone", "email", "language", "qualifications", "active")


def typed_over(editor: StaffEditor, typed: StaffForm, *, words: Words) -> StaffEditor:
    """`editor` drawn from the person's record as it now is, after someone else saved it first: the form as the
    person typed it, over the latest version (saving again puts theirs over the other change, knowingly), with the
    latest saved value beside each box where it differs from what they typed, and the message saying so."""
    saved = editor.form
    typed = replace(typed, enterprise_id=saved.enterprise_id, language=typed.language or saved.language)
    latest = latest_beside(typed, saved, fields=EDITED_FIELDS, said=_said(words))
    return replace(editor, form=typed, message=words("staff.shared.stale_kept"), stale=True, latest=latest)


def _said(words: Words) -> Callable[[str, Any], str]:
    """A staff form's value in the words its page shows it in (an empty box: said to be empty)."""

    def said(name: str, value: Any) -> str:
        if name == "qualifications":
            text = ", ".join(words(f"staff.qualification.{q}") for q in QUALIFICATIONS if q in value)
        elif name == "active":
            text = words("staff.active.yes" if value else "staff.active.no")
        elif name == "language":
            text = words(f"staff.language.{value}") if value in ("vi", "en") else clean_text(value)
        elif name == "phone":  # as roster keeps it (lichtruc.text.phone_number), then as the list shows it
            text = phone_label(phone_number(value or "") or re.sub(r"[\s.\-()]", "", value or "") or None)
        else:
            text = clean_text(value)
        return text or words("latest.empty")

    return said
