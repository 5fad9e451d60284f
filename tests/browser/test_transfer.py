"""Bulk entry and evidence in a real browser: a partner downloads the template, fills it in,
uploads it, checks the preview, applies it and finds the values in the inbox; evidence files
travel through the htmx value form, a disguised file is refused at its field.

Elements are found by names, ids and URLs, so the test holds in German and in the English
source wording while the catalogue is completed.
"""

import csv
import datetime
import io
import re
import zipfile

import pytest

from impact.models import Evidence, Submission, SubmissionImport
from tests.browser.conftest import check_a11y, login
from tests.impact.builders import FrameworkBuilder

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

GENDER = ["weiblich", "männlich", "divers", "keine Angabe"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def framework(world):
    framework = (
        FrameworkBuilder(world.initiative)
        .goal("Internationale Fachkräfte arbeiten qualifikationsadäquat")
        .objective("Mehr Vermittlungen in passende Stellen")
        .indicator("Vermittlungen", frequency="quarterly", unit="Personen")
        .with_dimension("Geschlecht", GENDER)
        .reported_by(world.organisation)
        .indicator("Fördermittel", kind="amount", frequency="quarterly", unit="Euro")
        .reported_by(world.organisation)
        .build()
    )
    return framework


def test_partner_fills_the_template_and_applies_it(world, framework, new_context):
    slug = world.initiative.slug
    inbox = f"/initiativen/{slug}/berichte/"
    period = framework.period("Vermittlungen", datetime.date(2025, 2, 15))
    page = login(new_context().new_page(), world.partner)
    page.goto(inbox)

    page.locator("#template-form select[name=period]").select_option(str(period.pk))
    page.locator("#template-form select[name=format]").select_option("csv")
    with page.expect_download() as download_info:
        page.locator("#template-form button[type=submit]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    assert [row[1] for row in rows] == ["Vermittlungen", "Fördermittel"]

    # Filled in a spreadsheet program: the total, the breakdown and a comment.
    female, unspecified = (
        header.index("Geschlecht: weiblich"),
        header.index("Geschlecht: keine Angabe"),
    )
    rows[0][4], rows[0][female], rows[0][unspecified] = "12", "7", "5"
    rows[1][4], rows[1][-1] = "2.500,50", "Zuschuss"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([header, *rows])

    page.goto(inbox)
    page.locator(f"a[href='{inbox}hochladen/']").click()
    page.locator("input[name=file]").set_input_files(
        {"name": "werte.csv", "mimeType": "text/csv", "buffer": buffer.getvalue().encode()}
    )
    page.locator("#import-form button[type=submit]").click()
    submission_import = SubmissionImport.objects.get()
    expect(page).to_have_url(re.compile(rf"{re.escape(inbox)}hochladen/{submission_import.pk}/$"))
    expect(page.locator(".import-table")).to_contain_text("Geschlecht: weiblich: 7")
    expect(page.locator(".import-table")).to_contain_text("2.500,50")
    expect(page.locator(".import-table .kern-badge--danger")).to_have_count(0)
    check_a11y(page)
    assert not Submission.objects.exists()

    page.locator("#apply-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(inbox) + "$"))
    expect(page.locator(".task-group--draft")).to_contain_text("Vermittlungen")
    expect(page.locator(".task-group--draft")).to_contain_text("Fördermittel")
    values = {s.indicator.name: s.value for s in Submission.objects.select_related("indicator")}
    assert values == {"Vermittlungen": 12, "Fördermittel": 2500.5}


def test_preview_of_a_file_with_errors_offers_no_apply(world, framework, new_context):
    slug = world.initiative.slug
    indicator = framework.indicator("Fördermittel")
    content = f"Indicator ID;Period;Value\r\n{indicator.pk};Q1 2025;-5\r\n9999;Q1 2025;1\r\n"
    page = login(new_context().new_page(), world.partner)
    page.goto(f"/initiativen/{slug}/berichte/hochladen/")
    page.locator("input[name=file]").set_input_files(
        {"name": "werte.csv", "mimeType": "text/csv", "buffer": content.encode()}
    )
    page.locator("#import-form button[type=submit]").click()
    expect(page.locator(".import-table .kern-badge--danger")).to_have_count(2)
    expect(page.locator("#apply-form")).to_have_count(0)
    check_a11y(page)


def test_evidence_goes_through_the_htmx_form(world, framework, new_context):
    slug = world.initiative.slug
    indicator = framework.indicator("Fördermittel")
    period = framework.period(indicator, datetime.date(2025, 2, 15))
    form = f"/initiativen/{slug}/berichte/{indicator.pk}/{period.pk}/"
    page = login(new_context().new_page(), world.partner)
    page.goto(form)
    page.evaluate("window.__noReload = true")

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("inhalt.txt", "kein PDF")
    page.locator("input[name=value]").fill("300")
    page.locator("input[name=evidence]").set_input_files(
        {"name": "bericht.pdf", "mimeType": "application/pdf", "buffer": archive.getvalue()}
    )
    page.locator("button[name=action][value=save]").click()
    expect(page.locator("#id_evidence-error")).to_contain_text("bericht.pdf")
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"
    expect(page.locator("input[name=value]")).to_have_value("300")
    check_a11y(page)
    assert not Submission.objects.exists()

    page.locator("input[name=evidence]").set_input_files(
        {"name": "liste.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    page.locator("button[name=action][value=save]").click()
    expect(page).to_have_url(re.compile(rf"/initiativen/{slug}/berichte/$"))
    evidence = Evidence.objects.get()
    page.goto(form)
    link = page.locator(f"a[href='/initiativen/{slug}/berichte/nachweise/{evidence.pk}/']")
    expect(link).to_have_text("liste.pdf")
