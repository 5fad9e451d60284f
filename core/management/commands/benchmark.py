"""Measure the heavy pages on a large data set: server time and SQL queries per request.

Each app may bring a module `<app>.benchmark`; the command calls them in the order of
INSTALLED_APPS (like `demo_data` calls `<app>.demo`), with one dict `world` they share:

- `teardown(world)`: remove what `build` creates (idempotent). Called before `build`, so that
  the data of an interrupted run goes away, and after the measurement unless `--keep`.
- `build(world)`: create the large data set fast (bulk inserts, not one service call per row)
  and put into `world` what `scenarios` needs. `world["slug"]` is the initiative slug to use,
  `world["scale"]` the share of the full size (1.0), `world["repeat"]` the requests per
  scenario, `world["log"]` a function for progress.
- `scenarios(world)`: a list of dicts `{"name", "url_name", "kwargs", "user", "query",
  "target_ms"}` (query, kwargs and target_ms optional): the requests to measure, each made as
  `user`; `target_ms` is the median the page has to stay under. A scenario whose URL name does
  not exist yet is skipped with a note, so the command runs while pages are being built.

Requests go through Django's test client in this process: the figures are server time
without network and web server, compared with a trivial view (the health check) measured in
the same run. Each scenario is requested once to warm caches and count queries, then
`--repeat` times for the timings. A streamed response (a CSV export) is read to its end inside
the measurement, as its queries and most of its work happen while it is sent.
"""

import math
import statistics
import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

DEFAULT_SLUG = "benchmark"
BASELINE = {"name": "Trivial view (health check)", "url_name": "health", "user": None}


def _hooks():
    for config in apps.get_app_configs():
        module_name = f"{config.name}.benchmark"
        if find_spec(module_name) is not None:
            yield import_module(module_name)


def _get(client: Client, url: str, query: dict):
    """The response, with a streamed body read to its end.

    The test client closes the response itself (for a streamed one once its content is read)
    with the connection-closing signal held back; closing it again here would fire that signal
    and drop the database connection, and with it a surrounding transaction.
    """
    response = client.get(url, query, secure=True)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    return response


def _targets(rows: list[dict]) -> str:
    return " / ".join(sorted({f"{row['target_ms']:g} ms" for row in rows}))


def _percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest sample with at least `share` at or below."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def machine_reference() -> float:
    """Seconds a fixed piece of pure Python takes here (the best of three runs): the same code
    was measured 2.5 times slower on one machine than on another, so figures from different
    runs compare only together with this one."""
    best = math.inf
    for _ in range(3):
        started = time.perf_counter()
        sum(i * i for i in range(3_000_000))
        best = min(best, time.perf_counter() - started)
    return best


