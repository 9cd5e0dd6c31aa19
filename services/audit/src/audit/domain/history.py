"""One line per logged event, in English and Vietnamese, for an enterprise's history of
changes and for the history of accounts: who did what to which record, in the words an
inspector uses — names, never ids or codes. Works on the stored JSON, so that an event type this
version does not know is still listed (as "a change this version cannot describe", its type is in
the record beside it). What an event gives by id only (a person, a site, a removed requirement, a
readiness item) is named from what audit's projections know (`Known`; `wanted` says what to read)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lichtruc import vntime
from lichtruc.duty_types import DUTY_BY_KEY, duty_type_name
from lichtruc.events import SYSTEM_ACTOR
from lichtruc.words import code_name

from . import (
    accounts,
    daily_reports,
    department,
    explanations,
    finding_record,
    hours,
    incidents,
    inspections,
    readiness,
    wording,
)
from .model import Requirement, Shift
from .readiness import ReadinessItem

PREFIX = "lichtruc.roster."
SOMEONE = ("a staff member", "một nhân sự")
"""A person the event gives by id only and audit has no record of (English, Vietnamese)."""
SOME_SITE = ("a site", "một điểm trực")
"""A site the event gives by id only and audit has no record of (English, Vietnamese)."""


@dataclass(frozen=True, slots=True)
class Description:
    what: str
    """The event type without prefix and version, e.g. ``shift.published``."""
    actor: str | None
    summary: str
    summary_vi: str
    subject_id: str | None
    """The changed record's id (shift, requirement, staff…), when the event names one."""
    actor_name: str | None = None
    """The actor's name as the event itself gives it (a daily report's signer), for when no account
    event names the actor."""


@dataclass(frozen=True, slots=True)
class Known:
    """What audit's projections know of the records a page of events gives by id only (ids as text)."""

    staff: Mapping[str, str] = field(default_factory=dict)
    """People's names."""
    enterprises: Mapping[str, str] = field(default_factory=dict)
    """Enterprises' names (an account's)."""
    sites: Mapping[str, str] = field(default_factory=dict)
    """Sites' names (a requirement's)."""
    requirements: Mapping[str, Requirement] = field(default_factory=dict)
    """Requirements as last known: a removed one's tombstone keeps its duty type, site and window."""
    readiness_items: Mapping[str, ReadinessItem] = field(default_factory=dict)
    """Readiness items, for their titles (a removal names none; a mark names it in Vietnamese only)."""
    shifts: Mapping[str, Shift] = field(default_factory=dict)
    """The shifts of a handover as last known: the one a new shift continues (its start, its people), the one
    that took over the rest of a shift handed over (its people)."""


@dataclass(frozen=True, slots=True)
class Wanted:
    """The ids a page of events gives without a name, by what they are (see `Known`)."""

    sites: frozenset[str] = frozenset()
    requirements: frozenset[str] = frozenset()
    readiness_items: frozenset[str] = frozenset()
    shifts: frozenset[str] = frozenset()


def wanted(events: Iterable[tuple[str, Mapping[str, Any]]]) -> Wanted:
    """What to read for a page of (event type, data) before describing it: the sites of requirements
    set, the requirements removed (their site, once read, is wanted too), the readiness items, and the other shift
    of a handover (the one a new shift continues, the one that took over the rest)."""
    sites: set[str] = set()
    shifts: set[str] = set()
    requirements: set[str] = set()
    items: set[str] = set()
    for event_type, data in events:
        what = _what(event_type)
        if what == "requirement.set" and data.get("site_id"):
            sites.add(str(data["site_id"]))
        elif what == "requirement.removed" and data.get("requirement_id"):
            requirements.add(str(data["requirement_id"]))
        elif what.startswith("readiness_item.") and data.get("item_id"):
            items.add(str(data["item_id"]))
        elif what == "shift.updated" and {"site", "covers"} & set(data.get("changed") or ()):
            shift = data.get("shift") or {}
            sites.update(str(s) for s in (shift.get("site_id"), *(shift.get("covers_site_ids") or ())) if s)
        if what == "shift.planned" and (data.get("shift") or {}).get("continues_shift_id"):
            shifts.add(str(data["shift"]["continues_shift_id"]))
        elif what in ("shift.rescheduled", "shift.cancelled") and data.get("handed_over_to"):
            shifts.add(str(data["handed_over_to"]))
    return Wanted(frozenset(sites), frozenset(requirements), frozenset(items), frozenset(shifts))


