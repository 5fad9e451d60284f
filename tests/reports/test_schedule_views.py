"""The pages of scheduled reports: list, create, edit, pause and delete, for the backbone
office; a rejected form keeps what was typed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from reports import services
from reports.models import ReportSchedule


def _url(name, world, pk=None):
    kwargs = {"slug": world.initiative.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"reports:{name}", kwargs=kwargs)


def _schedule(world, **fields):
    return services.schedule_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        kind=fields.get("kind", "progress"),
        parameters=fields.get("parameters", {"sections": ["partners"]}),
        frequency=fields.get("frequency", "monthly"),
        recipients=fields.get("recipients", [world.viewer]),
    )


def test_coordinator_schedules_a_partner_report_for_chosen_members(world, client_for):
    client = client_for(world.coordinator)
    response = client.post(
        _url("schedule-create", world),
        {
            "kind": "partner",
            "organisation": world.organisation.pk,
            "frequency": "quarterly",
            "recipients": [world.coordinator.pk, world.viewer.pk],
        },
    )
    assert response.status_code == 302
    schedule = ReportSchedule.objects.get()
    assert schedule.parameters == {"organisation_id": world.organisation.pk}
    assert schedule.frequency == "quarterly" and schedule.active
    assert set(schedule.recipients.all()) == {world.coordinator, world.viewer}
    assert AuditEvent.objects.filter(verb="report_schedule.created").exists()
    listing = client.get(_url("schedule-list", world)).content.decode()
    assert world.organisation.name in listing


def test_a_rejected_schedule_keeps_what_was_typed(world, client_for):
    response = client_for(world.coordinator).post(
        _url("schedule-create", world),
        {"kind": "partner", "frequency": "quarterly", "recipients": [world.viewer.pk]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'id="schedule-form"' in content and "<html" not in content
    quarterly = re.search(r'<input[^>]*value="quarterly"[^>]*>', content).group(0)
    assert "checked" in quarterly
    assert "Choose the partner organisation" in content or "Partnerorganisation" in content
    assert not ReportSchedule.objects.exists()


def test_people_outside_the_initiative_cannot_be_chosen_as_recipients(world, client_for):
    response = client_for(world.coordinator).post(
        _url("schedule-create", world),
        {
            "kind": "progress",
            "sections": ["partners"],
            "frequency": "monthly",
            "recipients": [world.outsider.pk, world.participant.pk],
        },
    )
    assert response.status_code == 422
    assert not ReportSchedule.objects.exists()


def test_editing_changes_the_schedule(world, client_for):
    schedule = _schedule(world)
    form = client_for(world.coordinator).get(_url("schedule-update", world, schedule.pk))
    assert form.status_code == 200
    response = client_for(world.coordinator).post(
        _url("schedule-update", world, schedule.pk),
        {
            "kind": "progress",
            "sections": ["indicators"],
            "frequency": "monthly",
            "recipients": [world.partner.pk],
        },
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.sections == ["indicators"]
    assert list(schedule.recipients.all()) == [world.partner]


def test_pausing_and_resuming(world, client_for):
    schedule = _schedule(world)
    client = client_for(world.coordinator)
    client.post(_url("schedule-pause", world, schedule.pk))
    schedule.refresh_from_db()
    assert not schedule.active
    client.post(_url("schedule-pause", world, schedule.pk))
    schedule.refresh_from_db()
    assert schedule.active


def test_deleting_asks_first(world, client_for):
    schedule = _schedule(world)
    client = client_for(world.coordinator)
    confirm = client.get(_url("schedule-delete", world, schedule.pk))
    assert confirm.status_code == 200
    assert ReportSchedule.objects.exists()
    client.post(_url("schedule-delete", world, schedule.pk))
    assert not ReportSchedule.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("partner", 403), ("viewer", 403)])
def test_other_readers_may_not_touch_schedules(world, client_for, role, status):
    schedule = _schedule(world)
    client = client_for(world.user(role))
    assert client.post(_url("schedule-pause", world, schedule.pk)).status_code == status
    assert client.post(_url("schedule-delete", world, schedule.pk)).status_code == status
    schedule.refresh_from_db()
    assert schedule.active


def test_a_schedule_of_another_initiative_is_not_found(world, client_for):
    schedule = _schedule(world)
    other = reverse(
        "reports:schedule-update", kwargs={"slug": world.other_initiative.slug, "pk": schedule.pk}
    )
    assert client_for(world.other_coordinator).get(other).status_code == 404


def test_only_coordinators_see_the_link_to_schedules(world, client_for):
    link = _url("schedule-list", world)
    page = reverse("reports:report-list", kwargs={"slug": world.initiative.slug})
    assert link in client_for(world.coordinator).get(page).content.decode()
    assert link not in client_for(world.viewer).get(page).content.decode()


def test_schedule_list_takes_the_same_queries_for_ten_times_the_schedules(world, client_for):
    client = client_for(world.coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("schedule-list", world)).status_code == 200
        return len(queries)

    _schedule(world, recipients=[world.viewer, world.partner])
    _schedule(world, kind="partner", parameters={"organisation_id": world.organisation.pk})
    small = count()
    for _ in range(18):
        _schedule(
            world,
            kind="partner",
            parameters={"organisation_id": world.organisation.pk},
            recipients=[world.viewer, world.partner, world.coordinator],
        )
    assert count() == small
