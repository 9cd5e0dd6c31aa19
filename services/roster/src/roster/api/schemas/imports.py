"""Spreadsheet import reports."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ImportSummary(BaseModel):
    rows: int
    ok: int
    with_errors: int
    with_warnings: int


class ImportChange(BaseModel):
    """One field an update changes, before → after, and the change in words."""

    field: str = Field(
        description="a staff record's field (full_name, phone, qualifications, active, language, national_id), or "
        "a Tết-hours day's: hours (its sessions as 'HH:MM–HH:MM', in order; none: closed all day) or note"
    )
    before: str | bool | list[str] | None
    after: str | bool | list[str] | None
    message: str = Field(description="the change in English, e.g. 'Opening hours: 07:30–11:30 → closed'")
    message_vi: str = Field(description="the change in Vietnamese, e.g. 'Giờ mở cửa: 07:30–11:30 → Nghỉ'")


class ImportRow(BaseModel):
    """A row of the report; its other fields say what the row is. A staff row: `full_name`, `action` (create,
    update, unchanged; refused: a row with errors, not imported whatever it would do — until 2026-12 such a row said
    create or update, or null when not understood) and, for an update without errors, `changes` — each field it changes with its value before and after and
    the change in words (`message`, `message_vi`). A shift row without errors: `action` (create; unchanged: a stored
    shift of the same duty, times, people, site and notes, left as it is; update: such a shift whose site or notes
    the row changes, with its `changes`) and, for those two, the stored shift's `shift_id`. A Tết-hours row: `site_name`, `day`, `open`, `hours` and, for
    a row that can be imported, `action` (create: the point has no hours that day yet; update; unchanged; blank:
    hours and note empty, so the row is left out and the day stays as it is — a closed day is written "Nghỉ") and,
    for an update, `changes` (its hours and note)."""

    model_config = ConfigDict(extra="allow")

    row: int = Field(description="the row number in the spreadsheet (the header is row 1)")
    ok: bool
    errors: list[dict[str, Any]] = Field(
        description="what is wrong: each with its `field` (the column), `rule`, `message` and `message_vi`, and "
        "`value`: the cell as the file wrote it (for an error about one person of a list, that person as written; "
        "absent when the cell is empty)"
    )
    warnings: list[dict[str, Any]]
    adds: dict[str, Any] | None = Field(
        default=None,
        exclude_if=lambda adds: adds is None,
        description="a staff row that registers someone (action create, no errors): what will be stored — "
        "full_name, email, phone, qualifications (codes) and active",
    )
    changes: list[ImportChange] = Field(
        default_factory=list,
        exclude_if=lambda changes: not changes,
        description="an update's changes, before → after (absent on other rows, and on a row with errors: it is "
        "not applied)",
    )


class ImportReport(BaseModel):
    kind: Literal["staff", "shifts", "tet_hours"]
    dry_run: bool
    committed: bool
    ignored_columns: list[str]
    summary: ImportSummary
    rows: list[ImportRow]
    late_points: list[str] = Field(
        default_factory=list,
        description="Tết hours: the post offices and transaction points (by name) this import publishes for the "
        "first time after the campaign's hours deadline, so recorded late; a dry run names those its commit would. "
        "Only points the file gives days, with no wrong row, never published before, when publish=true",
    )
    empty_points: list[str] = Field(
        default_factory=list,
        description="Tết hours: the post offices and transaction points (by name) every row of which was blank "
        "(hours and note empty) and whose hours were never published: nothing is imported for them and they stay "
        "unpublished, publish=true or not",
    )
    notes: list[dict[str, Any]] = Field(
        default_factory=list,
        description="what reading the file's shape found, said once for the file, each with its `rule`, `message` "
        "and `message_vi`: sheet-read (the sheet read, when not the first: `sheet`), two-row-header (a header over "
        "two rows: `rows`), after-table (rows under the table, after a blank row, that are a signature or notes: "
        "left out, `rows`), hidden-rows (rows hidden in the file, by hand or by a filter: imported all the same, "
        "`rows`), hidden-columns (columns the import reads that are hidden in the file: read all the same, "
        "`columns`, by their headers)",
    )
