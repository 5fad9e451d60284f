"""Exports of the reports page: the activities with their output totals as CSV and XLSX, in the
conventions of the value export, with the viewer's permissions applied."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coordination import services as coordination_services
from tests.coordination.builders import activity_world


def _url(world, fmt="csv", slug=None):
    slug = slug or world.initiative.slug
    return reverse("reports:activity-export", kwargs={"slug": slug}) + f"?format={fmt}"


@pytest.fixture
def acts(world):
    acts = activity_world(world)
    coordination_services.activity_create(
        acting_user=world.partner,
        initiative=world.initiative,
        title='=HYPERLINK("http://example.org")',
        contribution_kind="complement",
        objectives=[acts.women],
        start_date=acts.activity.start_date,
    )
    return acts


@pytest.mark.parametrize("role", ["coordinator", "partner", "partner2", "viewer"])
def test_csv_lists_every_activity_with_people_reached_in_german_conventions(
    world, acts, client_for, role
):
    response = client_for(world.user(role)).get(_url(world))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM for spreadsheet programs
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3
    row = next(line for line in lines if "Anerkennungsberatung" in line).split(";")
    assert row[0] == world.organisation.name
    assert row[6] == "01.01.2025"
    assert row[-2:] == ["1", "10"]  # one output log, ten people


def test_csv_guards_cells_that_look_like_formulas(world, acts, client_for):
    content = client_for(world.coordinator).get(_url(world)).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in content


def test_xlsx_has_real_numbers_and_a_frozen_header(world, acts, client_for):
    response = client_for(world.viewer).get(_url(world, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    row = next(r for r in rows if r[1] == "Anerkennungsberatung")
    assert row[-1] == 10 and isinstance(row[-1], int)


@pytest.mark.parametrize(
    ("role", "status"),
    [("participant", 403), ("other_coordinator", 404), ("outsider", 404)],
)
def test_export_is_refused_to_those_who_do_not_see_activities(
    world, acts, client_for, role, status
):
    assert client_for(world.user(role)).get(_url(world)).status_code == status


def test_export_needs_a_login(world, acts, client_for):
    response = client_for(None).get(_url(world))
    assert response.status_code == 302


def test_reports_page_links_the_exports_for_readers_of_activities(world, client_for):
    response = client_for(world.viewer).get(
        reverse("reports:report-list", kwargs={"slug": world.initiative.slug})
    )
    assert _url(world, "xlsx") in response.content.decode()


def test_export_takes_the_same_queries_for_ten_times_the_activities(world, acts, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.coordination.builders import add_activities

    client = client_for(world.viewer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(world, "xlsx")).status_code == 200
        return len(queries)

    add_activities(world, 2)
    small = count()
    add_activities(world, 20)
    assert count() == small
