"""Inspection findings held against the roster: who was expected on post (the people on
the counting shifts under way at the visit, as the roster said when the finding was
recorded) and who the inspector found. A visit is held against the roster of a campaign: one
dated when no campaign runs has nothing to be held against (an empty roster would read as
"nobody expected, nobody found: a match"), so it is refused (`campaign_at`).

The roster at a visit to a site, for one duty type (`expected_on_post`):

* a shift at the site, or one covering it (`covers_site_ids`, a patrol round), puts its people
  on post there: found, they match; not found, they are missing;
* a shift of the site's enterprise with no site is duty for the enterprise as a whole
  (leadership, operations, incident response are planned so): its people must be on duty
  *somewhere* of the enterprise, so they are on the roster of every one of its sites
  (`whole_enterprise`). Found there, they match; not found, they are ``not_seen`` — a
  discrepancy of its own kind, not ``missing``: the duty does not require them at this site,
  but nobody saw them on duty either, and an inspector must never read "the people present
  match the roster" while a rostered leader was not found (QA: the finding said all was in
  order). Whether they were on post at another of the enterprise's sites is for the inspector
  to check; one finding sees one site;
* someone on both kinds is expected at the site (``missing`` when not found).

Findings recorded before ``not_seen`` existed (no `enterprise_duty_unseen_listed` in their
document) listed no one for it: they are kept as recorded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from lichtruc.words import shift_label

from .model import Campaign, Shift

LANGS = ("en", "vi")


def campaign_at(campaigns: Iterable[Campaign], at: datetime) -> Campaign | None:
    """The campaign running at `at` (from its start, before its end), or None."""
    return next((c for c in campaigns if c.starts_at <= at < c.ends_at), None)


@dataclass(frozen=True, slots=True)
class Expected:
    """Someone the roster put on post at the time of the visit; `whole_enterprise`: on a shift
    for the enterprise as a whole (no site), not one at the site visited."""

    staff_id: str
    full_name: str
    shift_id: str
    qualified: bool
    whole_enterprise: bool = False


@dataclass(frozen=True, slots=True)
class Found:
    """Someone the inspector found on post: a staff id, a name as written down, or both."""

    staff_id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class RosteredShift:
    """The shift a missing or unseen person was rostered on, as the roster held it at the finding: for a reader to name it in
    their own words (duty type, start–end, the shift's own site — a covering round's may be another)."""

    duty_type: str
    starts_at: datetime
    ends_at: datetime
    site_id: str | None
    site_name: str | None


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """`missing`: rostered at the site (or on a round covering it), not found; `not_seen`: rostered for the whole
    enterprise, not found at this site; `unexpected`: found, not on the roster of the visit."""

    kind: Literal["missing", "not_seen", "unexpected"]
    staff_id: str | None
    full_name: str | None
    shift_id: str | None
    detail: str
    detail_vi: str
    shift: RosteredShift | None = None  # a missing or unseen person's, when the roster still held it


@dataclass(frozen=True, slots=True)
class Comparison:
    expected: list[Expected]
    present: list[Expected]
    discrepancies: list[Discrepancy]


def expected_on_post(shifts: Iterable[Shift], *, site_id: str, enterprise_id: str) -> list[Expected]:
    """Everyone on the roster of a visit to `site_id` (of `enterprise_id`), once each: first the
    people on a shift at the site or covering it, then those on a shift of the enterprise with no
    site (`whole_enterprise`), each group by the shifts' start. Other shifts are left out."""
    ordered = sorted(shifts, key=lambda s: (s.starts_at, s.shift_id))
    at_site = [s for s in ordered if site_id in s.sites]
    whole = [s for s in ordered if s.site_id is None and s.enterprise_id == enterprise_id and site_id not in s.sites]
    seen: dict[str, Expected] = {}
    for group, whole_enterprise in ((at_site, False), (whole, True)):
        for s in group:
            for p in s.assignees:
                seen.setdefault(
                    p.staff_id, Expected(p.staff_id, p.full_name, s.shift_id, p.qualified, whole_enterprise)
                )
    return list(seen.values())


