"""Evidence files on reported values: type by content, size and number limits, downloads only
for those who may see the value, removal while the value is editable, corrections keep them."""

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.errors import ApplicationError, PermissionDeniedError
from core.models import AuditEvent
from impact import services
from impact.models import Evidence, Submission
from impact.services.evidence import MAX_FILES
from tests.impact.builders import report
from tests.impact.conftest import Q1_2025, Q2_2025

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def english_pages(world):
    get_user_model().objects.update(language="en")


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def pdf(name="teilnahmeliste.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def image(name="foto.png", kind="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format=kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


def zip_named_pdf():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inhalt.txt", "kein PDF")
    return SimpleUploadedFile("bericht.pdf", buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def draft(fw, world):
    indicator = fw.indicator("Fördermittel")
    return report(
        indicator,
        fw.period(indicator, Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="1200",
    )


def _add(world, submission, upload, user=None):
    return services.evidence_add(
        acting_user=user or world.partner, submission=submission, upload=upload
    )


# --- Services --------------------------------------------------------------------------------


def test_partner_attaches_pdf_and_images_typed_by_content(world, draft, media_root):
    first = _add(world, draft, pdf())
    photo = _add(world, draft, image("foto.PNG"))
    scan = _add(world, draft, image("scan.jpeg", kind="JPEG"))
    assert [e.content_type for e in (first, photo, scan)] == [
        "application/pdf",
        "image/png",
        "image/jpeg",
    ]
    assert first.original_name == "teilnahmeliste.pdf"
    assert first.size == len(PDF_BYTES)
    # Stored under a random name below the initiative, never under the uploaded one.
    assert "teilnahmeliste" not in first.file.name
    assert first.file.name.startswith(f"evidence/{world.initiative.pk}/")
    assert first.file.name.endswith(".pdf")
    assert len(stored_files(media_root)) == 3
    assert AuditEvent.objects.filter(verb="evidence.added").count() == 3


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(zip_named_pdf, id="zip-called-pdf"),
        pytest.param(
            lambda: SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\nkein Bild"), id="fake-png"
        ),
        pytest.param(lambda: SimpleUploadedFile("notiz.jpg", b"Hallo"), id="text-called-jpg"),
    ],
)
def test_file_that_is_not_what_its_name_claims_is_refused(world, draft, media_root, upload):
    with pytest.raises(ValidationError) as excinfo:
        _add(world, draft, upload())
    message = excinfo.value.message_dict["evidence"][0]
    assert "is not a PDF, PNG or JPEG file, whatever its name says" in message
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_file_too_large_is_refused(world, draft, media_root, settings):
    settings.IMPACT_EVIDENCE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("gross.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as excinfo:
        _add(world, draft, big)
    assert excinfo.value.message_dict["evidence"] == [
        "“gross.pdf” is too large (2 MB). Files may be at most 1 MB."
    ]
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_more_files_than_allowed_are_refused(world, draft, media_root):
    for number in range(MAX_FILES):
        _add(world, draft, pdf(f"liste-{number}.pdf"))
    with pytest.raises(ValidationError) as excinfo:
        _add(world, draft, pdf("eine-zu-viel.pdf"))
    assert excinfo.value.message_dict["evidence"] == [
        f"A value can have at most {MAX_FILES} evidence files."
    ]
    assert Evidence.objects.count() == MAX_FILES
    assert len(stored_files(media_root)) == MAX_FILES


def test_other_organisation_cannot_attach_evidence(world, draft, media_root):
    with pytest.raises(PermissionDeniedError):
        _add(world, draft, pdf(), user=world.partner2)
    with pytest.raises(PermissionDeniedError):
        _add(world, draft, pdf(), user=world.coordinator)
    assert stored_files(media_root) == []


def test_submitted_value_takes_no_more_evidence_and_keeps_its_files(world, draft, media_root):
    evidence = _add(world, draft, pdf())
    services.submission_submit(acting_user=world.partner, submission=draft)
    with pytest.raises(ApplicationError):
        _add(world, draft, image())
    with pytest.raises(ApplicationError):
        services.evidence_delete(acting_user=world.partner, evidence=evidence)
    assert Evidence.objects.count() == 1
    assert len(stored_files(media_root)) == 1


def test_delete_removes_row_and_file(world, draft, media_root, django_capture_on_commit_callbacks):
    evidence = _add(world, draft, pdf())
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_delete(acting_user=world.partner, evidence=evidence)
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_correction_carries_evidence_over_and_shares_the_files(
    world, draft, media_root, django_capture_on_commit_callbacks
):
    _add(world, draft, pdf())
    services.submission_submit(acting_user=world.partner, submission=draft)
    services.submission_approve(acting_user=world.coordinator, submission=draft)
    revision = services.submission_revise(acting_user=world.partner, submission=draft)
    carried = revision.evidence.get()
    assert carried.original_name == "teilnahmeliste.pdf"
    assert carried.file.name == draft.evidence.get().file.name
    # Removing it from the correction keeps the file of the approved revision.
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_delete(acting_user=world.partner, evidence=carried)
    assert len(stored_files(media_root)) == 1
    assert draft.evidence.count() == 1


def test_discarding_a_draft_removes_its_files(
    world, draft, media_root, django_capture_on_commit_callbacks
):
    _add(world, draft, pdf())
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_discard(acting_user=world.partner, submission=draft)
    assert stored_files(media_root) == []


# --- Pages -----------------------------------------------------------------------------------


def form_url(world, submission_or_indicator, period=None):
    if period is None:
        indicator, period = submission_or_indicator.indicator, submission_or_indicator.period
    else:
        indicator = submission_or_indicator
    return reverse(
        "impact:submission-edit",
        kwargs={
            "slug": world.initiative.slug,
            "indicator_id": indicator.pk,
            "period_id": period.pk,
        },
    )


def download_url(world, evidence):
    return reverse(
        "impact:evidence-download", kwargs={"slug": world.initiative.slug, "pk": evidence.pk}
    )


def delete_url(world, evidence):
    return reverse(
        "impact:evidence-delete", kwargs={"slug": world.initiative.slug, "pk": evidence.pk}
    )


def test_value_form_saves_value_with_evidence(world, fw, client_for, media_root):
    indicator = fw.indicator("Fördermittel")
    period = fw.period(indicator, Q2_2025)
    response = client_for(world.partner).post(
        form_url(world, indicator, period),
        {"value": "1.500", "comment": "", "action": "save", "evidence": [pdf(), image()]},
    )
    assert response.status_code == 302
    submission = Submission.objects.get(indicator=indicator, period=period)
    assert sorted(submission.evidence.values_list("original_name", flat=True)) == [
        "foto.png",
        "teilnahmeliste.pdf",
    ]
    page = client_for(world.partner).get(form_url(world, indicator, period)).content.decode()
    assert "teilnahmeliste.pdf" in page
    assert 'enctype="multipart/form-data"' in page


def test_value_form_refuses_disguised_zip_at_the_field_and_keeps_the_rest(
    world, fw, client_for, media_root
):
    indicator = fw.indicator("Fördermittel")
    period = fw.period(indicator, Q2_2025)
    response = client_for(world.partner).post(
        form_url(world, indicator, period),
        {
            "value": "1.500",
            "comment": "Zuschuss der Stiftung",
            "action": "submit",
            "evidence": [pdf(), zip_named_pdf()],
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "“bericht.pdf” is not a PDF, PNG or JPEG file" in html
    assert 'id="id_evidence-error"' in html
    assert 'value="1.500"' in html
    assert "Zuschuss der Stiftung" in html
    assert not Submission.objects.filter(indicator=indicator, period=period).exists()
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_download_serves_the_file_under_its_original_name(world, draft, client_for):
    evidence = _add(world, draft, pdf("Teilnahmeliste März.pdf"))
    response = client_for(world.partner).get(download_url(world, evidence))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Teilnahmeliste" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("partner2", 404),  # another organisation's draft does not exist for them
        ("coordinator", 404),  # drafts reach the backbone office only once submitted
        ("viewer", 404),
        ("participant", 403),
        ("other_coordinator", 404),
        ("outsider", 404),
    ],
)
def test_download_of_a_draft_file_is_refused(world, draft, client_for, role, status):
    evidence = _add(world, draft, pdf())
    response = client_for(world.user(role)).get(download_url(world, evidence))
    assert response.status_code == status


def test_coordinator_sees_and_downloads_evidence_of_a_submitted_value(world, draft, client_for):
    evidence = _add(world, draft, pdf())
    services.submission_submit(acting_user=world.partner, submission=draft)
    client = client_for(world.coordinator)
    review = client.get(
        reverse("impact:submission-review", kwargs={"slug": world.initiative.slug, "pk": draft.pk})
    )
    assert "teilnahmeliste.pdf" in review.content.decode()
    assert download_url(world, evidence) in review.content.decode()
    assert client.get(download_url(world, evidence)).status_code == 200


def test_partner_removes_evidence_after_confirming(
    world, draft, client_for, media_root, django_capture_on_commit_callbacks
):
    evidence = _add(world, draft, pdf())
    client = client_for(world.partner)
    confirm = client.get(delete_url(world, evidence))
    assert confirm.status_code == 200
    assert "Remove “teilnahmeliste.pdf”?" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(world, evidence))
    assert response.status_code == 302
    assert response["Location"] == form_url(world, draft)
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_evidence_of_a_submitted_value_is_not_removed(world, draft, client_for, media_root):
    evidence = _add(world, draft, pdf())
    services.submission_submit(acting_user=world.partner, submission=draft)
    client = client_for(world.partner)
    assert "can no longer be removed" in client.get(delete_url(world, evidence)).content.decode()
    client.post(delete_url(world, evidence))
    assert Evidence.objects.count() == 1
    assert len(stored_files(media_root)) == 1


def test_other_members_cannot_remove_evidence(world, draft, client_for):
    evidence = _add(world, draft, pdf())
    services.submission_submit(acting_user=world.partner, submission=draft)
    assert client_for(world.partner2).post(delete_url(world, evidence)).status_code == 404
    assert client_for(world.coordinator).post(delete_url(world, evidence)).status_code == 403
    assert Evidence.objects.count() == 1
