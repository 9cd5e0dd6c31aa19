"""Explanations (giải trình) of gaps and findings, through audit: the list of a manager's (or the province's) items with
their state, one item with its explanation's versions and the inspector's answers, giving or amending one with files,
answering one, and a file as kept. Audit decides who may do what (its api/policy.py); the portal draws and forwards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from ..clients.services import Caller, ServiceError
from ..domain.dates import parse_instant
from ..domain.paging import PageView, clamp_limit, page_view
from ..domain.said import Said

KINDS = ("gap", "finding")
STATES = ("unexplained", "submitted", "more_asked", "accepted")
CAUSES = ("no_show", "sudden_absence", "short_of_people", "roster_mistake", "roster_late", "incident", "other")
"""Audit's causes (audit.domain.explanations.CAUSES), named in messages/*/explanations.toml."""
LIMIT = 20
MAX_FILES = 5
MAX_FILE_MB = 10


@dataclass(frozen=True)
class Item:
    """A gap or a finding with its explanation's state, as a list row says it."""

    kind: str
    item_id: str
    enterprise_id: str
    enterprise_name: str
    site_name: str
    described: str
    starts_at: datetime
    state: str
    versions: int
    updated_at: datetime | None
    counted: str = ""
    """A gap closed before its hours began: when, and why it is still owed an explanation — audit's words in the
    person's language (`counted_vi` / `counted_en`: the roster was short at or after the readiness deadline, QZ29 #2);
    empty for any other item."""

    @property
    def inspector_url(self) -> str:
        return f"/inspect/{self.kind}s/{self.item_id}#explanation"

    @property
    def manager_url(self) -> str:
        return f"/manage/explanations/{self.kind}/{self.item_id}"


@dataclass(frozen=True)
class File:
    attachment_id: str
    filename: str
    media_type: str
    size: int
    sha256: str

    @property
    def url(self) -> str:
        return f"/explanations/files/{self.attachment_id}"

    @property
    def size_kb(self) -> str:
        return f"{max(1, round(self.size / 1024))}"


@dataclass(frozen=True)
class Version:
    version: int
    cause: str
    reason: str
    action: str
    files: tuple[File, ...]
    author: str
    on_behalf: bool
    written_at: datetime


@dataclass(frozen=True)
class Answer:
    version: int
    decision: str
    note: str
    reviewer: str
    at: datetime


@dataclass(frozen=True)
class Explained:
    """An item and its explanation (no versions: not explained)."""

    item: Item
    state: str
    versions: tuple[Version, ...] = ()
    answers: tuple[Answer, ...] = ()

    @property
    def latest(self) -> Version | None:
        return self.versions[-1] if self.versions else None

    def answer_to(self, version: int) -> Answer | None:
        return next((a for a in self.answers if a.version == version), None)


@dataclass(frozen=True)
class Listed:
    items: list[Item]
    page: PageView
    state: str
    kind: str


@dataclass(frozen=True)
class Sent:
    """A file the person chose, to send on: its bytes, or the file they were received into (sent whole, streamed,
    so that audit judges its real size: QZ28 #3, an 11 MB file cut at the limit was said to weigh 10 MB)."""

    filename: str
    content: bytes | IO[bytes]
    media_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Kept:
    """A file as audit keeps it, to serve."""

    content: bytes
    media_type: str
    disposition: str
    headers: Mapping[str, str] = field(default_factory=dict)


def _item(x: Mapping[str, Any], lang: str) -> Item:
    return Item(
        kind=str(x["item_kind"]),
        item_id=str(x["item_id"]),
        enterprise_id=str(x["enterprise_id"]),
        enterprise_name=str(x.get("enterprise_name") or ""),
        site_name=str(x.get("site_name") or ""),
        described=str(x["described_vi"] if lang == "vi" else x["described_en"]),
        starts_at=parse_instant(str(x["starts_at"])),
        state=str(x["state"]),
        versions=int(x.get("versions") or 0),
        updated_at=parse_instant(str(x["updated_at"])) if x.get("updated_at") else None,
        counted=str(x.get("counted_vi" if lang == "vi" else "counted_en") or ""),
    )


