"""Coverage engine: from a campaign's requirements and shifts to proof of coverage.

Pure functions of values — no I/O, no clock — so that what an inspector is shown
can be recomputed from the same inputs at any time and give the same answer.

Rules, in one place:

* **Instants** are timezone-aware ``datetime``\\ s, normalised to UTC; a naive
  datetime is refused with ``ValueError``. Every interval is half-open
  ``[start, end)``: ``[a, b)`` and ``[b, c)`` neither overlap nor leave a gap.
* **Daily windows** are wall-clock times in Asia/Ho_Chi_Minh (UTC+7) and are
  expanded into one UTC interval per local day from ``first_day`` to
  ``last_day``. ``end_local <= start_local`` means the window ends on the next
  day; ``00:00``–``00:00`` is therefore the whole day.
* **Keys.** Coverage is judged per :class:`CoverageKey` (enterprise, site,
  duty type) for which at least one requirement exists. A key with
  ``site_id=None`` is the enterprise as a whole: every assignment of that
  enterprise and duty type counts, whatever its site. A key with a site counts
  the assignments at that site and those that cover it (``covers_site_ids``: one
  patrol round for several border sites counts at each of them, and once for the
  enterprise as a whole).
* **Required headcount** at an instant is the *maximum* of the requirements of
  the key in force then (several overlapping rules never add up — each is a
  floor on its own). Inside a :class:`PeakWindow` a requirement's
  ``peak_minimum``, when set, replaces its ``minimum``.
* **Actual headcount** is the number of *distinct people* on a qualified
  assignment of the key. Someone booked twice at once for the same key counts
  once (the double booking is reported separately). Assignments with
  ``qualified=False`` do not count. This is the one definition of coverage of the
  whole project, written once in ``lichtruc.coverage`` (shared with roster, whose
  board counts the same way); the engine here implements it for whole campaigns.
* **Gaps** are the maximal intervals in which actual < required and in which
  ``required``, ``actual``, ``missing_qualification`` and ``peak`` are all
  constant. ``missing_qualification`` is true when, throughout the gap, someone
  is on duty for the key without the qualification (they would have counted
  had they held it).
* **Causes of a gap** (``cause_event_ids``), sorted and without duplicates, are
  the ``cause_event_ids`` of the key's assignments (qualified or not) that

  1. end exactly at the gap's start (the person who left opened it), or
  2. start exactly at the gap's end (the person whose late start made it), or
  3. are ``qualified=False`` and overlap the gap (the unqualified stand-in).

  A gap opened by a requirement's window or a peak starting, or by a shift
  that was cancelled (and so is absent from the input), may have no cause.
* **Double bookings** are pairs of one person's assignments that overlap, over
  all enterprises and sites. **Rest violations**: for each assignment of a
  person that does not overlap an earlier one, the rest is the time since the
  latest end among that person's earlier assignments; less than
  ``minimum_rest`` (8 h by default; exactly 8 h is fine) is a violation,
  back-to-back shifts included (rest 0).

The algorithm is an event-point sweep: per key, headcount changes are counted
per boundary instant (hash maps filled by C-level loops), the distinct
boundaries are sorted, and one pass over them yields the timeline and the
gaps. People are grouped first, their few shifts sorted, so that the rare
person with overlapping shifts is found at once and corrected for (counted
once), and double bookings and rest violations come from the same grouping.
O(n log n) overall; a million assignments take a few seconds
(``bench/bench_coverage.py``).

The package: :mod:`.values` (inputs and outputs, instants checked), :mod:`.windows`
(requirement windows as UTC intervals), :mod:`.people` (the assignments indexed by
person: double bookings and rest violations), :mod:`.sweep` (timelines, gaps and
the whole analysis: the reference) and :mod:`.columns` (the same analysis on numpy
arrays, for the bulk paths; held to the reference by the tests). The public names are
re-exported here.
"""

from .columns import AssignmentColumns, analyse_columns
from .people import find_double_bookings, find_rest_violations
from .sweep import analyse, coverage_timeline, find_gaps, timeline_and_gaps
from .values import (
    DEFAULT_MINIMUM_REST,
    LOCAL_TZ,
    Assignment,
    CoverageKey,
    CoverageReport,
    DailyWindow,
    DoubleBooking,
    Gap,
    OneOffWindow,
    PeakWindow,
    Requirement,
    RestViolation,
    Segment,
)
from .windows import expand_window

__all__ = [
    "DEFAULT_MINIMUM_REST",
    "LOCAL_TZ",
    "Assignment",
    "AssignmentColumns",
    "CoverageKey",
    "CoverageReport",
    "DailyWindow",
    "DoubleBooking",
    "Gap",
    "OneOffWindow",
    "PeakWindow",
    "Requirement",
    "RestViolation",
    "Segment",
    "analyse",
    "analyse_columns",
    "coverage_timeline",
    "expand_window",
    "find_double_bookings",
    "find_gaps",
    "find_rest_violations",
    "timeline_and_gaps",
]
