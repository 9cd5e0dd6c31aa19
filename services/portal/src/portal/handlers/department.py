"""The Department's details as calls to roster: read them, and save the administrator's form with the version it was
read at (If-Match), roster's refusals beside their boxes and, when someone saved first, theirs beside what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..clients.services import Caller
from ..domain import admin as forms
from ..domain.department import (
    LINES,
    LISTS,
    MAX_ABBREVIATION,
    MAX_LINE,
    MAX_RECIPIENT,
    recipients_of,
    recipients_text,
)
from ..domain.stale import latest_beside
from .admin import FormErrors, Outcome, Words, attempt


@dataclass(frozen=True)
class DepartmentView:
    province: str
    department: str
    superior: str
    place: str
    report_recipients: tuple[str, ...]
    summary_recipients: tuple[str, ...]
    set: bool
    version: int
    abbreviation: str = ""  # as the documents' numbers print it ("…/BC-STTTT")
    abbreviation_from_name: bool = True  # none set: the initials of the Department's name

    @classmethod
    def from_api(cls, body: Mapping[str, Any]) -> DepartmentView:
        return cls(
            province=str(body["province"]),
            department=str(body["department"]),
            abbreviation=str(body.get("abbreviation") or ""),
            abbreviation_from_name=bool(body.get("abbreviation_from_name", True)),
            superior=str(body["superior"]),
            place=str(body["place"]),
            report_recipients=tuple(str(r) for r in body["report_recipients"]),
            summary_recipients=tuple(str(r) for r in body["summary_recipients"]),
            set=bool(body["set"]),
            version=int(body["version"]),
        )


@dataclass(frozen=True)
class DepartmentForm:
    province: str = ""
    department: str = ""
    superior: str = ""
    place: str = ""
    report_recipients: str = ""  # one a line
    summary_recipients: str = ""
    version: int = 0
    abbreviation: str = ""  # empty: the initials of the Department's name, following it when it changes

    @classmethod
    def of(cls, d: DepartmentView) -> DepartmentForm:
        return cls(
            d.province,
            d.department,
            d.superior,
            d.place,
            recipients_text(d.report_recipients),
            recipients_text(d.summary_recipients),
            d.version,
            "" if d.abbreviation_from_name else d.abbreviation,
        )

    def body(self) -> dict[str, Any]:
        """roster's body; every mistake the portal can see raised at once (FormInvalid): a box left empty, a line
        longer than roster keeps."""
        values = {name: getattr(self, name) for name in (*LINES, *LISTS)}
        problems: list[forms.FormProblem] = []
        try:
            forms.require(values, *LINES, *LISTS)
        except forms.FormInvalid as exc:
            problems += exc.problems
        for name in LINES:
            if len(values[name].strip()) > MAX_LINE[name]:
                problems.append(forms.too_long(name, values[name].strip(), MAX_LINE[name]))
        for name in LISTS:
            longest = max(recipients_of(values[name]), key=len, default="")
            if len(longest) > MAX_RECIPIENT:
                problems.append(forms.too_long(name, longest, MAX_RECIPIENT))
        if len(self.abbreviation.strip()) > MAX_ABBREVIATION:
            problems.append(forms.too_long("abbreviation", self.abbreviation.strip(), MAX_ABBREVIATION))
        forms.problems_of(*problems)
        return {
            **{name: values[name].strip() for name in LINES},
            "abbreviation": self.abbreviation.strip(),  # roster says what it must be (capitals and digits)
            **{name: recipients_of(values[name]) for name in LISTS},
        }


async def get_department(caller: Caller) -> DepartmentView:
    return DepartmentView.from_api(await caller.get("roster", "/department"))


async def save_department(caller: Caller, words: Words, *, form: DepartmentForm) -> Outcome[DepartmentView]:
    async def call() -> DepartmentView:
        body = form.body()
        saved = await caller.put("roster", "/department", body, headers={"If-Match": f'"{form.version}"'})
        return DepartmentView.from_api(saved)

    return await attempt(call, words)


def department_over(typed: DepartmentForm, now: DepartmentForm, *, words: Words) -> tuple[DepartmentForm, FormErrors]:
    """The form as typed over `now` (the details as they are now), after someone else saved them first: their values
    beside the boxes that differ."""

    def said(name: str, value: Any) -> str:
        text = "; ".join(recipients_of(value)) if name in LISTS else " ".join(str(value or "").split())
        return text or words.t("latest.empty")

    latest = latest_beside(typed, now, fields=(*LINES, "abbreviation", *LISTS), said=said)
    return replace(typed, version=now.version), FormErrors({}, words.t("admin.errors.stale_kept"), 409, latest=latest)
