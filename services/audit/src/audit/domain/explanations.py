"""A manager's explanation (giải trình) of a coverage gap or of a finding with discrepancies, with evidence, and the
inspector's answer.

After Tết an enterprise accounts for each shortfall the inspectors hold against it. The rules:

* one explanation per item (a gap, or a finding with discrepancies), written by a manager of the item's enterprise
  or by an administrator on its behalf (`on_behalf`: the record says so); it gives a cause (`CAUSES`), the reason in
  words (required), what was done about it, and attachments (photos of the handover book, a scanned signed roster,
  a PDF): JPEG, PNG or PDF by their bytes, never by their name (`sniff`), at most `MAX_FILE_BYTES` each and
  `MAX_FILES` to a version (`check_files`), and no more than `MAX_FILES` earlier ones asked to be kept
  (`check_writing`);
* it may be amended — a new version; the earlier ones stay readable — until the inspector accepts it;
* an inspector (or an administrator) answers the latest version: accepts it (closed: no more amendments) or asks for
  more with a note (required); after asking for more, the next amendment waits for their answer again. One answer
  per version, never by the version's own author;
* each version and each answer is a record of the signed log (`given_record`, `reviewed_record`), audit's own like a
  finding's (domain/finding_record.py): it can be proved later that it was given then, as it reads now; a version's
  record carries its attachments' SHA-256, so the files are proved too. Audit publishes each record as it is logged on
  its topic (`lichtruc.events_explanations`), for notifier to tell the inspectors of a version and the enterprise's
  managers of an answer; the record names the item (its enterprise, site, duty type and window) for that.

States (`Explanation.state`): ``submitted`` (explained, waiting for the inspector), ``more_asked``, ``accepted``;
an item without one is ``unexplained``. Pure: `now` is passed in.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal, Protocol

from lichtruc import vntime, words
from lichtruc.events import AUDIT_SOURCE
from lichtruc.events_explanations import ExplanationGiven, ExplanationReviewed
from lichtruc.text import nfc

from .errors import Conflict, Invalid, NotFound, TooLarge, Unsupported
from .inforce import is_in_force

ItemKind = Literal["gap", "finding"]
State = Literal["unexplained", "submitted", "more_asked", "accepted"]
Decision = Literal["accept", "more"]
ITEM_KINDS: tuple[ItemKind, ...] = ("gap", "finding")
STATES: tuple[State, ...] = ("unexplained", "submitted", "more_asked", "accepted")

CAUSES: dict[str, tuple[str, str]] = {  # key → (vi, en): the short choice of causes a manager picks one of
    "no_show": ("Người trực không đến", "the person on duty did not come"),
    "sudden_absence": ("Ốm đau, việc gia đình đột xuất", "sudden illness or family emergency"),
    "short_of_people": ("Thiếu người đủ điều kiện để xếp", "not enough qualified people to roster"),
    "roster_mistake": ("Sai sót khi xếp lịch", "a mistake in the roster"),
    "roster_late": (
        "Có người trực nhưng lịch cập nhật chậm",
        "people were on duty but the roster was updated late",
    ),
    "incident": ("Sự cố, thiên tai, bất khả kháng", "an incident, disaster or force majeure"),
    "other": ("Lý do khác", "another reason"),
}

MEDIA_TYPES: dict[str, str] = {"image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF"}
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
BODY_BYTES = (MAX_FILES + 1) * MAX_FILE_BYTES + 1024 * 1024
"""The largest request body an explanation is read from (its files and words): a file somewhat over the limit is
read, to be refused by its name; a body larger still is refused as a body (the service's 413)."""
REASON_MAX = 4000
ACTION_MAX = 4000
NOTE_MAX = 2000
FILENAME_MAX = 200

EXPLANATION_GIVEN = ExplanationGiven.event_type
"""The log record of one version of an explanation (audit's own), published as it is logged on audit's topic."""
EXPLANATION_REVIEWED = ExplanationReviewed.event_type
"""The log record of an inspector's answer to a version (audit's own), published as it is logged."""
RECORD_TYPES = (EXPLANATION_GIVEN, EXPLANATION_REVIEWED)

_NAMESPACE = uuid.UUID("0c9f3a52-7b1e-4d8a-b6c4-2e5f9d1a8b73")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file given as evidence: its name as uploaded (NFC), its media type as its bytes say, size and SHA-256."""

    attachment_id: str
    filename: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as received, before it is checked: its bytes (for one over `MAX_FILE_BYTES`, perhaps only the first
    of them) and, when known, its whole size."""

    filename: str
    content: bytes
    size: int | None = None


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an explanation, as its author gave it."""

    version: int
    cause: str
    reason: str
    action: str
    attachments: tuple[Attachment, ...]
    author: str
    author_name: str | None
    on_behalf: bool
    written_at: datetime


@dataclass(frozen=True, slots=True)
class Review:
    """An inspector's answer to `version`: accepted, or more asked (with `note`)."""

    version: int
    decision: Decision
    note: str
    reviewer: str
    reviewer_name: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Explanation:
    """An item's explanation: its versions, oldest first, and the answers to them."""

    explanation_id: str
    item_kind: ItemKind
    item_id: str
    enterprise_id: str
    versions: tuple[Version, ...] = ()
    reviews: tuple[Review, ...] = ()

    @property
    def latest(self) -> Version:
        return self.versions[-1]

    @property
    def answer(self) -> Review | None:
        """The answer to the latest version, if given."""
        last = self.reviews[-1] if self.reviews else None
        return last if last is not None and last.version == self.latest.version else None

    @property
    def last_review(self) -> Review | None:
        return self.reviews[-1] if self.reviews else None

    @property
    def state(self) -> State:
        answer = self.answer
        if answer is None:
            return "submitted"
        return "accepted" if answer.decision == "accept" else "more_asked"

    @property
    def updated_at(self) -> datetime:
        times = [self.latest.written_at] + ([self.reviews[-1].at] if self.reviews else [])
        return max(times)


@dataclass(frozen=True, slots=True)
class Writing:
    """What an author asks to write: the item's words and the files (new uploads, and earlier ones kept by id)."""

    cause: str
    reason: str
    action: str = ""
    keep: tuple[str, ...] = ()


def explanation_id_of(item_kind: str, item_id: str) -> str:
    """An item's explanation id: the same item always has the same one (a name-based UUID)."""
    return str(uuid.uuid5(_NAMESPACE, f"explanation:{item_kind}:{item_id}"))


def sniff(content: bytes) -> str | None:
    """The media type the bytes are (JPEG, PNG, PDF), whatever the file's name says; None for anything else."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content[:1024].lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check_writing(w: Writing) -> Writing:
    """The words checked and normalised (NFC, trimmed); `Invalid` naming the field for the first that is wrong."""
    cause, reason, action = w.cause.strip(), nfc(w.reason).strip(), nfc(w.action).strip()
    if cause not in CAUSES:
        raise unknown_cause(cause)
    if not reason:
        raise reason_required()
    if len(reason) > REASON_MAX:
        raise too_long("reason", "Lý do", REASON_MAX, len(reason))
    if len(action) > ACTION_MAX:
        raise too_long("action", "Việc đã làm", ACTION_MAX, len(action))
    if len(w.keep) > MAX_FILES:  # as sent: a version holds at most MAX_FILES, so none asks to keep more
        raise too_many_kept(len(w.keep))
    return Writing(cause, reason, action, tuple(dict.fromkeys(w.keep)))


def check_files(uploads: Sequence[Upload], *, kept: int = 0) -> list[tuple[Upload, Attachment]]:
    """Each upload checked by its bytes and size, with its attachment (an id, its sha256); `kept` earlier files
    count towards `MAX_FILES`. Refused whole on the first file that is wrong (named)."""
    if kept + len(uploads) > MAX_FILES:
        raise too_many_files(kept + len(uploads), kept)
    out = []
    for u in uploads:
        filename = nfc(u.filename).strip().replace("/", "_").replace("\\", "_")[:FILENAME_MAX] or "tep"
        if not u.content:
            raise empty_file(filename)
        size = max(len(u.content), u.size or 0)
        if size > MAX_FILE_BYTES:
            raise file_too_large(filename, size)
        media_type = sniff(u.content)
        if media_type is None:
            raise file_type_refused(filename)
        digest = hashlib.sha256(u.content).hexdigest()
        out.append((u, Attachment(str(uuid.uuid4()), filename, media_type, len(u.content), digest)))
    return out


def write(
    current: Explanation | None,
    *,
    item_kind: ItemKind,
    item_id: str,
    enterprise_id: str,
    item_said: tuple[str, str],
    writing: Writing,
    new_files: Sequence[Attachment],
    author: str,
    author_name: str | None,
    on_behalf: bool,
    now: datetime,
) -> Explanation:
    """The explanation with a new version (the first, or an amendment). `writing` checked already; earlier files
    are kept by id (`writing.keep`: one the latest version does not have is refused); a new file with the same
    SHA-256 as one kept (or as another new one) is left out, the one already there standing (`repeats` says so), and
    the files then counted against `MAX_FILES`. Refused once accepted. `item_said` names the item (vi, en) for the
    refusals."""
    base = current or Explanation(explanation_id_of(item_kind, item_id), item_kind, item_id, enterprise_id)
    kept: list[Attachment] = []
    if current is not None:
        if current.state == "accepted":
            raise already_accepted(item_said)
        have = {a.attachment_id: a for a in current.latest.attachments}
        for key in writing.keep:
            if key not in have:
                raise unknown_attachment(item_said)
            kept.append(have[key])
    elif writing.keep:
        raise unknown_attachment(item_said)
    seen = {a.sha256 for a in kept}
    fresh = []
    for a in new_files:  # a file already attached (the same bytes) is attached once: `repeats` says which
        if a.sha256 not in seen:
            fresh.append(a)
            seen.add(a.sha256)
    if len(kept) + len(fresh) > MAX_FILES:
        raise too_many_files(len(kept) + len(fresh), len(kept))
    version = Version(
        version=len(base.versions) + 1,
        cause=writing.cause,
        reason=writing.reason,
        action=writing.action,
        attachments=(*kept, *fresh),
        author=author,
        author_name=author_name,
        on_behalf=on_behalf,
        written_at=now,
    )
    return replace(base, versions=(*base.versions, version))


@dataclass(frozen=True, slots=True)
class Repeat:
    """A file given again that the version already has (the same SHA-256): left out, `same_as` standing."""

    filename: str
    same_as: str


def repeats(new_files: Sequence[Attachment], version: Version) -> tuple[Repeat, ...]:
    """The new files `write` left out of `version` as already attached, each with the file it repeats."""
    attached = {a.attachment_id for a in version.attachments}
    by_hash = {a.sha256: a.filename for a in version.attachments}
    return tuple(Repeat(a.filename, by_hash[a.sha256]) for a in new_files if a.attachment_id not in attached)


def repeat_said(r: Repeat) -> tuple[str, str]:
    """A left-out file in words (vi, en), for the author."""
    if r.filename == r.same_as:
        return (
            f"Tệp “{r.filename}” đã được đính kèm (cùng nội dung) nên chỉ giữ một bản.",
            f"The file “{r.filename}” was attached already (the same content): it is kept once.",
        )
    return (
        f"Tệp “{r.filename}” trùng nội dung với tệp “{r.same_as}” đã đính kèm nên không đính kèm thêm.",
        f"The file “{r.filename}” has the same content as “{r.same_as}”, attached already: it was not attached again.",
    )


def review(
    current: Explanation | None,
    *,
    item_said: tuple[str, str],
    decision: Decision,
    note: str,
    reviewer: str,
    reviewer_name: str | None,
    version: int | None,
    now: datetime,
) -> Explanation:
    """The explanation with the inspector's answer to its latest version. `version`, when given, is the one the
    reviewer read: an amendment since is refused (they answer what they read). Refused: no explanation; already
    answered; asked for more without a note; answered by the version's own author."""
    if current is None:
        raise nothing_to_review(item_said)
    if version is not None and version != current.latest.version:
        raise amended_since(item_said, version, current.latest.version)
    if current.answer is not None:
        raise already_answered(item_said, current.state)
    if current.latest.author.lower() == reviewer.lower():
        raise own_explanation(item_said)
    note = nfc(note).strip()
    if decision == "more" and not note:
        raise note_required()
    if len(note) > NOTE_MAX:
        raise too_long("note", "Ghi chú", NOTE_MAX, len(note))
    answer = Review(current.latest.version, decision, note, reviewer, reviewer_name, now)
    return replace(current, reviews=(*current.reviews, answer))


# --- as JSON (the stored document and the log record's data) -----------------------------------------------------


def to_doc(e: Explanation) -> dict[str, Any]:
    """The explanation as a JSON document (times ISO 8601)."""

    def version(v: Version) -> dict[str, Any]:
        return {
            "version": v.version,
            "cause": v.cause,
            "reason": v.reason,
            "action": v.action,
            "attachments": [attachment_doc(a) for a in v.attachments],
            "author": v.author,
            "author_name": v.author_name,
            "on_behalf": v.on_behalf,
            "written_at": v.written_at.isoformat(),
        }

    return {
        "explanation_id": e.explanation_id,
        "item_kind": e.item_kind,
        "item_id": e.item_id,
        "enterprise_id": e.enterprise_id,
        "versions": [version(v) for v in e.versions],
        "reviews": [review_doc(r) for r in e.reviews],
    }


def attachment_doc(a: Attachment) -> dict[str, Any]:
    return {
        "attachment_id": a.attachment_id,
        "filename": a.filename,
        "media_type": a.media_type,
        "size": a.size,
        "sha256": a.sha256,
    }


def review_doc(r: Review) -> dict[str, Any]:
    return {
        "version": r.version,
        "decision": r.decision,
        "note": r.note,
        "reviewer": r.reviewer,
        "reviewer_name": r.reviewer_name,
        "at": r.at.isoformat(),
    }


def from_doc(doc: Mapping[str, Any]) -> Explanation:
    return Explanation(
        explanation_id=str(doc["explanation_id"]),
        item_kind=doc["item_kind"],
        item_id=str(doc["item_id"]),
        enterprise_id=str(doc["enterprise_id"]),
        versions=tuple(
            Version(
                version=int(v["version"]),
                cause=v["cause"],
                reason=v["reason"],
                action=v.get("action") or "",
                attachments=tuple(Attachment(**a) for a in v.get("attachments") or ()),
                author=v["author"],
                author_name=v.get("author_name"),
                on_behalf=bool(v.get("on_behalf")),
                written_at=datetime.fromisoformat(v["written_at"]),
            )
            for v in doc.get("versions") or ()
        ),
        reviews=tuple(
            Review(
                version=int(r["version"]),
                decision=r["decision"],
                note=r.get("note") or "",
                reviewer=r["reviewer"],
                reviewer_name=r.get("reviewer_name"),
                at=datetime.fromisoformat(r["at"]),
            )
            for r in doc.get("reviews") or ()
        ),
    )


# --- records of the signed log ------------------------------------------------------------------------------------


def given_event_id(explanation_id: str, version: int) -> uuid.UUID:
    """The log record id of one version: the same version is always the same record."""
    return uuid.uuid5(_NAMESPACE, f"given:{explanation_id}:{version}")


def reviewed_event_id(explanation_id: str, version: int) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"reviewed:{explanation_id}:{version}")