def _what(event_type: str) -> str:
    return event_type.removeprefix(PREFIX).rsplit(".v", 1)[0]


def local(value: str | None, lang: vntime.Lang = "vi") -> str:
    """An ISO instant as local time, e.g. ``22:00 05/02/2027``, ``22:00 5 Feb 2027`` in English."""
    if not value:
        return "?"
    return vntime.clock(datetime.fromisoformat(value), lang)


def _instants(values: tuple[Any, ...]) -> tuple[datetime, ...]:
    return tuple(datetime.fromisoformat(str(v).replace("Z", "+00:00")) for v in values)


def _span(starts_at: str | None, ends_at: str | None) -> tuple[str, str]:
    """From one instant to another in English and Vietnamese: "22:00 5 Feb 2027 – 06:00 6 Feb 2027"; an end at
    local midnight is 24:00 of the day before (`vntime.span_end`; QZ21 #9: "– 00:00 12/02/2027" read as one day
    more): "00:00 30/01/2027 – 24:00 11/02/2027"."""
    if not (starts_at and ends_at):
        return f"{local(starts_at, 'en')} – {local(ends_at, 'en')}", f"{local(starts_at)} – {local(ends_at)}"
    last, hour = vntime.span_end(datetime.fromisoformat(starts_at), datetime.fromisoformat(ends_at))
    return (
        f"{local(starts_at, 'en')} – {hour} {vntime.date_said(last, 'en')}",
        f"{local(starts_at)} – {hour} {vntime.date_said(last)}",
    )


def _duty(duty: str) -> tuple[str, str]:
    """A duty type's names (English, Vietnamese) from ``lichtruc.duty_types``, as they read inside a
    sentence; an unknown code as it is."""
    if duty not in DUTY_BY_KEY:
        return duty, duty
    return wording.in_sentence(duty_type_name(duty, "en")), wording.in_sentence(duty_type_name(duty, "vi"))


def _people(assignees: list[dict[str, Any]] | None) -> str:
    return ", ".join(a.get("full_name", "?") for a in assignees or ()) or "—"


def _person(staff_id: object, shift: Mapping[str, Any], known: Known) -> tuple[str, str]:
    """Someone the event gives by id: as the shift's people name them, else as audit knows them."""
    for a in shift.get("assignees") or ():
        if a.get("staff_id") == staff_id and a.get("full_name"):
            return a["full_name"], a["full_name"]
    named = known.staff.get(str(staff_id))
    return (named, named) if named else SOMEONE


def _window(window: Mapping[str, Any] | None) -> tuple[str, str]:
    if not window:
        return "", ""
    if window.get("kind") == "daily":
        start, end = window.get("start_local"), window.get("end_local")
        if start == end == "00:00":  # the contract's whole day
            return "daily, all day", "hằng ngày, cả ngày"
        return f"daily {start}–{end}", f"hằng ngày {start}–{end}"
    return _span(window.get("starts_at"), window.get("ends_at"))


def _requirement(terms: Mapping[str, Any], known: Known) -> tuple[str, str]:
    """A requirement named as people do: its duty type, where (a site, or the whole enterprise), when."""
    duty_en, duty_vi = _duty(str(terms.get("duty_type") or ""))
    site_id = terms.get("site_id")
    if site_id:
        site = known.sites.get(str(site_id))
        where_en, where_vi = (f"at {site}", f"tại {site}") if site else ("at one of its sites", "tại một địa điểm")
    else:
        where_en, where_vi = "for the whole enterprise", "toàn doanh nghiệp"
    window_en, window_vi = _window(terms.get("window"))
    return f"{duty_en} {where_en}, {window_en}", f"{duty_vi} {where_vi}, {window_vi}"


