"""Evidence files on reported values: added and removed while the value is a draft or returned.

The type of a file is read from its content, never from its name: a ZIP archive called
"bericht.pdf" is refused. Files are stored under random names (see `impact.models.Evidence`)
and served only through a view that checks who may see the value.
"""

from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, UnidentifiedImageError

from core.audit import audit_record
from core.errors import ApplicationError
from impact import permissions
from impact.models import Evidence, Submission
from impact.services._common import Status, _fmt, _membership, _require
from impact.services.submissions import (
    _check_period_open,
    _lock_submission,
    delete_unused_evidence_files,
)

MAX_FILES = 5
PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
# Pillow's format name for each accepted image type.
IMAGE_FORMATS = {PNG: "PNG", JPEG: "JPEG"}
SUFFIXES = {PDF: "pdf", PNG: "png", JPEG: "jpg"}


def evidence_max_bytes() -> int:
    return settings.IMPACT_EVIDENCE_MAX_BYTES


def detect_content_type(head: bytes, content: bytes) -> str | None:
    """The file type by its first bytes (and, for images, by Pillow reading the image);
    None for anything but PDF, PNG and JPEG."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        content_type = JPEG
    else:
        return None
    try:
        with Image.open(BytesIO(content)) as image:
            image.verify()
            if image.format != IMAGE_FORMATS[content_type]:
                return None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return content_type


def _mb(size: int) -> Decimal:
    return (Decimal(size) / Decimal(1024 * 1024)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _check_file(upload) -> tuple[str, bytes]:
    """(content type, content) of an uploaded file, or ValidationError at `evidence`."""
    name = getattr(upload, "name", "") or ""
    limit = evidence_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "evidence": _(
                    "“%(name)s” is too large (%(size)s MB). Files may be at most %(limit)s MB."
                )
                % {"name": name, "size": _fmt(_mb(upload.size)), "limit": _fmt(_mb(limit))}
            }
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not content:
        raise ValidationError({"evidence": _("“%(name)s” is empty.") % {"name": name}})
    content_type = detect_content_type(content[:16], content)
    if content_type is None:
        raise ValidationError(
            {
                "evidence": _(
                    "“%(name)s” is not a PDF, PNG or JPEG file, whatever its name says. Please "
                    "upload the evidence as PDF or as an image (PNG, JPEG)."
                )
                % {"name": name}
            }
        )
    return content_type, content


def _require_editable(acting_user, submission: Submission) -> None:
    membership = _membership(acting_user, submission.indicator.initiative)
    _require(permissions.can_enter_value(membership, submission.indicator, submission.organisation))
    if submission.status not in {Status.DRAFT, Status.RETURNED}:
        raise ApplicationError(
            _(
                "Evidence can only be added or removed while the value is a draft or has been "
                "returned."
            ),
            code="submission_not_editable",
        )
    _check_period_open(submission.period)


def _original_name(name: str) -> str:
    # Browsers send the bare name; anything path-like is cut off so it cannot mislead.
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:255] or _("evidence")


@transaction.atomic
def evidence_add(*, acting_user, submission: Submission, upload) -> Evidence:
    """Attach an uploaded file to a draft or returned value.

    Raises PermissionDeniedError for anyone who may not enter the value, ApplicationError when
    the value is no longer editable, and ValidationError at `evidence` for a file that is too
    large, empty, not a PDF, PNG or JPEG by its content, or one more than `MAX_FILES`.
    The file is removed from storage again when saving the row fails.
    """
    submission = _lock_submission(submission)
    _require_editable(acting_user, submission)
    count = submission.evidence.count()
    if count >= MAX_FILES:
        raise ValidationError(
            {
                "evidence": ngettext(
                    "A value can have at most %(count)d evidence file.",
                    "A value can have at most %(count)d evidence files.",
                    MAX_FILES,
                )
                % {"count": MAX_FILES}
            }
        )
    content_type, _content = _check_file(upload)
    original = _original_name(upload.name)
    evidence = Evidence(
        submission=submission,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        uploaded_by=acting_user,
    )
    # The stored suffix follows the content, not the name the uploader chose.
    evidence.file.save(f"upload.{SUFFIXES[content_type]}", upload, save=False)
    try:
        evidence.save()
        audit_record(
            actor=acting_user,
            verb="evidence.added",
            initiative=submission.period.initiative_id,
            target=submission,
            submission=submission.pk,
            evidence=evidence.pk,
            name=original,
        )
    except Exception:
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


@transaction.atomic
def evidence_delete(*, acting_user, evidence: Evidence) -> None:
    """Remove an evidence file from a draft or returned value; the stored file goes once no
    revision refers to it any more."""
    submission = _lock_submission(evidence.submission)
    _require_editable(acting_user, submission)
    name = evidence.file.name
    audit_record(
        actor=acting_user,
        verb="evidence.deleted",
        initiative=submission.period.initiative_id,
        target=submission,
        submission=submission.pk,
        evidence=evidence.pk,
        name=evidence.original_name,
    )
    evidence.delete()
    delete_unused_evidence_files([name])
