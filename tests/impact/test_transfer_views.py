"""Bulk entry and export over HTTP: template download, upload with preview, apply and discard,
and the export of values, for every role."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from impact import services
from impact.models import Submission, SubmissionImport
from tests.impact.builders import FrameworkBuilder, report
from tests.impact.conftest import Q1_2025, Q2_2025
from tests.impact.test_transfer import csv_upload, good_rows, line
from tests.initiatives.test_queries import assert_same_queries


@pytest.fixture(autouse=True)
def english_pages(world):
    get_user_model().objects.update(language="en")


@pytest.fixture
def ids(fw):
    return {
        "Vermittlungen": fw.indicator("Vermittlungen").pk,
        "Vermittlungsquote": fw.indicator("Vermittlungsquote").pk,
        "Fördermittel": fw.indicator("Fördermittel").pk,
        "Dauer": fw.indicator("Dauer bis zum Bescheid").pk,
    }


def url(world, name, **kwargs):
    return reverse(f"impact:{name}", kwargs={"slug": world.initiative.slug, **kwargs})


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so that Excel opens it"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


# --- Template --------------------------------------------------------------------------------


def test_partner_downloads_csv_template_for_a_period(world, fw, client_for):
    period = fw.period("Vermittlungen", Q1_2025)
    indicator = fw.indicator("Fördermittel")
    report(indicator, period, by=world.partner, organisation=world.organisation, value="12.5")
    response = client_for(world.partner).get(
        url(world, "import-template"), {"period": period.pk, "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="values-')
    header, *rows = read_csv(response)
    assert header[:7] == [
        "Indicator ID",
        "Indicator",
        "Period",
        "Unit",
        "Value",
        "How many",
        "Of how many",
    ]
    assert "Geschlecht: weiblich" in header
    assert "Geschlecht: weiblich (how many)" in header
    assert header[-1] == "Comment"
    assert [(row[1], row[2]) for row in rows] == [
        ("Vermittlungen", "Q1 2025"),
        ("Vermittlungsquote", "Q1 2025"),
        ("Fördermittel", "Q1 2025"),
    ]
    assert rows[2][3:5] == ["Euro", "12,5"]  # the draft, prefilled


def test_xlsx_template_has_a_frozen_header_and_only_open_values(world, fw, client_for):
    period = fw.period("Vermittlungen", Q1_2025)
    indicator = fw.indicator("Fördermittel")
    report(
        indicator, period, by=world.partner, organisation=world.organisation, value="3", submit=True
    )
    response = client_for(world.partner).get(
        url(world, "import-template"), {"period": period.pk, "format": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = read_xlsx(response)
    assert sheet.freeze_panes == "A2"
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Vermittlungen",
        "Vermittlungsquote",
    ]
    assert sheet.cell(row=2, column=1).value == fw.indicator("Vermittlungen").pk


def test_template_for_a_locked_period_offers_no_rows(world, fw, client_for):
    period = fw.period("Vermittlungen", Q1_2025)
    report(
        fw.indicator("Fördermittel"),
        period,
        by=world.partner,
        organisation=world.organisation,
        value="12.5",
    )
    services.period_lock(acting_user=world.coordinator, period=period)
    client = client_for(world.partner)
    response = client.get(url(world, "import-template"), {"period": period.pk, "format": "csv"})
    _header, *rows = read_csv(response)
    assert rows == []
    # Nor is the locked period offered for a template on the inbox.
    form = client.get(url(world, "task-list")).context["template_form"]
    assert period.pk not in {value for value, _label in form.fields["period"].choices}


def test_coordinator_template_holds_population_indicators(world, fw, client_for):
    response = client_for(world.coordinator).get(url(world, "import-template"))
    names = {row[1] for row in read_csv(response)[1:]}
    assert names == {"Abgeschlossene Anerkennungsverfahren", "Dauer bis zum Bescheid"}


@pytest.mark.parametrize(
    ("role", "status"),
    [("viewer", 403), ("participant", 403), ("other_coordinator", 404), ("outsider", 404)],
)
def test_template_is_refused_to_those_who_do_not_enter_values(world, fw, client_for, role, status):
    assert client_for(world.user(role)).get(url(world, "import-template")).status_code == status


def test_template_for_another_initiatives_period_is_not_found(world, fw, client_for):
    other = FrameworkBuilder(world.other_initiative).indicator("Kitaplätze").build()
    period = other.period("Kitaplätze", Q1_2025)
    response = client_for(world.partner).get(url(world, "import-template"), {"period": period.pk})
    assert response.status_code == 404


# --- Upload, preview, apply --------------------------------------------------------------------


def test_partner_uploads_checks_and_applies_a_file(world, fw, ids, client_for):
    client = client_for(world.partner)
    response = client.post(url(world, "import-upload"), {"file": csv_upload(good_rows(ids))})
    assert response.status_code == 302
    submission_import = SubmissionImport.objects.get()
    assert response["Location"] == url(world, "import-detail", pk=submission_import.pk)
    preview = client.get(response["Location"]).content.decode()
    assert "All rows can be saved." in preview
    assert "Geschlecht: weiblich: 6" in preview
    assert "12 of 40" in preview
    assert not Submission.objects.exists()
    applied = client.post(url(world, "import-apply", pk=submission_import.pk), {"submit": "on"})
    assert applied.status_code == 302
    assert applied["Location"] == url(world, "task-list")
    assert Submission.objects.filter(status="submitted").count() == 3
    inbox = client.get(url(world, "task-list")).content.decode()
    assert "3 values have been submitted for review." in inbox
    # Applying again changes nothing.
    again = client.post(url(world, "import-apply", pk=submission_import.pk))
    assert again["Location"] == url(world, "import-detail", pk=submission_import.pk)
    assert Submission.objects.count() == 3


def test_preview_shows_row_errors_and_offers_no_apply(world, fw, ids, client_for):
    client = client_for(world.partner)
    rows = [*good_rows(ids), line(ids["Vermittlungsquote"], "Q2 2025", **{"How many": "5"})]
    response = client.post(url(world, "import-upload"), {"file": csv_upload(rows)}, follow=True)
    html = response.content.decode()
    assert "Some rows have errors, so nothing can be saved yet." in html
    assert "Please enter how many people or cases there were in total." in html
    assert url(world, "import-apply", pk=SubmissionImport.objects.get().pk) not in html
    applied = client.post(url(world, "import-apply", pk=SubmissionImport.objects.get().pk))
    assert applied.status_code == 302
    assert not Submission.objects.exists()


def test_apply_failing_now_shows_which_rows_and_saves_nothing(world, fw, ids, client_for):
    client = client_for(world.partner)
    rows = [line(ids["Fördermittel"], Value="1"), line(ids["Vermittlungen"], Value="10")]
    client.post(url(world, "import-upload"), {"file": csv_upload(rows)})
    submission_import = SubmissionImport.objects.get()
    response = client.post(url(world, "import-apply", pk=submission_import.pk), {"submit": "on"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing has been saved: rows 3 cannot be applied." in html
    assert "the categories add up to 0, but the total is 10" in html
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("leer.csv", b""), "The file is empty."),
        (SimpleUploadedFile("werte.csv", b"%PDF-1.7 ..."), "This is not a CSV or Excel file"),
        (SimpleUploadedFile("werte.xlsx", b"PK\x03\x04..."), "This is not a CSV or Excel file"),
    ],
    ids=["empty", "pdf-called-csv", "broken-xlsx"],
)
def test_unreadable_upload_is_refused_at_the_field(world, fw, client_for, upload, message):
    response = client_for(world.partner).post(url(world, "import-upload"), {"file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert 'id="id_file-error"' in html
    assert not SubmissionImport.objects.exists()


def test_upload_without_file_is_refused(world, fw, client_for):
    response = client_for(world.partner).post(url(world, "import-upload"), {})
    assert response.status_code == 422
    assert "Please choose the file to upload." in response.content.decode()


def test_discard_throws_the_file_away(world, fw, ids, client_for):
    client = client_for(world.partner)
    client.post(url(world, "import-upload"), {"file": csv_upload(good_rows(ids))})
    submission_import = SubmissionImport.objects.get()
    response = client.post(url(world, "import-discard", pk=submission_import.pk))
    assert response["Location"] == url(world, "task-list")
    submission_import.refresh_from_db()
    assert submission_import.status == SubmissionImport.Status.DISCARDED
    client.post(url(world, "import-apply", pk=submission_import.pk))
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("partner2", 404),
        ("coordinator", 404),
        ("viewer", 403),
        ("participant", 403),
        ("other_coordinator", 404),
        ("outsider", 404),
    ],
)
def test_others_cannot_see_or_apply_a_partners_import(world, fw, ids, client_for, role, status):
    client_for(world.partner).post(
        url(world, "import-upload"), {"file": csv_upload(good_rows(ids))}
    )
    pk = SubmissionImport.objects.get().pk
    client = client_for(world.user(role))
    assert client.get(url(world, "import-detail", pk=pk)).status_code == status
    assert client.post(url(world, "import-apply", pk=pk)).status_code == status
    assert client.post(url(world, "import-discard", pk=pk)).status_code == status
    assert not Submission.objects.exists()
    assert SubmissionImport.objects.get().status == SubmissionImport.Status.CHECKED


def test_inbox_links_to_template_upload_and_export(world, fw, client_for):
    html = client_for(world.partner).get(url(world, "task-list")).content.decode()
    assert url(world, "import-template") in html
    assert url(world, "import-upload") in html
    assert url(world, "export") + "?format=xlsx" in html


# --- Export ----------------------------------------------------------------------------------


@pytest.fixture
def values(world, fw):
    """Approved, submitted and draft values of both organisations with breakdowns."""
    placements, quota = fw.indicator("Vermittlungen"), fw.indicator("Vermittlungsquote")
    q1, q2 = fw.period(placements, Q1_2025), fw.period(placements, Q2_2025)
    gender = {label: fw.category("Geschlecht", label).pk for label in ("weiblich", "keine Angabe")}
    iq = {"by": world.partner, "organisation": world.organisation}
    ihk = {"by": world.partner2, "organisation": world.organisation2}
    report(
        placements,
        q1,
        **iq,
        value="10.5",
        breakdown={gender["weiblich"]: "6.5", gender["keine Angabe"]: "4"},
        approve_by=world.coordinator,
    )
    report(
        quota,
        q1,
        **ihk,
        numerator="12",
        denominator="40",
        breakdown={gender["weiblich"]: ("12", "40")},
        approve_by=world.coordinator,
    )
    report(placements, q2, **ihk, value="7", breakdown={gender["keine Angabe"]: "7"}, submit=True)
    report(placements, q2, **iq, value="3")
    report(fw.indicator("Dauer bis zum Bescheid"), q1, by=world.coordinator, value="118")


def _exported(world, client, **params):
    response = client.get(url(world, "export"), {"format": "csv", **params})
    assert response.status_code == 200
    header, *rows = read_csv(response)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


def _keys(rows):
    return sorted(
        (row["Indicator"], row["Period"], row["Organisation"], row["Status"]) for row in rows
    )


def test_coordinator_exports_approved_and_submitted_values(world, values, client_for):
    _header, rows = _exported(world, client_for(world.coordinator))
    assert _keys(rows) == [
        ("Dauer bis zum Bescheid", "Q1 2025", "Backbone office", "Draft"),
        ("Vermittlungen", "Q1 2025", "IQ Netzwerk", "Approved"),
        ("Vermittlungen", "Q2 2025", "IHK Berlin", "Submitted, waiting for review"),
        ("Vermittlungsquote", "Q1 2025", "IHK Berlin", "Approved"),
    ]
    placements = next(r for r in rows if r["Organisation"] == "IQ Netzwerk")
    assert placements["Value"] == "10,5"
    assert placements["Geschlecht: weiblich"] == "6,5"
    assert placements["Geschlecht: keine Angabe"] == "4"
    assert placements["Geschlecht: männlich"] == ""
    assert (placements["First day"], placements["Last day"]) == ("01.01.2025", "31.03.2025")
    quota = next(r for r in rows if r["Indicator"] == "Vermittlungsquote")
    assert (quota["How many"], quota["Of how many"], quota["Percentage"]) == ("12", "40", "30")
    assert quota["Geschlecht: weiblich (how many)"] == "12"
    assert quota["Geschlecht: weiblich (of how many)"] == "40"
    assert quota["Revision"] == "1"
    assert quota["Reviewed at"]


def test_partner_exports_own_values_and_approved_values_of_others(world, values, client_for):
    _header, rows = _exported(world, client_for(world.partner))
    assert _keys(rows) == [
        ("Vermittlungen", "Q1 2025", "IQ Netzwerk", "Approved"),
        ("Vermittlungen", "Q2 2025", "IQ Netzwerk", "Draft"),
        ("Vermittlungsquote", "Q1 2025", "IHK Berlin", "Approved"),
    ]


def test_viewer_exports_approved_values_only(world, values, client_for):
    _header, rows = _exported(world, client_for(world.viewer))
    assert {row["Status"] for row in rows} == {"Approved"}
    assert len(rows) == 2


def test_export_filters_by_period_and_goal(world, fw, values, client_for):
    client = client_for(world.coordinator)
    q2 = fw.period("Vermittlungen", Q2_2025)
    _header, rows = _exported(world, client, period=q2.pk)
    assert [row["Period"] for row in rows] == ["Q2 2025"]
    _header, rows = _exported(world, client, goal=fw.goals[0].pk)
    assert len(rows) == 4
    other = FrameworkBuilder(world.other_initiative).goal("Anderswo").build()
    assert client.get(url(world, "export"), {"goal": other.goals[0].pk}).status_code == 404


def test_xlsx_export_has_numbers_and_breakdown_columns(world, values, client_for):
    response = client_for(world.coordinator).get(url(world, "export"), {"format": "xlsx"})
    sheet = read_xlsx(response)
    header = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    rows = [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    placements = next(r for r in rows if r["Organisation"] == "IQ Netzwerk")
    assert placements["Value"] == 10.5
    assert placements["Geschlecht: weiblich"] == 6.5
    assert placements["First day"].year == 2025
    quota = next(r for r in rows if r["Indicator"] == "Vermittlungsquote")
    assert quota["Percentage"] == 30


@pytest.mark.parametrize(("role", "status"), [("participant", 403), ("outsider", 404)])
def test_export_is_refused(world, values, client_for, role, status):
    assert client_for(world.user(role)).get(url(world, "export")).status_code == status


def test_export_query_count_does_not_grow_with_the_values(world, fw, client_for):
    placements = fw.indicator("Vermittlungen")
    categories = [fw.category("Geschlecht", "weiblich").pk, fw.category("Geschlecht", "divers").pk]
    periods = list(placements.initiative.reporting_periods.filter(frequency="quarterly")[:8])
    report(
        placements,
        periods[0],
        by=world.partner,
        organisation=world.organisation,
        value="2",
        breakdown={categories[0]: "2"},
        approve_by=world.coordinator,
    )

    def grow():
        for period in periods[1:]:
            for by, org in (
                (world.partner, world.organisation),
                (world.partner2, world.organisation2),
            ):
                report(
                    placements,
                    period,
                    by=by,
                    organisation=org,
                    value="4",
                    breakdown={categories[0]: "1", categories[1]: "3"},
                    approve_by=world.coordinator,
                )

    assert_same_queries(client_for(world.viewer), url(world, "export"), grow, {"format": "xlsx"})


def test_csv_export_streams_with_the_same_queries_for_ten_times_the_values(world, fw, client_for):
    placements = fw.indicator("Vermittlungen")
    women = fw.category("Geschlecht", "weiblich").pk
    periods = list(placements.initiative.reporting_periods.filter(frequency="quarterly")[:10])
    client = client_for(world.coordinator)
    export_url = url(world, "export")

    def add(chosen):
        for period in chosen:
            report(
                placements,
                period,
                by=world.partner,
                organisation=world.organisation,
                value="4",
                breakdown={women: "4"},
                approve_by=world.coordinator,
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(export_url, {"format": "csv"})
            assert response.streaming
            content = b"".join(response.streaming_content)
        return len(captured), content

    add(periods[:1])
    queries()  # warm-up
    small, content = queries()
    add(periods[1:])
    large, content = queries()
    assert small == large
    assert content.decode("utf-8-sig").count("\r\n") == 1 + len(periods)


def test_export_of_one_period_has_the_rows_of_that_period_from_the_full_export(
    world, fw, values, client_for
):
    client = client_for(world.coordinator)
    q1 = fw.period("Vermittlungen", Q1_2025)
    _header, everything = _exported(world, client)
    _header, one = _exported(world, client, period=q1.pk)
    assert one == [row for row in everything if row["Period"] == "Q1 2025"]
    assert len(one) == 3
