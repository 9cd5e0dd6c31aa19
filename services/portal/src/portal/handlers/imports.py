"""Importing staff, shifts and Tết opening hours from a spreadsheet through roster's /imports: the
dry run and its report in words, the commit, and the template files.

The file goes from the dry run to the commit inside the report page (domain/imports.py says
why); the commit carries an Idempotency-Key made at the dry run, so that a double click or a
resent form imports the file once."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict

from lichtruc.counters import serves_counter

from ..clients.services import Caller, ServiceError
from ..domain.asked import Asked, not_offered
from ..domain.campaigns import PREPARE, CampaignChoice, campaign_to_prepare, picker_order
from ..domain.dates import day_label, parse_instant
from ..domain.deadlines import Lateness, lateness
from ..domain.imports import (
    CAMPAIGN_KINDS,
    HEADERS,
    HOURS_COLUMNS,
    MAX_UPLOAD_BYTES,
    REPORTED_COLUMNS,
    SLUGS,
    ColumnGuide,
    Elsewhere,
    ImportReport,
    Kind,
    NewPerson,
    RowProblem,
    Severity,
    cause_key,
    causes,
    file_problems,
    fits_better,
    likely_campaign,
    mostly_outside,
    pack,
    read_report,
    rows_landing,
    rows_outside,
    rows_refused_for_times,
    template_csv,
    template_xlsx,
)
from ..domain.paging import DEFAULT_LIMIT, NotAPagePosition, PageView, local_next, local_offset
from ..domain.staff import clean_text
from .gaps import Download
from .staff import Choice, Words, campaigns, enterprises, pick, pick_campaign

# Rules the catalogue words (imports.rule.<rule>) for when roster sends no Vietnamese of its own.
WORDED_RULES = frozenset(
    {
        "required",
        "max-length",
        "email-format",
        "phone-format",
        "known-qualification",
        "yes-no",
        "known-language",
        "national-id-format",
        "unique-email",
        "known-duty-type",
        "datetime-format",
        "at-least-one",
        "site-exists",
        "staff-exists",
        "unambiguous-name",
        "no-double-booking",
        "end-after-start",
        "inside-campaign",
        "unique",
        "staff-active",
        "same-enterprise",
        "qualified",
        "timezone-required",
        "column-required",
        "readable",
        "not-empty",
        "max-rows",
        "max-bytes",
        "email-recommended",
        "min-rest",
        "night-shifts",
    }
)
COLUMNS = frozenset(name for kind in REPORTED_COLUMNS for name in REPORTED_COLUMNS[kind]) | {"file"}
"""The staff and shift columns the catalogue words (imports.column.<name>); the Tết hours' are worded apart."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Line:
    """One line of the report table, in words (`day`: a Tết-hours row's day, as the page writes days)."""

    row: int
    name: str | None
    column: str
    value: str | None
    problem: str
    day: str | None = None
    cause: str = ""  # domain.imports.cause_key: what the report's cause filter picks it by
    field: str = ""  # the column it is about, as the column filter names it


@dataclass(frozen=True)
class Target:
    """Where the file goes: the enterprise (and, for shifts and Tết hours, the campaign and whether to
    publish)."""

    kind: Kind
    enterprise_id: str
    campaign_id: str = ""
    publish: bool = False

    @property
    def slug(self) -> str:
        return SLUGS[self.kind]

    @property
    def in_campaign(self) -> bool:
        return self.kind in CAMPAIGN_KINDS

    def params(self, *, dry_run: bool) -> dict[str, str]:
        params = {"enterprise_id": self.enterprise_id, "dry_run": "true" if dry_run else "false"}
        if self.in_campaign:
            params.update(campaign_id=self.campaign_id, publish="true" if self.publish else "false")
        return params


