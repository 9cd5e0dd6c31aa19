"""Who may call which audit route: the one place audit decides access (see lichtruc.auth).

Inspectors and administrators read everything; only they record findings. Managers read
coverage, gaps and history of their own enterprises. Staff have nothing to do here."""

from __future__ import annotations

from lichtruc.auth import Rule, allow

OVERSIGHT = ("admin", "inspector")
READERS = ("admin", "inspector", "manager")

POLICY: dict[str, Rule] = {
    "list_log": allow(*OVERSIGHT),
    "verify_log": allow(*OVERSIGHT),
    "get_record": allow(*OVERSIGHT),
    "list_campaigns": allow(*READERS),
    "coverage_board": allow(*READERS),
    "coverage_per_day_csv": allow(*READERS),
    "coverage_in_window": allow(*READERS),
    "who_was_on_duty": allow(*READERS),
    "list_gaps": allow(*READERS),
    "gaps_csv": allow(*READERS),
    "get_gap": allow(*READERS),
    "list_enterprises": allow(*READERS),
    "enterprise_history": allow(*READERS),
    "record_finding": allow(*OVERSIGHT),
    "list_findings": allow(*READERS),
    "verify_findings": allow(*OVERSIGHT),
    "get_finding": allow(*READERS),
    "take_snapshot": allow("admin"),
    "list_snapshots": allow(*OVERSIGHT),
    "projection_digest": allow(*OVERSIGHT),
}
