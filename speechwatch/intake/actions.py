"""Writes of the intake: receive a submission, and turn it into or merge it with an incident."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from speechwatch.audit.record import Who, record
from speechwatch.incidents.actions import (
    IncidentInput,
    SourceInput,
    create_incident,
    update_incident,
)
from speechwatch.incidents.inputs import incident_input
from speechwatch.incidents.models import LANGS, Incident
from speechwatch.incidents.versioning import claim_version
from speechwatch.intake.files import Accepted, Rejected, check_file, safe_name, unique_names
from speechwatch.intake.models import (
    Attachment,
    Channel,
    OutcomeKind,
    Reporter,
    Submission,
    SubmissionOutcome,
)
from speechwatch.reference.models import Region
from speechwatch.staff.models import Assignment

TITLE_LENGTH = 120


class Upload(Protocol):
    """What Django's UploadedFile offers and the intake needs."""

    name: str | None
    size: int | None

    def read(self, size: int = ...) -> bytes: ...
    def seek(self, pos: int) -> int: ...


@dataclass
class SubmissionInput:
    channel: str
    what_happened: str
    occurred_on: date | None = None
    occurred_precision: str = "unknown"
    region: str = ""  # region code
    settlement: str = ""
    affected: str = ""
    acted: str = ""
    links: Sequence[str] = ()
    language: str = ""


@dataclass
class ReporterInput:
    user_id: int | None = None
    name: str = ""
    email: str = ""
    phone: str = ""
    other_contact: str = ""
    may_contact: bool = False


@dataclass
class _Checked:
    upload: Upload
    accepted: Accepted
    name: str
    data: bytes = field(repr=False, default=b"")


def check_uploads(uploads: Sequence[Upload]) -> list[_Checked]:
    """Every upload checked against the limits; Rejected names the first bad file."""
    if len(uploads) > settings.INTAKE_MAX_FILES:
        raise Rejected(f"attachments: at most {settings.INTAKE_MAX_FILES} files")
    checked = []
    names = unique_names([safe_name(upload.name) for upload in uploads])
    for upload, name in zip(uploads, names, strict=True):
        size = int(upload.size or 0)
        upload.seek(0)
        head = upload.read(64)
        accepted = check_file(name, size, head, max_bytes=settings.INTAKE_MAX_FILE_BYTES)
        upload.seek(0)
        checked.append(_Checked(upload, accepted, name))
    return checked


