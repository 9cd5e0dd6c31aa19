"""How far audit's consumer is behind what Kafka holds for it: per topic partition it consumes, the records not
yet applied (the partition's end offset less the group's committed position — audit commits an offset only after
the event's effect is committed, so the position is what it has applied) and when the oldest of them was put on
the topic.

The wait is measured on one clock, the one Kafka stamps records with (the wall clock of the producing relay),
so that a stack on a test clock (LICHTRUC_CLOCK_OFFSET) still reads the wait right: the reader subtracts it from
its own clock, as it does with roster's outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Position:
    """One partition as read from Kafka: its first and end offsets, the group's committed offset (None: the group
    has committed nothing there yet, so it starts from the first), and the time of the record at that position
    (None: nothing waits, or it could not be read)."""

    topic: str
    partition: int
    group: str
    start: int
    end: int
    committed: int | None
    next_at: datetime | None = None

    @property
    def applied(self) -> int:
        """The offset the consumer reads next: its committed one, or the partition's first record when it has
        none (audit starts from the earliest) or when retention removed what it had not read."""
        return self.start if self.committed is None else max(self.committed, self.start)

    @property
    def pending(self) -> int:
        """The records at or after `applied`, not applied yet."""
        return max(self.end - self.applied, 0)


@dataclass(frozen=True)
class Lag:
    """Audit's consumption as of `read_at` (the clock Kafka stamps records with): the partitions, how many
    records wait in all, and since when the oldest of them has (None: none waits)."""

    read_at: datetime
    partitions: tuple[Position, ...]

    @property
    def pending(self) -> int:
        return sum(p.pending for p in self.partitions)

    @property
    def oldest_pending_at(self) -> datetime | None:
        times = [p.next_at for p in self.partitions if p.pending and p.next_at is not None]
        return min(times) if times else None

    def waited(self, now: datetime) -> timedelta | None:
        """How long the oldest waiting record has waited at `now` (same clock as `read_at`), never less than 0."""
        oldest = self.oldest_pending_at
        return max(now - oldest, timedelta(0)) if oldest is not None else None


def lag_of(positions: Sequence[Position], *, read_at: datetime) -> Lag:
    """The lag the positions read at `read_at` make, partitions in topic and partition order."""
    return Lag(read_at, tuple(sorted(positions, key=lambda p: (p.topic, p.partition, p.group))))