def _updated(
    head_en: str, head_vi: str, data: Mapping[str, Any], shift: Mapping[str, Any], known: Known
) -> tuple[str, str]:
    """A ShiftUpdated in words: each part it says it changed (`changed`, since 2026-12-05) — the notes, the site
    (named), the further sites covered (named), the rest warnings recomputed after a change next to it (roster's
    own, `SYSTEM_ACTOR`); an older event, which did not say, as what it may have changed."""
    changed = [str(part) for part in data.get("changed") or ()]
    if not changed and data.get("actor") == SYSTEM_ACTOR:
        changed = ["warnings"]
    if not changed:
        return (
            f"{head_en} updated (site, notes or rest warnings)",
            f"{head_vi}: cập nhật điểm trực, ghi chú hoặc cảnh báo nghỉ ngơi",
        )

    def site(site_id: object) -> tuple[str, str]:
        name = known.sites.get(str(site_id)) if site_id else None
        return (name, name) if name else SOME_SITE

    said_en, said_vi = [], []
    if "site" in changed:
        where = (
            site(shift.get("site_id"))
            if shift.get("site_id")
            else ("no site (the whole enterprise)", "không gắn điểm trực (toàn doanh nghiệp)")
        )
        said_en.append(f"site changed to {where[0]}")
        said_vi.append(f"đổi điểm trực sang {where[1]}")
    if "covers" in changed:
        covered = [site(s) for s in shift.get("covers_site_ids") or ()]
        said_en.append("now also covers " + ", ".join(c[0] for c in covered) if covered else "covers no further site")
        said_vi.append("kiêm cả " + ", ".join(c[1] for c in covered) if covered else "không còn kiêm điểm trực nào")
    if "notes" in changed:
        notes = wording.text(shift, "notes")
        said_en.append(f"notes: {notes}" if notes else "notes removed")
        said_vi.append(f"ghi chú: {notes}" if notes else "xóa ghi chú")
    if "warnings" in changed:
        said_en.append("rest warnings recomputed after a change to a shift next to it")
        said_vi.append("tính lại cảnh báo nghỉ ngơi sau khi một ca liền kề thay đổi")
    return f"{head_en}: " + "; ".join(said_en), f"{head_vi}: " + "; ".join(said_vi)


def _site_changes(data: Mapping[str, Any], changed: list[str]) -> tuple[str, str]:
    """What a SiteUpdated says it changed (`changed`, since 2026-12-06), as the tail of its sentence (": bỏ khu vực
    biên giới; đổi tên"): the border-area flag first (the Department's, and what the inspectors' heatmap follows),
    then the name (the sentence already gives the new one), the kind and the district as they now are. Empty for an
    older event, which did not say, or a registration."""
    said_en, said_vi = [], []
    if "border_area" in changed:
        said_en.append("now in a border area" if data.get("border_area") else "taken out of the border area")
        said_vi.append("đưa vào khu vực biên giới" if data.get("border_area") else "bỏ khu vực biên giới")
    if "name" in changed:
        said_en.append("renamed")
        said_vi.append("đổi tên")
    if "kind" in changed:
        kind = str(data.get("kind") or "")
        kind_en, kind_vi = (wording.in_sentence(code_name(kind, lang) or kind) for lang in ("en", "vi"))
        said_en.append(f"kind: {kind_en}")
        said_vi.append(f"loại: {kind_vi}")
    if "district" in changed:
        district = wording.text(data, "district")
        said_en.append(f"district/town/city: {district}" if district else "district/town/city removed")
        said_vi.append(f"huyện/thị xã/TP: {district}" if district else "bỏ huyện/thị xã/TP")
    if not said_en:
        return "", ""
    return ": " + "; ".join(said_en), ": " + "; ".join(said_vi)