def exact_name(name: str) -> str:
    """A name compared as written: Unicode NFC, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def loose_name(name: str) -> str:
    """A name compared without diacritics ("Nguyen Thi Anh Tuyet" = "Nguyễn Thị Ánh Tuyết")."""
    decomposed = unicodedata.normalize("NFD", exact_name(name).replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _unique(candidates: list[Expected]) -> Expected | None:
    return candidates[0] if len(candidates) == 1 else None


def rostered_on(shift: Shift | None, site_name: str | None) -> tuple[str, str]:
    """The shift someone was rostered on, as a person reads it (English, Vietnamese): duty type, start–end in Vietnam
    time with the lunar day, and its site — "trực điều hành 08:00–16:00 06/02/2027 (Mùng 1 Tết) — Trạm Tân Hưng"
    (QA: the finding named it by its id); "this post and time" when the roster no longer holds it."""
    if shift is None:
        return "at this post and time", "tại điểm trực và thời điểm này"
    en, vi = (
        shift_label(shift.duty_type, shift.starts_at, shift.ends_at, lang, enterprise=site_name) for lang in LANGS
    )
    return f"on the shift {en}", f"ca {vi}"


def compare(
    expected: Sequence[Expected],
    found: Sequence[Found],
    *,
    staff_names: Mapping[str, str] | None = None,
    shifts: Mapping[str, Shift] | None = None,
    site_names: Mapping[str, str] | None = None,
) -> Comparison:
    """Match the people found with the people expected and list the discrepancies.

    A staff id matches exactly. A bare name matches an expected person not matched yet
    with the same name (case, spacing and Unicode form aside), or failing that the only
    one whose name is the same without diacritics; an ambiguous name matches no one.
    Anyone expected at the site and not matched is ``missing``; someone on duty for the whole
    enterprise and not matched is ``not_seen`` (not required here, but not seen on duty either); anyone found and not
    expected is
    ``unexpected`` (named from `staff_names` when only the id was written down). A missing or unseen person's shift is
    named from `shifts` (by id) and `site_names` (by site id), in the words and as fields (`RosteredShift`).
    Discrepancies come missing first, then not seen, then unexpected.
    """
    staff_names, shifts, site_names = staff_names or {}, shifts or {}, site_names or {}
    unmatched = {e.staff_id: e for e in expected}
    present: list[Expected] = []
    unexpected: list[Discrepancy] = []
    seen_ids: set[str] = set()
    by_name = []
    for f in found:
        if f.staff_id is None:
            by_name.append(f)
            continue
        if f.staff_id in seen_ids:
            continue
        seen_ids.add(f.staff_id)
        hit = unmatched.pop(f.staff_id, None)
        if hit is not None:
            present.append(hit)
        elif not any(p.staff_id == f.staff_id for p in present):
            name = f.name or staff_names.get(f.staff_id)
            who = f"{name} ({f.staff_id})" if name else f.staff_id
            unexpected.append(
                Discrepancy(
                    "unexpected",
                    f.staff_id,
                    name,
                    None,
                    f"{who} was on post but not on the roster for this post and time.",
                    f"{who} có mặt tại điểm trực nhưng không có trong lịch trực của điểm trực và thời điểm này.",
                )
            )
    for f in by_name:
        name = (f.name or "").strip()
        if not name:
            continue
        hit = _unique([e for e in unmatched.values() if exact_name(e.full_name) == exact_name(name)])
        if hit is None:
            hit = _unique([e for e in unmatched.values() if loose_name(e.full_name) == loose_name(name)])
        if hit is not None:
            del unmatched[hit.staff_id]
            present.append(hit)
            continue
        if any(exact_name(p.full_name) == exact_name(name) for p in present):
            continue  # the same person written down twice
        unexpected.append(
            Discrepancy(
                "unexpected",
                None,
                name,
                None,
                f"{name} was on post but is not on the roster for this post and time.",
                f"{name} có mặt tại điểm trực nhưng không có trong lịch trực của điểm trực và thời điểm này.",
            )
        )
    missing: list[Discrepancy] = []
    unseen: list[Discrepancy] = []
    for e in expected:
        if e.staff_id not in unmatched:
            continue
        shift = shifts.get(e.shift_id)
        site_name = site_names.get(shift.site_id or "") if shift else None
        en, vi = rostered_on(shift, site_name)
        rostered = (
            RosteredShift(shift.duty_type, shift.starts_at, shift.ends_at, shift.site_id, site_name) if shift else None
        )
        if e.whole_enterprise:
            en, vi = (f"{en} ", f"{vi} ") if shift else ("", "")
            unseen.append(
                Discrepancy(
                    "not_seen",
                    e.staff_id,
                    e.full_name,
                    e.shift_id,
                    f"{e.full_name} was rostered {en}for the whole enterprise but was not seen at this site:"
                    " check that they were on duty elsewhere in the enterprise.",
                    f"{e.full_name} có lịch trực {vi}chung toàn doanh nghiệp nhưng không thấy có mặt tại điểm này:"
                    " cần xác minh người này có trực tại điểm khác của doanh nghiệp.",
                    rostered,
                )
            )
            continue
        missing.append(
            Discrepancy(
                "missing",
                e.staff_id,
                e.full_name,
                e.shift_id,
                f"{e.full_name} was rostered {en} but was not found on post.",
                f"{e.full_name} có lịch trực {vi} nhưng không có mặt tại điểm trực.",
                rostered,
            )
        )
    return Comparison(list(expected), present, missing + unseen + unexpected)
