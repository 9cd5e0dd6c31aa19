"""Whether audit's event log and its findings' chain are intact and complete: both re-computed by
audit (`/log/verify`, `/findings/verify`) when the page is asked for, with the latest signed
tree head (`/log/tree-head`: when it was signed, its size and root for the inspector to keep) and
the roster events known to be missing, named by their enterprise (roster's `/enterprises`). And the
checks an inspector asks for, verified here rather than taken from audit (domain/log_proofs.py): a
tree head they kept, against the latest signed head; an event's place in the signed tree."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..clients.services import Caller, ServiceError
from ..domain.dates import parse_instant
from ..domain.log_check import ChainCheck, MissingEvent, read_check
from ..domain.log_proofs import (
    EventRef,
    HeadFileRefusal,
    InclusionCheck,
    KeptCheck,
    SignedHead,
    check_inclusion,
    check_kept_head,
    head_file,
    parse_event_ref,
    parse_head_file,
    parse_root,
    proof_file,
)
from .gaps import history_item


@dataclass(frozen=True)
class Missing:
    """A missing event as the page shows it."""

    event: MissingEvent
    enterprise: str  # the enterprise's name; "" when the key is no enterprise (a campaign's own id)
    noticed_at: datetime | None


@dataclass(frozen=True)
class TreeHead:
    size: int
    signed_at: datetime | None
    ok: bool
    root: str = ""
    """Its root hash (hex): with the size, what an inspector keeps to check the log later."""


@dataclass(frozen=True)
class LogPage:
    checked_at: datetime
    log: ChainCheck
    findings: ChainCheck
    missing: list[Missing]
    tree: TreeHead | None


def _instant(text: str) -> datetime | None:
    try:
        return parse_instant(text) if text else None
    except ValueError:
        return None


async def log_page(*, caller: Caller, now: datetime) -> LogPage:
    log_body, findings_body = await asyncio.gather(
        caller.get("audit", "/log/verify"), caller.get("audit", "/findings/verify")
    )
    log, findings = read_check(log_body), read_check(findings_body)
    tree = None
    if log.tree_size is not None:
        head = await _latest_head(caller, size=log.tree_size)  # the head audit just checked
        tree = TreeHead(
            log.tree_size, head.signed_at if head else None, bool(log.tree_ok), head.root.hex() if head else ""
        )
    names: dict[str, str] = {}
    if log.missing_shown:
        names = {str(e["id"]): str(e["name"]) for e in await caller.every("roster", "/enterprises")}
    missing = [Missing(m, names.get(m.partition_key, ""), _instant(m.noticed_at)) for m in log.missing_shown]
    return LogPage(now, log, findings, missing, tree)


# --- checks an inspector asks for: a tree head they kept, an event's place in the log ---------


@dataclass(frozen=True)
class ProofForm:
    """What the inspector typed into the log page's two checks (as typed, shown back)."""

    size: str = ""
    root: str = ""
    event: str = ""

    @property
    def asks_kept(self) -> bool:
        return bool(self.size.strip() or self.root.strip())

    @property
    def asks_event(self) -> bool:
        return bool(self.event.strip())


@dataclass(frozen=True)
class KeptFile:
    """A checkpoint the inspector chose as a file (its name as chosen), and why it was refused: what is wrong with
    it as a file (`refusal`), or that its signature does not verify with audit's key (`unsigned`)."""

    name: str
    refusal: HeadFileRefusal | None = None
    unsigned: bool = False
    head: SignedHead | None = None
    """The head it holds, its signature verified (None when refused)."""


@dataclass(frozen=True)
class ProofAnswer:
    """The answer to one of the checks: a verdict, or what was wrong with the form (field → message
    key), or that the asked record or a signed head does not exist (`missing`: "event", "record", "head"; "incident":
    the id typed is an incident's, not an event's — its events are listed, each with its proof, on its page)."""

    form: ProofForm
    kept: KeptCheck | None = None
    inclusion: InclusionCheck | None = None
    errors: dict[str, str] = field(default_factory=dict)
    missing: str = ""
    summary: str = ""
    """The checked event in words, as the enterprise's history tells it ("" when it has none)."""
    file: KeptFile | None = None
    """The checkpoint file the kept head came from, or was refused (None when it was typed)."""


async def _latest_head(caller: Caller, *, size: int | None = None) -> SignedHead | None:
    """The latest signed tree head (or the one signed for `size` records); None when there is none."""
    try:
        return SignedHead.from_api(await caller.get("audit", "/log/tree-head", {"size": size}))
    except ServiceError as exc:
        if exc.status == 404:
            return None
        raise


async def _public_key(caller: Caller) -> str:
    return (await caller.request("audit", "GET", "/log/public-key")).text


async def check_kept(caller: Caller, form: ProofForm) -> ProofAnswer:
    """A tree head the inspector kept (size and root hash) against the latest signed head."""
    errors: dict[str, str] = {}
    size = int(form.size.strip()) if form.size.strip().isdigit() else 0
    if size < 1:
        errors["size"] = "log.proof.error_size"
    root = parse_root(form.root)
    if root is None:
        errors["root"] = "log.proof.error_root"
    if errors or root is None:
        return ProofAnswer(form, errors=errors)
    latest, public_pem = await asyncio.gather(_latest_head(caller), _public_key(caller))
    return await _against_latest(caller, form, size=size, root=root, latest=latest, public_pem=public_pem)


