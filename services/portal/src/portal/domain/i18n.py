"""The message catalogue: every word a page shows, by key, in Vietnamese and English.

Rules:
- Vietnamese is the first language and the fallback; English is the switch.
- A key missing from the catalogue is a bug, not a blank: `text` raises, and a test reads
  every key the templates and routes use.
- Text is NFC, whatever the file was saved as, so diacritics compare equal everywhere.
- A count's noun follows the count where the language needs it: `{count:shift|shifts}` is "shift"
  for 1 and "shifts" otherwise ("{count} {count:shift|shifts}" reads "1 shift", "3 shifts");
  Vietnamese nouns do not change, so its messages just write the noun.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"


def pick_lang(value: str | None) -> str:
    return value if value in LANGS else DEFAULT_LANG


@dataclass(frozen=True)
class Catalogue:
    messages: Mapping[str, Mapping[str, str]]  # lang -> key -> text

    @classmethod
    def from_tables(cls, tables: Mapping[str, Mapping[str, object]]) -> Catalogue:
        """Flatten nested TOML tables ("board" → {"title": …}) into dotted keys ("board.title")."""
        flat: dict[str, dict[str, str]] = {}
        for lang, table in tables.items():
            flat[lang] = {}
            _flatten(table, "", flat[lang])
        return cls(messages=flat)

    def text(self, key: str, lang: str, **params: object) -> str:
        """The message `key` in `lang`, with `{name}` placeholders filled from `params`."""
        try:
            template = self.messages[pick_lang(lang)][key]
        except KeyError:
            raise KeyError(f"message {key!r} is not in the {lang} catalogue (portal/messages/{lang}.toml)") from None
        if not params:
            return template
        return _WORDS.format(template, **params) if "|" in template else template.format(**params)

    def keys(self, lang: str) -> set[str]:
        return set(self.messages[lang])


class _Words(string.Formatter):
    """str.format, plus the plural spec "one|other" (see the module's rules)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, other = format_spec.split("|", 1)
            return one if str(value) == "1" else other
        return super().format_field(value, format_spec)


_WORDS = _Words()


def _flatten(table: Mapping[str, object], prefix: str, into: dict[str, str]) -> None:
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _flatten(value, dotted + ".", into)
        else:
            into[dotted] = unicodedata.normalize("NFC", str(value))


def placeholders(text: str) -> set[str]:
    """The `{name}` placeholders of a message (both languages must have the same)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