@transaction.atomic
def submit(
    data: SubmissionInput, reporter: ReporterInput, uploads: Sequence[Upload] = (), *, who: Who
) -> Submission:
    """Store a submission as received, with its reporter (confidential) and attachments."""
    if data.channel not in Channel.values:
        raise ValueError(f"channel: unknown channel {data.channel!r}")
    if not data.what_happened.strip():
        raise ValueError("what_happened: describe what happened")
    region = None
    if data.region:
        region = Region.objects.filter(code=data.region).first()
        if region is None:
            raise ValueError(f"region: unknown region {data.region!r}")
    checked = check_uploads(uploads)
    submission = Submission(
        external_id=f"sub-{uuid.uuid4().hex[:12]}",
        channel=data.channel,
        created_at=timezone.now(),
        language=data.language if data.language in LANGS else "",
        what_happened=data.what_happened.strip(),
        occurred_on=data.occurred_on,
        occurred_precision=data.occurred_precision if data.occurred_on else "unknown",
        region=region,
        settlement=data.settlement.strip(),
        affected=data.affected.strip(),
        acted=data.acted.strip(),
        links=[link.strip() for link in data.links if link.strip()],
    )
    submission.save()
    Reporter(
        submission=submission,
        user_id=reporter.user_id,
        name=reporter.name.strip(),
        email=reporter.email.strip(),
        phone=reporter.phone.strip(),
        other_contact=reporter.other_contact.strip(),
        may_contact=reporter.may_contact,
    ).save()
    saved: list[Attachment] = []
    try:
        for item in checked:
            content = item.upload.read()
            attachment = Attachment(
                submission=submission,
                original_name=item.name,
                content_type=item.accepted.content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
            # The stored name is random: the sender's file name is kept only as data.
            attachment.file.save(
                f"{uuid.uuid4().hex}{item.accepted.extension}", ContentFile(content), save=False
            )
            attachment.save()
            saved.append(attachment)
        # Identity stays out of the audit log: it is confidential and the log is widely read.
        record(
            who,
            "submission.create",
            "submission",
            submission.external_id,
            after={"channel": data.channel, "attachments": len(saved)},
        )
    except BaseException:
        for attachment in saved:
            attachment.file.delete(save=False)
        raise
    return submission


def submission_fields(submission: Submission) -> dict[str, str]:
    """The staff's state of a submission (what its version counts), for the conflict page."""
    outcome = SubmissionOutcome.objects.filter(submission=submission).first()
    assignee = Assignment.objects.filter(
        object_type="submission", object_id=submission.external_id
    ).first()
    return {
        "outcome": outcome.kind if outcome else "",
        "incident": outcome.incident.external_id if outcome and outcome.incident else "",
        "note": outcome.note if outcome else "",
        "assigned to": assignee.user.get_username() if assignee else "",
    }


def claim_submission(submission: Submission, expected_version: int | None) -> int:
    """Add 1 to the submission's version; StaleEdit when staff changed it since the page was
    read. A conditional UPDATE: the submission's content itself is never saved again."""
    return claim_version(
        Submission,
        submission.pk,
        expected_version,
        object_type="submission",
        object_id=submission.external_id,
        current=submission_fields,
    )


def _require_open(submission: Submission, expected_version: int | None = None) -> Submission:
    claim_submission(submission, expected_version)
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    outcome = SubmissionOutcome.objects.filter(submission=locked).first()
    if outcome is not None:
        raise ValueError(f"submission {submission.external_id} was already {outcome.kind}")
    return locked


def _sources(submission: Submission) -> list[SourceInput]:
    reporter = Reporter.objects.select_related("user").filter(submission=submission).first()
    sources = [SourceInput(kind="url", url=link) for link in submission.links]
    sources.append(
        SourceInput(
            kind="correspondent",
            title=submission.external_id,
            confidential=True,
            correspondent=(reporter.display if reporter else "")[:300],
        )
    )
    return sources


def _notes(submission: Submission) -> str:
    lines = [f"From submission {submission.external_id} ({submission.channel})."]
    if submission.affected:
        lines.append(f"Affected: {submission.affected}")
    if submission.acted:
        lines.append(f"Acted: {submission.acted}")
    return "\n".join(lines)


def _title(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1].rstrip() + "…"


@transaction.atomic
def convert_submission(
    submission: Submission,
    *,
    who: Who,
    recorded_on: date | None = None,
    expected_version: int | None = None,
) -> Incident:
    """A new draft incident from the submission; the submission itself is not changed."""
    submission = _require_open(submission, expected_version)
    lang = submission.language or settings.LANGUAGE_CODE
    lang = lang if lang in LANGS else "en"
    data = IncidentInput(
        recorded_on=recorded_on or timezone.localdate(submission.created_at),
        title={lang: _title(submission.what_happened)},
        summary={lang: submission.what_happened},
        occurred_on=submission.occurred_on,
        occurred_precision=submission.occurred_precision,
        region=submission.region.code if submission.region else "",
        settlement=submission.settlement,
        sources=_sources(submission),
        internal_notes=_notes(submission),
    )
    incident = create_incident(data, who=who)
    SubmissionOutcome.objects.create(
        submission=submission,
        kind=OutcomeKind.CONVERTED,
        incident=incident,
        by=who.user,
        at=timezone.now(),
    )
    record(
        who,
        "submission.convert",
        "submission",
        submission.external_id,
        after={"incident": incident.external_id},
    )
    return incident


def _merge_sources(
    existing: Iterable[SourceInput], new: Iterable[SourceInput]
) -> list[SourceInput]:
    out = list(existing)
    urls = {s.url for s in out if s.url}
    for source in new:
        if source.url and source.url in urls:
            continue
        out.append(source)
    return out


@transaction.atomic
def merge_submission(
    submission: Submission,
    incident: Incident,
    *,
    who: Who,
    expected_version: int | None = None,
) -> Incident:
    """Add the submission's links and reporter (as a confidential source) to an incident.

    The incident's version goes up too, so an editor open on it cannot save over the merge."""
    submission = _require_open(submission, expected_version)
    data = incident_input(incident)
    data.sources = _merge_sources(data.sources, _sources(submission))
    note = f"Merged submission {submission.external_id}:\n{_notes(submission)}"
    data.internal_notes = f"{data.internal_notes}\n\n{note}".strip()
    incident = update_incident(incident, data, who=who)
    SubmissionOutcome.objects.create(
        submission=submission,
        kind=OutcomeKind.MERGED,
        incident=incident,
        by=who.user,
        at=timezone.now(),
    )
    record(
        who,
        "submission.merge",
        "submission",
        submission.external_id,
        after={"incident": incident.external_id},
    )
    return incident


@transaction.atomic
def reject_submission(
    submission: Submission, *, note: str = "", who: Who, expected_version: int | None = None
) -> SubmissionOutcome:
    submission = _require_open(submission, expected_version)
    outcome = SubmissionOutcome.objects.create(
        submission=submission,
        kind=OutcomeKind.REJECTED,
        by=who.user,
        at=timezone.now(),
        note=note.strip(),
    )
    record(who, "submission.reject", "submission", submission.external_id, after={"note": note})
    return outcome
