"""/imports: staff and shifts from the spreadsheets managers already keep (CSV or XLSX)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile

from lichtruc.problems import Problem
from lichtruc.sheets import attachment, download_name
from lichtruc.text import one_line

from ...documents.import_files import filled_csv, filled_xlsx
from ...domain import imports
from ...domain.import_files import SHIFT_HEADER, STAFF_HEADER, StaffFilter
from ...handlers import UnitOfWork
from ...handlers import import_files as files
from ...handlers import imports as handlers
from ..deps import Changing, Ctx, IdempotentChange
from ..schemas import ImportReport, Qualification
from ..views import import_report_out

router = APIRouter(tags=["imports"])

IMPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "dry run: the per-row report; nothing written"},
    201: {"description": "committed: every row written (one transaction), with the ids"},
    413: {"description": "the file is larger than ROSTER_IMPORT_MAX_BYTES"},
    422: {
        "description": "a missing column, too many rows, an unreadable file, or bad rows (then `report` says "
        "what each row needs; nothing was written)"
    },
}
Upload = Annotated[
    UploadFile,
    File(
        description="a .csv (UTF-8; comma, semicolon or tab), .txt (UTF-16, Excel's Unicode Text) or .xlsx file (the first "
        "sheet whose header row names the columns is read); headers in Vietnamese or English"
    ),
]
DryRun = Annotated[bool, Query(description="check every row and report, write nothing")]


async def read_upload(file: UploadFile, limit: int) -> bytes:
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise Problem(
            413,
            "payload-too-large",
            "File too large",
            f"The file is larger than {limit} bytes: split it into several files.",
            detail_vi=f"Tệp lớn hơn {limit} byte: hãy chia thành nhiều tệp.",
            errors=[{"field": "file", "rule": "max-bytes", "message": f"at most {limit} bytes"}],
        )
    return data


def fingerprint(file: UploadFile, data: bytes) -> dict:
    return {"file": hashlib.sha256(data).hexdigest(), "filename": file.filename}


def _render(report: imports.ImportReport) -> tuple[ImportReport, dict[str, str]]:
    return import_report_out(report), {}


async def run_import(
    change: Changing,
    file: UploadFile,
    work: Callable[[UnitOfWork, bytes], Awaitable[imports.ImportReport]],
    *,
    dry_run: bool,
) -> Response:
    """Every import's answer: the file read (413 past ROSTER_IMPORT_MAX_BYTES), then `work` on its bytes — 200 and
    the report for a dry run, 201 once written; recorded as "import" when the token names nobody; the same file
    sent again with the same Idempotency-Key gets the first answer."""
    data = await read_upload(file, change.ctx.import_max_bytes)
    return await change.run(
        lambda uow: work(uow, data),
        _render,
        status_code=200 if dry_run else 201,
        default_actor="import",
        payload=fingerprint(file, data),
    )


@router.post(
    "/imports/staff",
    response_model=ImportReport,
    responses=IMPORT_RESPONSES,
    summary="Import staff of one enterprise (Họ và tên/full_name, Email, Số điện thoại/phone, "
    "Chuyên môn/qualifications, …); rows with a known e-mail update that person",
)
async def import_staff(
    change: IdempotentChange, file: Upload, enterprise_id: uuid.UUID, dry_run: DryRun = False
) -> Response:
    return await run_import(
        change,
        file,
        lambda uow, data: handlers.import_staff(uow, enterprise_id=enterprise_id, data=data, dry_run=dry_run),
        dry_run=dry_run,
    )


@router.post(
    "/imports/shifts",
    response_model=ImportReport,
    responses=IMPORT_RESPONSES,
    summary="Import shifts of one enterprise in one campaign (Loại trực/duty_type, Bắt đầu/starts_at, "
    "Kết thúc/ends_at, Địa điểm/site, Người trực/assignees by e-mail or name, Ghi chú/notes)",
)
async def import_shifts(
    change: IdempotentChange,
    file: Upload,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    dry_run: DryRun = False,
    publish: Annotated[bool, Query(description="create the shifts published")] = False,
) -> Response:
    return await run_import(
        change,
        file,
        lambda uow, data: handlers.import_shifts(
            uow, campaign_id=campaign_id, enterprise_id=enterprise_id, data=data, dry_run=dry_run, publish=publish
        ),
        dry_run=dry_run,
    )


# --- the lists as files the imports read back ---------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {XLSX: {}, "text/csv": {}}, "description": "the file"},
}
Format = Annotated[Literal["xlsx", "csv"], Query(description="the file format")]


def _file(
    header: tuple[str, ...], rows: list[list[str]], *, fmt: str, sheet: str, name: str, title: str = ""
) -> Response:
    if fmt == "csv":
        data, media = filled_csv(header, rows, title=title), "text/csv; charset=utf-8"
    else:
        data, media = filled_xlsx(header, rows, sheet_title=sheet, title=title), XLSX
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": attachment(name), "X-Row-Count": str(len(rows)), "Cache-Control": "no-store"},
    )


@router.get(
    "/imports/staff/template",
    summary="The staff import's template filled with the enterprise's staff, active or not, one row per person in "
    "Vietnamese name order, in the import's columns (Họ và tên, Email, Số điện thoại, Chuyên môn, Đang hoạt động, "
    "Ngôn ngữ, Số CCCD; e-mails, phone and CCCD numbers as Text cells): imported back unchanged, every row is "
    "`unchanged` and nothing is written; `qualification`, `active`, `q`: only the records the staff list's filters "
    'keep, the file\'s name saying which ("Danh sách cán bộ - VNPT Long An - tên có “nguyen” - Kỹ thuật.xlsx")',
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def staff_template(
    ctx: Ctx,
    enterprise_id: uuid.UUID,
    format: Format = "xlsx",
    qualification: Annotated[Qualification | None, Query(description="only the staff holding it")] = None,
    active: Annotated[bool | None, Query(description="only those at work (true) or not (false)")] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="only those whose name has it, as `GET /staff?q=` finds them")
    ] = None,
) -> Response:
    only = StaffFilter(qualification, active, one_line(q) or None if q else None)
    filled = await files.staff_file(ctx, enterprise_id=enterprise_id, only=only)
    name = download_name("Danh sách cán bộ", filled.enterprise.name, *only.words(), ext=format)
    return _file(STAFF_HEADER, filled.rows, fmt=format, sheet="Cán bộ", name=name)


@router.get(
    "/imports/shifts/template",
    summary="The shift import's template filled with the campaign's shifts of the enterprise (not cancelled), one "
    "row per shift by start, in the import's columns (Ngày, Loại trực, Bắt đầu, Kết thúc, Địa điểm, Người trực, Ghi "
    "chú; people by name, by e-mail when two share a name), and last Trạng thái: each draft (not published, nobody "
    "told) marked so, with how many drafts the file has on a line above the header (QZ8: a sheet passed on read its "
    "drafts as the roster), in `lang`; imported back unchanged, every row is `unchanged` and nothing is written (the "
    "import seeks the header below that line and does not read Trạng thái)",
    response_class=Response,
    responses=FILE_RESPONSES,
)
async def shifts_template(
    ctx: Ctx,
    campaign_id: uuid.UUID,
    enterprise_id: uuid.UUID,
    format: Format = "xlsx",
    lang: Annotated[
        Literal["vi", "en"], Query(description="language of the drafts' line and of each shift's Trạng thái")
    ] = "vi",
) -> Response:
    filled = await files.shifts_file(ctx, campaign_id=campaign_id, enterprise_id=enterprise_id, lang=lang)
    assert filled.campaign is not None
    name = download_name("Lịch trực", filled.enterprise.name, filled.campaign.name, ext=format)
    return _file(SHIFT_HEADER, filled.rows, fmt=format, sheet="Lịch trực", name=name, title=filled.title)