def _presence(
    what: str, data: Mapping[str, Any], shift: Mapping[str, Any], known: Known, head_en: str, head_vi: str
) -> tuple[str, str]:
    """A manager's word afterwards on a person's presence (QZ27 #3): who, from–to, and the evidence, so that the history
    tells it from a check-in on the spot."""
    who_en, who_vi = _person(data.get("staff_id"), shift, known)
    how_en, how_vi = wording.code("presence_evidence", data.get("evidence"))
    note = wording.text(data, "evidence_note")
    because_en, because_vi = (
        f" (evidence: {how_en}" + (f", {note})" if note else ")"),
        f" (căn cứ: {how_vi}" + (f", {note})" if note else ")"),
    )
    if what == "shift.presence_corrected":
        away = data.get("absent_from"), data.get("absent_until")
        bounds = shift.get("starts_at"), shift.get("ends_at")
        whole = not all(away) or (all(bounds) and _instants(away) == _instants(bounds))
        gone_en, gone_vi = ("", "") if whole else tuple(f" {s}" for s in _span(*away))
        return (
            f"{head_en}: {who_en} recorded afterwards as not there{gone_en}, though checked in{because_en}",
            f"{head_vi}: ghi nhận sau {who_vi} vắng mặt{gone_vi} dù đã điểm danh{because_vi}",
        )
    span_en, span_vi = _span(data.get("present_from"), data.get("present_until"))
    return (
        f"{head_en}: {who_en} confirmed afterwards as on post {span_en}{because_en}",
        f"{head_vi}: xác nhận sau {who_vi} có mặt {span_vi}{because_vi}",
    )


