"""Numbers, amounts and percentages in reports, written by the web pages' formatters
(`core.charts`, and `impact.charts.value_format` for an indicator's values), so that a PDF
shows a value as the indicator's page does (German: 1.234,5 · 1.234,50 € · 12,5 %)."""

import re
from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.charts import NO_VALUE, format_number, format_percent
from core.templatetags.ui import as_decimal, num
from impact.charts import value_format

register = template.Library()

# The ids a chart's title and description carry (core.charts), named by its aria-labelledby.
CHART_ID = re.compile(r"chart-\d+-(?:title|desc)")


# Counts and measures as the web pages write them ("1.000,25", "1,5").
register.filter("num", num)


@register.filter
def share(value) -> str:
    """A ratio as a percentage (0.875 → "87,5 %")."""
    number = as_decimal(value)
    return format_percent(None if number is None else number * 100)


@register.filter
def figure(item, indicator) -> str:
    """A reported or combined value as the indicator's page writes it: "30 % (12 of 40)" for
    percentages, "1.234,50 €" for amounts, "1.234,5" otherwise."""
    if item is None:
        return NO_VALUE
    numerator = getattr(item, "numerator", None)
    if numerator is not None and getattr(item, "denominator", None) is not None:
        value = getattr(item, "value", None)
        if value is None and getattr(item, "percentage", None) is not None:
            value = item.percentage
        fraction = _("%(numerator)s of %(denominator)s") % {
            "numerator": format_number(numerator),
            "denominator": format_number(item.denominator),
        }
        return f"{format_percent(value)} ({fraction})" if value is not None else fraction
    return value_format(indicator)(as_decimal(getattr(item, "value", None)))


@register.filter
def target(value, indicator) -> str:
    """A target or baseline as the indicator's page writes it."""
    return value_format(indicator)(as_decimal(value))


@register.simple_tag(takes_context=True)
def report_chart(context, chart, variant: str = "svg_compact"):
    """A chart of the report: an image from the document's chart sheet in the PDF, whose
    alternative text holds the chart's title, description and values period by period; the
    inline SVG in the preview."""
    rows = [row for group in chart.table.groups for row in group.rows]
    values = "; ".join(
        f"{period}: {actual}" for period, actual, *_rest in rows if actual != NO_VALUE
    )
    return report_image(
        context, getattr(chart, variant), f"{chart.title}. {chart.description} {values}"
    )


@register.simple_tag(takes_context=True)
def report_image(context, svg, alt: str):
    """An SVG of the report: in the PDF an image from the document's chart sheet with `alt`
    as its alternative text, in the preview the inline SVG."""
    charts = context.get("charts")
    if charts is None:
        # The same SVG shown again inline (the legend once per chapter) needs ids of its own.
        shown = context.render_context.setdefault("report_images_shown", {})
        repeat = shown[svg] = shown.get(svg, -1) + 1
        if repeat:
            return mark_safe(CHART_ID.sub(rf"\g<0>-{repeat}", svg))
        return svg
    return format_html('<img class="chart" src="{}" alt="{}">', charts.add(svg), alt.strip())


@register.filter
def nobreak(text) -> str:
    """`text` with no-break spaces: kept on one line without an inline box around it (each box
    costs the renderer as much as a line of text)."""
    return str(text).replace(" ", "\u00a0")


@register.filter
def brief(item, indicator) -> str:
    """A value (a figure or a number) in few characters, for a table with many columns: a
    percentage without its fraction, an amount in whole euros, other numbers as the
    indicator's page writes them (at most one decimal)."""
    if isinstance(item, Decimal | int | float):
        value = item
    else:
        value = getattr(item, "value", None) if item is not None else None
        if value is None and item is not None:
            value = getattr(item, "percentage", None)
    value = as_decimal(value)
    if indicator.kind == "amount":
        return format_number(value, decimals=0, suffix="€")
    return value_format(indicator)(value)