def _explained(body: Mapping[str, Any], lang: str) -> Explained:
    item = _item(body["item"], lang)
    e = body.get("explanation")
    if not e:
        return Explained(item, item.state)
    versions = tuple(
        Version(
            version=int(v["version"]),
            cause=str(v["cause"]),
            reason=str(v["reason"]),
            action=str(v.get("action") or ""),
            files=tuple(
                File(str(a["attachment_id"]), a["filename"], a["media_type"], int(a["size"]), a["sha256"])
                for a in v.get("attachments") or ()
            ),
            author=str(v.get("author_name") or v.get("author") or ""),
            on_behalf=bool(v.get("on_behalf")),
            written_at=parse_instant(str(v["written_at"])),
        )
        for v in e.get("versions") or ()
    )
    answers = tuple(
        Answer(
            version=int(r["version"]),
            decision=str(r["decision"]),
            note=str(r.get("note") or ""),
            reviewer=str(r.get("reviewer_name") or r.get("reviewer") or ""),
            at=parse_instant(str(r["at"])),
        )
        for r in e.get("reviews") or ()
    )
    return Explained(item, str(e["state"]), versions, answers)


async def items(
    caller: Caller,
    *,
    lang: str,
    state: str,
    kind: str,
    path: str,
    query: Mapping[str, str],
    limit: int | None,
    cursor: str | None,
    waiting_first: bool = False,
) -> Listed:
    """A page of items (the caller's enterprises' for a manager: audit narrows it), filtered by state and kind;
    `waiting_first`: those waiting for the inspector's answer before the others (the inspector's list)."""
    size = clamp_limit(limit, LIMIT)
    found = await caller.page(
        "audit",
        "/explanations",
        {
            "state": state if state in STATES else "",
            "kind": kind if kind in KINDS else "",
            "limit": size,
            "cursor": cursor,
            "waiting_first": "true" if waiting_first else "",
        },
    )
    rows = [_item(x, lang) for x in found.items]
    view = page_view(path, query, limit=size, count=len(rows), total=found.total, next_cursor=found.next_cursor)
    return Listed(rows, view, state, kind)


async def one(caller: Caller, *, kind: str, item_id: str, lang: str) -> Explained:
    """An item with its explanation; a ServiceError (404) when audit knows none, or not for this caller, and (502) when
    its answer is not an explanation."""
    path = f"/{kind}s/{item_id}/explanation"
    body = await caller.get("audit", path)
    try:
        return _explained(body, lang)
    except (KeyError, TypeError, ValueError) as exc:
        raise ServiceError(
            "audit", 502, {"title": "Bad answer", "detail": f"{path}: not an explanation ({exc})"}
        ) from exc


@dataclass(frozen=True)
class Given:
    """An explanation just sent, and what audit tells its author of it (a file given again kept once: QZ28 #4)."""

    explained: Explained
    notes: tuple[Said, ...] = ()


async def give(
    caller: Caller,
    *,
    kind: str,
    item_id: str,
    cause: str,
    reason: str,
    action: str,
    keep: Sequence[str],
    files: Sequence[Sent],
    lang: str,
) -> Given:
    """Send the explanation (a new version) with its files, as multipart, to audit."""
    response = await caller.request(
        "audit",
        "POST",
        f"/{kind}s/{item_id}/explanation",
        data={"cause": cause, "reason": reason, "action": action, "keep": list(keep)},
        files=[("files", (f.filename, f.content, f.media_type)) for f in files],
    )
    body = response.json()
    return Given(_explained(body, lang), tuple(Said.from_api(n) for n in body.get("notes") or ()))


async def answer(
    caller: Caller, *, kind: str, item_id: str, decision: str, note: str, version: int | None, lang: str
) -> Explained:
    body = {"decision": decision, "note": note, "version": version}
    return _explained(await caller.post("audit", f"/{kind}s/{item_id}/explanation/review", body), lang)


async def waiting(caller: Caller) -> int:
    """How many explanations wait for an inspector's answer."""
    return int((await caller.get("audit", "/explanations/waiting")).get("waiting") or 0)


async def file(caller: Caller, *, attachment_id: str) -> Kept:
    """A file as audit serves it: its bytes, its media type and its name (Content-Disposition), passed on as is."""
    response = await caller.request("audit", "GET", f"/explanations/files/{attachment_id}")
    return Kept(
        content=response.content,
        media_type=response.headers.get("content-type", "application/octet-stream"),
        disposition=response.headers.get("content-disposition", "attachment"),
    )
