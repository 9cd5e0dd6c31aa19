"""`python -m <service> dlq list|replay`: see what a consumer dead-lettered, and apply it
again once the cause is fixed.

A service's dead letters are the records in `<topic>.dlq` of the topics it consumes
whose `dlq-consumer` header is one of its consumer groups (audit and notifier both read
roster's topic and share its DLQ). Each is named `PARTITION:OFFSET` in its DLQ topic.
Replay decodes the original message and hands it to the same `apply` the consumer
uses; `apply` records the event in the inbox with its effect, so an event already
applied (by an earlier replay, or by a redelivery) changes nothing. Replay reads the
DLQ without a consumer group and commits nothing: replaying twice is harmless, and a
record stays in the DLQ until the topic's retention removes it.

A parked record (a message too large to copy, see lichtruc.kafka) holds only a digest
and the first KiB: it cannot be replayed, and says where the original was.

`dlq list` filters (`--consumer`, `--error-type`, `--parked`, `--since`) and pages (`--limit`,
then the `--cursor` it prints for the next page, the one page format's opaque cursor); each
row names the event by its type and time (Vietnam time, with the lunar day) and ends with the
dead letter's name, `PARTITION:OFFSET`, which `dlq replay --offset` takes; its days are written
for an English reader ("5 Feb 2027"), and the line below says the times again in Vietnamese
("05/02/2027"). Every message it prints is in English and Vietnamese.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition
from pydantic import ValidationError

from . import topics as topic_names
from . import vntime
from .events import CloudEvent, decode
from .kafka import PARKED_CONTENT_TYPE
from .paging import BadCursor, decode_cursor, encode_cursor

if TYPE_CHECKING:
    from .service import Runtime, Subscription


@dataclass(frozen=True)
class DeadLetter:
    """One record of a DLQ topic, as the consumer that wrote it described it."""

    dlq_topic: str
    partition: int
    offset: int
    timestamp_ms: int
    headers: dict[str, str]
    key: bytes | None
    value: bytes

    @property
    def ref(self) -> str:
        return f"{self.partition}:{self.offset}"

    @property
    def parked(self) -> bool:
        return self.headers.get("dlq-parked") == "true" or self.headers.get("content-type") == PARKED_CONTENT_TYPE

    @property
    def consumer(self) -> str:
        return self.headers.get("dlq-consumer", "")

    @property
    def original(self) -> str:
        h = self.headers
        return (
            f"{h.get('dlq-original-topic', '?')}[{h.get('dlq-original-partition', '?')}]@"
            f"{h.get('dlq-original-offset', '?')}"
        )

    @property
    def original_topic(self) -> str:
        return self.headers.get("dlq-original-topic", "")

    @property
    def when(self) -> str:
        return datetime.fromtimestamp(self.timestamp_ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%SZ")

    @property
    def error(self) -> str:
        return f"{self.headers.get('dlq-error-type', '?')}: {self.headers.get('dlq-error', '')}"

    def parked_summary(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.value))
        except ValueError:
            return {}

    def event(self) -> CloudEvent:
        """The original event; ValidationError if it never was one (or the record is parked)."""
        return decode(self.value)

    @property
    def error_type(self) -> str:
        return self.headers.get("dlq-error-type", "?")

    @property
    def key_tuple(self) -> tuple[int, str, int, int]:
        """The order of `dlq list`, and its cursor's position."""
        return (self.timestamp_ms, self.dlq_topic, self.partition, self.offset)

    def describe_event(self, lang: vntime.Lang = "vi") -> str:
        """The event by its type and time (its day said as a reader of `lang` reads it), or what the record is
        when it is not an event."""
        if self.parked:
            summary = self.parked_summary()
            return f"PARKED: {summary.get('size', '?')} bytes, sha256 {str(summary.get('sha256', '?'))[:16]}…"
        try:
            event = self.event()
        except ValidationError:
            head = self.value[:40]
            return f"not a CloudEvent ({len(self.value)} bytes: {head!r}{'…' if len(self.value) > 40 else ''})"
        return f"{event.type} @ {vntime.instant_label(event.time, lang)}"

    def event_time(self) -> datetime | None:
        """When the original event happened; None when the record is parked or not an event."""
        if self.parked:
            return None
        try:
            return self.event().time
        except ValidationError:
            return None

    def event_id(self) -> str | None:
        if self.parked:
            return None
        try:
            return str(self.event().id)
        except ValidationError:
            return None


