"""The contribution report of one partner organisation: its activities, the people they
reached with breakdowns, and its handed-in values; who may generate it about whom."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from reports import rendering, selectors, services
from reports.models import ReportRun
from tests.coordination.builders import activity_world, add_activities
from tests.impact.builders import report

Q1_2025 = datetime.date(2025, 2, 15)
Q2_2025 = datetime.date(2025, 5, 15)


@pytest.fixture
def contrib(world):
    acts = activity_world(world)
    count = acts.framework.indicator("Vermittlungen")
    q1 = acts.framework.period(count, Q1_2025)
    q2 = acts.framework.period(count, Q2_2025)
    unknown = acts.category["keine Angabe"].pk
    report(
        count,
        q1,
        by=world.partner,
        organisation=world.organisation,
        value="1234,5",
        breakdown={unknown: "1234,5"},
        approve_by=world.coordinator,
    )
    report(
        count,
        q2,
        by=world.partner,
        organisation=world.organisation,
        value="77",
        breakdown={unknown: "77"},
        submit=True,
    )
    return acts


def _get(user, world, organisation=None):
    return selectors.partner_report_get(
        viewer=user,
        initiative=world.initiative,
        organisation_id=(organisation or world.organisation).pk,
    )


def test_report_lists_activities_people_reached_by_category_and_handed_in_values(world, contrib):
    result = _get(world.coordinator, world)
    assert [activity.title for activity in result.activities] == ["Anerkennungsberatung"]
    assert result.people_total == 10 and result.log_count == 1
    assert result.breakdowns[0].dimension == "Geschlecht"
    assert ("weiblich", 6) in result.breakdowns[0].rows
    (item,) = result.indicators
    assert [s.status for s in item.submissions] == ["approved", "submitted"]
    html = rendering.report_html(result, preview=True)
    for text in ("Anerkennungsberatung", "Mehr Vermittlungen", "Verzahnung", "1.234,5", "77"):
        assert text in html


def test_report_viewer_sees_approved_values_only(world, contrib):
    (item,) = _get(world.viewer, world).indicators
    assert [s.status for s in item.submissions] == ["approved"]


def test_partner_member_may_report_on_their_own_organisation_only(world, contrib):
    assert _get(world.partner, world).organisation == world.organisation
    with pytest.raises(selectors.ReportUnavailable) as denied:
        _get(world.partner, world, world.organisation2)
    assert denied.value.code == ReportRun.Error.FORBIDDEN
    assert _get(world.viewer, world, world.organisation2).activities == ()


@pytest.mark.parametrize("role", ["participant", "other_coordinator", "outsider"])
def test_people_who_may_not_generate_reports_get_no_partner_report(world, contrib, role):
    with pytest.raises(selectors.ReportUnavailable):
        _get(world.user(role), world)


def test_an_organisation_of_another_initiative_is_unavailable(world, contrib):
    from initiatives.models import Organisation

    foreign = Organisation.objects.create(initiative=world.other_initiative, name="Anderswo e. V.")
    with pytest.raises(selectors.ReportUnavailable) as invalid:
        _get(world.coordinator, world, foreign)
    assert invalid.value.code == ReportRun.Error.INVALID


def test_partner_request_for_another_organisation_is_refused(world, contrib):
    with pytest.raises(ValidationError) as refused:
        services.report_request(
            acting_user=world.partner,
            initiative=world.initiative,
            kind=ReportRun.Kind.PARTNER,
            parameters={"organisation_id": world.organisation2.pk},
        )
    assert "organisation" in refused.value.message_dict


def test_partner_request_for_own_organisation_is_kept_for_that_organisation(
    world, contrib, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_request(
            acting_user=world.partner,
            initiative=world.initiative,
            kind=ReportRun.Kind.PARTNER,
            parameters={"organisation_id": world.organisation.pk},
            notify_when_done=False,
        )
    run.refresh_from_db()
    assert run.audience == ReportRun.Audience.ORGANISATION
    assert run.organisation == world.organisation
    assert run.status == ReportRun.Status.DONE


def test_partner_report_takes_the_same_queries_for_ten_times_the_activities(world, contrib):
    def build():
        world.coordinator.__dict__.pop("_membership_cache", None)
        with CaptureQueriesContext(connection) as queries:
            rendering.report_html(_get(world.coordinator, world))
        return len(queries)

    add_activities(world, 2)
    small = build()
    add_activities(world, 20)
    assert build() == small


def test_partner_report_pdf_has_the_activities_and_german_numbers(world, contrib):
    rendered = rendering.pdf_render(_get(world.coordinator, world))
    reader = PdfReader(io.BytesIO(rendered.content))
    text = re.sub(r"[ \u00a0]+", " ", "\n".join(page.extract_text() for page in reader.pages))
    assert "Beitragsbericht" in text or "Contribution report" in text
    assert "Anerkennungsberatung" in text
    assert "1.234,5" in text


def test_partner_member_asks_for_their_own_contribution_report_on_the_reports_page(
    world, contrib, client_for, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    url = reverse("reports:report-list", kwargs={"slug": world.initiative.slug})
    client = client_for(world.partner)
    refused = client.post(url, {"kind": "partner", "organisation": world.organisation2.pk})
    assert refused.status_code == 422
    assert not ReportRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "partner", "organisation": world.organisation.pk})
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert run.parameters == {"organisation_id": world.organisation.pk}
    assert world.organisation.name in client.get(url).content.decode()
