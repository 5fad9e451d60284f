"""The reports pages: asking for a report answers at once, the status partial, download,
preview, retry and repeat, the history with its visibility, and the query count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impact.models import Goal, Objective
from reports.models import ReportRun
from tests.reports.conftest import queued_run

Status = ReportRun.Status


def _list_url(world, slug=None):
    return reverse("reports:report-list", kwargs={"slug": slug or world.initiative.slug})


def _url(name, run):
    return reverse(f"reports:{name}", kwargs={"slug": run.initiative.slug, "pk": run.pk})


def test_asking_for_a_report_stores_the_run_and_shows_it_ready_after_the_worker(
    world, data, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.viewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _list_url(world),
            {"kind": "progress", "sections": ["indicators"], "notify_when_done": "on"},
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("report-detail", run)
    assert run.parameters == {"sections": ["indicators"]}
    assert run.notify_when_done is True
    status = client.get(_url("report-detail", run), headers={"HX-Request": "true"})
    content = status.content.decode()
    assert 'id="run-status"' in content
    assert "<html" not in content  # only the partial
    assert "hx-trigger" not in content  # finished: polling stops
    assert _url("report-download", run) in content
    download = client.get(_url("report-download", run))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]


def test_a_waiting_run_polls_every_two_seconds(world, client_for):
    run = queued_run(world)
    content = client_for(world.viewer).get(_url("report-detail", run)).content.decode()
    assert 'hx-trigger="every 2s"' in content
    assert 'role="status"' in content


def test_a_failed_run_shows_the_reason_and_a_retry_button(world, client_for):
    run = queued_run(world, status=Status.FAILED, error_code=ReportRun.Error.TIMEOUT)
    content = client_for(world.viewer).get(_url("report-detail", run)).content.decode()
    assert str(ReportRun.Error.TIMEOUT.label) in content
    assert _url("report-retry", run) in content
    assert "hx-trigger" not in content


def test_retry_queues_the_failed_run_again(
    world, data, client_for, django_capture_on_commit_callbacks
):
    run = queued_run(world, status=Status.FAILED, error_code=ReportRun.Error.TIMEOUT, attempts=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.viewer).post(_url("report-retry", run))
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.attempts) == (Status.DONE, 1)


def test_repeat_creates_a_new_run_with_the_same_settings(world, data, client_for):
    run = queued_run(world, user=world.coordinator, parameters={"sections": ["partners"]})
    response = client_for(world.partner).post(_url("report-repeat", run))
    new = ReportRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == _url("report-detail", new)
    assert (new.kind, new.parameters, new.requested_by) == (
        run.kind,
        run.parameters,
        world.partner,
    )


def test_a_rejected_form_keeps_the_input_and_answers_422(world, data, client_for):
    response = client_for(world.viewer).post(
        _list_url(world), {"kind": "period", "sections": ["agenda"]}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'id="report-form"' in content
    assert re.search(r'<input type="radio" name="kind" value="period"[^>]* checked', content)
    assert not ReportRun.objects.exists()


def test_report_page_has_an_empty_state(world, client_for):
    content = client_for(world.coordinator).get(_list_url(world)).content.decode()
    assert 'class="empty-state"' in content


def test_participants_get_403_and_other_initiatives_404(world, client_for):
    assert client_for(world.participant).get(_list_url(world)).status_code == 403
    run = queued_run(world, status=Status.DONE, file="reports/x.pdf", page_count=1, size=1)
    client = client_for(world.other_coordinator)
    for name in ("report-detail", "report-download", "report-preview"):
        assert client.get(_url(name, run)).status_code == 404
    # The run addressed through the other initiative's slug does not exist there either.
    url = reverse(
        "reports:report-detail", kwargs={"slug": world.other_initiative.slug, "pk": run.pk}
    )
    assert client.get(url).status_code == 404


def test_a_period_report_of_the_backbone_office_is_hidden_from_viewers_and_partners(
    world, data, client_for
):
    run = queued_run(
        world,
        user=world.coordinator,
        kind="period",
        parameters={"period_id": data.q1.pk},
        audience=ReportRun.Audience.BACKBONE,
    )
    for user in (world.viewer, world.partner):
        client = client_for(user)
        assert client.get(_url("report-detail", run)).status_code == 404
        assert _url("report-detail", run) not in client.get(_list_url(world)).content.decode()
    assert client_for(world.coordinator).get(_url("report-detail", run)).status_code == 200


def test_a_partners_period_report_is_seen_by_its_own_organisation_only(world, data, client_for):
    run = queued_run(
        world,
        user=world.partner,
        kind="period",
        parameters={"period_id": data.q1.pk},
        audience=ReportRun.Audience.ORGANISATION,
        organisation=world.organisation,
    )
    assert client_for(world.partner2).get(_url("report-detail", run)).status_code == 404
    assert client_for(world.coordinator).get(_url("report-detail", run)).status_code == 404
    assert client_for(world.partner).get(_url("report-detail", run)).status_code == 200


def test_download_of_an_unfinished_run_is_not_found(world, client_for):
    run = queued_run(world)
    assert client_for(world.viewer).get(_url("report-download", run)).status_code == 404


def test_preview_shows_the_content_as_the_member_sees_it(world, data, client_for):
    run = queued_run(world, user=world.coordinator)
    content = client_for(world.viewer).get(_url("report-preview", run)).content.decode()
    assert "1.234,5" in content
    assert "Vermittlungsquote" in content


def test_history_shows_who_asked_with_which_settings(world, data, client_for):
    queued_run(world, user=world.coordinator, parameters={"sections": ["partners"]})
    queued_run(world, user=world.viewer, kind="period", parameters={"period_id": data.q1.pk})
    content = client_for(world.viewer).get(_list_url(world)).content.decode()
    assert "Coordinator" in content and "Viewer" in content
    assert "Q1 2025" in content


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_history_page_query_count_does_not_grow_with_the_runs(world, data, client_for):
    client = client_for(world.viewer)
    for _ in range(2):
        queued_run(world, kind="period", parameters={"period_id": data.q1.pk})
    small = _count_queries(client, _list_url(world))
    for _ in range(18):
        queued_run(world, kind="period", parameters={"period_id": data.q2.pk})
    assert _count_queries(client, _list_url(world)) == small


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_status_partial_answers_fast_with_few_queries(world, role, client_for):
    run = queued_run(world, user=world.user(role))
    client = client_for(world.user(role))
    with CaptureQueriesContext(connection) as queries:
        client.get(_url("report-detail", run), headers={"HX-Request": "true"})
    assert len(queries) <= 8


def test_preview_gives_every_element_an_id_of_its_own(world, data, client_for):
    # The trend legend is shown once per goal: each copy needs ids of its own, and every
    # aria-labelledby names ids that exist once.
    objective = data.fw.indicator("Dauer bis zum Bescheid in Tagen").objective
    second = Goal.objects.create(initiative=world.initiative, title="Zweites Ziel", order=9)
    Objective.objects.filter(pk=objective.pk).update(goal=second)
    run = queued_run(world, user=world.coordinator)
    content = client_for(world.viewer).get(_url("report-preview", run)).content.decode()

    ids = re.findall(r'\bid="([^"]+)"', content)
    assert content.count('class="chart-legend"') >= 2
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    for labelledby in re.findall(r'aria-labelledby="([^"]+)"', content):
        assert all(ids.count(i) == 1 for i in labelledby.split()), labelledby