@dataclass(frozen=True)
class ImportChoices:
    """The enterprises and campaigns to import into: every campaign for shifts, the Tết campaigns alone
    for opening hours (roster refuses hours for a drill); the Tết being prepared chosen when none is asked for
    (domain.campaigns.campaign_to_prepare: a shift file during a drill is Tết's)."""

    enterprises: tuple[Choice, ...]
    campaigns: tuple[CampaignChoice, ...]
    enterprise_id: str
    campaign_id: str
    tet_campaigns: tuple[CampaignChoice, ...] = ()
    tet_campaign_id: str = ""
    unknown: tuple[Asked, ...] = ()
    """What the address asked for that is none of the choices (domain.asked): chosen in no form, the page says so."""
    has_points: bool | None = None
    """Whether the chosen enterprise has a post office or transaction point (`lichtruc.counters`), when asked
    (`points=True`): without one it has no Tết hours to publish, and the page offers no template or import for it."""


async def choices(
    caller: Caller, *, enterprise_id: str | None = None, campaign_id: str | None = None, points: bool = False
) -> ImportChoices:
    all_enterprises, all_campaigns = await enterprises(caller), await campaigns(caller)
    tet = await campaigns(caller, kind="tet")
    unknown = not_offered(
        {"enterprise": enterprise_id, "campaign": campaign_id},
        {"enterprise": {e.id for e in all_enterprises}, "campaign": {c.id for c in all_campaigns}},
    )
    now = caller.clock()
    chosen = "" if "enterprise" in unknown else pick(all_enterprises, enterprise_id)
    return ImportChoices(
        enterprises=tuple(all_enterprises),
        campaigns=tuple(all_campaigns),
        enterprise_id=chosen,
        campaign_id=""
        if "campaign" in unknown
        else pick_campaign(all_campaigns, campaign_id, now=now, purpose=PREPARE),
        tet_campaigns=tuple(tet),
        tet_campaign_id="" if "campaign" in unknown else pick_campaign(tet, campaign_id, now=now, purpose=PREPARE),
        unknown=unknown,
        has_points=await _has_points(caller, chosen) if points and tet and chosen else None,
    )


async def _has_points(caller: Caller, enterprise_id: str) -> bool:
    """Whether the enterprise has a post office or transaction point (QA: VNPT, with neither, was offered a
    template of a header alone and nothing said why)."""
    sites = await caller.every("roster", "/sites", {"enterprise_id": enterprise_id})
    return any(serves_counter(str(s.get("kind"))) for s in sites)


@dataclass(frozen=True)
class Checked:
    """A dry run (or a refused commit): the report in words, the file to carry to the commit."""

    target: Target
    filename: str
    size: int
    report: ImportReport | None  # None: the file itself was refused (see `file_errors`)
    errors: tuple[Line, ...] = ()
    warnings: tuple[Line, ...] = ()
    changes: tuple[Line, ...] = ()  # what each update of a staff or Tết-hours file changes
    file_errors: tuple[str, ...] = ()
    carried: str | None = None  # the packed file, or None: the commit asks for it again
    idempotency_key: str = field(default_factory=lambda: str(uuid.uuid4()))
    enterprise: str = ""
    campaign: str = ""
    late: Lateness | None = None
    """Tết hours to publish after the campaign's deadline: published now, the points roster names in the report's
    `late_points` are recorded late (audit's "late"), as the hours form says (domain.deadlines)."""
    campaigns: tuple[CampaignChoice, ...] = ()
    """The campaigns the file may be checked against again (the Tết ones alone for Tết hours), for the report's
    "check another file" form."""
    elsewhere: Elsewhere | None = None
    """Another campaign most rows fall inside, when most lie outside the one chosen (QZ24 #2)."""

    @property
    def late_points(self) -> tuple[str, ...]:
        """The points roster says this file would publish late, by name (QA: the page said "these points" without
        naming them); none when publishing now is not late."""
        return self.report.late_points if self.late and self.report is not None else ()

    @property
    def can_commit(self) -> bool:
        """Rows to write: none when every row is already there unchanged and nothing is to be published (QA: a shift
        file imported already offered "Nhập 4 dòng", a button that would write nothing)."""
        return self.report is not None and self.report.can_commit and not self.nothing_to_import

    @property
    def nothing_to_import(self) -> bool:
        r = self.report
        return r is not None and r.can_commit and r.all_unchanged and not self.target.publish


