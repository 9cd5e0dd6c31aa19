"""What a caller may see in lists: one type, `Visible`, in every service.

A route decides access to one addressed item in its service's ``api/policy.py``; lists are
narrowed instead, by the `Visible` of the caller, which each service's repositories turn into
their own conditions:

* ``enterprises`` None means every enterprise (administrators, inspectors); otherwise the
  enterprises the caller manages (a manager) or works for (staff);
* ``staff_id`` is the caller's own person, when the account has one;
* ``own_only`` narrows a staff member's lists to the records of their own person (their shifts,
  swaps, feeds, reminders), whatever their enterprise holds;
* ``drafts`` (derived: everyone but a staff member) says whether shifts still in draft are shown.
  A draft is the managers' plan; the people on it learn of it when it is published, as their
  calendar feeds do — until then it is not theirs to list, read, check in on or swap.

Pure: no framework, no database. Each service's ``api/deps.py`` exposes it as
``Viewer = Annotated[Visible, Depends(...)]``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from .auth import Principal, as_uuid

NOBODY = uuid.UUID(int=0)
"""The staff id of a staff account without a staff record: it matches nothing."""


@dataclass(frozen=True)
class Visible:
    enterprises: frozenset[uuid.UUID] | None = None
    staff_id: uuid.UUID | None = None
    own_only: bool = False

    @classmethod
    def to(cls, principal: Principal) -> Visible:
        visible = principal.visible_enterprises()
        enterprises = None if visible is None else frozenset(e for e in map(as_uuid, visible) if e is not None)
        own = as_uuid(principal.staff_id) if principal.staff_id else None
        if principal.role == "staff":
            return cls(enterprises, own or NOBODY, own_only=True)
        return cls(enterprises, own)

    @property
    def drafts(self) -> bool:
        """Whether the caller sees shifts still in draft: not a staff member (see the module docstring)."""
        return not self.own_only

    @property
    def everything(self) -> bool:
        return self.enterprises is None and not self.own_only

    def sees_enterprise(self, enterprise_id: uuid.UUID | None) -> bool:
        """Whether items of this enterprise may be listed (own-only callers are narrowed further, to their person)."""
        return self.enterprises is None or (enterprise_id is not None and enterprise_id in self.enterprises)


EVERYTHING = Visible()
"""What administrators and inspectors see, and what internal jobs (no caller) use."""
