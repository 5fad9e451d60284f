"""Bulk entry and export: reading CSV and XLSX files, checking every row with the rules of the
value form, applying all rows or none, and the export with its breakdown columns."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from core.errors import ApplicationError, PermissionDeniedError
from impact import services, transfer
from impact.models import Submission, SubmissionImport
from initiatives.models import Initiative
from tests.impact.builders import report
from tests.impact.conftest import Q1_2025, Q2_2025

HEADER = [
    "Indicator ID",
    "Indicator",
    "Period",
    "Unit",
    "Value",
    "How many",
    "Of how many",
    "Geschlecht: weiblich",
    "Geschlecht: männlich",
    "Geschlecht: divers",
    "Geschlecht: keine Angabe",
    "Geschlecht: weiblich (how many)",
    "Geschlecht: weiblich (of how many)",
    "Geschlecht: keine Angabe (how many)",
    "Geschlecht: keine Angabe (of how many)",
    "Comment",
]


def line(indicator_id, period="Q1 2025", **cells):
    """One CSV row in HEADER order; `cells` by heading, e.g. Value="12"."""
    values = {"Indicator ID": str(indicator_id), "Period": period, **cells}
    return [values.get(name, "") for name in HEADER]


def csv_upload(rows, *, delimiter=";", bom=True, header=HEADER, name="werte.csv"):
    text = "\r\n".join(delimiter.join(row) for row in [header, *rows]) + "\r\n"
    return SimpleUploadedFile(name, text.encode("utf-8-sig" if bom else "utf-8"))


def xlsx_upload(rows, name="werte.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def check(world, fw, upload, user=None) -> SubmissionImport:
    categories = [c for d in fw.dimensions.values() for c in d.categories.all()]
    rows = transfer.rows_from_table(transfer.read_upload(upload), categories)
    return services.submission_import_create(
        acting_user=user or world.partner,
        initiative=world.initiative,
        file_name=upload.name,
        rows=rows,
    )


def errors(submission_import) -> list[list[str]]:
    return [row["errors"] for row in submission_import.rows]


@pytest.fixture
def ids(fw):
    return {name: fw.indicator(name).pk for name in ("Vermittlungen", "Vermittlungsquote")} | {
        "Fördermittel": fw.indicator("Fördermittel").pk,
        "Dauer": fw.indicator("Dauer bis zum Bescheid").pk,
    }


def good_rows(ids, period="Q1 2025"):
    return [
        line(
            ids["Vermittlungen"],
            period,
            Value="10",
            **{"Geschlecht: weiblich": "6", "Geschlecht: keine Angabe": "4"},
        ),
        line(
            ids["Vermittlungsquote"],
            period,
            **{
                "How many": "12",
                "Of how many": "40",
                "Geschlecht: weiblich (how many)": "12",
                "Geschlecht: weiblich (of how many)": "40",
            },
        ),
        line(ids["Fördermittel"], period, Value="1.250,50", Comment="Stiftung"),
    ]


# --- Reading files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(";", True), (";", False), (",", True), (",", False)]
)
def test_csv_with_either_separator_and_with_or_without_bom_is_read(world, fw, ids, delimiter, bom):
    rows = good_rows(ids)
    if delimiter == ",":
        rows[2] = line(ids["Fördermittel"], Value='"1.250,50"', Comment="Stiftung")
    submission_import = check(world, fw, csv_upload(rows, delimiter=delimiter, bom=bom))
    assert errors(submission_import) == [[], [], []]
    assert [row["action"] for row in submission_import.rows] == ["create"] * 3
    assert submission_import.rows[2]["comment"] == "Stiftung"
    assert not Submission.objects.exists()  # checked, not entered


def test_xlsx_with_number_cells_is_read(world, fw, ids):
    # Heading order: ID, name, period, unit, value, how many, of how many, four gender
    # values, four gender fractions, comment.
    placements = [ids["Vermittlungen"], "Vermittlungen", "Q1 2025", "Personen", 10, None, None]
    funds = [ids["Fördermittel"], "Fördermittel", "Q1 2025", "Euro", 1250.5, None, None]
    rows = [
        [*placements, 6, None, None, 4, *[None] * 4, "aus Excel"],
        [*funds, *[None] * 8, None],
    ]
    submission_import = check(world, fw, xlsx_upload(rows))
    assert errors(submission_import) == [[], []]
    assert submission_import.rows[1]["value"] == "1250,5"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf\r\n;;\r\n", "The file is empty."),
        (b"%PDF-1.4 ein Bericht", "This is not a CSV or Excel file (XLSX)."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "This is not a CSV or Excel file (XLSX)."),
        (b"PK\x03\x04kein xlsx", "This is not a CSV or Excel file (XLSX)."),
        (b"Name;Zahl\r\nA;1\r\n", "The first row must hold the column headings"),
        (";".join(HEADER).encode(), "The file holds no values"),
    ],
    ids=["empty", "only-empty-cells", "pdf", "png", "zip", "no-headings", "headings-only"],
)
def test_unreadable_file_is_refused_as_a_whole(world, fw, content, message):
    upload = SimpleUploadedFile("werte.csv", content)
    with pytest.raises(transfer.TransferError) as excinfo:
        transfer.rows_from_table(transfer.read_upload(upload), [])
    assert message in excinfo.value.message


def test_file_too_large_or_too_long_is_refused(monkeypatch):
    monkeypatch.setattr(transfer, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(transfer.TransferError, match="too large"):
        transfer.read_upload(SimpleUploadedFile("werte.csv", b"a;b\r\n" * 50))
    monkeypatch.setattr(transfer, "MAX_UPLOAD_BYTES", 10_000)
    monkeypatch.setattr(transfer, "MAX_ROWS", 3)
    with pytest.raises(transfer.TransferError, match="more than 3 rows"):
        transfer.read_upload(SimpleUploadedFile("werte.csv", b"a;b\r\n" * 10))


# --- Checking rows: the rules of the value form ------------------------------------------------


def _lock_q1(fw, world):
    services.period_lock(acting_user=world.coordinator, period=fw.period("Vermittlungen", Q1_2025))


def _future(fw, world):
    today = timezone.localdate()
    Initiative.objects.filter(pk=world.initiative.pk).update(
        planned_end_date=today.replace(year=today.year + 3)
    )
    world.initiative.refresh_from_db()
    services.periods_sync(initiative=world.initiative)
    next_year = today.replace(year=today.year + 1)
    return fw.period("Vermittlungen", next_year).label


BAD_ROWS = [
    (
        "bad-number",
        lambda ids, fw, w: line(ids["Fördermittel"], Value="zwölf"),
        "Value: Please enter a number, for example 12 or 12,5.",
    ),
    (
        "numerator-over-denominator",
        lambda ids, fw, w: line(
            ids["Vermittlungsquote"], **{"How many": "50", "Of how many": "40"}
        ),
        "How many: “How many” (50) cannot be more than “of how many” (40)",
    ),
    (
        "negative-count",
        lambda ids, fw, w: line(ids["Vermittlungen"], Value="-3"),
        "Value: A count cannot be negative.",
    ),
    (
        "breakdown-not-adding-up",
        lambda ids, fw, w: line(ids["Vermittlungen"], Value="10", **{"Geschlecht: weiblich": "4"}),
        "Geschlecht: the categories add up to 4, but the total is 10.",
    ),
    (
        "locked-period",
        lambda ids, fw, w: (_lock_q1(fw, w), line(ids["Vermittlungen"], Value="3"))[1],
        "Q1 2025 is locked",
    ),
    (
        "future-period",
        lambda ids, fw, w: line(ids["Vermittlungen"], _future(fw, w), Value="3"),
        "has not started yet",
    ),
    (
        "unknown-period",
        lambda ids, fw, w: line(ids["Vermittlungen"], "Q5 2025", Value="3"),
        "Unknown period “Q5 2025”",
    ),
    (
        "unknown-indicator",
        lambda ids, fw, w: line(999999, Value="3"),
        "Unknown indicator ID “999999”",
    ),
    (
        "population-indicator",
        lambda ids, fw, w: line(ids["Dauer"], Value="3"),
        "the backbone office enters population indicators",
    ),
    (
        "percentage-as-value",
        lambda ids, fw, w: line(ids["Vermittlungsquote"], Value="30"),
        "is a percentage: please fill in “how many” and “of how many”",
    ),
]


@pytest.mark.parametrize(("case", "make", "message"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_bad_row_gets_its_message_and_nothing_is_saved(world, fw, ids, case, make, message):
    rows = [*good_rows(ids, "Q2 2025"), make(ids, fw, world)]
    submission_import = check(world, fw, csv_upload(rows))
    assert errors(submission_import)[:3] == [[], [], []]
    assert any(message in text for text in errors(submission_import)[3]), errors(submission_import)
    assert submission_import.error_count == 1
    assert not Submission.objects.exists()


def test_other_organisations_indicator_is_refused(world, fw, ids):
    upload = csv_upload([line(ids["Fördermittel"], Value="100")])
    submission_import = check(world, fw, upload, user=world.partner2)
    assert errors(submission_import) == [
        ["You do not enter values for “Fördermittel”: IHK Berlin is not asked to report on it."]
    ]
    assert submission_import.organisation == world.organisation2


def test_duplicate_row_is_refused(world, fw, ids):
    rows = [line(ids["Fördermittel"], Value="100"), line(ids["Fördermittel"], Value="200")]
    submission_import = check(world, fw, csv_upload(rows))
    assert errors(submission_import) == [
        [],
        ["Row 2 already holds a value for this indicator and period."],
    ]


def test_submitted_value_cannot_be_overwritten_by_a_file(world, fw, ids):
    indicator = fw.indicator("Fördermittel")
    report(
        indicator,
        fw.period(indicator, Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="5",
        submit=True,
    )
    submission_import = check(world, fw, csv_upload([line(ids["Fördermittel"], Value="6")]))
    assert "can no longer be changed" in errors(submission_import)[0][0]


def test_incomplete_breakdown_can_be_a_draft_but_is_noted_for_submitting(world, fw, ids):
    rows = [line(ids["Vermittlungen"], Value="10")]
    submission_import = check(world, fw, csv_upload(rows))
    row = submission_import.rows[0]
    assert row["errors"] == []
    assert "the categories add up to 0, but the total is 10" in row["submit_errors"][0]


def test_viewer_cannot_upload_values(world, fw, ids):
    with pytest.raises(PermissionDeniedError):
        check(world, fw, csv_upload(good_rows(ids)), user=world.viewer)


def test_coordinator_enters_population_indicators_by_file(world, fw, ids):
    rows = [line(ids["Dauer"], Value="118"), line(ids["Fördermittel"], Value="1")]
    submission_import = check(world, fw, csv_upload(rows), user=world.coordinator)
    assert errors(submission_import) == [
        [],
        ["You do not enter values for “Fördermittel”: each partner enters its own values."],
    ]


# --- Applying: all or nothing ----------------------------------------------------------------


def test_apply_enters_every_row_as_draft(world, fw, ids):
    submission_import = check(world, fw, csv_upload(good_rows(ids)))
    services.submission_import_apply(acting_user=world.partner, submission_import=submission_import)
    submissions = {s.indicator.name: s for s in Submission.objects.select_related("indicator")}
    assert {s.status for s in submissions.values()} == {"draft"}
    assert submissions["Fördermittel"].value == 1250.5
    assert submissions["Fördermittel"].comment == "Stiftung"
    assert (
        submissions["Vermittlungsquote"].numerator,
        submissions["Vermittlungsquote"].denominator,
    ) == (12, 40)
    assert sorted(
        (b.category.label, b.value) for b in submissions["Vermittlungen"].breakdowns.all()
    ) == [("keine Angabe", 4), ("weiblich", 6)]
    submission_import.refresh_from_db()
    assert submission_import.status == SubmissionImport.Status.APPLIED
    assert submission_import.applied_at is not None


def test_apply_with_submit_submits_and_updates_existing_drafts(world, fw, ids):
    indicator = fw.indicator("Fördermittel")
    draft = report(
        indicator,
        fw.period(indicator, Q1_2025),
        by=world.partner,
        organisation=world.organisation,
        value="5",
    )
    rows = [line(ids["Fördermittel"], Value="7"), line(ids["Fördermittel"], "Q2 2025", Value="8")]
    submission_import = check(world, fw, csv_upload(rows))
    assert [row["action"] for row in submission_import.rows] == ["update", "create"]
    services.submission_import_apply(
        acting_user=world.partner, submission_import=submission_import, submit=True
    )
    draft.refresh_from_db()
    assert (draft.value, draft.status) == (7, "submitted")
    assert Submission.objects.filter(status="submitted").count() == 2


def test_file_with_one_bad_row_among_good_ones_saves_nothing(world, fw, ids):
    rows = [*good_rows(ids), line(ids["Vermittlungen"], "Q2 2025", Value="-1")]
    submission_import = check(world, fw, csv_upload(rows))
    assert submission_import.error_count == 1
    with pytest.raises(ApplicationError, match="rows with errors"):
        services.submission_import_apply(
            acting_user=world.partner, submission_import=submission_import
        )
    assert not Submission.objects.exists()


def test_row_that_fails_when_applied_rolls_back_every_row(world, fw, ids):
    rows = [*good_rows(ids), line(ids["Fördermittel"], "Q2 2025", Value="3")]
    submission_import = check(world, fw, csv_upload(rows))
    assert submission_import.error_count == 0
    # Between the preview and "apply", the backbone office locks Q2 2025.
    services.period_lock(acting_user=world.coordinator, period=fw.period("Fördermittel", Q2_2025))
    with pytest.raises(ValidationError) as excinfo:
        services.submission_import_apply(
            acting_user=world.partner, submission_import=submission_import
        )
    assert excinfo.value.message_dict["rows"] == [
        "Nothing has been saved: rows 5 cannot be applied. See the messages in these rows."
    ]
    assert not Submission.objects.exists()
    submission_import.refresh_from_db()
    assert submission_import.status == SubmissionImport.Status.CHECKED
    assert [bool(row["apply_errors"]) for row in submission_import.rows] == [
        False,
        False,
        False,
        True,
    ]
    assert "is locked" in submission_import.rows[3]["apply_errors"][0]


def test_submitting_rows_with_incomplete_breakdowns_saves_nothing(world, fw, ids):
    rows = [line(ids["Fördermittel"], Value="3"), line(ids["Vermittlungen"], Value="10")]
    submission_import = check(world, fw, csv_upload(rows))
    with pytest.raises(ValidationError):
        services.submission_import_apply(
            acting_user=world.partner, submission_import=submission_import, submit=True
        )
    assert not Submission.objects.exists()
    # As drafts the same rows are fine.
    services.submission_import_apply(acting_user=world.partner, submission_import=submission_import)
    assert Submission.objects.filter(status="draft").count() == 2


def test_import_is_applied_only_once(world, fw, ids):
    submission_import = check(world, fw, csv_upload(good_rows(ids)))
    services.submission_import_apply(acting_user=world.partner, submission_import=submission_import)
    with pytest.raises(ApplicationError, match="already been applied"):
        services.submission_import_apply(
            acting_user=world.partner, submission_import=submission_import
        )
    assert Submission.objects.count() == 3


def test_discarded_import_cannot_be_applied(world, fw, ids):
    submission_import = check(world, fw, csv_upload(good_rows(ids)))
    services.submission_import_discard(
        acting_user=world.partner, submission_import=submission_import
    )
    with pytest.raises(ApplicationError, match="discarded"):
        services.submission_import_apply(
            acting_user=world.partner, submission_import=submission_import
        )
    assert not Submission.objects.exists()


def test_other_organisation_cannot_apply_or_discard_an_import(world, fw, ids):
    submission_import = check(world, fw, csv_upload(good_rows(ids)))
    for user in (world.partner2, world.coordinator, world.viewer):
        with pytest.raises(PermissionDeniedError):
            services.submission_import_apply(acting_user=user, submission_import=submission_import)
        with pytest.raises(PermissionDeniedError):
            services.submission_import_discard(
                acting_user=user, submission_import=submission_import
            )
    assert not Submission.objects.exists()


# --- Writing files ---------------------------------------------------------------------------


def test_csv_is_written_for_german_spreadsheets():
    content = transfer.to_csv(
        ["Zahl", "Datum", "Text"],
        [[transfer.Decimal("1234.50"), datetime.date(2025, 3, 31), "=HYPERLINK(1)"]],
    )
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig") == "Zahl;Datum;Text\r\n1234,5;31.03.2025;'=HYPERLINK(1)\r\n"


def test_xlsx_has_numbers_a_bold_frozen_header_and_widths():
    content = transfer.to_xlsx(
        ["Indikator", "Wert"], [["Vermittlungen", transfer.Decimal("12.5")]], title="Werte"
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Werte"
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].value == 12.5
    assert sheet["B2"].data_type == "n"
    assert sheet.column_dimensions["A"].width >= len("Vermittlungen")


@pytest.mark.parametrize(
    ("kind", "stream", "extension", "media_type"),
    [
        ("xlsx", False, "xlsx", transfer.XLSX_MEDIA_TYPE),
        ("csv", False, "csv", transfer.CSV_MEDIA_TYPE),
        ("csv", True, "csv", transfer.CSV_MEDIA_TYPE),
        ("pdf", False, "csv", transfer.CSV_MEDIA_TYPE),
        (None, False, "csv", transfer.CSV_MEDIA_TYPE),
    ],
)
def test_file_response_is_a_private_download_and_csv_unless_xlsx_is_asked_for(
    kind, stream, extension, media_type
):
    response = transfer.file_response(
        ["Wert"], [[1]], kind=kind, name="werte-2025", title="Werte", stream=stream
    )
    assert response["Content-Type"] == media_type
    assert response["Content-Disposition"] == f'attachment; filename="werte-2025.{extension}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response.streaming is stream
