"""Benchmark of the reports app: the full progress report of the large initiative, and the
request that queues a report.

The report is generated as the worker does it (context from the database, then WeasyPrint), in
a child process started fresh (`spawn`, like a worker's pool process it holds only Django and
the report), so that its memory peak can be read from the operating system afterwards:
`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` is the largest resident set of the children
this process has waited for. That is what counts against a worker's memory limit, and it
includes what WeasyPrint's C libraries (Pango, HarfBuzz, the PDF writer) allocate;
`tracemalloc` would see only Python's own allocations and slow the rendering down by tracing
every one of them. The child also reports its CPU time, which a busy shared machine inflates
less than the wall-clock time.

The request that queues a report is measured here too (the benchmark command measures GET
pages only): a POST of the report form through the test client, with the task sent to the
configured broker after commit, as in production; the queued messages are removed from the
`reports` queue afterwards so that no worker generates them (so the benchmark wants a Redis
database of its own, like its PostgreSQL database: the purge empties that queue). Models are
imported inside the functions: the child imports this module before it has set Django up. See
`core/management/commands/benchmark.py` for the contract of the hooks.
"""

import multiprocessing
import resource
import statistics
import time

from django.conf import settings
from django.db import connections
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

QUEUE_REQUESTS = 20
# The report is rendered this many times (fewer with a smaller --repeat), each in a fresh
# child: on a shared machine one run can take half as long again as the next, so the median is
# what is compared with the target.
REPORT_RUNS = 3
REPORTS_QUEUE = "reports"


def teardown(world: dict) -> None:
    """The runs go with the initiative (impact's teardown); nothing of this app's own."""


def build(world: dict) -> None:
    """The report needs the data of the other apps only."""


def _render(initiative_id: int, user_id: int) -> dict:
    """Build the report's context and render the PDF; the figures of both."""
    # A worker has WeasyPrint loaded once for all its reports: not part of the measurement.
    import weasyprint  # noqa: F401
    from django.utils import translation

    from accounts.models import User
    from core.management.commands.benchmark import machine_reference
    from initiatives.models import Initiative
    from reports import rendering, selectors

    initiative = Initiative.objects.get(pk=initiative_id)
    viewer = User.objects.get(pk=user_id)
    # The machine's speed right before this run: on a shared machine it changes within minutes.
    reference = machine_reference()
    with translation.override(settings.LANGUAGE_CODE):
        started, cpu = time.perf_counter(), time.process_time()
        context = selectors.progress_report_get(
            viewer=viewer, initiative=initiative, sections=selectors.SECTION_KEYS
        )
        context_seconds = time.perf_counter() - started
        context_cpu = time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        rendered = rendering.pdf_render(context)
        render_seconds = time.perf_counter() - started
        render_cpu = time.process_time() - cpu
    return {
        "context_seconds": context_seconds,
        "context_cpu": context_cpu,
        "render_seconds": render_seconds,
        "render_cpu": render_cpu,
        "reference_seconds": reference,
        "pages": rendered.page_count,
        "bytes": len(rendered.content),
    }


def _render_child(initiative_id: int, user_id: int, database_name: str, sink) -> None:
    """In the child: use the parent's database (under pytest that is the test database, whose
    name the child's fresh settings do not know), render, send the figures."""
    import django

    django.setup()
    connections["default"].settings_dict["NAME"] = database_name
    sink.send(_render(initiative_id, user_id))
    sink.close()