async def read_dead_letters(bootstrap_servers: str, subscriptions: Sequence[Subscription]) -> list[DeadLetter]:
    """Every record in the DLQs of `subscriptions` that one of their groups wrote, oldest first per partition."""
    groups = {(s.topic, s.group_id) for s in subscriptions}
    dlq_topics = sorted({topic_names.dlq(s.topic) for s in subscriptions})
    partitions = await _partitions(bootstrap_servers, dlq_topics)
    if not partitions:
        return []
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        request_timeout_ms=10_000,
    )
    await consumer.start()
    letters: list[DeadLetter] = []
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if ends[tp] > 0}
        while remaining:
            batch = await consumer.getmany(*remaining, timeout_ms=1000)
            for records in batch.values():
                for r in records:
                    headers = {k: v.decode("utf-8", "replace") for k, v in (r.headers or ())}
                    letter = DeadLetter(r.topic, r.partition, r.offset, r.timestamp, headers, r.key, r.value or b"")
                    if (letter.original_topic, letter.consumer) in groups:
                        letters.append(letter)
            for tp in list(remaining):
                if await consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
    finally:
        await consumer.stop()
    return sorted(letters, key=lambda d: (d.timestamp_ms, d.dlq_topic, d.partition, d.offset))


async def _partitions(bootstrap_servers: str, names: list[str]) -> list[TopicPartition]:
    """The partitions of those of `names` that exist (a DLQ is created with its topic)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=10_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        described = await admin.describe_topics([n for n in names if n in existing]) if existing & set(names) else []
    finally:
        await admin.close()
    return [
        TopicPartition(d["topic"], p["partition"])
        for d in described
        if d.get("error_code", 0) == 0
        for p in sorted(d["partitions"], key=lambda p: p["partition"])
    ]


@dataclass(frozen=True)
class ReplayOutcome:
    letter: DeadLetter
    applied: bool
    message: str


async def replay(letters: Sequence[DeadLetter], subscriptions: Sequence[Subscription]) -> list[ReplayOutcome]:
    """Apply each dead letter again through its subscription's `apply`, in order; report each one."""
    by_group = {(s.topic, s.group_id): s for s in subscriptions}
    outcomes = []
    for letter in letters:
        if letter.parked:
            s = letter.parked_summary()
            outcomes.append(
                ReplayOutcome(
                    letter,
                    False,
                    (
                        f"cannot replay a parked record: the message ({s.get('size', '?')} bytes, sha256 {s.get('sha256', '?')}) "
                        f"was too large to copy. Read it from {letter.original} while retention keeps it, fix it at its "
                        "source, and publish it again. / Không thể áp dụng lại bản ghi đã tạm gác: thông điệp "
                        f"({s.get('size', '?')} byte) quá lớn để sao chép. Hãy đọc nó ở {letter.original} khi còn được "
                        "lưu giữ, sửa tại nguồn rồi gửi lại."
                    ),
                )
            )
            continue
        subscription = by_group.get((letter.original_topic, letter.consumer))
        try:
            event = letter.event()
        except ValidationError as exc:
            outcomes.append(
                ReplayOutcome(
                    letter,
                    False,
                    f"cannot replay: not a valid CloudEvent ({exc.error_count()} error(s): {str(exc)[:200]}) / "
                    "không thể áp dụng lại: đây không phải một CloudEvent hợp lệ",
                )
            )
            continue
        if subscription is None:  # pragma: no cover - read_dead_letters only returns known groups
            outcomes.append(
                ReplayOutcome(
                    letter, False, f"no subscription of {letter.consumer} / không có người nhận {letter.consumer}"
                )
            )
            continue
        try:
            await subscription.apply(event, letter.original_topic)
        except Exception as exc:
            outcomes.append(
                ReplayOutcome(
                    letter,
                    False,
                    f"failed again / lại lỗi: {type(exc).__name__}: {str(exc)[:300]}. Fix the cause, then replay "
                    "again / Hãy khắc phục nguyên nhân rồi áp dụng lại.",
                )
            )
        else:
            outcomes.append(
                ReplayOutcome(
                    letter,
                    True,
                    f"applied {letter.describe_event()} (or found it already applied) / đã áp dụng (hoặc đã có từ trước)",
                )
            )
    return outcomes


def select(letters: Sequence[DeadLetter], refs: Sequence[str]) -> list[DeadLetter]:
    """The letters named `PARTITION:OFFSET` or `DLQTOPIC:PARTITION:OFFSET`; ValueError naming any not found."""
    chosen, missing = [], []
    for ref in refs:
        parts = ref.rsplit(":", 2)
        if len(parts) < 2 or not all(p.strip().isdigit() for p in parts[-2:]):
            raise ValueError(
                f"“{ref[:40]}”: write a dead letter as PARTITION:OFFSET (e.g. 3:17), as the last column of `dlq list` "
                "shows it / hãy viết tên sự kiện trong DLQ dạng PHÂN_VÙNG:VỊ_TRÍ (ví dụ 3:17), như cột cuối của `dlq list`"
            )
        topic = parts[0] if len(parts) == 3 else ""
        wanted = f"{int(parts[-2])}:{int(parts[-1])}"
        found = [d for d in letters if d.ref == wanted and (not topic or d.dlq_topic == topic)]
        if len(found) > 1:
            raise ValueError(
                f"{ref} is in several DLQ topics ({', '.join(d.dlq_topic for d in found)}): write it TOPIC:{wanted} / "
                f"{ref} có trong nhiều chủ đề DLQ: hãy viết CHỦ_ĐỀ:{wanted}"
            )
        if not found:
            missing.append(ref)
        chosen += found
    if missing:
        raise ValueError(
            f"no dead letter of this service at {', '.join(missing)}: see `dlq list` for the names / "
            f"dịch vụ này không có sự kiện nào trong DLQ ở {', '.join(missing)}: xem tên ở `dlq list`"
        )
    return chosen


