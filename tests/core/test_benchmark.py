"""`manage.py benchmark` at a tiny scale: it builds, measures every scenario next to the
trivial view, prints the table and removes its data."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from impact import benchmark
from impact.models import Submission
from initiatives.models import Initiative

ROWS = [
    "Trivial view (health check)",
    "Dashboard (framework)",
    "Indicator page",
    "Partner inbox",
    "Review queue",
    "Export (CSV)",
    "API: values (200 per page)",
    "API: indicator progress",
]


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("benchmark", "--scale", "0.05", "--repeat", "2", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_benchmark_prints_a_row_per_page_and_removes_its_data():
    out, _err = _run()
    lines = out.splitlines()
    assert "| Page | URL | Status | Median (ms) | p95 (ms) | SQL queries | Requests |" in lines
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines if line.startswith("| ")}
    for name in ROWS:
        assert name in rows, out
        cells = [cell.strip() for cell in rows[name].strip("|").split("|")]
        assert cells[2] == "200", rows[name]
        assert float(cells[4]) >= float(cells[3])  # p95 at least the median
        assert int(cells[5]) >= 1  # every page, the health check too, asks the database
        assert cells[6] == "2"
    assert "- values: " in out
    # The full progress report, rendered as often as the pages are requested (at most three
    # times), with the machine's speed measured right before each run.
    report = next(line for line in lines if line.startswith("- Full progress report (PDF): "))
    assert re.search(r"\d+ pages, .* median \(fastest to slowest\) of 2 runs: context ", report)
    assert "machine reference before each run" in report
    assert not Initiative.objects.filter(slug="benchmark").exists()
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_benchmark_keeps_its_data_when_asked_and_replaces_it_on_the_next_run():
    _run("--keep")
    initiative = Initiative.objects.get(slug="benchmark")
    assert Submission.objects.filter(period__initiative=initiative).count() > 50
    _run("--keep")
    assert Initiative.objects.filter(slug="benchmark").count() == 1


@pytest.mark.django_db
def test_benchmark_skips_a_page_that_does_not_exist_yet(monkeypatch):
    original = benchmark.scenarios

    def with_missing(world):
        return [*original(world), {"name": "Future page", "url_name": "impact:gibt-es-nicht"}]

    monkeypatch.setattr(benchmark, "scenarios", with_missing)
    out, err = _run()
    assert "Future page" not in out
    assert "Skipped Future page: the URL impact:gibt-es-nicht does not exist." in err