def _shift(what: str, data: Mapping[str, Any], shift: Mapping[str, Any], known: Known) -> tuple[str, str]:
    duty_en, duty_vi = _duty(shift.get("duty_type", ""))
    span_en, span_vi = _span(shift.get("starts_at"), shift.get("ends_at"))
    people = _people(shift.get("assignees"))
    head_en, head_vi = wording.sentence(f"{duty_en} shift {span_en}"), f"Ca {duty_vi} {span_vi}"
    status_en, status_vi = wording.code("shift_status", shift.get("status", ""))
    reason = wording.text(data, "reason")
    if what == "shift.planned" and shift.get("continues_shift_id"):  # a handover's rest (since 2026-12-06)
        # Published in the same handover: not "(draft)"; the shift it continues named by its start and people.
        before = known.shifts.get(str(shift["continues_shift_id"]))
        handover = wording.text(shift, "handover_reason")
        because = f": {handover}" if handover else ""
        if before is None:
            of_en, of_vi = "another shift", "một ca"
        else:
            was = _people([{"full_name": a.full_name} for a in before.assignees])
            at_en, at_vi = local(before.starts_at.isoformat(), "en"), local(before.starts_at.isoformat())
            of_en, of_vi = f"the {at_en} shift of {was}", f"ca {at_vi} của {was}"
            if shift.get("starts_at") and datetime.fromisoformat(shift["starts_at"]) <= before.starts_at:
                # taken whole at its start: its people never came (since 2026-12-06)
                return (
                    f"{head_en} planned with {people}, taking over the whole of {of_en}{because}",
                    f"{head_vi}: lập ca, người trực: {people}, nhận cả {of_vi}{because}",
                )
        return (
            f"{head_en} planned with {people}, taking over the rest of {of_en}{because}",
            f"{head_vi}: lập ca, người trực: {people}, nhận phần còn lại của {of_vi}{because}",
        )
    if what == "shift.planned":
        return (
            f"{head_en} planned ({status_en}) with {people}",
            f"{head_vi}: lập ca ({status_vi}), người trực: {people}",
        )
    if what == "shift.published":
        return f"{head_en} published with {people}", f"{head_vi}: công bố, người trực: {people}"
    if what == "shift.rescheduled" and data.get("handed_over_to"):  # the rest of it handed over (since 2026-12-06)
        at_en, at_vi = local(shift.get("ends_at"), "en"), local(shift.get("ends_at"))
        rest = known.shifts.get(str(data["handed_over_to"]))
        taking = _people([{"full_name": a.full_name} for a in rest.assignees]) if rest is not None else ""
        took_en, took_vi = (
            (f", {taking} taking over the rest", f", {taking} nhận phần còn lại") if rest is not None else ("", "")
        )
        because = f": {reason}" if reason else ""
        return (
            f"{head_en}: the rest handed over to another shift from {at_en}, {people} relieved{took_en}{because}",
            f"{head_vi}: giao phần còn lại của ca từ {at_vi}, {people} thôi trực{took_vi}{because}",
        )
    if what == "shift.rescheduled":
        before_en, before_vi = _span(data.get("previous_starts_at"), data.get("previous_ends_at"))
        return (
            wording.sentence(f"{duty_en} shift moved from {before_en} to {span_en}"),
            f"Ca {duty_vi}: dời từ {before_vi} sang {span_vi}",
        )
    if what == "shift.reassigned":
        previous = _people(data.get("previous_assignees"))
        return (
            f"{head_en}: people changed from {previous} to {people}",
            f"{head_vi}: đổi người trực từ {previous} sang {people}",
        )
    if what == "shift.cancelled" and data.get("handed_over_to"):  # handed over at its start (since 2026-12-06)
        rest = known.shifts.get(str(data["handed_over_to"]))
        taking = _people([{"full_name": a.full_name} for a in rest.assignees]) if rest is not None else ""
        if rest is None:
            took_en, took_vi = "another shift took it over", "ca khác nhận thay"
        elif shift.get("starts_at") and rest.starts_at > datetime.fromisoformat(shift["starts_at"]):
            # since QZ13 #2 the replacement is on duty from the handover's moment, the hours before it uncovered
            since_en, since_vi = local(rest.starts_at.isoformat(), "en"), local(rest.starts_at.isoformat())
            took_en, took_vi = f"{taking} took it over from {since_en}", f"{taking} nhận ca thay từ {since_vi}"
        else:
            took_en, took_vi = f"{taking} took over the whole shift", f"{taking} nhận cả ca"
        because = f": {reason}" if reason else ""
        return (
            f"{head_en}: {people} did not come; {took_en}{because}",
            f"{head_vi}: {people} không đến; {took_vi}{because}",
        )
    if what == "shift.cancelled":
        return (
            f"{head_en} cancelled" + (f": {reason}" if reason else ""),
            f"{head_vi}: hủy ca" + (f": {reason}" if reason else ""),
        )
    if what == "shift.completed":
        return f"{head_en} completed", f"{head_vi}: hoàn thành"
    if what == "shift.updated":
        return _updated(head_en, head_vi, data, shift, known)
    if what == "shift.checked_in":
        who_en, who_vi = _person(data.get("staff_id"), shift, known)
        at_en, at_vi = local(data.get("checked_in_at"), "en"), local(data.get("checked_in_at"))
        why = data.get("late_reason")
        return (
            f"{head_en}: {who_en} checked in at {at_en}" + (f", late: {why}" if why else ""),
            f"{head_vi}: {who_vi} nhận ca lúc {at_vi}" + (f", đến muộn vì: {why}" if why else ""),
        )
    if what == "shift.late_explained":
        who_en, who_vi = _person(data.get("staff_id"), shift, known)
        at_en, at_vi = local(data.get("checked_in_at"), "en"), local(data.get("checked_in_at"))
        why = data.get("late_reason")
        return (
            f"{head_en}: {who_en}, checked in late at {at_en}, said why: {why}",
            f"{head_vi}: {who_vi} nhận ca muộn lúc {at_vi}, lý do: {why}",
        )
    if what in ("shift.presence_confirmed", "shift.presence_corrected"):
        return _presence(what, data, shift, known, head_en, head_vi)
    if what in ("shift.swapped", "swap.requested"):
        giver_en, giver_vi = _person(data.get("from_staff_id"), shift, known)
        taker = data.get("to_staff_id")
        if what == "swap.requested":
            taker_en, taker_vi = (
                _person(taker, shift, known) if taker else ("anyone qualified", "người đủ điều kiện bất kỳ")
            )
            return (
                f"{head_en}: {giver_en} asked to hand it to {taker_en}" + (f": {reason}" if reason else ""),
                f"{head_vi}: {giver_vi} đề nghị đổi ca cho {taker_vi}" + (f": {reason}" if reason else ""),
            )
        taker_en, taker_vi = _person(taker, shift, known)
        note = wording.text(data, "note")  # the manager's note on the approval (none in older events)
        # approved before the colleague accepted in lichtruc: how the manager says they agreed (since QZ26 #12)
        agreement = wording.text(data, "agreement")
        agreed_en = f" (the colleague had not answered; agreed: {agreement})" if agreement else ""
        agreed_vi = f" (đồng nghiệp chưa trả lời; đã đồng ý: {agreement})" if agreement else ""
        return (
            f"{head_en}: swap approved, {giver_en} → {taker_en}{agreed_en}" + (f": {note}" if note else ""),
            f"{head_vi}: duyệt đổi ca, {giver_vi} → {taker_vi}{agreed_vi}" + (f": {note}" if note else ""),
        )
    return f"{head_en}: changed", f"{head_vi}: thay đổi"  # a shift event this version does not know


