"""Numbers, amounts and percentages in reports, formatted for the active language
(German: 1.234,5 · 1.234,50 € · 12,5 %)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import get_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.charts import NO_VALUE

register = template.Library()
DASH = "\u2013"  # an en dash for an empty cell


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def num(value, places: int = 2) -> str:
    """A number with thousands separators and at most `places` decimals, no trailing zeros."""
    number = _decimal(value)
    if number is None:
        return DASH
    number = number.quantize(Decimal(1).scaleb(-int(places)))
    if number == number.to_integral_value():
        return number_format(int(number), use_l10n=True, force_grouping=True)
    text = number_format(number, int(places), use_l10n=True, force_grouping=True)
    separator = get_format("DECIMAL_SEPARATOR")
    return text.rstrip("0").rstrip(separator) if separator in text else text


@register.filter
def euro(value) -> str:
    number = _decimal(value)
    if number is None:
        return DASH
    return _("%(amount)s €") % {
        "amount": number_format(number, 2, use_l10n=True, force_grouping=True)
    }


@register.filter
def percent(value, places: int = 1) -> str:
    """A percentage value (12.5 → "12,5 %")."""
    number = _decimal(value)
    return DASH if number is None else f"{num(number, places)}\u00a0%"


@register.filter
def share(value) -> str:
    """A ratio as a percentage (0.875 → "87,5 %")."""
    number = _decimal(value)
    return DASH if number is None else percent(number * 100)


@register.filter
def figure(item, indicator) -> str:
    """A reported or combined value as the indicator counts it: "30 % (12 of 40)" for
    percentages, "1.234,50 €" for amounts, "1.234,5" otherwise."""
    if item is None:
        return DASH
    numerator = getattr(item, "numerator", None)
    if numerator is not None and getattr(item, "denominator", None) is not None:
        value = getattr(item, "value", None)
        if value is None and getattr(item, "percentage", None) is not None:
            value = item.percentage
        fraction = _("%(numerator)s of %(denominator)s") % {
            "numerator": num(numerator),
            "denominator": num(item.denominator),
        }
        return f"{percent(value)} ({fraction})" if value is not None else fraction
    value = getattr(item, "value", None)
    if value is None:
        return DASH
    if indicator.kind == "amount":
        return euro(value)
    if indicator.kind == "percentage":
        return percent(value)
    return num(value)


@register.filter
def target(value, indicator) -> str:
    if value is None:
        return DASH
    if indicator.kind == "amount":
        return euro(value)
    if indicator.kind == "percentage":
        return percent(value)
    return num(value)


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
    percentage without its fraction, an amount in whole euros, other numbers with at most
    one decimal."""
    if isinstance(item, Decimal | int | float):
        value = item
    else:
        value = getattr(item, "value", None) if item is not None else None
        if value is None and item is not None:
            value = getattr(item, "percentage", None)
    if value is None:
        return DASH
    if indicator.kind == "amount":
        return _("%(amount)s €") % {"amount": num(value, 0)}
    if indicator.kind == "percentage":
        return percent(value)
    return num(value, 1)
