"""Districts as the sites and incidents spell them: the spellings grouped by the district they name
(lichtruc.text.fold, the rule `db.search.same_district` finds them by), and a merge of a district's split spellings
into one. A spelling is *in use* when a site or an incident writes it (an incident away from a site names its
district): the site form's notes call it "đã có", /admin/districts lists it, a merge takes it (D2: the notes counted
the incidents' spellings, the list and the merge only the sites', so an incident's "tan an" could be seen and never
corrected).

A district typed another way is stored as the province already spells it (`reference.known_spelling`), but
spellings split before that rule ("tan an" beside "Tân An") stay split until an administrator merges them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from lichtruc.text import fold, sort_key

from .errors import FieldError, RuleViolation


@dataclass(frozen=True)
class Spelling:
    """One way a district is written, and how many sites and incidents write it so."""

    spelling: str
    sites: int
    incidents: int = 0


def _marked(spelling: str) -> bool:
    """Whether a spelling is written with its diacritics ("Tân An", not "Tan An" or "tan an")."""
    return fold(spelling) != " ".join(spelling.lower().split())


def preference(s: Spelling) -> tuple[object, ...]:
    """The order of a district's spellings: the one most sites use first; on a tie, the one with its
    diacritics, then with its capitals ("Tân An" before "tân an" before "tan an"), then the one most incidents use
    (sites are what the spelling is chosen for; an incident's "tan an" never outranks a "Tân An"), then Vietnamese
    order."""
    return (
        -s.sites,
        not _marked(s.spelling),
        s.spelling == fold(s.spelling),
        -s.incidents,
        sort_key(s.spelling),
        s.spelling,
    )


@dataclass(frozen=True)
class DistrictGroup:
    """A district and every way the sites and incidents spell it (`preference` order: the one to keep first)."""

    key: str
    spellings: tuple[Spelling, ...]

    @property
    def preferred(self) -> str:
        return self.spellings[0].spelling

    @property
    def sites(self) -> int:
        return sum(s.sites for s in self.spellings)

    @property
    def incidents(self) -> int:
        return sum(s.incidents for s in self.spellings)

    @property
    def split(self) -> bool:
        """Whether the sites and incidents spell this district in more than one way."""
        return len(self.spellings) > 1

    def matches(self, text: str | None) -> bool:
        """Whether the search `text` is part of the district, case, diacritics and spacing aside."""
        return not text or fold(text) in self.key


def group_districts(spellings: Iterable[Spelling]) -> list[DistrictGroup]:
    """The districts the sites and incidents are in, each with its spellings: those spelled in several ways first,
    then in Vietnamese order of the spelling to keep."""
    by_key: dict[str, list[Spelling]] = {}
    for s in spellings:
        if s.sites > 0 or s.incidents > 0:
            by_key.setdefault(fold(s.spelling), []).append(s)
    groups = [DistrictGroup(key, tuple(sorted(found, key=preference))) for key, found in by_key.items()]
    return sorted(groups, key=lambda g: (not g.split, sort_key(g.preferred), g.key))


@dataclass(frozen=True)
class DistrictMerge:
    """The spellings to write as `into` (without repeats, in the order given)."""

    spellings: tuple[str, ...]
    into: str


def _quoted(spellings: Sequence[str]) -> str:
    """The spellings each in curly quotes, in either language: “tan an”, “TAN AN” (C2: the English had 'tan an')."""
    return ", ".join(f"“{s}”" for s in spellings)


def merge_of(spellings: Sequence[str], into: str, *, in_use: Collection[str]) -> DistrictMerge:
    """The merge asked for, or a RuleViolation naming everything wrong with it: no spelling given, no
    spelling to merge into, spellings that are another district than `into` (the names' rule: case,
    diacritics and spacing aside), spellings no site or incident is in (`in_use`: the sites' and incidents'
    spellings)."""
    errors: list[FieldError] = []
    wanted = tuple(dict.fromkeys(spellings))
    if not wanted:
        errors.append(
            FieldError(
                "spellings",
                "required",
                "Name at least one spelling of the district, town or city to merge (as the sites write it).",
                "Cần chọn ít nhất một cách viết của huyện, thị xã, thành phố để gộp (như các địa điểm đang ghi).",
            )
        )
    if not into.strip():
        errors.append(
            FieldError(
                "into",
                "required",
                "Say how the district, town or city is to be written (into), e.g. “Tân An”.",
                "Cần ghi tên huyện, thị xã, thành phố sau khi gộp, ví dụ “Tân An”.",
            )
        )
    else:
        other = [s for s in wanted if fold(s) != fold(into)]
        if other:
            errors.append(
                FieldError(
                    "spellings",
                    "same-district",
                    f"{_quoted(other)} {'is' if len(other) == 1 else 'are'} not “{into}” written otherwise: "
                    "only spellings of one district, town or city (case, accents and spacing aside) can be merged.",
                    f"{_quoted(other)} không phải là “{into}” viết khác: chỉ gộp được các cách viết của cùng "
                    "một huyện, thị xã hoặc thành phố (không kể chữ hoa, dấu và khoảng trắng).",
                    {"spellings": other, "into": into},
                )
            )
    unused = [s for s in wanted if s not in in_use]
    if unused:
        errors.append(
            FieldError(
                "spellings",
                "in-use",
                f"No site or incident has the district, town or city written {_quoted(unused)}: name the spellings "
                "as the sites and incidents write them (GET /districts lists them).",
                f"Không có địa điểm hay sự cố nào ghi huyện, thị xã, thành phố là {_quoted(unused)}: hãy chọn cách "
                "viết đúng như các địa điểm và sự cố đang ghi.",
                {"spellings": unused},
            )
        )
    if errors:
        raise RuleViolation(errors)
    return DistrictMerge(wanted, into)


# --- the province's own districts ---------------------------------------------------------------

PROVINCE_DISTRICTS = (
    "Tân An",
    "Kiến Tường",
    "Bến Lức",
    "Cần Đước",
    "Cần Giuộc",
    "Châu Thành",
    "Đức Hòa",
    "Đức Huệ",
    "Mộc Hóa",
    "Tân Hưng",
    "Tân Thạnh",
    "Tân Trụ",
    "Thạnh Hóa",
    "Thủ Thừa",
    "Vĩnh Hưng",
)
"""Long An's fifteen districts and towns (the city of Tân An, the town of Kiến Tường, thirteen districts), as the
province writes them: a district typed without its diacritics is one of them before it is near another (QZ15: "Duc
Hoa", with no site there yet, was offered “Đức Huệ”, two letters away, and stored as typed)."""


PROVINCE_NAME = "Long An"
"""Whose list PROVINCE_DISTRICTS is, as the notes name it ("trong danh sách huyện, thị xã, thành phố của Long An")."""


def with_province_districts(known: Iterable[str]) -> list[str]:
    """The districts a typed one is matched against: those the sites and incidents write (`known`, kept as they
    write them), and each of the province's own (PROVINCE_DISTRICTS) that none of them writes yet
    (lichtruc.text.fold: case, diacritics and spacing aside) — so a district's spelling in use is never
    replaced by the list's."""
    written = list(known)
    folded = {fold(k) for k in written}
    return [*written, *(d for d in PROVINCE_DISTRICTS if fold(d) not in folded)]


# --- a district nobody writes yet ----------------------------------------------------------------

DISTRICT_VI = "Huyện, thị xã, thành phố"
"""A site's district in the notes below, by the site form's label for it (QZ17 #8a: the notes said "Quận/huyện"
under a box labelled "Huyện, thị xã, thành phố"): a province's district-level units, Long An's having no quận."""
DISTRICT_EN = "District, town or city"
"""The same label in English, in front of the English notes as in the Vietnamese (QZ19 #5)."""

# How many of the known districts a warning lists (a province has a few dozen at most).
LISTED = 40


def _listed(names: Sequence[str]) -> str:
    return ", ".join(names[:LISTED]) + (", …" if len(names) > LISTED else "")


@dataclass(frozen=True)
class NewDistrict:
    """The warning a site saved with a district no site or incident is in yet answers with (it is stored all the
    same: a province may have a new district after a merger), naming the closest known spelling when one is close;
    listing those the sites and incidents write (`known`) apart from the rest of the province's list (`province`)
    — QZ19 #5: "already written: … (all 15)" said of Long An's list, where /admin/districts listed 8."""

    district: str
    closest: str | None
    known: tuple[str, ...]
    rule: str = "new-district"
    province: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        guess = f" Did you mean “{self.closest}”?" if self.closest else ""
        listed = f" The districts, towns and cities already written: {_listed(self.known)}." if self.known else ""
        if self.province:
            others = "The others" if self.known else "The districts, towns and cities"
            listed += f" {others} on {PROVINCE_NAME}'s list: {_listed(self.province)}."
        return (
            f"{DISTRICT_EN}: no site or incident is in “{self.district}” yet.{guess}{listed} The site is saved; if the "
            "district was mistyped, correct it."
        )

    @property
    def message_vi(self) -> str:
        guess = f" Có phải “{self.closest}”?" if self.closest else ""
        listed = f" Các huyện, thị xã, thành phố đã có: {_listed(self.known)}." if self.known else ""
        if self.province:
            others = " khác" if self.known else ""
            listed += (
                f" Các huyện, thị xã, thành phố{others} trong danh sách của {PROVINCE_NAME}: {_listed(self.province)}."
            )
        return (
            f"{DISTRICT_VI}: “{self.district}” chưa có điểm trực hay sự cố nào.{guess}{listed} Điểm trực đã được lưu; "
            "nếu gõ nhầm, hãy sửa lại."
        )


@dataclass(frozen=True)
class DistrictMatched:
    """The note a site saved with a district typed another way than the province already writes it answers with:
    it is stored as the known spelling (`reference.known_spelling`), and the person who typed it is told so — and
    where that spelling came from: a site or incident writing it ("đã có"), or, none yet, the province's list
    (`listed`; QZ19 #5: “can duoc” was said matched with “Cần Đước” "đã có" when no site was in Cần Đước)."""

    district: str
    matched: str
    rule: str = "district-matched"
    listed: bool = False

    @property
    def message(self) -> str:
        if self.listed:
            return (
                f"{DISTRICT_EN}: “{self.district}” was matched with “{self.matched}” on {PROVINCE_NAME}'s list of "
                "districts, towns and cities."
            )
        return f"{DISTRICT_EN}: “{self.district}” was matched with the existing “{self.matched}”."

    @property
    def message_vi(self) -> str:
        if self.listed:
            return (
                f"{DISTRICT_VI}: “{self.district}” được ghép với “{self.matched}” trong danh sách huyện, thị xã, thành "
                f"phố của {PROVINCE_NAME}."
            )
        return f"{DISTRICT_VI}: “{self.district}” được ghép với “{self.matched}” đã có."


def matched_district(typed: str | None, stored: str | None, *, listed: bool = False) -> DistrictMatched | None:
    """The note for a district `typed` that is stored as another known spelling (`stored`: `listed` when it is the
    province's list's, no site or incident writing it yet); None when it is stored as typed (spacing at the ends
    aside), or when no district was given."""
    if not typed or not stored or typed.strip() == stored:
        return None
    return DistrictMatched(typed.strip(), stored, listed=listed)


SiteNote = NewDistrict | DistrictMatched
"""A note a site command answers with about its district."""


def edit_distance(a: str, b: str) -> int:
    """How many letters to insert, delete or replace to write `a` as `b` (Levenshtein)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def new_district(
    typed: str | None, known: Iterable[str], *, in_use: Collection[str] | None = None
) -> NewDistrict | None:
    """The warning for a site's district `typed` when no `known` district (the sites' and incidents', and the
    province's list's: `with_province_districts`) is the same one (lichtruc.text.fold: case, diacritics and
    spacing aside); None when one is, or when no district is given. It lists the known districts (one spelling
    each, the one written with its diacritics first, in Vietnamese order) — those of `in_use` (the sites' and
    incidents'; None: every known one) apart from the rest — and names the closest: one whose folded spelling is
    at most two letters away, or begins with what was typed ("Tân" for "Tân Hưng"), the nearest first. None too
    when nothing is known: the province's first district is no news to warn of (QA: the first site ever was told
    its district had no site yet)."""
    if not typed or not fold(typed):
        return None
    wanted = fold(typed)
    known = list(known)
    by_key: dict[str, list[str]] = {}
    for k in known:
        by_key.setdefault(fold(k), []).append(k)
    if not by_key or wanted in by_key:
        return None
    spelled = {key: min(found, key=lambda k: (k == fold(k), sort_key(k), k)) for key, found in by_key.items()}
    near = [
        (distance, sort_key(spelled[key]), spelled[key])
        for key in spelled
        if (distance := edit_distance(wanted, key)) <= 2 or (len(wanted) >= 3 and key.startswith(wanted))
    ]
    listed = tuple(sorted(spelled.values(), key=lambda k: (sort_key(k), k)))
    used = {fold(k) for k in (known if in_use is None else in_use)}
    return NewDistrict(
        typed,
        min(near)[2] if near else None,
        tuple(k for k in listed if fold(k) in used),
        province=tuple(k for k in listed if fold(k) not in used),
    )


__all__ = [
    "PROVINCE_DISTRICTS",
    "PROVINCE_NAME",
    "DistrictGroup",
    "DistrictMatched",
    "DistrictMerge",
    "NewDistrict",
    "SiteNote",
    "Spelling",
    "edit_distance",
    "group_districts",
    "matched_district",
    "merge_of",
    "new_district",
    "preference",
    "with_province_districts",
]
