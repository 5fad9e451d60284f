"""Turning a report context into HTML and PDF.

The same template renders the PDF (WeasyPrint, in the worker) and the HTML preview (in the
browser); only the PDF gets the paged-media style sheet. WeasyPrint is single-threaded and can
take seconds and much memory on long tables, so it runs only in the worker, under the time and
memory limits of the `reports` queue.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    page_count: int


def report_html(report, *, preview: bool = False) -> str:
    """The report's HTML document; `preview` leaves out the paged-media style sheet."""
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
        },
    )


def pdf_render(report) -> RenderedReport:
    """Render a report context as a tagged PDF (PDF/UA-1) with fonts embedded."""
    from weasyprint import CSS, HTML

    stylesheet = finders.find("css/report-print.css")
    document = HTML(string=report_html(report), base_url=str(settings.BASE_DIR)).render(
        stylesheets=[CSS(filename=stylesheet)], pdf_variant=PDF_VARIANT
    )
    content = document.write_pdf(pdf_variant=PDF_VARIANT, custom_metadata=True)
    return RenderedReport(content=content, page_count=len(document.pages))
