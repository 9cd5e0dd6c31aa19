"""Benchmark of the audit coverage engine on a synthetic province-wide Tết campaign.

    .venv/bin/python bench/bench_coverage.py [--assignments N] [--seed S]

The roster is deterministic (``random.Random(seed)``): 5 enterprises x 20 sites x
4 duty types over the 20 local days from 23 tháng Chạp (2027-01-30) to mùng 13
Tết Đinh Mùi (2027-02-18), three-shift days (06:00, 14:00, 22:00 local, jittered by
up to an hour, 7-9 h long), a few unqualified stand-ins and a few people
moonlighting at a second enterprise, per-site all-day requirements with a peak
minimum at giao thừa, and enterprise-wide daytime leadership requirements.

Times the engine's public functions (each one on its own, indexing included)
and prints the peak resident memory before and after analysing.

Then the ratio the throughput issue asks for, measured in the same run, interleaved
(floor, columnar, reference, floor, columnar, reference…, ``--rounds`` times), CPU seconds,
medians:

  numpy floor     the least any array engine does for this report: build the arrays from the
                  same objects (start and end offsets, a key code, a person code, the qualified
                  flag), sweep every key's headcount (one sort of all boundaries, cumulative
                  sums, the distinct points) and sort each person's shifts (one lexsort) — no
                  requirements, gaps, causes, overlaps, rests or result objects
  analyse_columns the columnar engine, conversion from the objects included, whole report
  analyse         the pure-Python reference (the tests' oracle), whole report

and checks that the two engines' reports are equal.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import repeat
from operator import attrgetter, sub
from statistics import median

import numpy as np

from audit.domain.coverage import (
    Assignment,
    DailyWindow,
    PeakWindow,
    Requirement,
    analyse,
    coverage_timeline,
    find_double_bookings,
    find_gaps,
    find_rest_violations,
)
from audit.domain.coverage.columns import analyse_columns

ENTERPRISES = ["vnpt", "viettel", "mobifone", "fpt", "buudien"]
SITES_PER_ENTERPRISE = 20
DUTY_TYPES = ["leadership", "operations", "incident_response", "patrol"]
FIRST_DAY = date(2027, 1, 30)  # 23 tháng Chạp, the Kitchen Gods' day
DAYS = 20
LOCAL = timezone(timedelta(hours=7))
SLOTS = [time(6), time(14), time(22)]
PEOPLE_PER_SHIFT = 14


def generate(n: int, seed: int):
    """Requirements, assignments and peaks of a synthetic province (deterministic)."""
    rng = random.Random(seed)
    keys = [(e, f"{e}-site-{s:02d}", d) for e in ENTERPRISES for s in range(SITES_PER_ENTERPRISE) for d in DUTY_TYPES]
    cells = len(keys) * DAYS
    base, extra = divmod(n, cells)
    per_key_day = base + (1 if extra else 0)
    pools = {key: [f"{key[1]}-{key[2]}-staff-{i:04d}" for i in range(int(per_key_day * 1.25) + 1)] for key in keys}
    all_staff = {e: [p for key in keys if key[0] == e for p in pools[key]] for e in ENTERPRISES}

    assignments: list[Assignment] = []
    cell = 0
    for key in keys:
        enterprise, site, duty = key
        # Each person belongs to one team that always works the same slot, as real
        # rosters do; the double bookings and short rests come from moonlighting
        # and from the few who cover a second slot.
        teams = [pools[key][i :: len(SLOTS)] for i in range(len(SLOTS))]
        for day_index in range(DAYS):
            day = FIRST_DAY + timedelta(days=day_index)
            people = base + (1 if cell < extra else 0)
            cell += 1
            for slot_no, slot in enumerate(SLOTS):
                team = teams[slot_no]
                staff = rng.sample(team, min(len(team), people // len(SLOTS) + (slot_no < people % len(SLOTS))))
                shift_no = 0
                while staff:
                    crew, staff = staff[:PEOPLE_PER_SHIFT], staff[PEOPLE_PER_SHIFT:]
                    start = datetime.combine(day, slot, tzinfo=LOCAL) + timedelta(minutes=30 * rng.randint(-2, 2))
                    end = start + timedelta(minutes=30 * rng.randint(14, 18))
                    start, end = start.astimezone(UTC), end.astimezone(UTC)
                    shift_id = f"{site}-{duty}-{day:%m%d}-{slot:%H}-{shift_no}"
                    events = (f"evt-{shift_id}",)
                    shift_no += 1
                    on_shift = set(crew)
                    for person in crew:
                        draw = rng.random()
                        if draw < 0.0005:  # moonlighting at another enterprise
                            other = rng.choice([e for e in ENTERPRISES if e != enterprise])
                            person = rng.choice(all_staff[other])
                        elif draw < 0.002:  # covering for a colleague of another team
                            stand_in = rng.choice(pools[key])
                            if stand_in not in on_shift:
                                on_shift.add(stand_in)
                                person = stand_in
                        assignments.append(
                            Assignment(
                                shift_id=shift_id,
                                enterprise_id=enterprise,
                                site_id=site,
                                duty_type=duty,
                                staff_id=person,
                                # fresh datetime objects per row, as a database read gives
                                start=start.replace(),
                                end=end.replace(),
                                qualified=rng.random() >= 0.005,
                                cause_event_ids=events,
                            )
                        )
    last_day = FIRST_DAY + timedelta(days=DAYS - 1)
    # On average a third of a day's people are on duty at any instant.
    on_duty = per_key_day / 3
    requirements = [
        Requirement(
            f"req-{site}-{duty}",
            enterprise,
            site,
            duty,
            minimum=max(int(on_duty * 0.6), 1),
            peak_minimum=max(int(on_duty * 0.9), 1),
            window=DailyWindow(time(0), time(0), FIRST_DAY, last_day),
        )
        for enterprise, site, duty in keys
    ] + [
        Requirement(
            f"req-{e}-leadership-daytime",
            e,
            None,
            "leadership",
            minimum=SITES_PER_ENTERPRISE * 3,
            peak_minimum=None,
            window=DailyWindow(time(7), time(19), FIRST_DAY, last_day),
        )
        for e in ENTERPRISES
    ]
    peaks = [
        PeakWindow(
            datetime(2027, 2, 5, 20, tzinfo=LOCAL).astimezone(UTC),
            datetime(2027, 2, 6, 2, tzinfo=LOCAL).astimezone(UTC),
            "giao thừa Đinh Mùi",
        )
    ]
    start = datetime.combine(FIRST_DAY, time(0), tzinfo=LOCAL).astimezone(UTC)
    end = start + timedelta(days=DAYS)
    return requirements, assignments, peaks, start, end


def peak_rss_mib() -> float:
    """High-water mark of this process's resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, *args, **kwargs):
    """Result, wall seconds and CPU seconds of one call (CPU time tells a busy
    machine's noise apart from the engine's own cost)."""
    wall, cpu = clock.perf_counter(), clock.process_time()
    result = fn(*args, **kwargs)
    return result, (clock.perf_counter() - wall, clock.process_time() - cpu)


