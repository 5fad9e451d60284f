"""How reports write numbers (`reports.templatetags.report_format`): as the web pages do, with
the formatters of `core.charts` and the indicator page's `impact.charts.value_format`."""

from decimal import Decimal

import pytest
from django.utils import translation

from impact.charts import value_format
from impact.models import Indicator, Submission
from impact.progress import Figure, Kind
from reports.templatetags.report_format import brief, figure, num, share, target

NBSP = "\N{NO-BREAK SPACE}"
DASH = "\N{EN DASH}"

AMOUNT = Indicator(kind=Kind.AMOUNT, unit="Euro")
COUNT = Indicator(kind=Kind.NUMBER, unit="Personen")
PERCENTAGE = Indicator(kind=Kind.PERCENTAGE)


def test_counts_and_measures_show_at_most_two_decimals_without_zeros_at_the_end():
    assert num(1234) == "1.234"
    assert num(Decimal("12.00")) == "12"
    assert num(Decimal("1.50")) == "1,5"
    assert num(Decimal("1000.25")) == "1.000,25"
    assert num(Decimal("1234567.5")) == "1.234.567,5"


@pytest.mark.parametrize("missing", [None, "", "keine Zahl"])
def test_a_missing_number_is_a_dash(missing):
    assert num(missing) == DASH
    assert share(missing) == DASH
    assert figure(missing, COUNT) == DASH
    assert target(missing, AMOUNT) == DASH
    assert brief(missing, AMOUNT) == DASH


def test_amounts_always_have_two_decimals_and_stay_on_one_line_with_the_euro_sign():
    assert figure(Figure(Decimal("1234.5")), AMOUNT) == f"1.234,50{NBSP}€"
    assert target(Decimal("4000"), AMOUNT) == f"4.000,00{NBSP}€"


def test_the_overview_writes_amounts_in_whole_euros():
    assert brief(Figure(Decimal("1234.75")), AMOUNT) == f"1.235{NBSP}€"
    assert brief(Decimal("4000"), AMOUNT) == f"4.000{NBSP}€"


def test_percentages_come_with_what_they_were_computed_from():
    assert figure(Figure.fraction(Decimal("12"), Decimal("40")), PERCENTAGE) == (
        f"30{NBSP}% (12 von 40)"
    )
    submission = Submission(numerator=Decimal("1"), denominator=Decimal("3"))
    assert figure(submission, PERCENTAGE) == f"33,3{NBSP}% (1 von 3)"
    assert brief(Figure.fraction(Decimal("1"), Decimal("3")), PERCENTAGE) == f"33,3{NBSP}%"
    assert target(Decimal("45"), PERCENTAGE) == f"45{NBSP}%"


def test_a_ratio_is_written_as_a_percentage():
    assert share(Decimal("0.875")) == f"87,5{NBSP}%"
    assert share(Decimal("0.9")) == f"90{NBSP}%"


@pytest.mark.parametrize("indicator", [AMOUNT, COUNT, PERCENTAGE], ids=lambda i: i.kind)
@pytest.mark.parametrize(
    "value", ["0", "12", "12.5", "1234.5", "1000.25", "33.33"], ids=lambda value: value
)
def test_values_read_as_on_the_indicator_page(indicator, value):
    written = value_format(indicator)(Decimal(value))
    assert figure(Figure(Decimal(value)), indicator) == written
    assert target(Decimal(value), indicator) == written
    if indicator.kind != Kind.AMOUNT:
        assert brief(Figure(Decimal(value)), indicator) == written


def test_numbers_follow_the_language_of_the_report():
    with translation.override("en"):
        assert num(Decimal("1000.25")) == "1,000.25"
        assert figure(Figure(Decimal("1234.5")), AMOUNT) == f"1,234.50{NBSP}€"
        assert figure(Figure.fraction(Decimal("12"), Decimal("40")), PERCENTAGE) == (
            f"30{NBSP}% (12 of 40)"
        )