class Command(BaseCommand):
    help = "Build a large initiative and measure the heavy pages (median, p95, SQL queries)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=30, help="Requests per scenario (default 30)."
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Share of the full data set, e.g. 0.1 for a quick run (default 1).",
        )
        parser.add_argument(
            "--budget",
            type=float,
            default=60.0,
            help=(
                "Seconds per scenario (default 60): a very slow page stops repeating once "
                "they are used up, with at least 3 requests; the table says how many were made."
            ),
        )
        parser.add_argument(
            "--keep", action="store_true", help="Leave the data in the database afterwards."
        )
        parser.add_argument(
            "--slug", default=DEFAULT_SLUG, help=f"Initiative slug (default {DEFAULT_SLUG})."
        )

    def handle(self, *args, **options):
        if options["repeat"] < 1 or options["scale"] <= 0:
            self.stderr.write("--repeat must be at least 1 and --scale above 0.")
            return
        hooks = list(_hooks())
        world: dict = {
            "slug": options["slug"],
            "scale": options["scale"],
            "repeat": options["repeat"],
            "log": self._log,
        }
        for hook in reversed(hooks):
            if hasattr(hook, "teardown"):
                hook.teardown(world)
        started = time.perf_counter()
        with transaction.atomic():
            for hook in hooks:
                hook.build(world)
        build_seconds = time.perf_counter() - started
        self._log(f"Data built in {build_seconds:.1f} s.")
        if connection.vendor == "postgresql":
            # Planner statistics, as a database in use has them: without, the first queries
            # plan blind and the autovacuum daemon analyses the new rows during the measurement.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        try:
            scenarios = [BASELINE]
            for hook in hooks:
                scenarios += hook.scenarios(world)
            rows = [
                self._measure(scenario, options["repeat"], options["budget"])
                for scenario in scenarios
            ]
        finally:
            if not options["keep"]:
                for hook in reversed(hooks):
                    if hasattr(hook, "teardown"):
                        hook.teardown(world)
        self._table(rows, world, build_seconds, options)

    def _log(self, message: str) -> None:
        self.stderr.write(message)

    def _measure(self, scenario: dict, repeat: int, budget: float) -> dict | None:
        try:
            url = reverse(scenario["url_name"], kwargs=scenario.get("kwargs"))
        except NoReverseMatch:
            self._log(f"Skipped {scenario['name']}: the URL {scenario['url_name']} does not exist.")
            return None
        client = Client()
        if scenario.get("user") is not None:
            client.force_login(scenario["user"])
        query = scenario.get("query") or {}
        # The test client's host is not among the configured ones; HTTPS keeps a production
        # configuration from answering with a redirect.
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            # The log keeps only the latest 9,000 queries and the build filled it; counting
            # works on its length.
            connection.queries_log.clear()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = _get(client, url, query)
            first = (time.perf_counter() - started) * 1000
            # Counted now: without DEBUG every later request empties the query log.
            query_count = len(queries.captured_queries)
            self._log(
                f"{scenario['name']}: first request {first:.0f} ms, "
                f"{query_count} queries; {repeat} more …"
            )
            samples = []
            deadline = time.perf_counter() + budget
            for _ in range(repeat):
                started = time.perf_counter()
                _get(client, url, query)
                samples.append((time.perf_counter() - started) * 1000)
                if len(samples) >= 3 and time.perf_counter() > deadline:
                    break
        if query:
            url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        return {
            "name": scenario["name"],
            "url": url,
            "status": response.status_code,
            "median": statistics.median(samples),
            "p95": _percentile(samples, 0.95),
            "queries": query_count,
            "requests": len(samples),
            "target_ms": scenario.get("target_ms"),
        }

    def _table(self, rows, world, build_seconds, options) -> None:
        out = self.stdout.write
        out(
            f"Benchmark: scale {options['scale']:g}, {options['repeat']} requests per row, "
            f"data built in {build_seconds:.1f} s, DEBUG={settings.DEBUG}, "
            f"database {connection.vendor}, machine reference {machine_reference():.2f} s"
        )
        for key, value in world.get("summary", {}).items():
            out(f"- {key}: {value}")
        out("")
        out("| Page | URL | Status | Median (ms) | p95 (ms) | SQL queries | Requests |")
        out("|---|---|---:|---:|---:|---:|---:|")
        for row in rows:
            if row is None:
                continue
            out(
                f"| {row['name']} | `{row['url']}` | {row['status']} | {row['median']:.1f} "
                f"| {row['p95']:.1f} | {row['queries']} | {row['requests']} |"
            )
        measured = [row for row in rows if row is not None]
        with_target = [row for row in measured if row["target_ms"] is not None]
        if with_target:
            missed = [row for row in with_target if row["median"] >= row["target_ms"]]
            out("")
            out(
                f"Target (median under the page's target, {_targets(with_target)}): "
                f"{len(with_target) - len(missed)} of {len(with_target)} pages met it."
            )
            for row in missed:
                out(f"- missed: {row['name']} ({row['median']:.1f} ms)")
            untargeted = [row["name"] for row in measured if row["target_ms"] is None]
            if untargeted:
                out(f"- no target: {', '.join(untargeted)}")