# Causes the catalogue names (imports.cause.<rule>); another cause is named by the words of its first line.
NAMED_CAUSES = frozenset(WORDED_RULES - {"column-required", "readable", "not-empty", "max-rows", "max-bytes"}) | {
    "date-format",
    "day-month-order",
    "date-serial",
    "national-id-zero",
    "name-without-diacritics",
    "no-control-characters",
    "one-line",
    "email-of-another-person",
    "qualification-required",
    "date",
    "hours",
    "no-formula",
    "same-person-in-file",
    "similar-name",
    "renamed",
    "qualifications-dropped",
    "name-kept",
    "same-record",
    "misread-encoding",
    "same-name",
    "same-name-in-file",
    "other-enterprise",
    "known-enterprise",
}


SUMMARY_FROM = 10
"""A report of more problem lines than this opens with them by cause (fewer read at a glance as they are)."""


@dataclass(frozen=True)
class CauseView:
    """One cause of the report's summary: in words, with the rows it touches, and its filter's value."""

    key: str
    severity: str
    words: str
    rows: int


@dataclass(frozen=True)
class ReportView:
    """What one page of a report shows: every cause (the summary, each a filter), the columns its problems are
    about (the column filter), the filters chosen, and this page's lines, at most DEFAULT_LIMIT of them (errors,
    then warnings, then an update's changes, as the tables read)."""

    causes: tuple[CauseView, ...]
    columns: tuple[tuple[str, str], ...]  # (field, the column's name)
    cause: str
    column: str
    errors: tuple[Line, ...]
    warnings: tuple[Line, ...]
    changes: tuple[Line, ...]
    page: PageView
    first: bool  # whether this page is not the first (the pager offers the first)
    next_cursor: str | None
    offset: int = 0
    """How many of the (filtered) lines come before this page's first: the pager says which lines it shows."""
    summarised: bool = True
    """Whether the page opens with the causes and their filters: a report of a few lines reads whole without them."""
    additions: tuple[NewPerson, ...] = ()
    """This page's people the file registers (after the changes, paged with the other lines; not filtered by a
    cause, and by a column only as the full name's)."""

    @property
    def filtered(self) -> bool:
        return bool(self.cause or self.column)

    @property
    def first_line(self) -> int:
        """The place of this page's first line among the (filtered) lines, from 1."""
        return self.offset + 1

    @property
    def last_line(self) -> int:
        return self.offset + self.page.count

    @property
    def cause_words(self) -> str:
        return next((c.words for c in self.causes if c.key == self.cause), "")

    @property
    def column_words(self) -> str:
        return dict(self.columns).get(self.column, "")


def _cause_words(rule: str, first_line: str, words: Words) -> str:
    return words(f"imports.cause.{rule}") if rule in NAMED_CAUSES else first_line


