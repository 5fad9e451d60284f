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


# --- Action items ------------------------------------------------------------------------------


def _items_url(world, fmt="csv", slug=None, **filters):
    slug = slug or world.initiative.slug
    query = "&".join([f"format={fmt}", *(f"{key}={value}" for key, value in filters.items())])
    return reverse("reports:action-item-export", kwargs={"slug": slug}) + "?" + query


@pytest.fixture
def items(world):
    from tests.coordination.meeting_builders import meeting_world

    meetings = meeting_world(world)
    coordination_services.action_item_create(
        acting_user=world.other_coordinator,
        initiative=world.other_initiative,
        title="Fremde Aufgabe",
        organisation=world.other_initiative.organisations.first() or _other_organisation(world),
        due_date=meetings.mine.due_date,
    )
    return meetings


def _other_organisation(world):
    from initiatives.models import Organisation

    return Organisation.objects.create(initiative=world.other_initiative, name="Fremder Träger")


@pytest.mark.parametrize("role", ["coordinator", "partner", "viewer"])
def test_action_item_csv_lists_what_the_board_shows_with_who_when_and_status(
    world, items, client_for, role
):
    response = client_for(world.user(role)).get(_items_url(world))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3  # the header and the initiative's two items, not the other's
    assert "Fremde Aufgabe" not in response.content.decode("utf-8-sig")
    row = next(line for line in lines if line.startswith("Raum reservieren")).split(";")
    assert row[2] == (world.partner.full_name or world.partner.email)  # who
    assert row[4] == items.mine.due_date.strftime("%d.%m.%Y")  # by when, German date
    assert row[5] == str(items.mine.get_status_display())
    assert row[7] == "Partnertreffen Herbst"  # the meeting it came from
    assert row[9] == "Im Frühjahr findet eine Matching-Veranstaltung statt."
    theirs = next(line for line in lines if line.startswith("Unternehmen ansprechen"))
    assert theirs.split(";")[3] == world.organisation2.name


def test_action_item_export_applies_the_boards_filters(world, items, client_for):
    # "Mine" for the partner: assigned to them or to their organisation (IQ Netzwerk).
    content = client_for(world.partner).get(_items_url(world, mine=1)).content.decode("utf-8-sig")
    assert "Raum reservieren" in content
    assert "Unternehmen ansprechen" not in content


def test_action_item_xlsx_has_dates_and_a_frozen_header(world, items, client_for):
    import datetime

    response = client_for(world.viewer).get(_items_url(world, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    row = next(r for r in rows if r[0] == "Raum reservieren")
    due = row[4].date() if isinstance(row[4], datetime.datetime) else row[4]
    assert due == items.mine.due_date  # a real date, not text


@pytest.mark.parametrize(
    ("role", "status"),
    [("participant", 403), ("other_coordinator", 404), ("outsider", 404)],
)
def test_action_item_export_is_refused_to_those_who_do_not_see_the_board(
    world, items, client_for, role, status
):
    assert client_for(world.user(role)).get(_items_url(world)).status_code == status


def test_action_item_export_needs_a_login(world, items, client_for):
    assert client_for(None).get(_items_url(world)).status_code == 302


def test_reports_page_links_the_action_item_and_the_value_export(world, client_for):
    content = (
        client_for(world.viewer)
        .get(reverse("reports:report-list", kwargs={"slug": world.initiative.slug}))
        .content.decode()
    )
    assert _items_url(world, "xlsx") in content
    values = reverse("impact:export", kwargs={"slug": world.initiative.slug})
    assert f"{values}?format=csv" in content and f"{values}?format=xlsx" in content


def test_action_item_export_takes_the_same_queries_for_ten_times_the_items(
    world, items, client_for
):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.viewer)

    def add(count):
        for number in range(count):
            coordination_services.action_item_create(
                acting_user=world.coordinator,
                initiative=world.initiative,
                title=f"Aufgabe {number}",
                assignee=world.partner,
                due_date=items.mine.due_date + datetime.timedelta(days=number),
                agenda_item=items.item,
                decision=items.decision,
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_items_url(world, "xlsx")).status_code == 200
        return len(queries)

    add(2)
    small = count()
    add(20)
    assert count() == small
