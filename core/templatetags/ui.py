from django import template

register = template.Library()


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