def _envelope(e: Explanation, *, event_id: uuid.UUID, event_type: str, at: datetime, data: dict[str, Any]) -> dict:
    return {
        "specversion": "1.0",
        "id": str(event_id),
        "source": AUDIT_SOURCE,
        "type": event_type,
        "time": at.isoformat(),
        "subject": f"{e.item_kind}s/{e.item_id}/explanation",
        "datacontenttype": "application/json",
        "partitionkey": e.enterprise_id,
        "data": data,
    }


def _item_data(e: Explanation, item: Accountable) -> dict[str, Any]:
    """What a record says of its item: in words (`item_said`), and its enterprise's and site's names, duty type and
    window, for a reader of the published record (notifier's mails) to say it in its own words."""
    said_vi, said_en = item_said(item)
    return {
        "explanation_id": e.explanation_id,
        "item_kind": e.item_kind,
        "item_id": e.item_id,
        "item_vi": said_vi,
        "item_en": said_en,
        "enterprise_id": e.enterprise_id,
        "enterprise_name": item.enterprise_name,
        "site_name": item.site_name,
        "duty_type": item.duty_type,
        "starts_at": item.starts_at.isoformat(),
        "ends_at": item.ends_at.isoformat() if item.ends_at is not None else None,
    }


def given_record(e: Explanation, *, item: Accountable) -> dict[str, Any]:
    """The envelope of the log record of `e`'s latest version: the version whole, with its attachments' SHA-256
    (the files are proved by them), who wrote it and whether on the enterprise's behalf, and the item in words and
    names; an amendment's, the cause of the version before it (QZ29 #3: the inspector's mail of an amendment did not
    say the cause had changed). Audit publishes it as it is logged (`lichtruc.events_explanations.ExplanationGiven`)."""
    v = to_doc(e)["versions"][-1]
    data = {"actor": e.latest.author, **_item_data(e, item), "explanation": v}
    if len(e.versions) > 1:
        data["previous_cause"] = e.versions[-2].cause
    return _envelope(
        e,
        event_id=given_event_id(e.explanation_id, e.latest.version),
        event_type=EXPLANATION_GIVEN,
        at=e.latest.written_at,
        data=data,
    )


