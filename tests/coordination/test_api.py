"""The activities API: the same rules as the pages, the project's error format, breakdowns in
output logs, the `?initiative=` filter and query counts that do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import Activity, OutputLog
from tests.coordination.builders import add_activities, other_objective

pytestmark = pytest.mark.django_db

ACTIVITIES = reverse("v1:activity-list")
LOGS = reverse("v1:output-log-list")


def _activity_body(world, acts, **overrides):
    return {
        "initiative": world.initiative.slug,
        "title": "Sprachcafé",
        "contribution_kind": "complement",
        "objectives": [acts.advice.pk],
        "start_date": "2025-02-01",
        **overrides,
    }


def test_list_is_filtered_by_initiative_and_shows_totals(world, acts, client_for):
    response = client_for(world.viewer).get(ACTIVITIES, {"initiative": world.initiative.slug})
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["title"] == "Anerkennungsberatung"
    assert item["organisation"] == world.organisation.pk
    assert sorted(item["objectives"]) == sorted([acts.placement.pk, acts.advice.pk])
    assert (item["people_total"], item["log_count"], item["status"]) == (10, 1, "running")
    other = client_for(world.viewer).get(ACTIVITIES, {"initiative": world.other_initiative.slug})
    assert other.json()["results"] == []


def test_participant_sees_no_activities_and_gets_404_for_one(world, acts, client_for):
    client = client_for(world.participant)
    assert client.get(ACTIVITIES).json()["results"] == []
    assert client.get(LOGS).json()["results"] == []
    detail = reverse("v1:activity-detail", args=[acts.activity.pk])
    assert client.get(detail).status_code == 404


def test_output_logs_include_their_breakdown(world, acts, client_for):
    [log] = client_for(world.viewer).get(LOGS, {"activity": acts.activity.pk}).json()["results"]
    assert log["people_reached"] == 10
    breakdown = {row["category_label"]: row["value"] for row in log["breakdown"]}
    assert breakdown == {"weiblich": 6, "keine Angabe": 4}
    assert {row["dimension_name"] for row in log["breakdown"]} == {"Geschlecht"}


def test_partner_creates_activity_and_logs_output(world, acts, client_for):
    client = client_for(world.partner)
    response = client.post(ACTIVITIES, _activity_body(world, acts), content_type="application/json")
    assert response.status_code == 201, response.json()
    activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.organisation == world.organisation
    response = client.post(
        LOGS,
        {
            "activity": activity.pk,
            "date": "2025-03-01",
            "people_reached": 8,
            "breakdown": [{"category": acts.category["männlich"].pk, "value": 3}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    breakdown = {row["category_label"]: row["value"] for row in response.json()["breakdown"]}
    assert breakdown == {"männlich": 3, "keine Angabe": 5}


def test_validation_errors_use_the_error_format_and_save_nothing(world, acts, client_for):
    foreign = other_objective(world)
    client = client_for(world.partner)
    response = client.post(
        ACTIVITIES,
        _activity_body(world, acts, objectives=[foreign.pk], end_date="2024-01-01"),
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "end_date": ["The end cannot be before the start."],
        "objectives": ["Please choose only objectives of this initiative."],
    }
    assert not Activity.objects.filter(title="Sprachcafé").exists()


def test_breakdown_above_total_is_refused_in_the_api(world, acts, client_for):
    response = client_for(world.partner).post(
        LOGS,
        {
            "activity": acts.activity.pk,
            "date": "2025-03-01",
            "people_reached": 2,
            "breakdown": [{"category": acts.category["weiblich"].pk, "value": 3}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [f"dimension_{acts.gender.pk}"]
    assert OutputLog.objects.count() == 1


def test_patching_only_people_reached_keeps_the_breakdown_and_recomputes_the_rest(
    world, acts, client_for
):
    response = client_for(world.partner).patch(
        reverse("v1:output-log-detail", args=[acts.log.pk]),
        {"people_reached": 8},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    rows = {row.category.label: row.value for row in acts.log.breakdowns.all()}
    assert rows == {"weiblich": 6, "keine Angabe": 2}
    assert OutputLog.objects.get(pk=acts.log.pk).people_reached == 8


def test_partner2_cannot_change_partners_activity_or_log(world, acts, client_for):
    client = client_for(world.partner2)
    detail = reverse("v1:activity-detail", args=[acts.activity.pk])
    response = client.patch(detail, {"title": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    log = reverse("v1:output-log-detail", args=[acts.log.pk])
    assert client.delete(log).status_code == 403
    response = client.post(
        LOGS,
        {"activity": acts.activity.pk, "date": "2025-03-01", "people_reached": 1},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert OutputLog.objects.count() == 1


def test_viewer_cannot_write_and_outsider_gets_404(world, acts, client_for):
    viewer = client_for(world.viewer)
    response = viewer.post(ACTIVITIES, _activity_body(world, acts), content_type="application/json")
    assert response.status_code == 403
    outsider = client_for(world.outsider)
    response = outsider.post(
        ACTIVITIES, _activity_body(world, acts), content_type="application/json"
    )
    assert response.status_code == 404
    response = outsider.post(
        LOGS,
        {"activity": acts.activity.pk, "date": "2025-03-01", "people_reached": 1},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_coordinator_corrects_a_log_through_the_api(world, acts, client_for):
    response = client_for(world.coordinator).patch(
        reverse("v1:output-log-detail", args=[acts.log.pk]),
        {"people_reached": 12},
        content_type="application/json",
    )
    assert response.status_code == 200
    breakdown = {row["category_label"]: row["value"] for row in response.json()["breakdown"]}
    assert breakdown == {"weiblich": 6, "keine Angabe": 6}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", [ACTIVITIES, LOGS])
def test_api_lists_do_not_grow_with_the_data(world, acts, client_for, url):
    client = client_for(world.viewer)
    add_activities(world, 2)
    _count(client, url)
    small = _count(client, url)
    add_activities(world, 20)
    assert _count(client, url) == small
