"""A form's key as roster's Idempotency-Key (clients/services.py): the same form with the same values is one
key, other values or another address another key, and no form (or no key) none."""

from __future__ import annotations

import uuid
from typing import Any, cast

from portal.clients.services import Caller

FORM = uuid.UUID("8d2f4e1c-3b7a-4c55-9a0e-2f61d7c3b9a4")


def _caller(form_key: uuid.UUID | None) -> Caller:
    return Caller(services=cast(Any, None), session=cast(Any, None), form_key=form_key)


def test_the_same_form_and_values_make_the_same_key_and_anything_else_another() -> None:
    caller = _caller(FORM)
    body = {"description": "Mất sóng", "services": ["mobile"]}
    key = caller.idempotency_key("/incidents", body, None)
    assert key is not None and uuid.UUID(key).version == 5
    assert caller.idempotency_key("/incidents", {"services": ["mobile"], "description": "Mất sóng"}, None) == key
    others = {
        caller.idempotency_key("/incidents", {**body, "description": "Mất sóng lần hai"}, None),
        caller.idempotency_key("/inspections", body, None),
        caller.idempotency_key("/incidents", body, {"dry_run": "true"}),
        _caller(uuid.uuid4()).idempotency_key("/incidents", body, None),
    }
    assert key not in others and len(others) == 4
    assert _caller(None).idempotency_key("/incidents", body, None) is None
