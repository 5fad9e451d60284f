from decimal import Decimal, InvalidOperation

from django import template

from core.charts import format_number

register = template.Library()


def as_decimal(value) -> Decimal | None:
    """`value` as a number; None for no value, also for the empty text a template passes for
    a missing attribute."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def num(value) -> str:
    """A count or measure with thousands separators and at most two decimals, without zeros at
    the end ("1.234", "1.000,25", "1,5"); a dash for no value."""
    return format_number(as_decimal(value), decimals=2, trim=True)


@register.inclusion_tag("components/_field.html")
def field(bound_field, **options):
    """Render one form field with label, hint, errors and KERN markup."""
    form = bound_field.form
    describedby = (
        form.field_describedby(bound_field.name) if hasattr(form, "field_describedby") else ""
    )
    if describedby:
        bound_field.field.widget.attrs["aria-describedby"] = describedby
    widget = bound_field.field.widget
    kind = "input"
    if widget.input_type == "checkbox" if hasattr(widget, "input_type") else False:
        kind = "checkbox"
    elif widget.__class__.__name__ in {"Select", "SelectMultiple"}:
        kind = "select"
    return {"f": bound_field, "kind": kind, "options": options}