def report_view(
    checked: Checked, *, words: Words, cause: str = "", column: str = "", cursor: str | None = None
) -> ReportView:
    """The page of `checked`'s report that `cause`, `column` and `cursor` (domain.paging's local cursor) pick: a
    filter the report has no line for is dropped (every line shown), as is a cursor past the end."""
    report = checked.report
    found = causes(report.errors, report.warnings) if report is not None else ()
    first_line: dict[str, str] = {}
    for line in (*checked.errors, *checked.warnings):
        first_line.setdefault(line.cause, line.problem)
    views = tuple(
        CauseView(c.key, c.severity, _cause_words(c.rule, first_line.get(c.key, ""), words), c.rows) for c in found
    )
    problems = (*checked.errors, *checked.warnings)
    columns = tuple({line.field: line.column for line in (*problems, *checked.changes) if line.field}.items())
    cause = cause if any(c.key == cause for c in views) else ""
    column = column if any(f == column for f, _ in columns) else ""

    def kept(lines: tuple[Line, ...], *, by_cause: bool = True) -> tuple[Line, ...]:
        return tuple(
            line
            for line in lines
            if (not cause or (by_cause and line.cause == cause)) and (not column or line.field == column)
        )

    errors, warnings, changes = kept(checked.errors), kept(checked.warnings), kept(checked.changes, by_cause=False)
    added = report.additions if report is not None and not cause and column in ("", "full_name") else ()
    total = len(errors) + len(warnings) + len(changes) + len(added)
    try:  # the report's own form sends it with the file again: no address to lead back from, so its first page
        offset = local_offset(cursor, total=total)
    except NotAPagePosition:
        offset = 0
    end = offset + DEFAULT_LIMIT
    shown_errors = errors[offset:end]
    shown_warnings = warnings[max(0, offset - len(errors)) : max(0, end - len(errors))]
    before_changes = len(errors) + len(warnings)
    shown_changes = changes[max(0, offset - before_changes) : max(0, end - before_changes)]
    before_added = before_changes + len(changes)
    shown_added = added[max(0, offset - before_added) : max(0, end - before_added)]
    count = len(shown_errors) + len(shown_warnings) + len(shown_changes) + len(shown_added)
    next_cursor = local_next(offset, limit=DEFAULT_LIMIT, total=total)
    return ReportView(
        causes=views,
        columns=columns,
        cause=cause,
        column=column,
        errors=shown_errors,
        warnings=shown_warnings,
        changes=shown_changes,
        page=PageView(limit=DEFAULT_LIMIT, count=count, total=total, first_url=None, next_url=None),
        first=offset > 0,
        next_cursor=next_cursor,
        offset=offset,
        summarised=len(problems) > SUMMARY_FROM or bool(cause or column),
        additions=shown_added,
    )


@dataclass(frozen=True)
class Committed:
    target: Target
    report: ImportReport
    late: Lateness | None = None
    """Tết hours published after the campaign's deadline, recorded late (as `Checked.late` foretold)."""

    @property
    def late_points(self) -> tuple[str, ...]:
        """The points this import published for the first time, so recorded late, as roster's report names them: not
        one published before it, whose first publication stands (QA: the page said "these points" with no names,
        while one of them was on time), nor one every row of which was empty, which it did not publish (QA: Hưng
        Điền was named published late and stayed unpublished)."""
        return self.report.late_points if self.late else ()


SHIFT_LEFT_RULES = ("staff-active", "qualified")
"""The warnings of an update that leaves upcoming shifts to someone who may no longer work them (roster's
`upcoming_shift_notes`, the staff form's rule): one per shift."""


@dataclass(frozen=True)
class ShiftsLeft:
    """One person's upcoming shifts an import left them, which they may no longer work: `rule` staff-active
    (deactivated) or qualified (a qualification taken away), `n` shifts."""

    rule: str
    name: str
    n: int


def shifts_left(report: ImportReport) -> str:
    """The committed import's shifts left, a person and rule a line ("rule<TAB>name<TAB>n"), for the done page's
    signed address: what the check said shift by shift, said again once it is done (QA: a deactivation by import
    said nothing of the person's 8 upcoming shifts)."""
    counts: dict[tuple[str, str], int] = {}
    for w in report.warnings:
        if w.rule in SHIFT_LEFT_RULES and w.name:
            counts[(w.rule, w.name)] = counts.get((w.rule, w.name), 0) + 1
    return "\n".join(f"{rule}\t{name}\t{n}" for (rule, name), n in counts.items())


def read_shifts_left(text: str) -> tuple[ShiftsLeft, ...]:
    """`shifts_left` read back from the done page's (signed) address."""
    out = []
    for line in text.split("\n"):
        parts = line.split("\t")
        if len(parts) == 3 and parts[0] in SHIFT_LEFT_RULES and parts[2].isdigit():
            out.append(ShiftsLeft(parts[0], parts[1], int(parts[2])))
    return tuple(out)