def reviewed_record(e: Explanation, *, item: Accountable) -> dict[str, Any]:
    """The envelope of the log record of the latest answer to `e` (published as it is logged:
    `lichtruc.events_explanations.ExplanationReviewed`)."""
    r = e.reviews[-1]
    return _envelope(
        e,
        event_id=reviewed_event_id(e.explanation_id, r.version),
        event_type=EXPLANATION_REVIEWED,
        at=r.at,
        data={"actor": r.reviewer, **_item_data(e, item), "review": review_doc(r)},
    )


def describe(event_type: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """A record in words (English, Vietnamese): "Nguyễn Văn An giải trình (lần 2) khoảng trống trực …: Người trực
    không đến"; None for any other type."""
    item_vi, item_en = data.get("item_vi") or "?", data.get("item_en") or "?"
    if event_type == EXPLANATION_GIVEN:
        v = data.get("explanation") or {}
        who = v.get("author_name") or v.get("author") or "?"
        cause_vi, cause_en = CAUSES.get(str(v.get("cause")), ("?", "?"))
        n = int(v.get("version") or 1)
        files = len(v.get("attachments") or ())
        behalf_vi = " (thay mặt doanh nghiệp)" if v.get("on_behalf") else ""
        behalf_en = " (on the enterprise's behalf)" if v.get("on_behalf") else ""
        nth_vi = f" (lần {n})" if n > 1 else ""
        nth_en = f" (version {n})" if n > 1 else ""
        return (
            f"{who}{behalf_en} explained{nth_en} {item_en}: {cause_en}; {files} file(s) attached",
            f"{who}{behalf_vi} giải trình{nth_vi} {item_vi}: {cause_vi}; {files} tệp đính kèm",
        )
    if event_type == EXPLANATION_REVIEWED:
        r = data.get("review") or {}
        who = r.get("reviewer_name") or r.get("reviewer") or "?"
        if r.get("decision") == "accept":
            return (
                f"{words.inspector_titled(who, 'en')} accepted the explanation of {item_en}",
                f"{words.inspector_titled(who)} chấp nhận giải trình {item_vi}",
            )
        note = r.get("note") or ""
        return (
            f"{words.inspector_titled(who, 'en')} asked for more on the explanation of {item_en}: {note}",
            f"{words.inspector_titled(who)} yêu cầu bổ sung giải trình {item_vi}: {note}",
        )
    return None


# --- refusals -----------------------------------------------------------------------------------------------------

STATE_WORDS: dict[str, tuple[str, str]] = {
    "unexplained": ("chưa giải trình", "not explained"),
    "submitted": ("đã giải trình, chờ thanh tra xem", "explained, waiting for the inspector"),
    "more_asked": ("thanh tra yêu cầu bổ sung", "the inspector asked for more"),
    "accepted": ("thanh tra đã chấp nhận", "accepted by the inspector"),
}


def _mb(tenths: int, lang: str) -> str:
    """Tenths of a MB said to one decimal, the decimal left out when it is 0 ("10,5" in Vietnamese, "10.5")."""
    said = str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"
    return said.replace(".", ",") if lang == "vi" else said


def _tenths(size: int) -> int:
    return round(size * 10 / (1024 * 1024))


def unknown_cause(cause: str) -> Invalid:
    listed_vi = "; ".join(vi for vi, _ in CAUSES.values())
    listed_en = ", ".join(CAUSES)
    return Invalid(
        "explanation-cause-unknown",
        "Unknown cause",
        f"The cause “{cause}” is not one of the list: choose one of {listed_en} (field cause).",
        f"Nguyên nhân “{cause}” không có trong danh sách: hãy chọn một trong: {listed_vi}.",
    )


def reason_required() -> Invalid:
    return Invalid(
        "explanation-reason-required",
        "Reason required",
        "Say in words why it happened (field reason): the cause chosen alone does not explain it.",
        "Hãy ghi rõ lý do (trường Lý do): chỉ chọn nguyên nhân thì chưa đủ để giải trình.",
    )


def too_long(key: str, name_vi: str, limit: int, length: int) -> Invalid:
    return Invalid(
        f"explanation-{key}-too-long",
        "Text too long",
        f"The field {key} has {length} characters; at most {limit}: shorten it, or attach the rest as a PDF.",
        f"{name_vi} dài {length} ký tự, tối đa {limit}: hãy rút gọn, hoặc đính kèm phần còn lại dưới dạng PDF.",
    )


def note_required() -> Invalid:
    return Invalid(
        "explanation-note-required",
        "Say what more is needed",
        "Asking for more needs a note saying what is missing (field note), for the manager to act on.",
        "Yêu cầu bổ sung cần ghi chú nói rõ còn thiếu gì (trường Ghi chú), để doanh nghiệp biết phải bổ sung gì.",
    )


def too_many_files(count: int, kept: int) -> Invalid:
    kept_en = f" ({kept} kept from the earlier version)" if kept else ""
    kept_vi = f" (trong đó {kept} tệp giữ lại từ lần trước)" if kept else ""
    return Invalid(
        "explanation-too-many-files",
        "Too many attachments",
        f"{count} files{kept_en}; an explanation takes at most {MAX_FILES}: leave some out, or join the pages "
        "of a scan into one PDF.",
        f"Có {count} tệp{kept_vi}, mỗi giải trình tối đa {MAX_FILES} tệp: hãy bớt tệp, hoặc gộp các trang "
        "scan vào một tệp PDF.",
    )


def too_many_kept(count: int) -> Invalid:
    return Invalid(
        "explanation-too-many-kept",
        "Too many files to keep",
        f"{count} earlier files are asked to be kept (field keep); an explanation keeps at most {MAX_FILES}: untick "
        "some (a file not kept stays readable in the earlier version), then send again.",
        f"Có {count} tệp được chọn giữ lại từ lần giải trình trước (trường Tệp giữ lại), tối đa {MAX_FILES} tệp: "
        "hãy bỏ chọn bớt (tệp không giữ lại vẫn xem được ở lần giải trình trước), rồi gửi lại.",
    )


def file_too_large(filename: str, size: int) -> TooLarge:
    """The file's size to one decimal, never rounded down to the limit (10 MB and a byte: 10,1 MB): visibly over."""
    limit = _tenths(MAX_FILE_BYTES)
    tenths = max(_tenths(size), limit + 1)
    return TooLarge(
        "explanation-file-too-large",
        "Attachment too large",
        f"The file “{filename}” is {_mb(tenths, 'en')} MB, over the limit of {_mb(limit, 'en')} MB a file: scan it "
        "at a lower resolution or split it.",
        f"Tệp “{filename}” nặng {_mb(tenths, 'vi')} MB, quá giới hạn {_mb(limit, 'vi')} MB mỗi tệp: hãy scan với độ "
        "phân giải thấp hơn hoặc tách thành nhiều tệp.",
    )


def empty_file(filename: str) -> Invalid:
    return Invalid(
        "explanation-file-empty",
        "Empty attachment",
        f"The file “{filename}” is empty: choose the file again.",
        f"Tệp “{filename}” trống (0 byte): hãy chọn lại tệp.",
    )


def file_type_refused(filename: str) -> Unsupported:
    return Unsupported(
        "explanation-file-type",
        "Attachment type not accepted",
        f"The file “{filename}” is not a JPEG, PNG or PDF by its content (whatever its name says): attach a photo "
        "(JPEG, PNG) or a PDF.",
        f"Tệp “{filename}” không phải ảnh JPEG, PNG hay tệp PDF (xét theo nội dung, không theo tên tệp): hãy đính "
        "kèm ảnh chụp (JPEG, PNG) hoặc tệp PDF.",
    )


def unknown_attachment(item_said: tuple[str, str]) -> Invalid:
    return Invalid(
        "explanation-attachment-unknown",
        "Attachment to keep not found",
        f"A file to keep (field keep) is not among those of the latest explanation of {item_said[1]}: reload the "
        "explanation and choose again.",
        f"Một tệp cần giữ lại không có trong lần giải trình gần nhất của {item_said[0]}: hãy tải lại trang và "
        "chọn lại.",
    )


def already_accepted(item_said: tuple[str, str]) -> Conflict:
    return Conflict(
        "explanation-accepted",
        "Explanation accepted already",
        f"The inspector has accepted the explanation of {item_said[1]}: it can no longer be amended. Ask the "
        "inspection team if something must be added.",
        f"Thanh tra đã chấp nhận giải trình {item_said[0]} nên không thể sửa nữa. Nếu cần bổ sung, hãy liên hệ "
        "đoàn kiểm tra.",
    )


def nothing_to_review(item_said: tuple[str, str]) -> Conflict:
    return Conflict(
        "explanation-missing",
        "Not explained yet",
        f"The enterprise has not explained {item_said[1]} yet: there is nothing to answer.",
        f"Doanh nghiệp chưa giải trình {item_said[0]}: chưa có gì để trả lời.",
    )


def already_answered(item_said: tuple[str, str], state: str) -> Conflict:
    vi, en = STATE_WORDS[state]
    return Conflict(
        "explanation-answered",
        "Answered already",
        f"The latest explanation of {item_said[1]} is answered already ({en}): wait for the enterprise to amend it.",
        f"Lần giải trình gần nhất {item_said[0]} đã được trả lời ({vi}): hãy chờ doanh nghiệp giải trình lại.",
    )


def amended_since(item_said: tuple[str, str], read: int, latest: int) -> Conflict:
    return Conflict(
        "explanation-amended",
        "Amended since you read it",
        f"You read version {read} of the explanation of {item_said[1]}; the enterprise has given version {latest} "
        "since: read it, then answer.",
        f"Bạn đã đọc lần giải trình {read} {item_said[0]}; doanh nghiệp vừa giải trình lại (lần {latest}): "
        "hãy đọc lần mới rồi trả lời.",
    )


def own_explanation(item_said: tuple[str, str]) -> Conflict:
    return Conflict(
        "explanation-own",
        "Your own explanation",
        f"You wrote the latest explanation of {item_said[1]}: another inspector answers it.",
        f"Bạn là người viết lần giải trình gần nhất {item_said[0]}: một thanh tra khác sẽ trả lời.",
    )


def nothing_to_explain(item_said: tuple[str, str]) -> Conflict:
    return Conflict(
        "explanation-nothing-to-explain",
        "Nothing to explain",
        f"{item_said[1][:1].upper()}{item_said[1][1:]} found everything as on the roster: there is nothing to explain.",
        f"{item_said[0][:1].upper()}{item_said[0][1:]} khớp với lịch trực: không có gì phải giải trình.",
    )


def attachment_not_found() -> NotFound:
    """The same words whether the file does not exist or belongs to another enterprise."""
    return NotFound(
        "attachment-not-found",
        "Attachment not found",
        "No such attachment is kept: open the explanation (GET /gaps/{id}/explanation or "
        "/findings/{id}/explanation) for the files it has.",
        "Không tìm thấy tệp đính kèm này: hãy mở lại giải trình để xem các tệp của nó.",
    )


@dataclass(frozen=True, slots=True)
class Accountable:
    """A gap or a finding an enterprise may be asked to account for, with its explanation's state: what a list row
    says (names, not ids)."""

    item_kind: ItemKind
    item_id: str
    enterprise_id: str
    enterprise_name: str | None
    site_name: str | None
    duty_type: str
    starts_at: datetime
    ends_at: datetime | None
    discrepancy_count: int | None
    state: State
    versions: int = 0
    updated_at: datetime | None = None
    # a gap's: when it opened and closed (record times), whether a change of its requirement closed it, and from
    # when it counts (domain/inforce.py `in_force_from`): what `counted_why` says of one filled before it began
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    closed_reason: str | None = None
    in_force_from: datetime | None = None
    # a gap's: closed filled in part, the parts it left short standing in its place (live.closed_as "narrowed"), for
    # which its explanation accounts too (`owes_explanation`)
    narrowed: bool = False


class _Owing(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def opened_at(self) -> datetime: ...
    @property
    def closed_at(self) -> datetime | None: ...
    @property
    def in_force_from(self) -> datetime: ...


def filled_in_time(gap: _Owing) -> bool:
    """A hole that appeared after the campaign's readiness deadline (its ``in_force_from`` is its opening) and was
    closed before its hours began: it never came to pass and did not exist at the deadline, so it is no violation
    and owes no explanation (QZ29 #2). PRODUCT.md: a gap is in force "when its time arrives while uncovered, or when
    it still exists at the readiness deadline"; audit's own in-force rule (domain/inforce.py) holds such a gap in
    force from its opening, for the managers' alert, and keeps it so on the gaps' lists.

    The rest of a gap filled in part (live.opened_as "narrowed") is judged by its own record: one opened after the
    deadline is such a hole even if the gap it was part of was open at the deadline — that gap keeps its own
    explanation, but the part of it that was cut off later and filled in time is not held again (a roster built
    shift by shift during Tết would otherwise owe one for each part its shifts left for a moment). A part left that
    was not filled in time is accounted for by that gap's explanation when that gap owes one (`owes_explanation`)."""
    return (
        gap.status == "closed"
        and gap.closed_at is not None
        and gap.closed_at <= gap.starts_at
        and gap.in_force_from <= gap.opened_at
    )


def owes_explanation(gap: _Owing, now: datetime, *, accounted_for: bool = False) -> bool:
    """Whether an enterprise owes an explanation of the gap at `now`: in force (`inforce.is_in_force`), not a hole
    `filled_in_time`, and not `accounted_for` — the lists, their "unexplained" filter and the campaign report's counts
    (their SQL form is db/queries.py `owed`).

    One shortfall, one explanation (QZ29): a gap filled in part is closed and the part it left short stands in its
    place, a gap of its own (live.is_successor) over part of its window. When the gap it came from owes an explanation
    (it was in force — open at the readiness deadline, or its time came — and not filled in time), that explanation
    accounts for the part left too: the part owes none of its own and is neither listed nor counted again (it was
    counted twice: the manager who filled half a gap owed two explanations where one who filled none owed one). Its
    page names the gap whose explanation it is (db/queries.py `accounted_for`). When the gap it came from owes
    nothing (a planning gap, or a hole filled in time), the part left is judged by its own record. A part left beside
    a gap narrowed in place (that gap stays open, ending sooner) lies outside that gap's window: a stretch of its own,
    judged by its own record."""
    return is_in_force(gap, now) and not filled_in_time(gap) and not accounted_for


def counted_why(a: Accountable) -> tuple[str, str] | None:
    """Why a gap closed before its hours began is still owed an explanation (vi, en); None for any other item.

    The directive asks each enterprise to have its roster staffed before Tết: a gap that still existed at the
    campaign's readiness deadline is a lapse of readiness even when it was filled before its hours (QZ29 #2: the
    manager's list said only "Chưa giải trình" of a gap filled eight hours ahead, as if it had come to pass). One that
    appeared after the deadline and was filled in time owes nothing (`filled_in_time`) and is not listed. Said
    beside it on the lists, with when it was filled and the deadline (its `in_force_from`)."""
    if a.item_kind != "gap" or a.closed_at is None or a.in_force_from is None or a.closed_at > a.starts_at:
        return None
    closed_vi, closed_en = vntime.clock(a.closed_at, "vi"), vntime.clock(a.closed_at, "en")
    since_vi, since_en = vntime.clock(a.in_force_from, "vi"), vntime.clock(a.in_force_from, "en")
    if a.closed_reason == "requirement_changed":
        head_vi = f"Đã đóng lúc {closed_vi} vì định mức thay đổi, trước giờ bắt đầu"
        head_en = f"Closed at {closed_en} by a change of its requirement, before it began"
    elif a.narrowed:
        head_vi = f"Đã bổ sung một phần lúc {closed_vi}, trước giờ bắt đầu"
        head_en = f"Partly filled at {closed_en}, before it began"
    else:
        head_vi = f"Đã bổ sung người lúc {closed_vi}, trước giờ bắt đầu"
        head_en = f"Filled at {closed_en}, before it began"
    if a.opened_at is None or a.in_force_from <= a.opened_at:
        return None  # appeared after the deadline: owes nothing (`filled_in_time`)
    why_vi = f"vẫn phải giải trình vì đến hạn sẵn sàng ({since_vi}) lịch trực vẫn còn trống"
    why_en = f"still to be explained: the roster was still short at the readiness deadline ({since_en})"
    if a.narrowed:  # one explanation for the whole shortfall (`owes_explanation`)
        why_vi += "; giải trình này gồm cả phần còn lại"
        why_en += "; this explanation covers the rest too"
    return f"{head_vi}; {why_vi}.", f"{head_en}; {why_en}."


def item_said(a: Accountable) -> tuple[str, str]:
    """An item in words (vi, en): "khoảng trống trực Điều hành tại Tổng đài Tân An, 00:00–06:00 06/02/2027 (Mùng 1
    Tết)"; "biên bản kiểm tra tại Tổng đài Tân An lúc 19:00 05/02/2027"."""
    where_vi = f" tại {a.site_name or a.enterprise_name}" if (a.site_name or a.enterprise_name) else ""
    where_en = f" at {a.site_name or a.enterprise_name}" if (a.site_name or a.enterprise_name) else ""
    if a.item_kind == "gap" and a.ends_at is not None:
        duty_vi, duty_en = words.name("duty_type", a.duty_type, "vi"), words.name("duty_type", a.duty_type, "en")
        return (
            f"khoảng trống {duty_vi.lower()}{where_vi}, {words.span(a.starts_at, a.ends_at, 'vi')}",
            f"the coverage gap of {duty_en.lower()}{where_en}, {words.span(a.starts_at, a.ends_at, 'en')}",
        )
    return (
        f"biên bản kiểm tra{where_vi} lúc {vntime.clock(a.starts_at, 'vi')}",
        f"the finding of the visit{where_en} at {vntime.clock(a.starts_at, 'en')}",
    )
