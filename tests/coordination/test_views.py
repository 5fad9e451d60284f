"""The activity pages: what each role sees and may do, filters, the quick log form with its
errors, and query counts that do not grow with the data."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination import services
from coordination.models import Activity, OutputLog
from core.models import AuditEvent
from tests.coordination.builders import add_activities


def url(name, world, **kwargs):
    return reverse(f"coordination:{name}", kwargs={"slug": world.initiative.slug, **kwargs})


def test_list_shows_activities_with_organisation_and_people_reached(world, acts, client_for):
    response = client_for(world.viewer).get(url("activity-list", world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anerkennungsberatung" in html
    assert "IQ Netzwerk" in html
    assert "10 people reached" in html
    # A viewer reads only: no button to register.
    assert url("activity-create", world) not in html


def test_list_offers_registration_to_partners_only(world, acts, client_for):
    partner_page = client_for(world.partner).get(url("activity-list", world)).content.decode()
    coordinator_page = client_for(world.coordinator).get(url("activity-list", world))
    assert url("activity-create", world) in partner_page
    assert url("activity-create", world) not in coordinator_page.content.decode()


def test_list_filters_by_organisation_objective_and_kind(world, acts, client_for):
    add_activities(world, 1, user=world.partner2, objectives=[acts.women])
    client = client_for(world.coordinator)
    by_org = client.get(url("activity-list", world), {"organisation": world.organisation2.pk})
    assert "Anerkennungsberatung" not in by_org.content.decode()
    assert "Aktivität" in by_org.content.decode()
    by_objective = client.get(url("activity-list", world), {"objective": acts.advice.pk})
    assert "Anerkennungsberatung" in by_objective.content.decode()
    assert "Aktivität" not in by_objective.content.decode()
    by_kind = client.get(url("activity-list", world), {"kind": "integration"})
    assert "Anerkennungsberatung" not in by_kind.content.decode()
    assert "No activity matches this filter." in by_kind.content.decode()


def test_list_ignores_filters_of_another_initiative(world, acts, client_for):
    response = client_for(world.viewer).get(
        url("activity-list", world), {"organisation": "999999", "objective": "x", "kind": "nope"}
    )
    assert response.status_code == 200
    assert "Anerkennungsberatung" in response.content.decode()


def test_htmx_filter_answers_with_the_results_only(world, acts, client_for):
    response = client_for(world.viewer).get(
        url("activity-list", world), {"objective": acts.advice.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="activity-results"' in html
    assert "<html" not in html
    assert response["Vary"].count("HX-Request") == 1


def test_empty_list_explains_what_activities_are(world, client_for):
    response = client_for(world.partner).get(url("activity-list", world))
    html = response.content.decode()
    assert "No activities registered yet" in html
    assert "First the backbone office sets up the goals" in html


def test_participant_gets_403_and_outsider_404(world, acts, client_for):
    assert client_for(world.participant).get(url("activity-list", world)).status_code == 403
    assert client_for(world.outsider).get(url("activity-list", world)).status_code == 404
    detail = url("activity-detail", world, pk=acts.activity.pk)
    assert client_for(world.participant).get(detail).status_code == 403
    assert client_for(world.other_coordinator).get(detail).status_code == 404


def test_activity_of_another_initiative_is_not_found(world, acts, client_for):
    other_url = reverse(
        "coordination:activity-detail",
        kwargs={"slug": world.initiative.slug, "pk": acts.activity.pk + 1000},
    )
    assert client_for(world.coordinator).get(other_url).status_code == 404


def test_detail_shows_logs_with_breakdown_and_quick_form_for_own_partner(world, acts, client_for):
    detail = url("activity-detail", world, pk=acts.activity.pk)
    html = client_for(world.partner).get(detail).content.decode()
    assert 'id="log-form"' in html
    assert "weiblich 6" in html
    assert "keine Angabe 4" in html
    assert "Erster Beratungstag" in html
    assert f'value="{datetime.date.today():%Y-%m-%d}"' in html
    other = client_for(world.partner2).get(detail).content.decode()
    assert 'id="log-form"' not in other
    assert url("activity-update", world, pk=acts.activity.pk) not in other


def test_partner_logs_an_output_with_breakdown(world, acts, client_for):
    response = client_for(world.partner).post(
        url("output-log-create", world, pk=acts.activity.pk),
        {
            "date": "2025-04-02",
            "people_reached": "12",
            f"breakdown_{acts.category['weiblich'].pk}": "5",
            f"breakdown_{acts.category['männlich'].pk}": "4",
            "note": "Infoabend",
        },
    )
    assert response.status_code == 302
    log = OutputLog.objects.get(date=datetime.date(2025, 4, 2))
    rows = {row.category.label: row.value for row in log.breakdowns.all()}
    assert rows == {"weiblich": 5, "männlich": 4, "keine Angabe": 3}
    assert log.created_by == world.partner


def test_rejected_log_answers_422_keeps_input_and_saves_nothing(world, acts, client_for):
    before = OutputLog.objects.count()
    response = client_for(world.partner).post(
        url("output-log-create", world, pk=acts.activity.pk),
        {
            "date": "2025-04-02",
            "people_reached": "5",
            f"breakdown_{acts.category['weiblich'].pk}": "4",
            f"breakdown_{acts.category['männlich'].pk}": "3",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "the categories add up to 7 people, more than the 5 people reached" in html
    assert 'name="people_reached" value="5"' in html
    assert '<details class="breakdown-details" open' in html
    assert "<html" not in html
    assert OutputLog.objects.count() == before


def test_refused_breakdown_value_is_marked_at_its_input(world, acts, client_for):
    key = f"breakdown_{acts.category['weiblich'].pk}"
    response = client_for(world.partner).post(
        url("output-log-create", world, pk=acts.activity.pk),
        {"date": "2025-04-02", "people_reached": "5", key: "-1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert f'<div class="field-errors" id="id_{key}-error">' in html
    field = re.search(rf'<input [^>]*name="{key}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    assert f'aria-describedby="id_{key}-error"' in field
    assert "kern-form-input__input--error" in field


def test_partner2_cannot_log_edit_or_delete_partners_activity(world, acts, client_for):
    client = client_for(world.partner2)
    pk = acts.activity.pk
    assert (
        client.post(url("output-log-create", world, pk=pk), {"people_reached": "3"}).status_code
        == 403
    )
    assert client.get(url("activity-update", world, pk=pk)).status_code == 403
    assert client.post(url("activity-delete", world, pk=pk)).status_code == 403
    log_pk = acts.log.pk
    assert client.post(url("output-log-delete", world, pk=pk, log_pk=log_pk)).status_code == 403
    assert Activity.objects.filter(pk=pk).exists()
    assert OutputLog.objects.filter(pk=log_pk).exists()


def test_viewer_cannot_write(world, acts, client_for):
    client = client_for(world.viewer)
    assert client.get(url("activity-create", world)).status_code == 403
    assert client.post(url("activity-delete", world, pk=acts.activity.pk)).status_code == 403


def test_partner_registers_an_activity(world, acts, client_for):
    response = client_for(world.partner).post(
        url("activity-create", world),
        {
            "title": "Sprachcafé",
            "contribution_kind": "complement",
            "objectives": [acts.advice.pk, acts.women.pk],
            "start_date": "2025-02-01",
            "end_date": "",
        },
    )
    activity = Activity.objects.get(title="Sprachcafé")
    assert response.status_code == 302
    assert response["Location"] == url("activity-detail", world, pk=activity.pk)
    assert activity.organisation == world.organisation
    assert set(activity.objectives.all()) == {acts.advice, acts.women}


def test_rejected_activity_form_shows_messages_and_keeps_input(world, acts, client_for):
    response = client_for(world.partner).post(
        url("activity-create", world),
        {
            "title": "Sprachcafé",
            "contribution_kind": "complement",
            "start_date": "2025-02-01",
            "end_date": "2025-01-01",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Please choose at least one objective that the activity serves." in html
    assert "The end cannot be before the start." in html
    assert 'value="Sprachcafé"' in html
    assert not Activity.objects.filter(title="Sprachcafé").exists()


def test_coordinator_corrects_an_activity_with_an_audit_row(world, acts, client_for):
    response = client_for(world.coordinator).post(
        url("activity-update", world, pk=acts.activity.pk),
        {
            "title": "Anerkennungsberatung (korrigiert)",
            "contribution_kind": "interlocking",
            "objectives": [acts.placement.pk],
            "start_date": "2025-01-01",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(verb="activity.updated").latest("pk")
    assert event.actor == world.coordinator
    assert event.data["correction_by_backbone_office"] is True
    assert "title" in event.data["changed"] and "objectives" in event.data["changed"]


def test_delete_asks_for_confirmation_first(world, acts, client_for):
    client = client_for(world.partner)
    page = client.get(url("activity-delete", world, pk=acts.activity.pk))
    assert page.status_code == 200
    assert "1 logged output" in page.content.decode()
    assert Activity.objects.filter(pk=acts.activity.pk).exists()
    response = client.post(url("activity-delete", world, pk=acts.activity.pk))
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=acts.activity.pk).exists()
    assert not OutputLog.objects.filter(pk=acts.log.pk).exists()


def test_alignment_marks_gap_and_links_cells_to_the_filtered_list(world, acts, client_for):
    html = client_for(world.viewer).get(url("activity-alignment", world)).content.decode()
    assert "Gap" in html  # "Frauen profitieren gleichermaßen" has no activity
    link = f"{url('activity-list', world)}?organisation={world.organisation.pk}&amp;objective="
    assert link + str(acts.placement.pk) in html
    assert 'scope="colgroup"' in html and 'scope="row"' in html
    assert "<caption" in html


def test_contributions_list_activities_by_objective_with_people(world, acts, client_for):
    html = (
        client_for(world.viewer)
        .get(url("organisation-contributions", world, pk=world.organisation.pk))
        .content.decode()
    )
    assert "Contributions of IQ Netzwerk" in html
    assert "Mehr Vermittlungen" in html and "Beratung ist leicht erreichbar" in html
    assert "Frauen profitieren gleichermaßen" not in html
    empty = client_for(world.viewer).get(
        url("organisation-contributions", world, pk=world.organisation2.pk)
    )
    assert "has not registered any activity yet" in empty.content.decode()


def test_contributions_of_another_initiatives_organisation_are_not_found(world, client_for):
    other = world.other_initiative.organisations.first()
    response = client_for(world.coordinator).get(
        url("organisation-contributions", world, pk=other.pk)
    )
    assert response.status_code == 404


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["list", "detail", "alignment", "contributions"])
def test_query_count_does_not_grow_with_the_data(world, acts, client_for, page):
    client = client_for(world.partner)
    paths = {
        "list": url("activity-list", world),
        "detail": url("activity-detail", world, pk=acts.activity.pk),
        "alignment": url("activity-alignment", world),
        "contributions": url("organisation-contributions", world, pk=world.organisation.pk),
    }
    add_activities(world, 2)
    _queries(client, paths[page])  # warm-up
    small = _queries(client, paths[page])
    add_activities(world, 20)
    add_activities(world, 3, user=world.partner2, objectives=[acts.advice])
    for day in range(20):
        services.output_log_create(
            acting_user=world.partner,
            activity=acts.activity,
            date=datetime.date(2025, 5, 1) + datetime.timedelta(days=day),
            people_reached=3,
            breakdown={acts.category["weiblich"].pk: 1},
        )
    assert _queries(client, paths[page]) == small


def test_correcting_the_total_recomputes_an_untouched_not_specified_remainder(
    world, acts, client_for
):
    # Logged: 10 people, 6 of them women; the service added 4 as "keine Angabe".
    log = services.output_log_create(
        acting_user=world.partner,
        activity=acts.activity,
        date=datetime.date(2025, 4, 2),
        people_reached="10",
        breakdown={acts.category["weiblich"].pk: "6"},
    )
    edit = url("output-log-update", world, pk=acts.activity.pk, log_pk=log.pk)
    client = client_for(world.partner)
    page = client.get(edit).content.decode()
    unspecified = f"breakdown_{acts.category['keine Angabe'].pk}"
    assert re.search(rf'name="{unspecified}"[^>]*value="4"', page)

    # The partner lowers the total and sends the form back as it was otherwise.
    data = {
        "date": "2025-04-02",
        "people_reached": "8",
        f"breakdown_{acts.category['weiblich'].pk}": "6",
        unspecified: "4",
    }
    assert client.post(edit, data).status_code == 302
    rows = {row.category.label: row.value for row in log.breakdowns.all()}
    assert rows == {"weiblich": 6, "keine Angabe": 2}

    # A "keine Angabe" typed anew is the partner's own number and is checked as such.
    data.update({"people_reached": "7", unspecified: "3"})
    assert client.post(edit, data).status_code == 422
    assert OutputLog.objects.get(pk=log.pk).people_reached == 8
