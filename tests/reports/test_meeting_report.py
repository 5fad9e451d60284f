"""The meeting record as a PDF: asked for from the meeting page, generated like every report,
listed in the history, and only for members of the meeting's initiative who may see meetings."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from coordination import services as coordination_services
from core.errors import PermissionDeniedError
from reports import rendering, selectors, services
from reports.models import ReportRun
from tests.coordination.meeting_builders import meeting_world


@pytest.fixture
def meetings(world):
    meetings = meeting_world(world)
    coordination_services.agenda_item_notes_save(
        acting_user=world.coordinator,
        agenda_item=meetings.item,
        notes="Termin im März, Ort noch offen.",
    )
    return meetings


def _text(report) -> tuple[str, rendering.RenderedReport]:
    rendered = rendering.pdf_render(report)
    reader = PdfReader(io.BytesIO(rendered.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[ \u00a0]+", " ", text), rendered


def _request_url(world, meeting, slug=None):
    return reverse(
        "reports:meeting-report",
        kwargs={"slug": slug or world.initiative.slug, "meeting_pk": meeting.pk},
    )


def test_meeting_record_holds_place_agenda_notes_decisions_and_action_items(world, meetings):
    report = selectors.meeting_report_get(
        viewer=world.viewer, initiative=world.initiative, meeting_id=meetings.past.pk
    )
    text, rendered = _text(report)
    assert "Partnertreffen Herbst" in text
    assert "Rathaus Mitte, Raum 4" in text
    assert "1. Matching-Veranstaltung" in text
    assert "Termin im März, Ort noch offen." in text  # the notes
    assert "Im Frühjahr findet eine Matching-Veranstaltung statt." in text  # the decision
    assert "Raum reservieren" in text and "Unternehmen ansprechen" in text
    assert world.organisation2.name in text  # who: the organisation responsible
    assert meetings.mine.due_date.strftime("%d.%m.%Y") in text  # by when, German date
    assert "Zu erledigen" in text or "To do" in text  # the status
    assert 2 <= rendered.page_count <= 4  # cover, contents, the record


def test_meeting_record_is_asked_for_from_the_meeting_page_and_listed_in_the_history(
    world, meetings, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.partner)
    page = client.get(
        reverse(
            "coordination:meeting-detail",
            kwargs={"slug": world.initiative.slug, "pk": meetings.past.pk},
        )
    )
    assert _request_url(world, meetings.past) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(_request_url(world, meetings.past))
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "reports:report-detail", kwargs={"slug": world.initiative.slug, "pk": run.pk}
    )
    assert len(queued) == 1  # the task goes to the worker after commit
    assert run.kind == ReportRun.Kind.MEETING
    assert run.parameters == {"meeting_id": meetings.past.pk}
    # Every reader of meetings may see it: it holds what the meeting page shows them all.
    assert run.audience == ReportRun.Audience.APPROVED
    history = client_for(world.viewer).get(
        reverse("reports:report-list", kwargs={"slug": world.initiative.slug})
    )
    assert "Partnertreffen Herbst" in history.content.decode()


def test_the_report_form_does_not_offer_the_meeting_record(world, client_for):
    response = client_for(world.coordinator).get(
        reverse("reports:report-list", kwargs={"slug": world.initiative.slug})
    )
    assert 'value="meeting"' not in response.content.decode()


def test_a_member_of_another_initiative_can_neither_request_nor_download_it(
    world, meetings, client_for
):
    run = services.report_request(
        acting_user=world.viewer,
        initiative=world.initiative,
        kind=ReportRun.Kind.MEETING,
        parameters={"meeting_id": meetings.past.pk},
    )
    other = client_for(world.other_coordinator)
    # Through their own initiative's address, and through the meeting's.
    for slug in (world.other_initiative.slug, world.initiative.slug):
        assert other.post(_request_url(world, meetings.past, slug=slug)).status_code == 404
    download = reverse(
        "reports:report-download", kwargs={"slug": world.initiative.slug, "pk": run.pk}
    )
    assert other.get(download).status_code == 404
    assert ReportRun.objects.count() == 1
    with pytest.raises(PermissionDeniedError):
        services.report_request(
            acting_user=world.other_coordinator,
            initiative=world.initiative,
            kind=ReportRun.Kind.MEETING,
            parameters={"meeting_id": meetings.past.pk},
        )


def test_participants_who_do_not_see_meetings_are_refused(world, meetings, client_for):
    response = client_for(world.participant).post(_request_url(world, meetings.past))
    assert response.status_code == 403
    assert not ReportRun.objects.exists()


def test_a_meeting_of_another_initiative_is_not_found_and_nothing_is_stored(
    world, meetings, client_for
):
    foreign = coordination_services.meeting_create(
        acting_user=world.other_coordinator,
        initiative=world.other_initiative,
        title="Fremde Sitzung",
        starts_at=meetings.past.starts_at,
        duration_minutes=60,
        format="online",
        online_url="https://meet.example.org/fremd",
    )
    response = client_for(world.coordinator).post(_request_url(world, foreign))
    assert response.status_code == 404
    with pytest.raises(ValidationError) as error:
        services.report_request(
            acting_user=world.coordinator,
            initiative=world.initiative,
            kind=ReportRun.Kind.MEETING,
            parameters={"meeting_id": foreign.pk},
        )
    assert "meeting" in error.value.message_dict
    assert not ReportRun.objects.exists()


def test_generating_the_meeting_record_stores_the_pdf(world, meetings, settings):
    settings.REPORT_RENDERER = "reports.rendering.pdf_render"
    run = services.report_request(
        acting_user=world.viewer,
        initiative=world.initiative,
        kind=ReportRun.Kind.MEETING,
        parameters={"meeting_id": meetings.past.pk},
        notify_when_done=False,
    )
    assert services.report_generate(run_id=run.pk) == services.Outcome.DONE
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    with run.file.open("rb") as pdf:
        text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Unternehmen ansprechen" in text


def test_a_deleted_meeting_fails_the_run_with_the_reason(world, meetings, settings):
    run = services.report_request(
        acting_user=world.viewer,
        initiative=world.initiative,
        kind=ReportRun.Kind.MEETING,
        parameters={"meeting_id": meetings.upcoming.pk},
        notify_when_done=False,
    )
    meetings.upcoming.delete()
    assert services.report_generate(run_id=run.pk) == services.Outcome.FAILED
    run.refresh_from_db()
    assert run.error_code == ReportRun.Error.INVALID


def test_meeting_record_takes_the_same_queries_for_ten_times_the_agenda(world, meetings):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count):
        for number in range(count):
            item = coordination_services.agenda_item_create(
                acting_user=world.coordinator, meeting=meetings.past, title=f"Punkt {number}"
            )
            decision = coordination_services.decision_record(
                acting_user=world.coordinator, agenda_item=item, text=f"Beschluss {number}"
            )
            coordination_services.action_item_create(
                acting_user=world.coordinator,
                initiative=world.initiative,
                title=f"Aufgabe {number}",
                assignee=world.partner,
                due_date=meetings.mine.due_date + datetime.timedelta(days=number),
                agenda_item=item,
                decision=decision,
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            report = selectors.meeting_report_get(
                viewer=world.viewer, initiative=world.initiative, meeting_id=meetings.past.pk
            )
            rendering.report_html(report)
        return len(queries), len(report.items)

    add(1)
    count()  # the viewer's membership is looked up once, then cached on the user
    small, items = count()
    add(10)
    large, more_items = count()
    assert more_items == items + 10
    assert large == small
