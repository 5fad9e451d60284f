"""PDF reports in a real browser: a report viewer asks for a report, watches the status turn to
"ready" and downloads the PDF; a failed report offers "try again".

Celery runs eagerly in tests, so the report is generated when the request's transaction
commits; the status partial is then already finished and stops polling.
"""

import re

import pytest

from reports.models import ReportRun
from tests.browser.conftest import login
from tests.reports.conftest import build_data, queued_run

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_ask_for_a_report_watch_it_finish_and_download_it(world, media, page):
    build_data(world)
    login(page, world.viewer)
    page.goto(f"/initiativen/{world.initiative.slug}/")
    # The reports live in the "Measurement" menu of the navigation.
    page.locator(".nav-menu:has(a[href$='/pdf-berichte/']) summary").click()
    page.locator(".initiative-nav a[href$='/pdf-berichte/']").click()
    expect(page.locator(".empty-state")).to_be_visible()
    page.locator("#id_kind_0").check()
    page.locator("#id_sections_1").uncheck()  # leave out the partners
    page.locator("#report-form button[type=submit]").click()
    # Eager Celery generates the report inside this request; a worker would answer at once.
    expect(page).to_have_url(re.compile(r"/pdf-berichte/\d+/$"), timeout=30_000)
    expect(page.locator("#run-status.run-status--done")).to_be_visible()
    expect(page.locator("#run-status")).not_to_have_attribute("hx-trigger", "every 2s")
    run = ReportRun.objects.get()
    assert run.parameters == {
        "sections": ["agenda", "indicators", "activities", "focus_groups", "reflections"]
    }
    with page.expect_download() as download_info:
        page.locator("#run-status a[download]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    # The history lists it, with a download link.
    page.locator(".breadcrumb a").click()
    expect(page.locator(".report-history tbody tr")).to_have_count(1)
    expect(page.locator(".report-history a[download]")).to_have_count(1)


def test_a_waiting_report_turns_ready_while_the_page_polls(world, media, page):
    build_data(world)
    run = queued_run(world)
    login(page, world.viewer)
    page.goto(f"/initiativen/{world.initiative.slug}/pdf-berichte/{run.pk}/")
    expect(page.locator("#run-status.run-status--queued")).to_be_visible()
    from reports import services

    services.report_generate(run_id=run.pk)  # the worker finishes meanwhile
    expect(page.locator("#run-status.run-status--done")).to_be_visible(timeout=6_000)
    expect(page.locator("#run-status a[download]")).to_be_visible()


def test_a_failed_report_can_be_tried_again(world, media, page):
    build_data(world)
    run = queued_run(world, status="failed", error_code=ReportRun.Error.TIMEOUT, attempts=1)
    login(page, world.viewer)
    page.goto(f"/initiativen/{world.initiative.slug}/pdf-berichte/{run.pk}/")
    expect(page.locator("#run-status .kern-alert--danger")).to_contain_text(
        str(ReportRun.Error.TIMEOUT.label)
    )
    page.locator("#run-status form button[type=submit]").click()
    expect(page.locator("#run-status.run-status--done")).to_be_visible(timeout=30_000)
