"""The PDFs themselves: content by text extraction, accessibility by the structure tree, the
document language, the title and the PDF/UA identification."""

import datetime
import io
import re

import pytest
from django.utils.translation import gettext, ngettext
from pypdf import PdfReader

from reports import rendering, selectors

TODAY = datetime.date(2025, 6, 30)


def _pdf(report) -> tuple[PdfReader, str, rendering.RenderedReport]:
    rendered = rendering.pdf_render(report)
    reader = PdfReader(io.BytesIO(rendered.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"[ \u00a0]+", " ", text), rendered


@pytest.fixture
def progress_pdf(world, data):
    report = selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    return _pdf(report)


def test_progress_report_shows_indicators_values_in_german_format_and_breakdowns(progress_pdf):
    _reader, text, _rendered = progress_pdf
    assert "Fachkräfte Berlin" in text
    for name in ("Vermittlungen", "Vermittlungsquote", "Dauer bis zum Bescheid in Tagen"):
        assert name in text
    assert "1.234,5" in text  # the approved value, German grouping and decimal comma
    assert "30 % (12 von 40)" in text  # a percentage with its fraction
    assert "4.000" in text  # the target
    for category in ("weiblich", "männlich", "divers", "keine Angabe"):
        assert category in text
    assert "4,5" in text  # a breakdown value
    assert "Frauen werden seltener vermittelt" in text  # the reflection note
    assert "Die Zielzahl ist zu hoch angesetzt." in text  # the reservation on the agenda
    assert "IQ Netzwerk" in text and "IHK Berlin" in text


def test_progress_report_of_a_viewer_holds_approved_values_only(progress_pdf):
    _reader, text, _rendered = progress_pdf
    assert " 77" not in text  # IHK Berlin's value is still under review
    assert " 99" not in text  # IQ Netzwerk's draft for Q2


def test_progress_report_has_cover_contents_page_numbers_and_running_header(progress_pdf):
    reader, _text, rendered = progress_pdf
    assert rendered.page_count == len(reader.pages)
    assert 5 <= rendered.page_count <= 12
    first, second, third = (reader.pages[i].extract_text() for i in range(3))
    assert "Seite" not in first  # the cover has no footer
    assert re.search(r"Seite 2 von \d+|Page 2 of \d+", second)
    # Table of contents with the page numbers of the chapters.
    assert re.search(r"Gemeinsame Zielsetzung\s*\.+\s*3", second)
    assert "Fachkräfte Berlin" in third  # the running header


def test_progress_report_is_a_tagged_pdf_ua_document_with_language_and_title(progress_pdf):
    reader, _text, _rendered = progress_pdf
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert reader.metadata.title.endswith("\u2013 Fachkräfte Berlin")


def _figures(node, found):
    node = node.get_object()
    if isinstance(node, dict):
        if node.get("/S") == "/Figure":
            found.append(node.get("/Alt"))
        if node.get("/K") is not None:
            _figures(node["/K"], found)
    elif isinstance(node, list):
        for kid in node:
            _figures(kid, found)
    return found


def test_charts_are_figures_with_alternative_text_and_real_text_labels(progress_pdf):
    reader, text, _rendered = progress_pdf
    alts = _figures(reader.trailer["/Root"]["/StructTreeRoot"], [])
    # The legend once per goal, then the small trends of the two indicators with approved
    # values (titles as on the web pages), each with its values in the alternative text.
    assert len(alts) == 3
    assert gettext("Approved value") in alts[0] and gettext("Target for the period") in alts[0]
    (placements,) = [alt for alt in alts if "Vermittlungen" in alt]
    assert "Q1 2025: 1.234,5" in placements
    (quota,) = [alt for alt in alts if "Vermittlungsquote" in alt]
    assert "Q1 2025: 30 %" in quota.replace("\xa0", " ") and "\N{EN DASH}" not in quota
    assert "Q1 2025" in text  # the chart's label is text, not a picture


def test_progress_report_shows_values_per_year_and_the_latest_year_per_period(progress_pdf):
    _reader, text, _rendered = progress_pdf
    # The overview: a column per year with approved values (TODAY is in 2025).
    assert re.search(r"2024 2025", text)
    # Beside each chart the periods of the latest year, and the totals so far.
    assert re.search(r"2025 (je Zeitraum|per period): Q1 2025: 1.234,5", text)
    assert re.search(r"(Bisher insgesamt|Total so far): 1.234,5", text)
    # The breakdown of the latest period with an approved value, category by category.
    assert "weiblich: 700" in text and "divers: 4,5" in text
    # Every indicator in the overview table, each with its status.
    assert text.count("Dauer bis zum Bescheid in Tagen") >= 2


def test_fonts_are_embedded(progress_pdf):
    reader, _text, _rendered = progress_pdf
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            fonts.add(font["/BaseFont"].split("+")[-1])
    assert "DejaVuSans" in fonts or "DejaVu-Sans" in fonts


def test_chosen_sections_leave_the_others_out(world, data):
    report = selectors.progress_report_get(
        viewer=world.coordinator,
        initiative=world.initiative,
        sections=["partners"],
        today=TODAY,
    )
    _reader, text, rendered = _pdf(report)
    assert "IQ Netzwerk" in text
    assert "Vermittlungsquote" not in text
    assert "Die Zielzahl" not in text
    assert rendered.page_count == 3  # cover, contents, partners
    for left_out in (
        "Activities of the partners and their alignment",
        "Focus groups and their step",
    ):
        assert gettext(left_out) not in text


def _overlap(count: int) -> str:
    return ngettext(
        "Overlap: %(count)s organisation", "Overlap: %(count)s organisations", count
    ) % {"count": count}


def test_progress_report_shows_activities_alignment_and_focus_groups(world, data):
    from tests.reports.chapter_builders import build_chapters

    build_chapters(world, data)
    report = selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    _reader, text, _rendered = _pdf(report)
    text = re.sub(r"\s+", " ", text)  # table cells break their text over lines
    for title in (
        "Activities of the partners and their alignment",
        "Focus groups and their step",
    ):
        assert text.count(gettext(title)) >= 2  # in the contents and as the chapter's title
    assert "Mentoring für Fachkräfte" in text  # an activity
    assert "Jobcenter Mitte" in text  # an organisation with activities
    assert _overlap(3) in text
    assert gettext("Gap: no activity") in text
    assert "Betriebe gewinnen" in text  # a focus group
    assert "2 \u2013 " + gettext("Concretise barriers") in text  # and its step
    assert "Regelangebot des Jobcenters Mitte" in text  # where its practice goes on
    assert "aufgelöst am" in text  # the dissolved group
    # The chapters come after the indicators and before the reflection notes.
    order = [
        text.rindex(gettext("Progress at a glance")),
        text.rindex(gettext("Activities of the partners and their alignment")),
        text.rindex(gettext("Focus groups and their step")),
        text.rindex(gettext("Reflection notes")),
    ]
    assert order == sorted(order)


def test_period_report_lists_values_review_status_and_what_is_missing(world, data):
    report = selectors.period_report_get(
        viewer=world.coordinator, initiative=world.initiative, period_id=data.q1.pk, today=TODAY
    )
    _reader, text, _rendered = _pdf(report)
    assert "Q1 2025" in text
    assert "1.234,5" in text
    assert "77" in text  # under review: the backbone office sees it
    assert "weiblich: 700" in text
    row = next(i for i in report.indicators if i.indicator == data.rate)
    assert [r.organisation for r in row.missing] == [world.organisation2]
    population = next(i for i in report.indicators if i.indicator.is_population)
    assert [r.organisation for r in population.missing] == [None]
    assert (report.expected, report.approved, report.missing) == (5, 2, 2)


def test_period_report_of_a_partner_shows_other_organisations_approved_values_only(world, data):
    report = selectors.period_report_get(
        viewer=world.partner, initiative=world.initiative, period_id=data.q1.pk, today=TODAY
    )
    _reader, text, _rendered = _pdf(report)
    assert "1.234,5" in text
    count = next(i for i in report.indicators if i.indicator == data.count)
    ihk = next(r for r in count.rows if r.organisation == world.organisation2)
    assert ihk.is_missing  # submitted, but not approved: the partner does not see it
    assert "wartet auf Prüfung" not in text  # the status of IHK's submitted value


def test_preview_html_comes_from_the_same_context(world, data):
    report = selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    html = rendering.report_html(report, preview=True)
    assert '<html lang="de">' in html
    assert "1.234,5" in html
    assert "@page" not in html
    # In the browser the charts are inline SVG; only the PDF refers to them as images.
    assert "<svg" in html and 'src="chart:' not in html


def test_the_pdf_document_refers_to_its_charts_kept_aside(world, data):
    report = selectors.progress_report_get(
        viewer=world.viewer, initiative=world.initiative, today=TODAY
    )
    charts = rendering.ChartSheet()
    html = rendering.report_html(report, charts=charts)
    addresses = re.findall(r'<img class="chart" src="(chart:\d+)"', html)
    # The legend and the two trend charts, each kept once, none inline.
    assert addresses == list(charts.svgs) and len(addresses) == 3
    assert "<svg" not in html
    assert all(svg.startswith(b"<svg") for svg in charts.svgs.values())


def test_the_chart_fetcher_serves_kept_charts_only():
    charts = rendering.ChartSheet()
    address = charts.add("<svg xmlns='http://www.w3.org/2000/svg'/>")
    fetcher = rendering._chart_fetcher(charts)
    response = fetcher.fetch(address)
    assert response.read() == charts.svgs[address]
    with pytest.raises(ValueError):
        fetcher.fetch("chart:99")


def test_the_overview_of_every_indicator_is_printed_in_landscape(progress_pdf):
    reader, _text, _rendered = progress_pdf
    title = gettext(
        "Every indicator: its approved values per year and the latest against the target"
    )
    (page,) = [page for page in reader.pages if title[:40] in " ".join(page.extract_text().split())]
    assert page.mediabox.width > page.mediabox.height
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # the cover


def test_fewer_collections_restores_the_collector_afterwards_also_after_an_error():
    import gc

    before = gc.get_threshold()
    with rendering.fewer_collections(threshold=12_345):
        assert gc.get_threshold()[0] == 12_345
        # What existed before is left out of the collections meanwhile.
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), rendering.fewer_collections():
        raise RuntimeError("layout failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