async def _against_latest(
    caller: Caller,
    form: ProofForm,
    *,
    size: int,
    root: bytes,
    latest: SignedHead | None,
    public_pem: str,
    file: KeptFile | None = None,
) -> ProofAnswer:
    """The kept head (`size`, `root`) held against the latest signed head, by audit's consistency proof."""
    if latest is None:
        return ProofAnswer(form, missing="head", file=file)
    proof = None
    if size <= latest.size:
        proof = await caller.get("audit", "/log/proof/consistency", {"from": size, "to": latest.size})
    kept = check_kept_head(size, root, latest=latest, proof=proof, public_pem=public_pem)
    return ProofAnswer(form, kept=kept, file=file)


async def check_kept_file(caller: Caller, *, data: bytes, name: str) -> ProofAnswer:
    """A checkpoint kept as a file (the portal's checkpoint file or proof file): read, its own signature checked with
    audit's public key before anything else, then held against the latest signed head as a typed one is. Refused,
    the answer says why (`ProofAnswer.file`) and audit is not asked for a proof."""
    parsed = parse_head_file(data)
    if isinstance(parsed, HeadFileRefusal):
        return ProofAnswer(ProofForm(), file=KeptFile(name, refusal=parsed))
    latest, public_pem = await asyncio.gather(_latest_head(caller), _public_key(caller))
    if not parsed.signed_by(public_pem):
        return ProofAnswer(ProofForm(), file=KeptFile(name, unsigned=True))
    form = ProofForm(size=str(parsed.size), root=parsed.root.hex())  # what the file held, in the typed form's boxes
    file = KeptFile(name, head=parsed)
    return await _against_latest(
        caller, form, size=parsed.size, root=parsed.root, latest=latest, public_pem=public_pem, file=file
    )


async def _is_incident(caller: Caller, ident: str) -> bool:
    """Whether `ident` is an incident audit knows (an id inspectors read on its page, often typed for an event's)."""
    try:
        await caller.get("audit", f"/incidents/{ident}")
    except ServiceError as exc:
        if exc.status in (403, 404):
            return False
        raise
    return True


async def _record(caller: Caller, ref: EventRef) -> Mapping[str, Any] | None:
    """The log record of an event named by its id or by its record number; None when the log has none."""
    if ref.seq:
        try:
            return dict(await caller.get("audit", f"/log/{ref.seq}"))
        except ServiceError as exc:
            if exc.status == 404:
                return None
            raise
    records = (await caller.page("audit", "/log", {"event_id": ref.event_id, "limit": 1})).items
    return dict(records[0]) if records else None


@dataclass(frozen=True)
class Proven:
    """A record and audit's inclusion proof of it in the latest signed tree, with the log's public key."""

    record: Mapping[str, Any]
    proof: Mapping[str, Any]
    public_pem: str


async def _prove(caller: Caller, form: ProofForm) -> Proven | ProofAnswer:
    """The record the form names, proven: or the answer that says why not (the form, no such record, no head yet)."""
    ref = parse_event_ref(form.event)
    if ref is None:
        return ProofAnswer(form, errors={"event": "log.proof.error_event"})
    record = await _record(caller, ref)
    if record is None:
        if ref.seq:
            return ProofAnswer(form, missing="record")
        return ProofAnswer(form, missing="incident" if await _is_incident(caller, ref.event_id) else "event")
    try:
        proof, public_pem = await asyncio.gather(
            caller.get("audit", "/log/proof/inclusion", {"event": str(record["event_id"])}), _public_key(caller)
        )
    except ServiceError as exc:
        if exc.status == 404:  # logged, but no head signed over it yet
            return ProofAnswer(form, missing="head")
        raise
    return Proven(record, proof, public_pem)


async def check_event(caller: Caller, form: ProofForm, *, lang: str) -> ProofAnswer:
    """An event (by its id or its record number) against the latest signed head: is it in the log, as shown?"""
    proven = await _prove(caller, form)
    if isinstance(proven, ProofAnswer):
        return proven
    record = proven.record
    try:
        item = await history_item(caller, enterprise_id=str(record["partition_key"]), record=record)
    except ServiceError as exc:
        if exc.status not in (403, 404, 422):  # keyed by no enterprise (a campaign's own events)
            raise
        item = None
    summary = str(item["summary_vi"] if lang == "vi" else item["summary"]) if item else ""
    inclusion = check_inclusion(record, proven.proof, public_pem=proven.public_pem)
    return ProofAnswer(form, inclusion=inclusion, summary=summary)


@dataclass(frozen=True)
class ProofFile:
    content: bytes
    name: str


async def proof_file_of(caller: Caller, form: ProofForm) -> ProofFile | ProofAnswer:
    """The inclusion proof of the event the form names as a file to keep (domain.log_proofs.proof_file); or the
    answer that says why there is none."""
    proven = await _prove(caller, form)
    if isinstance(proven, ProofAnswer):
        return proven
    content = proof_file(proven.record, proven.proof, public_pem=proven.public_pem)
    return ProofFile(content, f"bang-chung-nhat-ky-ban-ghi-{int(proven.record['seq'])}.json")


async def head_file_of(caller: Caller, *, size: int) -> ProofFile | None:
    """The signed tree head of `size` records as a file to keep (domain.log_proofs.head_file); None when audit signed
    none for that size."""
    head, public_pem = await asyncio.gather(_latest_head(caller, size=size), _public_key(caller))
    if head is None:
        return None
    return ProofFile(head_file(head, public_pem=public_pem), f"moc-chot-so-nhat-ky-{head.size}-ban-ghi.json")
