"""A renderer for worker tests: the real one, slowed down so a test can kill the worker while
a report is being generated (set through the REPORT_RENDERER setting)."""

import os
import time

from reports.rendering import pdf_render


def slow_pdf_render(report):
    time.sleep(float(os.environ.get("REPORT_SLOW_SECONDS", "3")))
    return pdf_render(report)