def _hours_column(name: str) -> str:
    """The Tết-hours column a roster field is about: its schedule rules name "day", "days", "sessions"
    or "sessions.<n>" (the last part of which is all `RowProblem.field` keeps)."""
    if name in HOURS_COLUMNS:
        return name
    if name in ("day", "days"):
        return "date"
    return "hours" if name == "sessions" or name.isdigit() else "site"


def _column(name: str, words: Words, kind: Kind = "staff") -> str:
    if kind == "tet_hours":
        return words(f"imports.tet_hours.column.{_hours_column(name)}")
    return words(f"imports.column.{name}") if name in COLUMNS else name


def _problem_words(p: RowProblem, lang: str, words: Words) -> str:
    if lang != "vi":
        return p.message
    if p.message_vi:
        return p.message_vi
    if p.rule == "column-required":
        return words(
            "imports.rule.column-required", column=dict(HEADERS["staff"] + HEADERS["shifts"]).get(p.field, p.field)
        )
    if p.rule in WORDED_RULES:
        return words(f"imports.rule.{p.rule}")
    return words("imports.rule_other", message=p.message)


def _lines(
    problems: tuple[RowProblem, ...], lang: str, words: Words, kind: Kind = "staff", severity: Severity | None = None
) -> tuple[Line, ...]:
    return tuple(
        Line(
            row=p.row,
            name=p.name,
            column=_column(p.field, words, kind),
            value=p.value,
            problem=_problem_words(p, lang, words),
            day=day_label(p.day, lang) if p.day else None,
            cause=cause_key(severity, p.rule) if severity else "",
            field=_hours_column(p.field) if kind == "tet_hours" else p.field,
        )
        for p in problems
    )


class _Lines(TypedDict):
    errors: tuple[Line, ...]
    warnings: tuple[Line, ...]
    changes: tuple[Line, ...]


def _report_lines(report: ImportReport, lang: str, words: Words) -> _Lines:
    return {
        "errors": _lines(report.errors, lang, words, report.kind, "error"),
        "warnings": _lines(report.warnings, lang, words, report.kind, "warning"),
        "changes": _lines(report.changes, lang, words, report.kind),
    }


class _About(TypedDict):
    """What every report of one file says about it (the fields of `Checked` besides the report)."""

    target: Target
    filename: str
    size: int
    enterprise: str
    campaign: str
    campaigns: tuple[CampaignChoice, ...]


async def _about(caller: Caller, target: Target, *, filename: str, size: int) -> _About:
    where = await choices(caller, enterprise_id=target.enterprise_id, campaign_id=target.campaign_id)
    return {
        "target": target,
        "filename": filename,
        "size": size,
        "enterprise": next((c.name for c in where.enterprises if c.id == target.enterprise_id), ""),
        "campaign": next((c.name for c in where.campaigns if c.id == target.campaign_id), ""),
        "campaigns": where.tet_campaigns if target.kind == "tet_hours" else where.campaigns,
    }


async def _send(
    caller: Caller, target: Target, data: bytes, filename: str, *, dry_run: bool, idempotency_key: str | None = None
) -> dict:
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
    response = await caller.request(
        "roster",
        "POST",
        f"/imports/{target.slug}",
        params=target.params(dry_run=dry_run),
        files={"file": (filename or "upload", data, "application/octet-stream")},
        headers=headers,
    )
    return response.json()


def _refused_file(exc: ServiceError, lang: str, words: Words) -> tuple[str, ...]:
    """A refused file's messages: a missing column in the catalogue's words (naming the header
    to add), otherwise the service's own Vietnamese for the first error, then the catalogue's."""
    problems = file_problems(exc.problem)
    if not problems:
        return (exc.detail(lang),)
    out = []
    for i, p in enumerate(problems):
        if (
            lang == "vi"
            and not p.message_vi
            and p.rule != "column-required"
            and i == 0
            and exc.problem.get("detail_vi")
        ):
            out.append(str(exc.problem["detail_vi"]))
        else:
            out.append(_problem_words(p, lang, words))
    return tuple(dict.fromkeys(out))


