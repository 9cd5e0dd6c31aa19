"""roster's words about a field, said under the portal form's own label.

roster names a refused field in its own words — in Vietnamese before the message ("Ghi chú: có ký tự điều khiển
(U+001B)…" for `body.note`), in English as its sentence's subject ("The note contains a control character…") — but a
form may label that field otherwise ("Lý do từ chối", "Reason for rejecting", "Nội dung"): the person then reads of a
field the page does not show. `under_label` puts the form's label where roster's word for the field was, in either
language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lichtruc.words import field_label


def sentence(text: str) -> str:
    """A service's message said on its own, as a sentence: a capital first letter and a full stop. roster's words
    for a rule come as a phrase to follow a field's name ("too short (at least 12 characters)"): alone, they read
    "Too short (at least 12 characters)." as every sentence of the portal does."""
    said = text.strip()
    if not said:
        return said
    said = said[:1].upper() + said[1:]
    return said if said.endswith((".", "!", "?", "…")) else f"{said}."


def after_colon(text: str, lang: str) -> str:
    """A message put after a label and a colon: in English its first word in lower case ("Note: must not be
    empty", not "Note: Must not be empty"), a word written in capitals ("URL", "CSV") or a name quoted left as it
    is; Vietnamese messages come in lower case already."""
    if lang != "vi" and len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[:1].lower() + text[1:]
    return text


def roster_message(error: Mapping[str, Any], lang: str) -> str:
    """One of roster's `errors` in the person's language (its English when it sends no Vietnamese)."""
    if lang == "vi" and error.get("message_vi"):
        return str(error["message_vi"])
    return str(error.get("message") or "")


def under_label(message: str, *, field: str, label: str, lang: str, whole: bool = False) -> str:
    """`message` (roster's, about `field`, its dotted path: "body.note") beginning with `label` instead of roster's
    word for the field: "Ghi chú: có ký tự…" → "Lý do từ chối: có ký tự…", "The note contains…" → "Reason for
    rejecting contains…". A message without that word gets `label` in front, so the person knows which box it is.
    `whole`: the message is a sentence of the portal's own, not roster's phrase (its words for a text past its limit,
    `text_limits.over_said`, which marks the error "over"): kept as it is after the label, "Note (what was done):
    Over the limit by 33 …" as "Ghi chú (việc đã làm): Thừa 33 ký tự …" (QZ18 #8d: "…: over the limit by 33")."""
    loc: tuple[str | int, ...] = tuple(int(p) if p.isdigit() else p for p in field.split("."))
    said = message.removeprefix(f"{field_label(loc, lang)}: ").strip()
    if lang != "vi":
        # roster's own English sentences name the field as their subject, by its word alone ("The note …")
        subject = f"The {field_label(loc[-1:], lang)} "
        if said.startswith(subject) and said[len(subject) :].strip():
            return sentence(f"{label} {said[len(subject) :].strip()}")
    return sentence(f"{label}: {said if whole else after_colon(said, lang)}") if said else label


def refused_fields(problem: Mapping[str, Any], *, lang: str, labels: Mapping[str, str]) -> dict[str, str]:
    """roster's refusal of each field a form shows — `labels`: roster's field name (the last part of its path) →
    the form's label for it — said under that label: every field refused, not only the first."""
    out: dict[str, str] = {}
    for error in problem.get("errors") or ():
        if not isinstance(error, Mapping):
            continue
        path = str(error.get("field") or "")
        name = path.split(".")[-1]
        if name in labels and name not in out:
            said = roster_message(error, lang)
            out[name] = under_label(said, field=path, label=labels[name], lang=lang, whole="over" in error)
    return out