MAX_LIST_LIMIT = 500
CURSOR_KIND = "dlq-list"
KEY_TYPES = (int, str, int, int)
"""The types of `DeadLetter.key_tuple`, in order: what a `dlq list` cursor holds."""


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIST_LIMIT:
        raise argparse.ArgumentTypeError(
            f"--limit takes a whole number from 1 to {MAX_LIST_LIMIT}, not “{text[:20]}” / "
            f"--limit nhận một số nguyên từ 1 đến {MAX_LIST_LIMIT}, không phải “{text[:20]}”"
        )
    return value


def _name(text: str) -> str:
    if not 1 <= len(text) <= 200:
        raise argparse.ArgumentTypeError("write 1 to 200 characters / hãy viết từ 1 đến 200 ký tự")
    return unicodedata.normalize("NFC", text)


def _since(text: str) -> datetime:
    """A day (its start, Vietnam time) or an instant (Vietnam time unless it says otherwise)."""
    try:
        if len(text) == 10:
            return vntime.at_local(date.fromisoformat(text))
        instant = datetime.fromisoformat(text[:40])
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--since takes a day (2027-02-06) or a time (2027-02-06T08:00, Vietnam time), not “{text[:40]}” / "
            f"--since nhận một ngày (2027-02-06) hoặc thời điểm (2027-02-06T08:00, giờ Việt Nam), "
            f"không phải “{text[:40]}”"
        ) from None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=vntime.VIETNAM)


def add_parser(sub: Any) -> None:
    """The `dlq` command and its `list` and `replay` subcommands."""
    dlq = sub.add_parser("dlq", help="list dead-lettered events, or apply them again once the cause is fixed")
    commands = dlq.add_subparsers(dest="dlq_command", required=True)
    listing = commands.add_parser("list", help="show this service's dead letters, oldest first, a page at a time")
    listing.add_argument(
        "--limit", type=_limit, default=50, help=f"show at most N per page (1 to {MAX_LIST_LIMIT}, default 50)"
    )
    listing.add_argument("--cursor", type=_name, help="the next page, as the previous page printed it")
    listing.add_argument("--consumer", type=_name, help="only those one consumer group dead-lettered")
    listing.add_argument("--error-type", type=_name, help="only those failing with this error (e.g. ValidationError)")
    listing.add_argument("--parked", action="store_true", help="only the parked ones (too large to copy whole)")
    listing.add_argument("--since", type=_since, help="only those dead-lettered since this day or time (Vietnam time)")
    listing.add_argument("--json", action="store_true", help="one JSON object per line, then the next cursor")
    again = commands.add_parser("replay", help="apply dead letters again through the consumer's own handler")
    which = again.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--offset",
        action="append",
        metavar="PARTITION:OFFSET",
        help="a dead letter as `dlq list` names it in its last column (repeatable)",
    )
    which.add_argument("--all", action="store_true", help="every dead letter of this service, oldest first")


def _row(letter: DeadLetter) -> dict[str, Any]:
    return {
        "ref": letter.ref,
        "dlq_topic": letter.dlq_topic,
        "when": letter.when,
        "when_local": vntime.clock(datetime.fromtimestamp(letter.timestamp_ms / 1000, UTC)),
        "original": letter.original,
        "consumer": letter.consumer,
        "event": letter.describe_event(),
        "event_id": letter.event_id(),
        "parked": letter.parked,
        "attempts": letter.headers.get("dlq-attempts"),
        "error_type": letter.error_type,
        "error": letter.error,
    }


@dataclass(frozen=True)
class Filters:
    consumer: str | None = None
    error_type: str | None = None
    parked: bool = False
    since: datetime | None = None

    def keep(self, letter: DeadLetter) -> bool:
        return (
            (self.consumer is None or letter.consumer == self.consumer)
            and (self.error_type is None or letter.error_type == self.error_type)
            and (not self.parked or letter.parked)
            and (self.since is None or letter.timestamp_ms >= self.since.timestamp() * 1000)
        )

    def argv(self) -> list[str]:
        """These filters as options again (for the next page's command)."""
        out: list[str] = []
        if self.consumer is not None:
            out += ["--consumer", self.consumer]
        if self.error_type is not None:
            out += ["--error-type", self.error_type]
        if self.parked:
            out.append("--parked")
        if self.since is not None:
            out += ["--since", vntime.local(self.since).strftime("%Y-%m-%dT%H:%M:%S")]
        return out