def numpy_floor(assignments: list[Assignment], start: datetime, end: datetime) -> int:
    """The floor (see the module docstring); returns the number of distinct points found."""
    n = len(assignments)

    def micros(attribute: str) -> np.ndarray:
        offsets = map(sub, map(attrgetter(attribute), assignments), repeat(start))
        return np.rint(np.fromiter(map(timedelta.total_seconds, offsets), np.float64, n) * 1e6).astype(np.int64)

    codes: dict[tuple, int] = {}
    key = np.fromiter(
        (
            codes.setdefault(k, len(codes))
            for k in map(attrgetter("enterprise_id", "site_id", "duty_type"), assignments)
        ),
        np.int64,
        n,
    )
    people: dict[str, int] = {}
    staff = np.fromiter(
        (people.setdefault(s, len(people)) for s in map(attrgetter("staff_id"), assignments)), np.int64, n
    )
    qualified = np.fromiter(map(attrgetter("qualified"), assignments), bool, n).astype(np.int64)
    starts, ends = micros("start"), micros("end")
    by_person = np.lexsort((starts, staff))  # each person's shifts in order: double bookings, rests
    span = round((end - start) / timedelta(microseconds=1)) + 1
    combined = np.concatenate((key * span + np.clip(starts, 0, span - 1), key * span + np.clip(ends, 0, span - 1)))
    order = np.argsort(combined)
    combined = combined[order]
    headcount = np.cumsum(np.concatenate((qualified, -qualified))[order])
    last = np.r_[combined[1:] != combined[:-1], True]
    return int(np.count_nonzero(headcount[last] >= 0)) + len(by_person)


