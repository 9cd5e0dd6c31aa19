"""Explanations (giải trình) of gaps and findings: a manager gives one (or amends it), an inspector answers it; each
version and each answer is, in the same transaction, audit's own record of the signed log (domain/explanations.py).

The story is written once against `ExplanationStore` (`give`, `answer`): PostgreSQL (db/explanations.py) in the
service, the memory store (db/memory.py) in unit tests. The `ctx` functions around them hold the log's chain, append
the record and sign the tree's new head, as a finding's recording does (handlers/findings.py).

Each record appended is also queued in audit's outbox, in the same transaction, for its topic (`_logged`): the same
envelope and id (`lichtruc.events_explanations`), keyed by the item's enterprise. Notifier reads them there and tells
the inspectors of a version given, the enterprise's managers of an answer. A record already in the log (the same
version given again) is neither appended nor queued again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from lichtruc.events import CloudEvent
from lichtruc.paging import PageRequest, Slice

from ..db.explanations import AccountableFilter, StoredFile
from ..db.unit import Unit
from ..domain import explanations as rules
from ..domain.errors import AuditError, finding_not_found, gap_not_found
from ..domain.explanations import Accountable, Attachment, Decision, Explanation, ItemKind, Upload, Writing
from ..domain.model import utc
from .context import Context
from .findings import NO_TOPIC
from .log import sign_head


class ExplanationStore(Protocol):
    """Where explanations, their files and the items they explain are read and kept (in the caller's transaction)."""

    async def lock(self, item_kind: ItemKind, item_id: uuid.UUID) -> None: ...

    async def get(self, item_kind: ItemKind, item_id: uuid.UUID) -> Explanation | None: ...

    async def put(self, e: Explanation) -> None: ...

    async def add_files(self, explanation_id: str, files: list[tuple[Attachment, bytes]], at: datetime) -> None: ...

    async def file(self, attachment_id: uuid.UUID) -> StoredFile | None: ...

    async def file_owner(self, attachment_id: uuid.UUID) -> uuid.UUID | None: ...

    async def item(self, item_kind: ItemKind, item_id: uuid.UUID, *, now: datetime) -> Accountable | None: ...

    async def page(self, f: AccountableFilter, page: PageRequest, *, now: datetime) -> Slice[Accountable]: ...

    async def waiting(self, f: AccountableFilter) -> int: ...


@dataclass(frozen=True)
class Explain:
    """An explanation to give (or amend). The author is the caller (from the token), never the body; an
    administrator writes on the enterprise's behalf (`on_behalf`, said in the record)."""

    item_kind: ItemKind
    item_id: uuid.UUID
    writing: Writing
    uploads: tuple[Upload, ...]
    author: str
    author_name: str | None
    on_behalf: bool


@dataclass(frozen=True)
class Answer:
    """An inspector's answer to the latest version (`version`: the one they read, when the form says)."""

    item_kind: ItemKind
    item_id: uuid.UUID
    decision: Decision
    note: str
    reviewer: str
    reviewer_name: str | None
    version: int | None = None


@dataclass(frozen=True)
class Explained:
    """An item with its explanation (None: not explained); `repeats`: the files just given that it had already."""

    item: Accountable
    explanation: Explanation | None
    repeats: tuple[rules.Repeat, ...] = ()


@dataclass(frozen=True)
class Given:
    """A version just written: the item, its explanation, and the files given that it had already (left out)."""

    item: Accountable
    explanation: Explanation
    repeats: tuple[rules.Repeat, ...] = ()


def _not_found(kind: ItemKind) -> AuditError:
    return gap_not_found() if kind == "gap" else finding_not_found()


async def _item(store: ExplanationStore, kind: ItemKind, item_id: uuid.UUID, now: datetime) -> Accountable:
    item = await store.item(kind, item_id, now=now)
    if item is None:
        raise _not_found(kind)
    return item


async def give(store: ExplanationStore, cmd: Explain, *, now: datetime) -> Given:
    """Write a new version of the item's explanation (its files kept with it, each once); returns it with the item
    and the files given that it had already (left out)."""
    item = await _item(store, cmd.item_kind, cmd.item_id, now)
    said = rules.item_said(item)
    await store.lock(cmd.item_kind, cmd.item_id)
    current = await store.get(cmd.item_kind, cmd.item_id)
    if current is None and item.item_kind == "finding" and not item.discrepancy_count:
        raise rules.nothing_to_explain(said)
    writing = rules.check_writing(cmd.writing)
    files = rules.check_files(cmd.uploads)  # with the kept ones counted by `write`, once repeats are left out
    explained = rules.write(
        current,
        item_kind=cmd.item_kind,
        item_id=str(cmd.item_id),
        enterprise_id=item.enterprise_id,
        item_said=said,
        writing=writing,
        new_files=[a for _, a in files],
        author=cmd.author,
        author_name=cmd.author_name,
        on_behalf=cmd.on_behalf,
        now=now,
    )
    await store.put(explained)
    attached = set(explained.latest.attachments)
    await store.add_files(explained.explanation_id, [(a, u.content) for u, a in files if a in attached], now)
    return Given(item, explained, rules.repeats([a for _, a in files], explained.latest))


async def answer(store: ExplanationStore, cmd: Answer, *, now: datetime) -> tuple[Explanation, Accountable]:
    """Record the inspector's answer to the latest version; returns the explanation and the item."""
    item = await _item(store, cmd.item_kind, cmd.item_id, now)
    await store.lock(cmd.item_kind, cmd.item_id)
    answered = rules.review(
        await store.get(cmd.item_kind, cmd.item_id),
        item_said=rules.item_said(item),
        decision=cmd.decision,
        note=cmd.note,
        reviewer=cmd.reviewer,
        reviewer_name=cmd.reviewer_name,
        version=cmd.version,
        now=now,
    )
    await store.put(answered)
    return answered, item


async def _logged(ctx: Context, unit: Unit, record: dict[str, object]) -> int | None:
    """Append the record to the log, sign the new head and queue the record for audit's topic; its seq (None: it
    was in the log already, and nothing is queued)."""
    event = CloudEvent.model_validate(record)
    appended = await unit.log.append(event, topic=NO_TOPIC, clock=ctx.clock)
    if appended is None:
        return None
    await sign_head(unit, key=ctx.log_key, at=appended.received_at)
    await unit.queue(event, topic=ctx.audit_topic)
    return appended.seq


async def explain(*, ctx: Context, cmd: Explain) -> Explained:
    """Give or amend an explanation, append its record to the signed log and queue it for audit's topic, in one
    transaction."""
    now = utc(ctx.clock())
    async with ctx.write() as unit:
        await unit.log.lock_chain()  # one order: the chain first, then the item (as an answer takes them)
        given = await give(unit.explanations, cmd, now=now)
        seq = await _logged(ctx, unit, rules.given_record(given.explanation, item=given.item))
    if seq is not None:
        ctx.appended(seq)
        ctx.notify_relay()
    return Explained(given.item, given.explanation, given.repeats)


async def review(*, ctx: Context, cmd: Answer) -> Explained:
    """Answer an explanation, append the answer's record to the signed log and queue it for audit's topic, in one
    transaction."""
    now = utc(ctx.clock())
    async with ctx.write() as unit:
        await unit.log.lock_chain()
        answered, item = await answer(unit.explanations, cmd, now=now)
        seq = await _logged(ctx, unit, rules.reviewed_record(answered, item=item))
    if seq is not None:
        ctx.appended(seq)
        ctx.notify_relay()
    return Explained(item, answered)


async def explanation_of(*, ctx: Context, item_kind: ItemKind, item_id: uuid.UUID) -> Explained:
    """An item with its explanation (None when not explained); `NotFound` when there is no such item."""
    async with ctx.read() as unit:
        item = await _item(unit.explanations, item_kind, item_id, utc(ctx.clock()))
        return Explained(item, await unit.explanations.get(item_kind, item_id))


async def list_items(*, ctx: Context, f: AccountableFilter, page: PageRequest) -> Slice[Accountable]:
    """The items an enterprise accounts for, with their explanation's state, the latest first."""
    async with ctx.read() as unit:
        return await unit.explanations.page(f, page, now=utc(ctx.clock()))


async def waiting(*, ctx: Context, f: AccountableFilter) -> int:
    """How many explanations wait for an inspector's answer."""
    async with ctx.read() as unit:
        return await unit.explanations.waiting(f)


async def file(*, ctx: Context, attachment_id: uuid.UUID) -> StoredFile:
    async with ctx.read() as unit:
        found = await unit.explanations.file(attachment_id)
    if found is None:
        raise rules.attachment_not_found()
    return found


async def file_owner(*, ctx: Context, attachment_id: uuid.UUID) -> uuid.UUID | None:
    async with ctx.read() as unit:
        return await unit.explanations.file_owner(attachment_id)


def record_ids(e: Explanation) -> dict[str, list[str]]:
    """The log record ids of each version and answer (for a reader to ask for their inclusion proofs)."""
    return {
        "versions": [str(rules.given_event_id(e.explanation_id, v.version)) for v in e.versions],
        "reviews": [str(rules.reviewed_event_id(e.explanation_id, r.version)) for r in e.reviews],
    }
