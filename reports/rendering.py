"""Turning a report context into HTML and PDF.

The same template renders the PDF (WeasyPrint, in the worker) and the HTML preview (in the
browser); only the PDF gets the paged-media style sheet. WeasyPrint is single-threaded and can
take seconds and much memory on long tables, so it runs only in the worker, under the time and
memory limits of the `reports` queue.

Charts reach the PDF as images: the template puts each chart's SVG into the report's
`ChartSheet` and refers to it with `<img src="chart:N" alt=…>`, and WeasyPrint fetches it from
there through `ChartFetcher`. Still vectors, and the same SVG as on the web pages, but kept out
of the HTML document: inline, every chart's elements would go through the HTML parser and the
CSS cascade of the whole document (about a third of the rendering time of a report with 150
charts). The `<img>` also carries the chart's description as the figure's alternative text.
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

PDF_VARIANT = "pdf/ua-1"
CHART_SCHEME = "chart"


@dataclass
class ChartSheet:
    """The SVG charts of one report document, by the address the document uses for each."""

    svgs: dict[str, bytes] = field(default_factory=dict)

    def add(self, svg: str) -> str:
        """Keep `svg` and return the address to refer to it."""
        address = f"{CHART_SCHEME}:{len(self.svgs) + 1}"
        self.svgs[address] = svg.encode()
        return address


def _chart_fetcher(charts: ChartSheet):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ChartFetcher(URLFetcher):
        """Serves the report's charts from memory; other addresses as WeasyPrint does."""

        def fetch(self, url, headers=None):
            if url.startswith(f"{CHART_SCHEME}:"):
                if url not in charts.svgs:
                    raise ValueError(f"No chart at {url}")
                return URLFetcherResponse(
                    url, body=charts.svgs[url], headers={"Content-Type": "image/svg+xml"}
                )
            return super().fetch(url, headers)

    return ChartFetcher()


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    page_count: int


def report_html(report, *, preview: bool = False, charts: ChartSheet | None = None) -> str:
    """The report's HTML document; `preview` leaves out the paged-media style sheet. With
    `charts`, the charts are kept there and the document refers to them as images; without,
    they are inline SVG (the preview in the browser)."""
    # The footer's words are translated; the page numbers are CSS counters between them.
    label = _("Page %(page)s of %(pages)s") % {
        "page": '" counter(page) "',
        "pages": '" counter(pages) "',
    }
    return render_to_string(
        f"reports/pdf/{report.kind}.html",
        {
            "report": report,
            "preview": preview,
            "language": get_language() or settings.LANGUAGE_CODE,
            "page_label": f'"{label}"',
            "charts": charts,
        },
    )


@contextmanager
def fewer_collections(threshold: int = 20_000):
    """Run Python's cycle collector less often for a while.

    WeasyPrint makes millions of short-lived objects; at the default threshold (700 new
    objects) the collector runs thousands of times during a long report, each time over the
    young objects, and the older generations again and again as they grow: some 6 % of the
    rendering's instructions. The objects that exist before (Django, the worker) are frozen out
    of the collections meanwhile; what the rendering leaves behind is collected as usual after.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def pdf_render(report) -> RenderedReport:
    """Render a report context as a tagged PDF (PDF/UA-1) with fonts embedded."""
    from weasyprint import CSS, HTML

    stylesheet = finders.find("css/report-print.css")
    charts = ChartSheet()
    with fewer_collections():
        html = report_html(report, charts=charts)
        document = HTML(
            string=html, base_url=str(settings.BASE_DIR), url_fetcher=_chart_fetcher(charts)
        ).render(stylesheets=[CSS(filename=stylesheet)], pdf_variant=PDF_VARIANT)
        content = document.write_pdf(pdf_variant=PDF_VARIANT, custom_metadata=True)
    return RenderedReport(content=content, page_count=len(document.pages))