def render_in_child(*, initiative_id: int, user_id: int) -> dict:
    """Render the full progress report in a fresh child process; its figures and the peak
    resident memory of the child (MB). A child sees only committed data of a database it can
    open: inside a transaction (the test suite's) or with an in-memory SQLite database the
    report is rendered in this process instead, and the peak is not measured (None)."""
    connection = connections["default"]
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if in_memory or connection.in_atomic_block:
        return {**_render(initiative_id, user_id), "peak_rss_mb": None}
    database_name = connection.settings_dict["NAME"]
    # The child opens its own database connection; this process keeps none open across.
    connections.close_all()
    spawn = multiprocessing.get_context("spawn")
    receive, send = spawn.Pipe(duplex=False)
    child = spawn.Process(target=_render_child, args=(initiative_id, user_id, database_name, send))
    child.start()
    send.close()
    figures = receive.recv()
    child.join()
    # Linux reports ru_maxrss in kilobytes.
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return figures


def _purge_reports_queue() -> None:
    from config.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(REPORTS_QUEUE)


def measure_queue_request(*, slug: str, user, repeat: int = QUEUE_REQUESTS) -> dict:
    """Median and slowest of `repeat` POSTs that ask for the full progress report."""
    from reports.models import ReportRun
    from reports.selectors import SECTION_KEYS

    client = Client()
    client.force_login(user)
    url = reverse("reports:report-list", kwargs={"slug": slug})
    data = {"kind": ReportRun.Kind.PROGRESS, "sections": list(SECTION_KEYS)}
    samples = []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        client.get(url, secure=True)  # warm up
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.post(url, data, secure=True)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 302:
                raise RuntimeError(f"Asking for a report answered {response.status_code}")
    return {"median_ms": statistics.median(samples), "max_ms": max(samples)}


def _report_summary(runs: list[dict]) -> str:
    """One line: the runs' median and range, their parts, and the memory peak."""

    def spread(key, places=1) -> str:
        values = sorted(key(run) if callable(key) else run[key] for run in runs)
        median, low, high = statistics.median(values), values[0], values[-1]
        return f"{median:.{places}f} s ({low:.{places}f} to {high:.{places}f})"

    def total(run) -> float:
        return run["context_seconds"] + run["render_seconds"]

    peaks = [run["peak_rss_mb"] for run in runs if run["peak_rss_mb"] is not None]
    first = runs[0]
    return (
        f"{first['pages']} pages, {first['bytes'] / 1e6:.1f} MB; median (fastest to slowest) of "
        f"{len(runs)} runs: context {spread('context_seconds')}, WeasyPrint "
        f"{spread('render_seconds')} (CPU {spread('render_cpu')}), together "
        f"{spread(total)} (target under 10 s), machine reference before each run "
        f"{spread('reference_seconds', places=2)}; "
        + (
            f"peak memory of the rendering process {max(peaks):.0f} MB"
            if peaks
            else "peak memory not measured (data not committed: rendered in this process)"
        )
    )


def scenarios(world: dict) -> list[dict]:
    from reports.models import ReportRun

    initiative, viewer = world["initiative"], world["viewer"]
    log, summary = world["log"], world.setdefault("summary", {})
    if settings.CELERY_TASK_ALWAYS_EAGER:
        log("Reports: no broker configured (REDIS_URL), the request that queues is not measured.")
    else:
        queued = measure_queue_request(slug=initiative.slug, user=viewer)
        _purge_reports_queue()
        ReportRun.objects.filter(initiative=initiative).delete()
        summary["Asking for a report (POST, task sent to the broker)"] = (
            f"median {queued['median_ms']:.0f} ms, slowest {queued['max_ms']:.0f} ms "
            f"of {QUEUE_REQUESTS} (target under 100 ms)"
        )
    count = min(REPORT_RUNS, world.get("repeat", REPORT_RUNS))
    log(f"Reports: rendering the full progress report {count} times, each in a child …")
    runs = [render_in_child(initiative_id=initiative.pk, user_id=viewer.pk) for _ in range(count)]
    summary["Full progress report (PDF)"] = _report_summary(runs)
    slug = initiative.slug
    return [
        {
            "name": "Reports page (form and history)",
            "url_name": "reports:report-list",
            "kwargs": {"slug": slug},
            "user": viewer,
            "target_ms": 100,
        },
    ]