def page(
    letters: Sequence[DeadLetter], filters: Filters, *, limit: int, cursor: str | None
) -> tuple[list[DeadLetter], int, str | None]:
    """One page of the letters `filters` keep, after `cursor`: the page, how many match in all, and
    the cursor of the next page (None on the last). BadCursor for a cursor this list did not print."""
    matching = [d for d in letters if filters.keep(d)]
    after: tuple[Any, ...] | None = decode_cursor(CURSOR_KIND, cursor, KEY_TYPES) if cursor is not None else None
    rest = [d for d in matching if after is None or d.key_tuple > tuple(after)]
    shown = rest[:limit]
    nxt = encode_cursor(CURSOR_KIND, list(shown[-1].key_tuple)) if len(rest) > limit else None
    return shown, len(matching), nxt


def _line(letter: DeadLetter) -> str:
    """A dead letter for the operator: its first line in English ("22:00 5 Feb 2027"), the times again in
    Vietnamese ("22:00 05/02/2027") on the next, then the error and where the original was."""
    at = datetime.fromtimestamp(letter.timestamp_ms / 1000, UTC)
    happened = letter.event_time()
    said_vi = f"    lúc: {vntime.clock(at)}" + (
        f"; sự kiện lúc: {vntime.instant_label(happened)}" if happened is not None else ""
    )
    return (
        f"{vntime.clock(at, 'en')}  {letter.consumer}  {letter.describe_event('en')}  [{letter.error_type}]  "
        f"{letter.ref}\n{said_vi}\n"
        f"    error / lỗi: {' '.join(letter.error.split())[:300]}\n"
        f"    from / từ: {letter.original}"
    )


async def run(args: argparse.Namespace, runtime: Runtime, out: TextIO) -> int:
    """Carry out `dlq list` or `dlq replay` for the service whose runtime this is; the exit code."""
    subscriptions = runtime.subscriptions
    command = f"python -m {runtime.name} dlq"
    dlq_topics = ", ".join(sorted({topic_names.dlq(s.topic) for s in subscriptions}))
    try:
        letters = await read_dead_letters(runtime.settings.kafka_bootstrap_servers, subscriptions)
        if args.dlq_command == "list":
            filters = Filters(args.consumer, args.error_type, args.parked, args.since)
            try:
                shown, total, nxt = page(letters, filters, limit=args.limit, cursor=args.cursor)
            except BadCursor as exc:
                print(f"{command} list: {exc} / {exc.detail_vi}", file=out)
                return 2
            for letter in shown:
                print(json.dumps(_row(letter), ensure_ascii=False) if args.json else _line(letter), file=out)
            following = (
                " ".join([command, "list", "--limit", str(args.limit), *filters.argv(), "--cursor", nxt])
                if nxt is not None
                else None
            )
            if args.json:
                print(json.dumps({"total": total, "limit": args.limit, "next": nxt}), file=out)
            print(
                f"{total} dead letter(s) match in {dlq_topics or 'no DLQ topic'}; {len(shown)} shown"
                + (f". Next page: {following}" if following else " (the last page).")
                + f"\n{total} sự kiện trong DLQ khớp điều kiện ({dlq_topics or 'chưa có DLQ'}); đang hiện {len(shown)}"
                + (f". Trang sau: {following}" if following else " (trang cuối)."),
                file=sys.stderr if args.json else out,
            )
            return 0
        try:
            chosen = letters if args.all else select(letters, args.offset)
        except ValueError as exc:
            print(f"{command} replay: {exc}", file=out)
            return 2
        outcomes = await replay(chosen, subscriptions)
        for outcome in outcomes:
            status = "ok / đã áp dụng" if outcome.applied else "NOT APPLIED / CHƯA ÁP DỤNG"
            print(f"{outcome.letter.ref:>8}  {status}  {outcome.message}", file=out)
        failed = sum(not o.applied for o in outcomes)
        print(
            f"replayed {len(outcomes) - failed} of {len(outcomes)} dead letter(s)"
            + (f"; {failed} not applied (see above)" if failed else "")
            + f"\nđã áp dụng lại {len(outcomes) - failed} trên {len(outcomes)} sự kiện trong DLQ"
            + (f"; {failed} chưa áp dụng được (xem ở trên)" if failed else ""),
            file=out,
        )
        return 1 if failed else 0
    finally:
        await runtime.engine.dispose()


def main(args: argparse.Namespace, runtime: Runtime, out: TextIO) -> int:
    return asyncio.run(run(args, runtime, out))
