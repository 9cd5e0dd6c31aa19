"""The campaign report (Báo cáo tổng kết công tác trực Tết): what a department head signs for the Ministry and the
People's Committee after Tết, province-wide or for one enterprise, from the figures audit already keeps.

Rules, in one place:

* **Coverage** is the board's (the heat map's) cells added up, never a second computation: each key's `DayCoverage`
  (`reports.daily_coverage`) gives person-hours required and covered by the plan ("đã xếp"), and the person-minutes
  short by the plan (`short_person_minutes`, "chưa xếp đủ") and rostered but not there (`absent_person_minutes`,
  "chưa có mặt") by presence's one rule (`presence.short_people`, `presence.absent_people`). Present = covered −
  absent. A row per enterprise and duty type (sites and the enterprise as a whole added), a row per enterprise, and
  the province's total, the sum of the enterprises' rows (so it adds up on paper). The shortfalls' count is the
  board's open gaps in force, the gap list's; the absences' count is the presence shortfalls, the presence list's.
* **The night of giao thừa** (`lichtruc.vntime.giao_thua_night`, 18:00 of the year's last day to 06:00 of mùng 1)
  is the same figures over that stretch, by `reports.span_coverage` — the rule the board's day cells use.
* **Incidents**: counted by enterprise and severity; time to respond (detection → first responder) and to restore,
  median and worst of those known; the ones still open named with their age at `now`.
* **Daily reports**: audit's statuses (`daily_reports.statuses`, the status page's rule): owed = the days due (on
  time, late or missing), late by how long its first version came after the deadline, the worst named.
* **Conclusion** (Đánh giá chung): facts (`Said`) made from these figures only; the PDF and the workbook say them in
  Vietnamese (`said_vi`), the portal's page in the reader's language from its own catalogue.

Pure: `now` comes in. The documents' words are Vietnamese: the report is an administrative document in Vietnamese.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from lichtruc.duty_types import DUTY_TYPE_KEYS
from lichtruc.text import sort_key
from lichtruc.vntime import clock as clock_vi
from lichtruc.vntime import local

from .daily_reports import DayStatus
from .errors import Conflict, Invalid
from .incidents import IncidentRecord
from .model import Campaign
from .reports import DayCoverage

SEVERITIES = ("minor", "serious", "critical")


MAX_REMARKS = 4000
"""The longest remarks kept (characters): a page of the report."""


@dataclass(frozen=True, slots=True)
class Remarks:
    """The inspectors' remarks and recommendations on a report ("Kiến nghị"), as last saved: its version (1 the first
    save), who wrote it (login, and their name then) and when."""

    text: str
    version: int
    written_by: str
    written_by_name: str | None
    written_at: datetime


def check_remarks_read(read: int | None, latest: Remarks | None, text: str) -> None:
    """Two inspectors' tabs must not overwrite each other's words unseen (QZ28 #1): a save made from the
    version `read` (0: the form was opened with none written; None: the caller asks no check) is refused
    (`remarks_changed`) when another version has been saved since, unless it says the same words."""
    now = latest.version if latest else 0
    if read is None or read == now or (latest is not None and latest.text == text):
        return
    if read > now or latest is None:  # a version never saved: not a form this system drew
        raise remarks_version_unknown(read, now)
    raise remarks_changed(read, latest)


def remarks_version_unknown(read: int, now: int) -> Invalid:
    """`read_version` names a version of the remarks that was never saved (the form was not drawn from them)."""
    kept_vi = f"lần sửa thứ {now}" if now else "chưa có kiến nghị nào được lưu"
    kept_en = f"version {now}" if now else "none saved yet"
    return Invalid(
        "remarks-version-unknown",
        "No such version of the remarks",
        f"The remarks have no version {read} (they stand at {kept_en}), so nothing was saved. Reload the report and "
        "write your remarks from the version it shows.",
        f"Kiến nghị không có lần sửa thứ {read} (hiện là {kept_vi}), nên chưa lưu gì. Hãy tải lại báo cáo và sửa "
        "từ bản đang hiển thị.",
    )


def remarks_changed(read: int, latest: Remarks) -> Conflict:
    """The remarks were saved again after the form was opened: who, when, and the words now kept, for the form to show
    beside what was typed (the problem's `remarks`)."""
    who = latest.written_by_name or latest.written_by
    opened_vi = f"lần sửa thứ {read}" if read else "khi đó chưa có kiến nghị"
    opened_en = f"version {read}" if read else "none written then"
    return Conflict(
        "remarks-changed",
        "Remarks saved by someone else since",
        f"{who} saved the remarks (version {latest.version}) at {clock_vi(latest.written_at, 'en')}, after you opened "
        f"them ({opened_en}), so yours were not saved. Read theirs, put yours together with them, then save again.",
        f"{who} đã lưu kiến nghị (lần sửa thứ {latest.version}) lúc {clock_vi(latest.written_at)}, sau khi anh/chị mở "
        f"trang ({opened_vi}), nên nội dung của anh/chị chưa được lưu. Hãy đọc nội dung mới, gộp phần của anh/chị vào "
        "rồi lưu lại.",
        remarks={
            "text": latest.text,
            "version": latest.version,
            "written_by": latest.written_by,
            "written_by_name": latest.written_by_name,
            "written_at": local(latest.written_at).isoformat(),
        },
    )


def hours_of(person_minutes: int) -> float:
    """Person-minutes as person-hours to two decimals (the figure the pages print)."""
    return round(person_minutes / 60, 2)


@dataclass(frozen=True, slots=True)
class CoverageFigures:
    """Person-hours of a set of keys over a stretch: required, covered by the plan, present; the shortfalls of the
    plan (count, person-minutes) and the absences (count, person-minutes)."""

    required_hours: float = 0.0
    planned_hours: float = 0.0
    short_person_minutes: int = 0
    absent_person_minutes: int = 0
    gaps: int = 0
    absences: int = 0

    @property
    def present_hours(self) -> float:
        return round(self.planned_hours - self.absent_person_minutes / 60, 2)

    @property
    def missing_person_minutes(self) -> int:
        return self.short_person_minutes + self.absent_person_minutes

    def __add__(self, other: CoverageFigures) -> CoverageFigures:
        return CoverageFigures(
            round(self.required_hours + other.required_hours, 2),
            round(self.planned_hours + other.planned_hours, 2),
            self.short_person_minutes + other.short_person_minutes,
            self.absent_person_minutes + other.absent_person_minutes,
            self.gaps + other.gaps,
            self.absences + other.absences,
        )


def figures_of(cells: Iterable[DayCoverage], *, gaps: int = 0, absences: int = 0) -> CoverageFigures:
    """The figures of a key's cells (its days on the board, or its giao thừa night), added up as the board adds."""
    total = CoverageFigures(gaps=gaps, absences=absences)
    for c in cells:
        total += CoverageFigures(c.required_hours, c.covered_hours, c.short_person_minutes, c.absent_person_minutes)
    return total


@dataclass(frozen=True, slots=True)
class KeyFigures:
    """One coverage key's figures for the report: the whole campaign and its giao thừa night."""

    enterprise_id: str
    enterprise_name: str
    duty_type: str
    campaign: CoverageFigures
    giao_thua: CoverageFigures


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """An enterprise's figures, and per duty type."""

    enterprise_id: str
    enterprise_name: str
    total: CoverageFigures
    by_duty: Mapping[str, CoverageFigures]


def coverage_rows(keys: Iterable[KeyFigures], *, night: bool = False) -> tuple[list[CoverageRow], CoverageFigures]:
    """Per enterprise (by name) its figures and per duty type, and the province's total, the sum of the rows;
    `night`: the giao thừa night's figures."""
    per: dict[str, dict[str, CoverageFigures]] = {}
    names: dict[str, str] = {}
    for k in keys:
        names[k.enterprise_id] = k.enterprise_name
        duty = per.setdefault(k.enterprise_id, {})
        duty[k.duty_type] = duty.get(k.duty_type, CoverageFigures()) + (k.giao_thua if night else k.campaign)
    rows = []
    for e, duty in per.items():
        total = CoverageFigures()
        for f in duty.values():
            total += f
        rows.append(CoverageRow(e, names[e], total, in_house_order(duty)))
    rows.sort(key=lambda r: (sort_key(r.enterprise_name), r.enterprise_id))
    province = CoverageFigures()
    for r in rows:
        province += r.total
    return rows, province


def in_house_order(by_duty: Mapping[str, CoverageFigures]) -> dict[str, CoverageFigures]:
    """The duty types in the house's order (`lichtruc.duty_types`: leadership first), the page's and the PDF's one
    order (QZ28 #4: the page listed operations first); a key the house does not know last."""
    rank = {d: i for i, d in enumerate(DUTY_TYPE_KEYS)}
    return {d: by_duty[d] for d in sorted(by_duty, key=lambda d: (rank.get(d, len(rank)), d))}


SECTORS_SAID = {
    "postal": "bưu chính",
    "telecom": "viễn thông",
    "internet": "internet",
    "television": "phát thanh truyền hình",
}
"""The sectors as the report's title lists them, in the house's order (`lichtruc.words.SECTOR_NAMES`)."""


def sectors_said(sectors: Iterable[str]) -> str:
    """The sectors a report covers, as its title names them: "bưu chính, viễn thông, phát thanh truyền hình" (QZ28 #4:
    the title said "bưu chính, viễn thông" of a report with the television station); "" when none is known."""
    present = set(sectors)
    return ", ".join(said for key, said in SECTORS_SAID.items() if key in present)


@dataclass(frozen=True, slots=True)
class OpenIncident:
    enterprise_name: str
    site_name: str | None
    severity: str
    detected_at: datetime
    age: timedelta


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """An enterprise's incidents (or the province's, `enterprise_id` None): how many by severity, time to respond and
    to restore (seconds: median and worst of those known), the open ones."""

    enterprise_id: str | None
    enterprise_name: str
    count: int
    by_severity: Mapping[str, int]
    by_sector: Mapping[str, int]
    response_median: float | None
    response_worst: int | None
    restore_median: float | None
    restore_worst: int | None
    open: tuple[OpenIncident, ...] = field(default=())


def _incident_row(enterprise_id: str | None, name: str, found: Sequence[IncidentRecord], now: datetime) -> IncidentRow:
    response = [r.response_seconds for r in found if r.response_seconds is not None]
    restore = [r.restore_seconds for r in found if r.restore_seconds is not None]
    severity = {s: sum(1 for r in found if r.severity == s) for s in SEVERITIES}
    sectors: dict[str, int] = {}
    for r in found:
        if r.sector:
            sectors[r.sector] = sectors.get(r.sector, 0) + 1
    still = tuple(
        OpenIncident(
            str(r.snapshot.get("enterprise_name") or name),
            r.snapshot.get("site_name"),
            r.severity,
            r.detected_at,
            now - r.detected_at,
        )
        for r in sorted(found, key=lambda r: r.detected_at)
        if r.status != "resolved"
    )
    return IncidentRow(
        enterprise_id,
        name,
        len(found),
        severity,
        sectors,
        statistics.median(response) if response else None,
        max(response) if response else None,
        statistics.median(restore) if restore else None,
        max(restore) if restore else None,
        still,
    )


SECTORS = ("postal", "telecom", "internet", "television")


def incidents_by_sector(row: IncidentRow) -> list[tuple[str, int]]:
    """A row's incidents per sector of their enterprise, in the directive's order of sectors (postal, telecom,
    internet, television; any other after them), only those with incidents."""
    order = {s: i for i, s in enumerate(SECTORS)}
    return sorted(((s, n) for s, n in row.by_sector.items() if n), key=lambda p: (order.get(p[0], len(order)), p[0]))


def incident_rows(
    found: Iterable[IncidentRecord], names: Mapping[str, str], *, now: datetime
) -> tuple[list[IncidentRow], IncidentRow]:
    """Per enterprise with incidents (by name), and the province's row over all of them."""
    found = list(found)
    by: dict[str, list[IncidentRecord]] = {}
    for r in found:
        by.setdefault(r.enterprise_id, []).append(r)
    rows = [
        _incident_row(e, names.get(e, str(rs[0].snapshot.get("enterprise_name") or e)), rs, now) for e, rs in by.items()
    ]
    rows.sort(key=lambda r: sort_key(r.enterprise_name))
    return rows, _incident_row(None, "Toàn tỉnh", found, now)


@dataclass(frozen=True, slots=True)
class ReportsRow:
    """An enterprise's daily reports over the campaign's days due: owed, on time, late (worst by how long, its
    day), missing (with their days)."""

    enterprise_id: str
    enterprise_name: str
    owed: int
    on_time: int
    late: int
    missing: int
    worst_late: timedelta | None
    worst_late_day: date | None
    missing_days: tuple[date, ...]
    worst_late_enterprise: str | None = None
    """Whose the worst late report is: the row's own enterprise, or on the province's row the one it was of."""


def report_rows(statuses: Iterable[DayStatus]) -> tuple[list[ReportsRow], ReportsRow]:
    """Per enterprise (in the statuses' order: by name) and the province's total. A day not yet due or not owed is
    not owed; a submitted one is on time or late by its first version (`DayStatus.late`, the status page's rule)."""
    per: dict[str, list[DayStatus]] = {}
    for s in statuses:
        per.setdefault(s.enterprise_id, []).append(s)

    def row(enterprise_id: str, name: str, found: Sequence[DayStatus]) -> ReportsRow:
        due = [s for s in found if s.status in ("submitted", "missing")]
        late = [s for s in due if s.status == "submitted" and s.late and s.first_submitted_at is not None]
        worst = max(late, key=lambda s: (s.first_submitted_at or s.due_at) - s.due_at, default=None)
        return ReportsRow(
            enterprise_id,
            name,
            len(due),
            sum(1 for s in due if s.status == "submitted" and not s.late),
            len(late),
            sum(1 for s in due if s.status == "missing"),
            None if worst is None or worst.first_submitted_at is None else worst.first_submitted_at - worst.due_at,
            None if worst is None else worst.day,
            tuple(s.day for s in due if s.status == "missing"),
            None if worst is None else worst.enterprise_name,
        )

    rows = [row(e, found[0].enterprise_name, found) for e, found in per.items()]
    every = [s for found in per.values() for s in found]
    return rows, row("", "Toàn tỉnh", every)


def duration_vi(value: timedelta | float | int | None) -> str:
    """A duration as the report says it: "2 giờ 05 phút", "45 phút", "3 ngày 4 giờ"; "—" when unknown."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds() if isinstance(value, timedelta) else value)
    minutes = max(0, round(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} ngày {hours} giờ"
    if hours:
        return f"{hours} giờ {mins:02d} phút"
    return f"{mins} phút"


def number_vi(value: float) -> str:
    """A figure as Vietnamese writes it: a decimal comma, no trailing zeros ("12", "12,5", "0,25")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True, slots=True)
class Said:
    """One sentence of "Đánh giá chung" as facts: what it says (`key`, one of `SAID_KEYS`) and its figures
    (person-hours as hours, durations in seconds, enterprises by name). The words are the reader's: `said_vi` for the
    PDF and the workbook (an official document, in Vietnamese), the portal's catalogue for its page."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


SAID_KEYS = (
    "no_requirement", "all_kept", "short", "plan_full", "absent", "night_short", "night_kept", "incidents",
    "no_incidents", "daily_reports", "inspections", "findings", "findings_clean", "tet_hours", "readiness",
    "explanations",
)  # fmt: skip


def conclusion_facts(
    *,
    coverage: Sequence[CoverageRow],
    province: CoverageFigures,
    night: CoverageFigures,
    incidents: IncidentRow,
    reports: Sequence[ReportsRow],
    reports_total: ReportsRow,
    enterprises: int,
    enterprise_name: str | None = None,
) -> list[Said]:
    """The facts of "Đánh giá chung", from the figures only (none typed): shortfalls of the plan, absences, the giao
    thừa night, incidents, daily reports. `enterprise_name`: one enterprise's report, said of it (QZ28 #4: "Có 1/1
    doanh nghiệp…"): the facts that would count enterprises carry it as `one`, and their words list nobody after it."""
    one = enterprise_name
    out = []
    short = [r for r in coverage if r.total.short_person_minutes]
    absent = [r for r in coverage if r.total.absent_person_minutes]
    if province.required_hours <= 0:
        out.append(Said("no_requirement"))
    elif not short and not absent:
        out.append(Said("all_kept", {"required_hours": province.required_hours, "one": one}))
    else:
        if short:
            out.append(Said("short", {
                "count": len(short), "enterprises": enterprises, "one": one, "gaps": province.gaps,
                "person_hours": hours_of(province.short_person_minutes),
                "each": [{"name": r.enterprise_name, "hours": hours_of(r.total.short_person_minutes)} for r in short],
            }))  # fmt: skip
        else:
            out.append(Said("plan_full", {"one": one}))
        if absent:
            out.append(Said("absent", {
                "count": len(absent), "enterprises": enterprises, "one": one, "absences": province.absences,
                "person_hours": hours_of(province.absent_person_minutes),
                "each": [{"name": r.enterprise_name, "hours": hours_of(r.total.absent_person_minutes)} for r in absent],
            }))  # fmt: skip
    if night.required_hours > 0:
        if night.missing_person_minutes:
            out.append(Said("night_short", {
                "missing_hours": hours_of(night.missing_person_minutes), "required_hours": night.required_hours,
            }))  # fmt: skip
        else:
            out.append(Said("night_kept", {"required_hours": night.required_hours}))
    if incidents.count:
        out.append(Said("incidents", {
            "count": incidents.count, "critical": incidents.by_severity.get("critical", 0),
            "restore_worst_seconds": incidents.restore_worst, "open": len(incidents.open),
        }))  # fmt: skip
    else:
        out.append(Said("no_incidents"))
    if reports_total.owed:
        out.append(Said("daily_reports", {
            "on_time": reports_total.on_time, "owed": reports_total.owed, "late": reports_total.late,
            "missing": reports_total.missing, "one": one,
            "each": [{"name": r.enterprise_name, "missing": r.missing} for r in reports if r.missing],
        }))  # fmt: skip
    return out


def conclusion(**figures: Any) -> list[str]:
    """The sentences of "Đánh giá chung" in Vietnamese (`conclusion_facts`' arguments)."""
    return [said_vi(s) for s in conclusion_facts(**figures)]


def said_vi(said: Said) -> str:
    """A sentence of the conclusion in Vietnamese, as the PDF and the workbook print it."""
    v = said.values

    def counted() -> str:
        """Who a sentence is of: "Có 2/5 doanh nghiệp", or the enterprise of one's own report."""
        return v.get("one") or f"Có {v['count']}/{v['enterprises']} doanh nghiệp"

    def listed() -> str:
        """A sentence's end: ": VNPT Long An 12,5, …", each enterprise's person-hours; "." alone of one's own report."""
        return (
            "." if v.get("one") else ": " + ", ".join(f"{e['name']} {number_vi(e['hours'])}" for e in v["each"]) + "."
        )

    match said.key:
        case "no_requirement":
            return "Chưa có định mức trực nào cho đợt trực: không có số liệu để đánh giá việc bố trí lực lượng trực."
        case "all_kept":
            return (
                f"{v.get('one') or 'Các doanh nghiệp'} đã bố trí và duy trì đủ lực lượng trực theo định mức "
                f"({number_vi(v['required_hours'])} giờ-người), không để xảy ra thiếu hụt người trực."
            )
        case "short":
            return (
                f"{counted()} để xảy ra thiếu hụt người trực "
                f"trong lịch trực, tổng cộng {number_vi(v['person_hours'])} giờ-người ({v['gaps']} khoảng thiếu)"
                + listed()
            )
        case "plan_full":
            return f"Lịch trực của {v.get('one') or 'các doanh nghiệp'} bố trí đủ người theo định mức."
        case "absent":
            return (
                f"{counted()} có người trong lịch trực nhưng "
                f"không có mặt, tổng cộng {number_vi(v['person_hours'])} giờ-người ({v['absences']} lần)" + listed()
            )
        case "night_short":
            return (
                f"Đêm giao thừa thiếu {number_vi(v['missing_hours'])} giờ-người trên "
                f"{number_vi(v['required_hours'])} giờ-người theo định mức."
            )
        case "night_kept":
            return f"Đêm giao thừa bảo đảm đủ người trực ({number_vi(v['required_hours'])} giờ-người)."
        case "incidents":
            return (
                f"Xảy ra {v['count']} sự cố thông tin"
                + (f", trong đó {v['critical']} đặc biệt nghiêm trọng" if v["critical"] else "")
                + f"; thời gian khôi phục lâu nhất {duration_vi(v['restore_worst_seconds'])}"
                + (f"; còn {v['open']} sự cố chưa khắc phục." if v["open"] else "; tất cả đã được khắc phục.")
            )
        case "no_incidents":
            return "Không xảy ra sự cố thông tin."
        case "daily_reports":
            missing = ", ".join(f"{e['name']} thiếu {e['missing']}" for e in v["each"])
            return (
                f"Báo cáo ngày: {v['on_time']}/{v['owed']} báo cáo đúng hạn, {v['late']} nộp muộn, "
                f"{v['missing']} không nộp" + (f" ({missing})." if v["missing"] and not v.get("one") else ".")
            )
        case "inspections":
            return (
                f"Đoàn kiểm tra đã kiểm tra {v['done']} lượt theo kế hoạch"
                + (f", {v['overdue']} lượt quá hạn chưa kiểm tra" if v["overdue"] else "")
                + (f", hủy {v['cancelled']} lượt" if v["cancelled"] else "")
                + "."
            )
        case "findings":
            return (
                f"Kiểm tra đột xuất {v['count']} lượt, {v['with_discrepancies']} lượt phát hiện người trực không có "
                "mặt hoặc sai lệch so với lịch trực."
            )
        case "findings_clean":
            return f"Kiểm tra đột xuất {v['count']} lượt, không phát hiện sai lệch so với lịch trực."
        case "tet_hours":
            return (
                f"Niêm yết giờ mở cửa dịp Tết: {v['on_time']}/{v['owed']} điểm giao dịch đúng hạn, {v['late']} muộn, "
                f"{v['missing']} chưa niêm yết."
            )
        case "readiness":
            return f"Công tác chuẩn bị trước Tết: hoàn thành {v['done']}/{v['total']} nội dung" + (
                f", {v['overdue']} nội dung quá hạn chưa hoàn thành." if v["overdue"] else "."
            )
        case "explanations":
            return _explanations_vi(v)
    raise ValueError(f"no words for the conclusion's {said.key!r}")


@dataclass(frozen=True, slots=True)
class CountsRow:
    """An enterprise's things counted by status (Tết hours' points, inspection plans, readiness items)."""

    enterprise_id: str
    enterprise_name: str
    counts: Mapping[str, int]

    def __getitem__(self, status: str) -> int:
        return self.counts.get(status, 0)


def count_rows(items: Iterable[tuple[str, str, str]], statuses: Sequence[str]) -> tuple[list[CountsRow], CountsRow]:
    """(enterprise id, its name, a status) counted per enterprise (by name) and for the province; every status of
    `statuses` is in each row (0 when none)."""
    per: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for enterprise_id, name, state in items:
        names[enterprise_id] = name
        row = per.setdefault(enterprise_id, dict.fromkeys(statuses, 0))
        row[state] = row.get(state, 0) + 1
    rows = sorted(
        (CountsRow(e, names[e], counts) for e, counts in per.items()),
        key=lambda r: (sort_key(r.enterprise_name), r.enterprise_id),
    )
    total = dict.fromkeys(statuses, 0)
    for r in rows:
        for state, n in r.counts.items():
            total[state] = total.get(state, 0) + n
    return rows, CountsRow("", "Toàn tỉnh", total)


@dataclass(frozen=True, slots=True)
class FindingLine:
    """A surprise visit whose finding has discrepancies: where, when, who was missing (the finding's own words)."""

    enterprise_name: str
    site_name: str
    observed_at: datetime
    missing: tuple[str, ...]
    said: tuple[str, ...]


def finding_lines(docs: Iterable[Mapping[str, object]], names: Mapping[str, str]) -> list[FindingLine]:
    """The findings (their stored documents) that have discrepancies, by when they were observed: who was rostered
    and missing (`missing`, `not_seen`) by name, and each discrepancy as the finding says it in Vietnamese."""
    out = []
    for doc in docs:
        raw = doc.get("discrepancies")
        found = [d for d in raw if isinstance(d, Mapping)] if isinstance(raw, list) else []
        if not found:
            continue
        out.append(
            FindingLine(
                names.get(str(doc.get("enterprise_id")), str(doc.get("enterprise_id"))),
                str(doc.get("site_name") or ""),
                datetime.fromisoformat(str(doc.get("observed_at"))),
                tuple(
                    str(d.get("full_name"))
                    for d in found
                    if d.get("kind") in ("missing", "not_seen") and d.get("full_name")
                ),
                tuple(str(d.get("detail_vi") or "") for d in found),
            )
        )
    out.sort(key=lambda f: f.observed_at)
    return out


def duties_facts(
    *,
    hours: CountsRow | None,
    inspections: CountsRow | None,
    findings: int,
    with_discrepancies: int,
    readiness: CountsRow | None,
) -> list[Said]:
    """The conclusion's facts on the directive's other duties, from their province totals (None: not in this
    report): Tết opening hours, inspections and their findings, readiness."""
    out = []
    if inspections is not None and any(inspections.counts.values()):
        out.append(Said("inspections", {s: inspections[s] for s in ("done", "overdue", "cancelled")}))
    if findings:
        out.append(
            Said("findings", {"count": findings, "with_discrepancies": with_discrepancies})
            if with_discrepancies
            else Said("findings_clean", {"count": findings})
        )
    if hours is not None and any(hours.counts.values()):
        owed = hours["on_time"] + hours["late"] + hours["missing"]
        out.append(Said("tet_hours", {"owed": owed, **{s: hours[s] for s in ("on_time", "late", "missing")}}))
    if readiness is not None and any(readiness.counts.values()):
        total = readiness["done"] + readiness["overdue"] + readiness["open"]
        out.append(Said("readiness", {"total": total, "done": readiness["done"], "overdue": readiness["overdue"]}))
    return out


def duties_said(**totals: Any) -> list[str]:
    """The sentences on the directive's other duties in Vietnamese (`duties_facts`' arguments)."""
    return [said_vi(s) for s in duties_facts(**totals)]


EXPLANATION_STATES = ("unexplained", "submitted", "more_asked", "accepted")
"""The states of an explanation (giải trình) the report counts per enterprise (domain/explanations.py's)."""


def explanations_facts(total: CountsRow) -> list[Said]:
    """The conclusion's fact on the enterprises' explanations (giải trình) of the campaign's gaps in force and
    findings with discrepancies, from the province's total: how many were owed, explained (and what became of them),
    never explained (QZ28 #5); none when nothing was owed."""
    owed = sum(total[s] for s in EXPLANATION_STATES)
    if not owed:
        return []
    return [Said("explanations", {"owed": owed, **{s: total[s] for s in EXPLANATION_STATES}})]


def _explanations_vi(v: Mapping[str, Any]) -> str:
    """The explanations' fact in Vietnamese (`said_vi`)."""
    owed, unexplained = v["owed"], v["unexplained"]
    explained = owed - unexplained
    parts = [
        f"{words} {v[s]}"
        for s, words in (
            ("accepted", "thanh tra chấp nhận"),
            ("more_asked", "yêu cầu bổ sung"),
            ("submitted", "chờ thanh tra xem"),
        )
        if v[s]
    ]
    return (
        f"Giải trình: {owed} khoảng trống trực và biên bản kiểm tra có sai lệch phải giải trình; doanh nghiệp đã "
        f"giải trình {explained}"
        + (f" ({', '.join(parts)})" if parts else "")
        + (f", {unexplained} chưa giải trình." if unexplained else ".")
    )


def completeness_note(pending: int | None, oldest_pending_at: datetime | None) -> str:
    """What the report says of its data: complete as of its making, or how many of roster's records audit had not yet
    applied (and since when); `pending` None: audit could not read Kafka's offsets, said so."""
    if pending is None:
        return (
            "Chưa kiểm tra được hệ thống kiểm tra đã nhận đủ dữ liệu hay chưa (không đọc được Kafka): hãy tải lại sau."
        )
    if pending == 0:
        return "Số liệu đầy đủ: hệ thống kiểm tra đã xử lý mọi dữ liệu nhận được."
    since = f", chờ từ {clock_vi(oldest_pending_at)}" if oldest_pending_at else ""
    return (
        f"Số liệu chưa đầy đủ: hệ thống kiểm tra còn {pending} bản ghi chưa xử lý{since}; "
        "hãy tải lại báo cáo sau ít phút trước khi ký."
    )


@dataclass(frozen=True, slots=True)
class CampaignReport:
    """Everything the report prints, computed once for the page, the PDF and the workbook."""

    campaign: Campaign
    made_at: datetime
    enterprise_id: str | None
    enterprise_name: str | None
    enterprises: int
    night: tuple[datetime, datetime] | None
    coverage: list[CoverageRow]
    province: CoverageFigures
    night_rows: list[CoverageRow]
    night_total: CoverageFigures
    incidents: list[IncidentRow]
    incidents_total: IncidentRow
    reports: list[ReportsRow]
    reports_total: ReportsRow
    conclusion: list[str]
    """"Đánh giá chung" in Vietnamese (`said_vi` of `said`), as the PDF and the workbook print it."""
    profile: dict[str, Any] | None
    remarks: Remarks | None = None
    earlier_remarks: tuple[Remarks, ...] = ()
    """The remarks' versions before the newest, the latest first: kept, listed on the page, never printed."""
    hours: tuple[list[CountsRow], CountsRow] | None = None
    """Tết opening hours' points by status (None: a drill, which has none)."""
    inspections: tuple[list[CountsRow], CountsRow] | None = None
    """The inspection plans by state (None: a manager's report — the plans, surprise ones among them, are the
    Department's, as audit's policy says)."""
    findings: list[FindingLine] = field(default_factory=list)
    findings_count: int = 0
    readiness: tuple[list[CountsRow], CountsRow] | None = None
    """Readiness items done, overdue, open (None: a manager's report of all their enterprises at once)."""
    completeness: str = ""
    """Whether audit had applied all it had received when the report was made (`completeness_note`)."""
    said: list[Said] = field(default_factory=list)
    """The conclusion's facts, for a reader's own words (the portal's page in English)."""
    explanations: tuple[list[CountsRow], CountsRow] | None = None
    """The campaign's gaps in force and findings with discrepancies by their explanation's state
    (`EXPLANATION_STATES`), per enterprise (QZ28 #5)."""
    sectors: tuple[str, ...] = ()
    """The sectors of the enterprises the report covers (its title names them)."""