def cpu(fn, *args, **kwargs) -> tuple[object, float]:
    began = clock.process_time()
    result = fn(*args, **kwargs)
    return result, clock.process_time() - began


def ratios(requirements, assignments, peaks, window: dict, rounds: int) -> None:
    """The interleaved comparison of the module docstring."""
    floor, columnar, reference = [], [], []
    for _ in range(rounds):
        floor.append(cpu(numpy_floor, assignments, window["start"], window["end"])[1])
        by_columns, seconds = cpu(analyse_columns, requirements, assignments, peaks, **window)
        columnar.append(seconds)
        by_objects, seconds = cpu(analyse, requirements, assignments, peaks, **window)
        reference.append(seconds)
        assert by_columns == by_objects, "the columnar engine disagrees with the reference"
    base = median(floor)
    print(f"\nsame-run ratios, {rounds} interleaved rounds, CPU seconds (median):")
    print(f"{'numpy floor':<30} {base:>7.2f}  1.00x")
    print(f"{'analyse_columns':<30} {median(columnar):>7.2f}  {median(columnar) / base:.2f}x the floor")
    print(f"{'analyse (reference)':<30} {median(reference):>7.2f}  {median(reference) / base:.2f}x the floor")
    print("reports of the two engines: equal")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", type=int, default=1_000_000, help="roster size (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the ratio (default 5)")
    args = parser.parse_args(argv)

    (requirements, assignments, peaks, start, end), generated_in = timed(generate, args.assignments, args.seed)
    rss_roster = peak_rss_mib()
    window = {"start": start, "end": end}

    report, analysed_in = timed(analyse, requirements, assignments, peaks, **window)
    rss_analysed = peak_rss_mib()
    timeline, timeline_in = timed(coverage_timeline, requirements, assignments, peaks, **window)
    gaps, gaps_in = timed(find_gaps, requirements, assignments, peaks, **window)
    doubles, doubles_in = timed(find_double_bookings, assignments)
    rests, rests_in = timed(find_rest_violations, assignments)
    assert gaps == report.gaps and doubles == report.double_bookings and rests == report.rest_violations

    segments = sum(len(s) for s in timeline.values())
    rows = [
        ("generate roster (not engine)", f"{len(assignments):,} assignments", generated_in),
        ("coverage_timeline", f"{len(timeline):,} keys, {segments:,} segments", timeline_in),
        ("find_gaps", f"{len(gaps):,} gaps", gaps_in),
        ("find_double_bookings", f"{len(doubles):,} double bookings", doubles_in),
        ("find_rest_violations", f"{len(rests):,} rest violations", rests_in),
        ("analyse (all of it)", f"{len(report.peak_understaffing):,} peak gaps", analysed_in),
    ]
    print(
        f"coverage engine, {len(assignments):,} assignments, {len(requirements)} requirements, "
        f"{DAYS} days, Python {sys.version.split()[0]}"
    )
    print(f"{'step':<30} {'result':<36} {'wall s':>7} {'cpu s':>7}")
    for name, result, (wall, cpu) in rows:
        print(f"{name:<30} {result:<36} {wall:>7.2f} {cpu:>7.2f}")
    print(
        f"peak RSS: {rss_roster:,.0f} MiB with the roster built, {rss_analysed:,.0f} MiB after analyse "
        f"(+{rss_analysed - rss_roster:,.0f} MiB for the engine)"
    )
    ratios(requirements, assignments, peaks, window, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
