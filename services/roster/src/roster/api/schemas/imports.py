"""Spreadsheet import reports."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ImportSummary(BaseModel):
    rows: int
    ok: int
    with_errors: int
    with_warnings: int


class ImportRow(BaseModel):
    """A row of the report; its other fields say what the row is. A staff row: `full_name`, `action` (create,
    update, unchanged) and, for an update, `changes` — each field it changes with its value before and after and
    the change in words (`message`, `message_vi`)."""

    model_config = ConfigDict(extra="allow")

    row: int = Field(description="the row number in the spreadsheet (the header is row 1)")
    ok: bool
    errors: list[dict[str, Any]] = Field(
        description="what is wrong: each with its `field` (the column), `rule`, `message` and `message_vi`, and "
        "`value`: the cell as the file wrote it (for an error about one person of a list, that person as written; "
        "absent when the cell is empty)"
    )
    warnings: list[dict[str, Any]]


class ImportReport(BaseModel):
    kind: Literal["staff", "shifts", "tet_hours"]
    dry_run: bool
    committed: bool
    ignored_columns: list[str]
    summary: ImportSummary
    rows: list[ImportRow]
