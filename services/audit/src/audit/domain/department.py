"""The Department's profile in words, for the history inspectors read beside the accounts' (who changed the names
the Department's official documents print — the province, the letterhead's two lines, the place before the date,
each document's recipients —, when, and from what to what).

Roster publishes `DepartmentProfileChanged` (lichtruc.events_department) with the profile after the save, the one
before it and the fields that differ; audit logs it and keeps no projection of it. The words work on the stored
JSON, like `history.describe`, so that a field this version does not know is still named (as its key). The
fields are named as the portal's page 'Thông tin Sở' / 'Department details' names them (`lichtruc.words`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lichtruc import words
from lichtruc.events_department import DEPARTMENT_FIELDS, DepartmentProfileChanged

DEPARTMENT_EVENT_TYPES: tuple[str, ...] = (DepartmentProfileChanged.event_type,)
"""The log's event types of the Department's profile."""


def _value(value: object) -> str:
    """A field's value as a line: a list of recipients in order, comma-separated; nothing as "—"."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return str(value) if value not in (None, "") else "—"


def _label(field: str, lang: str) -> str:
    """A field as the page's label names it, starting a part of the sentence; one this version does not know, as
    its key."""
    name = words.name("field", field, lang)
    return name[:1].upper() + name[1:]


def describe(what: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """A change of the Department's profile in words (English, Vietnamese); None if `what` is not one.

    Each field that changed, in the page's order, from its old value to its new one ("Tên tỉnh: Long An → Đồng
    Tháp; Nơi nhận của báo cáo ngày: …"); the first save, every field as set; a save that changed nothing, as
    that."""
    if what != "department.changed":
        return None
    profile: Mapping[str, Any] = data.get("profile") or {}
    previous: Mapping[str, Any] | None = data.get("previous")
    changed = [str(f) for f in data.get("changed") or ()]
    if previous is None:
        # a field the event has no value for is not said (the abbreviation, in an event published before it was kept)
        shown: list[str] = [f for f in DEPARTMENT_FIELDS if profile.get(f) is not None]
        shown += [f for f in profile if f not in DEPARTMENT_FIELDS]
        parts_en = [f"{_label(f, 'en')}: {_value(profile.get(f))}" for f in shown]
        parts_vi = [f"{_label(f, 'vi')}: {_value(profile.get(f))}" for f in shown]
        return (
            "Department details set for the first time: " + "; ".join(parts_en),
            "Nhập thông tin Sở lần đầu: " + "; ".join(parts_vi),
        )
    if not changed:
        return "Department details saved unchanged", "Lưu thông tin Sở, không thay đổi gì"
    parts_en, parts_vi = [], []
    for f in changed:
        before, after = _value(previous.get(f)), _value(profile.get(f))
        parts_en.append(f"{_label(f, 'en')}: {before} → {after}")
        parts_vi.append(f"{_label(f, 'vi')}: {before} → {after}")
    return "Department details changed: " + "; ".join(parts_en), "Đổi thông tin Sở: " + "; ".join(parts_vi)