async def check_file(caller: Caller, target: Target, *, data: bytes, filename: str, lang: str, words: Words) -> Checked:
    """The dry run: what roster would do with each row, nothing written; and, when most of a shift file's rows lie
    outside the campaign chosen, which other campaign they fall inside (`elsewhere`)."""
    base = await _about(caller, target, filename=filename, size=len(data))
    if not data:
        return Checked(**base, report=None, file_errors=(words("imports.empty_file"),))
    if len(data) > MAX_UPLOAD_BYTES:
        return Checked(**base, report=None, file_errors=(words("imports.too_large", mb=MAX_UPLOAD_BYTES // 2**20),))
    try:
        doc = await _send(caller, target, data, filename, dry_run=True)
    except ServiceError as exc:
        if exc.status not in (413, 422):
            raise
        return Checked(**base, report=None, file_errors=_refused_file(exc, lang, words))
    report = read_report(doc)
    late = await _late(caller, target)
    elsewhere = await _elsewhere(caller, target, report, base["campaigns"], data=data, filename=filename)
    # Carried also when the file cannot be committed: the report's other pages and causes are read from it.
    return Checked(
        **base, report=report, **_report_lines(report, lang, words), carried=pack(data), late=late, elsewhere=elsewhere
    )


async def _elsewhere(
    caller: Caller,
    target: Target,
    report: ImportReport,
    campaigns: tuple[CampaignChoice, ...],
    *,
    data: bytes,
    filename: str,
) -> Elsewhere | None:
    """The other campaign most of a shift file's rows fall inside, when most lie outside the one chosen (QZ24 #2):
    the one that holds most of those rows by the times roster read (`likely_campaign`; the Tết being prepared first
    of equals, then the newest), checked there by one more dry run for roster's own count; None when none fits
    better. The rows refused for their times for another reason are counted apart (QZ25 #3)."""
    if target.kind != "shifts" or not mostly_outside(report):
        return None
    others = [c for c in campaigns if c.id != target.campaign_id]
    first = campaign_to_prepare(others, now=caller.clock())
    campaign = likely_campaign(report, ([first] if first else []) + [c for c in picker_order(others) if c is not first])
    if campaign is None:
        return None
    there = Target(target.kind, target.enterprise_id, campaign.id, target.publish)
    try:
        checked = read_report(await _send(caller, there, data, filename, dry_run=True))
    except ServiceError as exc:
        if exc.status not in (413, 422):
            raise
        return None
    if not fits_better(report, checked):
        return None
    return Elsewhere(
        campaign.id,
        campaign.name,
        report.rows,
        rows_outside(report),
        rows_landing(report, checked),
        rows_refused_for_times(report),
    )


async def _late(caller: Caller, target: Target) -> Lateness | None:
    """How late Tết hours published now come against the campaign's deadline (QA: an import past it said nothing,
    and the inspector then listed every point "Niêm yết muộn"); None when not publishing, or by the deadline."""
    if target.kind != "tet_hours" or not target.publish or not target.campaign_id:
        return None
    campaign = await caller.get("roster", f"/campaigns/{target.campaign_id}")
    deadline = campaign.get("hours_deadline")
    return lateness(caller.clock(), parse_instant(str(deadline))) if deadline else None


async def commit_file(
    caller: Caller, target: Target, *, data: bytes, filename: str, idempotency_key: str, lang: str, words: Words
) -> Committed | Checked:
    """Write every row (one transaction), or the report of why nothing was written (a row that
    became wrong since the dry run, e.g. someone else took an e-mail address)."""
    try:
        doc = await _send(caller, target, data, filename, dry_run=False, idempotency_key=idempotency_key)
    except ServiceError as exc:
        if exc.status not in (409, 413, 422):
            raise
        base = await _about(caller, target, filename=filename, size=len(data))
        if isinstance(exc.problem.get("report"), Mapping):
            report = read_report(exc.problem["report"])
            return Checked(**base, report=report, **_report_lines(report, lang, words), carried=pack(data))
        return Checked(**base, report=None, file_errors=_refused_file(exc, lang, words))
    return Committed(target=target, report=read_report(doc), late=await _late(caller, target))


async def hours_template(caller: Caller, *, enterprise_id: str, campaign_id: str, fmt: str) -> Download:
    """The Tết-hours template as roster writes it, under roster's file name: every post office and transaction
    point of the enterprise × every day of the campaign, each filled with the point's current draft. Handed on
    rather than built here: only roster knows the points, the campaign's days and the drafts, and one
    writer keeps the file and the import reading the same columns."""
    response = await caller.request(
        "roster",
        "GET",
        "/imports/tet-hours/template",
        params={"enterprise_id": enterprise_id, "campaign_id": campaign_id, "format": fmt},
    )
    media_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    return Download.handed_on(response, media_type=media_type, name=f"gio-mo-cua-tet.{fmt}")


@dataclass(frozen=True)
class StaffOnly:
    """The staff list's filters a download of it follows, as the list's address carries them ("" each: not set;
    `active` "yes" or "no")."""

    qualification: str = ""
    active: str = ""
    q: str = ""

    def params(self) -> dict[str, str]:
        """As roster's template takes them (its `GET /staff` filters' names)."""
        active = {"yes": "true", "no": "false"}.get(self.active, "")
        found = {"qualification": self.qualification, "active": active, "q": clean_text(self.q)[:100]}
        return {k: v for k, v in found.items() if v}


async def filled_template(
    caller: Caller,
    kind: Kind,
    *,
    enterprise_id: str,
    campaign_id: str = "",
    fmt: str,
    only: StaffOnly | None = None,
    lang: str = "vi",
) -> Download:
    """The staff list (or the campaign's shifts) of the enterprise as roster writes it, in the import's own columns:
    a file to edit in Excel and import back, rows left as they are reported "không đổi". Handed on as the Tết-hours
    template is: roster alone reads the records, and writes them as its import reads them. `only`: the staff list's
    filters, which roster's file follows and its name says (Z14). The shifts' file marks its drafts, and says how
    many it has above its header, in `lang` (QZ8)."""
    params = {"enterprise_id": enterprise_id, "format": fmt}
    if kind in CAMPAIGN_KINDS:
        params["campaign_id"] = campaign_id
        params["lang"] = lang
    if only is not None:
        params |= only.params()
    response = await caller.request("roster", "GET", f"/imports/{SLUGS[kind]}/template", params=params)
    media_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    return Download.handed_on(response, media_type=media_type, name=f"{SLUGS[kind]}.{fmt}")


def column_guide(kind: Kind, *, words: Words) -> tuple[ColumnGuide, ...]:
    """What each column of a staff or shift template takes, with an example, in the page's language: shown on
    the import page and written into both templates."""
    return tuple(
        ColumnGuide(name, title, words(f"imports.guide.{kind}.{name}"), words(f"imports.example.{kind}.{name}"))
        for name, title in HEADERS[kind]
    )


def template_file(kind: Kind, fmt: str, *, words: Words) -> tuple[bytes, str]:
    """The template file and its media type: the header row roster reads (Vietnamese), with each column's guide
    (`column_guide`) — in a second sheet of the .xlsx, in the rows above the header of the .csv, which roster
    does not import."""
    guide = column_guide(kind, words=words)
    if fmt == "csv":
        cells = [words("imports.guide.cell", rule=g.rule, example=g.example) for g in guide]
        data = template_csv(kind, note=words("imports.guide.csv_note"), guide=cells)
        return data, "text/csv; charset=utf-8"
    data = template_xlsx(
        kind,
        sheet_title=words(f"imports.sheet.{kind}"),
        guide_title=words("imports.sheet.guide"),
        guide=guide,
        guide_header=[words(f"imports.guide.{part}") for part in ("column", "rule", "example")],
    )
    return data, XLSX