def describe(event_type: str, data: Mapping[str, Any], *, known: Known | None = None) -> Description:
    """What a logged event did, from its type and data, in English and Vietnamese; `known` names what
    the data gives by id only. Every event type of the contract is told in words (names, days with
    their lunar day where audit's other labels show one, codes in words); a type this version does not
    know is said to be one, without its code."""
    known = known or Known()
    finding = finding_record.describe(event_type, data)  # audit's own record of an inspector's finding
    if finding is not None:
        return Description(
            finding_record.WHAT, data.get("actor"), *finding, (data.get("finding") or {}).get("finding_id")
        )
    explained = explanations.describe(event_type, data)  # audit's own record of an explanation or its answer
    if explained is not None:
        what = "explanation.given" if event_type == explanations.EXPLANATION_GIVEN else "explanation.reviewed"
        return Description(what, data.get("actor"), *explained, data.get("item_id"))
    what = _what(event_type)
    actor = data.get("actor")
    shift = data.get("shift") or {}
    if shift:
        return Description(what, actor, *_shift(what, data, shift, known), shift.get("shift_id"))
    if what in ("campaign.opened", "campaign.updated"):
        span_en, span_vi = _span(data.get("starts_at"), data.get("ends_at"))
        verb_en, verb_vi = ("opened", "mở") if what == "campaign.opened" else ("updated", "cập nhật")
        return Description(
            what,
            actor,
            f"Campaign {data.get('name')} {verb_en}: {span_en}",
            f"{verb_vi.capitalize()} đợt trực {data.get('name')}: {span_vi}",
            data.get("campaign_id"),
        )
    if what in ("enterprise.registered", "enterprise.updated"):
        verb_en, verb_vi = ("registered", "Đăng ký") if what == "enterprise.registered" else ("updated", "Cập nhật")
        sector_en, sector_vi = wording.code("sector", data.get("sector"))
        return Description(
            what,
            actor,
            f"Enterprise {data.get('name')} ({sector_en}) {verb_en}",
            f"{verb_vi} doanh nghiệp {data.get('name')} ({sector_vi})",
            data.get("enterprise_id"),
        )
    if what in ("site.registered", "site.updated"):
        verb_en, verb_vi = ("registered", "Đăng ký") if what == "site.registered" else ("updated", "Cập nhật")
        changed = [str(part) for part in data.get("changed") or ()]  # a SiteUpdated's, since 2026-12-06
        flagged = data.get("border_area") and "border_area" not in changed
        border_en = ", border area" if flagged else ""
        border_vi = " (khu vực biên giới)" if flagged else ""
        said_en, said_vi = _site_changes(data, changed)
        return Description(
            what,
            actor,
            f"Site {data.get('name')} {verb_en}{border_en}{said_en}",
            f"{verb_vi} điểm trực {data.get('name')}{border_vi}{said_vi}",
            data.get("site_id"),
        )
    if what in ("staff.joined", "staff.updated"):
        quals_en, quals_vi = wording.codes("qualification", data.get("qualifications"))
        if what == "staff.joined":
            staff_texts = (
                f"{data.get('full_name')} joined (qualifications: {quals_en})",
                f"Thêm nhân sự {data.get('full_name')} (chuyên môn: {quals_vi})",
            )
        else:
            active = data.get("active", True)
            staff_texts = (
                f"Staff record of {data.get('full_name')} updated (qualifications: {quals_en}"
                f"{'' if active else ', inactive'})",
                f"Cập nhật nhân sự {data.get('full_name')} (chuyên môn: {quals_vi}"
                f"{'' if active else ', ngừng hoạt động'})",
            )
        return Description(what, actor, *staff_texts, data.get("staff_id"))
    if what == "requirement.set":
        named_en, named_vi = _requirement(data, known)
        peak = data.get("peak_minimum")
        return Description(
            what,
            actor,
            f"Requirement: at least {data.get('minimum')} on {named_en}"
            + (f" ({peak} at peak)" if peak is not None else ""),
            f"Yêu cầu tối thiểu {data.get('minimum')} người {named_vi}"
            + (f" ({peak} người giờ cao điểm)" if peak is not None else ""),
            data.get("requirement_id"),
        )
    if what == "requirement.removed":
        removed = known.requirements.get(str(data.get("requirement_id")))
        if removed is None or not removed.duty_type:  # audit never received its terms
            texts = (
                "A requirement removed (its terms never reached audit)",
                "Bỏ một yêu cầu trực (audit chưa nhận được nội dung yêu cầu)",
            )
        else:
            named_en, named_vi = _requirement(
                {"duty_type": removed.duty_type, "site_id": removed.site_id, "window": removed.window}, known
            )
            texts = (
                f"Requirement removed: at least {removed.minimum} on {named_en}",
                f"Bỏ yêu cầu tối thiểu {removed.minimum} người {named_vi}",
            )
        return Description(what, actor, *texts, data.get("requirement_id"))
    if what == "swap.rejected":
        giver_en, giver_vi = _person(data.get("from_staff_id"), {}, known)
        reason = wording.text(data, "reason")
        return Description(
            what,
            actor,
            f"Swap requested by {giver_en} rejected" + (f": {reason}" if reason else ""),
            f"Từ chối đề nghị đổi ca của {giver_vi}" + (f": {reason}" if reason else ""),
            data.get("shift_id"),
        )
    if what == "swap.answered":  # the named colleague's answer before the manager decides (QZ26 #12)
        giver_en, giver_vi = _person(data.get("from_staff_id"), {}, known)
        taker_en, taker_vi = _person(data.get("to_staff_id"), {}, known)
        note = wording.text(data, "note")
        said = f": {note}" if note else ""
        if data.get("taken"):
            texts = (
                f"{taker_en} took {giver_en}'s open swap request{said}",
                f"{taker_vi} nhận ca thay {giver_vi}{said}",
            )
        elif data.get("answer") == "accepted":
            texts = (
                f"{taker_en} accepted {giver_en}'s swap request{said}",
                f"{taker_vi} đồng ý nhận ca thay {giver_vi}{said}",
            )
        else:
            texts = (
                f"{taker_en} declined {giver_en}'s swap request{said}",
                f"{taker_vi} từ chối nhận ca thay {giver_vi}{said}",
            )
        return Description(what, actor, *texts, data.get("shift_id"))
    if what == "swap.withdrawn":
        giver_en, giver_vi = _person(data.get("from_staff_id"), {}, known)
        return Description(
            what,
            actor,
            wording.sentence(f"{giver_en} withdrew their swap request"),
            wording.sentence(f"{giver_vi} rút đề nghị đổi ca"),
            data.get("shift_id"),
        )
    if what == "swap.lapsed":
        giver_en, giver_vi = _person(data.get("from_staff_id"), {}, known)
        return Description(
            what,
            actor,
            wording.sentence(f"{giver_en}'s swap request lapsed: the shift began before a decision"),
            wording.sentence(f"Đề nghị đổi ca của {giver_vi} hết hạn: ca đã bắt đầu trước khi được duyệt"),
            (data.get("shift") or {}).get("shift_id"),
        )
    if what == "early_leave.asked":  # "Tôi cần về sớm" (QZ29 #8): who asked, when, why — the duty record's
        shift = data.get("shift") or {}
        person = data.get("staff_name") or None
        who_en, who_vi = (person, person) if person else _person(data.get("staff_id"), shift, known)
        duty_en, duty_vi = _duty(shift.get("duty_type", ""))
        span_en, span_vi = _span(shift.get("starts_at"), shift.get("ends_at"))
        reason = wording.text(data, "reason")
        colleague = data.get("colleague_name") or None
        if colleague is None and data.get("colleague_id"):
            colleague = _person(data.get("colleague_id"), {}, known)[0]
        return Description(
            what,
            actor,
            f"{who_en} told the managers they must leave the {duty_en} shift {span_en} early, from "
            f"{local(data.get('leave_at'), 'en')}: {reason}"
            + (f"; {colleague} agreed to take over" if colleague else ""),
            f"{who_vi} báo cần về sớm khỏi ca {duty_vi} {span_vi}, từ {local(data.get('leave_at'))}: {reason}"
            + (f"; {colleague} đồng ý nhận ca" if colleague else ""),
            shift.get("shift_id"),
        )
    if what == "early_leave.closed":
        who_en, who_vi = _person(data.get("staff_id"), {}, known)
        how_en, how_vi = {
            "withdrawn": ("withdrawn by them: they stay on duty", "người báo đã rút: vẫn tiếp tục trực"),
            "handed_over": ("the manager handed the shift over", "quản lý đã giao ca"),
            "cancelled": ("the shift was cancelled", "ca đã bị hủy"),
            "reassigned": ("the manager put someone else on the shift", "quản lý đã đổi người trực"),
        }.get(str(data.get("how")), ("closed", "đã đóng"))
        return Description(
            what,
            actor,
            wording.sentence(f"{who_en}'s early-leave notice closed: {how_en}"),
            wording.sentence(f"Báo về sớm của {who_vi} đã đóng: {how_vi}"),
            data.get("shift_id"),
        )
    account = accounts.describe(what, data, enterprise_names=known.enterprises)
    if account is not None:
        return Description(what, actor, *account, data.get("account_id"))
    profile = department.describe(what, data)  # the names the Department's documents print
    if profile is not None:
        return Description(what, actor, *profile, None)
    inspection = inspections.describe(what, data)  # the Department's inspection plans (issue 15)
    if inspection is not None:
        return Description(what, actor, *inspection, (data.get("inspection") or {}).get("inspection_id"))
    incident = incidents.describe(what, data)
    if incident is not None:
        return Description(what, actor, *incident, (data.get("incident") or {}).get("incident_id"))
    report = daily_reports.describe(what, data)
    if report is not None:  # it says who sent it as `submitted_by` (the account) and signed it by name
        return Description(
            what, data.get("submitted_by"), *report, data.get("report_id"), data.get("submitted_by_name")
        )
    published = hours.describe(what, data)
    if published is not None:
        return Description(what, actor, *published, data.get("site_id"))
    item = readiness.describe(what, data, items=known.readiness_items)
    if item is not None:
        return Description(what, actor, *item, data.get("item_id"))
    return Description(
        what,
        actor,
        "A change of a kind this version of audit cannot describe yet",
        "Một thay đổi thuộc loại mà phiên bản này của hệ thống chưa mô tả được",
        None,
    )
